"""PDF input (budgetkg.build.readers.pdf) and the 部门决算 layout.

Fixtures: the national final-account template (tests/data, 23 pages, placeholders for figures),
the cover and table pages of a real district finance bureau's final account (Putuo 2024, pages 1
and 6-20 of the published 25, so page N here is page N+4 of the original from page 2 on), and the
sample 预算 rendered into a PDF with ruled tables (tests/pdf_render.py).
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import SKOS, XSD

from budgetkg.build.pipeline import build_graph, extract_file
from budgetkg.build.readers import read_document
from budgetkg.build.segment import FINAL_ACCOUNT_KINDS
from budgetkg.cli.app import main
from budgetkg.errors import InputError
from budgetkg.vocab import BKG, MEASURE_PROPERTY

from .pdf_render import render_pdf

DATA = Path(__file__).parent / "data"
PUTUO = DATA / "putuo-finance-bureau-2024-final-account-tables.pdf"
TEMPLATE = DATA / "national-final-account-template-2024.pdf"
AMOUNT = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})*\.\d{2}(?!\d)")


def run(args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def putuo():
    return extract_file(PUTUO)


@pytest.fixture(scope="module")
def putuo_graph():
    return build_graph(PUTUO)


def table(disclosure, kind):
    return next(t for t in disclosure.tables if t.kind == kind)


# --- reading -------------------------------------------------------------------------------


def test_lines_carry_their_page():
    doc = read_document(PUTUO)
    assert doc.encoding == "pdf"
    assert all(ln.page for ln in doc.lines)
    assert doc.lines[0].page == 1 and doc.lines[-1].page == 16
    title = next(ln for ln in doc.lines if ln.text == "收入决算表")
    assert title.page == 4


def test_ruled_table_rows_become_tab_separated_cells():
    doc = read_document(PUTUO)
    row = next(ln for ln in doc.lines if ln.text.startswith("2010601\t行政运行\t1,511.90"))
    assert row.cells == ["2010601", "行政运行", "1,511.90", "1,511.89", "", "", "", "", "0.01"]


def test_split_codes_rejoined_and_table_continues_over_the_page(putuo):
    income = table(putuo, "faIncome")
    by_code = {r.code: r for r in income.rows if r.code}
    # 210 11 01 is printed in three cells on the page after the table's header
    assert by_code["2101101"].values == {"currentYearIncome": Decimal("60.99"),
                                         "fiscalAppropriation": Decimal("60.99")}
    doc = read_document(PUTUO)
    assert doc.line(by_code["2101101"].line).page == 5
    assert doc.line(by_code["201"].line).page == 4
    assert len([t for t in putuo.tables if t.kind == "faIncome"]) == 1


def test_wrapped_cells_are_joined(putuo):
    labels = {r.label for r in table(putuo, "faIncome").rows}
    assert "机关事业单位基本养老保险缴费支出" in labels  # wraps over two lines in the PDF


# --- the 部门决算 layout ---------------------------------------------------------------------


@pytest.mark.parametrize("pdf", [PUTUO, TEMPLATE], ids=["putuo", "template"])
def test_all_nine_final_account_tables_recognised(pdf):
    d = extract_file(pdf)
    assert [t.kind for t in d.tables] == [
        "faOverview", "faIncome", "faExpenditure", "faFiscalOverview", "faGeneralBudget",
        "faBasic", "faThreePublic", "faFund", "faStateCapital"]
    assert {t.kind for t in d.tables} == FINAL_ACCOUNT_KINDS


def test_final_account_columns_read_by_header(putuo):
    overview = table(putuo, "faOverview")
    rows = {(r.side, r.label): r.values for r in overview.rows}
    assert rows[("income", "年初结转和结余")] == {"finalAccount": Decimal("49.14")}
    assert rows[("expenditure", "年末结转和结余")] == {"finalAccount": Decimal("55.34")}
    assert rows[("income", "总计")] == rows[("expenditure", "总计")]
    total = next(r for r in table(putuo, "faExpenditure").rows if r.role == "total")
    assert total.values == {"currentYearExpenditure": Decimal("2940.05"),
                            "basic": Decimal("2336.91"), "project": Decimal("603.14")}


def test_three_public_table_read_by_column_pairs(putuo):
    rows = {r.label: r.values for r in table(putuo, "faThreePublic").rows}
    assert set(rows) == {"合计", "因公出国（境）费", "公务用车购置及运行费", "公务用车购置费",
                         "公务用车运行费", "公务接待费"}
    assert rows["合计"] == {"initialBudget": Decimal("0.95")}  # 决算数 blank: nothing spent
    assert rows["公务接待费"] == {"initialBudget": Decimal("0.95")}


def test_empty_fund_tables_are_stated_empty(putuo):
    assert table(putuo, "faFund").stated_empty
    assert table(putuo, "faStateCapital").stated_empty


def test_graph_states_document_kind_phase_and_page(putuo_graph):
    g = putuo_graph
    assert (None, BKG.documentKind, BKG.DepartmentFinalAccount) in g
    tables = set(g.subjects(BKG.tableKind, None))
    assert len(tables) == 9
    assert all((t, BKG.budgetPhase, BKG.Executed) in g for t in tables)
    rows = [s for s in g.subjects(BKG.finalAccount, Literal("49.14", datatype=XSD.decimal))]
    assert [g.value(r, BKG.page).toPython() for r in rows] == [3]  # page 7 of the original


def test_every_table_amount_is_in_the_graph_with_its_page(putuo_graph):
    """Fidelity: every amount printed on a table page (read from the raw text layer, not through
    the grid) is an observation's value on that page."""
    import pypdfium2 as pdfium

    g = putuo_graph
    in_graph: Counter = Counter()
    measures = set(MEASURE_PROPERTY.values())
    for s, p, o in g:
        if p in measures:
            in_graph[(g.value(s, BKG.page).toPython(), o.toPython())] += 1
    pages = {o.toPython() for o in g.objects(None, BKG.page)}  # every page with a table
    present: Counter = Counter()
    pdf = pdfium.PdfDocument(str(PUTUO))
    for number in pages:
        text = pdf[number - 1].get_textpage().get_text_range()
        for m in AMOUNT.findall(text):
            present[(number, Decimal(m.replace(",", "")))] += 1
    pdf.close()
    assert pages == set(range(2, 17)) - {10}  # page 10 (14 of the original) is blank
    assert sum(present.values()) == 195
    missing = present - in_graph
    assert not missing, missing


