"""Part 1 (department, duties, organisation) and part 4 (glossary) extraction."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetkg.build.extract.glossary import extract_glossary, term_start
from budgetkg.build.extract.overview import (
    extract_department,
    extract_duties,
    extract_organisation,
    join_broken,
)
from budgetkg.build.readers import document_from_text, read_document
from budgetkg.build.segment import segment
from budgetkg.errors import ExtractionError

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample-disclosure.txt"


@pytest.fixture(scope="module")
def sample():
    doc = read_document(SAMPLE)
    return doc, segment(doc)


def sections_from(text: str):
    return segment(document_from_text(text))


# --- the sample -----------------------------------------------------------------------------------


def test_sample_department(sample):
    doc, sections = sample
    dept = extract_department(sections, path=doc.path)
    assert dept.name == "吕梁市行政审批服务管理局"
    assert dept.year == 2024
    assert dept.code is None
    used = [doc.line(n).text for n in range(dept.span.start, dept.span.end + 1)]
    assert any(dept.name in t for t in used)
    assert any("2024年度" in t for t in used)


def test_sample_duties_are_numbered_one_to_fifteen(sample):
    _, sections = sample
    duties = extract_duties(sections)
    assert [d.number for d in duties] == list(range(1, 16))
    assert all(d.text and not d.text.startswith(("(", "（")) for d in duties)


def test_sample_duty_split_over_two_lines_is_joined(sample):
    doc, sections = sample
    duty = {d.number: d for d in extract_duties(sections)}[10]
    assert "负责整合全市各类监管信息资源，汇集全市监管部门" in duty.text
    assert duty.text.endswith("组织开展绩效考核。")
    assert duty.span.end > duty.span.start
    assert doc.line(duty.span.start).text.startswith("(十)")
    assert doc.line(duty.span.end).text.startswith("信息资源")
    # the continuation is no duty of its own and is not repeated elsewhere
    assert sum("汇集全市监管部门" in d.text for d in extract_duties(sections)) == 1


def test_sample_both_bracket_styles(sample):
    _, sections = sample
    duties = {d.number: d for d in extract_duties(sections)}
    assert duties[9].text.startswith("拟定并组织实施")  # (九) ASCII brackets
    assert duties[11].text == "承担市人民政府优化营商环境相关职责。"  # （十一） full-width


def test_sample_organisation(sample):
    doc, sections = sample
    org = extract_organisation(sections)
    assert org is not None
    assert len(org.offices) == 16
    assert org.offices[0] == "办公室"
    assert org.offices[-1] == "数字政府服务中心"
    assert "政务改革和政策法规科" in org.offices
    assert org.units == ["市公共资源交易中心", "市政务服务中心"]
    assert org.text.startswith("本部门预算包括机关预算和下属单位预算。")
    assert doc.line(org.span.start).text.strip() == org.text


def test_sample_glossary(sample):
    _, sections = sample
    terms = extract_glossary(sections)
    assert [t.number for t in terms] == list(range(1, 13))
    by_number = {t.number: t for t in terms}
    assert by_number[1].term == "基本支出"
    assert by_number[1].definition.startswith("指为保障机构正常运转")
    assert by_number[3].term == "“三公”经费"
    assert all("*" not in t.term and not t.term.endswith(("：", ":")) for t in terms)


def test_sample_glossary_term_on_its_own_heading(sample):
    doc, sections = sample
    term = {t.number: t for t in extract_glossary(sections)}[6]
    assert term.term == "财政专户管理资金"
    assert term.definition.startswith("专指教育收费")
    assert doc.line(term.span.start).text.startswith("###")
    assert doc.line(term.span.end).text.startswith("专指教育收费")


def test_sample_glossary_term_without_colon(sample):
    _, sections = sample
    terms = {t.number: t for t in extract_glossary(sections)}
    assert terms[9].term == "一般公共预算"
    assert terms[9].definition.startswith("是指以税收为主体")
    assert terms[11].term == "国有资本经营预算"


# --- synthetic variants ----------------------------------------------------------------------------

VARIANT = """\

