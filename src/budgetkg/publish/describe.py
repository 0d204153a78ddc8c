"""A VoID and DCAT description of a budgetkg dataset.

The description is a graph of its own (never mixed into the data, so the data's triple count is
what ``void:triples`` says): the dataset as ``void:Dataset`` and ``dcat:Dataset`` with its
statistics (triples, entities, distinct subjects and objects, one class partition per class and
one property partition per property), one ``void:subset`` per named graph, the source documents
with their SHA-256 checksums (``spdx:checksum``), the activities that generated it and budgetkg's
version (``prov:wasGeneratedBy``, ``bkg:toolVersion``), the licence, and a ``dcat:Distribution``
per data file with its byte size and checksum.

Every node has an IRI minted under the dataset's IRI, so the description has no blank nodes and
serialises byte-identically. Download URLs are relative (``data/graph.ttl``): they resolve against
wherever the description file is published, which is why the description is written as Turtle or
JSON-LD (both allow relative IRIs) and not as N-Triples.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, RDFS, XSD

from budgetkg import __version__
from budgetkg.errors import UsageError
from budgetkg.rdf.formats import BY_NAME
from budgetkg.rdf.graphs import graph_name, new_graph
from budgetkg.rdf.iris import check_base, short_hash
from budgetkg.rdf.prefixes import shorten
from budgetkg.vocab import BKG, DEFAULT_BASE

VOID = Namespace("http://rdfs.org/ns/void#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
DEFAULT_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
IANA = "https://www.iana.org/assignments/media-types/"


@dataclass(frozen=True)
class Distribution:
    """A data file of the dataset: where it will sit relative to the description, its format,
    size and SHA-256."""

    path: str  # relative URL, e.g. "data/graph.ttl"
    fmt: str
    byte_size: int
    sha256: str

    @classmethod
    def of_file(cls, file: Path, relative: str, fmt: str) -> Distribution:
        data = file.read_bytes()
        return cls(relative, fmt, len(data), hashlib.sha256(data).hexdigest())


def data_base(graphs: list[Graph]) -> str:
    """The base IRI the data was minted under: the part of a disclosure's IRI before ``doc/``
    (``budgetkg build --base``), else the default."""
    for g in graphs:
        for doc in sorted(g.subjects(RDF.type, BKG.Disclosure)):
            head, sep, _ = str(doc).rpartition("doc/")
            if sep:
                return head
    return DEFAULT_BASE


def check_licence(licence: str) -> str:
    if not licence.startswith(("http://", "https://")) or any(c in licence for c in ' <>"{}|\\^`'):
        raise UsageError(f"--licence {licence!r} is not an http(s) IRI (e.g. {DEFAULT_LICENCE})")
    return licence


def describe(graphs: list[Graph], *, distributions: Iterable[Distribution] = (),
             licence: str = DEFAULT_LICENCE, title: str | None = None, base: str | None = None,
             tool_version: str = __version__) -> Graph:
    """The VoID + DCAT description of ``graphs`` (see the module docstring)."""
    base = check_base(base or data_base(graphs))
    docs = sorted({d for g in graphs for d in g.subjects(RDF.type, BKG.Disclosure)})
    names = sorted(str(graph_name(g)) for g in graphs if graph_name(g) is not None)
    ds = URIRef(f"{base}dataset/{short_hash(*(names or [str(d) for d in docs]) or ['empty'])}")
    d = new_graph()
    d.bind("void", VOID)
    d.bind("spdx", SPDX)
    d.bind("foaf", FOAF)
    d.bind("sd", SD)
    d.add((ds, RDF.type, VOID.Dataset))
    d.add((ds, RDF.type, DCAT.Dataset))
    d.add((ds, DCTERMS.license, URIRef(check_licence(licence))))
    _titles(d, ds, graphs, docs, title)
    _statistics(d, ds, _all_triples(graphs))
    d.add((ds, VOID.uriSpace, Literal(base)))
    d.add((ds, VOID.vocabulary, URIRef(str(BKG))))
    d.add((ds, DCTERMS.conformsTo, URIRef(str(BKG).rstrip("#"))))
    for g in graphs:
        if graph_name(g) is not None:
            _subset(d, ds, g)
    for doc in docs:
        _source(d, ds, doc, graphs)
    _activities(d, ds, graphs, tool_version)
    for dist in distributions:
        _distribution(d, ds, dist)
    example = _example(graphs)
    if example is not None:
        d.add((ds, VOID.exampleResource, example))
    return d


def _all_triples(graphs: list[Graph]) -> set:
    triples: set = set()
    for g in graphs:
        triples.update(g)
    return triples


def _titles(d: Graph, ds: URIRef, graphs: list[Graph], docs: list, title: str | None) -> None:
    if title:
        d.add((ds, DCTERMS.title, Literal(title)))
    else:
        doc_titles = sorted({str(t) for g in graphs for doc in docs for t in g.objects(doc, DCTERMS.title)})
        zh = "；".join(doc_titles) if doc_titles else "部门预算公开"
        d.add((ds, DCTERMS.title, Literal(f"{zh}（知识图谱）", lang="zh")))
        n = len(docs)
        d.add((ds, DCTERMS.title, Literal(
            f"Knowledge graph of {n} departmental budget disclosure{'s' if n != 1 else ''}", lang="en")))
    d.add((ds, DCTERMS.description, Literal(
        "Departmental budget disclosures (部门预算公开) as linked data: report tables as RDF Data "
        "Cube, classification codes and the purchase-service catalogue as SKOS, project performance "
        "targets, with line-level provenance to the source documents. Generated by budgetkg.",
        lang="en")))
    for year in sorted({y for g in graphs for y in g.subjects(RDF.type, BKG.FiscalYear)}):
        d.add((ds, DCTERMS.temporal, year))


def _statistics(d: Graph, ds: URIRef, triples: set) -> None:
    subjects = {s for s, _, _ in triples}
    objects = {o for _, _, o in triples}
    props = Counter(p for _, p, _ in triples)
    classes: dict = {}
    for s, p, o in triples:
        if p == RDF.type:
            classes.setdefault(o, set()).add(s)
    typed = set().union(*classes.values()) if classes else set()
    d.add((ds, VOID.triples, _int(len(triples))))
    d.add((ds, VOID.entities, _int(len(typed))))
    d.add((ds, VOID.distinctSubjects, _int(len(subjects))))
    d.add((ds, VOID.distinctObjects, _int(len(objects))))
    d.add((ds, VOID.properties, _int(len(props))))
    d.add((ds, VOID.classes, _int(len(classes))))
    for cls in sorted(classes):
        part = URIRef(f"{ds}/class/{_slug(cls)}")
        d.add((ds, VOID.classPartition, part))
        d.add((part, VOID["class"], cls))
        d.add((part, VOID.entities, _int(len(classes[cls]))))
    for prop in sorted(props):
        part = URIRef(f"{ds}/property/{_slug(prop)}")
        d.add((ds, VOID.propertyPartition, part))
        d.add((part, VOID.property, prop))
        d.add((part, VOID.triples, _int(props[prop])))


def _subset(d: Graph, ds: URIRef, g: Graph) -> None:
    """One named graph (one source document) as a subset with its name (``sd:name``, from the
    SPARQL service description vocabulary) and its own triple count."""
    name = graph_name(g)
    sub = URIRef(f"{ds}/graph/{short_hash(name)}")
    d.add((ds, VOID.subset, sub))
    d.add((sub, RDF.type, VOID.Dataset))
    d.add((sub, SD.name, name))
    d.add((sub, VOID.triples, _int(len(g))))
    for doc in sorted(g.subjects(RDF.type, BKG.Disclosure)):
        d.add((sub, DCTERMS.source, doc))


def _source(d: Graph, ds: URIRef, doc: URIRef, graphs: list[Graph]) -> None:
    """A source disclosure: its title, file name, line count and SHA-256 checksum."""
    d.add((ds, DCTERMS.source, doc))
    d.add((ds, PROV.wasDerivedFrom, doc))
    d.add((doc, RDF.type, BKG.Disclosure))
    d.add((doc, RDF.type, FOAF.Document))
    for g in graphs:
        for p in (DCTERMS.title, BKG.fileName, BKG.sha256, BKG.lineCount):
            for o in g.objects(doc, p):
                d.add((doc, p, o))
        for sha in g.objects(doc, BKG.sha256):
            checksum = URIRef(f"{doc}/checksum/sha256")
            d.add((doc, SPDX.checksum, checksum))
            d.add((checksum, RDF.type, SPDX.Checksum))
            d.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
            d.add((checksum, SPDX.checksumValue, Literal(str(sha), datatype=XSD.hexBinary)))


def _activities(d: Graph, ds: URIRef, graphs: list[Graph], tool_version: str) -> None:
    """The extraction activities recorded in the data, and this description's own activity."""
    for g in graphs:
        for act in sorted(g.subjects(RDF.type, PROV.Activity)):
            d.add((ds, PROV.wasGeneratedBy, act))
            d.add((act, RDF.type, PROV.Activity))
            for p in (RDFS.label, PROV.used, BKG.toolVersion):
                for o in g.objects(act, p):
                    d.add((act, p, o))
    publish = URIRef(f"{ds}/publication")
    d.add((ds, PROV.wasGeneratedBy, publish))
    d.add((publish, RDF.type, PROV.Activity))
    d.add((publish, RDFS.label, Literal(f"budgetkg {tool_version} publication", lang="en")))
    d.add((publish, BKG.toolVersion, Literal(tool_version)))