# --- the sample rendered to PDF ------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory, sample_text):
    return render_pdf(sample_text, tmp_path_factory.mktemp("pdf") / "sample.pdf")


def amounts(disclosure):
    return Counter((t.kind, r.side, r.code, r.label, k, v)
                   for t in disclosure.tables for r in t.rows for k, v in r.values.items())


def test_sample_pdf_gives_the_same_amounts_as_the_text(sample_pdf, sample_disclosure):
    from_pdf = extract_file(sample_pdf)
    assert len(from_pdf.tables) == len(sample_disclosure.tables) == 13
    expected = amounts(sample_disclosure)
    assert sum(expected.values()) == 221
    assert amounts(from_pdf) == expected
    # and the rest of the document reads the same: projects, indicators, catalogue
    assert [len(p.indicators) for p in from_pdf.projects] == [
        len(p.indicators) for p in sample_disclosure.projects]
    assert sum(len(s.entries) for s in from_pdf.catalogue.sections) == sum(
        len(s.entries) for s in sample_disclosure.catalogue.sections)


# --- refusals ------------------------------------------------------------------------------


def test_pdf_without_text_layer_needs_ocr(tmp_path):
    from reportlab.pdfgen import canvas

    scan = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(scan))
    c.rect(50, 50, 400, 600)
    c.save()
    with pytest.raises(InputError, match="no text layer.*needs OCR"):
        read_document(scan)
    result = run(["build", scan, "-o", tmp_path / "out.ttl"])
    assert result.exit_code == 2 and "OCR" in result.output


def test_encrypted_pdf_is_refused(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    locked = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(locked), encrypt=StandardEncryption("secret", canPrint=0))
    c.drawString(100, 700, "budget")
    c.save()
    with pytest.raises(InputError, match="encrypted"):
        read_document(locked)


@pytest.mark.parametrize("data, needle", [
    (b"%PDF-1.7\n1 0 obj garbage", "broken"),
    (b"just text, named .pdf", "not a PDF"),
])
def test_broken_pdf_is_refused(tmp_path, data, needle):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(data)
    result = run(["build", bad, "-o", tmp_path / "out.ttl"])
    assert result.exit_code == 2, result.output
    assert needle in result.output and "Traceback" not in result.output


