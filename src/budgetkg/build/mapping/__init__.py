"""Project -> purchase-service mapping: which catalogue service a budget project buys.

For every project of a disclosure, the purchasable services of the appended catalogue are scored
against the project's name, overview, goals and indicators, each on its own, with synonyms applied
(``matcher.py``, ``synonyms.py`` and the bundled ``lexicon/synonyms.tsv``; the department's own
catalogue section first, then the whole catalogue), the services the evidence supports are kept
with their score, method and explanation, curated overrides confirm or reject pairs
(``overrides.py``), and the result goes into the document's graph (``graph.py``) and, from there,
into an SSSOM table (``sssom.py``). ``evaluate.py`` measures it against a hand-made gold.

Public surface: ``add_mappings`` (the build pipeline calls it on each document's graph),
``rank_graph`` (every project's candidates, for review), ``map_graph_file`` (``budgetkg map``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from budgetkg.build.mapping.graph import (
    documents,
    read_projects,
    read_services,
    remove_mappings,
    write_match,
)
from budgetkg.build.mapping.matcher import Match, Ranking, Settings, match_projects
from budgetkg.build.mapping.overrides import (
    METHOD_CURATED,
    Overrides,
    apply_overrides,
    load_overrides,
    parse_overrides,
)
from budgetkg.build.mapping.semantic import load_model
from budgetkg.build.mapping.sssom import UNSPECIFIED_LICENSE, render_sssom
from budgetkg.build.mapping.synonyms import Synonyms, load_synonyms
from budgetkg.errors import InputError, UsageError
from budgetkg.rdf.formats import format_for
from budgetkg.rdf.graphs import union
from budgetkg.rdf.read import load_graphs
from budgetkg.rdf.write import write_atomic, write_graphs
from budgetkg.vocab import BKG

__all__ = [
    "MapResult",
    "Match",
    "Overrides",
    "Ranking",
    "Settings",
    "Synonyms",
    "add_mappings",
    "load_overrides",
    "load_synonyms",
    "map_graph_file",
    "parse_overrides",
    "rank_graph",
    "render_sssom",
]


def _overrides(overrides: Overrides | str | Path | None) -> Overrides | None:
    if overrides is None or isinstance(overrides, Overrides):
        return overrides
    return load_overrides(overrides)


def _synonyms(synonyms: Synonyms | str | Path | None) -> Synonyms | None:
    if synonyms is None or isinstance(synonyms, Synonyms):
        return synonyms
    return load_synonyms(synonyms)


def rank_graph(graph: Graph, settings: Settings | None = None,
               synonyms: Synonyms | str | Path | None = None) -> list[tuple[URIRef, Ranking]]:
    """Every project of every disclosure in the graph with its candidates and decision."""
    out = []
    synonyms = _synonyms(synonyms)
    for doc in documents(graph):
        projects, services = read_projects(graph, doc), read_services(graph, doc)
        if projects and services:
            out += [(doc, r) for r in match_projects(projects, services, settings, synonyms)]
    return out


def add_mappings(graph: Graph, overrides: Overrides | str | Path | None = None,
                 settings: Settings | None = None,
                 synonyms: Synonyms | str | Path | None = None, semantic=None) -> set[int]:
    """Replace the mappings of every disclosure in ``graph`` with freshly computed ones, curated
    decisions applied. Returns the line numbers of the overrides that found their project and
    service in this graph (a decision for another document's project is simply not used)."""
    overrides = _overrides(overrides)
    synonyms = _synonyms(synonyms)
    used: set[int] = set()
    for doc in documents(graph):
        projects, services = read_projects(graph, doc), read_services(graph, doc)
        remove_mappings(graph, [p.key for p in projects])
        if not projects or not services:
            continue
        matches: list[Match] = [m for r in match_projects(projects, services, settings,
                                                          synonyms, semantic)
                                for m in r.matches]
        matches, lines = apply_overrides(matches, overrides, projects, services)
        used |= lines
        for m in matches:
            write_match(graph, doc, m)
    return used


@dataclass(frozen=True)
class MapResult:
    documents: int
    projects: int
    mappings: int
    curated: int


def map_graph_file(graph_path: str | Path, sssom_path: str | Path,
                   overrides: str | Path | None = None, graph_out: str | Path | None = None,
                   license_iri: str = UNSPECIFIED_LICENSE,
                   synonyms: str | Path | None = None, semantic: bool = False) -> MapResult:
    """``budgetkg map``: read a built graph, recompute its mappings with the overrides applied,
    write the SSSOM table (and the graph with its mappings, if asked), each atomically.
    ``semantic`` adds the optional embedding model (the ``semantic`` extra)."""

    if not str(sssom_path).lower().endswith(".tsv"):
        raise UsageError(f"-o {str(sssom_path)!r}: an SSSOM table is a .tsv file "
                         "(e.g. mappings.sssom.tsv)")
    if graph_out is not None:
        format_for(graph_out)
    decisions = load_overrides(overrides) if overrides is not None else None
    lexicon = load_synonyms(synonyms) if synonyms is not None else None
    model = None
    if semantic:

        model = load_model()
    graphs = load_graphs(graph_path)
    if not any(documents(g) for g in graphs):
        raise InputError("the graph holds no bkg:Disclosure; build it with `budgetkg build`",
                         path=graph_path)
    used: set[int] = set()
    for g in graphs:
        used |= add_mappings(g, decisions, synonyms=lexicon, semantic=model)
    if decisions is not None:
        unused = [o for o in decisions.items if o.line not in used]
        if unused:
            o = unused[0]
            raise InputError(f"override {o.project!r} -> {o.service!r} matches no project and "
                             "service of the graph", path=decisions.path, line=o.line)
    merged = union(graphs)
    write_atomic(sssom_path, render_sssom(merged, license_iri))
    if graph_out is not None:
        write_graphs(graphs, graph_out)
    return summarise(merged)


def summarise(g: Graph) -> MapResult:
    maps = set(g.subjects(RDF.type, BKG.ServiceMapping))
    curated = sum(1 for m in maps if str(g.value(m, BKG.matchMethod)) == METHOD_CURATED)
    return MapResult(len(documents(g)), len(set(g.subjects(RDF.type, BKG.Project))), len(maps),
                     curated)
