"""Map report tables to RDF Data Cube: one qb:DataSet per table, one qb:Observation per row.

Function subject codes become a per-year SKOS scheme (the Ministry revises it yearly) with
skos:broader by code prefix; economic classification names (the tables carry no codes) become
concepts of two parallel schemes keyed by name.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, QB, RDF, SKOS, XSD

from budgetkg.build.model.emit import Emitter
from budgetkg.build.records import Disclosure, ReportTable, Span, TableRow
from budgetkg.rdf.iris import short_hash
from budgetkg.vocab import BKG, MEASURE_PROPERTY, WAN_YUAN_UNIT, YUAN_UNIT

FUNCTION_LEVEL = {3: 1, 5: 2, 7: 3}


def unit_node(unit: str) -> URIRef:
    return YUAN_UNIT if unit == "元" else WAN_YUAN_UNIT


def map_tables(em: Emitter, d: Disclosure) -> None:
    final = any(t.phase == "executed" for t in d.tables)
    em.graph.add((em.doc, BKG.documentKind,
                  BKG.DepartmentFinalAccount if final else BKG.DepartmentBudget))
    for table in d.tables:
        map_table(em, d, table)
        add_pages(em, d, table)


def add_pages(em: Emitter, d: Disclosure, t: ReportTable) -> None:
    """Budget phase of the table's amounts, and the PDF page of the table and of each row."""
    node = table_iri(em, t.number)
    phase = BKG.Executed if t.phase == "executed" else BKG.Approved
    em.graph.add((node, BKG.budgetPhase, phase))
    if not d.line_pages:
        return
    if t.span.start in d.line_pages:
        em.graph.add((node, BKG.page, Literal(d.line_pages[t.span.start], datatype=XSD.integer)))
    for i, row in enumerate(t.rows, start=1):
        if row.line in d.line_pages:
            obs = em.mint.doc("table", str(t.number), "row", str(i))
            em.graph.add((obs, BKG.page, Literal(d.line_pages[row.line], datatype=XSD.integer)))


def table_iri(em: Emitter, number: int) -> URIRef:
    return em.mint.doc("table", str(number))


def structure_iri(kind: str) -> URIRef:
    """The ontology's data structure definition of a kind of table (expenditure ->
    bkg:ExpenditureStructure): its own measures, bkg:rowOrder as the dimension."""
    return BKG[kind[:1].upper() + kind[1:] + "Structure"]


def map_table(em: Emitter, d: Disclosure, t: ReportTable) -> None:
    node = table_iri(em, t.number)
    em.entity(node, BKG.BudgetTable, t.span, t.title)
    em.graph.add((node, RDF.type, QB.DataSet))
    em.graph.add((node, QB.structure, structure_iri(t.kind)))
    em.graph.add((node, BKG.tableNumber, Literal(t.number, datatype=XSD.integer)))
    em.graph.add((node, BKG.tableKind, Literal(t.kind)))
    em.graph.add((node, BKG.statedEmpty, Literal(t.stated_empty, datatype=XSD.boolean)))
    em.graph.add((node, BKG.currencyUnit, unit_node(t.unit)))
    if t.year:
        em.graph.add((node, BKG.fiscalYear, em.mint.iri("year", str(t.year))))
    em.text(node, BKG.departmentNameAsWritten, t.department_name)
    em.graph.add((em.doc, BKG.hasTable, node))
    parent_econ: URIRef | None = None
    for i, row in enumerate(t.rows, start=1):
        obs = em.mint.doc("table", str(t.number), "row", str(i))
        map_row(em, t, row, obs, i)
        em.graph.add((obs, QB.dataSet, node))
        if t.kind == "basicByEconomic" and row.role == "line":
            parent_econ = map_economic(em, t, row, obs, parent_econ)


def map_row(em: Emitter, t: ReportTable, row: TableRow, obs: URIRef, order: int) -> None:
    em.entity(obs, BKG.BudgetLine, Span(row.line, row.line))
    em.graph.add((obs, RDF.type, QB.Observation))
    em.text(obs, BKG.rowLabel, row.label)
    em.text(obs, BKG.rowLabel2, row.label2)
    em.graph.add((obs, BKG.rowOrder, Literal(order, datatype=XSD.integer)))
    em.graph.add((obs, BKG.rowRole, Literal(row.role)))
    if row.side:
        em.graph.add((obs, BKG.side, Literal(row.side)))
    em.graph.add((obs, BKG.currencyUnit, unit_node(t.unit)))
    if row.cells:
        em.graph.add((obs, BKG.rowCells, Literal("\t".join(row.cells))))
    for key, value in sorted(row.values.items()):
        em.add(obs, MEASURE_PROPERTY[key], value)
    if row.code and t.kind == "faBasic":  # economic classification codes (301 工资福利支出)
        year = str(t.year or em.year or "undated")
        concept = economic_concept(em, "economic-department", year, row.label, row.line)
        em.graph.add((concept, SKOS.notation, Literal(row.code)))
        em.graph.add((obs, BKG.economicClass, concept))
    elif row.code:
        em.graph.add((obs, BKG.functionCode, function_concept(em, t, row)))


