"""Persistent Oxigraph stores: opened read-only for queries (many readers), writable to load into.

``budgetkg load`` fills a store one document graph at a time, replacing each graph it loads, so
loading the same file twice leaves the store as loading it once.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox

from budgetkg.errors import BudgetKGError, UsageError
from budgetkg.rdf.formats import input_format
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


def load_into(path: str | Path, store_path: str | Path) -> list[DocumentGraph]:
    """``budgetkg load``: load a graph file into the store at ``store_path`` (created if
    missing). A missing file fails before any store folder is made, and a failed first load
    leaves no empty store behind."""
    input_format(path, "GRAPH")
    created = not Path(store_path).exists()
    store = open_store(store_path, create=True)
    try:
        return load_file(path, store)
    except BudgetKGError:
        if created:
            del store
            shutil.rmtree(store_path, ignore_errors=True)
        raise


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
