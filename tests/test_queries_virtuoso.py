"""A real Virtuoso 7 (Debian's virtuoso-opensource-7-bin, installed by `make virtuoso`) on
127.0.0.1 with a fresh database in a temporary folder: the sample is loaded into it one named
graph per document, as a publisher would, and every canned query must give exactly the rows the
embedded Oxigraph store gives. No mocks.

The union default graph: budgetkg keeps one named graph per document and its canned queries read
the union of them. Virtuoso needs no switch for that: a query that names no dataset (no FROM, no
``default-graph-uri``) matches its triple patterns in every graph of the quad store, which is the
union; ``GRAPH ?g`` still sees each document's graph on its own. (Virtuoso's own system graphs are
in that union too, but hold no budgetkg terms.) So the data is loaded exactly as it is published,
per document, and the query text is sent unchanged, as to any other endpoint.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal as D
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetkg.publish.graphstore import count_graph
from budgetkg.query import LocalSource, available, prepare, rows
from budgetkg.query.endpoint import Endpoint
from tests.test_queries_helpers import CASE_IDS, CASES, resolve

pytest_plugins = ("tests.test_queries_helpers",)  # the sample graph fixtures

SERVER, CLIENT = shutil.which("virtuoso-t"), shutil.which("isql-vt")
pytestmark = pytest.mark.skipif(
    not (SERVER and CLIENT),
    reason="Debian's Virtuoso 7 is not installed and could not be (`make virtuoso` installs "
           "virtuoso-opensource-7-bin: virtuoso-t and isql-vt)")

INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DirsAllowed = {db}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
ServerThreads = 4
CheckpointInterval = 0

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
ServerThreads = 4
MaxClientConnections = 4

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ready(endpoint: str, process: subprocess.Popen, timeout: float = 180) -> bool:
    """A new database takes Virtuoso some twenty seconds (it checkpoints its system tables)."""
    probe = endpoint + "?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"})
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(probe, timeout=5) as r:
                if r.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    return False


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:  # pragma: no cover - a hung server
        process.kill()
        process.wait()


def isql(sql_port: int, statements: str) -> str:
    """Run SQL statements with Virtuoso's client as the default administrator (a throw-away
    database on the loopback); fails the test on any error it prints."""
    done = subprocess.run([CLIENT, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={statements}"],
                          check=False, capture_output=True, text=True, timeout=300)
    output = done.stdout + done.stderr
    assert done.returncode == 0 and "*** Error" not in output, output[-1000:]
    return output


def load_per_document(store: ox.Store, folder: Path, sql_port: int) -> dict[str, int]:
    """Each named graph of the store into the graph of the same name, from an N-Triples file
    (Virtuoso's Turtle loader, TTLP_MT, reads it); the number of triples per graph."""
    loaded = {}
    for i, graph in enumerate(sorted(store.named_graphs(), key=lambda g: g.value)):
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
        path = folder / f"graph-{i}.nt"
        path.write_bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
        isql(sql_port, f"DB.DBA.TTLP_MT(file_to_string_output('{path}'), '', '{graph.value}', 0); "
                       "checkpoint;")
        loaded[graph.value] = len(triples)
    return loaded


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory, sample_store):
    """(SPARQL endpoint URL, triples loaded per graph) of a running Virtuoso holding the sample."""
    for _ in range(3):  # a free port can be taken between probing it and binding it
        db = tmp_path_factory.mktemp("virtuoso")
        sql_port, http_port = free_port(), free_port()
        ini = db / "virtuoso.ini"
        ini.write_text(INI.format(db=db, sql_port=sql_port, http_port=http_port), encoding="utf-8")
        process = subprocess.Popen([SERVER, "+foreground", "+configfile", str(ini)], cwd=db,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        endpoint = f"http://127.0.0.1:{http_port}/sparql"
        if ready(endpoint, process):
            try:
                yield endpoint, load_per_document(sample_store, db, sql_port)
            finally:
                stop(process)
            return
        stop(process)
    log = db / "virtuoso.log"
    pytest.fail("Virtuoso did not start: "
                + (log.read_text(errors="replace")[-800:] if log.exists() else "no log"))


def test_each_document_is_its_own_graph_in_virtuoso(virtuoso, sample_store):
    endpoint, loaded = virtuoso
    assert loaded == {g.value: sum(1 for _ in sample_store.quads_for_pattern(None, None, None, g))
                      for g in sample_store.named_graphs()}
    for graph, triples in loaded.items():
        assert count_graph(Endpoint(endpoint), graph) == triples


@pytest.mark.parametrize("name,params", CASES, ids=CASE_IDS)
def test_every_canned_query_gives_the_same_rows_on_virtuoso(virtuoso, sample_store, first_project,
                                                            name, params):
    endpoint, _ = virtuoso
    text = prepare(available()[name], resolve(params, first_project))
    local = rows(LocalSource(sample_store).execute(text))
    remote = rows(Endpoint(endpoint).execute(text))
    assert remote == local


def test_the_comparison_is_not_vacuous(virtuoso):
    """The five queries Virtuoso once answered wrongly give the document's figures there."""
    endpoint, _ = virtuoso

    def answer(name, **params):
        return rows(Endpoint(endpoint).execute(prepare(available()[name], params)))[1]

    level1 = answer("spending_by_function", level=1)
    assert [(r[0], r[3]) for r in level1] == [
        ("201", D("4879.70")), ("208", D("221.54")), ("210", D("84.03")), ("221", D("173.34"))]
    categories = answer("spending_by_economic_class", level=1)
    assert [r[1] for r in categories] == ["工资福利支出", "商品和服务支出", "对个人和家庭的补助", "资本性支出"]
    keys = {r[3] for r in answer("three_public_expenses")}
    assert keys == {"total", "overseas", "reception", "vehicles", "vehiclePurchase", "vehicleRunning"}
    # the sample's 31 projects, 14 of them mapped to services (tests/data/mapping_gold.tsv)
    assert len(answer("projects_without_services")) == 17
    assert len(answer("services_without_projects")) == 25
