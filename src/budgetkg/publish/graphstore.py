"""Uploads through the SPARQL 1.1 Graph Store HTTP Protocol (Oxigraph's ``/store``).

``publish_file`` PUTs each document's named graph, which replaces it, so a reload is idempotent.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from budgetkg.errors import QueryError
from budgetkg.query.endpoint import DEFAULT_TIMEOUT, Endpoint, check_url, network_errors
from budgetkg.rdf.read import document_graphs, read_store


class GraphStore:
    """A SPARQL 1.1 Graph Store HTTP Protocol service."""

    def __init__(self, url: str, timeout: int = DEFAULT_TIMEOUT):
        self.url = check_url(url, "--graph-store")
        self.timeout = timeout

    def graph_url(self, graph: str) -> str:
        sep = "&" if "?" in self.url else "?"
        return f"{self.url}{sep}graph={urllib.parse.quote(graph, safe='')}"

    def put(self, graph: str, data: bytes, content_type: str = "application/n-triples") -> int:
        """Replace a named graph with ``data``; the HTTP status."""
        return self._send("PUT", graph, data, content_type)

    def delete(self, graph: str) -> int:
        return self._send("DELETE", graph, None, None, missing_ok=True)

    def _send(self, method: str, graph: str, data, content_type, missing_ok: bool = False) -> int:
        request = urllib.request.Request(self.graph_url(graph), data=data, method=method)
        if content_type:
            request.add_header("Content-Type", content_type)
        with network_errors(f"graph store {self.url}"):
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return response.status
            except urllib.error.HTTPError as exc:
                if missing_ok and exc.code == 404:
                    return 404
                detail = exc.read().decode("utf-8", "replace").strip().splitlines()
                raise QueryError(f"graph store {self.url} answered {exc.code} to {method} "
                                 f"<{graph}>" + (f": {detail[0][:200]}" if detail else "")) from None


@dataclass(frozen=True)
class Published:
    graph: str
    triples: int
    status: int
    checked: bool = False


def publish_file(path: str | Path, graph_store: str) -> list[Published]:
    """Upload each document's named graph of a graph file, replacing what the server held
    under that name; the other graphs on the server are left alone."""

    store = GraphStore(graph_store)
    staged = read_store(path, option="GRAPH")
    out = []
    for g in document_graphs(staged, path):
        body = ox.serialize((q.triple for q in staged.quads_for_pattern(None, None, None, g.local)),
                            format=ox.RdfFormat.N_TRIPLES)
        out.append(Published(g.target.value, g.triples, store.put(g.target.value, body)))
    return out


def count_graph(endpoint: Endpoint, graph: str) -> int:
    """Triples the endpoint holds in one named graph (to check an upload)."""
    text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {ox.NamedNode(graph)} {{ ?s ?p ?o }} }}"
    solutions = endpoint.execute(text)
    row = next(iter(solutions), None)
    term = row["n"] if row is not None else None
    value = getattr(term, "value", "")
    if not (value.isdecimal() and len(value) <= 18):
        raise QueryError(f"endpoint {endpoint.url} answered a triple count that is not a "
                         f"number: {value[:40]!r}")
    return int(value)


def publish_checked(path: str | Path, graph_store: str,
                    endpoint: str | None = None) -> list[Published]:
    """``publish_file``, then, when a query ``endpoint`` is given, read each uploaded graph's
    triple count back from it; a count that differs is an error."""
    published = publish_file(path, graph_store)
    if endpoint is None:
        return published
    check = Endpoint(endpoint)
    out = []
    for p in published:
        held = count_graph(check, p.graph)
        if held != p.triples:
            raise QueryError(f"<{p.graph}>: uploaded {p.triples} triples but {endpoint} "
                             f"holds {held}")
        check.check_union_default_graph(p.graph)
        out.append(Published(p.graph, p.triples, p.status, checked=True))
    return out
