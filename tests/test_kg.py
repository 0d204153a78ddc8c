"""The notebook API: budgetkg.open(...) on a file, a store, a pyoxigraph Store or an rdflib
graph; typed DataFrames; ad-hoc SPARQL with bound parameters; the rdflib view of the store."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal as D

import pandas as pd
import pytest
from rdflib import Graph, Literal, URIRef

import budgetkg
from budgetkg.errors import QueryError, UsageError
from budgetkg.kg import KnowledgeGraph
from budgetkg.query.results import typed_column

pytest_plugins = ("tests.test_queries_helpers",)  # the sample graph fixtures

BKG = "https://budgetkg.org/ontology#"


@pytest.fixture(scope="module")
def kg(sample_trig) -> KnowledgeGraph:
    return budgetkg.open(sample_trig)


def test_import_budgetkg_does_not_load_the_query_stack():
    code = ("import sys, budgetkg; assert 'budgetkg.kg' not in sys.modules; "
            "assert 'pandas' not in sys.modules; budgetkg.open; assert 'budgetkg.kg' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_query_gives_typed_columns(kg):
    df = kg.query("spending_by_function", level=1)
    assert list(df.columns) == ["code", "name", "level", "total", "basic", "project"]
    assert str(df["level"].dtype) == "Int64"
    assert str(df["code"].dtype) == "string"
    assert [str(df[c].dtype) for c in ("total", "basic", "project")] == ["float64"] * 3
    assert df.set_index("code").loc["201", "total"] == 4879.70
    assert round(df["total"].sum(), 2) == 5358.61
    assert df.describe().columns.tolist() == ["level", "total", "basic", "project"]


def test_exact_decimals_on_request(kg):
    df = kg.query("spending_by_function", level=1, exact=True)
    assert all(isinstance(v, D) for v in df["total"])
    assert df.set_index("code").loc["201", "total"] == D("4879.70")
    assert sum(df["total"]) == D("5358.61")
    assert str(df["level"].dtype) == "Int64"
    text = "SELECT ?x WHERE { VALUES ?x { 1.10 2.25 } }"
    assert kg.sparql(text, exact=True)["x"].tolist() == [D("1.10"), D("2.25")]
    assert kg.sparql(text)["x"].tolist() == [1.1, 2.25]


def test_money_columns_plot(kg):
    import matplotlib

    matplotlib.use("Agg")
    for name, params in (("spending_by_function", {"level": 1}), ("unit_spending", {}),
                         ("projects", {})):
        df, exact = kg.query(name, **params), kg.query(name, exact=True, **params)
        money = [c for c in exact.columns if exact[c].map(lambda v: isinstance(v, D)).any()]
        assert len(money) >= 2, name
        for column in money:
            assert str(df[column].dtype) == "float64", (name, column)
            ax = df.plot.bar(y=column)
            assert len(ax.patches) == len(df)
            matplotlib.pyplot.close(ax.figure)


def test_integers_booleans_and_missing_values(kg, first_project):
    df = kg.query("indicators", project=first_project, half="annual")
    assert str(df["order"].dtype) == "Int64"
    assert str(df["qualitative"].dtype) == "boolean"
    assert df["comparator"].isna().any() and df["targetNumber"].isna().any()
    assert str(df["targetNumber"].dtype) == "float64"
    assert kg.query("indicators", project=first_project, half="annual", exact=True)[
        "targetNumber"].dropna().map(type).eq(D).all()
    units = kg.query("unit_spending")
    assert str(units["projects"].dtype) == "Int64" and units["projects"].sum() == 31
    assert units["annualYuan"].sum() == 35432600


def test_iris_under_known_prefixes_are_shortened_data_iris_kept(kg, first_project):
    df = kg.query("provenance", resource=first_project)
    assert df.loc[0, "type"] == "bkg:Project"
    assert df.loc[0, "resource"] == first_project  # whole, so it can be passed back
    again = kg.query("provenance", resource=df.loc[0, "resource"])
    assert len(again) == 1


def test_parameters_are_checked_like_on_the_command_line(kg):
    with pytest.raises(UsageError, match="expected integer"):
        kg.query("spending_by_function", level="one")
    with pytest.raises(UsageError, match="no such parameter"):
        kg.query("projects", level=1)
    with pytest.raises(QueryError, match="no canned query"):
        kg.query("nope")
    assert kg.query("catalogue", section='x" } ; DROP ALL ; SELECT * { ?s ?p ?o . FILTER("').empty


def test_sparql_binds_python_values_as_terms(kg):
    text = """PREFIX bkg: <https://budgetkg.org/ontology#>
        SELECT ?name ?annual WHERE { ?p bkg:projectName ?name ; bkg:annualFunds/bkg:total ?annual
                                     FILTER(?annual >= ?least) } ORDER BY DESC(?annual)"""
    df = kg.sparql(text, least=D(4000000))
    assert list(df["name"]) == ["热线扩容项目", "12345政务服务热线年费", "评审勘验费"]
    assert kg.sparql(text, least=4000001)["annual"].tolist() == [D(14000000), D(4560000)]
    hostile = kg.sparql("SELECT ?x WHERE { BIND(?v AS ?x) }", v='"} DROP ALL {"')
    assert hostile["x"].tolist() == ['"} DROP ALL {"']


def test_sparql_ask_and_construct(kg, first_project):
    assert kg.sparql(f"ASK {{ <{first_project}> a <{BKG}Project> }}") is True
    assert kg.sparql("ASK { ?p a ?c }", c=URIRef(BKG + "Nothing")) is False
    g = kg.sparql(f"CONSTRUCT {{ ?p <{BKG}projectName> ?n }} WHERE {{ ?p <{BKG}projectName> ?n }}")
    assert isinstance(g, Graph) and len(g) == 31


def test_a_bad_query_is_a_query_error(kg):
    with pytest.raises(QueryError, match="not valid SPARQL"):
        kg.sparql("SELECT ?x WHERE { ?x ")
    with pytest.raises(UsageError, match="cannot bind"):
        kg.sparql("SELECT ?x WHERE { ?x ?p ?v }", v=object())


def test_the_rdflib_graph_is_the_same_store(kg, sample_store):
    g = kg.graph
    assert len(g) == sum(1 for _ in sample_store.quads_for_pattern(None, None, None))
    table3 = g.value(predicate=URIRef(BKG + "tableKind"), object=Literal("expenditure"))
    assert table3 is not None
    assert g.value(table3, URIRef(BKG + "tableKind")) == Literal("expenditure")  # plain, as parsed
    (count,) = next(iter(g.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?p a <{BKG}Project> }}")))
    assert int(count) == 31


def test_to_networkx_delegates_to_the_export_views(kg):
    views = pytest.importorskip("budgetkg.export.views")
    g = kg.to_networkx("full")
    expected = views.to_networkx(kg.graph, "full")
    assert g.number_of_nodes() == expected.number_of_nodes() > 0
    assert g.number_of_edges() == expected.number_of_edges()


def test_open_accepts_a_store_an_rdflib_graph_and_a_store_folder(sample_store, sample_graph, tmp_path,
                                                                 sample_trig):
    expected = budgetkg.open(sample_store).query("unit_spending")
    pd.testing.assert_frame_equal(budgetkg.open(sample_graph).query("unit_spending"), expected)
    from budgetkg.rdf.store import load_file, open_store

    store = open_store(tmp_path / "s", create=True)
    load_file(sample_trig, store)
    del store
    pd.testing.assert_frame_equal(budgetkg.open(tmp_path / "s").query("unit_spending"), expected)
    with pytest.raises(UsageError, match="cannot open a int"):
        budgetkg.open(42)
    for missing in ("missing.ttl", "missing.txt"):
        with pytest.raises(UsageError, match=r"^budgetkg.open '.*missing.*': no such file") as info:
            budgetkg.open(tmp_path / missing)
        assert "--data" not in str(info.value)


def test_open_builds_a_disclosure_on_the_fly(sample_path, kg):
    built = budgetkg.open(sample_path)
    for name in ("unit_spending", "projects"):
        pd.testing.assert_frame_equal(built.query(name), kg.query(name))
    assert built.query("spending_by_function", level=1)["total"].dtype == "float64"
    assert "sample-disclosure.txt" in repr(built)
    assert built.to_networkx().number_of_nodes() == kg.to_networkx("overview").number_of_nodes()


def test_queries_lists_every_canned_query(kg):
    df = kg.queries()
    assert "spending_by_function" in set(df["name"])
    row = df.set_index("name").loc["provenance"]
    assert row["params"] == "resource: iri (required)"


def test_context_manager_and_repr(sample_trig):
    with budgetkg.open(sample_trig) as kg:
        assert "sample.trig" in repr(kg)
        assert len(kg.query("projects")) == 31


@pytest.mark.parametrize("values,dtype", [
    ([1, None, 3], "Int64"), ([True, None], "boolean"), (["a", None], "string"),
    ([1.5, None], "float64"), ([D("1.5"), 2, None], "float64"), ([None, None], "object"),
])
def test_column_types(values, dtype):
    column = typed_column(values)
    assert str(column.dtype) == dtype
    exact = typed_column(values, exact=True)
    if any(isinstance(v, D) for v in values):
        assert str(exact.dtype) == "object"
        assert [type(v) for v in exact if v is not None] == [D, D]
    else:
        assert str(exact.dtype) == dtype


def test_local_store_only_features_on_a_pyoxigraph_store(sample_store):
    kg = budgetkg.open(sample_store)
    assert kg.store is sample_store
    assert kg.sparql("SELECT (1 AS ?one) WHERE {}")["one"].tolist() == [1]
    assert len(kg.graph) == sum(1 for _ in sample_store.quads_for_pattern(None, None, None))


def test_a_plain_rdflib_graph_is_queried_like_a_file(sample_graph, kg):
    plain = Graph()
    for triple in sample_graph:
        plain.add(triple)
    copy = budgetkg.open(plain)
    pd.testing.assert_frame_equal(copy.query("catalogue", section="行政审批"),
                                  kg.query("catalogue", section="行政审批"))
