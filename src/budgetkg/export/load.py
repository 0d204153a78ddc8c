"""Load a graph file for export: any of build's formats, named graphs merged into one Graph.

pyoxigraph parses (ten times faster than rdflib's parser on budget graphs, see DESIGN.md) and
the triples are handed to an rdflib Graph, which the views read.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from budgetkg.build.model.emit import new_graph
from budgetkg.errors import InputError
from budgetkg.rdf.store import rdf_format

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def rdflib_term(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == XSD_STRING:  # rdflib writes simple literals without a datatype
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def load_graph(path: str | Path) -> Graph:
    """The union of every graph in the file at ``path`` (.ttl .trig .nt .nq .jsonld)."""
    p = Path(path)
    fmt = rdf_format(p, option="GRAPH")
    g = new_graph()
    try:
        for quad in ox.parse(path=str(p), format=fmt):
            g.add((rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object)))
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(f"cannot parse it as RDF ({exc})", path=p) from None
    return g