# 太原市民政局

## 2025年度部门预算公开

# 目 录

## 第一部分 概况

### 一、主要职责

本部门主要职责是：

（一）负责拟订全市民政事业发展规划，

组织实施 ABC

— 1 —

2030 行动。

(二) 负责社会救助。

（二十一）负责其他工作。

## 二、机构设置情况

本部门内设机构：办公室、社会救助科、养老服务科。下属单位有：市福利院、

市救助站。

## 第四部分 名词解释

**一、基本支出**：指人员支出

和公用支出。

二、项目支出：指其他支出。

### **三、单位资金**

是指其他资金。
"""


def test_variant_department_and_year():
    dept = extract_department(sections_from(VARIANT))
    assert (dept.name, dept.year) == ("太原市民政局", 2025)


def test_variant_duties_join_across_footer_and_blank_lines():
    duties = extract_duties(sections_from(VARIANT))
    assert [d.number for d in duties] == [1, 2, 21]
    assert duties[0].text == "负责拟订全市民政事业发展规划，组织实施 ABC 2030 行动。"
    assert duties[2].text == "负责其他工作。"


def test_variant_organisation_lists_cross_line_breaks():
    org = extract_organisation(sections_from(VARIANT))
    assert org.offices == ["办公室", "社会救助科", "养老服务科"]
    assert org.units == ["市福利院", "市救助站"]
    assert org.span.end > org.span.start


def test_variant_glossary_colon_outside_bold_plain_and_heading():
    terms = extract_glossary(sections_from(VARIANT))
    assert [(t.number, t.term) for t in terms] == [
        (1, "基本支出"),
        (2, "项目支出"),
        (3, "单位资金"),
    ]
    assert terms[0].definition == "指人员支出和公用支出。"
    assert terms[2].definition == "是指其他资金。"


def test_cover_without_heading_markers():
    text = VARIANT.replace("# 太原市民政局", "大同市统计局").replace("## 2025年度", "2023年度")
    dept = extract_department(sections_from(text))
    assert (dept.name, dept.year) == ("大同市统计局", 2023)


NO_COVER = """\
## 第一部分 概况

### 一、部门职责

（一）负责统计工作。

## 第二部分 2023年部门预算报表

### 2023年预算收支总表

部门名称：大同市统计局\t\t单位：万元
项目\t金额
合计\t1.00

完
"""


def test_department_falls_back_to_table_name_and_title_year():
    doc = document_from_text(NO_COVER)
    dept = extract_department(segment(doc))
    assert (dept.name, dept.year) == ("大同市统计局", 2023)
    assert "2023年" in doc.line(dept.span.start).text
    assert doc.line(dept.span.end).text.startswith("部门名称")


def test_no_department_name_raises_with_path_and_line():
    text = "## 第一部分 概况\n\n### 一、部门职责\n\n（一）负责统计工作。\n"
    with pytest.raises(ExtractionError, match="no department name") as info:
        extract_department(sections_from(text), path="x.txt")
    assert info.value.path == "x.txt"
    assert info.value.line == 1


def test_no_organisation_section_gives_none():
    text = "# 某局\n\n## 第一部分 概况\n\n### 一、部门职责\n\n（一）负责。\n"
    assert extract_organisation(sections_from(text)) is None


def test_join_broken_only_spaces_latin_neighbours():
    assert join_broken(["负责整合", " 信息资源"]) == "负责整合信息资源"
    assert join_broken(["ABC", "2030 年"]) == "ABC 2030 年"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("**十、政府性基金预算：**是对…", (10, "政府性基金预算", "是对…")),
        ("### **六、财政专户管理资金：**", (6, "财政专户管理资金", "")),
        ("**九、一般公共预算**是指…", (9, "一般公共预算", "是指…")),
        ("专指教育收费，包括…", None),
    ],
)
def test_term_start(line, expected):
    assert term_start(line) == expected
