"""Page views: what a resource page shows, as plain dicts for the templates.

Every page has the same frame: a heading with the resource's label, its types and breadcrumbs,
then sections chosen by the kind of resource (a project's funds and indicators, a table's rows,
a code's amounts, a department's units and projects), then every remaining statement about the
resource and the resources that point to it. Text is never marked safe here: the templates
escape everything, because all of it comes from the documents.
"""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from budgetkg.rdf.turtle import predicate_key
from budgetkg.site.graphindex import GraphIndex, amount
from budgetkg.site.paths import PathMap
from budgetkg.vocab import BKG, CLASS_ORDER, FUND_PROPERTY, MEASURE_PROPERTY, ORG

QB_DATASET = URIRef("http://purl.org/linked-data/cube#dataSet")
MEASURES = list(dict.fromkeys(list(MEASURE_PROPERTY.values()) + list(FUND_PROPERTY.values())))
PROJECT_TEXT = (BKG.overview, BKG.legalBasis, BKG.necessity, BKG.safeguards,
                BKG.implementationPlan, BKG.implementationGoal, BKG.annualGoal)
# Incoming links not listed on pages: every entity is prov:wasDerivedFrom its document.
QUIET_INCOMING = {PROV.wasDerivedFrom}
BACKLINK_CAP = 60
LONG_TEXT = 60

# The kind of page of each class; a resource's kind is that of its most specific class listed
# here (vocab.CLASS_ORDER decides which is most specific).
KINDS = {
    BKG.Department: "department", BKG.SubordinateUnit: "unit", BKG.InternalOffice: "unit",
    BKG.Project: "project", BKG.PerformanceIndicator: "indicator",
    BKG.FunctionCode: "code", BKG.EconomicClass: "code", BKG.ServiceCategory: "code",
    BKG.CatalogueItem: "service", BKG.CatalogueSection: "catalogue-section",
    BKG.PurchaseServiceCatalogue: "catalogue", BKG.BudgetTable: "table",
    BKG.BudgetLine: "row", BKG.FundAllocation: "funds", BKG.Disclosure: "document",
    BKG.GlossaryTerm: "term", SKOS.ConceptScheme: "scheme",
}


def kind_of(idx: GraphIndex, node) -> str:
    types = set(idx.types(node))
    return next((KINDS[c] for c in CLASS_ORDER if c in types and c in KINDS), "resource")


