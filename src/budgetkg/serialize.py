"""Publish stage, file side: graphs <-> Turtle, TriG, N-Triples, N-Quads or JSON-LD.

The format follows the file extension. budgetkg writes RDF itself rather than through rdflib's
serialisers, for three reasons: the output must be byte-identical across runs (rdflib's JSON-LD
writer orders lists by set iteration), it must be fast enough to write a file per resource for
the static site (rdflib's Turtle writer needs about 3 s for one disclosure), and TriG must share
Turtle's layout exactly. The writers are small because the graphs are simple: every string is
written with escapes on one line (no long strings), so a Turtle block can be indented inside a
TriG graph without touching a literal, and blank nodes (budgetkg mints none, but a loaded graph
may have some) get canonical labels first, so that their order is stable too.

Order, everywhere: subjects by IRI in natural order (``glossary/2`` before ``glossary/10``),
``a`` first, then labels, then the other predicates by prefixed name; objects likewise.
Files are written atomically: a failure never leaves a half-written file where the output should be.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from .errors import InputError, UsageError
from .model.emit import new_graph
from .model.vocab import PREFIXES

FORMATS = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}
QUAD_FORMATS = {"trig", "nquads", "json-ld"}

# Prefixes the writers may use beyond the model's (the dataset description needs these); a
# prefix is declared in a file only when the file uses it.
EXTRA_PREFIXES = {
    "void": "http://rdfs.org/ns/void#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "spdx": "http://spdx.org/rdf/terms#",
    "vann": "http://purl.org/vocab/vann/",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
}
ALL_PREFIXES = {**{k: str(v) for k, v in PREFIXES.items()}, **EXTRA_PREFIXES}
LABEL_FIRST = (RDF.type, RDFS.label, SKOS.prefLabel)

Triple = tuple  # (subject, predicate, object) of rdflib terms


def format_for(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        allowed = ", ".join(sorted(FORMATS))
        raise UsageError(f"cannot tell the output format from {str(path)!r}: use one of {allowed}")
    return FORMATS[suffix]


def union(graphs: Iterable[Graph]) -> Graph:
    g = new_graph()
    for part in graphs:
        for triple in part:
            g.add(triple)
    return g


def dataset(graphs: Iterable[Graph]) -> Dataset:
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    for part in graphs:
        named = ds.graph(part.identifier)
        for triple in part:
            named.add(triple)
    return ds


def graph_name(g: Graph) -> URIRef | None:
    """The graph's name, or None for a default graph (rdflib names those with a blank node or
    its own default-graph IRI)."""
    ident = g.identifier
    if isinstance(ident, URIRef) and not str(ident).startswith("urn:x-rdflib:"):
        return ident
    return None


def render(graphs: list[Graph], fmt: str) -> bytes:
    """Serialise to bytes; the same graphs always give the same bytes."""
    if fmt == "turtle":
        return turtle(triples_of(graphs)).encode("utf-8")
    if fmt == "nt":
        return _sorted_lines(nt_line(t) for t in triples_of(graphs))
    if fmt == "nquads":
        return _sorted_lines(nt_line(t, graph_name(g)) for g in canonical_graphs(graphs) for t in g)
    if fmt == "trig":
        return trig(graphs).encode("utf-8")
    if fmt == "json-ld":
        from .jsonld import to_jsonld

        return to_jsonld(graphs)
    raise UsageError(f"unknown format {fmt!r}")  # pragma: no cover - format_for guards this


def triples_of(graphs: Iterable[Graph]) -> list[Triple]:
    """The union of the graphs' triples, blank nodes relabelled canonically."""
    seen: set[Triple] = set()
    for g in canonical_graphs(graphs):
        seen.update(g)
    return list(seen)


def canonical_graphs(graphs: Iterable[Graph]) -> list[Graph]:
    """Graphs whose blank nodes have canonical labels (the graph itself when it has none)."""
    out = []
    for g in graphs:
        if any(isinstance(n, BNode) for t in g for n in t):
            from rdflib.compare import to_canonical_graph

            canon = to_canonical_graph(g)
            g2 = Graph(identifier=g.identifier)
            for t in canon:
                g2.add(t)
            g = g2
        out.append(g)
    return out


def _sorted_lines(lines: Iterable[str]) -> bytes:
    unique = sorted(set(lines))
    return ("\n".join(unique) + "\n").encode("utf-8") if unique else b""


# --- terms ---------------------------------------------------------------------------------------

_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_STRING_SPECIAL = re.compile(r'[\\"\x00-\x1f\x7f]')
_IRI_SPECIAL = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]+\.[0-9]+")
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


def nt_line(triple: Triple, graph: URIRef | None = None) -> str:
    s, p, o = triple
    parts = [nt_term(s), nt_term(p), nt_term(o)]
    if graph is not None:
        parts.append(nt_term(graph))
    return " ".join(parts) + " ."


