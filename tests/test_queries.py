"""Every canned query on the sample gives what a careful reader of the document finds there.

Figures are the document's own: report tables in 万元, project tables in 元. Where two parts of
the document state the same thing (a table and the prose, the project tables and 项目支出), the
tests check that the queries bring them together."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from click.testing import CliRunner

from budgetkg.cli.app import main
from budgetkg.query.catalogue import available, parse_header
from tests.test_queries_helpers import by_column, run_rows

pytest_plugins = ("tests.test_queries_helpers",)  # the sample graph fixtures


def table(store, name, **params) -> list[dict]:
    return by_column(*run_rows(store, name, **params))


def test_every_query_declares_title_description_and_exactly_its_columns(sample_store):
    for name, q in available().items():
        assert q.title and q.description, name
        if name == "provenance":
            continue
        columns, _ = run_rows(sample_store, name)
        assert columns == q.columns, name


def test_the_issue_lists_these_queries():
    wanted = {"projects", "spending_by_function", "spending_by_economic_class", "unit_spending",
              "three_public_expenses", "procurement", "indicators", "indicator_profile",
              "cost_indicators_vs_budget", "catalogue", "project_services",
              "projects_without_services", "services_without_projects", "provenance"}
    assert wanted <= set(available())
    assert available()["project_services"].columns == [
        "project", "projectName", "serviceCode", "serviceLabel", "section", "score", "method"]
    assert available()["projects"].columns == [
        "project", "name", "unit", "attribute", "periodYears", "totalYuan", "annualYuan"]
    assert available()["spending_by_function"].columns == [
        "code", "name", "level", "total", "basic", "project"]


def test_projects_are_the_31_tables_and_their_annual_funds_are_the_project_expenditure(sample_store):
    rows = table(sample_store, "projects")
    assert len(rows) == 31
    assert sum(r["annualYuan"] for r in rows) == D(35432600)  # 3543.26万元, table 3's 项目支出
    first = rows[0]
    assert (first["name"], first["unit"], first["periodYears"]) == ("工作运行经费", "吕梁市行政审批服务管理局", 1)
    assert first["totalYuan"] == first["annualYuan"] == D(588000)
    hotline = [r for r in rows if r["name"] == "热线扩容项目"]
    assert [(r["totalYuan"], r["annualYuan"], r["periodYears"]) for r in hotline] == [
        (D(44355000), D(14000000), 3)]


def test_spending_by_function_level_1_is_the_four_categories_as_printed(sample_store):
    rows = table(sample_store, "spending_by_function", level=1)
    assert [(r["code"], r["total"]) for r in rows] == [
        ("201", D("4879.70")), ("208", D("221.54")), ("210", D("84.03")), ("221", D("173.34"))]
    assert rows[0]["name"] == "一般公共服务支出"
    assert (rows[0]["basic"], rows[0]["project"]) == (D("1336.44"), D("3543.26"))
    assert sum(r["total"] for r in rows) == D("5358.61")  # 支出总计
    assert sum(r["basic"] for r in rows) == D("1815.35")
    assert sum(r["project"] for r in rows) == D("3543.26")
    assert {r["level"] for r in rows} == {1}


def test_spending_by_function_every_level(sample_store):
    everything = table(sample_store, "spending_by_function")
    assert len(everything) == 21
    assert {r["level"] for r in everything} == {1, 2, 3}
    level2 = table(sample_store, "spending_by_function", level=2)
    assert [(r["code"], r["total"]) for r in level2][:2] == [("20103", D("4879.70")), ("20805", D("221.54"))]
    level3 = table(sample_store, "spending_by_function", level=3)
    assert len(level3) == 12
    assert sum(r["total"] for r in level3) == D("5358.61")
    shown = {r["code"]: r for r in level3}
    assert (shown["2010306"]["basic"], shown["2010306"]["project"]) == (D("445.73"), D("2980.10"))
    assert shown["2010350"]["project"] == 0  # an empty cell counts as 0


def test_spending_by_function_rolls_up_codes_the_table_does_not_print(sample_store):
    """Without its 类 and 款 rows, the table still answers level 1, from its 项 rows (which
    miss the printed 4879.70 by the cent the document's own rounding loses)."""
    import pyoxigraph as ox

    copy = ox.Store()
    copy.extend(sample_store.quads_for_pattern(None, None, None))
    copy.update("""PREFIX bkg: <https://budgetkg.org/ontology#>
        DELETE { GRAPH ?g { ?row bkg:functionCode ?c } }
        WHERE { GRAPH ?g { ?row bkg:functionCode ?c . ?c bkg:level ?l } FILTER(?l < 3) }""")
    rows = {r["code"]: r["total"] for r in table(copy, "spending_by_function", level=1)}
    assert rows == {"201": D("4879.69"), "208": D("221.54"), "210": D("84.04"), "221": D("173.34")}


def test_spending_by_economic_class(sample_store):
    level1 = table(sample_store, "spending_by_economic_class", level=1)
    assert [(r["class"], r["total"]) for r in level1] == [
        ("工资福利支出", D("1634.69")), ("商品和服务支出", D("126.98")),
        ("对个人和家庭的补助", D("51.67")), ("资本性支出", D("2.00"))]
    assert all(r["category"] == r["class"] for r in level1)
    level2 = {r["class"]: r for r in table(sample_store, "spending_by_economic_class", level=2)}
    assert level2["基本工资"]["total"] == D("506.26")  # printed twice: 240.92 + 265.34
    assert level2["基本工资"]["category"] == "工资福利支出"
    assert level2["公务用车运行维护费"]["publicFunds"] == D("10.40")
    assert level2["其他对个人和家庭的补助"]["personnel"] == D("27.97")
    # Each cell is rounded on its own, so the classes add up to the table total within cents.
    assert abs(sum(r["personnel"] for r in level2.values()) - D("1686.31")) <= D("0.05")
    assert abs(sum(r["total"] for r in level1) - D("1815.35")) <= D("0.05")


def test_unit_spending_adds_up_to_the_project_expenditure(sample_store):
    rows = table(sample_store, "unit_spending")
    assert len(rows) == 3
    assert sum(r["annualYuan"] for r in rows) == D(35432600)
    assert sum(r["projects"] for r in rows) == 31
    function_project = sum(r["project"] for r in table(sample_store, "spending_by_function", level=1))
    assert sum(r["annualYuan"] for r in rows) == function_project * 10000
    biggest = rows[0]
    assert (biggest["unitName"], biggest["projects"], biggest["annualYuan"]) == (
        "市政务服务中心", 13, D(29801000))


def test_three_public_expenses_agree_with_the_prose(sample_store):
    rows = {r["key"]: r for r in table(sample_store, "three_public_expenses")}
    assert set(rows) == {"overseas", "reception", "vehicles", "vehiclePurchase",
                         "vehicleRunning", "total"}
    assert rows["vehicleRunning"]["total"] == D("12.40")
    assert rows["vehicleRunning"]["generalPublicBudget"] == D("12.40")
    assert rows["vehicleRunning"]["stated"] == D("12.40")
    assert rows["total"]["total"] == rows["total"]["stated"] == D("12.40")
    assert rows["overseas"]["total"] is None and rows["overseas"]["stated"] == 0
    assert rows["reception"]["stated"] == 0


def test_procurement(sample_store):
    rows = {r["item"]: r for r in table(sample_store, "procurement")}
    assert rows["goods"]["amount"] == D("1431.48")
    assert rows["services"]["amount"] == D("665.88")
    assert rows["works"]["amount"] == 0
    assert rows["total"]["amount"] == D("2097.36")
    assert rows["goods"]["amount"] + rows["works"]["amount"] + rows["services"]["amount"] == rows["total"]["amount"]
    assert (rows["goods"]["sharePercent"], rows["services"]["sharePercent"]) == (D("68.25"), D("31.75"))
    assert rows["works"]["sharePercent"] == 0
    assert {r["unit"] for r in rows.values()} == {"万元"}


def test_indicators_parse_targets(sample_store, first_project):
    every = table(sample_store, "indicators")
    assert {r["half"] for r in every} == {"annual", "implementation"}
    mine = table(sample_store, "indicators", project=first_project, half="annual")
    assert len(mine) == 15 and {r["project"] for r in mine} == {first_project}
    cost = {r["level3"]: r for r in mine if r["level2"] == "成本指标"}
    office = cost["办公用品成本"]
    assert (office["targetRaw"], office["comparator"], office["targetNumber"], office["targetUnit"],
            office["targetPeriod"], office["qualitative"]) == ("≤3万元/月", "≤", D(3), "万元", "月", False)
    travel = next(r for r in mine if r["targetRaw"] == "≤180元/天*人")
    assert (travel["targetNumber"], travel["targetUnit"], travel["targetPeriod"]) == (D(180), "元", "天*人")
    timely = next(r for r in mine if r["targetRaw"] == "及时")
    assert timely["qualitative"] is True and timely["targetNumber"] is None
    assert [r["order"] for r in mine] == list(range(1, 16))
    assert mine[0]["level1"] == "产出指标"


def test_indicator_profile_counts_every_indicator_once(sample_store):
    annual = [r for r in table(sample_store, "indicators") if r["half"] == "annual"]
    profile = table(sample_store, "indicator_profile")
    assert sum(r["indicators"] for r in profile) == len(annual)
    for r in profile:
        assert r["quantitative"] + r["qualitative"] + r["withoutTarget"] == r["indicators"]
    assert sum(r["qualitative"] for r in profile) == sum(1 for r in annual if r["qualitative"] is True)
    assert {r["unit"] for r in profile} == {"吕梁市行政审批服务管理局", "市政务服务中心", "市公共资源交易中心"}
    families = [r["level2"] for r in profile if r["unit"] == "市政务服务中心"]
    assert families[:4] == ["数量指标", "质量指标", "时效指标", "成本指标"]  # the framework's order
    implementation = table(sample_store, "indicator_profile", half="implementation")
    assert sum(r["indicators"] for r in implementation) == len(
        [r for r in table(sample_store, "indicators") if r["half"] == "implementation"])


def test_cost_indicators_against_the_budget(sample_store):
    rows = table(sample_store, "cost_indicators_vs_budget")
    assert all(r["annualYuan"] is not None for r in rows)
    office = next(r for r in rows if r["indicator"] == "办公用品成本")
    assert office["annualYuan"] == D(588000)
    assert (office["targetYuan"], office["perYearYuan"], office["sharePercent"]) == (
        D(30000), D(360000), D("61.22"))
    printer = next(r for r in rows if r["targetRaw"] == "≤15000元")
    assert (printer["targetYuan"], printer["perYearYuan"], printer["sharePercent"]) == (D(15000), None, D(25))


def test_catalogue_of_one_section_is_its_tree(sample_store):
    rows = table(sample_store, "catalogue", section="行政审批")
    assert len(rows) == 60
    assert {r["sectionName"] for r in rows} == {"行政审批"}
    assert (rows[0]["code"], rows[0]["level"], rows[0]["parentCode"]) == ("A", 1, None)
    exam = next(r for r in rows if r["code"] == "A160402")
    assert (exam["label"], exam["level"], exam["parentCode"]) == ("特种设备作业人员考试服务", 4, "A1604")
    assert exam["tree"] == "      特种设备作业人员考试服务"
    assert sum(1 for r in rows if r["level"] == 4) == 39
    assert len(table(sample_store, "catalogue")) == 1835  # every section


def test_mapping_queries_agree_with_each_other_on_the_sample(sample_store):
    """Whatever mappings the build wrote: every project is mapped or listed as unmapped, and
    every service of a mapped section is mapped to or listed as unmapped."""
    mapped = table(sample_store, "project_services")
    unmapped = table(sample_store, "projects_without_services")
    assert {r["project"] for r in mapped}.isdisjoint(r["project"] for r in unmapped)
    assert len({r["project"] for r in mapped}) + len(unmapped) == 31
    sections = {r["section"] for r in mapped}
    idle = table(sample_store, "services_without_projects")
    assert {r["sectionName"] for r in idle} <= sections
    for section in sections:
        services = [r for r in table(sample_store, "catalogue", section=section) if r["level"] == 4]
        used = {r["serviceCode"] for r in mapped if r["section"] == section}
        idle_here = [r for r in idle if r["sectionName"] == section]
        assert len(idle_here) == len(services) - len(used)
        assert used.isdisjoint(r["serviceCode"] for r in idle_here)


def test_mapping_queries_without_mappings(sample_store):
    import pyoxigraph as ox

    copy = ox.Store()
    copy.extend(sample_store.quads_for_pattern(None, None, None))
    copy.update("""PREFIX bkg: <https://budgetkg.org/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        DELETE { GRAPH ?g { ?m ?p ?o } } WHERE { GRAPH ?g { ?m a bkg:ServiceMapping ; ?p ?o } };
        DELETE { GRAPH ?g { ?a ?p ?b } } WHERE { GRAPH ?g { ?a ?p ?b }
                                                 VALUES ?p { skos:closeMatch skos:relatedMatch } }""")
    assert table(copy, "project_services") == []
    assert len(table(copy, "projects_without_services")) == 31
    assert table(copy, "services_without_projects") == []
    listed = table(copy, "services_without_projects", section="行政审批")
    assert len(listed) == 39 and {r["sectionName"] for r in listed} == {"行政审批"}


def test_provenance_gives_the_document_and_lines(sample_store, first_project, sample_text):
    rows = table(sample_store, "provenance", resource=first_project)
    assert len(rows) == 1
    r = rows[0]
    assert (r["type"], r["label"], r["fileName"]) == (
        "https://budgetkg.org/ontology#Project", "工作运行经费", "sample-disclosure.txt")
    lines = sample_text.split("\n")
    assert lines[r["startLine"] - 1].startswith("项目名称\t\t工作运行经费")
    assert "填报日期" in lines[r["endLine"] - 1]


def test_cli_runs_each_format(sample_trig):
    runner = CliRunner()
    args = ["query", "spending_by_function", "--data", str(sample_trig), "--param", "level=1"]
    csv = runner.invoke(main, args + ["--format", "csv"])
    assert csv.exit_code == 0, csv.output
    assert csv.output.splitlines()[:2] == ["code,name,level,total,basic,project",
                                           "201,一般公共服务支出,1,4879.7,1336.44,3543.26"]
    tsv = runner.invoke(main, args + ["--format", "tsv"])
    assert tsv.output.splitlines()[0] == "?code\t?name\t?level\t?total\t?basic\t?project"
    import json

    data = json.loads(runner.invoke(main, args + ["--format", "json"]).output)
    assert data["head"]["vars"] == ["code", "name", "level", "total", "basic", "project"]
    assert data["results"]["bindings"][0]["total"] == {
        "type": "literal", "value": "4879.7", "datatype": "http://www.w3.org/2001/XMLSchema#decimal"}
    text = runner.invoke(main, args)
    assert "一般公共服务支出" in text.output and "(4 rows)" in text.output


def test_cli_errors_are_one_line_with_exit_2(sample_trig):
    runner = CliRunner()
    cases = [
        (["query", "projects"], "exactly one of --data"),
        (["query", "projects", "--data", str(sample_trig), "--store", "x"], "exactly one of"),
        (["query", "nope", "--data", str(sample_trig)], "no canned query 'nope'"),
        (["query", "spending_by_function", "--data", str(sample_trig), "--param", "level=two"],
         "expected integer"),
        (["query", "projects", "--data", str(sample_trig), "--param", "level=1"], "no such parameter"),
        (["query", "projects", "--data", str(sample_trig), "--param", "oops"], "expected KEY=VALUE"),
        (["query", "provenance", "--data", str(sample_trig)], "needs --param resource"),
        (["query", "provenance", "--data", str(sample_trig), "--param", "resource=not an iri"],
         "expected iri"),
        (["query", "projects", "--data", "missing.ttl"], "no such file"),
        (["query", "projects", "--store", "missing-store"], "no such store"),
        (["query", "projects", "--endpoint", "ftp://x"], "expected an http(s) URL"),
    ]
    for args, message in cases:
        result = runner.invoke(main, args)
        assert result.exit_code == 2, (args, result.output)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("budgetkg: error:") and message in lines[0], (args, lines)


def test_queries_command_lists_every_query_with_parameters():
    result = CliRunner().invoke(main, ["queries"])
    assert result.exit_code == 0
    for name in available():
        assert f"{name}: " in result.output
    assert "--param level=<integer>" in result.output
    assert "--param resource=<iri, required>" in result.output
    assert "--param half=<string, default annual>" in result.output


def test_a_queries_dir_shadows_a_bundled_query(tmp_path, sample_trig):
    (tmp_path / "projects.rq").write_text(
        "# title: Mine\n# description: count\n# columns: n\n"
        "PREFIX bkg: <https://budgetkg.org/ontology#>\n"
        "SELECT (COUNT(*) AS ?n) WHERE { ?p a bkg:Project }\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["query", "projects", "--data", str(sample_trig),
                                       "--queries-dir", str(tmp_path), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.split() == ["n", "31"]


def test_header_parsing():
    q = parse_header("x", "# title: T\n# description: one\n#   two\n"
                          "# param: a (integer, optional): first\n"
                          "# param: b (string, default=annual): second\n#   more\n"
                          "# param: c (iri, required): third\n# columns: p, q\nSELECT * {}")
    assert (q.title, q.description, q.columns) == ("T", "one two", ["p", "q"])
    assert [(p.name, p.type, p.default, p.required) for p in q.params] == [
        ("a", "integer", None, False), ("b", "string", "annual", False), ("c", "iri", None, True)]
    assert q.params[1].description == "second more"


@pytest.mark.parametrize("name", sorted(available()))
def test_every_query_runs_from_the_command_line(name, sample_trig, first_project):
    args = ["query", name, "--data", str(sample_trig), "--format", "csv"]
    if name == "provenance":
        args += ["--param", f"resource={first_project}"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == ",".join(available()[name].columns)