def test_tabs_as_spaces_is_refused(tmp_path, sample_text):
    doc = tmp_path / "spaces.txt"
    doc.write_text(sample_text.replace("\t", " "), encoding="utf-8")
    out = tmp_path / "out.ttl"
    result = run(["build", doc, "-o", out])
    assert result.exit_code == 2, result.output
    assert "no tab-separated cells" in result.output
    assert not out.exists()


def test_document_without_report_tables_is_refused(tmp_path):
    doc = tmp_path / "notables.txt"
    doc.write_text("上海市某某局\n2024年部门预算\n第一部分 概况\n一、主要职能\n负责某某工作。\n"
                   "第二部分 报表\n（略）\n", encoding="utf-8")
    result = run(["build", doc, "-o", tmp_path / "out.ttl"])
    assert result.exit_code == 2, result.output
    assert "no report table was recognised" in result.output
    assert "收入支出决算总表" in result.output and "预算收支总表" in result.output


# --- validation of final accounts ------------------------------------------------------------


def test_final_account_validation_names_missing_parts_not_budget_tables(putuo_graph):
    """The page extract lacks parts 1, 3 and 4: validation names those sections, and
    asks for none of the 13 budget tables (all nine final-account tables are there)."""
    from budgetkg.validate.run import validate_graphs

    report = validate_graphs([putuo_graph])
    violations = [f for f in report.findings if f.severity == "Violation"]
    assert {f.shape for f in violations} == {"bkgsh:RequiredSectionsShape"}
    assert {f.expected for f in violations} == {"overview", "duties", "organisation", "narrative",
                                                "glossary"}
    rounding = [f for f in report.findings if f.shape == "bkgsh:TableTotalRoundingShape"]
    assert {f.found for f in rounding} == {"2336.91", "2940.05"}  # 表23/表25 rows vs 合计
    assert {(f.source_lines[0], tuple(f.source_pages)) for f in rounding} == {
        (68, (6,)), (150, (11,))}  # pages 10 and 15 of the original
    # and the one figure two tables state differently: 326.71 in 表21, 326.72 in 表23
    (differs,) = [f for f in report.findings if f.shape == "bkgsh:TablesAgreeRoundingShape"]
    assert (differs.found, differs.expected) == ("326.71", "326.72") and differs.source_pages


def test_economic_codes_of_the_basic_table_are_economic_classes(putuo_graph):
    from rdflib.namespace import SKOS

    g = putuo_graph
    codes = {str(o) for s in g.subjects(BKG.economicClass, None)
             for o in g.objects(g.value(s, BKG.economicClass), SKOS.notation)}
    assert {"301", "30101", "302", "30201", "310"} <= codes
    functions = {str(o) for s in g.subjects(BKG.functionCode, None)
                 for o in g.objects(g.value(s, BKG.functionCode), SKOS.notation)}
    assert not any(c.startswith(("301", "302", "303", "310")) for c in functions)


# --- tables of no known kind -----------------------------------------------------------------


def test_table_of_no_known_kind_is_kept_cell_by_cell_with_a_warning(tmp_path, sample_text):
    from budgetkg.validate.run import validate_graphs

    extra = ("2024年部门政府采购预算表\n单位：万元\n采购项目\t采购品目\t金额\n办公设备\tA02\t12.00\n\n")
    marker = "### 第三部分 2024年度部门预算情况说明"
    doc = tmp_path / "with-procurement.txt"
    doc.write_text(sample_text.replace(marker, extra + marker, 1), encoding="utf-8")
    d = extract_file(doc)
    assert len(d.tables) == 14
    other = d.tables[-1]
    assert (other.kind, other.number, other.title) == ("generic", 101, "2024年部门政府采购预算表")
    assert [r.cells for r in other.rows] == [("采购项目", "采购品目", "金额"),
                                             ("办公设备", "A02", "12.00")]
    g = build_graph(doc)
    assert (None, BKG.rowCells, Literal("办公设备\tA02\t12.00")) in g
    warnings = [f for f in validate_graphs([g]).findings if f.shape == "bkgsh:UnknownTableShape"]
    assert [(f.severity, f.found) for f in warnings] == [("Warning", "2024年部门政府采购预算表")]


