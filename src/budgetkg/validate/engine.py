"""Run pyshacl over one document graph, fast.

Two things make pyshacl slow on a disclosure graph (45,000 triples, 3,000 entities), and the
data graph handed to it here answers both:

* SHACL-SPARQL. pyshacl passes a constraint's query text to the data graph's ``query`` once per
  focus node; rdflib parses it again each time (about 25 ms) and evaluates it in Python. Here
  ``query`` runs on an Oxigraph copy of the triples instead, with the pre-bound variables ($this,
  $currentShape) passed as substitutions: well under a millisecond per focus node, and one query
  for a SPARQL target over the whole document. Only the triples whose predicate (or, for
  rdf:type, whose class) the shapes' SPARQL names are copied, which keeps the copy small; the
  shapes name every predicate they read (see shapes/common.ttl).
* Core constraints. pyshacl looks up the values of a property for each focus node through
  ``Graph.triples``; rdflib's context-aware memory store spends most of that time resolving
  contexts. Here ``triples`` answers from plain subject/predicate/object dictionaries, which are
  the memory store's own indexes when the graph is alone in its store (as every graph budgetkg
  builds or loads is) and a one-pass copy otherwise.

The graph is a read-only view: validation runs without inference and adds nothing to the data.

One more cost is pyshacl's own: before each evaluation of a SPARQL constraint it checks the
query text for forbidden clauses (MINUS, VALUES, SERVICE ...) with regular expressions that
backtrack heavily on long queries, about 3 ms per focus node for the same text every time.
``run_pyshacl`` remembers which texts passed that check for the duration of one validation.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import pyoxigraph as ox
import pyshacl
from rdflib import Graph, URIRef, Variable
from rdflib.namespace import RDF, SH
from rdflib.plugins.stores.memory import Memory
from rdflib.query import Result

from budgetkg.errors import UsageError
from budgetkg.rdf.terms import from_ox, memoised, to_ox

RDF_TYPE = str(RDF.type)
PREFIXED_NAME = re.compile(r"(?<![\w?$:])([A-Za-z][\w-]*):([A-Za-z_][\w-]*)")
FULL_IRI = re.compile(r"<([a-z][a-z0-9+.-]*:[^<>\s]*)>", re.IGNORECASE)


class ValidationGraph(Graph):
    """A read-only view of ``source`` (same store, no copy of the data) for pyshacl: triple
    patterns answered from dictionaries, SPARQL answered by Oxigraph."""

    def __init__(self, source: Graph, sparql_terms: set[str] | None = None):
        super().__init__(store=source.store, identifier=source.identifier,
                         namespace_manager=source.namespace_manager)
        self._spo, self._pos = _indexes(source)
        self.sparql_store = ox.Store()
        self.sparql_store.bulk_extend(_quads(self._pos, sparql_terms))

    def triples(self, triple, context=None):
        s, p, o = triple
        if p is not None and not isinstance(p, URIRef):  # a property path: rdflib evaluates it,
            yield from super().triples(triple)  # calling back here for each step
            return
        if s is not None:
            by_predicate = self._spo.get(s)
            if not by_predicate:
                return
            if p is not None:
                objects = by_predicate.get(p, ())
                if o is None:
                    for x in list(objects):
                        yield s, p, x
                elif o in objects:
                    yield s, p, o
                return
            for p2, objects in list(by_predicate.items()):
                for x in list(objects):
                    if o is None or x == o:
                        yield s, p2, x
        elif p is not None:
            by_object = self._pos.get(p)
            if not by_object:
                return
            if o is not None:
                for x in list(by_object.get(o, ())):
                    yield x, p, o
                return
            for o2, subjects in list(by_object.items()):
                for x in list(subjects):
                    yield x, p, o2
        else:
            yield from super().triples(triple)

    def query(self, query_object, processor="sparql", result="sparql", initNs=None,
              initBindings=None, use_store_provided=True, **kwargs):
        if not isinstance(query_object, str):  # a prepared rdflib query: only rdflib can run it
            return super().query(query_object, processor, result, initNs, initBindings,
                                 use_store_provided, **kwargs)
        substitutions = {ox.Variable(str(k)): to_ox(v) for k, v in (initBindings or {}).items()}
        prefixes = {str(k): str(v) for k, v in (initNs or {}).items()}
        answer = self.sparql_store.query(query_object, substitutions=substitutions,
                                         prefixes=prefixes or None)
        return _result(answer)


def _indexes(source: Graph) -> tuple[dict, dict]:
    """subject -> predicate -> {object} and predicate -> object -> {subject}."""
    store = source.store
    if type(store) is Memory and len(store) == len(source):  # the graph is alone in its store
        spo = getattr(store, "_Memory__spo", None)
        pos = getattr(store, "_Memory__pos", None)
        if isinstance(spo, dict) and isinstance(pos, dict):
            return spo, pos
    spo: dict = {}
    pos: dict = {}
    for s, p, o in source:
        spo.setdefault(s, {}).setdefault(p, {})[o] = 1
        pos.setdefault(p, {}).setdefault(o, {})[s] = 1
    return spo, pos


def _quads(pos: dict, terms: set[str] | None):
    """The triples SPARQL may read, as Oxigraph quads: all of them when ``terms`` is None, else
    those whose predicate is in ``terms`` (rdf:type triples: whose class is)."""
    term = memoised(to_ox)

    for p, by_object in pos.items():
        if terms is not None and str(p) not in terms:
            continue
        is_type = str(p) == RDF_TYPE
        for o, subjects in by_object.items():
            if is_type and terms is not None and str(o) not in terms:
                continue
            po, oo = term(p), term(o)
            for s in subjects:
                yield ox.Quad(term(s), po, oo)


def sparql_terms(shapes: Graph) -> set[str]:
    """Every IRI the shapes' SPARQL queries mention (prefixed names expanded with the declared
    prefixes, rdf:type for the keyword ``a``): what the Oxigraph copy must hold."""
    prefixes = {str(p): str(ns) for decl in shapes.objects(None, SH.declare)
                for p in shapes.objects(decl, SH.prefix) for ns in shapes.objects(decl, SH.namespace)}
    terms = {RDF_TYPE}
    for text in shapes.objects(None, SH.select):
        text = re.sub(r"#[^\n]*", "", str(text))  # comments may mention anything
        for prefix, local in PREFIXED_NAME.findall(text):
            if prefix in prefixes:
                terms.add(prefixes[prefix] + local)
        terms.update(FULL_IRI.findall(text))
    return terms


def _result(answer) -> Result:
    if isinstance(answer, ox.QueryBoolean):
        out = Result("ASK")
        out.askAnswer = bool(answer)
        return out
    if isinstance(answer, ox.QuerySolutions):
        out = Result("SELECT")
        out.vars = [Variable(v.value) for v in answer.variables]
        out.bindings = [
            {var: from_ox(term) for var, term in zip(out.vars, solution) if term is not None}
            for solution in answer
        ]
        return out
    out = Result("CONSTRUCT")
    out.graph = Graph()
    for t in answer:
        out.graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return out


def run_pyshacl(data: Graph, shapes: Graph, terms: set[str] | None = None) -> Graph:
    """Validate ``data`` (left unchanged) against ``shapes``; return the SHACL report graph.
    ``terms``: the IRIs the shapes' SPARQL reads (default: computed from ``shapes``)."""
    view = ValidationGraph(data, sparql_terms(shapes) if terms is None else terms)
    with _checks_remembered(), _shape_errors_as_usage_errors():
        _, report, _ = pyshacl.validate(
            view,
            shacl_graph=shapes,
            inference="none",
            advanced=True,  # sh:SPARQLTarget
            inplace=True,  # no copy of the data graph; nothing is inferred into it
            allow_infos=True,
            allow_warnings=True,
        )
    return report


