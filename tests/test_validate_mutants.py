"""Mutants of the sample: one change each, and exactly the violation it should cause, at its line.

Each mutant edits one or two cells of the sample document, is built like any disclosure and
validated; the violations it has and the unchanged sample has not must be exactly the expected
ones (the same shape may report several columns of one row)."""

from __future__ import annotations

import re

import pytest

from budgetkg.build.pipeline import build_graph
from budgetkg.validate import validate_graphs


def violations(graph, text: str) -> set[tuple]:
    report = validate_graphs([graph], texts=[text.split("\n")])
    return {(f.shape, tuple(f.source_lines), f.message_en) for f in report.findings
            if f.severity == "Violation"}


@pytest.fixture(scope="module")
def baseline(sample_graph, sample_text):
    return violations(sample_graph, sample_text)


def mutate(text: str, line_start: str, old: str, new: str) -> tuple[str, int]:
    """Replace ``old`` by ``new`` on the one line that starts with ``line_start``; return the new
    text and the 1-based line number."""
    lines = text.split("\n")
    hits = [i for i, ln in enumerate(lines) if ln.startswith(line_start) and old in ln]
    assert len(hits) >= 1, line_start
    i = hits[0]
    lines[i] = lines[i].replace(old, new)
    return "\n".join(lines), i + 1


def new_violations(tmp_path, text, baseline):
    path = tmp_path / "mutant.txt"
    path.write_text(text, encoding="utf-8")
    return violations(build_graph(path), text) - baseline


def line_of(text: str, start: str) -> int:
    return next(i for i, ln in enumerate(text.split("\n"), start=1) if ln.startswith(start))


def test_unchanged_sample_has_none_of_the_mutants_violations(baseline):
    shapes = {shape for shape, _, _ in baseline}
    assert not shapes & {"bkgsh:FunctionTreeSumShape", "bkgsh:EconomicTreeSumShape",
                         "bkgsh:ProjectsAddUpShape"}


def test_a_changed_subject_amount_breaks_its_parent(tmp_path, sample_text, baseline):
    # 2010306 政务公开审批 in the expenditure table: 10 more in total and in project expenditure
    text, _ = mutate(sample_text, "2010306\t政务公开审批\t3425.83\t445.73",
                     "3425.83\t445.73\t2980.10", "3435.83\t445.73\t2990.10")
    parent = line_of(text, "20103\t政府办公厅（室）及相关机构事务\t4879.70\t1336.44")
    changed = line_of(text, "2010306\t政务公开审批\t3435.83")
    # the finding cites the parent row and the rows it adds up (the 项 under 20103 in its table)
    table_end = next(i for i, ln in enumerate(text.split("\n"), start=1)
                     if i > parent and ln.startswith("#"))
    children = tuple(i for i, ln in enumerate(text.split("\n"), start=1)
                     if parent < i < table_end and re.match(r"20103\d\d\t", ln))
    assert changed in children
    new = new_violations(tmp_path, text, baseline)
    # the parent's sum, and the same subject in the income table (which still says 3425.83)
    assert {shape for shape, _, _ in new} == {"bkgsh:FunctionTreeSumShape",
                                              "bkgsh:IncomeExpenditureBySubjectShape"}
    sums = [(lines, msg) for shape, lines, msg in new if shape == "bkgsh:FunctionTreeSumShape"]
    for lines, _ in sums:  # per column: the rows that state an amount in it
        assert lines[0] == parent and changed in lines and set(lines[1:]) <= set(children)
    assert max(len(lines) for lines, _ in sums) == 1 + len(children)  # the total column: all
    assert all("2010306" in msg for _, _, msg in new)
    assert {msg.split(" (")[-1] for _, msg in sums} == {
        "total), more than rounding explains", "project expenditure), more than rounding explains"}
    (subject,) = [lines for shape, lines, _ in new if shape == "bkgsh:IncomeExpenditureBySubjectShape"]
    assert changed in subject


def test_a_changed_economic_amount_breaks_its_category(tmp_path, sample_text, baseline):
    # 办公费 in table 6: 10 more; its category 商品和服务支出 no longer adds up
    text, _ = mutate(sample_text, "办公费\t商品和服务支出", "4.88\t\t4.88", "14.88\t\t14.88")
    category = line_of(text, "商品和服务支出\t\t126.98")
    new = new_violations(tmp_path, text, baseline)
    assert {(shape, lines[0]) for shape, lines, _ in new} == {("bkgsh:EconomicTreeSumShape", category)}
    # the sum names the duplicated rows among those it adds up (公务用车运行维护费 twice)
    assert all("duplicated" in msg for _, _, msg in new)


def test_a_changed_project_amount_breaks_the_projects_total(tmp_path, sample_text, baseline):
    # the first project's annual funds: 588,000 -> 688,000 (total and its municipal source)
    text, _ = mutate(sample_text, "项目资金（元）", "年度资金总额：\t\t588,000", "年度资金总额：\t\t688,000")
    text, _ = mutate(text, "\t\t市县（区）财政资金 588,000", "市县（区）财政资金\t\t588,000",
                     "市县（区）财政资金\t\t688,000")
    total = line_of(text, "合计\t\t5358.61\t1815.35\t3543.26")
    new = new_violations(tmp_path, text, baseline)
    assert {(shape, lines) for shape, lines, _ in new} == {("bkgsh:ProjectsAddUpShape", (total,))}
    (_, _, message), = new
    assert "3553.26" in message and "3543.26" in message


def test_a_catalogue_code_moved_to_the_wrong_level(tmp_path, sample_text, baseline):
    # the first 三级目录 A1502 of the catalogue written in the 二级目录 column
    text, line = mutate(sample_text, "A1502\t\t\t公共公益宣传服务", "A1502\t\t\t公共公益宣传服务\t",
                        "A1502\t\t公共公益宣传服务\t\t")
    new = new_violations(tmp_path, text, baseline)
    assert {(shape, lines) for shape, lines, _ in new} == {("bkgsh:CatalogueCodeLevelShape", (line,))}


def test_a_child_changed_in_one_table_is_found_at_its_own_line(tmp_path, sample_text, baseline):
    # 2010302 一般行政管理事务 in the expenditure table only: 563.16 -> 593.16 (the income table
    # still says 563.16). Its parent's sum cites the child, and the two tables' disagreement on
    # that subject is a violation at the changed row.
    text, _ = mutate(sample_text, "2010302\t一般行政管理事务\t563.16\t\t563.16",
                     "563.16\t\t563.16", "593.16\t\t593.16")
    changed = line_of(text, "2010302\t一般行政管理事务\t593.16")
    income_row = line_of(text, "2010302\t一般行政管理事务\t563.16")
    new = new_violations(tmp_path, text, baseline)
    by_shape = {}
    for shape, lines, message in new:
        by_shape.setdefault(shape, []).append((lines, message))
    assert "bkgsh:IncomeExpenditureBySubjectShape" in by_shape
    (lines, message), = by_shape["bkgsh:IncomeExpenditureBySubjectShape"]
    assert {income_row, changed} <= set(lines) and "2010302" in message
    assert all(changed in lines and "2010302" in message
               for lines, message in by_shape["bkgsh:FunctionTreeSumShape"])
