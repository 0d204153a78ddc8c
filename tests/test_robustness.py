"""Reproductions from issue 12, one test each: huge numbers in a document, a long catalogue
section name, ill-typed literals in a graph budgetkg did not build, unbounded or undecodable
query parameters, failed loads, and servers that fail in every way a network can. Each must end
in success or one clear line with exit code 2, never a traceback or a hang."""

from __future__ import annotations

import http.server
import random
import socket
import struct
import subprocess
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetkg.build.extract.projects import period_years
from budgetkg.build.mapping.sections import coverage
from budgetkg.cli.app import main
from budgetkg.errors import QueryError, UsageError
from budgetkg.publish.graphstore import GraphStore
from budgetkg.query.catalogue import Param
from budgetkg.query.endpoint import Endpoint
from budgetkg.query.params import term_for
from budgetkg.rdf.terms import natural_key
from tests.test_remote import free_port, oxigraph_executable, ready, stop

HUGE = "9" * 5000

TINY = """@prefix bkg: <https://budgetkg.org/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://data.budgetkg.org/doc/tiny> a bkg:Disclosure ; bkg:fileName "tiny.txt" .
<https://data.budgetkg.org/doc/tiny/section/1> a bkg:DocumentSection ;
    bkg:startLine {start} ; bkg:endLine {end} .
"""


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def assert_clean_error(result, *needles: str) -> str:
    """Exit 2 and one line on stderr starting ``budgetkg: error:``, containing the needles."""
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("budgetkg: error: "), result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


# --- numbers in documents ---------------------------------------------------------------------


def test_natural_key_orders_digit_runs_of_any_length_as_numbers():
    texts = ["a/10", "a/9", "a/" + HUGE, "a/0" + HUGE, "a/" + "1" + "0" * 5000, "a/2"]
    ordered = sorted(texts, key=natural_key)
    assert ordered[:3] == ["a/2", "a/9", "a/10"]
    assert ordered[3:] == ["a/0" + HUGE, "a/" + HUGE, "a/1" + "0" * 5000]  # equal: text decides


def test_a_period_of_thousands_of_digits_is_no_period():
    assert period_years("3年") == 3
    assert period_years("99年") == 99
    assert period_years(HUGE + "年") is None
    assert period_years("三年") == 3


def test_a_document_with_5000_digit_codes_and_periods_builds(tmp_path, sample_text):
    lines = sample_text.split("\n")
    period = next(i for i, ln in enumerate(lines) if "项目期" in ln and "\t1年" in ln)
    lines[period] = lines[period].replace("\t1年", "\t" + HUGE + "年", 1)
    text = "\n".join(lines).replace("2010306\t政务公开审批", "2010306" + HUGE + "\t政务公开审批", 1)
    doc = tmp_path / "huge.txt"
    doc.write_text(text, encoding="utf-8")
    result = invoke("build", str(doc), "-o", str(tmp_path / "huge.ttl"))
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        assert_clean_error(result, "huge.txt")
    else:
        assert (tmp_path / "huge.ttl").stat().st_size > 0


# --- the catalogue section matcher ------------------------------------------------------------


def reference_coverage(dep: str, sec: str) -> int:
    """The characters covered, computed the obvious (cubic) way, to check the fast one on short
    names."""
    from budgetkg.build.mapping.sections import _GENERIC, _core

    dep, sec = _core(dep), _core(sec)
    covered = set()
    for i in range(len(sec)):
        for j in range(len(sec), i + 1, -1):
            if sec[i:j] in dep and not _GENERIC.fullmatch(sec[i:j]):
                covered.update(range(i, j))
                break
    return len(covered)


def test_section_coverage_matches_the_obvious_algorithm():
    rng = random.Random(12)
    alphabet = "市民政局行政审批服务管理人民法院办公室委员会（）"
    for _ in range(400):
        dep = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        sec = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        assert coverage(dep, sec)[1] == reference_coverage(dep, sec), (dep, sec)
    assert coverage("某市民政局", "民政") == (1.0, 2)