class Views:
    """Builds page contexts; one instance per site, links relative to the page being built."""

    def __init__(self, idx: GraphIndex, paths: PathMap):
        self.idx = idx
        self.paths = paths
        self._headers: dict = {}

    # --- values and links ------------------------------------------------------------------

    def link(self, node, root: str) -> dict:
        idx = self.idx
        if isinstance(node, URIRef):
            path = self.paths.get(node)
            if path is not None:
                return {"text": idx.label(node), "href": f"{root}{path}.html", "title": str(node)}
            if idx.onto.defines(node):
                label = idx.onto.label(node) or idx.short(node)
                return {"text": label, "href": f"{root}ontology.html#{idx.onto.local_name(node)}",
                        "title": idx.short(node)}
            label = idx.onto.label(node)
            if label:
                return {"text": label, "href": None, "title": idx.short(node)}
            return {"text": idx.short(node), "href": None, "title": str(node), "code": True}
        if isinstance(node, BNode):
            return {"text": f"_:{node}", "href": None, "code": True}
        return self.literal(node)

    def literal(self, lit: Literal, unit: str | None = None) -> dict:
        text = str(lit)
        money = amount(lit)
        if money is not None:
            return {"text": money + (f" {unit}" if unit else ""), "amount": True,
                    "title": "xsd:decimal"}
        out = {"text": text, "lang": lit.language, "long": len(text) > LONG_TEXT}
        if lit.datatype is not None and lit.datatype not in (XSD.integer, XSD.string):
            out["title"] = self.idx.short(lit.datatype)
        return out

    def unit_of(self, node) -> str | None:
        unit = self.idx.value(node, BKG.currencyUnit)
        if unit is None:
            return None
        notation = self.idx.onto.g.value(unit, SKOS.notation)
        return str(notation) if notation is not None else self.idx.short(unit)

    def value(self, node, obj, root: str) -> dict:
        if isinstance(obj, Literal):
            return self.literal(obj, self.unit_of(node))
        return self.link(obj, root)

    def prop_header(self, p, root: str) -> dict:
        head = self._headers.get(p)
        if head is None:
            onto = self.idx.onto
            head = {"curie": self.idx.short(p), "label": onto.label(p) or self.idx.short(p),
                    "label_en": onto.label(p, "en"),
                    "anchor": onto.local_name(p) if onto.defines(p) else None}
            self._headers[p] = head
        out = dict(head)
        if head["anchor"]:
            out["href"] = f"{root}ontology.html#{head['anchor']}"
        return out

    # --- the page --------------------------------------------------------------------------

    def page(self, node) -> dict:
        idx = self.idx
        path = self.paths.get(node)
        root = "../" * path.count("/")
        kind = kind_of(idx, node)
        consumed: set = set()
        sections = SECTIONS.get(kind, _none)(self, node, root, consumed)
        return {
            "path": path,
            "root": root,
            "kind": kind,
            "title": idx.label(node),
            "iri": str(node),
            "types": [self.link(t, root) for t in idx.types(node)],
            "class_links": self.class_links(node, root),
            "breadcrumbs": [self.link(a, root) for a in idx.ancestors(node)],
            "sections": [s for s in sections if s],
            "properties": self.properties(node, root, consumed),
            "backlinks": self.backlinks(node, root, consumed),
            "graphs": sorted(str(g) for g in idx.graphs_of.get(node, ())),
            "name": path.rsplit("/", 1)[-1],
        }

    def class_links(self, node, root: str) -> list[dict]:
        out = []
        for t in self.idx.types(node):
            if self.idx.onto.defines(t):
                out.append({"text": self.idx.onto.label(t) or self.idx.short(t),
                            "href": f"{root}classes/{class_file(self.idx, t)}.html"})
        return out

    def properties(self, node, root: str, consumed: set) -> list[dict]:
        rows = []
        for p in sorted(self.idx.out.get(node, {}), key=predicate_key):
            if p == RDF.type or ("out", p) in consumed:
                continue
            row = self.prop_header(p, root)
            row["values"] = [self.value(node, o, root) for o in self.idx.objects(node, p)]
            rows.append(row)
        return rows

    def backlinks(self, node, root: str, consumed: set) -> list[dict]:
        groups = []
        for p in sorted(self.idx.inc.get(node, {}), key=predicate_key):
            if p in QUIET_INCOMING or p == RDF.type or ("in", p) in consumed:
                continue
            subjects = sorted(self.idx.subjects(p, node), key=self.idx.order_key)
            group = self.prop_header(p, root)
            group["links"] = [self.link(s, root) for s in subjects[:BACKLINK_CAP]]
            group["more"] = max(0, len(subjects) - BACKLINK_CAP)
            groups.append(group)
        return groups

    # --- building blocks for sections ------------------------------------------------------

    def table(self, sid: str, title: str, title_en: str, rows_nodes: list, columns: list,
              root: str) -> dict | None:
        """A section table: one row per node, columns as (header, header_en, getter, numeric)."""
        if not rows_nodes:
            return None
        rows = []
        for n in rows_nodes:
            rows.append([_as_list(getter(n)) for _, _, getter, _ in columns])
        return {"id": sid, "title": title, "title_en": title_en,
                "columns": [{"text": h, "text_en": e, "num": num} for h, e, _, num in columns],
                "rows": rows}

    def measure_columns(self, nodes: list) -> list:
        present = [m for m in MEASURES if any(self.idx.value(n, m) is not None for n in nodes)]
        cols = []
        for m in present:
            zh = self.idx.onto.label(m) or self.idx.short(m)
            en = self.idx.onto.label(m, "en")
            cols.append((zh, en, self._measure_getter(m), True))
        return cols

    def _measure_getter(self, m):
        def get(n):
            v = self.idx.value(n, m)
            return None if v is None else self.literal(v)
        return get

    def lit(self, p):
        """A getter for a literal property's value as text."""
        def get(n):
            v = self.idx.value(n, p)
            return None if v is None else self.literal(v)
        return get

    def ref(self, p, root: str, incoming: bool = False):
        def get(n):
            nodes = self.idx.subjects(p, n) if incoming else self.idx.objects(n, p)
            return [self.link(x, root) for x in nodes]
        return get

    def self_link(self, root: str):
        return lambda n: self.link(n, root)

    def unit_note(self, nodes: list) -> str | None:
        units = {self.unit_of(n) for n in nodes} - {None}
        return units.pop() if len(units) == 1 else None


