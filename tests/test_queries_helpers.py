"""Shared by the query-layer tests (no tests here): the sample's graph as a TriG file and as an
Oxigraph store, the parameter sets every canned query is run with, and row comparison."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetkg.query.catalogue import available
from budgetkg.query.params import prepare
from budgetkg.query.results import rows
from budgetkg.query.sources import LocalSource
from budgetkg.rdf.read import read_store
from budgetkg.rdf.write import write_graphs

PROJECT_QUERY = ("PREFIX bkg: <https://budgetkg.org/ontology#> SELECT ?p WHERE "
                 "{ ?p a bkg:Project ; bkg:documentOrder ?o } ORDER BY ?o LIMIT 1")


@pytest.fixture(scope="module")
def sample_trig(sample_graph, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("graph") / "sample.trig"
    write_graphs([sample_graph], out)
    return out


@pytest.fixture(scope="module")
def sample_store(sample_trig) -> ox.Store:
    return read_store(sample_trig)


@pytest.fixture(scope="module")
def first_project(sample_store) -> str:
    return next(iter(sample_store.query(PROJECT_QUERY, use_default_graph_as_union=True)))["p"].value


FIRST_PROJECT = "<the first project's IRI>"


def cases() -> list[tuple[str, dict]]:
    """Every canned query with its defaults, plus the parameter values that change its answer.
    ``FIRST_PROJECT`` stands for an IRI only known once the graph is built (see ``resolve``)."""
    first_project = FIRST_PROJECT
    out = [(name, {}) for name in sorted(available()) if name != "provenance"]
    out += [
        ("provenance", {"resource": first_project}),
        ("spending_by_function", {"level": "1"}),
        ("spending_by_function", {"level": "3"}),
        ("spending_by_economic_class", {"level": "2"}),
        ("catalogue", {"section": "行政审批"}),
        ("indicators", {"project": first_project, "half": "annual"}),
        ("indicator_profile", {"half": "implementation"}),
        ("cost_indicators_vs_budget", {"half": "implementation"}),
        ("services_without_projects", {"section": "行政审批"}),
        ("projects_without_services", {"minScore": "0.5"}),
        ("project_services", {"minScore": "0.5"}),
    ]
    return out


CASES = cases()
# queries that compare a budget with a final account: empty on the sample (a budget alone); their
# rows are checked, and cross-checked with rdflib's engine, in tests/test_budget_vs_actual.py
NEEDS_FINAL_ACCOUNT = {"budget_vs_final_by_function", "budget_vs_final_three_public",
                       "gaps_without_reason"}
CASE_IDS = [f"{name}{'-' + '-'.join(p) if p else ''}" for name, p in CASES]


def resolve(params: dict, first_project: str) -> dict:
    return {k: first_project if v == FIRST_PROJECT else v for k, v in params.items()}


def run_rows(store: ox.Store, name: str, **params) -> tuple[list[str], list[tuple]]:
    return rows(LocalSource(store).execute(prepare(available()[name], params)))


def by_column(columns: list[str], body: list[tuple]) -> list[dict]:
    return [dict(zip(columns, r)) for r in body]


def norm(value):
    """Comparable across engines: 12.40 and 12.4 are the same decimal."""
    if isinstance(value, Decimal):
        return ("d", value.normalize())
    return (type(value).__name__, value)


def as_multiset(body: list[tuple]) -> list:
    return sorted((tuple(norm(v) for v in r) for r in body), key=repr)


def quad_dump(store: ox.Store) -> bytes:
    """The whole store, canonically: to show that a query changed nothing."""
    lines = ox.serialize(store.quads_for_pattern(None, None, None), format=ox.RdfFormat.N_QUADS)
    return b"\n".join(sorted(lines.splitlines()))
