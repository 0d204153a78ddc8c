"""The build pipeline: read -> segment -> extract -> model -> map projects to catalogue services,
one named graph per document."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from rdflib import Graph

from budgetkg.build.extract import extract_document
from budgetkg.build.mapping import Overrides, add_mappings
from budgetkg.build.model import to_graph
from budgetkg.build.readers import read_document
from budgetkg.build.records import Disclosure
from budgetkg.vocab import DEFAULT_BASE


def extract_file(path: str | Path) -> Disclosure:
    return extract_document(read_document(path))


def build_graph(path: str | Path, base: str = DEFAULT_BASE,
                overrides: Overrides | str | Path | None = None) -> Graph:
    """One document -> its named graph (identified by the document's IRI), with its projects
    mapped to the catalogue's services (curated ``overrides`` applied, see budgetkg.build.mapping)."""
    graph = to_graph(extract_file(path), base=base)
    add_mappings(graph, overrides=overrides)
    return graph


def build_graphs(paths: Iterable[str | Path], base: str = DEFAULT_BASE,
                 progress: Callable[[str], None] | None = None,
                 overrides: Overrides | str | Path | None = None) -> list[Graph]:
    graphs = []
    for path in paths:
        if progress:
            progress(str(path))
        graphs.append(build_graph(path, base=base, overrides=overrides))
    return graphs
