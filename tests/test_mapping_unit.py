"""Project -> catalogue service mapping on small made-up inputs: the text functions, the choice of
a department's own section, the matcher's decisions on a tiny graph, the RDF it writes (checked
against the ontology), overrides and determinism."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from budgetkg.build import records as r
from budgetkg.build.mapping import add_mappings, parse_overrides, rank_graph
from budgetkg.build.mapping.sections import coverage, own_sections
from budgetkg.build.mapping.text import TfIdf, head_word, ngrams
from budgetkg.build.model import to_graph
from budgetkg.errors import InputError
from budgetkg.vocab import BKG

XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # plain: pytest probes module globals

ROOT = Path(__file__).resolve().parents[1]

# --- text -----------------------------------------------------------------------------------------


def test_ngrams_are_bigrams_and_trigrams_with_digit_runs_whole():
    grams = ngrams("１２３４５ 政务热线")  # full-width digits and a space, as catalogues write them
    assert grams["12345"] == 1
    assert {"政务", "务热", "热线", "政务热", "务热线"} <= set(grams)
    assert "政" not in grams and "1" not in grams


@pytest.mark.parametrize("label, head", [
    ("12345 政务服务热线便民服务", "热线"),
    ("营商环境领域咨询服务", "咨询"),
    ("特种设备作业人员考试服务", "考试"),
    ("政务服务事项梳理", "梳理"),
    ("水利专项规划（实施方案）编制服务", "编制"),
    ("综合窗口服务", "窗口"),
    ("基层政务服务标准化服务", "标准化"),
])
def test_head_word_is_what_the_service_does(label, head):
    assert head_word(label) == head


def test_idf_gives_a_term_in_every_document_no_weight():
    tfidf = TfIdf([ngrams("热线服务"), ngrams("咨询服务"), ngrams("考试服务")])
    assert tfidf.weight("服务") == 0
    assert tfidf.weight("热线") > 1
    assert tfidf.vector(ngrams("服务")) == {}


# --- the department's own section ----------------------------------------------------------------

SECTIONS = ["人民代表大会常务委员会办公厅（室）", "人民政府办公厅（室）", "人民法院", "人民检察院",
            "行政审批", "民政", "市场监督管理", "监狱管理", "卫生健康", "纪律检查委员会监察委员会",
            "财政", "文化和旅游", "工业和信息化", "网络安全和信息化委员会办公室", "住房和城乡建设"]


@pytest.mark.parametrize("department, section", [
    ("吕梁市行政审批服务管理局", "行政审批"),
    ("某市民政局", "民政"),
    ("市民政局", "民政"),
    ("大同市市场监督管理局", "市场监督管理"),
    ("某市中级人民法院", "人民法院"),
    ("某市人民检察院", "人民检察院"),
    ("某市卫生健康委员会", "卫生健康"),
    ("某市人民政府办公室", "人民政府办公厅（室）"),
    ("某市财政局", "财政"),
    ("某市文化和旅游局", "文化和旅游"),
    ("中共某市委网络安全和信息化委员会办公室", "网络安全和信息化委员会办公室"),
    ("某市住房和城乡建设局", "住房和城乡建设"),
])
def test_own_section_is_found_from_the_department_name(department, section):
    sections = {i: name for i, name in enumerate(SECTIONS)}
    assert [sections[k] for k in own_sections(department, sections)] == [section]


@pytest.mark.parametrize("department", ["某市档案馆", "某市数据服务局", "某市管理服务中心", "",
                                        None])
def test_no_section_when_the_name_shares_only_generic_words(department):
    assert own_sections(department, dict(enumerate(SECTIONS))) == []


def test_generic_words_cover_nothing():
    assert coverage("吕梁市行政审批服务管理局", "市场监督管理") == (0.0, 0)
    assert coverage("吕梁市行政审批服务管理局", "行政审批") == (1.0, 4)


# --- a tiny disclosure ---------------------------------------------------------------------------

E = r.CatalogueEntry


def catalogue() -> r.Catalogue:
    return r.Catalogue("政府购买服务指导性目录", "某财综〔2024〕1号", "某省财政厅", None, [
        r.CatalogueSection(1, "行政审批", 10, [
            E("A", "公共服务", 1, 11), E("A15", "公共信息与宣传服务", 2, 12),
            E("A1502", "公共公益宣传服务", 3, 13), E("A150201", "政务服务宣传服务", 4, 14),
            E("A16", "行业管理服务", 2, 15),
            E("A1604", "行业职业资格准入和水平评价管理服务", 3, 16),
            E("A160402", "特种设备作业人员考试服务", 4, 17),
            E("A17", "技术性服务", 2, 18), E("A1701", "技术评审鉴定评估服务", 3, 19),
            E("A170102", "行政审批事项现场勘验服务", 4, 20),
            E("A18", "其他公共服务", 2, 21), E("A1807", "政务热线服务", 3, 22),
            E("A180701", "12345 政务服务热线便民服务", 4, 23)]),
        r.CatalogueSection(2, "民政", 30, [
            E("A", "公共服务", 1, 31), E("A10", "社会治理服务", 2, 32),
            E("A1003", "社会组织建设与管理服务", 3, 33),
            E("A100301", "社会组织等级评估服务", 4, 34),
            E("A18", "其他公共服务", 2, 35), E("A1807", "政务热线服务", 3, 36),
            E("A180701", "民政服务热线", 4, 37)]),
        r.CatalogueSection(3, "体育", 40, [
            E("A", "公共服务", 1, 41), E("A09", "文化公共服务", 2, 42),
            E("A0902", "体育场馆服务", 3, 43), E("A090204", "体育场馆运行保障服务", 4, 44)]),
    ], r.Span(9, 44))


def project(seq: int, name: str, dept: str, overview: str, goal: str) -> r.Project:
    return r.Project(seq, name, dept, "001", dept, "经常性项目", 1, "1年",
                     r.Funds(Decimal(1000)), r.Funds(Decimal(1000)), overview=overview,
                     goal_implementation=goal, goal_annual=goal, span=r.Span(50 + seq, 50 + seq))


def disclosure(dept: str, projects: list[tuple[str, str, str]], sha: str = "cd") -> r.Disclosure:
    return r.Disclosure(
        source_name="tiny.txt", source_sha256=sha * 32,
        department=r.Department(dept, 2024, "001", r.Span(1, 1)), duties=[], organisation=None,
        tables=[], figures=[], changes=[],
        projects=[project(i, n, dept, o, g) for i, (n, o, g) in enumerate(projects, start=1)],
        catalogue=catalogue(), glossary=[], sections=[], line_count=60)


REVIEW = "某市行政审批服务管理局"
REVIEW_PROJECTS = [
    ("12345政务服务热线运行经费", "保障12345政务服务热线正常运行，受理群众来电诉求。",
     "热线接通率不低于95%"),
    ("工作运行经费", "行政审批事项现场勘验差旅费、现场勘验车辆运行及其他日常服务开支。",
     "保障现场勘验工作正常运转"),
    ("特种设备作业人员考试经费", "组织全市特种设备作业人员资格考试。", "完成年度考试"),
    ("大厅运行保障经费", "保障政务服务大厅日常运行保障。", "大厅运行正常"),
]


def tiny_graph(dept: str = REVIEW, projects=REVIEW_PROJECTS, sha: str = "cd") -> Graph:
    g = to_graph(disclosure(dept, projects, sha))
    add_mappings(g)
    return g


def mapped(g: Graph) -> dict[str, tuple[str, str, URIRef]]:
    """project name -> (service code, section name, SKOS relation)."""
    out = {}
    for m in g.subjects(RDF.type, BKG.ServiceMapping):
        p, item = g.value(m, BKG.mappedProject), g.value(m, BKG.mapsToService)
        rel = SKOS.closeMatch if (p, SKOS.closeMatch, item) in g else SKOS.relatedMatch
        section = g.value(item, BKG.inSection)
        out[str(g.value(p, BKG.projectName))] = (
            str(g.value(item, SKOS.notation)), str(g.value(section, RDFS.label)), rel)
    return out


def test_tiny_graph_maps_the_clear_cases_in_the_own_section():
    got = mapped(tiny_graph())
    assert got["12345政务服务热线运行经费"][:2] == ("A180701", "行政审批")
    assert got["特种设备作业人员考试经费"][:2] == ("A160402", "行政审批")


def test_tiny_graph_leaves_running_costs_unmapped():
    got = mapped(tiny_graph())
    assert "工作运行经费" not in got  # mentions 现场勘验 and 服务, but pays for travel
    assert "大厅运行保障经费" not in got  # 体育场馆运行保障服务 is another department's service


def test_the_same_code_follows_the_department():
    project = ("民政服务热线运行经费", "保障民政服务热线运行。", "接通率95%")
    got = mapped(tiny_graph("某市民政局", [project]))
    assert got == {"民政服务热线运行经费": ("A180701", "民政", SKOS.closeMatch)}


def test_rankings_explain_the_decision():
    ranked = {r_.project.name: r_ for _, r_ in rank_graph(tiny_graph())}
    hotline = ranked["12345政务服务热线运行经费"]
    assert hotline.own_sections == ["行政审批"]
    assert hotline.best.head == "热线" and hotline.best.head_found
    running = ranked["工作运行经费"]
    assert running.match is None and running.section_candidates  # candidates, none kept


def test_mapping_triples_follow_the_contract():
    g = tiny_graph()
    maps = sorted(g.subjects(RDF.type, BKG.ServiceMapping))
    assert len(maps) == 2
    doc = next(g.subjects(RDF.type, BKG.Disclosure))
    for m in maps:
        project, item = g.value(m, BKG.mappedProject), g.value(m, BKG.mapsToService)
        assert str(m).startswith(f"{project}/service/")
        assert (item, RDF.type, BKG.PurchasableService) in g
        score = g.value(m, BKG.score)
        assert score.datatype == XSD.decimal and Decimal(0) <= score.toPython() <= Decimal(1)
        assert re.fullmatch(r"\d\.\d{3,4}", str(score))
        method = g.value(m, BKG.matchMethod)
        assert method == Literal("char-ngram-tfidf/section") and method.datatype is None
        assert g.value(m, PROV.wasDerivedFrom) == doc
        relations = [rel for rel in (SKOS.closeMatch, SKOS.relatedMatch)
                     if (project, rel, item) in g]
        assert len(relations) == 1


def test_mapping_is_deterministic_and_idempotent():
    a, b = tiny_graph(), tiny_graph()
    assert set(a) == set(b)
    before = set(a)
    add_mappings(a)  # recomputing replaces, never duplicates
    assert set(a) == before


# --- overrides -----------------------------------------------------------------------------------


def test_overrides_confirm_and_reject():
    g = to_graph(disclosure(REVIEW, REVIEW_PROJECTS))
    decisions = parse_overrides(
        "# curated\n"
        "project\tsection\tservice\tdecision\tcomment\n"
        "12345政务服务热线运行经费\t行政审批\tA180701\treject\twrong on purpose\n"
        "工作运行经费\t\tA170102\tconfirm\tsite inspections\n")
    used = add_mappings(g, decisions)
    assert used == {3, 4}
    got = mapped(g)
    assert "12345政务服务热线运行经费" not in got
    assert got["工作运行经费"] == ("A170102", "行政审批", SKOS.closeMatch)
    assert got["特种设备作业人员考试经费"][0] == "A160402"  # untouched
    m = next(m for m in g.subjects(BKG.matchMethod, Literal("curated")))
    assert g.value(m, BKG.score) == Literal("1.0000", datatype=XSD.decimal)
    assert "site inspections" in str(g.value(m, RDFS.comment))


def test_override_by_iri_and_a_later_line_wins():
    g = to_graph(disclosure(REVIEW, REVIEW_PROJECTS))
    name = Literal("12345政务服务热线运行经费", lang="zh")
    hotline = next(p for p in g.subjects(BKG.projectName, name))
    item = next(i for i in g.subjects(SKOS.notation, Literal("A180701"))
                if str(g.value(g.value(i, BKG.inSection), RDFS.label)) == "民政")
    add_mappings(g, parse_overrides(f"{hotline}\t\t{item}\treject\n{hotline}\t\t{item}\tconfirm\n"))
    assert (hotline, SKOS.closeMatch, item) in g


def test_a_code_listed_in_several_sections_needs_the_section():
    g = to_graph(disclosure("某市档案馆", [("热线运行经费", "热线", "热线")]))  # no own section
    with pytest.raises(InputError, match="several sections"):
        add_mappings(g, parse_overrides("热线运行经费\t\tA180701\tconfirm\n", "o.tsv"))


@pytest.mark.parametrize("text, message", [
    ("a\tb\tc\n", "expected 4 or 5"),
    ("a\tb\tc\td\te\tf\n", "expected 4 or 5"),
    ("a\t\tA1\tmaybe\n", "not one of: confirm, reject"),
    ("\t\tA1\tconfirm\n", "must not be empty"),
])
def test_bad_override_lines_name_the_line(text, message):
    with pytest.raises(InputError, match=message) as err:
        parse_overrides("# header comment\n" + text, "o.tsv")
    assert err.value.line == 2 and err.value.path == "o.tsv"


# --- the ontology declares what the mapping code writes ------------------------------------------


def test_mapping_terms_are_declared_in_the_ontology():
    onto = Graph().parse(ROOT / "ontology" / "budgetkg.ttl", format="turtle")
    source = "\n".join(p.read_text(encoding="utf-8")
                       for p in sorted((ROOT / "src" / "budgetkg" / "build" / "mapping").glob("*.py")))
    used = set(re.findall(r"\bBKG\.(\w+)", source))
    assert {"mappedProject", "mapsToService", "score", "matchMethod", "ServiceMapping"} <= used
    for name in used:
        assert set(onto.objects(BKG[name], RDF.type)) & {OWL.Class, OWL.ObjectProperty,
                                                          OWL.DatatypeProperty}, name
    assert (BKG.mappedProject, RDFS.range, BKG.Project) in onto
    assert (BKG.mappedProject, RDFS.domain, BKG.ServiceMapping) in onto
    labels = {o.language for o in onto.objects(BKG.mappedProject, RDFS.label)}
    assert labels >= {"zh", "en"} and onto.value(BKG.mappedProject, RDFS.comment) is not None
