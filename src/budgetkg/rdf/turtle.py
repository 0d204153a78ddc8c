"""Turtle, TriG and N-Triples/N-Quads text, written by budgetkg itself.

budgetkg writes RDF itself rather than through rdflib's serialisers, for three reasons: the
output must be byte-identical across runs, it must be fast enough to write a file per resource
for the static site (rdflib's Turtle writer needs about 3 s for one disclosure), and TriG must
share Turtle's layout exactly. The writers are small because the graphs are simple: every string
is written with escapes on one line (no long strings), so a Turtle block can be indented inside
a TriG graph without touching a literal, and blank nodes (budgetkg mints none, but a loaded graph
may have some) get canonical labels first, so that their order is stable too.

Order, everywhere: subjects by IRI in natural order (``glossary/2`` before ``glossary/10``),
``a`` first, then labels, then the other predicates by prefixed name; objects likewise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from budgetkg.rdf.graphs import canonical_graphs, graph_name, split_by_graph
from budgetkg.rdf.prefixes import Prefixes, _shorten
from budgetkg.rdf.terms import _iri_ref_cached, iri_ref, nt_line, nt_term, quote_string, term_key

LABEL_FIRST = (RDF.type, RDFS.label, SKOS.prefLabel)
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]+\.[0-9]+")

Triple = tuple  # (subject, predicate, object) of rdflib terms


def triples_of(graphs: Iterable[Graph]) -> list[Triple]:
    """The union of the graphs' triples, blank nodes relabelled canonically."""
    seen: set[Triple] = set()
    for g in canonical_graphs(graphs):
        seen.update(g)
    return list(seen)


def _sorted_lines(lines: Iterable[str]) -> bytes:
    unique = sorted(set(lines))
    return ("\n".join(unique) + "\n").encode("utf-8") if unique else b""


def turtle_term(term, prefixes: Prefixes) -> str:
    if isinstance(term, URIRef):
        found = _shorten(str(term), prefixes._by_ns)
        if found is None:
            return _iri_ref_cached(str(term))
        prefix, ns, local = found
        prefixes.used[prefix] = ns
        return f"{prefix}:{local}"
    if isinstance(term, Literal) and not term.language and term.datatype is not None:
        lexical, dt = str(term), term.datatype
        if (dt == XSD.integer and _INTEGER.fullmatch(lexical)) or (
                dt == XSD.decimal and _DECIMAL.fullmatch(lexical)) or (
                dt == XSD.boolean and lexical in ("true", "false")):
            return lexical
        return quote_string(lexical) + "^^" + turtle_term(URIRef(dt), prefixes)
    return nt_term(term)


_ORDER_PREFIXES = Prefixes()


@lru_cache(maxsize=4096)
def predicate_key(p) -> tuple:
    if p in LABEL_FIRST:
        return (LABEL_FIRST.index(p), "")
    return (len(LABEL_FIRST), _ORDER_PREFIXES.shorten(str(p)) or str(p))


def turtle_predicate(p, prefixes: Prefixes) -> str:
    return "a" if p == RDF.type else turtle_term(p, prefixes)


def turtle_blocks(triples: Iterable[Triple], prefixes: Prefixes) -> list[str]:
    """One block per subject, subjects in order; each block ends with ' .'."""
    by_subject: dict = {}
    for s, p, o in triples:
        by_subject.setdefault(s, {}).setdefault(p, []).append(o)
    blocks = []
    for s in sorted(by_subject, key=term_key):
        preds = by_subject[s]
        lines = [turtle_term(s, prefixes)]
        ordered = sorted(preds, key=predicate_key)
        for i, p in enumerate(ordered):
            objs = preds[p]
            if len(objs) > 1:
                objs = sorted(set(objs), key=term_key)
            objects = [turtle_term(o, prefixes) for o in objs]
            head = f"    {turtle_predicate(p, prefixes)} "
            joined = ", ".join(objects)
            if len(head) + len(joined) > 100 and len(objects) > 1:
                joined = (",\n" + " " * 8).join(objects)
            end = " ." if i == len(ordered) - 1 else " ;"
            lines.append(head + joined + end)
        blocks.append("\n".join(lines))
    return blocks


def turtle(triples: Iterable[Triple], prefixes: dict[str, str] | None = None,
           header: str | None = None) -> str:
    """Turtle text: an optional comment header, the prefixes used, one block per subject."""
    px = Prefixes(prefixes)
    body = "\n\n".join(turtle_blocks(triples, px))
    return _comment(header) + px.declarations() + ("\n" + body + "\n" if body else "")


def trig(graphs: list[Graph], prefixes: dict[str, str] | None = None) -> str:
    """TriG: default-graph triples first, then one ``<name> { ... }`` block per named graph in
    IRI order; the graph body is the Turtle layout indented (safe: strings are one-line)."""
    px = Prefixes(prefixes)
    default, named = split_by_graph(graphs)
    parts = []
    if default:
        parts.append("\n\n".join(turtle_blocks(set(default), px)))
    for name in sorted(named, key=term_key):
        blocks = turtle_blocks(named[name], px)
        inner = "\n\n".join(blocks)
        inner = "\n".join(("    " + ln) if ln else ln for ln in inner.split("\n"))
        parts.append(f"{iri_ref(str(name))} {{\n{inner}\n}}")
    head = px.declarations()
    return head + ("\n" + "\n\n".join(parts) + "\n" if parts else "")


def _comment(text: str | None) -> str:
    if not text:
        return ""
    return "".join(f"# {ln}".rstrip() + "\n" for ln in text.splitlines()) + "\n"


def ntriples(graphs: list[Graph]) -> bytes:
    return _sorted_lines(nt_line(t) for t in triples_of(graphs))


def nquads(graphs: list[Graph]) -> bytes:
    return _sorted_lines(nt_line(t, graph_name(g)) for g in canonical_graphs(graphs) for t in g)
