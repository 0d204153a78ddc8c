"""Parameters are bound as RDF terms, never pasted: hostile values change nothing and break
nothing, typed values are checked, and the VALUES block lands where it means the same thing on
every engine."""

from __future__ import annotations

from decimal import Decimal as D

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from budgetkg.cli.app import main
from budgetkg.errors import QueryError, UsageError
from budgetkg.query.catalogue import Param, available
from budgetkg.query.params import bind_values, bindings, prepare, term_for, where_brace
from budgetkg.query.results import rows
from budgetkg.query.sources import LocalSource
from tests.test_queries_helpers import quad_dump, run_rows

pytest_plugins = ("tests.test_queries_helpers",)  # the sample graph fixtures

HOSTILE = [
    'x" } ; DROP ALL ; SELECT * { ?s ?p ?o . FILTER("',
    "x' } ; DROP ALL ; SELECT * { ?s ?p ?o . FILTER('",
    '"""} } INSERT DATA { <urn:a> <urn:b> <urn:c> } #',
    "行政审批\" } UNION { ?sec ?p ?o } #",
    "\\\" } \n DELETE WHERE { ?s ?p ?o } \n #",
    "}}}}{{{{ VALUES ?section { \"行政审批\" } ",
]
STRING_PARAMS = [(name, p.name) for name, q in sorted(available().items())
                 for p in q.params if p.type == "string"]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("name,param", STRING_PARAMS)
def test_hostile_string_values_match_nothing_and_change_nothing(sample_store, name, param, value):
    before = quad_dump(sample_store)
    _, body = run_rows(sample_store, name, **{param: value})
    assert body == []
    assert quad_dump(sample_store) == before


def test_the_hostile_value_is_one_escaped_literal_in_the_values_block():
    q = available()["catalogue"]
    text = prepare(q, {"section": HOSTILE[0]})
    assert 'VALUES (?section) { ("x\\" } ; DROP ALL ; SELECT * { ?s ?p ?o . FILTER(\\"") }' in text
    assert text.count("DROP ALL") == 1
    ox.Store().query(text)  # still one valid query


def test_a_real_value_still_matches(sample_store):
    _, body = run_rows(sample_store, "catalogue", section="行政审批")
    assert len(body) == 60


def test_hostile_values_through_the_command_line(sample_trig):
    result = CliRunner().invoke(main, ["query", "catalogue", "--data", str(sample_trig),
                                       "--param", f"section={HOSTILE[0]}", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "sectionName,code,level,label,parentCode,tree,item"


@pytest.mark.parametrize("value", ["<urn:x> } DROP ALL", "no scheme", "http://a b", "http://x>"])
def test_bad_iris_are_refused_before_anything_runs(value):
    with pytest.raises(UsageError, match="expected iri"):
        prepare(available()["provenance"], {"resource": value})


@pytest.mark.parametrize("ptype,value,lexical,datatype", [
    ("integer", "2", "2", "integer"), ("integer", " 03 ", "3", "integer"),
    ("integer", 2, "2", "integer"), ("decimal", "0.50", "0.50", "decimal"),
    ("decimal", D("1E+2"), "100", "decimal"), ("decimal", 7, "7", "decimal"),
])
def test_typed_values_become_typed_literals(ptype, value, lexical, datatype):
    term = term_for(Param("p", ptype, None, ""), value)
    assert term.value == lexical
    assert term.datatype.value == f"http://www.w3.org/2001/XMLSchema#{datatype}"


@pytest.mark.parametrize("ptype,value", [("integer", "1.5"), ("integer", "one"), ("integer", True),
                                         ("decimal", "NaN"), ("decimal", "1,5"), ("decimal", "inf")])
def test_values_of_the_wrong_type_are_refused(ptype, value):
    with pytest.raises(UsageError, match=f"expected {ptype}"):
        term_for(Param("p", ptype, None, ""), value)


def test_curies_expand_for_iri_parameters():
    term = term_for(Param("p", "iri", None, ""), "bkg:CostIndicators")
    assert term == ox.NamedNode("https://budgetkg.org/ontology#CostIndicators")


def test_defaults_required_and_unknown_parameters():
    q = available()["indicator_profile"]
    assert bindings(q, {}) == {"half": ox.Literal("annual")}
    assert bindings(q, {"half": "implementation"}) == {"half": ox.Literal("implementation")}
    with pytest.raises(UsageError, match="no such parameter"):
        bindings(q, {"level": "1"})
    with pytest.raises(UsageError, match="needs --param resource"):
        bindings(available()["provenance"], {})


def test_values_block_goes_first_in_the_where_clause():
    text = ('# a comment with { braces } and WHERE\n'
            'PREFIX ex: <http://ex/where>\n'
            'SELECT ?a (CONCAT("{", \'}\', ?b) AS ?c) WHERE { ?a ex:p "WHERE {" . { ?a ex:q ?b } }')
    at = where_brace(text)
    assert text[at - 7:at] == "WHERE {"
    bound = bind_values(text, {"b": ox.Literal("v")})
    assert 'WHERE {\n  VALUES (?b) { ("v") }\n ?a ex:p' in bound
    ox.Store().query(bound)


@pytest.mark.parametrize("text,expect", [
    ("SELECT * { ?s ?p ?o }", "SELECT * {"),
    ("select ?s where{?s ?p ?o}", "where{"),
    ("ASK { ?s ?p ?o }", "ASK {"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "WHERE {"),
    ("SELECT (EXISTS { ?s ?p 1 } AS ?e) WHERE { ?s ?p ?o }", "WHERE {"),
    ("SELECT ?where WHERE { ?where ?p ?o }", "WHERE {"),
    ("PREFIX where: <http://w/> SELECT * WHERE { ?s where:p ?o }", "WHERE {"),
])
def test_where_brace_finds_the_where_clause(text, expect):
    at = where_brace(text)
    assert text[:at].endswith(expect)
    ox.Store().query(bind_values(text, {"s": ox.NamedNode("http://x/")}))


def test_a_query_without_a_where_clause_cannot_take_parameters():
    with pytest.raises(QueryError, match="no WHERE clause"):
        bind_values("DESCRIBE <http://x/>", {"s": ox.NamedNode("http://x/")})


def test_filters_see_the_bound_parameter():
    """The reason for VALUES over pyoxigraph's substitutions: a FILTER in the same group must
    see the parameter bound (substitutions leave it unbound there)."""
    store = ox.Store()
    for i in range(3):
        store.add(ox.Quad(ox.NamedNode(f"http://x/{i}"), ox.NamedNode("http://x/p"),
                          ox.Literal(str(i), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))))
    text = "SELECT ?s WHERE { ?s <http://x/p> ?o FILTER(!BOUND(?min) || ?o >= ?min) } ORDER BY ?s"
    one = ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    _, body = rows(LocalSource(store).execute(bind_values(text, {"min": one})))
    assert body == [("http://x/1",), ("http://x/2",)]
    _, body = rows(LocalSource(store).execute(bind_values(text, {})))
    assert len(body) == 3
