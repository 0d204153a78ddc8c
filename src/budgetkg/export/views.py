"""Named views of a budget graph as networkx graphs.

A view picks the resources a question needs and the links between them:

- ``overview`` (the default): department -> subordinate units -> projects -> the catalogue
  services the projects are mapped to; one link up per node, tens of nodes, readable at a glance;
- ``org``: the department, its subordinate units and internal offices, and the projects with
  their implementing unit and supervising department;
- ``funding``: the function-code tree (类 > 款 > 项) with the amounts of the expenditure table;
- ``services``: projects and the catalogue services they are mapped to, weighted by score (when
  the graph has ``bkg:ServiceMapping`` resources); otherwise projects and catalogue sections;
- ``indicators``: projects, their performance indicators and the framework concepts above them;
- ``full``: every resource, every link between two resources (rdf:type becomes the ``type``).

Nodes are keyed by IRI and carry ``label``, ``type`` and ``iri``, plus ``amount`` and ``unit``
where there is an amount, and view-specific attributes (``code``, ``level``, ``target`` ...).
Edges follow the RDF triples (subject -> object) and carry ``relation`` (the property as a CURIE,
e.g. ``skos:broader``) and ``label``; the ``services`` edges also carry ``weight`` (the score).
Every view is a ``networkx.MultiDiGraph`` (a project may be both implemented and supervised by the
department), with edge keys ``e0``, ``e1`` ... unique in the graph and stable for the same input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, QB, RDF, SKOS

from budgetkg.errors import UsageError
from budgetkg.export import rdfread as rr
from budgetkg.export.names import VIEWS
from budgetkg.vocab import BKG, ORG


@dataclass
class ViewBuilder:
    """Collects nodes and edges, then assembles them in a stable order."""

    graph: Graph
    name: str
    nodes: dict[str, dict] = field(default_factory=dict)
    edges: list[tuple[str, str, str, dict]] = field(default_factory=list)
    seen_edges: set = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    def node(self, iri, **attrs) -> str:
        key = str(iri)
        if key not in self.nodes:
            self.nodes[key] = {"label": rr.label_of(self.graph, iri), "type": rr.type_of(self.graph, iri),
                               "iri": key}
        self.nodes[key].update({k: v for k, v in attrs.items() if v is not None})
        return key

    def edge(self, source, target, prop: URIRef, **attrs) -> None:
        relation = rr.curie(prop)
        data = {"relation": relation, "label": relation.split(":", 1)[-1]}
        data.update({k: v for k, v in attrs.items() if v is not None})
        identity = (str(source), str(target), tuple(sorted(data.items())))
        if identity not in self.seen_edges:  # the same link reached twice is one edge
            self.seen_edges.add(identity)
            self.edges.append((str(source), str(target), relation, data))

    def assemble(self) -> nx.MultiDiGraph:
        g = nx.MultiDiGraph(name=self.name, view=self.name)
        if self.notes:
            g.graph["note"] = " ".join(self.notes)
        for key in sorted(self.nodes):
            g.add_node(key, **self.nodes[key])
        ordered = sorted(self.edges, key=lambda e: (e[0], e[1], e[2], sorted(map(str, e[3].items()))))
        for i, (source, target, _rel, data) in enumerate(ordered):
            g.add_edge(source, target, key=f"e{i}", **data)
        return g


def to_networkx(graph: Graph, view: str = "overview") -> nx.MultiDiGraph:
    """The named ``view`` of an rdflib graph (a Dataset's named graphs are merged)."""
    if view not in BUILDERS:
        raise UsageError(f"--view {view!r} is not a view; use one of {', '.join(VIEWS)}")
    b = ViewBuilder(rr.union_graph(graph), view)
    BUILDERS[view](b)
    g = b.assemble()
    source = source_title(b.graph)
    if source:
        g.graph["source"] = source
    return g


def source_title(g: Graph) -> str | None:
    """The disclosures' titles (部门 年度部门预算公开), for page and file headers."""
    titles = sorted({rr.literal_of(g, d, DCTERMS.title) or rr.local_name(d)
                     for d in g.subjects(RDF.type, BKG.Disclosure)})
    return "; ".join(titles) or None


def amount(value: Decimal | None) -> float | None:
    """Amounts leave the exact graph as floats here: every exchange format wants a number, and
    an amount to the cent (or 0.01万元) survives a double unchanged when printed back."""
    return float(value) if value is not None else None


# --- org ---------------------------------------------------------------------------------------

def build_org(b: ViewBuilder) -> None:
    g = b.graph
    for dept in g.subjects(RDF.type, BKG.Department):
        b.node(dept, budget_code=rr.literal_of(g, dept, BKG.budgetCode))
    for unit, dept in g.subject_objects(ORG.subOrganizationOf):
        b.node(unit)
        b.node(dept)
        b.edge(unit, dept, ORG.subOrganizationOf)
    for office, dept in g.subject_objects(ORG.unitOf):
        b.node(office)
        b.node(dept)
        b.edge(office, dept, ORG.unitOf)
    for project in g.subjects(RDF.type, BKG.Project):
        add_project(b, project)
        for unit in g.objects(project, BKG.implementingUnit):
            b.node(unit)
            b.edge(project, unit, BKG.implementingUnit)
        for sup in g.objects(project, BKG.supervisingDepartment):
            known = (sup, None, None) in g
            b.node(sup, **({} if known else {
                "label": rr.literal_of(g, project, BKG.supervisingDepartmentName) or rr.local_name(sup),
                "type": "Organization"}))
            b.edge(project, sup, BKG.supervisingDepartment)


def add_project(b: ViewBuilder, project) -> str:
    g = b.graph
    total, unit = rr.funds_of(g, project)
    impl = g.value(project, BKG.implementationFunds)
    return b.node(project, amount=amount(total), unit=unit if total is not None else None,
                  implementation_amount=amount(rr.decimal_of(g, impl, BKG.total)) if impl else None,
                  attribute=rr.literal_of(g, project, BKG.projectAttribute),
                  implementing_unit=rr.literal_of(g, project, BKG.implementingUnitName))


# --- overview ----------------------------------------------------------------------------------

def build_overview(b: ViewBuilder) -> None:
    """Department -> units -> projects -> services: the org view without internal offices and
    supervision links, each project under the unit that implements it, and its mapped services."""
    g = b.graph
    for dept in g.subjects(RDF.type, BKG.Department):
        b.node(dept, budget_code=rr.literal_of(g, dept, BKG.budgetCode))
    for unit, dept in g.subject_objects(ORG.subOrganizationOf):
        if (unit, RDF.type, BKG.SubordinateUnit) in g:
            b.node(unit)
            b.node(dept)
            b.edge(unit, dept, ORG.subOrganizationOf)
    for project in g.subjects(RDF.type, BKG.Project):
        key = add_project(b, project)
        parents = [(u, BKG.implementingUnit) for u in g.objects(project, BKG.implementingUnit)] or \
            [(d, BKG.supervisingDepartment) for d in g.objects(project, BKG.supervisingDepartment)
             if (d, RDF.type, BKG.Department) in g]
        for parent, prop in parents:
            parent_key = b.node(parent)
            b.nodes[parent_key]["projects"] = b.nodes[parent_key].get("projects", 0) + 1
            b.edge(key, parent, prop)
    for m in g.subjects(RDF.type, BKG.ServiceMapping):
        project, service = g.value(m, BKG.mappedProject), g.value(m, BKG.mapsToService)
        if project is None or service is None:
            continue
        add_project(b, project)
        b.node(service, code=rr.literal_of(g, service, SKOS.notation))
        b.edge(project, service, BKG.mapsToService, weight=amount(rr.decimal_of(g, m, BKG.score)))


# --- funding -----------------------------------------------------------------------------------

def expenditure_rows(g: Graph, tables=None):
    """(row, code concept) for every row of an expenditure table (支出总表) that names a code;
    ``tables`` limits the tables (e.g. to one document's)."""
    found = [t for t, kind in g.subject_objects(BKG.tableKind) if str(kind) == "expenditure"]
    for table in sorted(found):
        if tables is not None and table not in tables:
            continue
        for row in g.subjects(QB.dataSet, table):
            for code in g.objects(row, BKG.functionCode):
                yield row, code


def function_amounts(g: Graph, tables=None) -> dict[URIRef, dict[str, Decimal]]:
    """Per function code, the sum of its expenditure rows' total/basic/project (万元); a code
    shared by several documents of the same year sums their rows."""
    sums: dict[URIRef, dict[str, Decimal]] = {}
    for row, code in expenditure_rows(g, tables):
        acc = sums.setdefault(code, {})
        for key, prop in (("amount", BKG.total), ("basic", BKG.basic), ("project", BKG.project)):
            value = rr.decimal_of(g, row, prop)
            if value is not None:
                acc[key] = acc.get(key, Decimal(0)) + value
    return sums


def build_funding(b: ViewBuilder) -> None:
    g = b.graph
    sums = function_amounts(g)
    pending = list(sums)
    seen = set()
    while pending:
        code = pending.pop()
        if code in seen:
            continue
        seen.add(code)
        acc = sums.get(code, {})
        b.node(code, code=rr.literal_of(g, code, SKOS.notation), level=rr.int_of(g, code, BKG.level),
               amount=amount(acc.get("amount")), basic=amount(acc.get("basic")),
               project=amount(acc.get("project")), unit="万元" if acc else None)
        for parent in g.objects(code, SKOS.broader):
            b.edge(code, parent, SKOS.broader)
            pending.append(parent)


# --- services ----------------------------------------------------------------------------------

def build_services(b: ViewBuilder) -> None:
    g = b.graph
    mappings = list(g.subjects(RDF.type, BKG.ServiceMapping))
    if not mappings:
        build_services_unmapped(b)
        return
    for project in g.subjects(RDF.type, BKG.Project):
        add_project(b, project)  # unmapped projects stay visible: a gap is worth seeing
    for m in mappings:
        project, service = g.value(m, BKG.mappedProject), g.value(m, BKG.mapsToService)
        if project is None or service is None:
            continue
        add_project(b, project)
        b.node(service, code=rr.literal_of(g, service, SKOS.notation),
               level=rr.int_of(g, service, BKG.level))
        score = rr.decimal_of(g, m, BKG.score)
        b.edge(project, service, BKG.mapsToService, weight=amount(score),
               method=rr.literal_of(g, m, BKG.matchMethod), mapping=str(m))
        for section in g.objects(service, BKG.inSection):
            b.node(section)
            b.edge(service, section, BKG.inSection)


def build_services_unmapped(b: ViewBuilder) -> None:
    g = b.graph
    b.notes.append("The graph has no bkg:ServiceMapping yet: projects and catalogue sections only.")
    for project in g.subjects(RDF.type, BKG.Project):
        add_project(b, project)
    for section in g.subjects(RDF.type, BKG.CatalogueSection):
        b.node(section, order=rr.int_of(g, section, BKG.order),
               items=sum(1 for _ in g.objects(section, SKOS.member)))
        for catalogue in g.objects(section, BKG.inCatalogue):
            b.node(catalogue)
            b.edge(section, catalogue, BKG.inCatalogue)


# --- indicators --------------------------------------------------------------------------------

def build_indicators(b: ViewBuilder) -> None:
    g = b.graph
    framework = rr.framework_labels()
    for project, ind in g.subject_objects(BKG.indicator):
        add_project(b, project)
        b.node(ind, half=rr.literal_of(g, ind, BKG.half), order=rr.int_of(g, ind, BKG.order),
               target=rr.literal_of(g, ind, BKG.targetRaw),
               qualitative=rr.bool_of(g, ind, BKG.qualitative),
               level1=rr.literal_of(g, ind, BKG.level1Name), level2=rr.literal_of(g, ind, BKG.level2Name))
        b.edge(project, ind, BKG.indicator)
        level2, level1 = g.value(ind, BKG.level2), g.value(ind, BKG.level1)
        if level2 is not None:
            b.edge(ind, level2, BKG.level2)
            add_framework(b, level2, framework)
        elif level1 is not None:
            b.edge(ind, level1, BKG.level1)
            add_framework(b, level1, framework)


def add_framework(b: ViewBuilder, concept, framework) -> None:
    """A framework concept and its broader concept (the ontology's, when the data lacks it)."""
    if str(concept) in b.nodes:
        return
    zh, en, level, broader, notation = framework.get(concept, (None, None, None, None, None))
    b.node(concept, label=zh, label_en=en, level=level, code=notation or None)
    if broader is not None:
        b.edge(concept, broader, SKOS.broader)
        add_framework(b, broader, framework)


# --- full --------------------------------------------------------------------------------------

def build_full(b: ViewBuilder) -> None:
    g = b.graph
    for s, p, o in g:
        if not isinstance(s, URIRef) or p == RDF.type:
            continue
        if isinstance(o, URIRef):
            b.node(s)
            b.node(o)
            b.edge(s, o, p)
        else:
            b.node(s)
    for key, attrs in b.nodes.items():
        node = URIRef(key)
        total = rr.decimal_of(g, node, BKG.total)
        if total is not None:
            attrs.update(amount=amount(total), unit=rr.unit_label(g, node))
        elif (node, RDF.type, BKG.Project) in g:
            add_project(b, node)
        code = rr.literal_of(g, node, SKOS.notation)
        if code:
            attrs["code"] = code
        level = rr.int_of(g, node, BKG.level)
        if level is not None:
            attrs["level"] = level


BUILDERS: dict[str, Callable[[ViewBuilder], None]] = {
    "overview": build_overview,
    "org": build_org,
    "funding": build_funding,
    "services": build_services,
    "indicators": build_indicators,
    "full": build_full,
}
