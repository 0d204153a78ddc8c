"""Project performance tables (绩效目标表): targets, the header block, funds and indicator rows."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest

from budgetkg.build.extract.projects import extract_project, extract_projects, filing_date
from budgetkg.build.extract.targets import is_target_like, parse_target
from budgetkg.build.readers import document_from_text, read_document
from budgetkg.build.records import Span
from budgetkg.build.segment import segment
from budgetkg.errors import ExtractionError

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample-disclosure.txt"


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def projects():
    return extract_projects(segment(read_document(SAMPLE)), path=str(SAMPLE))


def project_at(projects, first_line: int):
    """The project whose table starts on ``first_line`` (names are not unique in a disclosure)."""
    [project] = [p for p in projects if p.span.start == first_line]
    return project


def rows_at(project, line: int, half: str | None = None):
    return [i for i in project.indicators if i.line == line and (half is None or i.half == half)]


# --- parse_target -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, comparator, number, unit, period",
    [
        ("≥95%", "≥", "95", "%", None),
        ("≤3万元/月", "≤", "3", "万元", "月"),
        ("≤180元/天*人", "≤", "180", "元", "天*人"),
        ("1次/年", None, "1", "次", "年"),
        ("≥1张", "≥", "1", "张", None),
        ("≤0.5h", "≤", "0.5", "h", None),
        ("365次", None, "365", "次", None),
        ("20万通", None, "20", "万通", None),
        ("610000元", None, "610000", "元", None),
        ("≤100元/天/人", "≤", "100", "元", "天/人"),
        ("5日内", "≤", "5", "日", None),
        ("≥62.5%", "≥", "62.5", "%", None),
        ("<1%", "<", "1", "%", None),
        (">0%", ">", "0", "%", None),
        ("≤1000元/个项目", "≤", "1000", "元", "个项目"),
        ("≤70人/8小时", "≤", "70", "人", "8小时"),
        ("≥1.2万次", "≥", "1.2", "万次", None),
        ("12个月", None, "12", "个月", None),
        ("1,830,000元", None, "1830000", "元", None),
        ("95%以上", "≥", "95", "%", None),
        ("=5次", "=", "5", "次", None),
    ],
)
def test_parse_target_quantitative(raw, comparator, number, unit, period):
    t = parse_target(raw)
    assert (t.comparator, t.number, t.unit, t.period) == (comparator, Decimal(number), unit, period)
    assert t.qualitative is False
    assert t.raw == raw


@pytest.mark.parametrize(
    "raw, sign",
    [
        (">=90%", "≥"),
        ("≧90%", "≥"),
        ("<=90%", "≤"),
        ("≦90%", "≤"),
        ("＞90%", ">"),
        ("＜90%", "<"),
        ("＝90%", "="),
        ("≥ 90 %", "≥"),
        ("不低于90%", "≥"),
        ("不超过90%", "≤"),
    ],
)
def test_parse_target_normalises_comparator_variants(raw, sign):
    t = parse_target(raw)
    assert t.comparator == sign
    assert t.number == Decimal(90)
    assert t.raw == raw


def test_parse_target_number_is_exact_decimal():
    t = parse_target("≤25.87万元")
    assert isinstance(t.number, Decimal)
    assert str(t.number) == "25.87"


@pytest.mark.parametrize(
    "raw",
    [
        "及时",
        "有效保障",
        "健全",
        "合格",
        "明显改善",
        "依实际出差情况而定",
        "免费为申请人提供审计报告",
        "2023年12月13日",
        "扩展热线支撑能力及服务范围,更",
    ],
)
def test_parse_target_qualitative_keeps_raw(raw):
    t = parse_target(raw)
    assert t.qualitative is True
    assert (t.comparator, t.number, t.unit, t.period) == (None, None, None, None)
    assert t.raw == raw


@pytest.mark.parametrize(
    "cell",
    [
        "≥95%",
        "≤3万元/月",
        "1次/年",
        "365次",
        "5日内",
        "及时",
        "有效保障",
        "健全",
        "合格",
        "正常",
        "有效提升",
        "明显提升",
        "持续提升",
        "有效促进",
        "明显改善",
        "达标",
        "完善",
        "满足",
        "基本完成",
    ],
)
def test_is_target_like_accepts_values(cell):
    assert is_target_like(cell)


@pytest.mark.parametrize(
    "cell",
    [
        "办公用品到位及时性",
        "出差交通伙食补助标准",
        "系统运维费",
        "12345政务服务热线建设率",
        "12345政务服务",
        "日均人工电话15秒接通率",
        "一季度完成12次会议",
        "资产利用水平",
        "",
    ],
)
def test_is_target_like_rejects_names(cell):
    assert not is_target_like(cell)


# --- the sample: whole-document facts ------------------------------------------------------------


def test_sample_has_31_projects_in_order(projects):
    assert len(projects) == 31
    assert [p.seq for p in projects] == list(range(1, 32))
    assert all(p.span.start < p.span.end for p in projects)
    assert all(a.span.end < b.span.start for a, b in pairwise(projects))


def test_sample_annual_totals_match_the_narrative(projects):
    # 第三部分 states 31 projects with 3,543.26万元 in total.
    assert sum(p.funds_annual.total for p in projects) == Decimal(35432600)


def test_every_project_has_indicators_in_both_halves(projects):
    for p in projects:
        for half in ("implementation", "annual"):
            seqs = [i.seq for i in p.indicators if i.half == half]
            assert seqs == list(range(1, len(seqs) + 1)), (p.seq, half)
            assert seqs, (p.seq, half)


# --- the sample: whole projects -----------------------------------------------------------------


def test_first_project_fully(projects):
    p = projects[0]
    assert p.name == "工作运行经费"
    assert p.supervisor_code == "026"
    assert p.supervisor == "吕梁市行政审批服务管理局"
    assert p.unit == "吕梁市行政审批服务管理局"
    assert p.attribute == "一次性项目（1年结束）"
    assert (p.period_raw, p.period_years) == ("1年", 1)
    fi, fa = p.funds_implementation, p.funds_annual
    assert (fi.total, fi.central, fi.provincial, fi.municipal, fi.selfRaised, fi.other) == (
        Decimal(588000),
        Decimal(0),
        Decimal(0),
        Decimal(588000),
        Decimal(0),
        None,
    )
    assert (fa.total, fa.municipal, fa.other) == (Decimal(588000), Decimal(588000), None)
    assert p.overview.startswith("为保证单位正常运行的机关日常办公用品")
    assert p.basis.startswith("为保障机关正常运行")
    assert p.necessity.startswith("市审批局是市委市政府的窗口单位")
    assert p.safeguards.startswith("1. 市审批局采购制度。")
    assert p.plan.startswith("按照日常运行情况")
    assert p.goal_implementation == "满足工作正常开展运行的开支。"
    assert p.goal_annual == "满足工作正常开展运行的开支。"
    assert p.filing_raw == "20240123162514"
    assert p.filing_date == datetime(2024, 1, 23, 16, 25, 14)
    assert p.span == Span(473, 507)
    assert len([i for i in p.indicators if i.half == "implementation"]) == 15
    assert len([i for i in p.indicators if i.half == "annual"]) == 15


def test_hotline_fee_project_without_filing_row(projects):
    p = project_at(projects, 921)
    assert p.name == "12345政务服务热线年费"
    assert p.unit == "吕梁市政务服务中心"
    assert p.attribute == "延续性项目(阶段开展)"
    assert (p.period_raw, p.period_years) == ("3年", 3)
    assert p.funds_implementation.total == Decimal(13680000)
    # the label is cut to 市县(区)财政资 in this table
    assert p.funds_implementation.municipal == Decimal(13680000)
    assert p.funds_annual.total == Decimal(4560000)
    assert p.funds_annual.municipal == Decimal(4560000)
    assert p.filing_raw is None and p.filing_date is None
    assert p.span == Span(921, 956)  # the next table's title lines are not part of it
    assert max(i.line for i in p.indicators) == 956


def test_period_label_variant_and_recurring_project(projects):
    p = project_at(projects, 1603)  # writes 项目日期 for 项目期
    assert p.attribute == "经常性项目（长期开展）"
    assert (p.period_raw, p.period_years) == ("99年", 99)
    assert p.filing_date == datetime(2023, 11, 28, 10, 13, 20)


def test_single_goal_cell_leaves_annual_goal_empty(projects):
    p = project_at(projects, 741)
    assert p.goal_implementation.startswith("一是科学管理方式")
    assert p.goal_annual is None


def test_amounts_in_label_cells_and_in_following_cells(projects):
    inline = project_at(projects, 1264)  # 实施期资金总额：4,000,000 in one cell
    separate = project_at(projects, 1303)  # label and amount in separate cells, ASCII colons
    assert inline.funds_implementation.total == Decimal(4000000)
    assert inline.funds_implementation.municipal == Decimal(4000000)
    assert separate.funds_implementation.total == Decimal(44355000)
    assert separate.funds_annual.total == Decimal(14000000)
    assert separate.funds_annual.municipal == Decimal(14000000)
    spaced = project_at(projects, 627)  # 市县（区）财政资 金 with a stray space
    assert spaced.funds_implementation.municipal == Decimal(150000)


# --- the sample: tricky indicator rows ------------------------------------------------------------


def test_row_without_level_cells_carries_cost_level(projects):
    p = projects[0]
    [impl] = rows_at(p, 500, "implementation")
    assert (impl.level1, impl.level2, impl.level3) == (
        "产出指标",
        "成本指标",
        "出差交通伙食补助标准",
    )
    t = impl.target
    assert (t.comparator, t.number, t.unit, t.period) == ("≤", Decimal(180), "元", "天*人")
    assert impl.level2_inferred is True and impl.level1_inferred is False
    [annual] = rows_at(p, 500, "annual")
    assert annual.level2 == "成本指标"
    assert annual.level3 == "出差交通伙食补助"  # cut as written
    assert annual.target.raw == "≤180元/天*人"


def test_row_with_one_half_only(projects):
    p = project_at(projects, 704)
    rows = rows_at(p, 729)
    assert len(rows) == 1
    [i] = rows
    assert i.half == "implementation"
    assert (i.level1, i.level2, i.level3) == ("产出指标", "成本指标", "系统运维费")
    assert (i.target.comparator, i.target.number, i.target.unit) == ("≤", Decimal(12), "万元")


def test_framework_only_row_creates_no_indicator(projects):
    p = project_at(projects, 627)
    assert rows_at(p, 652) == []
    [impl] = rows_at(p, 653, "implementation")
    assert (impl.level1, impl.level2, impl.level3) == (
        "效益指标",
        "社会效益指标",
        "提升单位职工法律意识",
    )
    # 成本指标 row before it keeps its own levels
    [cost] = rows_at(p, 651, "implementation")
    assert (cost.level1, cost.level2) == ("产出指标", "成本指标")


def test_repeated_level_cell_before_name_in_both_halves(projects):
    p = project_at(projects, 781)
    for half in ("implementation", "annual"):
        [i] = rows_at(p, 804, half)
        assert (i.level2, i.level3) == ("成本指标", "触摸屏购置")
        t = i.target
        assert (t.comparator, t.number, t.unit, t.period) == ("≤", Decimal(80000), "元", "套")


def test_level2_written_as_cut_name_and_level1_inferred_for_annual_half(projects):
    p = project_at(projects, 665)
    [annual] = rows_at(p, 695, "annual")
    assert annual.level2 == "服务对象满意度指"  # as written
    assert annual.level1 == "满意度指标" and annual.level1_inferred is True
    [impl] = rows_at(p, 695, "implementation")
    assert impl.level1 == "满意度指标" and impl.level1_inferred is False
    assert impl.level2 == "服务对象满意度"


def test_name_equal_to_level_name_is_read_as_name(projects):
    p = project_at(projects, 554)
    [impl] = rows_at(p, 583, "implementation")
    assert (impl.level2, impl.level3, impl.target.raw) == (
        "服务对象满意度",
        "服务对象满意度",
        "≥90%",
    )


def test_annual_only_rows_are_placed_in_the_annual_half(projects):
    p = project_at(projects, 1081)
    for line in (1105, 1106, 1108):
        [i] = rows_at(p, line)
        assert i.half == "annual"
    [i] = rows_at(project_at(projects, 1228), 1252)
    assert i.half == "annual"
    assert (i.level1, i.level2, i.level3) == ("效益指标", "社会效益指标", "政务服务便利度")


def test_three_cells_name_value_name(projects):
    p = project_at(projects, 1303)
    [impl] = rows_at(p, 1328, "implementation")
    [annual] = rows_at(p, 1328, "annual")
    assert impl.level3 == annual.level3 == "热线扩容项目总成本"
    assert impl.target.number == Decimal("1478.5") and impl.target.unit == "万元"
    assert annual.target is None
    assert annual.level2 == "成本指标"


def test_first_indicator_on_the_block_caption_row(projects):
    p = project_at(
        projects, 627
    )  # 绩效指标 | 产出指标 | 数量指标 | 聘请法律顾问人数（人） | ≥1人/年 | ...
    [impl] = rows_at(p, 643, "implementation")
    assert (impl.seq, impl.level1, impl.level2, impl.level3) == (
        1,
        "产出指标",
        "数量指标",
        "聘请法律顾问人数（人）",
    )
    assert (impl.target.number, impl.target.unit, impl.target.period) == (Decimal(1), "人", "年")
    [annual] = rows_at(p, 643, "annual")
    assert annual.level3 == "聘请法律顾问人数"


def test_new_level1_drops_the_carried_level2(projects):
    p = project_at(
        projects, 781
    )  # 效益指标 | 效益指标 | 基础打底 | ≤320元/平方米 | ... (no level-2)
    for half in ("implementation", "annual"):
        [i] = rows_at(p, 809, half)
        assert (i.level1, i.level2, i.level3) == ("效益指标", None, "基础打底")
        assert i.level2_inferred is False


def test_free_text_targets_stay_qualitative(projects):
    p = projects[0]
    [i] = rows_at(p, 491, "implementation")
    assert i.level3 == "出差人员数量"
    assert i.target.raw == "依实际出差情况而定" and i.target.qualitative is True


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("20240123162514", datetime(2024, 1, 23, 16, 25, 14)),
        ("20231128", datetime(2023, 11, 28)),
        ("2025-01-15 09:30:00", datetime(2025, 1, 15, 9, 30)),
        ("2025年1月15日", datetime(2025, 1, 15)),
        ("20241332101010", None),
        ("", None),
        (None, None),
    ],
)
def test_filing_date_forms(raw, expected):
    assert filing_date(raw) == expected


# --- errors ---------------------------------------------------------------------------------------


def test_malformed_amount_in_label_cell_raises_with_line():
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    assert "实施期资金总额：588,000" in lines[475]
    lines[475] = lines[475].replace("实施期资金总额：588,000", "实施期资金总额：58a,000")
    doc = document_from_text("\n".join(lines), name="broken.txt")
    with pytest.raises(ExtractionError) as err:
        extract_projects(segment(doc), path="broken.txt")
    assert err.value.line == 476
    assert err.value.path == "broken.txt"
    assert "58a,000" in str(err.value)


# --- a synthetic table from another department and year ----------------------------------------


def row(*cells: str) -> str:
    """One tab-separated table row, as the PDF export writes it."""
    return "\t".join(cells)


SYNTHETIC = "\n".join(
    [
        "晋中市文化和旅游局2025年部门预算公开",
        "第三部分 情况说明",
        "晋中市市级预算部门（单位）项目支出绩效目标表",
        "(2025年度)",
        row("项目名称", "", "文物保护修缮经费", "", ""),
        row("主管部门及代码", "118-晋中市文化和旅游局", "", "实施单位", "晋中市博物馆"),
        row("项目属性", "延续性项目（阶段开展）", "项目期", "", "2年"),
        row("项目资金 (元)", "实施期资金总额:", "1,200,000", "年度资金总额:", "600,000"),
        row("", "其中:中央财政资金 200,000", "", "其中:中央财政资金", "100,000"),
        row("", "省级财政资金", "0", "省级财政资金", "0"),
        row("", "市县(区)财政资 金", "900,000", "市县(区)财政资金", "450,000"),
        row("", "单位自筹", "100,000", "单位自筹", "50,000"),
        row("其他资金", "", "", "其他资金", ""),
        row("项目概况", "", "对馆藏文物开展保护修缮。"),
        row("立项依据", "", "《文物保护法》"),
        row("项目设立必要性", "", "部分文物病害严重。"),
        row("保证项目实施的制度、措施", "", "文物修复管理办法。"),
        row("项目实施计划", "", "1. 评估；2. 修缮。"),
        row("实施期目标", "", "", "年度目标"),
        row("总体目标", "", "两年内完成修缮。", "", "本年完成一半。"),
        row(
            "绩效指标",
            "一级指标",
            "二级指标",
            "三级指标",
            "指标值",
            "二级指标",
            "三级指标",
            "指标值",
        ),
        row(
            "",
            "产出指标",
            "数量指标",
            "修缮文物数量",
            ">=40件",
            "数量指标",
            "修缮文物数量",
            "≧20件",
        ),
        row("", "", "质量指标", "修缮验收合格率", "100%", "质量指标", "修缮验收合格率", "100%"),
        row("", "修缮完成及时性", "", "及时", "修缮完成及时性", "", "及时", ""),
        row("", "", "", "成本指标", "单件修缮成本", "≦30000元/件", "成本指标"),
        row("", "单件包装成本", "≤500元/件", "单件包装成本", "≤500元/件"),
        row(
            "",
            "效益指标",
            "社会效益指标",
            "文物展示利用水平",
            "明显提升",
            "社会效益指标",
            "文物展示利用",
            "明显提升",
        ),
        row("", "", "", "经济效益指标", "", "", "经济效益指标", ""),
        row(
            "满意度指标",
            "服务对象满意度",
            "观众满意度",
            "＞90％",
            "服务对象满意度指",
            "观众满意度",
            "＞90％",
        ),
        row("", "观众留言反馈", "按规定及时回复留言", "", "观众留言反馈"),
        row("", "讲解服务覆盖", "", "讲解服务覆盖面", "覆盖全部展厅"),
        row("负责人:", "经办人:", "联系电话:", "填报日期:", "20250115093000"),
        "",
        "十一、国有资产占有使用情况",
        "",
    ]
)


@pytest.fixture(scope="module")
def synthetic():
    sections = segment(document_from_text(SYNTHETIC, name="synthetic.txt"))
    [project] = extract_projects(sections, path="synthetic.txt")
    return project


def test_synthetic_header_and_funds(synthetic):
    p = synthetic
    assert p.seq == 1
    assert p.name == "文物保护修缮经费"
    assert (p.supervisor_code, p.supervisor) == ("118", "晋中市文化和旅游局")
    assert p.unit == "晋中市博物馆"
    assert p.attribute == "延续性项目（阶段开展）"
    assert (p.period_raw, p.period_years) == ("2年", 2)
    fi, fa = p.funds_implementation, p.funds_annual
    assert (fi.total, fi.central, fi.provincial, fi.municipal, fi.selfRaised, fi.other) == (
        Decimal(1200000),
        Decimal(200000),
        Decimal(0),
        Decimal(900000),
        Decimal(100000),
        None,
    )
    assert (fa.total, fa.central, fa.provincial, fa.municipal, fa.selfRaised, fa.other) == (
        Decimal(600000),
        Decimal(100000),
        Decimal(0),
        Decimal(450000),
        Decimal(50000),
        None,
    )
    assert (p.overview, p.basis, p.necessity, p.safeguards, p.plan) == (
        "对馆藏文物开展保护修缮。",
        "《文物保护法》",
        "部分文物病害严重。",
        "文物修复管理办法。",
        "1. 评估；2. 修缮。",
    )
    assert (p.goal_implementation, p.goal_annual) == ("两年内完成修缮。", "本年完成一半。")
    assert p.filing_date == datetime(2025, 1, 15, 9, 30, 0)
    assert p.span == Span(5, 32)


def test_synthetic_indicators(synthetic):
    got = [
        (i.half, i.seq, i.level1, i.level2, i.level3, i.target.raw if i.target else None, i.line)
        for i in synthetic.indicators
    ]
    impl, ann = "implementation", "annual"
    assert got == [
        (impl, 1, "产出指标", "数量指标", "修缮文物数量", ">=40件", 22),
        (ann, 1, "产出指标", "数量指标", "修缮文物数量", "≧20件", 22),
        (impl, 2, "产出指标", "质量指标", "修缮验收合格率", "100%", 23),
        (ann, 2, "产出指标", "质量指标", "修缮验收合格率", "100%", 23),
        (impl, 3, "产出指标", "质量指标", "修缮完成及时性", "及时", 24),
        (ann, 3, "产出指标", "质量指标", "修缮完成及时性", "及时", 24),
        (impl, 4, "产出指标", "成本指标", "单件修缮成本", "≦30000元/件", 25),
        # the trailing 成本指标 of line 25 opened the cost group of the annual half
        (impl, 5, "产出指标", "成本指标", "单件包装成本", "≤500元/件", 26),
        (ann, 4, "产出指标", "成本指标", "单件包装成本", "≤500元/件", 26),
        (impl, 6, "效益指标", "社会效益指标", "文物展示利用水平", "明显提升", 27),
        (ann, 5, "效益指标", "社会效益指标", "文物展示利用", "明显提升", 27),
        (impl, 7, "满意度指标", "服务对象满意度", "观众满意度", "＞90％", 29),
        (ann, 6, "满意度指标", "服务对象满意度指", "观众满意度", "＞90％", 29),
        # three free-text cells: the repeated name tells which cell is the value
        (impl, 8, "满意度指标", "服务对象满意度", "观众留言反馈", "按规定及时回复留言", 30),
        (ann, 7, "满意度指标", "服务对象满意度指", "观众留言反馈", None, 30),
        (impl, 9, "满意度指标", "服务对象满意度", "讲解服务覆盖", None, 31),
        (ann, 8, "满意度指标", "服务对象满意度指", "讲解服务覆盖面", "覆盖全部展厅", 31),
    ]
    by_line = {(i.half, i.line): i for i in synthetic.indicators}
    t = by_line[(impl, 22)].target
    assert (t.comparator, t.number, t.unit) == ("≥", Decimal(40), "件")
    t = by_line[(impl, 25)].target
    assert (t.comparator, t.number, t.unit, t.period) == ("≤", Decimal(30000), "元", "件")
    t = by_line[(ann, 29)].target
    assert (t.comparator, t.number, t.unit) == (">", Decimal(90), "%")
    # the annual half never writes a level-1: it is inferred from the framework
    assert by_line[(ann, 22)].level1_inferred is True
    assert by_line[(impl, 22)].level1_inferred is False
    # carried levels are flagged, stated ones are not
    assert by_line[(impl, 24)].level2_inferred is True
    assert by_line[(impl, 23)].level2_inferred is False


def test_synthetic_malformed_amount_in_its_own_cell():
    broken = SYNTHETIC.replace(row("", "单位自筹", "100,000"), row("", "单位自筹", "10O,000"))
    assert broken != SYNTHETIC
    sections = segment(document_from_text(broken, name="synthetic.txt"))
    [section] = [s for s in sections if s.kind == "performance"]
    with pytest.raises(ExtractionError) as err:
        extract_project(section, 1, path="synthetic.txt")
    assert err.value.line == 12
    assert err.value.path == "synthetic.txt"


def test_synthetic_broken_narrative_and_single_level_cell_row():
    lines = SYNTHETIC.split("\n")
    at = lines.index(row("项目概况", "", "对馆藏文物开展保护修缮。"))
    lines.insert(at + 1, row("", "", "重点修复青铜器。"))
    social = next(i for i, ln in enumerate(lines) if "文物展示利用水平" in ln)
    lines[social + 1 : social + 1] = [
        row("", "生态效益指标", "", "", "", ""),
        row("", "", "", "文物病害减少", "明显改善", "", "文物病害减少", "明显改善"),
        row("", "", "", "", "", "", "可持续影响指标", ""),
        row("", "", "", "修缮档案完整性", "完整", "", "修缮档案完整性", "完整"),
    ]
    [p] = extract_projects(segment(document_from_text("\n".join(lines))), path=None)
    assert p.overview == "对馆藏文物开展保护修缮。重点修复青铜器。"
    rows = [i for i in p.indicators if i.level3 == "文物病害减少"]
    # one level cell and no anchor past the 年度 column: both halves take it
    assert [(i.half, i.level1, i.level2) for i in rows] == [
        ("implementation", "效益指标", "生态效益指标"),
        ("annual", "效益指标", "生态效益指标"),
    ]
    rows = [i for i in p.indicators if i.level3 == "修缮档案完整性"]
    # one level cell in the 年度 column (by the caption row): only the annual half takes it
    assert [(i.half, i.level2) for i in rows] == [
        ("implementation", "生态效益指标"),
        ("annual", "可持续影响指标"),
    ]


def test_synthetic_table_without_the_indicator_caption_row():
    text = "\n".join(ln for ln in SYNTHETIC.split("\n") if not ln.startswith("绩效指标"))
    [p] = extract_projects(segment(document_from_text(text)), path=None)
    assert len(p.indicators) == 17
    first = p.indicators[0]
    assert (first.level1, first.level2, first.level3, first.line) == (
        "产出指标",
        "数量指标",
        "修缮文物数量",
        21,
    )
    assert p.goal_annual == "本年完成一半。"


def test_synthetic_table_without_filing_row_and_without_code():
    lines = SYNTHETIC.split("\n")
    text = "\n".join(
        ln.replace("118-晋中市文化和旅游局", "晋中市文化和旅游局")
        for ln in lines
        if not ln.startswith("负责人")
    )
    [p] = extract_projects(segment(document_from_text(text)), path=None)
    assert (p.supervisor, p.supervisor_code) == ("晋中市文化和旅游局", None)
    assert p.filing_raw is None and p.filing_date is None
    assert p.span == Span(5, 31)
    assert len(p.indicators) == 17
