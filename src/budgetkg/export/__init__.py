"""Export stage: networkx views of a budget graph, written for Gephi, Cytoscape, Graphviz and the
browser, and charts of its money and indicators.

    from budgetkg.export import load_graph, to_networkx, write_view
    view = to_networkx(load_graph("out/sample.ttl"), "funding")
    write_view(view, "funding.gexf")

The names below are imported on first use, so that the CLI starts without networkx.
"""

from __future__ import annotations

from importlib import import_module

from budgetkg.export.names import CHART_KINDS, FORMATS, VIEWS
from budgetkg.rdf.read import load_union as load_graph

_LAZY = {"to_networkx": ".views", "write_view": ".writers",
         "render": ".writers", "chart": ".charts"}

__all__ = ["CHART_KINDS", "FORMATS", "VIEWS", "chart", "load_graph", "render", "to_networkx",
           "write_view"]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
