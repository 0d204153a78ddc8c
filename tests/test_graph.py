"""The sample's graph states what the document states, and nothing is tied to the sample."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from rdflib import Literal
from rdflib.namespace import PROV, QB, RDF, RDFS, SKOS

from budgetkg.build.extract import extract_document
from budgetkg.build.model import to_graph
from budgetkg.build.readers import document_from_text
from budgetkg.vocab import BKG, ORG
from tests.conftest import make_variant


def projects(g):
    return list(g.subjects(RDF.type, BKG.Project))


def annual(g, p):
    return Decimal(str(g.value(g.value(p, BKG.annualFunds), BKG.total)))


def table(g, kind):
    return next(t for t in g.subjects(BKG.tableKind, Literal(kind)))


def rows(g, kind):
    return list(g.subjects(QB.dataSet, table(g, kind)))


def total_row(g, kind):
    return next(r for r in rows(g, kind) if str(g.value(r, BKG.rowRole)) == "total")


def figure(g, key):
    return [Decimal(str(g.value(f, BKG.value))) for f in g.subjects(BKG.figureKey, Literal(key))]


def test_31_projects_add_up_to_the_stated_project_expenditure(sample_graph):
    g = sample_graph
    ps = projects(g)
    assert len(ps) == 31
    yuan = sum(annual(g, p) for p in ps)
    stated_table = Decimal(str(g.value(total_row(g, "expenditure"), BKG.project)))
    assert yuan / 10000 == stated_table == Decimal("3543.26")
    assert stated_table in figure(g, "projects.amount")


def function_rows_in_text(text: str, title_word: str) -> dict[str, list[str]]:
    """code -> the amount cells of that row, read straight from the text."""
    lines = text.split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.lstrip("# ").endswith(title_word) and "\t" not in ln)
    found = {}
    for ln in lines[start + 1:]:
        if re.match(r"^#* ?\d{4}年", ln) and "\t" not in ln:
            break
        cells = ln.split("\t")
        if re.fullmatch(r"\d{3}(\d{2}){0,2}", cells[0].strip()):
            found[cells[0].strip()] = [c.strip() for c in cells[2:] if c.strip()]
    return found


@pytest.mark.parametrize("kind,title,measures", [
    ("expenditure", "预算支出总表", ("total", "basic", "project")),
    ("income", "预算收入总表", ("total", "generalPublicBudget")),
])
def test_every_function_code_row_is_present_with_its_amounts(sample_graph, sample_text, kind, title, measures):
    g = sample_graph
    expected = function_rows_in_text(sample_text, title)
    assert len(expected) == 21
    got = {}
    for r in rows(g, kind):
        concept = g.value(r, BKG.functionCode)
        if concept is not None:
            vals = [g.value(r, getattr(BKG, m)) for m in measures]
            got[str(g.value(concept, SKOS.notation))] = [str(v) for v in vals if v is not None]
    assert got == expected
    # the hierarchy: every 5- and 7-digit code has its parent as skos:broader
    for r in rows(g, kind):
        c = g.value(r, BKG.functionCode)
        if c is not None and len(str(g.value(c, SKOS.notation))) > 3:
            parent = g.value(c, SKOS.broader)
            assert str(g.value(parent, SKOS.notation)) == str(g.value(c, SKOS.notation))[:-2]


def test_every_catalogue_row_is_present_in_its_section_and_level(sample_graph, sample_text):
    g = sample_graph
    lines = sample_text.split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("代码\t"))
    expected = {}
    section = None
    for no, ln in enumerate(lines[start:], start=start + 1):
        if ln.startswith(("第四部分", "## 第四部分")):
            break
        cells = ln.split("\t")
        if len(cells) < 5 or cells[0] == "代码":
            continue
        name = re.sub(r"</?b>", "", cells[0]).strip()
        if name and not re.fullmatch(r"[A-Z]?\d+", name) and not any(c.strip() for c in cells[1:]):
            section = name
            continue
        filled = [i for i, c in enumerate(cells[1:5], start=1) if c.strip()]
        level = filled[0] if filled else None
        expected[no] = (section, cells[0].strip(), level)
    got = {}
    for item in g.subjects(RDF.type, BKG.CatalogueItem):
        sec = g.value(item, BKG.inSection)
        labelled = g.value(item, SKOS.prefLabel) is not None
        got[int(g.value(item, BKG.startLine))] = (
            str(g.value(sec, RDFS.label)), str(g.value(item, SKOS.notation)),
            int(g.value(item, BKG.level)) if labelled else None,
        )
    assert len(expected) > 1800
    assert got == expected


def test_provenance_on_every_extracted_entity(sample_graph):
    g = sample_graph
    doc = g.identifier
    typed = set(g.subjects(RDF.type, None))
    missing = [s for s in typed if (s, PROV.wasDerivedFrom, doc) not in g
               and (s, RDF.type, SKOS.ConceptScheme) not in g
               and s != doc and not str(s).endswith("/build")
               and (s, RDF.type, BKG.FiscalYear) not in g
               and (s, RDF.type, BKG.ServiceCategory) not in g]
    assert missing == []
    for p in projects(g):
        assert int(g.value(p, BKG.startLine)) < int(g.value(p, BKG.endLine))


def test_department_units_and_offices(sample_graph):
    g = sample_graph
    dept = next(g.subjects(RDF.type, BKG.Department))
    assert str(g.value(dept, SKOS.prefLabel)) == "吕梁市行政审批服务管理局"
    assert str(g.value(dept, BKG.budgetCode)) == "026"
    assert len(list(g.objects(dept, ORG.hasUnit))) == 16
    units = {str(g.value(u, SKOS.prefLabel)) for u in g.subjects(ORG.subOrganizationOf, dept)}
    assert units == {"市公共资源交易中心", "市政务服务中心"}
    # every project's implementing unit resolves to the department or a listed unit
    for p in projects(g):
        assert g.value(p, BKG.implementingUnit) in {dept, *g.subjects(ORG.subOrganizationOf, dept)}


def test_empty_tables_are_recorded_as_stated_empty(sample_graph):
    g = sample_graph
    empty = {int(g.value(t, BKG.tableNumber)) for t in g.subjects(BKG.statedEmpty, Literal(True))}
    assert empty == {5, 7, 8, 9, 12, 13}
    assert len(set(g.subjects(RDF.type, BKG.BudgetTable))) == 13


def build_text(text: str, name: str = "variant.txt"):
    return to_graph(extract_document(document_from_text(text, name)))


@pytest.fixture(scope="module")
def variant_graph(sample_text):
    text = make_variant(sample_text, name="太原市数据和政务服务局", code="031", year=2031,
                        reverse_projects=True)
    return build_text(text)


def test_variant_has_its_own_department_code_and_year(variant_graph):
    g = variant_graph
    dept = next(g.subjects(RDF.type, BKG.Department))
    assert str(g.value(dept, SKOS.prefLabel)) == "太原市数据和政务服务局"
    assert str(g.value(dept, BKG.budgetCode)) == "031"
    year = g.value(g.identifier, BKG.fiscalYear)
    assert str(g.value(year, RDFS.label)) == "2031"
    assert "吕梁市行政审批服务管理局" not in {str(o) for o in g.objects()}
    assert {str(g.value(c, SKOS.inScheme)).rsplit("/", 1)[-1]
            for c in g.subjects(RDF.type, BKG.FunctionCode)} == {"2031"}


def test_variant_projects_in_another_order_give_the_same_projects(variant_graph, sample_graph):
    def facts(g):
        dept = str(g.value(next(g.subjects(RDF.type, BKG.Department)), SKOS.prefLabel))
        unit = lambda p: str(g.value(p, BKG.implementingUnitName)).replace(dept, "<dept>")
        return sorted((str(g.value(p, BKG.projectName)), unit(p),
                       annual(g, p), len(list(g.objects(p, BKG.indicator)))) for p in projects(g))

    assert facts(variant_graph) == facts(sample_graph)
    first = min(projects(variant_graph), key=lambda p: int(variant_graph.value(p, BKG.documentOrder)))
    assert str(variant_graph.value(first, BKG.projectName)) == "吕梁市公共资源交易中心电子交易系统运维服务项目"


def test_project_iris_do_not_depend_on_table_order(sample_text, sample_graph):
    from tests.conftest import make_variant as mv

    dept = re.search(r"^# (.+)$", sample_text, re.MULTILINE).group(1)
    reordered = mv(sample_text, name=dept, code="026", year=2024, reverse_projects=True)
    g = build_text(reordered)
    assert set(map(str, projects(g))) == set(map(str, projects(sample_graph)))
