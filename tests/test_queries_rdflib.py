"""Cross-check: rdflib's own SPARQL engine gives the same rows as Oxigraph for every canned
query (as multisets: the two engines may order ties differently, and rdflib cannot order an
aggregate by a variable it does not project)."""

from __future__ import annotations

import warnings

import pytest
from rdflib import Dataset

from budgetkg.query.catalogue import available
from budgetkg.query.params import prepare
from budgetkg.query.sources import run_rdflib
from tests.test_queries_helpers import (
    CASE_IDS,
    CASES,
    NEEDS_FINAL_ACCOUNT,
    as_multiset,
    resolve,
    run_rows,
)

pytest_plugins = ("tests.test_queries_helpers",)  # the sample graph fixtures


@pytest.fixture(scope="module")
def rdflib_dataset(sample_trig) -> Dataset:
    ds = Dataset(default_union=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ds.parse(sample_trig, format="trig")
    return ds


@pytest.mark.parametrize("name,params", CASES, ids=CASE_IDS)
def test_rdflib_and_oxigraph_give_the_same_rows(rdflib_dataset, sample_store, first_project,
                                                 name, params):
    params = resolve(params, first_project)
    columns, expected = run_rows(sample_store, name, **params)
    got_columns, got = run_rdflib(rdflib_dataset, prepare(available()[name], params))
    assert got_columns == columns
    assert len(got) == len(expected)
    assert as_multiset(got) == as_multiset(expected)


def test_the_cross_check_is_not_vacuous(sample_store, first_project):
    """Most cases must return rows, or equality would prove little."""
    empty = [name for name, params in CASES if name not in NEEDS_FINAL_ACCOUNT
             and not run_rows(sample_store, name, **resolve(params, first_project))[1]]
    assert len(empty) <= 2, empty
