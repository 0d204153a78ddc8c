"""The purchase-service catalogue: notice head, department groups, entries kept as written.

The sample's expectations are counted here by a plain scan of the raw lines, written without the
extractor's helpers, so a bug in the extractor cannot also hide in the expected numbers.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from budgetkg.build.extract.catalogue import extract_catalogue, level_of_code
from budgetkg.build.readers import document_from_text, read_document
from budgetkg.build.segment import Section, segment
from budgetkg.errors import ExtractionError

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample-disclosure.txt"


@pytest.fixture(scope="module")
def sample():
    doc = read_document(SAMPLE)
    sections = segment(doc)
    (section,) = [s for s in sections if s.kind == "catalogue"]
    return doc, section, extract_catalogue(sections, path=doc.path)


def raw_scan(section: Section):
    """(code rows, header rows, malformed-code rows) by line number, from the raw text."""
    code_rows, headers, malformed = {}, {}, {}
    for line in section.lines:
        text = line.text
        if re.match(r"^[A-Z]\d*\t", text):
            code_rows[line.no] = text.split("\t")
        elif re.match(r"^[0-9A-Za-z]+\t", text):
            malformed[line.no] = text.split("\t")
        elif re.match(r"^[^\t]+\t+$", text):
            headers[line.no] = text.split("\t")[0].replace("<b>", "").replace("</b>", "")
    return code_rows, headers, malformed


def entries_by_line(catalogue):
    return {e.line: (s, e) for s in catalogue.sections for e in s.entries}


def test_notice_head(sample):
    _, _, cat = sample
    assert cat.document_number == "晋财综〔2023〕43号"
    assert cat.issuer == "山西省财政厅"
    assert cat.issued == "2023年8月22日"
    assert "《山西省部门政府购买服务指导性目录》" in cat.title
    assert " " not in cat.title


def test_sections_match_raw_header_rows(sample):
    _, section, cat = sample
    _, headers, _ = raw_scan(section)
    assert [(s.line, s.name) for s in cat.sections] == sorted(headers.items())
    assert [s.seq for s in cat.sections] == list(range(1, len(headers) + 1))
    assert all("<b>" not in s.name and s.name for s in cat.sections)
    assert {"人民法院", "人民检察院", "行政审批", "残疾人联合会"} <= {s.name for s in cat.sections}


def test_every_code_row_is_one_entry_with_its_column_level(sample):
    _, section, cat = sample
    code_rows, _, _ = raw_scan(section)
    seen = Counter(e.line for s in cat.sections for e in s.entries)
    assert all(seen[no] == 1 for no in code_rows)
    by_line = entries_by_line(cat)
    for no, cells in code_rows.items():
        _, entry = by_line[no]
        assert entry.code == cells[0]
        filled = [i for i, c in enumerate(cells) if i > 0 and c.strip()]
        if filled:
            assert (entry.level, entry.label) == (filled[0], cells[filled[0]].strip())
        else:
            assert entry.label == ""


def test_malformed_code_rows_are_kept_and_nothing_else_is_an_entry(sample):
    _, section, cat = sample
    code_rows, _, malformed = raw_scan(section)
    entry_lines = set(entries_by_line(cat))
    assert entry_lines == set(code_rows) | set(malformed)
    assert malformed, "the sample has a code written without its letter"
    for no, cells in malformed.items():
        _, entry = entries_by_line(cat)[no]
        assert entry.code == cells[0]


def test_entries_stay_in_their_section_across_page_breaks(sample):
    _, _, cat = sample
    starts = [s.line for s in cat.sections] + [cat.span.end + 1]
    for k, sec in enumerate(cat.sections):
        lines = [e.line for e in sec.entries]
        assert lines == sorted(lines)
        assert all(starts[k] < no < starts[k + 1] for no in lines)


def section_named(cat, name):
    (found,) = [s for s in cat.sections if s.name == name]
    return found


def test_administrative_approval_section(sample):
    _, _, cat = sample
    entries = {(e.code, e.label, e.level) for e in section_named(cat, "行政审批").entries}
    assert ("A150104", "行政审批服务短信收发服务", 4) in entries
    assert ("A17", "技术性服务", 2) in entries
    assert ("A1701", "技术评审鉴定评估服务", 3) in entries
    assert ("A170101", "行政审批事项技术评审服务", 4) in entries


def test_level_four_code_repeats_across_sections_with_different_labels(sample):
    _, _, cat = sample
    labels = {s.name: e.label for s in cat.sections for e in s.entries if e.code == "A150201"}
    assert len(labels) > 10
    assert len(set(labels.values())) == len(labels)
    assert labels["人民法院"] == "法院宣传服务"
    assert labels["行政审批"] == "优化营商环境及政务服务改革宣传服务"


def test_code_in_wrong_column_keeps_the_column_level(sample):
    _, _, cat = sample
    approval = {e.code: e for e in section_named(cat, "行政审批").entries if e.code == "A1602"}
    assert approval["A1602"].level == 4  # a level-3 code written in the 四级目录 column
    assert approval["A1602"].label == "营商环境领域五年专项规划研究服务"
    defence = [e for e in section_named(cat, "国防动员").entries if e.code == "A1606"]
    assert [e.level for e in defence] == [2]  # a level-3 code written in the 二级目录 column


def test_empty_label_is_kept(sample):
    _, _, cat = sample
    (entry,) = [e for e in section_named(cat, "公安").entries if e.code == "A180501"]
    assert (entry.label, entry.level) == ("", 4)


def test_row_at_1872_is_an_ordinary_entry_of_its_section(sample):
    doc, _, cat = sample
    section, entry = entries_by_line(cat)[1872]
    assert doc.line(1872).text.startswith("A150103\t")
    assert (entry.code, entry.label, entry.level) == ("A150103", "信用信息目录服务", 4)
    assert section.name == "发展和改革"


# --- synthetic variants ----------------------------------------------------------------------------

SYNTHETIC = """\
### （一）政府购买服务指导性目录

