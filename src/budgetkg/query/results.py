"""Query results for people and programs: SPARQL 1.1 results formats, an aligned text table,
rows of Python values, and DataFrames with typed columns (for notebooks)."""

from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from budgetkg.errors import UsageError
from budgetkg.rdf.prefixes import shorten
from budgetkg.rdf.terms import XSD_NS, python_value


def rows(solutions) -> tuple[list[str], list[tuple]]:
    """(columns, rows of Python values) of pyoxigraph query solutions."""
    columns = [v.value for v in solutions.variables]
    return columns, [tuple(python_value(s[c]) for c in columns) for s in solutions]


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


def table_cell(term) -> str:
    """A cell for people: decimals (amounts) with at least two decimal places (4879.70, not
    4879.7), finer ones (scores) as they are; everything else as its plain value."""
    if isinstance(term, ox.Literal) and term.datatype.value == XSD_NS + "decimal":
        try:
            value = Decimal(term.value)
        except InvalidOperation:
            return term.value
        if value.is_finite() and value.as_tuple().exponent > -2:
            value = value.quantize(Decimal("0.01"))
        return format(value, "f")
    return plain(term)


def render_table(solutions) -> str:
    if isinstance(solutions, ox.QueryBoolean):
        return f"{'true' if bool(solutions) else 'false'}\n"
    columns = [v.value for v in solutions.variables]
    body = [[table_cell(s[c]) for c in columns] for s in solutions]
    widths = [max([_width(c)] + [_width(r[i]) for r in body]) for i, c in enumerate(columns)]

    def fmt(cells):
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()

    out = [fmt(columns), fmt(["-" * w for w in widths])] + [fmt(r) for r in body]
    out.append(f"({len(body)} rows)")
    return "\n".join(out) + "\n"


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def cell(term):
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    return python_value(term)


def to_frame(solutions, exact: bool = False):
    """pyoxigraph query solutions -> a DataFrame with one typed column per variable."""
    import pandas as pd

    columns = [v.value for v in solutions.variables]
    data = [[cell(s[c]) for c in columns] for s in solutions]
    frame = pd.DataFrame({c: typed_column([row[i] for row in data], exact)
                          for i, c in enumerate(columns)}, columns=columns)
    return frame


def typed_column(values: list, exact: bool = False):
    """Pick the column's dtype from its values: nullable Int64 and boolean, float64, str. A
    column of decimals (amounts), or of integers and decimals, is float64, or with ``exact``
    exact Decimal (object), all Decimal."""
    import pandas as pd

    kinds = {type(v) for v in values if v is not None}
    if not kinds:
        return pd.Series(values, dtype=object)
    if kinds == {bool}:
        return pd.array(values, dtype="boolean")
    if kinds == {int}:
        return pd.array(values, dtype="Int64")
    if kinds <= {int, Decimal} and exact:
        return pd.Series([Decimal(v) if isinstance(v, int) else v for v in values], dtype=object)
    if kinds <= {int, float, Decimal}:
        return pd.Series([float("nan") if v is None else float(v) for v in values], dtype="float64")
    if kinds == {str}:
        return pd.array(values, dtype="string")
    return pd.Series(values, dtype=object)
