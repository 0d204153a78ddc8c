"""Write a view to the files other tools open: GraphML, GEXF (Gephi), Cytoscape JSON, DOT
(Graphviz), node-link JSON (d3, networkx) and a self-contained HTML page.

Each format gets what its readers expect without edits: attribute values of one type per name
(GraphML and GEXF declare a type per key), edge ids unique in the file, the node label where the
tool looks for it (``label`` for Gephi, ``name`` for Cytoscape, ``label=`` for Graphviz).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from budgetkg.errors import UsageError
from budgetkg.export.elements import cytoscape_elements, plain_value
from budgetkg.export.html import render_html
from budgetkg.export.names import FORMATS
from budgetkg.rdf.write import write_atomic

SUFFIXES = {".graphml": "graphml", ".gexf": "gexf", ".cyjs": "cyjs", ".dot": "dot", ".gv": "dot",
            ".json": "json", ".html": "html", ".htm": "html"}


def format_for(path: str | Path, fmt: str | None) -> str:
    """The explicit --format, else the one the file extension names."""
    if fmt:
        if fmt not in FORMATS:
            raise UsageError(f"--format {fmt!r} is not an export format; use one of {', '.join(FORMATS)}")
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"cannot tell the export format from {str(path)!r}: give --format "
                         f"({', '.join(FORMATS)}) or use one of {', '.join(sorted(SUFFIXES))}")
    return SUFFIXES[suffix]


def portable(view: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with plain attribute values and an ``id`` on every edge (its key)."""
    g = nx.MultiDiGraph()
    g.graph.update({k: plain_value(v) for k, v in view.graph.items() if v is not None})
    for n, data in view.nodes(data=True):
        g.add_node(n, **{k: plain_value(v) for k, v in data.items() if v is not None})
    for u, v, key, data in view.edges(keys=True, data=True):
        attrs = {k: plain_value(val) for k, val in data.items() if val is not None}
        attrs["id"] = str(key)
        g.add_edge(u, v, key=str(key), **attrs)
    return g


def to_graphml(view: nx.MultiDiGraph) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml_xml(portable(view), buf, edge_id_from_attribute="id")
    return buf.getvalue()


def to_gexf(view: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2 for Gephi; the file's date is the build's, not today's, so output is stable."""
    g = portable(view)
    buf = io.BytesIO()
    nx.write_gexf(g, buf, version="1.2draft")
    text = buf.getvalue().decode("utf-8")
    text = re.sub(r'<meta lastmodifieddate="[^"]*">', "<meta>", text, count=1)
    return text.encode("utf-8")


def to_cyjs(view: nx.MultiDiGraph) -> bytes:
    doc = {
        "format_version": "1.0",
        "generated_by": "budgetkg",
        "target_cytoscapejs_version": "~3",
        "data": {k: plain_value(v) for k, v in view.graph.items() if v is not None},
        "directed": True,
        "multigraph": True,
        "elements": cytoscape_elements(view),
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def to_json(view: nx.MultiDiGraph) -> bytes:
    """networkx node-link JSON (``nx.node_link_graph(data, edges="edges")`` reads it back)."""
    data = nx.node_link_data(portable(view), edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


DOT_NODE_ATTRS = ("type", "amount", "unit", "code", "level", "iri")


def dot_quote(value) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, line breaks as \\n."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{text}"'


def to_dot(view: nx.MultiDiGraph) -> bytes:
    """Graphviz DOT, written here rather than through pydot so that every id and value is quoted
    the same way (IRIs hold ':' and '#', labels hold quotes and CJK text)."""
    name = view.graph.get("name", "budgetkg")
    lines = [f"digraph {dot_quote(name)} {{",
             '  graph [charset="UTF-8", rankdir="LR", overlap="false"];',
             '  node [shape="box", style="rounded", fontname="Noto Sans CJK SC, sans-serif"];',
             '  edge [fontsize="9"];']
    for n, data in view.nodes(data=True):
        attrs = [f"label={dot_quote(data.get('label', n))}", f"tooltip={dot_quote(data.get('iri', n))}"]
        attrs += [f"{k}={dot_quote(data[k])}" for k in DOT_NODE_ATTRS if data.get(k) is not None]
        lines.append(f"  {dot_quote(n)} [{', '.join(attrs)}];")
    for u, v, key, data in view.edges(keys=True, data=True):
        attrs = [f"id={dot_quote(key)}", f"label={dot_quote(data.get('label', ''))}",
                 f"relation={dot_quote(data.get('relation', ''))}"]
        if data.get("weight") is not None:
            attrs.append(f"weight={dot_quote(data['weight'])}")
        lines.append(f"  {dot_quote(u)} -> {dot_quote(v)} [{', '.join(attrs)}];")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def to_html(view: nx.MultiDiGraph) -> bytes:
    return render_html(view)


RENDERERS: dict[str, Callable[[nx.MultiDiGraph], bytes]] = {
    "graphml": to_graphml,
    "gexf": to_gexf,
    "cyjs": to_cyjs,
    "dot": to_dot,
    "json": to_json,
    "html": to_html,
}


def render(view: nx.MultiDiGraph, fmt: str) -> bytes:
    return RENDERERS[format_for("", fmt)](view)


def write_view(view: nx.MultiDiGraph, path: str | Path, fmt: str | None = None) -> str:
    """Write ``view`` to ``path`` atomically; returns the format used."""
    fmt = format_for(path, fmt)
    write_atomic(path, RENDERERS[fmt](view))
    return fmt
