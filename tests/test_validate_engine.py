"""The data view pyshacl runs on: it answers like the graph it views, copies only what the
shapes' SPARQL reads without changing a finding, and leaves the data and pyshacl as they were."""

from __future__ import annotations

import itertools

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, SKOS

from budgetkg.validate import validate_graphs
from budgetkg.validate.engine import ValidationGraph, run_pyshacl, sparql_terms
from budgetkg.validate.results import findings_from
from budgetkg.validate.shapes import load_shapes
from budgetkg.vocab import BKG


@pytest.fixture(scope="module")
def shapes():
    return load_shapes()


def patterns(g: Graph):
    subjects = list(itertools.islice(g.subjects(RDF.type, BKG.CatalogueItem), 5))
    subjects += list(itertools.islice(g.subjects(RDF.type, BKG.BudgetLine), 5))
    predicates = [SKOS.notation, BKG.total, RDF.type, URIRef("https://example.org/none")]
    for s in subjects:
        yield (s, None, None)
        for p in predicates:
            yield (s, p, None)
            for o in list(g.objects(s, p))[:1]:
                yield (s, p, o)
                yield (None, p, o)
    for p in predicates:
        yield (None, p, None)


def test_the_view_answers_triple_patterns_like_the_graph(sample_graph, shapes):
    view = ValidationGraph(sample_graph, sparql_terms(shapes))
    for pattern in patterns(sample_graph):
        assert sorted(view.triples(pattern)) == sorted(sample_graph.triples(pattern)), pattern


def test_the_view_of_a_graph_sharing_its_store_sees_only_that_graph(shapes):
    ds = Dataset()
    a = ds.graph(URIRef("https://example.org/a"))
    b = ds.graph(URIRef("https://example.org/b"))
    a.add((URIRef("https://example.org/x"), SKOS.notation, URIRef("https://example.org/1")))
    b.add((URIRef("https://example.org/y"), SKOS.notation, URIRef("https://example.org/2")))
    view = ValidationGraph(a, None)
    assert list(view.triples((None, SKOS.notation, None))) == list(a)
    answer = view.query("SELECT ?s WHERE { ?s <http://www.w3.org/2004/02/skos/core#notation> ?o }")
    assert [str(row[0]) for row in answer] == ["https://example.org/x"]


def test_sparql_runs_on_the_copy_with_pre_bound_variables(sample_graph):
    view = ValidationGraph(sample_graph, None)
    table = next(sample_graph.subjects(BKG.tableKind, None))
    query = "SELECT ?this ?kind WHERE { ?this <https://budgetkg.org/ontology#tableKind> ?kind }"
    rows = list(view.query(query, initBindings={"this": table}))
    assert rows == [(table, sample_graph.value(table, BKG.tableKind))]


def test_copying_only_what_the_queries_read_changes_no_finding(sample_graph, shapes):
    terms = sparql_terms(shapes)
    assert str(BKG.startLine) in terms and str(BKG.CatalogueItem) in terms
    assert str(URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")) not in terms
    focused = findings_from(run_pyshacl(sample_graph, shapes, terms), sample_graph, shapes)
    everything = findings_from(run_pyshacl(sample_graph, shapes, None), sample_graph, shapes)
    assert [f.key() for f in focused] == [f.key() for f in everything]
    assert len(focused) > 40


def test_validation_changes_neither_the_data_nor_pyshacl(sample_graph):
    from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper

    before = set(sample_graph)
    check = SPARQLQueryHelper.check_invalid_sparql
    validate_graphs([sample_graph])
    assert set(sample_graph) == before
    assert SPARQLQueryHelper.check_invalid_sparql is check
