"""Validate document graphs: load the shapes once, run them on each graph, collect the findings."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from budgetkg.build.pipeline import build_graph
from budgetkg.build.readers import read_document
from budgetkg.errors import InputError, UsageError
from budgetkg.rdf.formats import is_graph_file
from budgetkg.rdf.read import load_graphs
from budgetkg.validate.engine import run_pyshacl, sparql_terms
from budgetkg.validate.findings import Finding, Report
from budgetkg.validate.literals import check_well_typed
from budgetkg.validate.render import FORMATS
from budgetkg.validate.results import document_name, findings_from
from budgetkg.validate.shapes import load_shapes
from budgetkg.vocab import BKG


def validate_graph(graph: Graph, shapes: Graph, text_lines: list[str] | None = None,
                   terms: set[str] | None = None) -> list[Finding]:
    """The findings of one document's graph. ``text_lines``: the source document's lines, when
    at hand, to point a finding on a multi-line entity at the line it concerns."""
    check_well_typed(graph, document_name(graph))
    results = run_pyshacl(graph, shapes, terms)
    return findings_from(results, graph, shapes, text_lines)


def validate_graphs(graphs: Sequence[Graph], shapes_dir: str | Path | None = None,
                    texts: Sequence[list[str] | None] | None = None) -> Report:
    """Validate each document graph with the bundled shapes (shadowed by ``shapes_dir``)."""
    shapes = load_shapes(shapes_dir)
    terms = sparql_terms(shapes)
    findings: list[Finding] = []
    documents: list[str] = []
    for i, g in enumerate(graphs):
        documents.append(document_name(g))
        findings.extend(validate_graph(g, shapes, texts[i] if texts else None, terms))
    return Report(findings, documents)


def load_input(path: str | Path) -> tuple[list[Graph], list[list[str] | None]]:
    """INPUT of ``budgetkg validate``: a disclosure (built here, its text kept for line numbers)
    or a graph file written by ``budgetkg build`` (one graph per disclosure in it)."""
    p = Path(path)
    if not p.exists():
        raise UsageError(f"INPUT {str(p)!r}: no such file")
    if p.is_dir():
        raise UsageError(f"INPUT {str(p)!r} is a folder; give a disclosure or a graph file")
    if is_graph_file(p):
        graphs = [g for g in load_graphs(p) if (None, RDF.type, BKG.Disclosure) in g]
        if not graphs:
            raise InputError("the graph holds no disclosure (no bkg:Disclosure); build one with "
                             "`budgetkg build`", path=p)
        for g in graphs:
            check_well_typed(g, p)
        return graphs, [None] * len(graphs)
    text = [line.text for line in read_document(p).lines]
    return [build_graph(p)], [text]


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r} is not a report format; use one of {', '.join(FORMATS)}")
    return fmt


def validate_input(path: str | Path, shapes_dir: str | Path | None = None) -> Report:
    """``budgetkg validate INPUT``: a disclosure or a graph file, validated."""
    graphs, texts = load_input(path)
    return validate_graphs(graphs, shapes_dir, texts)
