"""Where queries run: an embedded Oxigraph store, a persistent store or a SPARQL endpoint (all
answering with pyoxigraph results), and rdflib's own engine as the cross-check.

Queries run over the union of the named graphs (one per document), so the same text runs on a
local store and on a remote endpoint started with a union default graph.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from rdflib import Dataset

from budgetkg.errors import QueryError, UsageError
from budgetkg.query.catalogue import CannedQuery
from budgetkg.query.endpoint import Endpoint
from budgetkg.query.params import prepare
from budgetkg.rdf.read import read_store
from budgetkg.rdf.store import open_store
from budgetkg.rdf.terms import python_value


class Source(Protocol):
    """Where queries run: an embedded store or a remote endpoint. ``execute`` returns
    pyoxigraph results (QuerySolutions, QueryBoolean or QueryTriples) either way."""

    def execute(self, text: str): ...


class LocalSource:
    """An embedded Oxigraph store, queried over the union of its named graphs."""

    def __init__(self, store: ox.Store, label: str = "store"):
        self.store = store
        self.label = label

    def execute(self, text: str):
        try:
            return self.store.query(text, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"not valid SPARQL: {exc}") from None
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"the query failed on {self.label}: {exc}") from None

    def __repr__(self) -> str:
        return f"LocalSource({self.label})"


def open_source(data: str | Path | None = None, store: str | Path | None = None,
                endpoint: str | None = None) -> Source:
    """Exactly one of a graph file, a persistent store folder or an endpoint URL."""
    given = [name for name, v in (("--data", data), ("--store", store), ("--endpoint", endpoint))
             if v]
    if len(given) != 1:
        raise UsageError("give exactly one of --data FILE, --store PATH or --endpoint URL"
                         + (f" (got {' and '.join(given)})" if given else ""))
    if data:
        return LocalSource(read_store(data), str(data))
    if store:
        return LocalSource(open_store(store), str(store))

    remote = Endpoint(endpoint)
    remote.check_union_default_graph()
    return remote


def run(source: Source, q: CannedQuery, params: dict[str, object] | None = None):
    """Run a canned query with its parameters bound; pyoxigraph results."""
    try:
        return source.execute(prepare(q, params))
    except QueryError as exc:
        raise QueryError(f"query {q.name!r}: {exc}") from None


def run_rdflib(graph, text: str) -> tuple[list[str], list[tuple]]:
    """Run query text with rdflib's own SPARQL engine (the cross-check), over the union of a
    Dataset's graphs; (columns, rows of Python values)."""


    if isinstance(graph, Dataset) and not graph.default_union:
        graph.default_union = True
    with warnings.catch_warnings():  # rdflib's engine warns about its own deprecated internals
        warnings.simplefilter("ignore", DeprecationWarning)
        result = graph.query(text)
        columns = [str(v) for v in result.vars]
        body = [tuple(python_value(row[i]) for i in range(len(columns))) for row in result]
    return columns, body