def test_a_3000_character_section_name_is_matched_at_once():
    # cubic before: about a minute for this single call
    share, chars = coverage("吕梁市行政审批服务管理局", "行政审批" * 750)
    assert chars == 3000 and share == 1.0
    assert coverage("吕梁市行政审批服务管理局" * 100, "行政审批局" * 600)[1] > 0


# --- graphs budgetkg did not build ------------------------------------------------------------


@pytest.mark.parametrize("start,end", [('"x"', "3"), ("1", '"x"'), (f'"{HUGE}"', "3")])
def test_ill_formed_provenance_is_a_finding(tmp_path, start, end):
    graph = tmp_path / "odd.ttl"
    graph.write_text(TINY.format(start=start, end=end), encoding="utf-8")
    result = invoke("validate", str(graph))
    assert result.exit_code == 1, result.output  # violations found, not a crash
    assert "Provenance-startLine" in result.output


@pytest.mark.parametrize("start,end", [("1", '"abc"^^xsd:decimal'), ("1", '"1.5"^^xsd:integer'),
                                       ('"1.5"^^xsd:integer', "2"), (HUGE, "3")])
def test_ill_typed_provenance_is_a_clear_input_error(tmp_path, start, end):
    graph = tmp_path / "odd.ttl"
    graph.write_text(TINY.format(start=start, end=end), encoding="utf-8")
    line = assert_clean_error(invoke("validate", str(graph)), "odd.ttl", "does not fit its datatype")
    assert "endLine" in line or "startLine" in line


# --- query parameters -------------------------------------------------------------------------


@pytest.mark.parametrize("kind,value", [("integer", "1e999999999"), ("decimal", "1e999999999"),
                                        ("decimal", "1e-999999999"), ("integer", HUGE),
                                        ("decimal", "Infinity"), ("integer", "NaN")])
def test_numeric_parameters_are_bounded_before_conversion(kind, value):
    with pytest.raises(UsageError, match=f"expected {kind}"):
        term_for(Param("p", kind, None, ""), value)


def test_ordinary_numeric_parameters_still_bind():
    assert term_for(Param("p", "integer", None, ""), "3").value == "3"
    assert term_for(Param("p", "decimal", None, ""), "0.85").value == "0.85"
    assert term_for(Param("p", "decimal", None, ""), "1e3").value == "1000"


@pytest.fixture
def tiny_graph(tmp_path) -> Path:
    path = tmp_path / "tiny.ttl"
    path.write_text(TINY.format(start="1", end="3"), encoding="utf-8")
    return path


@pytest.mark.parametrize("query,param", [("spending_by_function", "level=1e999999999"),
                                         ("projects_without_services", "minScore=1e999999999"),
                                         ("catalogue", "section=\udcff")])
def test_bad_parameters_on_the_command_line(tiny_graph, query, param):
    result = invoke("query", query, "--data", str(tiny_graph), "--param", param)
    assert_clean_error(result, "--param")


@pytest.fixture
def tiny_trig(tmp_path) -> Path:
    path = tmp_path / "tiny.trig"
    prefixes, triples = TINY.split("\n", 2)[:2], TINY.split("\n", 2)[2]
    path.write_text("\n".join(prefixes) + "\n<https://data.budgetkg.org/doc/tiny> {\n"
                    + triples.format(start="1", end="3") + "}\n", encoding="utf-8")
    return path


# --- load -------------------------------------------------------------------------------------


def test_a_failed_load_leaves_no_store_folder(tmp_path):
    store = tmp_path / "store"
    assert_clean_error(invoke("load", str(tmp_path / "missing.ttl"), "--store", str(store)),
                       "no such file")
    assert not store.exists()
    bad = tmp_path / "bad.ttl"
    bad.write_text("garbage <", encoding="utf-8")
    assert_clean_error(invoke("load", str(bad), "--store", str(store)), "bad.ttl")
    assert not store.exists()


# --- servers that fail ------------------------------------------------------------------------


