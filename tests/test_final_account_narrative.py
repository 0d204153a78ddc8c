"""The 情况说明 of a final account (部门决算): the real Putuo final account, the national template
(placeholders only) and a hand-written final account of another department and year in other
wording, so that no pattern is tied to one document."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetkg.build.extract.final_narrative import FA_READERS
from budgetkg.build.extract.narrative import FIGURE_KEYS, extract_narrative
from budgetkg.build.pipeline import extract_file
from budgetkg.build.readers import document_from_text
from budgetkg.build.segment import segment

DATA = Path(__file__).resolve().parent / "data"
PUTUO = DATA / "putuo-finance-bureau-2024-final-account.txt"
D = Decimal

OTHER = """\
第三部分 某市水务局2023年度部门决算情况说明
一、收入支出决算总体情况说明
某市水务局2023年度收入支出决算总计1,234.50万元。与2022年度相比，收入支出总计增加34.50万元，
增长2.88%。主要原因是新增防汛应急项目。
二、收入决算情况说明
本年收入合计1,200.00万元，其中：财政拨款收入1,150.00万元，占95.83%；事业收入30.00万元，
占2.50%；其他收入20.00万元，占1.67%。
三、支出决算情况说明
本年支出合计1,180.00万元，其中：基本支出800.00万元，占67.80%；项目支出380.00万元，占32.20%。
四、财政拨款收入支出决算总体情况说明
某市水务局2023年度财政拨款收入支出总计1,160.00万元。与2022年度相比，财政拨款收入支出总计
增加10.00万元，增长0.87%。主要原因是防汛经费增加。
五、一般公共预算财政拨款支出决算情况说明
（一）一般公共预算财政拨款支出决算总体情况
一般公共预算财政拨款支出1,100.00万元，占本年支出合计的93.22%。与2022年度相比，一般公共预算
财政拨款支出增加5.00万元，增长0.46%。主要原因是人员增加。
（二）一般公共预算财政拨款支出决算结构情况
一般公共预算财政拨款支出1,100.00万元，主要用于以下方面：农林水支出（类）900.00万元，占81.82%；
住房保障支出（类）200.00万元，占18.18%。
（三）一般公共预算财政拨款支出决算具体情况
一般公共预算财政拨款支出年初预算为1,250.00万元，支出决算为1,100.00万元，完成年初预算的88.00%。
六、一般公共预算财政拨款基本支出决算情况说明
一般公共预算财政拨款基本支出800.00万元。其中：人员经费700.00万元，主要包括：基本工资；公用经费
100.00万元，主要包括：办公费。
七、财政拨款“三公”经费支出决算情况说明
（一）“三公”经费财政拨款支出决算总体情况说明。
“三公”经费财政拨款支出年初预算为12.00万元，支出决算为9.00万元，完成预算的75.00%，其中：
因公出国（境）费支出决算为0.00万元，完成预算的0%；公务用车购置及运行维护费支出决算为6.00万元，
完成预算的75.00%；公务接待费支出决算为3.00万元，完成预算的75.00%。
十一、其他重要事项的情况说明
（一）机关运行经费支出情况
机关运行经费支出95.00万元，比2022年度减少5.00万元，下降5.00%。主要原因是压减会议费。
（二）政府采购支出情况
某市水务局2023年度政府采购金额为50.00万元，其中：货物采购金额10.00万元、工程采购金额0万元、
服务采购金额40.00万元。
"""


def figures_of(text: str):
    doc = document_from_text(text, "final-account.txt")
    return extract_narrative(segment(doc), path=doc.path, readers=FA_READERS)


def table(figures) -> dict:
    return {(f.key, f.qualifier): f.value for f in figures}


@pytest.fixture(scope="module")
def putuo():
    return extract_file(PUTUO)


def test_the_real_final_account_states_its_totals_shares_and_execution(putuo):
    got = table(putuo.figures)
    assert got[("overall.total", None)] == D("2995.39")
    assert got[("overall.changePct", None)] == D("-1.87")
    assert got[("income.total", None)] == D("2946.25")
    assert got[("income.fiscalAppropriation.share", None)] == D("99.79")
    assert got[("expenditure.basic", None)] == D("2336.91")
    assert got[("fiscal.total", None)] == D("0.3")  # as printed (the tables say 2961.68)
    assert got[("gpb.function", "一般公共服务支出")] == D("2106.66")
    assert got[("gpb.function.share", "一般公共服务支出")] == D("71.73")
    assert (got[("gpb.budget", None)], got[("gpb.total", None)],
            got[("gpb.executionRate", None)]) == (D("2993.92"), D("2940.05"), D("98.20"))
    assert (got[("threePublic.budget", None)], got[("threePublic.total", None)]) == (
        D("0.95"), D("0.00"))
    assert got[("operating.total", None)] == D("184.65")
    assert got[("procurement.services", None)] == D("246.47")
    assert {f.key for f in putuo.figures} <= set(FIGURE_KEYS)


def test_each_figure_keeps_its_line(putuo):
    lines = PUTUO.read_text(encoding="utf-8").split("\n")
    for f in putuo.figures:
        digits = str(abs(f.value)).rstrip("0").rstrip(".") or "0"
        window = "".join(lines[f.line - 1:f.line + 1]).replace(" ", "").replace(",", "")
        assert digits in window, (f.key, f.value, f.line)


def test_reasons_after_a_colon_are_read(putuo):
    changes = {c.subject: c for c in putuo.changes}
    assert changes["gpb"].direction == "decrease" and changes["gpb"].amount == D("-63.14")
    assert changes["gpb"].reason.startswith("基本支出中人员进出")
    assert changes["operating"].reason.startswith("优化办公环境")
    assert changes["threePublic"].direction == "unchanged"


def test_another_department_in_other_wording():
    figures, changes = figures_of(OTHER)
    got = table(figures)
    assert got[("overall.total", None)] == D("1234.50")
    assert got[("income.operationIncome", None)] == D("30.00")
    assert got[("income.otherIncome.share", None)] == D("1.67")
    assert got[("expenditure.project.share", None)] == D("32.20")
    assert got[("fiscal.total", None)] == D("1160.00")
    assert got[("gpb.function", "农林水支出")] == D("900.00")
    assert got[("gpb.function.share", "住房保障支出")] == D("18.18")
    assert got[("gpb.executionRate", None)] == D("88.00")
    assert got[("threePublic.executionRate", None)] == D("75.00")
    assert got[("threePublic.item", "公务接待费")] == D("3.00")
    assert got[("operating.change", None)] == D("-5.00")
    assert got[("procurement.goods", None)] == D("10.00")
    assert {c.subject: c.reason for c in changes}["overall"] == "新增防汛应急项目"
    # the (二) list stops at (三): the execution sentence is no class
    assert not [q for k, q in got if k == "gpb.function" and "预算" in (q or "")]


def test_the_template_with_placeholders_states_no_figure():
    disclosure = extract_file(DATA / "national-final-account-template-2024.pdf")
    assert disclosure.figures == []
