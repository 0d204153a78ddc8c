"""Writing graphs to files: the format from the extension, the bytes deterministic, the file
replaced atomically (a failure never leaves a half-written file where the output should be).
Folders (stores) are replaced atomically too, by swapping names with a finished copy."""

from __future__ import annotations

import ctypes
import os
import tempfile
from pathlib import Path

from rdflib import Graph

from budgetkg.errors import UsageError
from budgetkg.rdf.formats import format_for
from budgetkg.rdf.jsonld import to_jsonld
from budgetkg.rdf.turtle import nquads, ntriples, trig, triples_of, turtle


def render(graphs: list[Graph], fmt: str) -> bytes:
    """Serialise to bytes in the format named ``fmt``; the same graphs always give the same bytes."""
    if fmt == "turtle":
        return turtle(triples_of(graphs)).encode("utf-8")
    if fmt == "nt":
        return ntriples(graphs)
    if fmt == "nquads":
        return nquads(graphs)
    if fmt == "trig":
        return trig(graphs).encode("utf-8")
    if fmt == "json-ld":
        return to_jsonld(graphs)
    raise UsageError(f"unknown format {fmt!r}")  # pragma: no cover - format_for guards this


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and rename it into place."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would have
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def exchange_folders(a: str | Path, b: str | Path) -> None:
    """Swap the names of two folders in one step (Linux's ``renameat2`` with
    ``RENAME_EXCHANGE``): whenever a process is killed, each path names one whole folder.
    Where the call is missing (not Linux, an old C library, a file system without it) the swap
    takes three renames, with a moment in which ``b`` is missing."""
    a, b = os.fsencode(a), os.fsencode(b)
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is not None and renameat2(_AT_FDCWD, a, _AT_FDCWD, b, _RENAME_EXCHANGE) == 0:
        return
    aside = b + b".exchanging"
    os.rename(b, aside)
    os.rename(a, b)
    os.rename(aside, a)


def write_graphs(graphs: list[Graph], path: str | Path) -> str:
    fmt = format_for(path)
    write_atomic(path, render(graphs, fmt))
    return fmt