# --- the final account's per-subject explanations ----------------------------------------------
# The narrative pages of the Putuo PDF embed a 3.5 MB font each, so the whole document is kept as
# the text budgetkg's PDF reader makes of it (tests/data/putuo-...-final-account.txt).

PUTUO_TEXT = DATA / "putuo-finance-bureau-2024-final-account.txt"


@pytest.fixture(scope="module")
def putuo_text_graph():
    return build_graph(PUTUO_TEXT)


def test_subject_explanations_are_read_with_code_amounts_and_reason():
    d = extract_file(PUTUO_TEXT)
    by_code = {e.code: e for e in d.explanations}
    assert len(d.explanations) == 11 and None not in by_code
    first = by_code["2010601"]
    assert first.names == ("一般公共服务支出", "财政事务", "行政运行")
    assert (first.budget, first.final) == (Decimal("1560.05"), Decimal("1511.89"))
    assert first.reason == "人员进出及退休变化，减少人员经费开支"
    on_par = by_code["2210203"]  # 决算数与预算数基本持平: no reason, and none needed
    assert (on_par.budget, on_par.final, on_par.reason, on_par.on_par) == (
        Decimal("258.50"), Decimal("258.50"), None, True)


def test_explanations_in_the_graph(putuo_text_graph):
    g = putuo_text_graph
    nodes = set(g.subjects(BKG.statedReason, None))
    assert len(set(g.objects(None, BKG.statesExplanation))) == 11 and len(nodes) == 8
    node = next(n for n in g.subjects(BKG.statedBudget, Literal("1560.05", datatype=XSD.decimal)))
    assert g.value(node, BKG.executionRate) == Literal("96.91", datatype=XSD.decimal)
    assert str(g.value(g.value(node, BKG.explainedSubject), SKOS.notation)) == "2010601"


def test_final_account_text_conforms_and_checks_explanations(putuo_text_graph):
    from budgetkg.validate.run import validate_graphs

    g = putuo_text_graph
    # the document's own two errors in its explanations (see tests/test_final_account_checks.py)
    base = {(f.shape, f.found) for f in validate_graphs([g]).findings if f.severity != "Info"}
    assert base == {("bkgsh:FigureMatchesTableShape", "0.30"),
                    ("bkgsh:NarrativePercentShape", "71.73")}
    mutated = Graph(identifier=g.identifier)
    mutated += g
    node = next(n for n in g.subjects(BKG.statedBudget, Literal("135.90", datatype=XSD.decimal)))
    mutated.remove((node, BKG.statedReason, None))
    mutated.set((node, BKG.statedFinalAccount, Literal("135.52", datatype=XSD.decimal)))
    shapes = {f.shape: f for f in validate_graphs([mutated]).findings
              if f.severity != "Info" and (f.shape, f.found) not in base}
    assert set(shapes) == {"bkgsh:ExplanationWithoutReasonShape",
                           "bkgsh:ExplanationAgreesWithTableShape"}
    assert (shapes["bkgsh:ExplanationAgreesWithTableShape"].expected,
            shapes["bkgsh:ExplanationAgreesWithTableShape"].found) == ("135.25", "135.52")


# --- titles by meaning -----------------------------------------------------------------------


@pytest.mark.parametrize("title, bare, kind", [
    ("表1 2024年部门收支总表", False, "budgetOverview"),  # national 预算 layout, numbered
    ("部门收入总表", True, "income"),  # no year: taken in the tables part only
    ("部门收入总表", False, None),
    ("表三 部门支出总表", True, "expenditure"),
    ("2024年一般公共预算“三公”经费支出表", False, "threePublic"),
    ("一般公共预算基本支出表", True, "basicByEconomic"),
    ("国有资本经营预算支出表", True, "stateCapital"),
    ("表七 财政拨款“三公”经费支出决算表", False, "faThreePublic"),
    ("收入决算表", False, "faIncome"),
    ("财政拨款收入支出决算总表", False, "faFiscalOverview"),
    ("一、部门收支总表", True, None),  # a contents line
    ("一、收入支出决算总表", False, None),
])
def test_table_titles_recognised_by_their_words(title, bare, kind):
    from budgetkg.build.segment import table_kind

    found = table_kind(title, bare=bare)
    assert (found[1] if found else None) == kind
