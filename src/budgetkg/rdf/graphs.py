"""Graphs as budgetkg hands them around: one rdflib Graph per document (named by the document's
IRI), the default graph for anything else; and the one rule for naming a document's graph."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import RDF

from budgetkg.vocab import BKG, PREFIXES


def new_graph(identifier: URIRef | None = None) -> Graph:
    """An empty graph with budgetkg's prefixes bound."""
    g = Graph(identifier=identifier)
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def union(graphs: Iterable[Graph]) -> Graph:
    g = new_graph()
    for part in graphs:
        for triple in part:
            g.add(triple)
    return g


def graph_name(g: Graph) -> URIRef | None:
    """The graph's name, or None for a default graph (rdflib names those with a blank node or
    its own default-graph IRI)."""
    ident = g.identifier
    if isinstance(ident, URIRef) and not str(ident).startswith("urn:x-rdflib:"):
        return ident
    return None


def canonical_graphs(graphs: Iterable[Graph]) -> list[Graph]:
    """Graphs whose blank nodes have canonical labels (the graph itself when it has none)."""
    out = []
    for g in graphs:
        if any(isinstance(n, BNode) for t in g for n in t):
            canon = to_canonical_graph(g)
            g2 = Graph(identifier=g.identifier)
            for t in canon:
                g2.add(t)
            g = g2
        out.append(g)
    return out


def split_by_graph(graphs: Iterable[Graph]) -> tuple[list, dict[URIRef, set]]:
    """Default-graph triples, and the triples of each named graph (same-named graphs merged)."""
    default: list = []
    named: dict[URIRef, set] = {}
    for g in canonical_graphs(graphs):
        name = graph_name(g)
        if name is None:
            default.extend(g)
        else:
            named.setdefault(name, set()).update(g)
    return default, named


def merge_by_name(graphs: Iterable[Graph]) -> list[Graph]:
    """One graph per name: the same document read from two files is one named graph, and all
    default-graph triples form one default graph. The given graphs are not modified."""
    groups: dict = {}
    for g in graphs:
        groups.setdefault(graph_name(g), []).append(g)
    out = []
    for name, parts in groups.items():
        if len(parts) == 1:
            out.append(parts[0])
            continue
        merged = new_graph(name)
        for part in parts:
            for t in part:
                merged.add(t)
        out.append(merged)
    return out


def disclosures_in(triples: Iterable) -> set:
    """The subjects typed bkg:Disclosure among ``triples``."""
    return {s for s, p, o in triples if p == RDF.type and o == BKG.Disclosure}


def document_graph_name(triples: Iterable) -> URIRef | None:
    """The name a graph of triples read outside any named graph gets: the IRI of the one
    disclosure they describe (as ``budgetkg build`` names it), or None when they describe none
    or several (callers that must name it say so to the user)."""
    docs = disclosures_in(triples)
    if len(docs) == 1 and isinstance(next(iter(docs)), URIRef):
        return next(iter(docs))
    return None