class Prefixes:
    """Shortens IRIs to prefixed names and remembers which prefixes were used."""

    def __init__(self, prefixes: dict[str, str] | None = None):
        items = (prefixes or ALL_PREFIXES).items()
        # longest namespace first, so a nested namespace wins over its parent
        self._by_ns = tuple(sorted(((str(ns), p) for p, ns in items), key=lambda x: (-len(x[0]), x[1])))
        self.used: dict[str, str] = {}

    def shorten(self, iri: str) -> str | None:
        found = _shorten(iri, self._by_ns)
        if found is None:
            return None
        prefix, ns, local = found
        self.used[prefix] = ns
        return f"{prefix}:{local}"

    def declarations(self) -> str:
        if not self.used:
            return ""
        width = max(len(p) for p in self.used) + 2
        lines = [f"@prefix {(p + ':').ljust(width)}<{ns}> ." for p, ns in sorted(self.used.items())]
        return "\n".join(lines) + "\n"


@lru_cache(maxsize=65536)
def _shorten(iri: str, by_ns: tuple) -> tuple[str, str, str] | None:
    for ns, prefix in by_ns:
        if iri.startswith(ns) and _LOCAL.fullmatch(iri[len(ns):]):
            return prefix, ns, iri[len(ns):]
    return None


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


# --- order ---------------------------------------------------------------------------------------

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


_ORDER_PREFIXES = Prefixes()


@lru_cache(maxsize=4096)
def predicate_key(p) -> tuple:
    if p in LABEL_FIRST:
        return (LABEL_FIRST.index(p), "")
    return (len(LABEL_FIRST), _ORDER_PREFIXES.shorten(str(p)) or str(p))


def turtle_predicate(p, prefixes: Prefixes) -> str:
    return "a" if p == RDF.type else turtle_term(p, prefixes)


# --- Turtle and TriG -----------------------------------------------------------------------------

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


# --- reading -------------------------------------------------------------------------------------

def load_graphs(path: str | Path) -> list[Graph]:
    """Read a graph file (.ttl .trig .nt .nq .jsonld) back into graphs: one per named graph,
    plus one default graph (identifier None-like) for triples outside any named graph.

    A triple file (Turtle, N-Triples) made from exactly one disclosure is named after that
    disclosure, as ``budgetkg build`` names it, so a Turtle input and a TriG input of the same
    document give the same dataset. Parsing goes through Oxigraph (ten times faster than
    rdflib's parsers); JSON-LD that refers to a remote or relative ``@context`` falls back to
    rdflib, which can resolve it."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(f"{str(p)!r}: unknown RDF file type; use one of {', '.join(sorted(FORMATS))}")
    if not p.is_file():
        raise UsageError(f"{str(p)!r}: no such file")
    try:
        parts = _read_oxigraph(p, FORMATS[suffix])
    except (SyntaxError, ValueError, OSError) as exc:
        if FORMATS[suffix] != "json-ld":
            raise InputError(f"cannot parse it as RDF ({_first_line(exc)})", path=p) from None
        parts = _read_rdflib_jsonld(p)
    parts = {name: triples for name, triples in parts.items() if triples}
    if not parts:
        raise InputError("the file holds no triples", path=p)
    if list(parts) == [None]:
        parts = {_single_document(parts[None]): parts[None]}
    graphs = []
    for name in sorted(parts, key=lambda k: (k is not None, str(k or ""))):
        g = new_graph(name)
        for t in parts[name]:
            g.add(t)
        graphs.append(g)
    return graphs


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _read_oxigraph(p: Path, fmt: str) -> dict:
    """{graph name or None: [triples]}, read by Oxigraph."""
    import pyoxigraph as ox

    ox_format = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG,
                 "nt": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
                 "json-ld": ox.RdfFormat.JSON_LD}[fmt]
    parts: dict = {}
    terms: dict = {}  # Oxigraph term -> rdflib term; a document repeats its terms a lot

    def conv(term):
        found = terms.get(term)
        if found is None:
            found = terms[term] = _from_ox(term)
        return found

    with p.open("rb") as fh:
        for quad in ox.parse(fh, format=ox_format, base_iri=p.resolve().as_uri()):
            name = None if isinstance(quad.graph_name, ox.DefaultGraph) else conv(quad.graph_name)
            parts.setdefault(name, []).append(
                (conv(quad.subject), conv(quad.predicate), conv(quad.object)))
    return parts


def _from_ox(term):
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode()  # one per Oxigraph blank node: the caller memoises by term
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value) if dt == str(XSD.string) else Literal(term.value, datatype=URIRef(dt))
    raise InputError(f"unsupported RDF term {term!r}")  # pragma: no cover - RDF-star only


def _read_rdflib_jsonld(p: Path) -> dict:
    ds = Dataset()
    try:
        ds.parse(p, format="json-ld")
    except Exception as exc:  # noqa: BLE001 - rdflib's JSON-LD parser raises many kinds
        raise InputError(f"cannot parse it as JSON-LD ({_first_line(exc)})", path=p) from None
    parts: dict = {}
    for g in ds.graphs():
        parts.setdefault(graph_name(g), []).extend(g)
    return parts


def _single_document(triples: list) -> URIRef | None:
    """The disclosure a triple file was built from, when there is exactly one."""
    from .model.vocab import BKG

    docs = {s for s, p, o in triples if p == RDF.type and o == BKG.Disclosure}
    return next(iter(docs)) if len(docs) == 1 else None


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


# --- writing -------------------------------------------------------------------------------------

def write_atomic(path: str | Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and rename it into place."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would have
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_graphs(graphs: list[Graph], path: str | Path) -> str:
    fmt = format_for(path)
    write_atomic(path, render(graphs, fmt))
    return fmt
