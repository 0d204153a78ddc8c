"""The shared context every mapping function writes through: one graph, one minter, provenance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from budgetkg.build.model.iris import Minter
from budgetkg.build.records import Span
from budgetkg.vocab import BKG, PREFIXES


def new_graph(identifier: URIRef | None = None) -> Graph:
    g = Graph(identifier=identifier)
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


@dataclass
class Emitter:
    graph: Graph
    mint: Minter
    doc: URIRef  # the source document's IRI
    year: int | None
    dept: URIRef | None = None

    def add(self, s, p, o) -> None:
        if o is None:
            return
        if not isinstance(o, (URIRef, Literal)) and not hasattr(o, "n3"):
            o = literal(o)
        self.graph.add((s, p, o))

    def text(self, s, p, value: str | None, lang: str = "zh") -> None:
        """Document text in Chinese; blank strings are kept out (absence is the fact)."""
        if value is not None and value.strip():
            self.graph.add((s, p, Literal(value.strip(), lang=lang)))

    def entity(self, s: URIRef, cls: URIRef, span: Span | None, label: str | None = None) -> URIRef:
        """Type an entity and record where it came from: the document and the line span."""
        self.graph.add((s, RDF.type, cls))
        self.graph.add((s, PROV.wasDerivedFrom, self.doc))
        if span is not None and span.start:
            self.graph.add((s, BKG.startLine, Literal(span.start, datatype=XSD.integer)))
            self.graph.add((s, BKG.endLine, Literal(span.end, datatype=XSD.integer)))
        if label is not None:
            self.text(s, RDFS.label, label)
        return s


def literal(value) -> Literal:
    """Python value -> typed literal. Decimals stay exact xsd:decimal; never floats."""
    if isinstance(value, Literal):
        return value
    if isinstance(value, bool):
        return Literal(value, datatype=XSD.boolean)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    if isinstance(value, Decimal):
        return Literal(decimal_lexical(value), datatype=XSD.decimal)
    if isinstance(value, datetime):
        return Literal(value.isoformat(), datatype=XSD.dateTime)
    if isinstance(value, float):  # pragma: no cover - guarded: amounts are never floats
        raise TypeError("floats are not allowed in the graph; use Decimal")
    return Literal(str(value))


def decimal_lexical(value: Decimal) -> str:
    """An xsd:decimal lexical form that keeps the stated precision (12.40 stays 12.40, so the
    graph shows what the document printed) and always has a point, so that Turtle's bare
    decimal syntax round-trips it unchanged (588000 -> 588000.0)."""
    text = format(value, "f")
    if text.startswith("-") and not value:
        text = text[1:]
    return text if "." in text else text + ".0"
