"""Query stage: canned SPARQL from ``queries/*.rq`` run on Oxigraph, a SPARQL endpoint or rdflib.

Each .rq file opens with a header comment (``# title:``, ``# description:``, ``# param:``,
``# columns:``) so the CLI, the docs and the tests can enumerate queries without reading SPARQL.

Parameters are bound as RDF terms, never pasted into the text: each value becomes a term of the
parameter's declared type (pyoxigraph validates IRIs and escapes literals), and the terms enter
the query as a ``VALUES`` block at the top of its WHERE clause. The same mechanism serves every
engine, so a query means the same locally, on a remote endpoint and under rdflib's engine.
(pyoxigraph's own ``substitutions`` are not used: they bind a variable in triple patterns but a
FILTER in the same group still sees it unbound.)

Queries run over the union of the named graphs (one per document), so the same text runs on a
local store and on a remote endpoint started with a union default graph.

Rules for writing a canned query, each learnt from an engine that breaks without it:

- A parameter's variable is used only in the outermost WHERE group (a subquery cannot see the
  VALUES block), and only as something data is matched or filtered against, never as the target
  of a BIND or ``(... AS ?x)``: rdflib's engine evaluates a subquery with the outer bindings in
  scope and lets such an assignment overwrite the parameter.
- Resources several documents share (a year's function codes, the catalogue, organisations) are
  described in each document's graph, and Oxigraph 0.5's union default graph repeats a triple
  once per graph holding it (a bag, not the RDF merge: oxigraph/oxigraph#1919). Read them from
  one graph at a time (``GRAPH ?g { ... }``) and deduplicate (``SELECT DISTINCT`` over an
  identity, before any SUM or COUNT), so that nothing is counted twice.
- No ``STR()`` inside an aggregate over OPTIONAL values (rdflib aggregates an unbound one as the
  string "None"): aggregate the terms, convert afterwards.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from .errors import QueryError, UsageError
from .resources import list_names, read_text

HEADER = re.compile(r"^#\s*(title|description|param|columns):\s*(.*)$")
PARAM = re.compile(r"^(\w+)\s*\(([^)]*)\)\s*:?\s*(.*)$")
PARAM_TYPES = ("integer", "decimal", "string", "iri")
XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass
class Param:
    name: str
    type: str  # integer, decimal, string, iri
    default: str | None
    description: str
    required: bool = False


@dataclass
class CannedQuery:
    name: str
    text: str
    title: str = ""
    description: str = ""
    params: list[Param] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)


# --- the catalogue of canned queries --------------------------------------------------------------


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
        elif last == "param" and q.params:
            q.params[-1].description += " " + line.lstrip("#").strip()
    return q


def parse_param(spec: str) -> Param:
    """``level (integer, optional): ...``, ``scheme (string, default=department): ...``,
    ``resource (iri, required): ...``."""
    m = PARAM.match(spec)
    if not m:
        return Param(spec.split()[0], "string", None, "")
    name, inner, desc = m.groups()
    parts = [p.strip() for p in inner.split(",")]
    default = None
    for p in parts[1:]:
        if p.startswith("default"):
            default = p.split("=", 1)[-1].strip() if "=" in p else p[len("default"):].strip()
    return Param(name, parts[0] or "string", default, desc, required="required" in parts[1:])


def available(queries_dir: str | Path | None = None) -> dict[str, CannedQuery]:
    """All canned queries by name; a user folder shadows bundled queries of the same name."""
    found: dict[str, CannedQuery] = {}
    for name in list_names("queries", ".rq"):
        found[name[:-3]] = parse_header(name[:-3], read_text("queries", name))
    if queries_dir:
        folder = Path(queries_dir)
        if not folder.is_dir():
            raise UsageError(f"--queries-dir {str(folder)!r}: no such folder")
        for p in sorted(folder.glob("*.rq")):
            found[p.stem] = parse_header(p.stem, p.read_text(encoding="utf-8"))
    return found


def get_query(name: str, queries_dir: str | Path | None = None) -> CannedQuery:
    queries = available(queries_dir)
    if name not in queries:
        raise QueryError(f"no canned query {name!r}; available: {', '.join(sorted(queries))}")
    return queries[name]


# --- parameters: values -> RDF terms -> a VALUES block ---------------------------------------------


def term_for(param: Param, value) -> ox.NamedNode | ox.Literal:
    """Turn a parameter value (a string from the command line, or a Python value or RDF term
    from a notebook) into an RDF term of the declared type; reject values of the wrong type."""
    if isinstance(value, (ox.NamedNode, ox.Literal)):
        return value
    if hasattr(value, "n3") and hasattr(value, "toPython"):  # an rdflib term
        value = str(value)
    text = str(value).strip() if param.type != "string" else str(value)
    try:
        if param.type == "integer":
            number = bounded_number(text)
            if isinstance(value, bool) or number != number.to_integral_value():
                raise ValueError
            return ox.Literal(str(int(number)), datatype=ox.NamedNode(XSD + "integer"))
        if param.type == "decimal":
            number = bounded_number(text)
            return ox.Literal(format(number, "f"), datatype=ox.NamedNode(XSD + "decimal"))
        if param.type == "iri":
            return ox.NamedNode(expand_curie(text))
    except (ValueError, ArithmeticError, InvalidOperation):
        raise UsageError(f"--param {param.name}={str(value)!r}: expected {param.type}"
                         + (" (an absolute IRI)" if param.type == "iri" else "")) from None
    if param.type != "string":
        raise QueryError(f"parameter {param.name} has unknown type {param.type!r}; "
                         f"use one of {', '.join(PARAM_TYPES)}")
    return ox.Literal(text)


MAX_PARAM_DIGITS = 40


def bounded_number(text: str) -> Decimal:
    """A finite number of at most MAX_PARAM_DIGITS digits either side of the point; checked
    before any conversion, as ``1e999999999`` would otherwise be expanded to a billion digits."""
    number = Decimal(text) if len(text) <= 4 * MAX_PARAM_DIGITS else Decimal("NaN")
    if (not number.is_finite() or number.adjusted() >= MAX_PARAM_DIGITS
            or number.as_tuple().exponent < -MAX_PARAM_DIGITS):
        raise ValueError(text)
    return number


def expand_curie(text: str) -> str:
    """``bkg:Project`` -> the full IRI, for the prefixes budgetkg binds; anything else as is."""
    from .model.vocab import PREFIXES

    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return str(PREFIXES[prefix]) + local
    return text


def bindings(q: CannedQuery, params: dict[str, object]) -> dict[str, ox.NamedNode | ox.Literal]:
    """Check the parameters against the query's header and turn them into terms; defaults
    fill in what was not given, and a missing required parameter is an error."""
    known = {p.name: p for p in q.params}
    out: dict[str, ox.NamedNode | ox.Literal] = {}
    for key, value in params.items():
        if key not in known:
            allowed = ", ".join(known) or "none"
            raise UsageError(f"--param {key}: query {q.name!r} has no such parameter "
                             f"(allowed: {allowed})")
        if value is not None:
            out[key] = term_for(known[key], value)
    for p in q.params:
        if p.name in out:
            continue
        if p.default not in (None, ""):
            out[p.name] = term_for(p, p.default)
        elif p.required:
            raise UsageError(f"query {q.name!r} needs --param {p.name}=<{p.type}> "
                             f"({p.description or 'required'})")
    return out


TOKEN = re.compile(
    r'(?P<comment>#[^\n]*)'
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r'|(?P<name>[?$]?[\w:.\-]+)'
    r'|(?P<punct>.)',
    re.DOTALL,
)
VARNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def where_brace(text: str) -> int:
    """Offset just after the ``{`` that opens the query's WHERE clause (skipping comments,
    strings and IRIs); -1 when the query has none."""
    braces = parens = 0
    seen_where = seen_form = False
    for m in TOKEN.finditer(text):
        kind, tok = m.lastgroup, m.group()
        if kind == "name" and braces == 0 and parens == 0:
            word = tok.upper()
            seen_where = seen_where or word == "WHERE"
            seen_form = seen_form or word in ("SELECT", "ASK")
        elif kind == "punct":
            if tok == "(":
                parens += 1
            elif tok == ")":
                parens -= 1
            elif tok == "{":
                if braces == 0 and parens == 0 and (seen_where or seen_form):
                    return m.end()
                braces += 1
            elif tok == "}":
                braces -= 1
    return -1


def bind_values(text: str, terms: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """The query with ``VALUES (?a ?b) { (term term) }`` as the first element of its WHERE
    clause. Terms are written in their N-Triples form (IRIs validated, literals escaped), so a
    value cannot end the VALUES block or add anything to the query."""
    if not terms:
        return text
    for name in terms:
        if not VARNAME.match(name):
            raise UsageError(f"parameter name {name!r} is not a SPARQL variable name")
    at = where_brace(text)
    if at < 0:
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    names = " ".join(f"?{n}" for n in terms)
    values = " ".join(str(t) for t in terms.values())
    return f"{text[:at]}\n  VALUES ({names}) {{ ({values}) }}\n{text[at:]}"


def parse_assignments(items) -> dict[str, str]:
    """``--param KEY=VALUE`` options -> a dict; a key given twice is an error."""
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        try:
            item.encode("utf-8")
        except UnicodeEncodeError:  # an argument byte the locale could not decode
            raise UsageError(f"--param {item!r}: not valid text (undecodable bytes)") from None
        if not sep or not key:
            raise UsageError(f"--param {item!r}: expected KEY=VALUE")
        if key in out:
            raise UsageError(f"--param {key}: given twice")
        out[key] = value
    return out


def prepare(q: CannedQuery, params: dict[str, object] | None = None) -> str:
    """The canned query's text with its parameters bound, ready for any engine."""
    return bind_values(q.text, bindings(q, params or {}))


