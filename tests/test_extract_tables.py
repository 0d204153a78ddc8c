"""Report tables: the 13 template tables of the sample, plus variants the sample does not show.

Expected values are read from the sample's own lines where possible (so a wrong column mapping
cannot agree with itself), and stated literally where the brief fixes them.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from budgetkg.build.extract.report_tables import extract_table
from budgetkg.build.extract.tables import extract_tables
from budgetkg.build.readers import document_from_text, read_document
from budgetkg.build.records import MEASURES
from budgetkg.build.segment import segment
from budgetkg.errors import ExtractionError

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample-disclosure.txt"

TEMPLATE = [
    (1, "budgetOverview"),
    (2, "income"),
    (3, "expenditure"),
    (4, "fiscalOverview"),
    (5, "generalBudget"),
    (6, "basicByEconomic"),
    (7, "fundIncome"),
    (8, "fundExpenditure"),
    (9, "stateCapital"),
    (10, "threePublic"),
    (11, "agencyOperating"),
    (12, "projectCurrent"),
    (13, "projectCarryOver"),
]
CLASS_ROW = re.compile(r"^[一二三四五六七八九十]+、")


@pytest.fixture(scope="module")
def doc():
    return read_document(SAMPLE)


@pytest.fixture(scope="module")
def tables(doc):
    return {t.number: t for t in extract_tables(segment(doc), path=doc.path)}


def tables_of(text: str, name: str = "variant.txt"):
    doc = document_from_text(text, name)
    return {t.number: t for t in extract_tables(segment(doc), path=doc.path)}


def source_rows(doc, table, pattern=r"^\d{3,7}\t"):
    """The table's lines that start with a function code, straight from the text."""
    lines = doc.lines[table.span.start - 1 : table.span.end]
    return [ln for ln in lines if re.match(pattern, ln.text)]


def cell_value(cell: str) -> Decimal | None:
    return Decimal(cell) if cell.strip() else None


# --- the sample -------------------------------------------------------------------------------


def test_all_thirteen_tables_in_template_order(tables):
    assert [(t.number, t.kind) for t in tables.values()] == TEMPLATE


def test_metadata_of_every_table(tables, doc):
    for t in tables.values():
        assert t.year == 2024
        assert t.unit == "万元"
        assert t.department_name == "吕梁市行政审批服务管理局"
        assert t.title == re.sub(r"\s|#", "", doc.line(t.span.start).text)
        assert t.title.startswith("2024年")


def test_stated_empty_exactly_where_the_note_is(tables):
    assert {n for n, t in tables.items() if t.stated_empty} == {5, 7, 8, 9, 12, 13}


def test_every_measure_key_is_known(tables):
    for t in tables.values():
        for row in t.rows:
            assert set(row.values) <= set(MEASURES), (t.number, row)


def test_table3_total_row(tables):
    total = tables[3].rows[0]
    assert (total.label, total.role, total.code) == ("合计", "total", None)
    assert total.values == {
        "total": Decimal("5358.61"),
        "basic": Decimal("1815.35"),
        "project": Decimal("3543.26"),
    }


def test_table3_every_code_row_with_total_basic_project(tables, doc):
    coded = source_rows(doc, tables[3])
    rows = {r.line: r for r in tables[3].rows if r.code}
    assert len(coded) == len(rows) == 21  # every 类/款/项 code line of lines 171-191
    for line in coded:
        code, name, total, basic, project = line.cells
        row = rows[line.no]
        assert (row.code, row.label, row.role) == (code, name, "line")
        expected = {"total": total, "basic": basic, "project": project}
        assert row.values == {k: Decimal(v) for k, v in expected.items() if v}
    assert rows[173].values == {"total": Decimal("563.16"), "project": Decimal("563.16")}


def test_table2_code_rows_with_total_and_general_public_budget(tables, doc):
    coded = source_rows(doc, tables[2])
    rows = [r for r in tables[2].rows if r.code]
    assert [r.line for r in rows] == [ln.no for ln in coded]
    for line, row in zip(coded, rows):
        assert row.code == line.cells[0]
        assert row.values == {
            "total": Decimal(line.cells[2]),
            "generalPublicBudget": Decimal(line.cells[3]),
        }
    assert tables[2].rows[0].values["generalPublicBudget"] == Decimal("5358.61")


def test_table6_total_and_the_repeated_vehicle_line(tables):
    rows = tables[6].rows
    assert rows[0].label == "合计" and rows[0].role == "total"
    assert rows[0].values == {
        "total": Decimal("1815.35"),
        "personnel": Decimal("1686.31"),
        "publicFunds": Decimal("129.03"),
    }
    cars = [r for r in rows if r.label == "公务用车运行维护费"]
    assert [r.values["total"] for r in cars] == [Decimal("5.00"), Decimal("5.40")]
    assert all(r.label2 == "公务用车运行维护费" for r in cars)
    wages = next(r for r in rows if r.label == "工资福利支出")
    assert wages.label2 is None
    assert next(r for r in rows if r.label == "基本工资").label2 == "工资奖金津补贴"
    split = next(r for r in rows if r.label == "对个人和家庭的补助")
    assert split.values == {
        "total": Decimal("51.67"),
        "personnel": Decimal("51.62"),
        "publicFunds": Decimal("0.05"),
    }