def class_file(idx: GraphIndex, cls) -> str:
    short = idx.short(cls)
    return short.replace(":", "-") if ":" in short else "other-" + idx.onto.local_name(cls)


def _as_list(v) -> list:
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def _sorted(v: Views, nodes) -> list:
    return sorted(set(nodes), key=v.idx.order_key)


# --- sections by kind ----------------------------------------------------------------------------

def _none(v: Views, node, root, consumed) -> list:
    return []


def _project(v: Views, node, root, consumed) -> list:
    idx = v.idx
    sections = []
    halves = [(BKG.implementationFunds, "实施期", "implementation period"),
              (BKG.annualFunds, "年度", "annual")]
    funds = [(idx.value(node, p), zh, en) for p, zh, en in halves if idx.value(node, p) is not None]
    if funds:
        unit = v.unit_note([f for f, _, _ in funds])
        rows = []
        for prop in FUND_PROPERTY.values():
            cells = [idx.value(f, prop) for f, _, _ in funds]
            if all(c is None for c in cells):
                continue
            head = v.prop_header(prop, root)
            rows.append([[{"text": head["label"], "href": head.get("href"), "title": head["curie"]}]]
                        + [[v.literal(c)] if c is not None else [] for c in cells])
        columns = [{"text": "资金来源", "text_en": "source", "num": False}]
        columns += [{"text": zh, "text_en": en, "num": True} for _, zh, en in funds]
        links = [dict(v.link(f, root), text=f"{zh} {en}") for f, zh, en in funds]
        sections.append({"id": "funds", "title": "项目资金" + (f"（{unit}）" if unit else ""),
                         "title_en": "project funds", "columns": columns, "rows": rows,
                         "links": links})
        consumed.update({("out", p) for p, _, _ in halves})
    indicators = _sorted(v, idx.objects(node, BKG.indicator))
    indicators.sort(key=lambda n: (str(idx.value(n, BKG.half) or ""), idx.order_key(n)))
    sections.append(v.table("indicators", "绩效指标", "performance indicators", indicators, [
        ("期", "half", v.lit(BKG.half), False),
        ("一级指标", "level 1", v.lit(BKG.level1Name), False),
        ("二级指标", "level 2", v.lit(BKG.level2Name), False),
        ("三级指标", "level 3", v.self_link(root), False),
        ("指标值", "target", v.lit(BKG.targetRaw), False),
    ], root))
    consumed.add(("out", BKG.indicator))
    texts = []
    for p in PROJECT_TEXT:
        for o in idx.objects(node, p):
            head = v.prop_header(p, root)
            texts.append({"label": head["label"], "label_en": head["label_en"], "text": str(o),
                          "lang": getattr(o, "language", None)})
            consumed.add(("out", p))
    if texts:
        sections.append({"id": "description", "title": "项目说明", "title_en": "description",
                         "paras": texts})
    return sections


