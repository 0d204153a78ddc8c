"""A real Oxigraph server (the `oxigraph` PyPI package) on 127.0.0.1: publish the sample with the
Graph Store protocol, then every canned query must give the same rows through SPARQLWrapper as
on the local store. No mocks."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

import budgetkg
from budgetkg.cli.app import main
from budgetkg.errors import QueryError
from budgetkg.publish.graphstore import GraphStore, count_graph
from budgetkg.query import LocalSource, available, prepare, rows
from budgetkg.query.endpoint import Endpoint
from tests.test_queries_helpers import CASE_IDS, CASES, resolve

pytest_plugins = ("tests.test_queries_helpers",)  # the sample graph fixtures


@dataclass
class Server:
    base: str
    process: subprocess.Popen

    @property
    def query(self) -> str:
        return self.base + "/query"

    @property
    def store(self) -> str:
        return self.base + "/store"


def oxigraph_executable() -> str:
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        pytest.fail("the Oxigraph server is not installed: .venv/bin/pip install -e '.[test]'")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ready(base: str, process: subprocess.Popen, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=2) as r:
                if r.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    return False


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover - a hung server
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    exe = oxigraph_executable()
    for _ in range(3):  # a free port can be taken between probing it and binding it
        port = free_port()
        location = tmp_path_factory.mktemp("oxigraph")
        process = subprocess.Popen(
            [exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
             "--union-default-graph"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        if ready(base, process):
            yield Server(base, process)
            stop(process)
            return
        stop(process)
    pytest.fail("the Oxigraph server did not start: "
                + process.stderr.read().decode("utf-8", "replace")[-500:])


@pytest.fixture(scope="module")
def published(server, sample_trig):
    result = CliRunner().invoke(main, ["publish", str(sample_trig), "--graph-store", server.store,
                                       "--endpoint", server.query])
    assert result.exit_code == 0, result.output
    return result.output


def test_publish_reports_each_graph(published, sample_store):
    (graph,) = [g.value for g in sample_store.named_graphs()]
    assert f"published <{graph}>" in published and "checked" in published


@pytest.mark.parametrize("name,params", CASES, ids=CASE_IDS)
def test_every_canned_query_gives_the_same_rows_remotely(published, server, sample_store,
                                                          first_project, name, params):
    text = prepare(available()[name], resolve(params, first_project))
    local = rows(LocalSource(sample_store).execute(text))
    remote = rows(Endpoint(server.query).execute(text))
    assert remote == local


def test_the_comparison_is_not_vacuous(published, server):
    _, body = rows(Endpoint(server.query).execute(prepare(available()["spending_by_function"],
                                                          {"level": "1"})))
    assert [r[0] for r in body] == ["201", "208", "210", "221"]


def test_publishing_again_replaces_the_graph(published, server, sample_trig, sample_store):
    (graph,) = [g.value for g in sample_store.named_graphs()]
    local = sum(1 for _ in sample_store.quads_for_pattern(None, None, None))
    for _ in range(2):
        result = CliRunner().invoke(main, ["publish", str(sample_trig), "--graph-store", server.store])
        assert result.exit_code == 0, result.output
        assert count_graph(Endpoint(server.query), graph) == local


def test_publishing_leaves_other_graphs_alone(published, server, sample_trig):
    other = "https://example.org/other-graph"
    GraphStore(server.store).put(other, b'<urn:a> <urn:b> "c" .\n')
    result = CliRunner().invoke(main, ["publish", str(sample_trig), "--graph-store", server.store])
    assert result.exit_code == 0, result.output
    assert count_graph(Endpoint(server.query), other) == 1
    GraphStore(server.store).delete(other)
    assert count_graph(Endpoint(server.query), other) == 0


def test_cli_query_on_the_endpoint_matches_the_file(published, server, sample_trig):
    runner = CliRunner()
    for fmt in ("csv", "tsv", "json", "table"):
        args = ["query", "spending_by_function", "--param", "level=1", "--format", fmt]
        remote = runner.invoke(main, args + ["--endpoint", server.query])
        local = runner.invoke(main, args + ["--data", str(sample_trig)])
        assert remote.exit_code == 0, remote.output
        assert remote.output == local.output


def test_notebook_api_on_the_endpoint(published, server, sample_trig):
    import pandas.testing

    remote, local = budgetkg.open(server.query), budgetkg.open(sample_trig)
    for name, params in (("unit_spending", {}), ("catalogue", {"section": "行政审批"}),
                         ("indicator_profile", {"half": "implementation"})):
        pandas.testing.assert_frame_equal(remote.query(name, **params), local.query(name, **params))
    text = "PREFIX bkg: <https://budgetkg.org/ontology#> ASK { ?p a bkg:Project }"
    assert remote.sparql(text) is True
    with pytest.raises(QueryError, match="remote endpoint"):
        remote.graph  # noqa: B018


def test_hostile_parameters_change_nothing_on_the_server(published, server, sample_store):
    (graph,) = [g.value for g in sample_store.named_graphs()]
    before = count_graph(Endpoint(server.query), graph)
    hostile = 'x" } ; DROP ALL ; SELECT * { ?s ?p ?o . FILTER("'
    for name, param in (("catalogue", "section"), ("indicator_profile", "half"),
                        ("services_without_projects", "section")):
        _, body = rows(Endpoint(server.query).execute(prepare(available()[name], {param: hostile})))
        assert body == []
    assert count_graph(Endpoint(server.query), graph) == before


def test_unreachable_services_are_one_line_errors(sample_trig):
    closed = f"http://127.0.0.1:{free_port()}"
    runner = CliRunner()
    for args, message in (
        (["query", "projects", "--endpoint", closed + "/query"], "is unreachable"),
        (["publish", str(sample_trig), "--graph-store", closed + "/store"], "is unreachable"),
        (["publish", str(sample_trig), "--graph-store", "not-a-url"], "expected an http(s) URL"),
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and message in lines[0], lines


def test_a_wrong_endpoint_path_is_reported(published, server):
    with pytest.raises(QueryError, match="refused the query"):
        Endpoint(server.base + "/nope").execute("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    with pytest.raises(QueryError, match="refused the query"):
        Endpoint(server.query).execute("SELECT * WHERE { ?s ?p ")
