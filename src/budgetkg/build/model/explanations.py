"""Map a final account's per-subject explanations: 决算数 against 预算数, the execution rate
(computed), the stated reason, and the function code they explain."""

from __future__ import annotations

from decimal import Decimal

from rdflib import Literal
from rdflib.namespace import XSD

from budgetkg.build.model.emit import Emitter
from budgetkg.build.records import Disclosure, Span
from budgetkg.vocab import BKG, WAN_YUAN_UNIT


def map_explanations(em: Emitter, d: Disclosure) -> None:
    year = str(em.year or "undated")
    for i, e in enumerate(d.explanations, start=1):
        node = em.mint.doc("explanation", str(i))
        em.entity(node, BKG.SubjectExplanation, Span(e.line, e.line), e.subject)
        em.add(node, BKG.statedBudget, e.budget)
        em.add(node, BKG.statedFinalAccount, e.final)
        em.add(node, BKG.executionRate, execution_rate(e.budget, e.final))
        em.graph.add((node, BKG.currencyUnit, WAN_YUAN_UNIT))
        em.text(node, BKG.statedReason, e.reason)
        em.graph.add((node, BKG.statedOnPar, Literal(e.on_par, datatype=XSD.boolean)))
        if e.code:
            em.graph.add((node, BKG.explainedSubject,
                          em.mint.iri("scheme", "function", year, e.code)))
        if e.line in d.line_pages:
            em.graph.add((node, BKG.page, Literal(d.line_pages[e.line], datatype=XSD.integer)))
        em.graph.add((em.doc, BKG.statesExplanation, node))


def execution_rate(budget: Decimal | None, final: Decimal | None) -> Decimal | None:
    """决算数 / 预算数 in percent, to 0.01; none when there is no budget to divide by."""
    if budget is None or final is None or budget == 0:
        return None
    return (final / budget * 100).quantize(Decimal("0.01"))
