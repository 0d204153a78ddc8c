"""Narrative figures and change statements: the sample's 情况说明 and 国有资产 sections, a copy
of it for another department and year, and a hand-written variant in other wording."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from budgetkg.build.extract.narrative import FIGURE_KEYS, extract_narrative
from budgetkg.build.readers import document_from_text, read_document
from budgetkg.build.segment import segment

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample-disclosure.txt"
D = Decimal


def extract(text: str):
    doc = document_from_text(text, "variant.txt")
    return extract_narrative(segment(doc), path=doc.path)


def value(figures, key, qualifier=None, section=None):
    found = [
        f
        for f in figures
        if f.key == key and f.qualifier == qualifier and (section is None or f.section == section)
    ]
    assert found, f"no figure {key} {qualifier or ''}"
    values = {f.value for f in found}
    assert len(values) == 1, f"{key}: {values}"
    return values.pop()


@pytest.fixture(scope="module")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def doc():
    return read_document(SAMPLE)


@pytest.fixture(scope="module")
def result(doc):
    return extract_narrative(segment(doc), path=doc.path)


@pytest.fixture(scope="module")
def figures(result):
    return result[0]


@pytest.fixture(scope="module")
def changes(result):
    return result[1]


# --- the sample --------------------------------------------------------------------------------


def test_section_one_income_and_expenditure(figures):
    for side in ("income", "expenditure"):
        assert value(figures, f"{side}.total", section="一") == D("5358.61")
        assert value(figures, f"{side}.currentYear", section="一") == D("5358.61")
        assert value(figures, f"{side}.carryOver", section="一") == D("0")
        assert value(figures, f"{side}.change") == D("1428.41")
        assert value(figures, f"{side}.changePct") == D("36.34")


def test_section_two_sources_with_shares(figures):
    assert value(figures, "income.total", section="二") == D("5358.61")
    assert value(figures, "income.generalPublicBudget") == D("5358.61")
    assert str(value(figures, "income.generalPublicBudget.share")) == "100.00"
    for source in ("governmentFund", "stateCapital", "specialAccount", "unitFunds"):
        assert value(figures, f"income.{source}") == 0
        assert value(figures, f"income.{source}.share") == 0
    assert value(figures, "income.carryOver.share") == 0


def test_section_three_basic_and_project(figures):
    assert value(figures, "expenditure.total", section="三") == D("5358.61")
    assert value(figures, "expenditure.basic") == D("1815.35")
    assert value(figures, "expenditure.basic.share") == D("33.88")
    assert value(figures, "expenditure.project") == D("3543.26")
    assert value(figures, "expenditure.project.share") == D("66.12")


def test_section_four_fiscal(figures):
    assert value(figures, "fiscal.total") == D("5358.61")
    assert value(figures, "fiscal.generalPublicBudget") == D("5358.61")
    assert value(figures, "fiscal.governmentFund") == 0
    assert value(figures, "fiscal.stateCapital") == 0
    assert value(figures, "fiscal.currentYear") == D("5358.61")
    assert value(figures, "fiscal.carryOver") == 0
    functions = {f.qualifier: f.value for f in figures if f.key == "fiscal.function"}
    assert functions == {
        "一般公共服务支出": D("4879.70"),
        "社会保障和就业支出": D("221.54"),
        "卫生健康支出": D("84.03"),  # written across a paragraph break
        "住房保障支出": D("173.34"),
    }
    health = next(f for f in figures if f.qualifier == "卫生健康支出")
    assert health.line == 416


def test_section_five_gpb_decrease(figures):
    assert value(figures, "gpb.total") == 0
    assert value(figures, "gpb.change") == D("-3930.20")
    assert value(figures, "gpb.changePct") == D("-100")


def test_section_six_basic(figures):
    assert value(figures, "basic.total") == D("1815.35")
    assert value(figures, "basic.personnel") == D("1686.31")
    assert value(figures, "basic.publicFunds") == D("129.03")


def test_section_seven_three_public(figures):
    assert value(figures, "threePublic.total") == D("12.40")
    assert value(figures, "threePublic.change") == D("2.00")
    items = {f.qualifier: f.value for f in figures if f.key == "threePublic.item"}
    assert items == {
        "因公出国(境)费": 0,
        "公务接待费": 0,
        "公务用车运行维护费": D("12.40"),
        "公务用车购置费": 0,
    }
    assert value(figures, "threePublic.itemChange", "公务用车运行维护费") == D("2.00")
    assert [f.qualifier for f in figures if f.key == "threePublic.itemChange"] == [
        "公务用车运行维护费"
    ]


def test_sections_eight_nine(figures):
    assert value(figures, "operating.total") == D("80.04")
    assert value(figures, "operating.change") == D("3.44")
    assert value(figures, "operating.unitCount") == 3
    assert value(figures, "procurement.total") == D("2097.36")
    assert value(figures, "procurement.goods") == D("1431.48")
    assert value(figures, "procurement.works") == 0
    assert value(figures, "procurement.services") == D("665.88")


def test_section_ten_projects(figures):
    assert value(figures, "projects.count") == 31
    assert value(figures, "projects.amount") == D("3543.26")
    for key in ("projects.category", "projects.published.category"):
        assert value(figures, f"{key}.count", "其他运转类项目") == 27
        assert value(figures, f"{key}.amount", "其他运转类项目") == D("1359.69")
        assert value(figures, f"{key}.count", "特定目标类项目") == 4
        assert value(figures, f"{key}.amount", "特定目标类项目") == D("2183.57")
    assert value(figures, "projects.published.count") == 31
    assert value(figures, "projects.published.amount") == D("3543.26")
    assert value(figures, "projects.published.share") == 100


def test_assets(figures):
    assert value(figures, "vehicles.quota") == 4
    assert value(figures, "vehicles.actual") == 4
    types = {f.qualifier: f.value for f in figures if f.key == "vehicles.type"}
    assert types["机要通信用车"] == 1 and types["其他公务用车"] == 3
    assert len(types) == 7 and sum(types.values()) == 4
    assert value(figures, "office.area") == 972
    equipment = {f.qualifier: f.value for f in figures if f.key == "equipment.count"}
    assert equipment == {"50万元": 0, "100万元": 0}
    assert {f.section for f in figures if f.key.startswith(("vehicles", "office"))} == {"assets"}


def test_units(figures):
    units = {f.key: f.unit for f in figures}
    assert units["income.total"] == "万元"
    assert units["income.changePct"] == "%"
    assert units["projects.count"] == "个"
    assert units["vehicles.actual"] == "辆"
    assert units["office.area"] == "平方米"
    assert units["equipment.count"] == "台（套）"


def test_every_key_is_declared(figures):
    assert {f.key for f in figures} <= set(FIGURE_KEYS)


def test_figures_point_at_their_source(figures, doc):
    """Each figure's line lies in the narrative or assets block and its snippet (as written,
    whitespace removed) is in the text there and states the value."""
    for f in figures:
        assert 396 <= f.line <= 472 or 1645 <= f.line <= 1658, f
        around = "".join(re.sub(r"\s", "", doc.line(n).text) for n in range(f.line - 2, f.line + 3))
        assert f.text and f.text in around, f
        assert f.text.replace(",", "").find(str(abs(f.value))) >= 0 or f.value == 0, f


def test_values_are_exact_decimals(figures):
    assert all(isinstance(f.value, Decimal) for f in figures)
    assert str(value(figures, "gpb.change")) == "-3930.20"


def test_change_statements(changes):
    by_subject = {c.subject: c for c in changes}
    income = by_subject["income"]
    assert (income.section, income.direction, income.amount, income.percent) == (
        "一",
        "increase",
        D("1428.41"),
        D("36.34"),
    )
    assert income.reason.startswith("我局2023年招录4名公务员")
    assert income.reason.endswith("项目投入较上年增加")
    assert by_subject["expenditure"].reason == income.reason
    gpb = by_subject["gpb"]
    assert (gpb.direction, gpb.amount, gpb.percent, gpb.reason) == (
        "decrease",
        D("-3930.20"),
        D("-100"),
        "",
    )
    three = by_subject["threePublic"]
    assert (three.direction, three.amount, three.line) == ("increase", D("2.00"), 441)
    assert three.reason == "提高了公车运行维护费"
    operating = by_subject["operating"]
    assert (operating.amount, operating.reason) == (
        D("3.44"),
        "我局2023年招录多名工作人员，故预算经费增加",
    )


def test_three_public_item_changes(changes):
    items = {c.subject: c for c in changes if c.subject.startswith("threePublic.")}
    assert {s: c.direction for s, c in items.items()} == {
        "threePublic.overseas": "unchanged",
        "threePublic.reception": "unchanged",
        "threePublic.vehicleRunning": "increase",
        "threePublic.vehiclePurchase": "unchanged",
    }
    assert items["threePublic.vehicleRunning"].reason == "提高了公车运行维护费"
    assert (
        items["threePublic.overseas"].reason == "" and items["threePublic.overseas"].amount is None
    )
    assert all(c.line == 443 for c in items.values())


def test_no_change_invented_from_a_reason(changes):
    """Reasons say 增加 too (人员经费随之增加); they must not become statements of their own."""
    assert len(changes) == 9
    assert all(c.subject.isascii() for c in changes)


# --- variants ---------------------------------------------------------------------------------


def test_another_department_and_year(sample_text):
    """The same template filled in for another department: every figure follows the text."""
    text = (
        sample_text.replace("吕梁市行政审批服务管理局", "某某县教育局")
        .replace("市行政审批服务管理局", "县教育局")
        .replace("2024", "2031")
        .replace("2023", "2030")
        .replace("5,358.61", "6,001.02")
        .replace("比上年增加1428.41万元，增长36.34%", "比上年减少12.50万元，下降0.21%")
        .replace("编制4辆，实有4辆", "编制9辆，实有8辆")
        .replace("共3个单位", "共12个单位")
        .replace("建筑总面积972平方米", "建筑总面积1,234.5平方米")
    )
    figures, changes = extract(text)
    assert value(figures, "income.total", section="一") == D("6001.02")
    assert value(figures, "income.change") == D("-12.50")
    assert value(figures, "expenditure.changePct") == D("-0.21")
    assert value(figures, "vehicles.quota") == 9 and value(figures, "vehicles.actual") == 8
    assert value(figures, "operating.unitCount") == 12
    assert value(figures, "office.area") == D("1234.5")
    income = next(c for c in changes if c.subject == "income")
    assert (income.direction, income.amount, income.percent) == (
        "decrease",
        D("-12.50"),
        D("-0.21"),
    )
    assert income.reason.startswith("我局2030年招录")


HANDWRITTEN_LINES = (
    "第三部分 2031年度部门预算情况说明",
    "一、部门预算收支数据变动情况及原因",
    (
        "2031年度某某县教育局预算收入总计12,000.50万元,其中:本年收入11,000.50万元,"
        "上年结转1,000.00万元,比上年减少250.00万元,下降2.04%;本年部门预算支出总计12,000.50万元,"
        "其中:本年预算安排11,000.50万元,上年结转1,000.00万元,比上年减少250.00万元,下降2.04%,"
        "原因是:学生人数减少。"
    ),
    '七、"三公"经费增减变动原因说明',
    '2031年某某县教育局财政拨款安排的"三公"经费预算8.00万元,比2030年减少1.50万元。',
    (
        "其中:因公出国(境)费0万元,与上年预算数相同;公务接待费3.00万元,与上年相比减少1.50万元,"
        "主要原因是厉行节约。;公务用车购置及运行费5.00万元,与上年预算数相同。"
    ),
    "八、机关运行经费增减变动原因说明",
    (
        "2031年某某县教育局机关运行经费一般公共预算50.00万元,与上年持平,"
        "主要原因是人员经费增加2.00万元,公用经费减少2.00万元。范围包括本级共2个单位。"
    ),
    "九、政府采购情况",
    (
        "2031年某某县教育局政府采购预算总额30.00万元。其中:政府采购货物预算10.00万元、"
        "政府采购工程预算0万元、政府采购服务预算2"
    ),
    "0.00万元。",
    "十一、国有资产占有使用情况",
    (
        "截至2031年4月30日,某某县教育局共有公务用车编制6辆,实有5辆,其中:执法执勤用车2辆,"
        "其他公务用车3辆。"
    ),
    "",
)
HANDWRITTEN = "\n".join(HANDWRITTEN_LINES)


def test_ascii_punctuation_and_other_wording():
    figures, changes = extract(HANDWRITTEN)
    assert value(figures, "income.total") == D("12000.50")
    assert value(figures, "income.currentYear") == D("11000.50")
    assert value(figures, "income.carryOver") == D("1000.00")
    assert value(figures, "expenditure.change") == D("-250.00")
    assert value(figures, "threePublic.change") == D("-1.50")
    assert value(figures, "threePublic.itemChange", "公务接待费") == D("-1.50")
    assert value(figures, "threePublic.item", "公务用车购置及运行费") == D("5.00")
    assert value(figures, "procurement.services") == D("20.00")  # wrapped inside the number
    assert value(figures, "operating.total") == D("50.00")
    assert value(figures, "operating.unitCount") == 2
    assert not [f for f in figures if f.key == "operating.change"]
    assert {f.qualifier: f.value for f in figures if f.key == "vehicles.type"} == {
        "执法执勤用车": 2,
        "其他公务用车": 3,
    }
    reasons = {c.subject: c.reason for c in changes}
    assert reasons == {
        "income": "",
        "expenditure": "学生人数减少",
        "threePublic": "",
        "threePublic.overseas": "",
        "threePublic.reception": "厉行节约",
        "threePublic.vehicles": "",
        "operating": "人员经费增加2.00万元,公用经费减少2.00万元",
    }
    operating = next(c for c in changes if c.subject == "operating")
    # the amounts in the reason are not the change: the statement is 与上年持平
    assert (operating.direction, operating.amount) == ("unchanged", None)


@pytest.mark.parametrize("text,expected", [
    ("预算收入总计5,358.61万元", ["5,358.61"]),
    ("共12,345,678万元与0.5万元", ["12,345,678", "0.5"]),
    ("分别为10,20万元", ["20"]),  # a list, not a thousands group
    ("1.2.3万元", ["2.3"]),
    ("1234,567万元", ["567"]),  # a malformed group is not read as 234,567
    ("9" * 100_000 + "收入总计5万元", ["5"]),  # a long run of digits before a number
    ("9" * 100_000 + "万元", ["9" * 100_000]),
    ("1,234," * 20_000 + "x3万元", ["3"]),
])
def test_prose_numbers_start_where_a_digit_run_starts(text, expected):
    """The number pattern reads a number only from the start of its digits (which also makes it
    linear on long runs: it used to retry the run from every digit)."""
    from budgetkg.build.extract.narrative import num

    assert [m.group("n") for m in re.finditer(rf"{num()}万元", text)] == expected


def test_joined_prose_leads_back_to_its_lines():
    from budgetkg.build.extract.joined import join_lines

    joined = join_lines([(3, "ab"), (4, ""), (7, "cde")])
    assert joined.text == "abcde"
    assert [joined.line_at(i) for i in range(6)] == [3, 3, 7, 7, 7, 7]
    assert join_lines([]).line_at(0) == 0
