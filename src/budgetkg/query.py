"""Query stage: canned SPARQL from ``queries/*.rq`` run on an embedded Oxigraph store.

Each .rq file opens with a header comment (``# title:``, ``# description:``, ``# param:``,
``# columns:``) so the CLI, the docs and the tests can enumerate queries without reading SPARQL.
Parameters are bound as RDF terms (pyoxigraph ``substitutions``), never pasted into the text.
Queries run over the union of the named graphs, so the same text runs on a local store and on a
remote endpoint started with a union default graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import QueryError, UsageError
from .resources import list_names, read_text

HEADER = re.compile(r"^#\s*(title|description|param|columns):\s*(.*)$")
PARAM = re.compile(r"^(\w+)\s*\(([^)]*)\)\s*:?\s*(.*)$")


@dataclass
class Param:
    name: str
    type: str  # integer, decimal, string, iri
    default: str | None
    description: str


@dataclass
class CannedQuery:
    name: str
    text: str
    title: str = ""
    description: str = ""
    params: list[Param] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)


def parse_header(name: str, text: str) -> CannedQuery:
    q = CannedQuery(name=name, text=text)
    last = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = HEADER.match(line)
        if m:
            last = m.group(1)
            value = m.group(2).strip()
            if last == "title":
                q.title = value
            elif last == "description":
                q.description = value
            elif last == "columns":
                q.columns = [c.strip() for c in value.split(",") if c.strip()]
            elif last == "param":
                q.params.append(parse_param(value))
        elif last == "description":
            q.description += " " + line.lstrip("#").strip()
    return q


def parse_param(spec: str) -> Param:
    m = PARAM.match(spec)
    if not m:
        return Param(spec.split()[0], "string", None, "")
    name, inner, desc = m.groups()
    parts = [p.strip() for p in inner.split(",")]
    default = None
    for p in parts[1:]:
        if p.startswith("default"):
            default = p.split("=", 1)[-1].strip() if "=" in p else p[len("default"):].strip()
    return Param(name, parts[0] or "string", default, desc)


def available(queries_dir: str | Path | None = None) -> dict[str, CannedQuery]:
    """All canned queries by name; a user folder shadows bundled queries of the same name."""
    found: dict[str, CannedQuery] = {}
    for name in list_names("queries", ".rq"):
        found[name[:-3]] = parse_header(name[:-3], read_text("queries", name))
    if queries_dir:
        for p in sorted(Path(queries_dir).glob("*.rq")):
            found[p.stem] = parse_header(p.stem, p.read_text(encoding="utf-8"))
    return found


def get_query(name: str, queries_dir: str | Path | None = None) -> CannedQuery:
    queries = available(queries_dir)
    if name not in queries:
        raise QueryError(f"no canned query {name!r}; available: {', '.join(sorted(queries))}")
    return queries[name]


RDF_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
}


def load_store(path: str | Path, store: ox.Store | None = None) -> ox.Store:
    """Load a graph file into an (in-memory by default) Oxigraph store."""
    p = Path(path)
    fmt = RDF_FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise UsageError(f"--data {str(p)!r}: unknown RDF file type; use one of "
                         f"{', '.join(sorted(RDF_FORMATS))}")
    if not p.is_file():
        raise UsageError(f"--data {str(p)!r}: no such file")
    store = store if store is not None else ox.Store()
    try:
        if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES):
            graph = ox.NamedNode("file://" + str(p.resolve()))
            store.bulk_load(path=str(p), format=fmt, to_graph=graph)
        else:
            store.bulk_load(path=str(p), format=fmt)
    except (SyntaxError, ValueError, OSError) as exc:
        raise UsageError(f"--data {str(p)!r}: cannot parse it as RDF ({exc})") from None
    return store


def term_for(param: Param, value: str) -> ox.NamedNode | ox.Literal:
    """Turn a --param value into an RDF term of the declared type; reject bad values."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    try:
        if param.type == "integer":
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(xsd + "integer"))
        if param.type == "decimal":
            from decimal import Decimal

            return ox.Literal(str(Decimal(value)), datatype=ox.NamedNode(xsd + "decimal"))
        if param.type == "iri":
            return ox.NamedNode(value)
    except (ValueError, ArithmeticError):
        raise UsageError(f"--param {param.name}={value!r}: expected {param.type}") from None
    return ox.Literal(value)


def bindings(q: CannedQuery, params: dict[str, str]) -> dict[ox.Variable, object]:
    known = {p.name: p for p in q.params}
    out: dict[ox.Variable, object] = {}
    for key, value in params.items():
        if key not in known:
            allowed = ", ".join(known) or "none"
            raise UsageError(f"--param {key}: query {q.name!r} has no such parameter (allowed: {allowed})")
        out[ox.Variable(key)] = term_for(known[key], value)
    for p in q.params:
        if p.name not in params and p.default not in (None, ""):
            out[ox.Variable(p.name)] = term_for(p, p.default)
    return out


def run_local(store: ox.Store, q: CannedQuery, params: dict[str, str] | None = None):
    try:
        return store.query(q.text, use_default_graph_as_union=True,
                           substitutions=bindings(q, params or {}))
    except SyntaxError as exc:
        raise QueryError(f"query {q.name!r} is not valid SPARQL: {exc}") from None


RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


def serialize_results(solutions, fmt: str) -> bytes:
    """SPARQL 1.1 results in JSON, CSV or TSV, or an aligned text table for people."""
    if fmt == "table":
        return render_table(solutions).encode("utf-8")
    return solutions.serialize(format=RESULT_FORMATS[fmt])


def plain(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


def render_table(solutions) -> str:
    columns = [v.value for v in solutions.variables]
    rows = [[plain(s[c]) for c in columns] for s in solutions]
    widths = [max([_width(c)] + [_width(r[i]) for r in rows]) for i, c in enumerate(columns)]
    def fmt(cells):
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()
    out = [fmt(columns), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows]
    out.append(f"({len(rows)} rows)")
    return "\n".join(out) + "\n"


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