def _table(v: Views, node, root, consumed) -> list:
    rows = _sorted(v, v.idx.subjects(QB_DATASET, node))
    consumed.add(("in", QB_DATASET))
    unit = v.unit_note(rows)
    columns = [("行", "row", v.self_link(root), False),
               ("栏目二", "second label", v.lit(BKG.rowLabel2), False),
               ("科目", "classification", lambda n: [v.link(x, root) for p in (
                   BKG.functionCode, BKG.economicClass, BKG.governmentEconomicClass)
                   for x in v.idx.objects(n, p)], False)]
    section = v.table("rows", "报表行" + (f"（{unit}）" if unit else ""), "rows", rows,
                      columns + v.measure_columns(rows), root)
    return [section]


def _code(v: Views, node, root, consumed) -> list:
    idx = v.idx
    sections = []
    narrower = _sorted(v, idx.subjects(SKOS.broader, node))
    sections.append(v.table("narrower", "下级", "narrower", narrower, [
        ("代码", "code", v.lit(SKOS.notation), False), ("名称", "name", v.self_link(root), False),
    ], root))
    consumed.add(("in", SKOS.broader))
    rows = []
    for p in (BKG.functionCode, BKG.economicClass, BKG.governmentEconomicClass):
        rows += idx.subjects(p, node)
        consumed.add(("in", p))
    rows = _sorted(v, rows)
    unit = v.unit_note(rows)
    sections.append(v.table("amounts", "报表金额" + (f"（{unit}）" if unit else ""),
                            "amounts in the report tables", rows, [
        ("报表", "table", v.ref(QB_DATASET, root), False), ("行", "row", v.self_link(root), False),
    ] + v.measure_columns(rows), root))
    items = _sorted(v, idx.subjects(BKG.category, node))
    sections.append(v.table("items", "目录条目", "catalogue entries in this category", items, [
        ("部门类别", "section", v.ref(BKG.inSection, root), False),
        ("条目", "entry", v.self_link(root), False),
    ], root))
    consumed.add(("in", BKG.category))
    return sections


def _entry_columns(v: Views, root) -> list:
    """Code, name and level: the columns of every list of catalogue entries."""
    return [
        ("代码", "code", v.lit(SKOS.notation), False), ("名称", "name", v.self_link(root), False),
        ("级次", "level", v.lit(BKG.level), True),
    ]


def _service(v: Views, node, root, consumed) -> list:
    narrower = _sorted(v, v.idx.subjects(SKOS.broader, node))
    consumed.add(("in", SKOS.broader))
    return [v.table("narrower", "下级条目", "narrower entries", narrower, _entry_columns(v, root), root)]


def _members(v: Views, node, root, consumed) -> list:
    members = _sorted(v, v.idx.objects(node, SKOS.member))
    consumed.add(("out", SKOS.member))
    return [v.table("members", "条目", "entries", members, _entry_columns(v, root), root)]


def _catalogue(v: Views, node, root, consumed) -> list:
    sections = _sorted(v, v.idx.objects(node, BKG.hasSection))
    consumed.add(("out", BKG.hasSection))
    consumed.add(("in", SKOS.inScheme))
    return [v.table("sections", "部门类别", "department sections", sections, [
        ("类别", "section", v.self_link(root), False),
        ("条目数", "entries", lambda n: {"text": str(len(v.idx.objects(n, SKOS.member))),
                                         "amount": True}, True),
    ], root)]


def _scheme(v: Views, node, root, consumed) -> list:
    concepts = [c for c in v.idx.subjects(SKOS.inScheme, node)]
    concepts.sort(key=lambda n: (str(v.idx.value(n, SKOS.notation) or ""), v.idx.order_key(n)))
    consumed.add(("in", SKOS.inScheme))
    consumed.add(("in", SKOS.topConceptOf))
    return [v.table("concepts", "概念", "concepts", concepts, [
        ("代码", "code", v.lit(SKOS.notation), False), ("名称", "name", v.self_link(root), False),
    ], root)]


