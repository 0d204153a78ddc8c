"""Checks of final accounts (部门决算) on the real Putuo final account and mutants of it: the
overview balances, its figures agree with the income and expenditure tables, and the
disagreements the real document has are reported with their lines (and page): 社会保障和就业支出
326.71 in the overview, 326.72 in the expenditure table (rounding); and in its explanations a
财政拨款收入支出总计 of 0.3万元 where the tables say 2,961.68, and a class share of 71.73% where
its own amounts give 71.65% (violations)."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetkg.build.pipeline import build_graph
from budgetkg.validate import validate_graphs

DATA = Path(__file__).resolve().parent / "data"
TEXT = DATA / "putuo-finance-bureau-2024-final-account.txt"
PDF = DATA / "putuo-finance-bureau-2024-final-account-tables.pdf"


def findings_of(path: Path) -> list:
    return validate_graphs([build_graph(path)]).findings


def mutant(tmp_path: Path, old: str, new: str) -> Path:
    text = TEXT.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "mutant.txt"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(i for i, ln in enumerate(lines, start=1) if ln.startswith(start))


@pytest.fixture(scope="module")
def real():
    return findings_of(TEXT)


def test_the_real_documents_explanations_contradict_its_tables_twice(real):
    violations = {(f.shape, f.found, f.expected) for f in real if f.severity == "Violation"}
    assert violations == {("bkgsh:FigureMatchesTableShape", "0.30", "2961.68"),
                          ("bkgsh:NarrativePercentShape", "71.73", "71.65")}
    (fiscal,) = [f for f in real if f.found == "0.30"]
    # the sentence (财政拨款收入支出总计0.3万元) and the fiscal overview's 总计 row
    assert line_of(TEXT, "上海市普陀区财政局2024年度财政拨款收入支出总计0.3万元") in fiscal.source_lines
    assert len(fiscal.source_lines) == 2


def test_the_real_document_balances_and_its_tables_disagree_once(real):
    (found,) = [f for f in real if f.shape == "bkgsh:TablesAgreeRoundingShape"]
    assert "社会保障和就业支出" in found.message
    assert (found.found, found.expected) == ("326.71", "326.72")
    lines = TEXT.read_text(encoding="utf-8").split("\n")
    # the overview's expenditure side (line 94: ... 八、社会保障和就业支出 326.71) and the
    # expenditure table's row (208 社会保障和就业支出 326.72, after its title 支出决算表)
    overview = next(i for i, ln in enumerate(lines, start=1) if "八、社会保障和就业支出\t326.71" in ln)
    title = next(i for i, ln in enumerate(lines, start=1) if ln == "支出决算表" and i > overview)
    table = next(i for i, ln in enumerate(lines, start=1)
                 if i > title and ln.startswith("208\t社会保障和就业支出"))
    assert {overview, table} <= set(found.source_lines)
    assert not [f for f in real if f.shape.startswith("bkgsh:FinalAccountBalance")]


def test_the_pdf_finding_names_its_page():
    (found,) = [f for f in findings_of(PDF) if f.shape == "bkgsh:TablesAgreeRoundingShape"]
    assert found.source_pages and found.source_lines


def test_an_overview_that_does_not_balance_is_a_violation(tmp_path):
    path = mutant(tmp_path, "年初结转和结余\t49.14\t年末结转和结余\t55.34",
                  "年初结转和结余\t49.14\t年末结转和结余\t65.34")
    (found,) = [f for f in findings_of(path) if f.shape == "bkgsh:FinalAccountBalanceShape"]
    assert found.severity == "Violation"
    assert (found.found, found.expected) == ("2995.39", "3005.39")
    assert line_of(path, "本年收入合计\t2,946.25") in found.source_lines


def test_an_overview_subtotal_that_the_table_contradicts_is_a_violation(tmp_path):
    path = mutant(tmp_path, "本年收入合计\t2,946.25\t本年支出合计\t2,940.05",
                  "本年收入合计\t2,956.25\t本年支出合计\t2,940.05")
    shapes = {(f.shape, f.severity) for f in findings_of(path)}
    assert ("bkgsh:TablesAgreeShape", "Violation") in shapes
    assert ("bkgsh:FinalAccountBalanceShape", "Violation") in shapes


def test_explanations_are_checked_against_the_final_account_tables(tmp_path):
    """A 三公 budget, an income source and general-budget spending restated wrongly."""
    path = mutant(tmp_path, "“三公”经费财政拨款支出年初预算为0.95万元",
                  "“三公”经费财政拨款支出年初预算为1.95万元")
    found = [(f.shape, f.found, f.expected) for f in findings_of(path) if f.severity == "Violation"]
    assert ("bkgsh:FigureMatchesTableShape", "1.95", "0.95") in found
    path = mutant(tmp_path, "其他\n收入6.2万元", "其他\n收入16.2万元")
    found = [(f.shape, f.found, f.expected) for f in findings_of(path) if f.severity == "Violation"]
    assert ("bkgsh:FigureMatchesTableShape", "16.20", "6.20") in found


def test_a_completion_rate_that_its_amounts_do_not_give_is_a_violation(tmp_path):
    path = mutant(tmp_path, "成年初预算的98.20%", "成年初预算的96.20%")
    (found,) = [f for f in findings_of(path) if f.shape == "bkgsh:NarrativePercentShape"
                and f.found == "96.20"]
    assert found.severity == "Violation" and found.expected == "98.20"


def test_agency_operating_expenses_above_public_funds_are_a_warning(tmp_path):
    path = mutant(tmp_path, "机关运行经费支出184.65万元", "机关运行经费支出284.65万元")
    (found,) = [f for f in findings_of(path) if f.shape == "bkgsh:OperatingWithinPublicFundsShape"]
    assert found.severity == "Warning"
    assert (found.found, found.expected) == ("284.65", "184.65")
    assert line_of(path, "机关运行经费支出284.65万元") in found.source_lines