def test_table10_three_public_rows(tables):
    rows = {r.label: r for r in tables[10].rows}
    assert list(rows) == [
        "因公出国（境）费",
        "公务接待费",
        "公务用车购置及运行费",
        "①公务用车购置费",
        "②公务用车运行维护费",
        "合计",
    ]
    assert rows["公务用车购置及运行费"].values == {
        "total": Decimal("12.40"),
        "generalPublicBudget": Decimal("12.40"),
    }
    assert rows["公务接待费"].values == {}
    assert rows["合计"].role == "total"


def test_table11_unit_rows(tables):
    rows = tables[11].rows
    assert [(r.label, r.role) for r in rows] == [
        ("部门合计", "total"),
        ("吕梁市行政审批服务管理局", "line"),
    ]
    assert rows[1].values["total"] == Decimal("80.04")


def test_table1_two_sides(tables):
    income = [r for r in tables[1].rows if r.side == "income"]
    spending = [r for r in tables[1].rows if r.side == "expenditure"]
    assert len(income) + len(spending) == len(tables[1].rows)
    gpb = next(r for r in income if r.label.endswith("一般公共预算"))
    assert gpb.values == {"total": Decimal("5358.61")}
    classes = [r for r in spending if CLASS_ROW.match(r.label)]
    assert len(classes) == 30
    assert classes[1].label == "二、外交支出" and classes[1].values == {}
    assert classes[0].values == {"total": Decimal("4879.70"), "currentYear": Decimal("4879.70")}
    # blank left halves (the lines that only list spending classes) produce no income row
    assert [r.label for r in income] == [
        "一、一般公共预算",
        "二、政府性基金预算",
        "三、国有资本经营预算",
        "四、财政专户管理资金",
        "五、单位资金",
        "本年收入合计",
        "上年结转",
        "收入总计",
    ]
    roles = {r.label: r.role for r in tables[1].rows}
    assert roles["本年收入合计"] == roles["本年支出合计"] == "subtotal"
    assert roles["收入总计"] == roles["支出总计"] == "total"
    assert roles["年终结转"] == "line"


def test_table4_two_sides_with_budget_columns(tables):
    spending = [r for r in tables[4].rows if r.side == "expenditure"]
    assert len([r for r in spending if CLASS_ROW.match(r.label)]) == 30
    first = spending[0]
    assert first.values == {
        "total": Decimal("4879.70"),
        "generalPublicBudget": Decimal("4879.70"),
    }
    income = [r.label for r in tables[4].rows if r.side == "income"]
    assert income.count("一、一般公共预算") == 2  # once as a source, once under 上年结转
    assert tables[4].rows[0].line == 202


def test_empty_tables_keep_their_total_row(tables):
    for n in (5, 7, 8):
        assert [(r.label, r.role, r.values) for r in tables[n].rows] == [("合计", "total", {})]
    assert tables[12].rows == [] and tables[13].rows == []


def test_values_are_exact_decimals(tables):
    row = next(r for r in tables[3].rows if r.code == "21007")
    assert row.values["total"] == Decimal("0.06")
    assert str(row.values["total"]) == "0.06"
    assert str(tables[3].rows[1].values["total"]) == "4879.70"  # the trailing zero is kept
    assert all(
        isinstance(v, Decimal) for t in tables.values() for r in t.rows for v in r.values.values()
    )


def test_rows_keep_document_order_and_lines(tables, doc):
    for t in tables.values():
        lines = [r.line for r in t.rows]
        assert lines == sorted(lines)
        for row in t.rows:
            assert row.label in doc.line(row.line).text


def test_spans_end_at_the_table(tables):
    assert tables[8].span.end == 326  # the next table's marker (部门公开表9) is not included
    assert tables[1].span.start == 88


# --- errors ------------------------------------------------------------------------------------


def test_malformed_number_names_file_and_line(doc):
    lines = [ln.text for ln in doc.lines]
    no = next(i for i, t in enumerate(lines, 1) if t.startswith("2010306\t") and "445.73" in t)
    lines[no - 1] = lines[no - 1].replace("445.73", "445.7x")
    bad = document_from_text("\n".join(lines), "broken.txt")
    section = next(s for s in segment(bad) if s.kind == "table" and s.number == 3)
    with pytest.raises(ExtractionError, match="445.7x") as info:
        extract_table(section, path="broken.txt")
    assert info.value.line == no
    assert info.value.path == "broken.txt"
    assert "基本支出" in str(info.value)


