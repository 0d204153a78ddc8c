"""The HTML outputs in a real browser: Debian's Chromium, headless, started by this test and
driven over the DevTools protocol (websocket-client). Installing Chromium is `make browsers`'
job (part of `make test`); without it these tests skip and say so.

Checked: the export's HTML view renders the view's nodes, responds to a click, the search box
and the mouse wheel, fetches nothing and throws no JavaScript error; a label containing
``<script>`` is shown as text by the view and by the site pages of `budgetkg site`; two site pages
render their heading. Screenshots are kept under test-artifacts/.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetkg.build.pipeline import build_graph
from budgetkg.cli.app import main
from budgetkg.export import render, to_networkx
from budgetkg.rdf.write import write_graphs

from .conftest import ROOT, make_variant

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "test-artifacts"
EVIL = '<script>window.__pwned=1</script><img/src=x/onerror=window.__pwned=2>测试局'
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
         "--window-size=1280,800", "--remote-debugging-port=0", "--remote-allow-origins=*"]

# How long one DevTools reply may take: generous, since a big view's layout runs in the page's
# only thread and a loaded machine (the suite runs beside other work) can be slow to answer.
DEVTOOLS_TIMEOUT = float(os.environ.get("BUDGETKG_DEVTOOLS_TIMEOUT", "300"))

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed: run "
                                "`make browsers` (apt-get install chromium) to run browser tests")


class Page:
    """One tab over the DevTools protocol: commands, and the events that report errors."""

    def __init__(self, ws_url: str):
        import websocket

        self.ws = websocket.create_connection(ws_url, timeout=DEVTOOLS_TIMEOUT,
                                             suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})

    def call(self, method: str, params: dict | None = None) -> dict:
        self.next_id += 1
        my_id = self.next_id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params or {}}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == my_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def open(self, url: str) -> None:
        self.events.clear()
        self.call("Page.navigate", {"url": url})
        self.wait_for("document.readyState === 'complete'")

    def js(self, expression: str):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True})
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = DEVTOOLS_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.js(f"Boolean({expression})"):
                return
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {expression}")

    def click(self, x: float, y: float) -> None:
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left",
                                                   "clickCount": 1})

    def key(self, key: str, code: int) -> None:
        for kind in ("rawKeyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", {"type": kind, "key": key, "code": key,
                                                 "windowsVirtualKeyCode": code})

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))

    def errors(self) -> list[str]:
        """JavaScript exceptions, console errors and failed loads since the page was opened."""
        found = []
        for e in self.events:
            method, p = e.get("method"), e.get("params", {})
            if method == "Runtime.exceptionThrown":
                d = p["exceptionDetails"]
                found.append(d.get("exception", {}).get("description") or d.get("text"))
            elif method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                found.append(" ".join(str(a.get("value", a.get("description"))) for a in p["args"]))
            elif (method == "Log.entryAdded" and p["entry"]["level"] == "error"
                  and not p["entry"].get("url", "").endswith("/favicon.ico")):
                found.append(p["entry"]["text"] + " " + p["entry"].get("url", ""))
        return found

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events
                if e.get("method") == "Network.requestWillBeSent"]

    def close(self) -> None:
        self.ws.close()


@contextlib.contextmanager
def launch_chromium(profile: Path, env: dict | None = None):
    """Start headless Chromium with its own profile (and environment); yields new_page()."""
    proc = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, **(env or {})})
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + DEVTOOLS_TIMEOUT
        while not (port_file.exists() and port_file.read_text().strip()):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Chromium did not start (exit code {proc.poll()})")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])

        def new_page() -> Page:
            req = urllib.request.Request(f"http://127.0.0.1:{port}/json/new?about:blank", method="PUT")
            with urllib.request.urlopen(req, timeout=DEVTOOLS_TIMEOUT) as resp:
                return Page(json.load(resp)["webSocketDebuggerUrl"])

        yield new_page
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with launch_chromium(tmp_path_factory.mktemp("chromium-profile")) as new_page:
        yield new_page


@pytest.fixture(scope="module")
def evil_graph(tmp_path_factory, sample_text):
    path = tmp_path_factory.mktemp("evil") / "evil-disclosure.txt"
    path.write_text(make_variant(sample_text, name=EVIL, code="099", year=2030,
                                 reverse_projects=False), encoding="utf-8")
    return build_graph(path)


def write_html(tmp_path: Path, graph, view: str) -> tuple[Path, object]:
    nxview = to_networkx(graph, view)
    path = tmp_path / f"{view}.html"
    path.write_bytes(render(nxview, "html"))
    return path, nxview


def offline(page: Page) -> list[str]:
    return [u for u in page.requests() if not u.startswith(("file:", "data:", "blob:"))]


def test_html_view_renders_and_responds(browser, tmp_path, sample_graph):
    path, view = write_html(tmp_path, sample_graph, "org")
    page = browser()
    try:
        page.open(path.as_uri())
        page.wait_for("window.budgetkgView && window.budgetkgView.ready")
        assert page.js("budgetkgView.cy.nodes().length") == view.number_of_nodes()
        assert page.js("budgetkgView.cy.edges().length") == view.number_of_edges()
        assert page.js("document.getElementById('counts').textContent") == \
            f"{view.number_of_nodes()} nodes · {view.number_of_edges()} edges"
        labels = set(page.js("budgetkgView.cy.nodes().map(n => n.data('label'))"))
        assert labels == {d["label"] for _, d in view.nodes(data=True)}

        # the wheel zooms (then the view is fitted again for the clicks below)
        before = page.js("budgetkgView.cy.zoom()")
        page.call("Input.dispatchMouseEvent", {"type": "mouseWheel", "x": 400, "y": 400,
                                               "deltaX": 0, "deltaY": -240})
        page.wait_for(f"budgetkgView.cy.zoom() > {before}")
        page.js("budgetkgView.cy.fit(undefined, 30) && true")

        # click the department: its details appear
        dept, data = next((n, d) for n, d in view.nodes(data=True) if d["type"] == "Department")
        x, y = page.js(f"""(() => {{ const n = budgetkgView.cy.getElementById({json.dumps(dept)});
            const box = document.getElementById('cy').getBoundingClientRect();
            const p = n.renderedPosition(); return [box.left + p.x, box.top + p.y]; }})()""")
        page.click(x, y)
        page.wait_for("document.getElementById('details-label')")
        assert page.js("document.getElementById('details-label').textContent") == data["label"]
        table = page.js("document.getElementById('details-table').innerText")
        assert "Department" in table and dept in table
        linked = page.js("document.querySelectorAll('#details-links li').length")
        assert linked == view.degree(dept)

        # search: type a project's name, press Enter, the match is selected and shown
        project = next(d for _, d in view.nodes(data=True) if d["type"] == "Project")
        page.js("document.getElementById('search').focus()")
        page.call("Input.insertText", {"text": project["label"]})
        expected = sum(1 for _, d in view.nodes(data=True)
                       if project["label"].lower() in d["label"].lower()
                       or project["label"].lower() in d["iri"].lower())
        page.wait_for("document.getElementById('search-status').textContent.length > 0")
        status = page.js("document.getElementById('search-status').textContent")
        assert status == f"{expected} match" + ("" if expected == 1 else "es")
        page.key("Enter", 13)
        page.wait_for(f"document.getElementById('details-label').textContent === "
                      f"{json.dumps(project['label'])}")
        page.key("Escape", 27)
        page.wait_for("document.getElementById('search-status').textContent === ''")

        page.js("budgetkgView.cy.stop(true, true).fit(undefined, 30) && true")  # whole graph
        page.screenshot(ARTIFACTS / "browser-org-view.png")

        assert page.errors() == []
        assert offline(page) == [], "the view must not fetch anything"
    finally:
        page.close()


@pytest.mark.parametrize("view", ["overview", "indicators", "full"])
def test_views_render_without_errors_one_colour_per_type(browser, tmp_path, sample_graph, view):
    path, nxview = write_html(tmp_path, sample_graph, view)
    page = browser()
    try:
        page.open(path.as_uri())
        page.wait_for("window.budgetkgView && window.budgetkgView.ready")
        assert page.js("budgetkgView.cy.nodes().length") == nxview.number_of_nodes()
        colours = page.js("budgetkgView.colours")
        assert set(colours) == {d["type"] for _, d in nxview.nodes(data=True)}
        assert len(set(colours.values())) == len(colours), "two types share a legend colour"
        assert page.js("document.querySelectorAll('#legend span').length") == len(colours)
        page.screenshot(ARTIFACTS / f"browser-{view}-view.png")
        assert page.errors() == []
        assert offline(page) == []
    finally:
        page.close()


def test_script_in_a_label_is_text_in_the_html_view(browser, tmp_path, evil_graph):
    path, view = write_html(tmp_path, evil_graph, "org")
    page = browser()
    try:
        page.open(path.as_uri())
        page.wait_for("window.budgetkgView && window.budgetkgView.ready")
        assert page.js("window.__pwned === undefined")
        assert page.js("document.querySelectorAll('img').length") == 0
        assert page.js("document.querySelectorAll('script').length") == 3
        assert EVIL in page.js("document.getElementById('title').textContent")
        assert EVIL in page.js("document.title")
        dept = next(n for n, d in view.nodes(data=True) if d["type"] == "Department")
        page.js(f"budgetkgView.cy.getElementById({json.dumps(dept)}).emit('tap') && true")
        assert page.js("document.getElementById('details-label').textContent") == EVIL
        assert page.js("window.__pwned === undefined")
        page.screenshot(ARTIFACTS / "browser-script-label.png")
        assert page.errors() == []
    finally:
        page.close()


# --- the site of `budgetkg site` -------------------------------------------------------------

def build_site(tmp_path: Path, graph) -> Path:
    if "site" not in main.commands:
        pytest.skip("`budgetkg site` is not registered (src/budgetkg/cli/site.py)")
    graph_file = tmp_path / "graph.ttl"
    write_graphs([graph], graph_file)
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["site", str(graph_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def page_with_heading(site: Path, text: str, iri: str) -> Path:
    """The page of resource ``iri`` (its IRI shown or in data-iri), whose <h1> is ``text``."""
    import html

    heading = re.compile(r"<h1[^>]*>\s*" + re.escape(html.escape(text, quote=False)) + r"\s*</h1>")
    marks = (f'data-iri="{html.escape(iri)}"', f"<code>{html.escape(iri)}</code>")
    for path in sorted(site.rglob("*.html")):
        body = path.read_text(encoding="utf-8")
        if any(m in body for m in marks) and heading.search(body):
            return path
    raise AssertionError(f"no page of {iri} has the heading {text!r}")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """Serve a folder on 127.0.0.1 (site pages may use root-relative links)."""
    servers = []

    def serve(folder: Path) -> str:
        handler = functools.partial(QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_site_pages_render_headings_and_keep_labels_as_text(browser, tmp_path, evil_graph, served):
    site = build_site(tmp_path, evil_graph)
    for path in site.rglob("*.html"):  # no page carries the label's markup unescaped
        assert "<script>window.__pwned" not in path.read_text(encoding="utf-8"), path
    base = served(site)
    dept = next(n for n, d in to_networkx(evil_graph, "org").nodes(data=True)
                if d["type"] == "Department")
    label = to_networkx(evil_graph, "org").nodes[dept]["label"]
    home = "index.html" if (site / "index.html").exists() else min(
        p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    dept_page = page_with_heading(site, label, dept).relative_to(site).as_posix()
    page = browser()
    try:
        page.open(base + home)
        assert page.js("document.querySelector('h1') !== null")
        assert page.js("document.body.innerText.length") > 0
        page.screenshot(ARTIFACTS / "browser-site-home.png")
        assert page.errors() == [], home
        page.open(base + dept_page)
        assert page.js("document.querySelector('h1').textContent.trim()") == label
        assert page.js("window.__pwned === undefined")
        assert page.js("document.querySelectorAll('h1 img, h1 script').length") == 0
        page.screenshot(ARTIFACTS / "browser-site-department.png")
        assert page.errors() == [], dept_page
        foreign = [u for u in page.requests() if not u.startswith((base, "data:"))]
        assert foreign == []
    finally:
        page.close()


def test_browser_artifacts_folder_is_ignored_by_git():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "test-artifacts/" in ignored
    assert os.path.relpath(ARTIFACTS, ROOT) == "test-artifacts"