class SocketServer:
    """A TCP server on 127.0.0.1 that does ``behaviour(conn)`` with each connection."""

    def __init__(self, behaviour):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.behaviour = behaviour
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def serve(self):
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                try:
                    conn.recv(65536)
                    self.behaviour(conn, self.stopped)
                except OSError:
                    pass

    def close(self):
        self.stopped.set()
        self.thread.join(5)
        self.sock.close()


def garbage(conn, stopped):
    conn.sendall(b"SSH-2.0-OpenSSH_9.6 not a web server\r\n\r\n")


def reset(conn, stopped):
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def silent(conn, stopped):
    stopped.wait(10)


def http_status(status: int):
    def answer(conn, stopped):
        conn.sendall(f"HTTP/1.1 {status} Oops\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n"
                     "Connection: close\r\n\r\nOops\n".encode())
    return answer


@pytest.fixture
def serving():
    servers = []

    def start(behaviour):
        servers.append(SocketServer(behaviour))
        return servers[-1]
    yield start
    for s in servers:
        s.close()


@pytest.mark.parametrize("behaviour", [garbage, reset, http_status(500), http_status(503),
                                       http_status(404), http_status(403)],
                         ids=["not-http", "reset", "500", "503", "404", "403"])
def test_query_and_publish_against_a_failing_server(serving, tiny_trig, behaviour):
    server = serving(behaviour)
    assert_clean_error(invoke("query", "catalogue", "--endpoint", server.url + "/query"),
                       server.url)
    assert_clean_error(invoke("publish", str(tiny_trig), "--graph-store", server.url + "/store"),
                       server.url)


def test_a_refused_connection(tiny_graph):
    url = f"http://127.0.0.1:{free_port()}"
    assert_clean_error(invoke("query", "catalogue", "--endpoint", url + "/query"), "unreachable")
    assert_clean_error(invoke("publish", str(tiny_graph), "--graph-store", url + "/store"),
                       "unreachable")


def test_a_slow_server_times_out(serving):
    server = serving(silent)
    with pytest.raises(QueryError, match="unreachable"):
        Endpoint(server.url + "/query", timeout=1).execute("ASK {}")
    with pytest.raises(QueryError, match="unreachable"):
        GraphStore(server.url + "/store", timeout=1).put("urn:g", b"")


def test_an_http_server_that_answers_errors(tmp_path):
    """The standard library's own HTTP server, answering 502 to everything."""
    class Handler(http.server.BaseHTTPRequestHandler):
        def answer(self):
            self.send_error(502, "Bad Gateway")
        do_GET = do_POST = do_PUT = do_DELETE = answer

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}"
        with pytest.raises(QueryError, match="502"):
            Endpoint(url + "/query").execute("ASK {}")
        with pytest.raises(QueryError, match="502"):
            GraphStore(url + "/store").put("urn:g", b"")
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_publish_to_oxigraph_without_union_default_graph_says_how_to_start_it(tmp_path,
                                                                                tiny_trig):
    port = free_port()
    process = subprocess.Popen([oxigraph_executable(), "serve", "--location", str(tmp_path / "ox"),
                                "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        assert ready(base, process), "the Oxigraph server did not start"
        result = invoke("publish", str(tiny_trig), "--graph-store", base + "/store",
                        "--endpoint", base + "/query")
        assert_clean_error(result, "not the union", "--union-default-graph")
        # the graphs are on the server now; a canned query there would find nothing: refused
        result = invoke("query", "projects", "--endpoint", base + "/query")
        assert_clean_error(result, "not the union", "--union-default-graph")
    finally:
        stop(process)


def test_a_table_whose_header_is_only_column_numbers_is_a_clean_error():
    """Found by the long fuzz run (a deleted line left a table with only its 1 2 3 ... row)."""
    from budgetkg.build.extract.report_tables import layout
    from budgetkg.build.readers import Line
    from budgetkg.build.segment import Section
    from budgetkg.errors import ExtractionError

    header = [Line(7, "1\t2\t3\t4")]
    section = Section("table", "2024年预算支出总表", [Line(6, "2024年预算支出总表"), *header])
    with pytest.raises(ExtractionError, match="no column titles") as caught:
        layout(header, section, "doc.txt")
    assert str(caught.value).startswith("doc.txt:7: ")