# --- engines ----------------------------------------------------------------------------------------


class Source(Protocol):
    """Where queries run: an embedded store or a remote endpoint. ``execute`` returns
    pyoxigraph results (QuerySolutions, QueryBoolean or QueryTriples) either way."""

    def execute(self, text: str): ...


class LocalSource:
    """An embedded Oxigraph store, queried over the union of its named graphs."""

    def __init__(self, store: ox.Store, label: str = "store"):
        self.store = store
        self.label = label

    def execute(self, text: str):
        try:
            return self.store.query(text, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"not valid SPARQL: {exc}") from None
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"the query failed on {self.label}: {exc}") from None

    def __repr__(self) -> str:
        return f"LocalSource({self.label})"


def open_source(data: str | Path | None = None, store: str | Path | None = None,
                endpoint: str | None = None) -> Source:
    """Exactly one of a graph file, a persistent store folder or an endpoint URL."""
    given = [name for name, v in (("--data", data), ("--store", store), ("--endpoint", endpoint))
             if v]
    if len(given) != 1:
        raise UsageError("give exactly one of --data FILE, --store PATH or --endpoint URL"
                         + (f" (got {' and '.join(given)})" if given else ""))
    if data:
        from .store import read_file

        return LocalSource(read_file(data), str(data))
    if store:
        from .store import open_store

        return LocalSource(open_store(store), str(store))
    from .remote import Endpoint

    return Endpoint(endpoint)