def function_concept(em: Emitter, t: ReportTable, row: TableRow) -> URIRef:
    """The code's concept in the year's function classification, with its broader code."""
    year = str(t.year or em.year or "undated")
    scheme = em.mint.iri("scheme", "function", year)
    code = row.code
    node = em.mint.iri("scheme", "function", year, code)
    g = em.graph
    if (node, RDF.type, BKG.FunctionCode) not in g:
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        g.add((scheme, RDF.type, BKG.FunctionClassification))
        g.add((scheme, SKOS.prefLabel, Literal(f"支出功能分类科目 {year}", lang="zh")))
        g.add((scheme, SKOS.prefLabel, Literal(f"Functional classification of expenditure {year}", lang="en")))
        em.entity(node, BKG.FunctionCode, Span(row.line, row.line))
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.inScheme, scheme))
        g.add((node, SKOS.notation, Literal(code)))
        level = FUNCTION_LEVEL.get(len(code))
        if level:
            g.add((node, BKG.level, Literal(level, datatype=XSD.integer)))
        if level == 1:
            g.add((node, SKOS.topConceptOf, scheme))
        if level and level > 1:
            parent = code[: {2: 3, 3: 5}[level]]
            g.add((node, SKOS.broader, em.mint.iri("scheme", "function", year, parent)))
    em.text(node, SKOS.prefLabel, row.label)
    return node


def map_economic(em: Emitter, t: ReportTable, row: TableRow, obs: URIRef,
                 parent: URIRef | None) -> URIRef | None:
    """Table 6 pairs a departmental economic class (label) with a government one (label2).
    Category rows have no label2; the rows under them are their narrower classes."""
    year = str(t.year or em.year or "undated")
    dept_node = economic_concept(em, "economic-department", year, row.label, row.line)
    em.graph.add((obs, BKG.economicClass, dept_node))
    if not row.label2:
        return dept_node
    if parent is not None and parent != dept_node:
        em.graph.add((dept_node, SKOS.broader, parent))
    gov = economic_concept(em, "economic-government", year, row.label2, row.line)
    em.graph.add((obs, BKG.governmentEconomicClass, gov))
    return parent


def economic_concept(em: Emitter, scheme_key: str, year: str, name: str, line: int) -> URIRef:
    scheme = em.mint.iri("scheme", scheme_key, year)
    node = em.mint.iri("scheme", scheme_key, year, short_hash(name))
    g = em.graph
    if (node, RDF.type, BKG.EconomicClass) not in g:
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        g.add((scheme, RDF.type, BKG.EconomicClassification))
        zh = "部门预算支出经济分类" if scheme_key.endswith("department") else "政府预算支出经济分类"
        en = "Departmental" if scheme_key.endswith("department") else "Government"
        g.add((scheme, SKOS.prefLabel, Literal(f"{zh} {year}", lang="zh")))
        g.add((scheme, SKOS.prefLabel, Literal(f"{en} economic classification of expenditure {year}", lang="en")))
        em.entity(node, BKG.EconomicClass, Span(line, line))
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.inScheme, scheme))
        em.text(node, SKOS.prefLabel, name)
    return node


def map_narrative(em: Emitter, d: Disclosure) -> None:
    final = any(t.phase == "executed" for t in d.tables)
    for fig in d.figures:
        n = em.mint.unique("doc", em.mint.doc_key, "figure", fig.key + (
            "-" + short_hash(fig.qualifier, length=6) if fig.qualifier else ""))
        em.entity(n, BKG.StatedFigure, Span(fig.line, fig.line))
        em.graph.add((n, BKG.figureKey, Literal(fig.key)))
        em.text(n, BKG.qualifier, fig.qualifier)
        em.add(n, BKG.value, fig.value)
        em.graph.add((n, BKG.unitLabel, Literal(fig.unit)))
        if fig.unit in ("万元", "元"):
            em.graph.add((n, BKG.currencyUnit, unit_node(fig.unit)))
            # a final account states the year's budget (年初预算为…) beside what was spent
            executed = final and not fig.key.endswith(".budget")
            em.graph.add((n, BKG.budgetPhase, BKG.Executed if executed else BKG.Approved))
        em.graph.add((n, BKG.narrativeSection, Literal(fig.section)))
        em.text(n, DCTERMS.description, fig.text)
        em.graph.add((em.doc, BKG.statesFigure, n))
    for ch in d.changes:
        n = em.mint.unique("doc", em.mint.doc_key, "change", ch.subject)
        em.entity(n, BKG.ChangeStatement, Span(ch.line, ch.line))
        em.graph.add((n, BKG.changeSubject, Literal(ch.subject)))
        em.graph.add((n, BKG.direction, Literal(ch.direction)))
        em.add(n, BKG.changeAmount, ch.amount)
        em.add(n, BKG.changePercent, ch.percent)
        em.graph.add((n, BKG.reason, Literal(ch.reason, lang="zh") if ch.reason else Literal("")))
        em.graph.add((n, BKG.narrativeSection, Literal(ch.section)))
        em.graph.add((em.doc, BKG.statesChange, n))
