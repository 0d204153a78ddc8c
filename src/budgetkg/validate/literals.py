"""Ill-typed literals in a graph budgetkg did not build: refused before the shapes run.

A literal whose lexical form does not fit its datatype (``"1.5"^^xsd:integer``,
``"abc"^^xsd:decimal``) has no value, and pyshacl compares values without guarding against that
(sh:lessThanOrEquals raises TypeError). Such a graph is an input error naming the node, the
property and the literal, not a crash."""

from __future__ import annotations

from rdflib import Graph, Literal

from budgetkg.errors import InputError


def check_well_typed(graph: Graph, path: str | None = None) -> None:
    """Raise InputError on the first ill-typed literal (in a stable order)."""
    bad = sorted((str(s), str(p), f'"{o[:80]}"^^<{o.datatype}>') for s, p, o in graph
                 if isinstance(o, Literal) and o.ill_typed)
    if bad:
        s, p, o = bad[0]
        more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
        raise InputError(f"<{s}> <{p}> {o}: the value does not fit its datatype{more}; "
                         "validation needs well-typed literals", path=path)
