"""An in-memory index of the site's graph: outgoing and incoming edges, labels, types.

Plain dicts built in one pass over the triples: the page builders ask thousands of small
questions (the label of this, the rows of that table), which dict lookups answer far faster
than rdflib's triple patterns.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from budgetkg.rdf.graphs import graph_name
from budgetkg.rdf.prefixes import Prefixes
from budgetkg.rdf.terms import natural_key, term_key
from budgetkg.vocab import BKG

# Label sources, best first; Chinese before other languages within each.
LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label, DCTERMS.title, BKG.projectName, BKG.rowLabel,
                    BKG.level3Name, BKG.figureKey, BKG.changeSubject, DCTERMS.description)
ORDER_PROPERTIES = (BKG.order, BKG.rowOrder, BKG.documentOrder, BKG.ordinal, BKG.tableNumber,
                    BKG.startLine)
# How a resource hangs under another for breadcrumbs and index context: (property, direction),
# "in" meaning the parent is the subject of a triple that points at the resource.
PARENT_LINKS = (
    (BKG.indicator, "in"), (BKG.implementationFunds, "in"), (BKG.annualFunds, "in"),
    (URIRef("http://purl.org/linked-data/cube#dataSet"), "out"),
    (BKG.inSection, "out"), (BKG.inCatalogue, "out"), (SKOS.broader, "out"),
    (BKG.hasTable, "in"), (BKG.hasProject, "in"), (BKG.duty, "in"), (BKG.statesFigure, "in"),
    (BKG.statesChange, "in"), (BKG.hasSection, "in"), (SKOS.inScheme, "out"),
    (URIRef("http://www.w3.org/ns/org#subOrganizationOf"), "out"),
    (URIRef("http://www.w3.org/ns/org#unitOf"), "out"),
    (URIRef("http://www.w3.org/ns/prov#used"), "out"),
)


class GraphIndex:
    def __init__(self, graphs: Iterable[Graph], ontology: Graph | None = None):
        self.out: dict = {}
        self.inc: dict = {}
        self.graphs_of: dict = {}
        graphs = list(graphs)
        # a triple can sit in several named graphs; it is listed once (a set only when needed)
        seen: set | None = set() if len(graphs) > 1 else None
        count = 0
        for g in graphs:
            name = graph_name(g)
            for s, p, o in g:
                if name is not None:
                    self.graphs_of.setdefault(s, set()).add(name)
                if seen is not None:
                    if (s, p, o) in seen:
                        continue
                    seen.add((s, p, o))
                count += 1
                self.out.setdefault(s, {}).setdefault(p, []).append(o)
                if not isinstance(o, Literal):
                    self.inc.setdefault(o, {}).setdefault(p, []).append(s)
        self.triple_count = count
        self.onto = _Ontology(ontology if ontology is not None else Graph())
        self.prefixes = Prefixes()
        for table in (self.out, self.inc):
            for preds in table.values():
                for values in preds.values():
                    if len(values) > 1:
                        values.sort(key=term_key)

    # --- basic lookups ---------------------------------------------------------------------

    def objects(self, s, p) -> list:
        return self.out.get(s, {}).get(p, [])

    def subjects(self, p, o) -> list:
        return self.inc.get(o, {}).get(p, [])

    def value(self, s, p):
        values = self.objects(s, p)
        return values[0] if values else None

    def types(self, s) -> list:
        return self.objects(s, RDF.type)

    def resources(self) -> list:
        """Every IRI that is the subject of a triple: the resources that get a page."""
        return sorted((s for s in self.out if isinstance(s, URIRef)), key=term_key)

    def instances(self, cls) -> list:
        return sorted(self.subjects(RDF.type, cls), key=term_key)

    # --- labels and order ------------------------------------------------------------------

    @cache  # noqa: B019 - one index per site run
    def label(self, node) -> str:
        """The best human label: a Chinese label first, then any label-like text, then the
        ontology's label for a vocabulary term, then the end of the IRI."""
        if isinstance(node, Literal):
            return str(node)
        text = _pick_label(self.out.get(node, {}))
        if text is None:
            text = self.onto.label(node)
        if text is None and isinstance(node, URIRef):
            text = self._typed_fallback(node)
        if text is None:
            text = self.short(node)
        notation = self.value(node, SKOS.notation)
        if notation is not None and not text.startswith(str(notation)):
            text = f"{notation} {text}"
        return text

    def _typed_fallback(self, node) -> str | None:
        """An unlabelled resource (a fund allocation, say) as its class and the end of its IRI:
        '项目资金 annual'."""
        for t in self.types(node):
            cls = self.onto.label(t)
            if cls:
                return f"{cls} {self.short(node)}"
        return None

    def short(self, node) -> str:
        if isinstance(node, BNode):
            return f"_:{node}"
        short = self.prefixes.shorten(str(node))
        if short:
            return short
        tail = str(node).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        return tail or str(node)

    def order_key(self, node) -> tuple:
        for p in ORDER_PROPERTIES:
            v = self.value(node, p)
            if isinstance(v, Literal):
                try:
                    return (0, Decimal(str(v)), term_key(node))
                except InvalidOperation:
                    pass
        return (1, natural_key(self.label(node)), term_key(node))

    def parent(self, node):
        """The resource this one is shown under (a project for its indicator, a table for its
        row, a broader code for a code), or None."""
        for p, direction in PARENT_LINKS:
            if direction == "in":
                found = self.subjects(p, node)
            else:
                found = [o for o in self.objects(node, p) if isinstance(o, URIRef)]
            found = [f for f in found if f != node and f in self.out]
            if found:
                return found[0]
        return None

    def ancestors(self, node, limit: int = 8) -> list:
        chain, seen = [], {node}
        current = self.parent(node)
        while current is not None and current not in seen and len(chain) < limit:
            chain.append(current)
            seen.add(current)
            current = self.parent(current)
        return list(reversed(chain))


