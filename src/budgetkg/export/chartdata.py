"""What the charts show, read from the graph as plain records (testable without matplotlib).

Every chart is about one disclosure: amounts of different departments or years do not add up to
anything a reader asked for. A graph with several disclosures needs ``document`` (its file name,
IRI or title); a graph with one uses it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from budgetkg.errors import UsageError
from budgetkg.export import rdfread as rr
from budgetkg.export.names import HALVES
from budgetkg.export.views import function_amounts
from budgetkg.vocab import BKG, ORG

TEN_THOUSAND = Decimal(10000)


@dataclass(frozen=True)
class FunctionSlice:
    """A deepest function code with an amount, and the top-level code (类) it falls under."""

    code: str
    label: str
    amount: Decimal  # 万元
    top_code: str
    top_label: str
    top_amount: Decimal | None  # the top-level code's own row, as stated (None if no row)


@dataclass(frozen=True)
class UnitSpending:
    label: str
    type: str  # Department or SubordinateUnit
    amount: Decimal  # 万元, the sum of the annual funds of the projects it implements
    projects: int


@dataclass(frozen=True)
class IndicatorBar:
    level1: str
    level1_en: str
    level2: str
    level2_en: str
    notation: str
    quantitative: int
    qualitative: int
    untargeted: int = 0  # no target value (指标值) at all

    @property
    def total(self) -> int:
        return self.quantitative + self.qualitative + self.untargeted


def pick_document(g: Graph, document: str | None) -> URIRef:
    docs = sorted(g.subjects(RDF.type, BKG.Disclosure))
    if not docs:
        raise UsageError("the graph has no bkg:Disclosure: build it with `budgetkg build` first")
    if document is None:
        if len(docs) > 1:
            names = ", ".join(rr.literal_of(g, d, BKG.fileName) or str(d) for d in docs)
            raise UsageError(f"the graph holds {len(docs)} disclosures; choose one with "
                             f"--document (file name, IRI or title): {names}")
        return docs[0]
    for d in docs:
        names = {str(d), rr.literal_of(g, d, BKG.fileName), rr.literal_of(g, d, DCTERMS.title)}
        if document in names:
            return d
    raise UsageError(f"--document {document!r} matches no disclosure in the graph")


def document_title(g: Graph, doc: URIRef) -> str:
    return rr.literal_of(g, doc, DCTERMS.title) or rr.literal_of(g, doc, BKG.fileName) or str(doc)


def function_slices(g: Graph, doc: URIRef) -> list[FunctionSlice]:
    """The deepest codes with a positive amount in the document's expenditure table, largest
    first within each top-level code, top-level codes largest first."""
    sums = function_amounts(g, tables=set(g.objects(doc, BKG.hasTable)))
    amounts = {c: v["amount"] for c, v in sums.items() if v.get("amount") is not None}
    parents = {c: set(g.objects(c, SKOS.broader)) for c in amounts}
    with_children = {p for ps in parents.values() for p in ps}
    slices = []
    for code, value in amounts.items():
        if code in with_children or value <= 0:
            continue
        top = code
        while True:
            up = sorted(g.objects(top, SKOS.broader))
            if not up:
                break
            top = up[0]
        slices.append(FunctionSlice(
            code=rr.literal_of(g, code, SKOS.notation) or rr.local_name(code),
            label=rr.label_of(g, code), amount=value,
            top_code=rr.literal_of(g, top, SKOS.notation) or rr.local_name(top),
            top_label=rr.label_of(g, top), top_amount=amounts.get(top)))
    top_sum = Counter()
    for s in slices:
        top_sum[s.top_code] += s.amount
    return sorted(slices, key=lambda s: (-top_sum[s.top_code], s.top_code, -s.amount, s.code))


def document_projects(g: Graph, doc: URIRef) -> list[URIRef]:
    return sorted(g.objects(doc, BKG.hasProject))


def unit_spending(g: Graph, doc: URIRef) -> list[UnitSpending]:
    """Project funds for the budget year by implementing unit, in 万元, largest first; listed
    subordinate units without projects are included with zero so that absence shows."""
    totals: dict[URIRef, Decimal] = {}
    counts: Counter = Counter()
    for project in document_projects(g, doc):
        unit = g.value(project, BKG.implementingUnit)
        amount, unit_name = rr.funds_of(g, project)
        if unit is None or amount is None:
            continue
        factor = TEN_THOUSAND if unit_name == "元" else Decimal(1)
        totals[unit] = totals.get(unit, Decimal(0)) + amount / factor
        counts[unit] += 1
    for dept in g.objects(doc, BKG.department):
        for unit in g.subjects(ORG.subOrganizationOf, dept):
            totals.setdefault(unit, Decimal(0))
    rows = [UnitSpending(rr.label_of(g, u), rr.type_of(g, u), v, counts[u]) for u, v in totals.items()]
    return sorted(rows, key=lambda r: (-r.amount, r.label))


def indicator_profile(g: Graph, doc: URIRef, half: str = "annual") -> list[IndicatorBar]:
    """Indicators per level-2 framework concept, split into quantitative, qualitative and
    without a target value, in the framework's order; indicators with only a level-1 concept get
    a bar of their own."""
    if half not in HALVES:
        raise UsageError(f"--half {half!r}: use one of {', '.join(HALVES)}")
    framework = rr.framework_labels()
    counts: dict[URIRef | tuple, list[int]] = {}
    for project in document_projects(g, doc):
        for ind in g.objects(project, BKG.indicator):
            if half != "all" and rr.literal_of(g, ind, BKG.half) != half:
                continue
            key = g.value(ind, BKG.level2) or ("level1", g.value(ind, BKG.level1))
            slot = counts.setdefault(key, [0, 0, 0])
            qualitative = rr.bool_of(g, ind, BKG.qualitative)
            slot[2 if qualitative is None else 1 if qualitative else 0] += 1
    bars = [indicator_bar(key, *slot, framework) for key, slot in counts.items()]
    return sorted(bars, key=lambda b: (b.notation or "9", b.level2))


def indicator_bar(key, quantitative: int, qualitative: int, untargeted: int,
                  framework) -> IndicatorBar:
    if isinstance(key, tuple):  # no level-2 concept: the level-1 concept, if any
        level1 = key[1]
        zh, en, _lvl, _b, notation = framework.get(level1, ("未归类", "unclassified", 0, None, "9"))
        return IndicatorBar(zh, en, f"{zh}（二级未识别）", f"{en} (level 2 unknown)",
                            notation + ".9", quantitative, qualitative, untargeted)
    zh, en, _lvl, broader, notation = framework.get(key, (rr.local_name(key),) * 2 + (2, None, "9"))
    zh1, en1 = framework.get(broader, ("未归类", "unclassified"))[:2]
    return IndicatorBar(zh1, en1, zh, en, notation, quantitative, qualitative, untargeted)