@contextmanager
def _checks_remembered():
    """Run pyshacl's check of a SPARQL constraint's text once per text, not once per focus node
    (a failing text raises each time, as before)."""
    from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper

    original = SPARQLQueryHelper.check_invalid_sparql
    passed: set = set()

    def check(helper, sparql_text, valuenode=None, extravars=None):
        key = (sparql_text, valuenode is not None, frozenset(extravars or ()))
        if key not in passed:
            original(helper, sparql_text, valuenode=valuenode, extravars=extravars)
            passed.add(key)
        return True

    SPARQLQueryHelper.check_invalid_sparql = check
    try:
        yield
    finally:
        SPARQLQueryHelper.check_invalid_sparql = original


@contextmanager
def _shape_errors_as_usage_errors():
    """A shape pyshacl cannot load, or a SPARQL query Oxigraph cannot parse, is the user's
    --shapes folder at fault (the bundled shapes are tested): one line, exit code 2."""
    from pyshacl.errors import ConstraintLoadError, ReportableRuntimeError, ShapeLoadError

    try:
        yield
    except (ConstraintLoadError, ShapeLoadError, ReportableRuntimeError) as exc:
        raise UsageError(f"the shapes cannot be used: {_first_line(exc)}") from None
    except SyntaxError as exc:
        raise UsageError(f"a SPARQL query of the shapes does not parse: {_first_line(exc)}") from None


def _first_line(exc: Exception) -> str:
    text = str(getattr(exc, "message", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