# 某省财政厅文件

某财综[2024]7号

## 某省财政厅关于印发《某省部门 政府购买服务指导性目录》的通知

各市财政局：现将目录印发给你们（参见某财综[2019]3号）。

— 2 —

## 某省部门政府购买服务指导性目录

代码\t一级目录\t二级目录\t三级目录\t四级目录
A\t公共服务\t\t\t
教育\t\t\t\t
A\t公共服务\t\t\t
A02\t\t教育公共服务\t\t
A0201\t\t\t\t学前教育服务

— 3 —

代码\t一级目录\t二级目录\t三级目录\t四级目录
A020101\t\t\t\t幼儿园服务
A020102\t\t\t\t
<b>卫生健康</b>\t\t\t\t
A05\t\t卫生健康公共服务\t\t

2024年9月1日印发
"""


def catalogue_of(text: str, path: str | None = None):
    doc = document_from_text(text)
    section = Section("catalogue", "（一）政府购买服务指导性目录", list(doc.lines))
    return extract_catalogue([section], path=path)


def test_synthetic_head_with_ascii_brackets():
    cat = catalogue_of(SYNTHETIC)
    assert cat.document_number == "某财综[2024]7号"
    assert cat.issuer == "某省财政厅"
    assert cat.issued == "2024年9月1日"
    assert cat.title == "某省财政厅关于印发《某省部门政府购买服务指导性目录》的通知"


def test_synthetic_groups_skip_headers_footers_and_rows_before_first_group():
    cat = catalogue_of(SYNTHETIC)
    assert [s.name for s in cat.sections] == ["教育", "卫生健康"]
    education, health = cat.sections
    assert [(e.code, e.label, e.level) for e in education.entries] == [
        ("A", "公共服务", 1),
        ("A02", "教育公共服务", 2),
        ("A0201", "学前教育服务", 4),
        ("A020101", "幼儿园服务", 4),
        ("A020102", "", 4),
    ]
    assert [(e.code, e.level) for e in health.entries] == [("A05", 2)]


def test_column_header_that_lost_its_other_cells_does_not_start_a_group():
    text = SYNTHETIC.replace(
        "— 3 —\n\n代码\t一级目录\t二级目录\t三级目录\t四级目录", "— 3 —\n\n<b>代码</b>\t\t\t\t"
    )
    assert "<b>代码</b>\t\t\t\t" in text
    cat = catalogue_of(text)
    assert [s.name for s in cat.sections] == ["教育", "卫生健康"]
    assert len(cat.sections[0].entries) == 5


def test_issuer_from_title_when_there_is_no_letterhead():
    cat = catalogue_of(SYNTHETIC.replace("# 某省财政厅文件", ""))
    assert cat.issuer == "某省财政厅"


def test_number_cited_after_the_title_when_not_on_its_own_line():
    text = SYNTHETIC.replace("某财综[2024]7号\n", "").replace(
        "### （一）政府购买服务指导性目录\n",
        "### （一）政府购买服务指导性目录\n\n"
        "某省财政厅关于印发《某省部门政府购买服务指导性目录》的通知（某财综〔2024〕8号）\n",
    )
    assert catalogue_of(text).document_number == "某财综〔2024〕8号"


def test_code_rows_without_any_group_are_unreadable():
    text = "代码\t一级目录\t二级目录\t三级目录\t四级目录\nA\t公共服务\t\t\t\nA15\t\t信息\t\t\n"
    with pytest.raises(ExtractionError, match="no department header") as info:
        catalogue_of(text, path="d.txt")
    assert (info.value.path, info.value.line) == ("d.txt", 2)


def test_no_catalogue_section_gives_none():
    doc = document_from_text("# 某局\n")
    assert extract_catalogue([Section("title", "", list(doc.lines))]) is None


@pytest.mark.parametrize(
    ("code", "level"), [("A", 1), ("A15", 2), ("A1502", 3), ("A150201", 4), ("160601", 0)]
)
def test_level_of_code_for_label_less_rows(code, level):
    assert level_of_code(code) == level
