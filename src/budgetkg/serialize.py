"""Publish stage, file side: graphs -> Turtle, TriG, N-Triples, N-Quads or JSON-LD.

The format follows the file extension. Output is deterministic (no blank nodes are minted, and
line-based formats are sorted), and files are written atomically: a failure never leaves a
half-written file where the output should be.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from rdflib import Dataset, Graph

from .errors import UsageError
from .model.emit import new_graph
from .model.vocab import PREFIXES

FORMATS = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}
QUAD_FORMATS = {"trig", "nquads", "json-ld"}


def format_for(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        allowed = ", ".join(sorted(FORMATS))
        raise UsageError(f"cannot tell the output format from {str(path)!r}: use one of {allowed}")
    return FORMATS[suffix]


def union(graphs: Iterable[Graph]) -> Graph:
    g = new_graph()
    for part in graphs:
        for triple in part:
            g.add(triple)
    return g


def dataset(graphs: Iterable[Graph]) -> Dataset:
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    for part in graphs:
        named = ds.graph(part.identifier)
        for triple in part:
            named.add(triple)
    return ds


def render(graphs: list[Graph], fmt: str) -> bytes:
    """Serialise to bytes. N-Triples and N-Quads are sorted line by line so that output is
    byte-identical across runs; rdflib's Turtle writer already orders subjects and predicates."""
    if fmt == "turtle":
        return union(graphs).serialize(format="turtle").encode("utf-8")
    if fmt == "nt":
        return _sorted_lines(union(graphs).serialize(format="nt"))
    if fmt == "nquads":
        return _sorted_lines(dataset(graphs).serialize(format="nquads"))
    if fmt == "trig":
        return _trig(graphs)
    if fmt == "json-ld":
        from .jsonld import to_jsonld

        return to_jsonld(graphs)
    raise UsageError(f"unknown format {fmt!r}")  # pragma: no cover - format_for guards this


def _sorted_lines(text: str) -> bytes:
    lines = sorted({ln for ln in text.splitlines() if ln.strip()})
    return ("\n".join(lines) + "\n").encode("utf-8")


def _trig(graphs: list[Graph]) -> bytes:
    """TriG as one block per named graph in IRI order, each block rdflib's sorted Turtle body,
    so the TriG is as stable as the Turtle."""
    prefix_lines: set[str] = set()
    blocks = []
    for g in sorted(graphs, key=lambda g: str(g.identifier)):
        body = g.serialize(format="turtle")
        lines = body.strip().splitlines()
        prefix_lines.update(ln.strip() for ln in lines if ln.startswith("@prefix"))
        inner = [("    " + ln) if ln else ln for ln in lines if not ln.startswith("@prefix")]
        blocks.append(f"<{g.identifier}> {{\n" + "\n".join(inner).strip("\n") + "\n}\n")
    head = "\n".join(sorted(prefix_lines)) + "\n\n"
    return (head + "\n".join(blocks)).encode("utf-8")


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and rename it into place."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
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
