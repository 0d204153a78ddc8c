"""Each shape family fires on a minimal bad graph and stays silent on a minimal good one.

The graphs are in tests/shapes/: prelude.ttl is a minimal disclosure (document, department, year,
the thirteen tables, the required sections) that conforms with no finding at all; each
``<family>-good.ttl`` / ``<family>-bad.ttl`` adds the entities of one family to it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from budgetkg.validate import validate_graphs
from budgetkg.vocab import BKG

SHAPES = Path(__file__).resolve().parent / "shapes"
FAMILIES = ("structure", "codes", "duplicates", "arithmetic", "consistency", "performance", "checker")

# (severity, shape, a source line the finding must name) for each bad graph, exactly
EXPECTED = {
    "structure": {
        ("Violation", "bkgsh:BudgetLine-rowLabel", 31),
        ("Violation", "bkgsh:BudgetLine-measures", 31),
        ("Violation", "bkgsh:CatalogueItem-prefLabel", 402),
    },
    "codes": {
        ("Violation", "bkgsh:FunctionCodeParentShape", 22),
        ("Violation", "bkgsh:FunctionCodePatternShape", 23),
        ("Violation", "bkgsh:CatalogueCodeLevelShape", 404),
        ("Violation", "bkgsh:CatalogueCodePatternShape", 405),
        ("Warning", "bkgsh:SharedCategoryLabelShape", 412),
    },
    "duplicates": {
        ("Violation", "bkgsh:DuplicateRowKeyShape", 34),
    },
    "arithmetic": {
        ("Violation", "bkgsh:FunctionTreeSumShape", 32),
        ("Info", "bkgsh:RowBreakdownRoundingShape", 31),
        ("Info", "bkgsh:TableTotalRoundingShape", 31),
    },
    "consistency": {
        ("Violation", "bkgsh:FigureMatchesTableShape", 206),
        ("Violation", "bkgsh:StatedEmptyTableShape", 70),
        ("Violation", "bkgsh:StatedEmptyTableShape", 80),
        ("Info", "bkgsh:FigureMatchesTableRoundingShape", 206),
        ("Info", "bkgsh:NarrativePartsAddUpRoundingShape", 206),
    },
    "performance": {
        ("Violation", "bkgsh:IndicatorFamilyShape", 230),
        ("Violation", "bkgsh:IndicatorLevel2Shape", 232),
        ("Warning", "bkgsh:CostTargetWithinBudgetShape", 231),
    },
    "checker": {
        ("Violation", "bkgsh:ProjectFundDecimalsShape", 220),
        ("Warning", "bkgsh:ChangeReasonShape", 201),
        ("Warning", "bkgsh:YearReferenceShape", 202),
        ("Warning", "bkgsh:PlaceholderShape", 221),
    },
}


def graph(*names: str) -> Graph:
    g = Graph()
    for name in names:
        g.parse(SHAPES / name, format="turtle")
    return g


def findings(g: Graph):
    return validate_graphs([g]).findings


def test_the_prelude_conforms_without_any_finding():
    report = validate_graphs([graph("prelude.ttl")])
    assert report.findings == []
    assert report.conforms and report.exit_code == 0


@pytest.mark.parametrize("family", FAMILIES)
def test_good_graph_has_no_finding(family):
    assert [(f.severity, f.shape, f.message_en) for f in findings(graph("prelude.ttl", f"{family}-good.ttl"))] == []


@pytest.mark.parametrize("family", FAMILIES)
def test_bad_graph_gives_exactly_the_expected_findings(family):
    found = findings(graph("prelude.ttl", f"{family}-bad.ttl"))
    got = {(f.severity, f.shape, line) for f in found for line in f.source_lines}
    for expected in EXPECTED[family]:
        assert expected in got, f"{expected} not among {sorted(got)}"
    # nothing else: every finding is one of the expected ones
    for f in found:
        assert any((f.severity, f.shape, line) in EXPECTED[family] for line in f.source_lines), f


def test_bad_findings_carry_expected_and_found_values():
    found = findings(graph("prelude.ttl", "arithmetic-bad.ttl"))
    violation = next(f for f in found if f.shape == "bkgsh:FunctionTreeSumShape" and "total" in f.message_en)
    assert (violation.expected, violation.found) == ("90", "100")
    assert "下级科目合计90" in violation.message and violation.message_en.startswith("the subjects")
    assert violation.label == "表3 一般公共服务支出"


def test_a_missing_table_and_section_are_reported():
    g = graph("prelude.ttl")
    doc = URIRef("https://example.org/d/doc")
    g.remove((doc, BKG.hasTable, URIRef("https://example.org/d/t11")))
    g.remove((doc, BKG.hasSection, URIRef("https://example.org/d/n7")))
    found = {(f.severity, f.shape, f.expected) for f in findings(g)}
    assert ("Violation", "bkgsh:RequiredTablesShape", "agencyOperating") in found
    assert ("Violation", "bkgsh:RequiredSectionsShape", "narrative-七") in found


def test_rounding_tolerance_depends_on_the_number_of_cells():
    """0.005 x (cells + 1): a subject whose two children are summed may be 0.015 off its
    stated amount by rounding alone (a note), not 0.02 (a violation)."""
    from rdflib.namespace import XSD

    for stated, expected in (("90.01", ("Info", "bkgsh:FunctionTreeSumRoundingShape")),
                             ("90.02", ("Violation", "bkgsh:FunctionTreeSumShape"))):
        g = graph("prelude.ttl", "arithmetic-good.ttl")
        g.set((URIRef("https://example.org/d/r201"), BKG.total, Literal(stated, datatype=XSD.decimal)))
        hits = {(f.severity, f.shape) for f in findings(g) if f.shape.startswith("bkgsh:FunctionTree")}
        assert hits == {expected}
