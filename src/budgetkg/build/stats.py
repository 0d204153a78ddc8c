"""Counts that tell a person what a build produced."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import RDF

from budgetkg.vocab import BKG

COUNTED = (
    ("projects", BKG.Project),
    ("indicators", BKG.PerformanceIndicator),
    ("units", BKG.SubordinateUnit),
    ("offices", BKG.InternalOffice),
    ("function codes", BKG.FunctionCode),
    ("economic classes", BKG.EconomicClass),
    ("report tables", BKG.BudgetTable),
    ("table rows", BKG.BudgetLine),
    ("catalogue sections", BKG.CatalogueSection),
    ("catalogue entries", BKG.CatalogueItem),
    ("glossary terms", BKG.GlossaryTerm),
)


def class_counts(graphs: list[Graph]) -> dict[str, int]:
    counts = {}
    for label, cls in COUNTED:
        subjects = set()
        for g in graphs:
            subjects.update(g.subjects(RDF.type, cls))
        counts[label] = len(subjects)
    return counts


def summarise(graphs: list[Graph], output: str, fmt: str, seconds: float) -> str:
    triples = sum(len(g) for g in graphs)
    lines = [f"documents: {len(graphs)}", f"triples: {triples}"]
    lines += [f"{label}: {n}" for label, n in class_counts(graphs).items()]
    lines.append(f"output: {output} ({fmt})")
    lines.append(f"time: {seconds:.2f} s")
    return "\n".join(lines)