def load_store(path: str | Path, store: ox.Store | None = None) -> ox.Store:
    """Load a graph file into an (in-memory by default) Oxigraph store."""
    from .store import read_file

    return read_file(path, store)


def run(source: Source, q: CannedQuery, params: dict[str, object] | None = None):
    """Run a canned query with its parameters bound; pyoxigraph results."""
    try:
        return source.execute(prepare(q, params))
    except QueryError as exc:
        raise QueryError(f"query {q.name!r}: {exc}") from None


def run_local(store: ox.Store, q: CannedQuery, params: dict[str, str] | None = None):
    return run(LocalSource(store), q, params)


def run_rdflib(graph, text: str) -> tuple[list[str], list[tuple]]:
    """Run query text with rdflib's own SPARQL engine (the cross-check), over the union of a
    Dataset's graphs; (columns, rows of Python values)."""
    import warnings

    from rdflib import Dataset

    if isinstance(graph, Dataset) and not graph.default_union:
        graph.default_union = True
    with warnings.catch_warnings():  # rdflib's engine warns about its own deprecated internals
        warnings.simplefilter("ignore", DeprecationWarning)
        result = graph.query(text)
        columns = [str(v) for v in result.vars]
        body = [tuple(python_value(row[i]) for i in range(len(columns))) for row in result]
    return columns, body


def rows(solutions) -> tuple[list[str], list[tuple]]:
    """(columns, rows of Python values) of pyoxigraph query solutions."""
    columns = [v.value for v in solutions.variables]
    return columns, [tuple(python_value(s[c]) for c in columns) for s in solutions]


# --- terms -> Python values -------------------------------------------------------------------------

INTEGER_TYPES = {XSD + t for t in (
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
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString" if term.language
            else XSD + "string")
    elif type(term).__name__ == "BNode":
        return "_:" + str(term)
    else:
        return str(term)
    return literal_value(lexical, datatype)


def literal_value(lexical: str, datatype: str):
    try:
        if datatype == XSD + "decimal":
            return Decimal(lexical)
        if datatype in INTEGER_TYPES:
            return int(lexical)
        if datatype in (XSD + "double", XSD + "float"):
            return float(lexical)
        if datatype == XSD + "boolean":
            return lexical in ("true", "1")
        if datatype == XSD + "dateTime":
            return datetime.fromisoformat(lexical)
        if datatype == XSD + "date":
            return date.fromisoformat(lexical)
    except (ValueError, InvalidOperation):
        return lexical
    return lexical


# --- serialisation ----------------------------------------------------------------------------------

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


def serialize_results(solutions, fmt: str) -> bytes:
    """SPARQL 1.1 results in JSON, CSV or TSV, or an aligned text table for people."""
    if fmt == "table":
        return render_table(solutions).encode("utf-8")
    if fmt not in RESULT_FORMATS:
        raise UsageError(f"--format {fmt!r}: use one of table, {', '.join(RESULT_FORMATS)}")
    if isinstance(solutions, ox.QueryBoolean):
        raise UsageError("an ASK query gives a boolean; use --format table")
    return solutions.serialize(format=RESULT_FORMATS[fmt])


def plain(term) -> str:
    if term is None:
        return ""
    if isinstance(term, (ox.Literal, ox.NamedNode)):
        return term.value
    return str(term)


def render_table(solutions) -> str:
    if isinstance(solutions, ox.QueryBoolean):
        return f"{'true' if bool(solutions) else 'false'}\n"
    columns = [v.value for v in solutions.variables]
    body = [[plain(s[c]) for c in columns] for s in solutions]
    widths = [max([_width(c)] + [_width(r[i]) for r in body]) for i, c in enumerate(columns)]

    def fmt(cells):
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()

    out = [fmt(columns), fmt(["-" * w for w in widths])] + [fmt(r) for r in body]
    out.append(f"({len(body)} rows)")
    return "\n".join(out) + "\n"


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