def test_value_under_no_header_is_an_error():
    text = VARIANT.replace("4,000.00\t2,500.00\t1,500.00", "4,000.00\t2,500.00\t1,500.00\t9.99")
    with pytest.raises(ExtractionError, match="no recognised header") as info:
        tables_of(text)
    assert (
        info.value.line
        == text.split("\n").index(next(ln for ln in text.split("\n") if "9.99" in ln)) + 1
    )


def test_rows_without_a_header_are_an_error():
    text = "2025年预算支出总表\n\n部门名称：某县教育局\n\n合计\t\t4.00\n\n注：完\n"
    with pytest.raises(ExtractionError, match="no column header"):
        tables_of(text)


# --- variants the sample does not show ----------------------------------------------------------

VARIANT_LINES = (
    "2031年预算收支总表",
    "部门名称：某某县教育局",
    "单位：万元",
    "收入\t\t支出\t\t\t",
    "项目\t2031年\t项目\t2031年合计\t上年结转安排\t当年预算安排",
    "一、一般公共预算\t3,900.00\t一、教育支出\t4,000.00\t100.00\t3,900.00",
    "二、上年结转\t100.00\t二、外交支出\t\t\t",
    "\t\t三、国防支出\t\t\t",
    "收入总计\t4,000.00\t支出总计\t4,000.00\t100.00\t3,900.00",
    "",
    "2031年预算支出总表",
    "部门名称：某某县教育局",
    "单位：万元",
    "科目编码\t科目名称\t合计\t项目支出\t基本支出",
    "合计\t\t4,000.00\t2,500.00\t1,500.00",
    "205\t教育支出\t4,000.00\t2,500.00\t1,500.00",
    "2050101\t行政运行\t1,500.00\t\t1,500.00",
    "注：本表数据按四舍五入列示",
    "",
    "2031年项目支出预算表（本年预算）",
    "部门名称：某某县教育局",
    "项目名称\t合计\t2031年财政拨款\t\t\t财政专户管理 资金\t单位资金",
    "\t\t一般公共预算\t政府性 基金预算\t国有资本经营 预算\t\t",
    "1\t2\t3\t4\t5\t6\t7",
    "校舍维修\t30.50\t\t30.50\t\t\t",
    "",
    "注：以上为全部项目",
)
VARIANT = "\n".join(VARIANT_LINES)


def test_variant_department_and_year():
    tables = tables_of(VARIANT)
    assert sorted(tables) == [1, 3, 12]
    assert {t.year for t in tables.values()} == {2031}
    assert {t.department_name for t in tables.values()} == {"某某县教育局"}
    assert not any(t.stated_empty for t in tables.values())


def test_variant_unit_as_stated_or_the_template_default():
    text = VARIANT.replace("单位：万元", "单位：元", 1)
    tables = tables_of(text)
    assert (tables[1].unit, tables[3].unit, tables[12].unit) == ("元", "万元", "万元")


def test_two_columns_with_one_meaning_are_an_error():
    text = VARIANT.replace(
        "科目编码\t科目名称\t合计\t项目支出\t基本支出", "科目编码\t科目名称\t合计\t项目支出\t小计"
    )
    with pytest.raises(ExtractionError, match="both read as 'total'"):
        tables_of(text)


def test_variant_columns_mapped_by_meaning_not_position():
    tables = tables_of(VARIANT)
    _, education, admin = tables[3].rows
    assert education.code == "205"
    assert education.values == {
        "total": Decimal("4000.00"),
        "project": Decimal("2500.00"),
        "basic": Decimal("1500.00"),
    }
    assert admin.values == {"total": Decimal("1500.00"), "basic": Decimal("1500.00")}
    spending = [r for r in tables[1].rows if r.side == "expenditure"]
    assert spending[0].values == {
        "total": Decimal("4000.00"),
        "carryOver": Decimal("100.00"),
        "currentYear": Decimal("3900.00"),
    }
    assert [r.label for r in tables[1].rows if r.side == "income"] == [
        "一、一般公共预算",
        "二、上年结转",
        "收入总计",
    ]


def test_variant_headers_with_stray_spaces_and_column_numbers():
    (row,) = tables_of(VARIANT)[12].rows
    assert row.label == "校舍维修"
    assert row.values == {"total": Decimal("30.50"), "governmentFund": Decimal("30.50")}


def test_code_written_in_front_of_the_name():
    text = VARIANT.replace("科目编码\t科目名称\t", "科目名称\t").replace(
        "205\t教育支出", "205 教育支出"
    )
    text = text.replace("合计\t\t4,000.00", "合计\t4,000.00").replace(
        "2050101\t行政运行", "行政运行"
    )
    rows = tables_of(text)[3].rows
    assert [(r.code, r.label) for r in rows] == [
        (None, "合计"),
        ("205", "教育支出"),
        (None, "行政运行"),
    ]
