"""The build pipeline: read -> segment -> extract -> model, one named graph per document."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from rdflib import Graph

from .document import read_document
from .extract import extract_document
from .model import to_graph
from .model.vocab import DEFAULT_BASE
from .records import Disclosure


def extract_file(path: str | Path) -> Disclosure:
    return extract_document(read_document(path))


def build_graph(path: str | Path, base: str = DEFAULT_BASE) -> Graph:
    """One document -> its named graph (identified by the document's IRI)."""
    return to_graph(extract_file(path), base=base)


def build_graphs(paths: Iterable[str | Path], base: str = DEFAULT_BASE,
                 progress: Callable[[str], None] | None = None) -> list[Graph]:
    graphs = []
    for path in paths:
        if progress:
            progress(str(path))
        graphs.append(build_graph(path, base=base))
    return graphs
