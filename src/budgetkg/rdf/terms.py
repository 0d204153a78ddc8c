"""RDF terms: their N-Triples spelling, a total natural order, conversion between rdflib and
Oxigraph terms (one rule for blank nodes: the label is kept), and Python values of literals."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

XSD_NS = str(XSD)
XSD_STRING = str(XSD.string)
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


_STRING_SPECIAL = re.compile(r'[\\"\x00-\x1f\x7f]')


_IRI_SPECIAL = re.compile(r'[\x00-\x20<>"{}|^`\\]')


_NATURAL = re.compile(r"(\d+)")


def _escape_char(m: re.Match) -> str:
    c = m.group(0)
    return _ECHAR.get(c) or f"\\u{ord(c):04X}"


def quote_string(text: str) -> str:
    """A one-line quoted string, valid in N-Triples, Turtle and TriG."""
    return '"' + _STRING_SPECIAL.sub(_escape_char, text) + '"'


def iri_ref(iri: str) -> str:
    return "<" + _IRI_SPECIAL.sub(lambda m: f"\\u{ord(m.group(0)):04X}", iri) + ">"


@lru_cache(maxsize=1 << 16)
def _iri_ref_cached(iri: str) -> str:
    return iri_ref(iri)


def nt_term(term) -> str:
    if isinstance(term, URIRef):
        return iri_ref(str(term))
    if isinstance(term, BNode):
        return "_:" + _bnode_label(term)
    if isinstance(term, Literal):
        text = quote_string(str(term))
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None:
            return f"{text}^^{iri_ref(str(term.datatype))}"
        return text
    raise TypeError(f"not an RDF term: {term!r}")  # pragma: no cover


def _bnode_label(b: BNode) -> str:
    label = re.sub(r"[^A-Za-z0-9_]", "_", str(b))
    return label if label and label[0].isalpha() else "b" + label


def nt_line(triple: tuple, graph: URIRef | None = None) -> str:
    s, p, o = triple
    parts = [nt_term(s), nt_term(p), nt_term(o)]
    if graph is not None:
        parts.append(nt_term(graph))
    return " ".join(parts) + " ."


def natural_key(text: str) -> tuple:
    """'glossary/10' after 'glossary/2'; the text itself breaks ties, so the order is total."""
    parts = _NATURAL.split(text)
    return tuple(_digits_key(x) if i % 2 else x for i, x in enumerate(parts)), text


def _digits_key(digits: str) -> tuple[int, str]:
    """Orders digit runs as numbers without int(), which refuses runs of over 4,300 digits
    (a 5,000-digit code in a document must sort, not crash)."""
    significant = digits.lstrip("0")
    return len(significant), significant


@lru_cache(maxsize=1 << 18)
def term_key(term) -> tuple:
    """IRIs, then blank nodes, then literals; within each, natural order of the text."""
    if isinstance(term, URIRef):
        return (0, natural_key(str(term)))
    if isinstance(term, BNode):
        return (1, natural_key(str(term)))
    return (2, natural_key(str(term)), term.language or "", str(term.datatype or ""))


# --- rdflib <-> Oxigraph ---------------------------------------------------------------------------

def to_ox(term):
    """An rdflib term as an Oxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(term):
    """An Oxigraph term as an rdflib term. Simple literals come back without a datatype, as
    rdflib's own parsers give them (Oxigraph, following RDF 1.1, types them xsd:string)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value) if dt == XSD_STRING else Literal(term.value, datatype=URIRef(dt))
    raise TypeError(f"unsupported RDF term {term!r}")  # pragma: no cover - RDF-star only


def memoised(convert):
    """``convert`` with a memo: a document repeats its terms a lot."""
    seen: dict = {}

    def conv(term):
        found = seen.get(term)
        if found is None:
            found = seen[term] = convert(term)
        return found

    return conv


def memo_from_ox():
    return memoised(from_ox)


# --- terms -> Python values ------------------------------------------------------------------------

INTEGER_TYPES = {XSD_NS + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte")}


def python_value(term):
    """An RDF term (pyoxigraph or rdflib) as a Python value: exact Decimal for xsd:decimal, int,
    float, bool, datetime/date, str for text and IRIs, None for unbound. A literal whose lexical
    form does not fit its datatype stays a string rather than failing."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        lexical, datatype = term.value, term.datatype.value
    elif isinstance(term, ox.NamedNode):
        return term.value
    elif isinstance(term, ox.BlankNode):
        return "_:" + term.value
    elif hasattr(term, "datatype") and hasattr(term, "language"):  # rdflib Literal
        lexical = str(term)
        datatype = str(term.datatype) if term.datatype else (
            RDF_LANG_STRING if term.language
            else XSD_NS + "string")
    elif type(term).__name__ == "BNode":
        return "_:" + str(term)
    else:
        return str(term)
    return literal_value(lexical, datatype)


def literal_value(lexical: str, datatype: str):
    try:
        if datatype == XSD_NS + "decimal":
            return Decimal(lexical)
        if datatype in INTEGER_TYPES:
            return int(lexical)
        if datatype in (XSD_NS + "double", XSD_NS + "float"):
            return float(lexical)
        if datatype == XSD_NS + "boolean":
            return lexical in ("true", "1")
        if datatype == XSD_NS + "dateTime":
            return datetime.fromisoformat(lexical)
        if datatype == XSD_NS + "date":
            return date.fromisoformat(lexical)
    except (ValueError, InvalidOperation):
        return lexical
    return lexical
