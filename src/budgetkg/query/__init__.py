"""Query stage: canned SPARQL from ``queries/*.rq`` run on Oxigraph, a SPARQL endpoint or rdflib.

``catalogue`` finds the .rq files and reads their headers; ``params`` binds parameters as RDF
terms; ``sources`` runs query text on a store, an endpoint or rdflib's engine; ``results`` turns
answers into SPARQL results formats, text tables and DataFrames.

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

from budgetkg.query.catalogue import CannedQuery, Param, available, get_query
from budgetkg.query.params import bind_values, bindings, parse_assignments, prepare
from budgetkg.query.results import rows, serialize_results, to_frame
from budgetkg.query.sources import LocalSource, Source, open_source, run, run_rdflib

__all__ = ["CannedQuery", "LocalSource", "Param", "Source", "available", "bind_values",
           "bindings", "get_query", "open_source", "parse_assignments", "prepare", "rows", "run",
           "run_rdflib", "serialize_results", "to_frame"]
