"""Reading an rdflib graph for export: labels, types, amounts and the framework's labels.

Views and charts see the graph only through these helpers, so "what is a node's label" has one
answer everywhere (the notebook graph, every file format, the HTML view and the charts).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache

from rdflib import ConjunctiveGraph, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from budgetkg.labels import ontology_graph
from budgetkg.rdf.prefixes import shorten
from budgetkg.vocab import BKG, PREFIXES, first_class

LABEL_PROPERTIES = [SKOS.prefLabel, RDFS.label, BKG.projectName, BKG.level3Name, BKG.rowLabel,
                    DCTERMS.title, SKOS.notation]


def union_graph(graph: Graph) -> Graph:
    """A plain Graph holding every triple: a Dataset's named graphs are merged (one node per IRI
    across documents), a plain Graph is returned as it is."""
    if not isinstance(graph, ConjunctiveGraph):
        return graph
    merged = Graph()
    for prefix, ns in PREFIXES.items():
        merged.bind(prefix, ns, override=True)
    for s, p, o, _ctx in graph.quads((None, None, None, None)):
        merged.add((s, p, o))
    return merged


def curie(iri: URIRef) -> str:
    """``bkg:indicator`` for an IRI under a known prefix, else the IRI itself."""
    return shorten(str(iri))


def local_name(iri: URIRef) -> str:
    text = str(iri).rstrip("/#")
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _pick(literals: list[Literal]) -> str | None:
    """Chinese first, then untagged, then any language; among equals the smallest string, so the
    choice does not depend on the order rdflib returns triples in."""
    if not literals:
        return None
    def rank(lit: Literal):
        lang = lit.language or ""
        return (0 if lang.startswith("zh") else 1 if not lang else 2, str(lit))
    return str(min(literals, key=rank))


def label_of(g: Graph, node) -> str:
    for prop in LABEL_PROPERTIES:
        found = _pick([o for o in g.objects(node, prop) if isinstance(o, Literal) and str(o).strip()])
        if found:
            return found
    framework = framework_labels().get(node)
    if framework:
        return framework[0]
    return local_name(node) if isinstance(node, URIRef) else str(node)


def type_of(g: Graph, node) -> str:
    types = set(g.objects(node, RDF.type))
    cls = first_class(types)
    if cls is not None:
        return local_name(cls)
    if node in framework_labels():
        return "IndicatorCategory"
    if types:
        return local_name(min(types, key=str))
    return "Resource"


def decimal_of(g: Graph, node, prop: URIRef) -> Decimal | None:
    """The first numeric value of ``prop`` as an exact Decimal; non-numeric values are skipped
    rather than trusted (a bad amount must not crash an export)."""
    for o in sorted(g.objects(node, prop), key=str):
        if isinstance(o, Literal):
            try:
                return Decimal(str(o))
            except InvalidOperation:
                continue
    return None


def literal_of(g: Graph, node, prop: URIRef) -> str | None:
    return _pick([o for o in g.objects(node, prop) if isinstance(o, Literal)])


def int_of(g: Graph, node, prop: URIRef) -> int | None:
    value = decimal_of(g, node, prop)
    return int(value) if value is not None and value == int(value) else None


def bool_of(g: Graph, node, prop: URIRef) -> bool | None:
    for o in g.objects(node, prop):
        if isinstance(o, Literal):
            return str(o).lower() in ("true", "1")
    return None


def unit_label(g: Graph, node) -> str | None:
    """万元 or 元, from the node's bkg:currencyUnit (its skos:notation, as the ontology states)."""
    unit = g.value(node, BKG.currencyUnit)
    if unit is None:
        return None
    return {BKG.WanYuan: "万元", BKG.Yuan: "元"}.get(unit) or literal_of(g, unit, SKOS.notation) \
        or local_name(unit)


def funds_of(g: Graph, project) -> tuple[Decimal | None, str | None]:
    """A project's annual total (年度资金总额) and its unit."""
    alloc = g.value(project, BKG.annualFunds)
    if alloc is None:
        return None, None
    return decimal_of(g, alloc, BKG.total), unit_label(g, alloc) or "元"


@lru_cache(maxsize=1)
def framework_labels() -> dict[URIRef, tuple[str, str, int, URIRef | None, str]]:
    """The indicator framework from the bundled ontology: concept -> (zh label, en label, level,
    broader concept, notation). Data graphs point at these concepts without repeating them."""
    onto = ontology_graph()
    out = {}
    for concept in onto.subjects(SKOS.inScheme, BKG.IndicatorFramework):
        labels = list(onto.objects(concept, SKOS.prefLabel))
        zh = _pick([lb for lb in labels if (lb.language or "").startswith("zh")]) or local_name(concept)
        en = _pick([lb for lb in labels if lb.language == "en"]) or zh
        level = int(onto.value(concept, BKG.level) or 0)
        notation = str(onto.value(concept, SKOS.notation) or "")
        out[concept] = (zh, en, level, onto.value(concept, SKOS.broader), notation)
    return out
