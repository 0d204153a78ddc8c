"""Corpus validation: many documents, each validated on its own, in parallel over the cores.

Validation is per document (every shape reads one document's graph), and nearly all of its time
is pyshacl's, in Python: one process validates one document at a time, so a corpus is spread over
worker processes, each loading the shapes once. A document is named by a file (a disclosure or a
graph file, built or read in the worker) or is a named graph of a store (read here, in this
process, which holds the store open read-only, and handed to a worker as N-Triples). Reports come
back in the order the documents were given, whatever order the workers finish in, so a corpus
report is as deterministic as a single one. A document that cannot be read is reported as failed
with its error, and the others are validated.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from budgetkg.errors import BudgetKGError
from budgetkg.rdf.graphs import new_graph
from budgetkg.rdf.terms import from_ox, memoised
from budgetkg.validate.engine import sparql_terms
from budgetkg.validate.findings import Finding, Report
from budgetkg.validate.results import document_name
from budgetkg.validate.run import load_input, validate_graph
from budgetkg.validate.shapes import load_shapes
from budgetkg.vocab import BKG

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DISCLOSURE = ox.NamedNode(str(BKG.Disclosure))


@dataclass(frozen=True)
class Checked:
    """One document's outcome: its findings, or the error that kept it from being validated."""

    source: str
    documents: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None


@lru_cache(maxsize=4)
def _shapes(shapes_dir: str | None) -> tuple[Graph, set[str]]:
    """The shapes, loaded once per worker process (and per shapes folder)."""
    shapes = load_shapes(shapes_dir)
    return shapes, sparql_terms(shapes)


def _check(job: tuple[str, str, bytes | None, str | None]) -> Checked:
    """Validate one document: ``("path", path, None, shapes)`` or ``("graph", name, ntriples,
    shapes)``. Runs in a worker process; user errors come back as text, not as exceptions."""
    kind, source, payload, shapes_dir = job
    try:
        shapes, terms = _shapes(shapes_dir)
        if kind == "path":
            graphs, texts = load_input(source)
        else:
            graphs, texts = [_graph_of(source, payload or b"")], [None]
        documents, findings = [], []
        for g, text in zip(graphs, texts):
            documents.append(document_name(g))
            findings.extend(validate_graph(g, shapes, text, terms))
        return Checked(source, documents, findings)
    except BudgetKGError as exc:
        return Checked(source, error=str(exc))


def _graph_of(name: str, ntriples: bytes) -> Graph:
    g = new_graph(URIRef(name))
    conv = memoised(from_ox)
    for t in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES):
        g.add((conv(t.subject), conv(t.predicate), conv(t.object)))
    return g


def store_documents(store: ox.Store, names_only: bool = False) -> Iterator[tuple[str, bytes]]:
    """Each named graph of ``store`` that holds a disclosure, as (graph name, N-Triples), in
    name order (the N-Triples empty with ``names_only``)."""
    names = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)),
                   key=lambda n: n.value)
    for name in names:
        if next(iter(store.quads_for_pattern(None, RDF_TYPE, DISCLOSURE, name)), None) is None:
            continue
        yield name.value, b"" if names_only else store.dump(format=ox.RdfFormat.N_TRIPLES,
                                                            from_graph=name)


def count_documents(store: ox.Store) -> int:
    return sum(1 for _ in store_documents(store, names_only=True))


def validate_corpus(
    paths: Sequence[str | Path] = (),
    store: ox.Store | None = None,
    *,
    shapes_dir: str | Path | None = None,
    jobs: int | None = None,
    progress: Callable[[Checked], None] | None = None,
) -> tuple[Report, list[Checked]]:
    """Validate every document of ``paths`` and of ``store``; the joint report (documents in the
    order given, a store's in graph-name order) and the documents that failed."""
    shapes = None if shapes_dir is None else str(shapes_dir)
    work = _jobs(paths, store, shapes)
    count = len(paths) + (count_documents(store) if store is not None else 0)
    workers = max(1, min(jobs or os.cpu_count() or 1, count))
    if workers == 1:
        return _collect(map(_check, work), progress)
    with ProcessPoolExecutor(workers) as pool:
        return _collect(_in_order(pool, work, window=2 * workers), progress)


def _jobs(paths, store, shapes) -> Iterator[tuple[str, str, bytes | None, str | None]]:
    for p in paths:
        yield "path", str(p), None, shapes
    if store is not None:
        for name, data in store_documents(store):
            yield "graph", name, data, shapes


def _in_order(pool: Executor, work: Iterable, window: int) -> Iterator[Checked]:
    """``pool.map(_check, work)`` with at most ``window`` documents in flight: a store's graphs
    are read as they are needed rather than all at once (``Executor.map`` submits everything)."""
    pending: deque = deque()
    for job in work:
        pending.append(pool.submit(_check, job))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _collect(outcomes, progress) -> tuple[Report, list[Checked]]:
    findings: list[Finding] = []
    documents: list[str] = []
    failed: list[Checked] = []
    for outcome in outcomes:
        if outcome.error is not None:
            failed.append(outcome)
        documents.extend(outcome.documents)
        findings.extend(outcome.findings)
        if progress is not None:
            progress(outcome)
    return Report(findings, documents), failed
