"""Writing graphs to files: the format from the extension, the bytes deterministic, the file
replaced atomically (a failure never leaves a half-written file where the output should be)."""

from __future__ import annotations

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


def write_graphs(graphs: list[Graph], path: str | Path) -> str:
    fmt = format_for(path)
    write_atomic(path, render(graphs, fmt))
    return fmt
