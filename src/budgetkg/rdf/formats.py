"""The RDF file formats budgetkg reads and writes: the one table every other module asks.

Like rdflib's plugin registry, one row per format says everything a module needs to know about
it: the file suffixes, the media type, the Oxigraph parser/serialiser, whether it keeps named
graphs (quads), and the short key the command line uses (``--format ttl``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from budgetkg.errors import UsageError


@dataclass(frozen=True)
class RdfFormat:
    name: str  # budgetkg's (and rdflib's) name: "turtle", "trig", "nt", "nquads", "json-ld"
    key: str  # the command line's key and the canonical suffix without its dot: "ttl"
    suffixes: tuple[str, ...]
    media_type: str
    title: str
    quads: bool  # keeps one named graph per document
    oxigraph: ox.RdfFormat

    @property
    def suffix(self) -> str:
        return self.suffixes[0]


FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("turtle", "ttl", (".ttl",), "text/turtle", "Turtle", False, ox.RdfFormat.TURTLE),
    RdfFormat("trig", "trig", (".trig",), "application/trig",
              "TriG (one named graph per document)", True, ox.RdfFormat.TRIG),
    RdfFormat("nt", "nt", (".nt",), "application/n-triples", "N-Triples", False,
              ox.RdfFormat.N_TRIPLES),
    RdfFormat("nquads", "nq", (".nq",), "application/n-quads",
              "N-Quads (one named graph per document)", True, ox.RdfFormat.N_QUADS),
    RdfFormat("json-ld", "jsonld", (".jsonld", ".json"), "application/ld+json",
              "JSON-LD (with budgetkg's context)", True, ox.RdfFormat.JSON_LD),
)
BY_NAME = {f.name: f for f in FORMATS}
BY_KEY = {f.key: f for f in FORMATS}
BY_SUFFIX = {s: f for f in FORMATS for s in f.suffixes}
KEYS = tuple(f.key for f in FORMATS)


def allowed_suffixes() -> str:
    return ", ".join(sorted(BY_SUFFIX))


def is_graph_file(path: str | Path) -> bool:
    return Path(path).suffix.lower() in BY_SUFFIX


def output_format(path: str | Path) -> RdfFormat:
    """The format an output file's extension asks for."""
    found = BY_SUFFIX.get(Path(path).suffix.lower())
    if found is None:
        raise UsageError(f"cannot tell the output format from {str(path)!r}: "
                         f"use one of {allowed_suffixes()}")
    return found


def input_format(path: str | Path, option: str | None = None) -> RdfFormat:
    """The format of an existing graph file; ``option`` names the argument in errors."""
    p = Path(path)
    where = f"{option} {str(p)!r}" if option else repr(str(p))
    found = BY_SUFFIX.get(p.suffix.lower())
    if found is None:
        raise UsageError(f"{where}: unknown RDF file type; use one of {allowed_suffixes()}")
    if not p.is_file():
        raise UsageError(f"{where}: no such file")
    return found


def format_for(path: str | Path) -> str:
    """The format name (``turtle`` ...) of an output path."""
    return output_format(path).name
