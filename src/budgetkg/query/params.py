"""Parameters: values -> RDF terms -> a VALUES block. Bind, never paste.

Each value becomes a term of the parameter's declared type (pyoxigraph validates IRIs and
escapes literals), and the terms enter the query as a ``VALUES`` block at the top of its WHERE
clause. The same mechanism serves every engine, so a query means the same locally, on a remote
endpoint and under rdflib's engine. (pyoxigraph's own ``substitutions`` are not used: they bind a
variable in triple patterns but a FILTER in the same group still sees it unbound.)
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from budgetkg.errors import QueryError, UsageError
from budgetkg.query.catalogue import PARAM_TYPES, CannedQuery, Param
from budgetkg.rdf.prefixes import expand
from budgetkg.rdf.terms import XSD_NS as XSD


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
            return ox.NamedNode(expand(text))
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


def python_term(name: str, value) -> ox.NamedNode | ox.Literal:
    """A keyword parameter of ``kg.sparql`` as an RDF term of the matching XSD type."""
    if isinstance(value, (ox.NamedNode, ox.Literal)):
        return value
    if type(value).__name__ == "URIRef":
        return ox.NamedNode(str(value))
    if hasattr(value, "n3") and hasattr(value, "datatype"):  # an rdflib Literal
        return ox.Literal(str(value), language=value.language,
                          datatype=ox.NamedNode(str(value.datatype)) if value.datatype else None)
    typed = ((bool, "boolean", lambda v: "true" if v else "false"), (int, "integer", str),
             (Decimal, "decimal", lambda v: format(v, "f")), (float, "double", repr),
             (datetime, "dateTime", datetime.isoformat), (date, "date", date.isoformat))
    for kind, xsd_type, lexical in typed:
        if isinstance(value, kind):
            return ox.Literal(lexical(value), datatype=ox.NamedNode(XSD + xsd_type))
    if isinstance(value, str):
        return ox.Literal(value)
    raise UsageError(f"parameter {name}: cannot bind a {type(value).__name__} as an RDF term")
