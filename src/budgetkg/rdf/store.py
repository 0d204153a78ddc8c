"""Persistent Oxigraph stores: opened read-only for queries (many readers), writable to load into.

``budgetkg load`` fills a store one document graph at a time, replacing each graph it loads, so
loading the same file twice leaves the store as loading it once.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from budgetkg.errors import UsageError
from budgetkg.rdf.read import DocumentGraph, document_graphs, quads_of, read_store


def open_store(path: str | Path, *, create: bool = False) -> ox.Store:
    """A persistent store: read-only for queries (many readers), writable to load into."""
    p = Path(path)
    if not create:
        if not p.is_dir():
            raise UsageError(f"--store {str(p)!r}: no such store; fill one with "
                             "`budgetkg load GRAPH --store PATH`")
        try:
            return ox.Store.read_only(str(p))
        except OSError as exc:
            raise UsageError(f"--store {str(p)!r}: cannot open it as an Oxigraph store ({exc})") from None
    if p.exists() and not p.is_dir():
        raise UsageError(f"--store {str(p)!r}: exists and is not a folder")
    try:
        return ox.Store(str(p))
    except OSError as exc:
        raise UsageError(f"--store {str(p)!r}: cannot open it for writing ({exc}); "
                         "is another process using it?") from None


def load_file(path: str | Path, target: ox.Store) -> list[DocumentGraph]:
    """Load a graph file into ``target``, replacing each of its documents' named graphs, so
    loading the same file twice leaves the store as loading it once."""
    staged = read_store(path, option="GRAPH")
    graphs = document_graphs(staged, path)
    for g in graphs:
        target.remove_graph(g.target)
        target.bulk_extend(quads_of(staged, g))
    target.flush()
    return graphs
