"""Corpus builds: many disclosures, in parallel over the cores, each into its own named graph.

A corpus is a folder tree or a list of files. Each document is built in a worker process and
handed back as N-Quads (its one named graph), then loaded into a store in one transaction,
replacing the document's graph, or written as one file per document. A document whose content hash the store
already holds is skipped, so an interrupted run resumes where it stopped. A document that fails
is reported with its error and skipped; the others are built.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from budgetkg.build.pipeline import build_graph
from budgetkg.build.readers import READERS, read_document
from budgetkg.errors import BudgetKGError, UsageError
from budgetkg.rdf.formats import output_format
from budgetkg.rdf.graphs import graph_name
from budgetkg.rdf.write import render, write_atomic
from budgetkg.vocab import BKG, DEFAULT_BASE

# what a folder is searched for; a file named on the command line is read whatever its suffix
DOCUMENT_SUFFIXES = (".txt", ".md", *READERS)


@dataclass(frozen=True)
class Outcome:
    """What became of one document: ``built``, ``skipped`` (already in the store) or ``failed``."""

    path: str
    status: str
    graph: str | None = None
    triples: int = 0
    output: str | None = None
    error: str | None = None


def discover(inputs: Iterable[str | Path],
             suffixes: tuple[str, ...] = DOCUMENT_SUFFIXES) -> list[Path]:
    """The documents named, folders expanded (recursively, in name order) to their files with
    one of ``suffixes``."""
    found: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found.extend(sorted(f for f in p.rglob("*")
                                if f.is_file() and f.suffix.lower() in suffixes))
        else:
            found.append(p)
    if not found:
        raise UsageError("no documents found in " + ", ".join(map(str, inputs))
                         + f" (looked for {', '.join(suffixes)})")
    return found


def stored_hashes(store: ox.Store) -> set[str]:
    """The content hashes of the documents a store holds."""
    pattern = store.quads_for_pattern(None, ox.NamedNode(str(BKG.sha256)), None, None)
    return {q.object.value for q in pattern if isinstance(q.object, ox.Literal)}


def _build_one(job: tuple[str, str, str | None, str]) -> Outcome | tuple[Outcome, bytes]:
    """Worker: build one document; N-Quads back for a store, or its own file written here."""
    path, base, out_dir, suffix = job
    try:
        graph = build_graph(path, base=base)
        name = str(graph_name(graph))
        if out_dir is None:
            return Outcome(path, "built", name, len(graph)), render([graph], "nquads")
        target = Path(out_dir) / (Path(path).stem + suffix)
        write_atomic(target, render([graph], output_format(target).name))
        return Outcome(path, "built", name, len(graph), output=str(target))
    except BudgetKGError as exc:
        return Outcome(path, "failed", error=str(exc))
    except Exception as exc:  # noqa: BLE001 - one document's bug must not stop the corpus
        return Outcome(path, "failed", error=f"{path}: internal error: {type(exc).__name__}: {exc}")


def build_corpus(paths: list[Path], *, base: str = DEFAULT_BASE, store: ox.Store | None = None,
                 out_dir: str | Path | None = None, suffix: str = ".trig", jobs: int | None = None,
                 progress: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Build every document into ``store`` (replacing its graph) or into ``out_dir``."""
    if (store is None) == (out_dir is None):
        raise UsageError("give exactly one of a store or an output folder")
    if out_dir is not None:
        output_format(Path(out_dir) / ("x" + suffix))  # a bad suffix fails before any work
    known = stored_hashes(store) if store is not None else set()
    outcomes: list[Outcome] = []
    todo = []
    for p in paths:
        if known:
            try:
                digest = read_document(p).sha256
            except BudgetKGError as exc:
                _note(outcomes, Outcome(str(p), "failed", error=str(exc)), progress)
                continue
            if digest in known:
                _note(outcomes, Outcome(str(p), "skipped"), progress)
                continue
        todo.append((str(p), base, None if out_dir is None else str(out_dir), suffix))
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
    results = map(_build_one, todo) if workers == 1 else \
        ProcessPoolExecutor(workers).map(_build_one, todo, chunksize=1)
    for result in results:
        outcome, data = result if isinstance(result, tuple) else (result, None)
        if data is not None:
            _replace_graph(store, outcome.graph, data)
        _note(outcomes, outcome, progress)
    if store is not None:
        store.flush()
    return outcomes


def _note(outcomes: list[Outcome], outcome: Outcome, progress) -> None:
    outcomes.append(outcome)
    if progress is not None:
        progress(outcome)


def _replace_graph(store: ox.Store, name: str, nquads: bytes) -> None:
    """One document's graph, whole or not at all: ``load`` is one transaction (``bulk_load``
    is not, and a run killed during it left part of a graph, with its content hash, which the
    next run then took as done). A kill between the two steps leaves the graph missing, and
    the next run builds it again. A graph of the same name holds the same document, skipped
    unless it is missing or incomplete, so nothing whole is lost."""
    store.remove_graph(ox.NamedNode(name))
    store.load(input=nquads, format=ox.RdfFormat.N_QUADS)
