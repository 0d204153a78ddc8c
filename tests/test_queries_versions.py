"""Three versions of one department's disclosure for one year in one store: the sample, a
re-publication with its project tables in another order, and a correction of one sentence.
Versions share project and indicator IRIs (a project keeps its IRI across versions), so a
query that joins a project's facts across named graphs multiplies rows (31,744 projects instead
of 62 for two versions before). Every per-document query gives each row once per version, and
loading a version again replaces its graph."""

from __future__ import annotations

import re
from collections import Counter

import pyoxigraph as ox
import pytest

from budgetkg.build.pipeline import build_graph
from budgetkg.query.catalogue import available
from budgetkg.rdf.read import read_store
from budgetkg.rdf.store import load_file
from budgetkg.rdf.write import write_graphs
from tests.conftest import make_variant
from tests.test_queries_helpers import run_rows

PER_PROJECT = ("projects", "indicators", "cost_indicators_vs_budget", "projects_without_services")


@pytest.fixture(scope="module")
def versions(sample_graph, sample_text, tmp_path_factory):
    folder = tmp_path_factory.mktemp("versions")
    department = re.search(r"^# (.+)$", sample_text, re.MULTILINE).group(1).strip()
    republished = make_variant(sample_text, name=department, code="026", year=2024,
                               reverse_projects=True)
    first_duty = next(ln for ln in sample_text.split("\n") if ln.startswith("(一)"))
    corrected = sample_text.replace(first_duty, first_duty + "（更正）", 1)
    graphs = [sample_graph]
    for name, text in (("republished", republished), ("corrected", corrected)):
        doc = folder / f"{name}.txt"
        doc.write_text(text, encoding="utf-8")
        graphs.append(build_graph(doc))
    files = []
    for i, g in enumerate(graphs):
        files.append(folder / f"v{i}.trig")
        write_graphs([g], files[-1])
    together = folder / "versions.trig"
    write_graphs(graphs, together)
    return files, together


@pytest.fixture(scope="module")
def one(versions):
    return read_store(versions[0][0])


@pytest.fixture(scope="module")
def three(versions):
    return read_store(versions[1])


def test_the_versions_are_three_documents_sharing_project_iris(three):
    graphs = list(three.named_graphs())
    assert len(graphs) == 3
    projects = [{q.subject for q in three.quads_for_pattern(
        None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        ox.NamedNode("https://budgetkg.org/ontology#Project"), g)} for g in graphs]
    assert projects[0] == projects[1] == projects[2] and len(projects[0]) == 31


@pytest.mark.parametrize("name", PER_PROJECT)
def test_per_project_queries_give_each_row_once_per_version(one, three, name):
    columns, single = run_rows(one, name)
    got_columns, body = run_rows(three, name)
    assert got_columns == columns
    assert single, name
    expected = Counter(single)
    assert Counter(body) == Counter({row: 3 * n for row, n in expected.items()})


def test_projects_and_indicators_are_three_times_one_document(one, three):
    assert len(run_rows(three, "projects")[1]) == 3 * 31
    assert len(run_rows(three, "indicators")[1]) == 3 * len(run_rows(one, "indicators")[1])


@pytest.mark.parametrize("name", sorted(set(available()) - set(PER_PROJECT)))
def test_every_other_query_answers_on_the_versions(three, name):
    params = {"provenance": {"resource": "https://data.budgetkg.org/scheme/function/2024/201"},
              "catalogue": {"section": "行政审批"}}.get(name, {})
    columns, body = run_rows(three, name, **params)
    assert columns and len(body) < 10_000, (name, len(body))


def test_loading_a_version_again_replaces_its_graph(versions, tmp_path):
    files, _ = versions
    store = ox.Store(str(tmp_path / "store"))
    for f in files:
        load_file(f, store)
    before = len(store)
    assert len(list(store.named_graphs())) == 3
    load_file(files[1], store)
    load_file(files[1], store)
    assert len(store) == before
    assert len(run_rows(store, "projects")[1]) == 3 * 31