def _organisation(v: Views, node, root, consumed) -> list:
    idx = v.idx
    sections = []
    duties = _sorted(v, idx.objects(node, BKG.duty))
    sections.append(v.table("duties", "职责", "duties", duties, [
        ("序号", "no.", v.lit(BKG.ordinal), True), ("职责", "duty", v.lit(DCTERMS.description), False),
    ], root))
    consumed.add(("out", BKG.duty))
    units = _sorted(v, idx.objects(node, ORG.hasSubOrganization) + idx.objects(node, ORG.hasUnit))
    sections.append(v.table("units", "下属单位和内设科室", "units and offices", units, [
        ("名称", "name", v.self_link(root), False),
        ("类型", "type", lambda n: [v.link(t, root) for t in idx.types(n) if idx.onto.defines(t)], False),
    ], root))
    consumed.update({("out", ORG.hasSubOrganization), ("out", ORG.hasUnit)})
    projects = _sorted(v, idx.subjects(BKG.implementingUnit, node)
                       + idx.subjects(BKG.supervisingDepartment, node))
    sections.append(v.table("projects", "项目", "projects", projects, _project_columns(v, root), root))
    consumed.update({("in", BKG.implementingUnit), ("in", BKG.supervisingDepartment)})
    return sections


def _project_columns(v: Views, root: str) -> list:
    idx = v.idx

    def annual(n):
        funds = idx.value(n, BKG.annualFunds)
        total = idx.value(funds, BKG.total) if funds is not None else None
        return v.literal(total, v.unit_of(funds)) if total is not None else None

    return [("项目", "project", v.self_link(root), False),
            ("实施单位", "implementing unit", v.ref(BKG.implementingUnit, root), False),
            ("项目属性", "attribute", v.lit(BKG.projectAttribute), False),
            ("年度资金", "annual funds", annual, True)]


def _document(v: Views, node, root, consumed) -> list:
    idx = v.idx
    sections = []
    tables = _sorted(v, idx.objects(node, BKG.hasTable))
    sections.append(v.table("tables", "预算报表", "report tables", tables, [
        ("表", "no.", v.lit(BKG.tableNumber), True), ("名称", "title", v.self_link(root), False),
        ("本表无数据", "stated empty", v.lit(BKG.statedEmpty), False),
    ], root))
    projects = _sorted(v, idx.objects(node, BKG.hasProject))
    sections.append(v.table("projects", "项目", "projects", projects, _project_columns(v, root), root))
    figures = _sorted(v, idx.objects(node, BKG.statesFigure))
    sections.append(v.table("figures", "情况说明中的数字", "figures stated in the text", figures, [
        ("项", "key", v.self_link(root), False), ("数值", "value", v.lit(BKG.value), True),
        ("单位", "unit", v.lit(BKG.unitLabel), False),
    ], root))
    changes = _sorted(v, idx.objects(node, BKG.statesChange))
    sections.append(v.table("changes", "增减说明", "stated changes", changes, [
        ("项", "subject", v.self_link(root), False), ("方向", "direction", v.lit(BKG.direction), False),
        ("金额", "amount", v.lit(BKG.changeAmount), True), ("原因", "reason", v.lit(BKG.reason), False),
    ], root))
    parts = _sorted(v, idx.objects(node, BKG.hasSection))
    sections.append(v.table("sections", "文档结构", "document sections", parts, [
        ("部分", "section", v.self_link(root), False),
        ("起始行", "start line", v.lit(BKG.startLine), True),
        ("结束行", "end line", v.lit(BKG.endLine), True),
    ], root))
    consumed.update({("out", p) for p in (BKG.hasTable, BKG.hasProject, BKG.statesFigure,
                                          BKG.statesChange, BKG.hasSection)})
    return sections


SECTIONS = {
    "project": _project, "table": _table, "code": _code, "service": _service,
    "catalogue-section": _members, "catalogue": _catalogue, "scheme": _scheme,
    "department": _organisation, "unit": _organisation, "document": _document,
}
