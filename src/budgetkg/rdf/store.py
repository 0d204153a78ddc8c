"""Persistent Oxigraph stores: opened read-only for queries (many readers), writable to load into.

``budgetkg load`` replaces each document graph it loads, so loading the same file twice leaves
the store as loading it once, and replaces the store as a whole, so a load killed midway leaves
the store as it was.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

import pyoxigraph as ox

from budgetkg.errors import UsageError
from budgetkg.rdf.read import DocumentGraph, document_graphs, quads_of, read_store
from budgetkg.rdf.write import exchange_folders


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
    missing), all or nothing.

    Replacing a graph in place takes two steps (remove it, bulk-load its new triples), and a
    process killed between them loses the graph. So the load goes into a copy of the store
    beside it (an Oxigraph backup: hard links, cheap), which then takes the store's place in one
    rename; the store stays open for writing until that rename, so a second load (or a corpus
    build) fails rather than losing one of the two. Killed at any moment, the load leaves the old store or the new one
    at ``store_path``, and at worst a hidden copy beside it, removed by the next load. A file
    that cannot be read fails before anything is made."""
    staged = read_store(path, option="GRAPH")
    graphs = document_graphs(staged, path)
    target = Path(store_path)
    live = open_store(target, create=True) if target.exists() else None
    target.parent.mkdir(parents=True, exist_ok=True)
    work = target.parent / f"{_COPY_PREFIX % target.name}{os.getpid()}-{secrets.token_hex(4)}"
    try:
        if live is not None:
            _remove_copies(target)
            live.backup(str(work))
        copy = ox.Store(str(work))
        try:
            _replace_graphs(staged, graphs, copy)
        finally:
            del copy  # closed, so that it can be renamed or removed
        if live is None:
            os.rename(work, target)
        else:
            # closed first: a store open on a path deletes what it takes for its own obsolete
            # files under that path when it closes, which after the swap is the new store
            del live
            exchange_folders(work, target)  # ``work`` now names the old store
    finally:
        live = None
        shutil.rmtree(work, ignore_errors=True)
    return graphs


_COPY_PREFIX = ".%s.loading-"


def _remove_copies(target: Path) -> None:
    """Copies left by loads that were killed (called while holding the store open for writing,
    so no load is running)."""
    prefix = _COPY_PREFIX % target.name
    for p in target.parent.iterdir():
        if p.name.startswith(prefix) and p.is_dir():
            shutil.rmtree(p, ignore_errors=True)


def load_file(path: str | Path, target: ox.Store) -> list[DocumentGraph]:
    """Load a graph file into ``target``, replacing each of its documents' named graphs, so
    loading the same file twice leaves the store as loading it once. In place: a process killed
    meanwhile can leave a graph missing or half-loaded (``load_into`` cannot)."""
    staged = read_store(path, option="GRAPH")
    graphs = document_graphs(staged, path)
    _replace_graphs(staged, graphs, target)
    return graphs


def _replace_graphs(staged: ox.Store, graphs: list[DocumentGraph], target: ox.Store) -> None:
    for g in graphs:
        target.remove_graph(g.target)
        target.bulk_extend(quads_of(staged, g))
    target.flush()