def _pick_label(props: dict) -> str | None:
    for p in LABEL_PROPERTIES:
        values = props.get(p)
        if not values:
            continue
        literals = [v for v in values if isinstance(v, Literal) and str(v).strip()]
        if not literals:
            continue
        best = min(literals, key=lambda v: (v.language != "zh", v.language is None, str(v)))
        text = str(best).strip()
        if p == DCTERMS.description and len(text) > 60:  # a duty's or a figure's sentence
            text = text[:59] + "…"
        return text
    return None


# Labels for the standard-vocabulary terms the pages show most, so that a property column reads
# 首选标签 rather than skos:prefLabel; the ontology's own terms are labelled by the ontology.
STANDARD_LABELS = {
    str(RDFS.label): ("标签", "label"), str(RDFS.comment): ("注释", "comment"),
    str(SKOS.prefLabel): ("名称", "preferred label"), str(SKOS.notation): ("代码", "notation"),
    str(SKOS.broader): ("上级", "broader"), str(SKOS.narrower): ("下级", "narrower"),
    str(SKOS.inScheme): ("所属体系", "in scheme"), str(SKOS.member): ("成员", "member"),
    str(SKOS.definition): ("定义", "definition"), str(SKOS.topConceptOf): ("顶级概念", "top concept of"),
    str(SKOS.Concept): ("概念", "concept"), str(SKOS.ConceptScheme): ("概念体系", "concept scheme"),
    str(SKOS.Collection): ("集合", "collection"),
    str(DCTERMS.title): ("标题", "title"), str(DCTERMS.description): ("说明", "description"),
    str(DCTERMS.identifier): ("文号", "identifier"), str(DCTERMS.publisher): ("发布机关", "publisher"),
    "http://www.w3.org/ns/prov#wasDerivedFrom": ("来源", "derived from"),
    "http://www.w3.org/ns/prov#used": ("使用", "used"),
    "http://www.w3.org/ns/prov#Entity": ("实体", "entity"),
    "http://www.w3.org/ns/prov#Activity": ("活动", "activity"),
    "http://www.w3.org/ns/org#hasUnit": ("内设机构", "has unit"),
    "http://www.w3.org/ns/org#unitOf": ("所属机构", "unit of"),
    "http://www.w3.org/ns/org#hasSubOrganization": ("下属单位", "has sub-organization"),
    "http://www.w3.org/ns/org#subOrganizationOf": ("上级机构", "sub-organization of"),
    "http://www.w3.org/ns/org#FormalOrganization": ("正式组织", "formal organization"),
    "http://purl.org/linked-data/cube#dataSet": ("所属报表", "data set"),
    "http://purl.org/linked-data/cube#DataSet": ("数据集", "data set"),
    "http://purl.org/linked-data/cube#Observation": ("观测", "observation"),
}


class _Ontology:
    """Labels, comments and kinds of the ontology's terms (for headers and links), read once
    into dicts."""

    def __init__(self, g: Graph):
        self.g = g
        self.kinds: dict = {}
        for kind, cls in (("class", OWL.Class), ("property", OWL.ObjectProperty),
                          ("property", OWL.DatatypeProperty), ("individual", OWL.NamedIndividual)):
            for s in g.subjects(RDF.type, cls):
                if isinstance(s, URIRef):
                    self.kinds.setdefault(s, kind)
        self._text: dict = {}
        for s, p, o in g:
            if isinstance(o, Literal) and o.language:
                self._text.setdefault((s, p, o.language), str(o))

    def defines(self, term) -> bool:
        return term in self.kinds

    def text(self, term, prop, lang: str) -> str | None:
        return self._text.get((term, prop, lang))

    def label(self, term, lang: str = "zh") -> str | None:
        found = self.text(term, RDFS.label, lang) or self.text(term, SKOS.prefLabel, lang)
        if found is None and str(term) in STANDARD_LABELS:
            found = STANDARD_LABELS[str(term)][0 if lang == "zh" else 1]
        return found

    def local_name(self, term) -> str:
        return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def amount(lit: Literal) -> str | None:
    """A decimal amount as people read it: 5,358.61 with the precision as written, except that
    the '.0' the graph adds to whole numbers (so that Turtle keeps them decimal) is dropped."""
    if not isinstance(lit, Literal) or lit.datatype != XSD.decimal:
        return None
    text = str(lit)
    text = text.removesuffix(".0")
    try:
        return format(Decimal(text), ",f")
    except InvalidOperation:
        return None
