"""The mappings of a graph as an SSSOM table (Simple Standard for Sharing Ontological Mappings).

SSSOM/TSV: a YAML metadata block, every line starting with ``#``, then one tab-separated row per
mapping. Identifiers are CURIEs, so the metadata's ``curie_map`` declares every prefix used. The
table is read from the graph's ``bkg:ServiceMapping`` nodes, and is deterministic: rows sorted,
no mapping date, the set's id derived from the documents it covers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from budgetkg import __version__
from budgetkg.build.mapping.graph import text_of
from budgetkg.build.mapping.matcher import SEMANTIC_SUFFIX
from budgetkg.build.mapping.overrides import METHOD_CURATED
from budgetkg.rdf.iris import short_hash
from budgetkg.vocab import BKG

COLUMNS = ("subject_id", "subject_label", "predicate_id", "object_id", "object_label",
           "mapping_justification", "confidence", "subject_source", "object_source", "comment")
UNSPECIFIED_LICENSE = "https://w3id.org/sssom/license/unspecified"
FIXED_PREFIXES = {
    "skos": str(SKOS),
    "semapv": "https://w3id.org/semapv/vocab/",
}
DATA_PREFIX = "bkgdata"
LEXICAL, CURATED = "semapv:LexicalMatching", "semapv:ManualMappingCuration"
SEMANTIC = "semapv:SemanticSimilarityThresholdMatching"
PREDICATES = {SKOS.closeMatch: "skos:closeMatch", SKOS.relatedMatch: "skos:relatedMatch"}


@dataclass(frozen=True)
class Row:
    subject: URIRef
    subject_label: str
    predicate: str
    object: URIRef
    object_label: str
    justification: str
    confidence: str
    subject_source: URIRef | None
    object_source: URIRef | None
    comment: str


def rows_of(g: Graph) -> list[Row]:
    out = []
    for m in set(g.subjects(RDF.type, BKG.ServiceMapping)):
        project, item = g.value(m, BKG.mappedProject), g.value(m, BKG.mapsToService)
        if project is None or item is None:
            continue
        predicate = next((c for p, c in PREDICATES.items() if (project, p, item) in g), None)
        if predicate is None:
            continue
        method = text_of(g, m, BKG.matchMethod)
        score = g.value(m, BKG.score)
        out.append(Row(
            project, text_of(g, project, BKG.projectName), predicate, item,
            text_of(g, item, SKOS.prefLabel),
            justification(method),
            str(score) if isinstance(score, Literal) else "",
            g.value(m, PROV.wasDerivedFrom), g.value(item, SKOS.inScheme),
            "; ".join(x for x in (method, text_of(g, m, RDFS.comment)) if x)))
    out.sort(key=lambda r: (str(r.subject), str(r.object)))
    return out


def justification(method: str) -> str:
    if method == METHOD_CURATED:
        return CURATED
    return SEMANTIC if method.endswith(SEMANTIC_SUFFIX) else LEXICAL


def data_base(iris: Iterable[str]) -> str:
    """The base the data IRIs were minted under: everything before ``doc/`` in a document IRI."""
    for iri in sorted(iris):
        if "/doc/" in iri:
            return iri[: iri.rindex("/doc/") + 1]
    return ""


def _cell(text: str) -> str:
    return " ".join(str(text).split())  # no tabs or newlines inside a cell


def render_sssom(g: Graph, license_iri: str = UNSPECIFIED_LICENSE) -> bytes:
    rows = rows_of(g)
    docs = sorted({str(r.subject_source) for r in rows if r.subject_source is not None}
                  | {str(d) for d in g.subjects(RDF.type, BKG.Disclosure)})
    base = data_base(docs)
    prefixes = dict(FIXED_PREFIXES)
    if base:
        prefixes[DATA_PREFIX] = base

    def curie(iri) -> str:
        if iri is None:
            return ""
        text = str(iri)
        for prefix, ns in prefixes.items():
            if text.startswith(ns) and len(text) > len(ns):
                return f"{prefix}:{text[len(ns):]}"
        return text

    head = ["curie_map:"]
    head += [f"  {p}: {ns}" for p, ns in sorted(prefixes.items())]
    head += [
        f"mapping_set_id: {base or 'https://data.budgetkg.org/'}mappings/{short_hash(*docs)}",
        ("mapping_set_description: Projects of departmental budget disclosures mapped to the "
         "purchasable services of the appended government purchase-service catalogue"),
        f"license: {license_iri}",
        "mapping_tool: budgetkg",
        f"mapping_tool_version: {__version__}",
        "subject_type: rdfs resource",
        "object_type: skos concept",
    ]
    lines = ["# " + h for h in head]
    lines.append("\t".join(COLUMNS))
    for r in rows:
        cells = (curie(r.subject), r.subject_label, r.predicate, curie(r.object), r.object_label,
                 r.justification, r.confidence, curie(r.subject_source), curie(r.object_source),
                 r.comment)
        lines.append("\t".join(_cell(c) for c in cells))
    return ("\n".join(lines) + "\n").encode("utf-8")
