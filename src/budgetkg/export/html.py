"""The self-contained interactive HTML view: one file with the graph, Cytoscape.js and the app.

Nothing is fetched: the vendored ``vendor/cytoscape.min.js`` (see ``vendor/README.md``) and the
app script are inlined, the graph is an inline JSON block, and a Content-Security-Policy allows
no network and runs only the page's own two scripts (by hash), so markup smuggled into a label
could not run even if it escaped the escaping below.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from importlib.resources import files

import networkx as nx

from budgetkg import __version__
from budgetkg.export.elements import cytoscape_elements, plain_value

PLACEHOLDER = re.compile(r"@@([A-Z]+)@@")
# JSON inside <script>: these characters could end the element or start a comment there.
JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                "\u2029": "\\u2029"}


def package_text(name: str) -> str:
    return (files("budgetkg.export") / name).read_text(encoding="utf-8")


def script_json(value) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for ch, esc in JSON_ESCAPES.items():
        text = text.replace(ch, esc)
    return text


def inline_script(code: str) -> str:
    if "</script" in code.lower():
        raise ValueError("an inline script must not contain '</script'")
    return code


def csp_hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"


def view_title(view: nx.MultiDiGraph) -> str:
    source = view.graph.get("source")
    name = view.graph.get("view", view.graph.get("name", "graph"))
    return f"{source} · {name} view" if source else f"budgetkg {name} view"


def render_html(view: nx.MultiDiGraph) -> bytes:
    cyto = inline_script(package_text("vendor/cytoscape.min.js"))
    app = inline_script(package_text("view.js"))
    data = {"graph": {k: plain_value(v) for k, v in view.graph.items() if v is not None},
            "elements": cytoscape_elements(view)}
    csp = ("default-src 'none'; img-src data: blob:; style-src 'unsafe-inline'; "
           f"script-src {csp_hash(cyto)} {csp_hash(app)}")
    title = html.escape(view_title(view), quote=True)
    values = {"CSP": html.escape(csp, quote=True), "VERSION": html.escape(__version__),
              "TITLE": title, "HEADING": title, "DATA": script_json(data),
              "CYTOSCAPE": cyto, "APP": app}
    # Split the template once and fill the holes, so no inserted text is scanned for a marker.
    parts = PLACEHOLDER.split(package_text("view.html"))
    return "".join(values[p] if i % 2 else p for i, p in enumerate(parts)).encode("utf-8")
