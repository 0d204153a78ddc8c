"""Canned queries on a corpus: the sample, another department of the same year, and the same
department a year later. The documents share resources (the year's function codes, the
catalogue, the department and its units), whose triples then sit in several named graphs.
Oxigraph's union default graph repeats such a triple once per graph (a bag, not the RDF merge;
oxigraph/oxigraph#1919), so every query must read shared resources in a way that cannot count
them twice. rdflib's engine merges the graphs as a set: same rows from both proves it."""

from __future__ import annotations

import warnings
from decimal import Decimal as D

import pytest
from rdflib import Dataset

from budgetkg.build.pipeline import build_graph
from budgetkg.query.catalogue import available
from budgetkg.query.params import prepare
from budgetkg.query.sources import run_rdflib
from budgetkg.rdf.read import read_store
from budgetkg.rdf.write import write_graphs
from tests.conftest import make_variant
from tests.test_queries_helpers import as_multiset, by_column, run_rows

DEPARTMENT = "吕梁市行政审批服务管理局"
OTHER = "太原市数据服务局"


@pytest.fixture(scope="module")
def corpus_trig(sample_graph, sample_text, tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    graphs = [sample_graph]
    for name, code, year in ((OTHER, "031", 2024), (DEPARTMENT, "026", 2025)):
        doc = folder / f"{code}-{year}.txt"
        doc.write_text(make_variant(sample_text, name=name, code=code, year=year,
                                    reverse_projects=True), encoding="utf-8")
        graphs.append(build_graph(doc))
    out = folder / "corpus.trig"
    write_graphs(graphs, out)
    return out


@pytest.fixture(scope="module")
def corpus_store(corpus_trig):
    return read_store(corpus_trig)


@pytest.fixture(scope="module")
def corpus_rdflib(corpus_trig):
    ds = Dataset(default_union=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ds.parse(corpus_trig, format="trig")
    return ds


def table(store, name, **params):
    return by_column(*run_rows(store, name, **params))


def params_for(name: str) -> dict:
    if name == "provenance":
        return {"resource": "https://data.budgetkg.org/scheme/function/2024/201"}
    if name == "catalogue":
        return {"section": "行政审批"}
    return {}


@pytest.mark.parametrize("name", sorted(available()))
def test_shared_resources_are_not_counted_twice(corpus_store, corpus_rdflib, name):
    params = params_for(name)
    columns, expected = run_rows(corpus_store, name, **params)
    got_columns, got = run_rdflib(corpus_rdflib, prepare(available()[name], params))
    assert got_columns == columns
    assert as_multiset(got) == as_multiset(expected)


def test_spending_by_function_sums_the_departments_of_a_year(corpus_store):
    rows = [r for r in table(corpus_store, "spending_by_function", level=1) if r["code"] == "201"]
    assert sorted(r["total"] for r in rows) == [D("4879.70"), D("9759.40")]  # 2025; 2024 twice


def test_unit_spending_per_department_and_year(corpus_store):
    rows = table(corpus_store, "unit_spending")
    totals = {}
    for r in rows:
        totals[(r["department"], r["year"])] = totals.get((r["department"], r["year"]), 0) + r["annualYuan"]
    assert totals == {(DEPARTMENT, 2024): D(35432600), (OTHER, 2024): D(35432600),
                      (DEPARTMENT, 2025): D(35432600)}
    assert sum(r["projects"] for r in rows) == 93


def test_corpus_counts(corpus_store):
    assert len(table(corpus_store, "projects")) == 93
    assert len(table(corpus_store, "three_public_expenses")) == 18
    running = [r for r in table(corpus_store, "three_public_expenses") if r["key"] == "vehicleRunning"]
    assert [(r["department"], r["year"], r["total"], r["stated"]) for r in running] == [
        (DEPARTMENT, 2024, D("12.40"), D("12.40")), (DEPARTMENT, 2025, D("12.40"), D("12.40")),
        (OTHER, 2024, D("12.40"), D("12.40"))]
    assert len(table(corpus_store, "procurement")) == 12
    assert len(table(corpus_store, "catalogue", section="行政审批")) == 60
    assert len(table(corpus_store, "catalogue")) == 1835


def test_provenance_of_a_shared_code_names_each_document(corpus_store):
    rows = table(corpus_store, "provenance", resource="https://data.budgetkg.org/scheme/function/2024/201")
    assert len(rows) == 2
    assert len({r["document"] for r in rows}) == 2
    assert all(r["startLine"] and r["fileName"] for r in rows)
