"""The HTML view as a file: self-contained, offline, and every label inert text.
(tests/test_browser.py opens it in Chromium.)"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from importlib.resources import files

import pytest

from budgetkg.build.pipeline import build_graph
from budgetkg.export import render, to_networkx

from .conftest import make_variant

EVIL = '<script>document.title="pwned"</script><img/src=x/onerror=alert(1)>测试局'  # no spaces: the reader drops them


class Page(HTMLParser):
    """Collects the elements, their attributes, the scripts and the visible text of a page."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.text: list[str] = []
        self._in: tuple[str, dict] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "title", "h1"):
            self._in = (tag, dict(attrs))
            self._buf = []

    def handle_endtag(self, tag):
        if self._in and tag == self._in[0]:
            body = "".join(self._buf)
            if tag == "script":
                self.scripts.append((self._in[1], body))
            else:
                self.text.append(body)
            self._in = None

    def handle_data(self, data):
        if self._in:
            self._buf.append(data)


def parse(html_bytes: bytes) -> Page:
    page = Page()
    page.feed(html_bytes.decode("utf-8"))
    return page


@pytest.fixture(scope="module")
def evil_graph(tmp_path_factory, sample_text):
    path = tmp_path_factory.mktemp("evil") / "evil.txt"
    path.write_text(make_variant(sample_text, name=EVIL, code="099", year=2030,
                                 reverse_projects=False), encoding="utf-8")
    return build_graph(path)


@pytest.fixture(scope="module")
def org_html(sample_graph) -> bytes:
    return render(to_networkx(sample_graph, "org"), "html")


def test_page_has_no_external_reference(org_html):
    page = parse(org_html)
    for tag, attrs in page.tags:
        for name in ("src", "href", "action", "data"):
            assert name not in attrs, f"<{tag} {name}=...> would need a file or the network"
    assert not re.search(rb"https?://[^\"'\s]*\.(js|css|woff2?)\b", org_html)
    assert b"@import" not in org_html


def test_page_bundles_cytoscape_and_a_strict_csp(org_html):
    page = parse(org_html)
    code = [body for attrs, body in page.scripts if "type" not in attrs]
    assert len(code) == 2
    vendored = (files("budgetkg.export") / "vendor" / "cytoscape.min.js").read_text(encoding="utf-8")
    assert code[0] == vendored
    csp = next(a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("script-src")[1]
    for body in code:  # each inline script is allowed by its hash, and nothing else is
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_embedded_data_is_the_view(sample_graph, org_html):
    page = parse(org_html)
    (data,) = [body for attrs, body in page.scripts if attrs.get("type") == "application/json"]
    doc = json.loads(data)
    view = to_networkx(sample_graph, "org")
    assert len(doc["elements"]["nodes"]) == view.number_of_nodes()
    assert len(doc["elements"]["edges"]) == view.number_of_edges()


@pytest.mark.parametrize("view", ["overview", "org", "funding", "indicators", "services", "full"])
def test_script_in_a_label_stays_text_in_every_view(evil_graph, view):
    html = render(to_networkx(evil_graph, view), "html")
    page = parse(html)
    # the only <script> elements are the page's own three, and no element came from the label
    assert len(page.scripts) == 3
    assert not any(tag == "img" for tag, _ in page.tags)
    assert EVIL not in html.decode("utf-8")
    # the label is shown as text in the title and heading, and is in the data unchanged
    assert all(EVIL in t for t in page.text), page.text
    (data,) = [body for attrs, body in page.scripts if attrs.get("type") == "application/json"]
    doc = json.loads(data)
    assert EVIL in doc["graph"]["source"]
    if view == "org":
        assert any(n["data"]["label"] == EVIL for n in doc["elements"]["nodes"])


def test_vendored_file_matches_its_note():
    vendor = files("budgetkg.export") / "vendor"
    note = (vendor / "README.md").read_text(encoding="utf-8")
    digest = hashlib.sha256((vendor / "cytoscape.min.js").read_bytes()).hexdigest()
    assert digest in note
    version = re.search(r"\| cytoscape \(npm registry\) \| ([\d.]+) \|", note).group(1)
    head = (vendor / "cytoscape.min.js").read_text(encoding="utf-8")
    assert f'"{version}"' in head or f"'{version}'" in head, "the note's version is not the file's"
    assert "MIT" in (vendor / "cytoscape.LICENSE").read_text(encoding="utf-8") or \
        "Permission is hereby granted" in (vendor / "cytoscape.LICENSE").read_text(encoding="utf-8")
