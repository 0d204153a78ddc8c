"""A view's nodes and edges as plain JSON values: Cytoscape's elements, shared by the .cyjs file
and the self-contained HTML page."""

from __future__ import annotations

import networkx as nx


def plain_value(value):
    """A value every format can hold: str, int, float or bool (lists are joined)."""
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    return str(value)


def cytoscape_elements(view: nx.MultiDiGraph) -> dict:
    """Cytoscape.js / Cytoscape desktop elements: ``name`` is what Cytoscape shows, ``interaction``
    the edge type; ids are the IRIs and the edge keys."""
    nodes = []
    for n, data in view.nodes(data=True):
        d = {k: plain_value(v) for k, v in data.items() if v is not None}
        d.update(id=str(n), name=str(data.get("label", n)))
        nodes.append({"data": d})
    edges = []
    for u, v, key, data in view.edges(keys=True, data=True):
        d = {k: plain_value(val) for k, val in data.items() if val is not None}
        d.update(id=str(key), source=str(u), target=str(v), interaction=data.get("relation", ""))
        edges.append({"data": d})
    return {"nodes": nodes, "edges": edges}
