"""The shipped sample disclosure: every real defect is reported at its source line, rounding
differences only as rounding notes, and nothing else is a violation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkg.validate import validate_graphs


@pytest.fixture(scope="module")
def report(sample_graph, sample_doc):
    return validate_graphs([sample_graph], texts=[[line.text for line in sample_doc.lines]])


def at(report, severity):
    return {(f.shape, line) for f in report.findings if f.severity == severity for line in f.source_lines}


# The sample's defects that are violations, each with the line it is written on.
VIOLATIONS = {
    # table 5 (一般公共预算支出预算表) is marked 本表无数据 while table 4 spends 5358.61 of
    # general public budget money (本年支出合计, line 233)
    ("bkgsh:StatedEmptyTableShape", 240), ("bkgsh:StatedEmptyTableShape", 233),
    # table 12 (项目支出预算表（本年预算）) is marked 本表无数据 while the expenditure table states
    # 3543.26 of project expenditure (line 170) and part 3 lists 31 projects (line 465)
    ("bkgsh:StatedEmptyTableShape", 371), ("bkgsh:StatedEmptyTableShape", 465),
    # section 五 says general-public-budget spending is 0; table 4 says 5358.61
    ("bkgsh:FigureMatchesTableShape", 422), ("bkgsh:FigureMatchesTableShape", 233),
    # table 6 lists 公务用车运行维护费 / 公务用车运行维护费 twice
    ("bkgsh:DuplicateRowKeyShape", 293), ("bkgsh:DuplicateRowKeyShape", 292),
    # catalogue: codes written in the wrong column, a code without its letter, empty names,
    # codes that do not extend the code they are listed under
    ("bkgsh:CatalogueCodeLevelShape", 3074), ("bkgsh:CatalogueCodeLevelShape", 3075),
    ("bkgsh:CatalogueCodeLevelShape", 3076), ("bkgsh:CatalogueCodeLevelShape", 3077),
    ("bkgsh:CatalogueCodeLevelShape", 3201),
    ("bkgsh:CatalogueCodePatternShape", 2473),
    ("bkgsh:CatalogueItem-prefLabel", 2025), ("bkgsh:CatalogueItem-prefLabel", 3320),
    ("bkgsh:CatalogueCodeParentShape", 2255), ("bkgsh:CatalogueCodeParentShape", 2278),
    ("bkgsh:CatalogueCodeParentShape", 3266),
    # two indicators of one project written with a level-1 name in the level-2 column
    ("bkgsh:IndicatorLevel2Shape", 809), ("bkgsh:IndicatorLevel2Shape", 810),
}

WARNINGS = {
    ("bkgsh:ChangeReasonShape", 422),  # the decrease of 3930.20 is given no reason
    ("bkgsh:VehicleRunningDiffersShape", 357),  # 12.40 in the 三公 table, 5.00 + 5.40 in table 6
    ("bkgsh:VehicleRunningDiffersShape", 292),
    ("bkgsh:OperatingUnitCountShape", 451),  # "共3个单位" while table 11 lists one unit
    ("bkgsh:YearReferenceShape", 1275),  # "2020年1-10月 ... 预计2021年" in a 2024 project
    ("bkgsh:SharedCategoryLabelShape", 2388),  # A17 技术型公共服务 (技术性 elsewhere)
    ("bkgsh:SharedCategoryLabelShape", 2797),
    ("bkgsh:SharedCategoryLabelShape", 3098),  # A17 技术性服务
    ("bkgsh:SharedCategoryLabelShape", 2912),  # A18 其它公共服务
    ("bkgsh:HalvesAgreeShape", 650),  # the two halves of one row disagree on the level-2
    ("bkgsh:HalvesAgreeShape", 1365),
    ("bkgsh:PerformanceIndicator-targetRaw", 1328),  # the annual half's target cell is empty
}


def test_every_real_defect_is_a_violation_at_its_line(report):
    assert VIOLATIONS <= at(report, "Violation")


def test_nothing_else_is_a_violation(report):
    unexpected = {(f.shape, tuple(f.source_lines)) for f in report.findings
                  if f.severity == "Violation" and not any((f.shape, n) in VIOLATIONS for n in f.source_lines)}
    assert unexpected == set()
    assert not report.conforms and report.exit_code == 1


def test_suspicious_things_are_warnings_at_their_line(report):
    assert WARNINGS <= at(report, "Warning")


def test_rounding_differences_are_only_notes(report):
    arithmetic = [f for f in report.findings if f.family == "arithmetic"]
    assert arithmetic, "the sample has rounding differences"
    assert {f.severity for f in arithmetic} == {"Info"}
    assert all(f.shape.endswith("RoundingShape") for f in report.findings if f.severity == "Info")
    for f in arithmetic:  # each is a cent or a few, never more than rounding explains
        assert Decimal(0) < abs(Decimal(f.expected) - Decimal(f.found)) <= Decimal("0.11"), f
    notes = {(f.shape, f.source_lines[0]) for f in arithmetic}
    assert ("bkgsh:FunctionTreeSumRoundingShape", 141) in notes  # 4879.69 under 4879.70
    assert ("bkgsh:EconomicTreeSumRoundingShape", 283) in notes  # 126.99 under 126.98


def test_the_sum_over_a_duplicated_row_says_so(report):
    note = next(f for f in report.findings
                if f.shape == "bkgsh:EconomicTreeSumRoundingShape" and f.source_lines[0] == 283)
    assert {292, 293} <= set(note.source_lines)
    assert "重复" in note.message and "duplicated" in note.message_en


def test_duplicates_are_listed_before_sums(report):
    violations = report.of("Violation")
    first_duplicate = next(i for i, f in enumerate(violations) if f.family == "duplicates")
    assert all(f.family not in ("arithmetic", "consistency") for f in violations[:first_duplicate])


def test_findings_name_their_focus_and_values(report):
    f = next(f for f in report.findings if f.shape == "bkgsh:FigureMatchesTableShape")
    assert (f.expected, f.found) == ("5358.61", "0")
    assert f.label.startswith("情况说明五 gpb.total")
    assert "5358.61" in f.message and "5358.61" in f.message_en
    level = next(f for f in report.findings
                 if f.shape == "bkgsh:CatalogueCodeLevelShape" and 3074 in f.source_lines)
    assert (level.expected, level.found) == ("3", "4")
    assert "A1602" in level.label and "行政审批" in level.label


def test_a_finding_on_a_project_points_at_the_line_of_the_text(report):
    """The project spans lines 1264-1302; the stale years are written on line 1275."""
    year = next(f for f in report.findings if f.shape == "bkgsh:YearReferenceShape")
    assert year.source_lines == [1275]
    assert year.found == "2020年 2021年"
