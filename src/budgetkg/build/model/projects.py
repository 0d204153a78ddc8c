"""Map project performance tables (绩效目标表) to RDF: projects, funds per half, indicators."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from budgetkg.build.model.emit import Emitter
from budgetkg.build.model.organisation import org_iri, resolve_unit
from budgetkg.build.records import Disclosure, Funds, Indicator, Project, Span
from budgetkg.rdf.iris import short_hash
from budgetkg.vocab import BKG, FUND_PROPERTY, YUAN_UNIT, framework_concept

TEXT_FIELDS = {
    "overview": BKG.overview,
    "basis": BKG.legalBasis,
    "necessity": BKG.necessity,
    "safeguards": BKG.safeguards,
    "plan": BKG.implementationPlan,
    "goal_implementation": BKG.implementationGoal,
    "goal_annual": BKG.annualGoal,
}
HALF_CODE = {"implementation": "i", "annual": "a"}


def project_iri(em: Emitter, d: Disclosure, p: Project) -> URIRef:
    """Keyed by what identifies a project in its table, not by its position, so reordering the
    tables of a document leaves every project IRI unchanged; true duplicates get -2, -3."""
    key = short_hash(p.name, p.unit, p.funds_implementation.total, p.funds_annual.total)
    year = str(d.department.year or "undated")
    return em.mint.unique("project", year, short_hash(d.department.name, length=8), key)


def map_projects(em: Emitter, d: Disclosure) -> None:
    for p in sorted(d.projects, key=lambda p: p.span.start):
        map_project(em, d, p)


def map_project(em: Emitter, d: Disclosure, p: Project) -> URIRef:
    node = project_iri(em, d, p)
    g = em.graph
    em.entity(node, BKG.Project, p.span, p.name)
    em.text(node, BKG.projectName, p.name)
    g.add((em.doc, BKG.hasProject, node))
    g.add((node, BKG.documentOrder, Literal(p.seq, datatype=XSD.integer)))
    if p.supervisor:
        sup = em.dept if p.supervisor == d.department.name else org_iri(em, p.supervisor)
        g.add((node, BKG.supervisingDepartment, sup))
        em.text(node, BKG.supervisingDepartmentName, p.supervisor)
    if p.supervisor_code:
        g.add((node, BKG.supervisingDepartmentCode, Literal(p.supervisor_code)))
    unit = resolve_unit(em, d, p.unit, p.span)
    if unit is not None:
        g.add((node, BKG.implementingUnit, unit))
    em.text(node, BKG.implementingUnitName, p.unit)
    em.text(node, BKG.projectAttribute, p.attribute)
    em.add(node, BKG.periodYears, p.period_years)
    em.text(node, BKG.periodAsWritten, p.period_raw)
    for attr, prop in TEXT_FIELDS.items():
        em.text(node, prop, getattr(p, attr))
    if p.filing_date:
        em.add(node, BKG.filingDate, p.filing_date)
    if p.filing_raw:
        g.add((node, BKG.filingDateAsWritten, Literal(p.filing_raw)))
    map_funds(em, node, "implementation", p.funds_implementation, p.span)
    map_funds(em, node, "annual", p.funds_annual, p.span)
    for ind in p.indicators:
        map_indicator(em, node, ind)
    return node


def map_funds(em: Emitter, project: URIRef, half: str, funds: Funds, span: Span) -> None:
    node = URIRef(f"{project}/funds/{half}")
    em.entity(node, BKG.FundAllocation, span)
    em.graph.add((node, BKG.half, Literal(half)))
    em.graph.add((node, BKG.currencyUnit, YUAN_UNIT))
    for attr, prop in FUND_PROPERTY.items():
        em.add(node, prop, getattr(funds, attr))
    prop = BKG.implementationFunds if half == "implementation" else BKG.annualFunds
    em.graph.add((project, prop, node))


def map_indicator(em: Emitter, project: URIRef, ind: Indicator) -> None:
    node = URIRef(f"{project}/indicator/{HALF_CODE[ind.half]}{ind.seq}")
    g = em.graph
    em.entity(node, BKG.PerformanceIndicator, Span(ind.line, ind.line), ind.level3)
    g.add((project, BKG.indicator, node))
    g.add((node, BKG.half, Literal(ind.half)))
    g.add((node, BKG.order, Literal(ind.seq, datatype=XSD.integer)))
    em.text(node, BKG.level1Name, ind.level1)
    em.text(node, BKG.level2Name, ind.level2)
    em.text(node, BKG.level3Name, ind.level3)
    if ind.level1_inferred:
        g.add((node, BKG.level1Inferred, Literal(True)))
    if ind.level2_inferred:
        g.add((node, BKG.level2Inferred, Literal(True)))
    c1, c2 = framework_concept(ind.level1, 1), framework_concept(ind.level2, 2)
    if c1 is not None:
        g.add((node, BKG.level1, c1))
    if c2 is not None:
        g.add((node, BKG.level2, c2))
    t = ind.target
    if t is None:
        return
    g.add((node, BKG.targetRaw, Literal(t.raw)))
    g.add((node, BKG.qualitative, Literal(t.qualitative)))
    if t.comparator:
        g.add((node, BKG.comparator, Literal(t.comparator)))
    em.add(node, BKG.targetNumber, t.number)
    if t.unit:
        g.add((node, BKG.targetUnit, Literal(t.unit)))
    if t.period:
        g.add((node, BKG.targetPeriod, Literal(t.period)))