def _distribution(d: Graph, ds: URIRef, dist: Distribution) -> None:
    node = URIRef(f"{ds}/distribution/{dist.fmt}")
    fmt = BY_NAME[dist.fmt]
    d.add((ds, DCAT.distribution, node))
    d.add((ds, VOID.dataDump, URIRef(dist.path)))
    d.add((node, RDF.type, DCAT.Distribution))
    d.add((node, DCTERMS.title, Literal(fmt.title, lang="en")))
    d.add((node, DCAT.downloadURL, URIRef(dist.path)))
    d.add((node, DCAT.mediaType, URIRef(IANA + fmt.media_type)))
    d.add((node, DCAT.byteSize, Literal(str(dist.byte_size), datatype=XSD.nonNegativeInteger)))
    checksum = URIRef(f"{node}/checksum")
    d.add((node, SPDX.checksum, checksum))
    d.add((checksum, RDF.type, SPDX.Checksum))
    d.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    d.add((checksum, SPDX.checksumValue, Literal(dist.sha256, datatype=XSD.hexBinary)))


def _example(graphs: list[Graph]) -> URIRef | None:
    for cls in (BKG.Project, BKG.Department, BKG.BudgetTable):
        found = sorted(s for g in graphs for s in g.subjects(RDF.type, cls))
        if found:
            return found[0]
    return None


def _slug(iri) -> str:
    """bkg-Project for a term with a known prefix (readable partition IRIs), else a hash."""
    short = shorten(str(iri))
    return short.replace(":", "-") if short != str(iri) else short_hash(iri)


def _int(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)
