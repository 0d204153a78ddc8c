"""The notebook API: ``kg = budgetkg.open(...)``, then ``kg.query("projects")`` -> a DataFrame.

    import budgetkg
    kg = budgetkg.open("data/sample-disclosure.txt") # a disclosure, built into a graph now
    kg = budgetkg.open("out/sample.trig")            # a graph file, read into memory
    kg = budgetkg.open("out/store")                  # a persistent store (budgetkg load)
    kg = budgetkg.open("http://127.0.0.1:7878/query") # a SPARQL endpoint
    kg.query("spending_by_function", level=1)        # a canned query, parameters as keywords
    kg.sparql("SELECT ...", code="201")              # ad-hoc SPARQL, parameters bound the same way
    kg.graph                                         # the rdflib API over the same store (local)

Everything runs through the query module, so a canned query gives the same rows here as on the
command line. DataFrames are for reading and plotting: amounts (xsd:decimal) become float64
columns, so ``df.plot`` and ``describe()`` treat them as numbers (an amount to the cent survives
a double unchanged when printed back), or stay exact ``Decimal`` with ``exact=True``; integers
become a nullable integer column, booleans a nullable boolean column, text and IRIs strings, and
IRIs under a prefix budgetkg binds are shortened (``bkg:CostIndicators``); data IRIs stay whole so
they can be passed back as parameters.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import XSD as RDFLIB_XSD

from budgetkg.build.pipeline import build_graph
from budgetkg.errors import QueryError, UsageError
from budgetkg.export.views import to_networkx
from budgetkg.query.catalogue import available, get_query
from budgetkg.query.endpoint import Endpoint
from budgetkg.query.params import bind_values, prepare, python_term
from budgetkg.query.results import to_frame
from budgetkg.query.sources import LocalSource, Source
from budgetkg.rdf.formats import is_graph_file
from budgetkg.rdf.read import read_store
from budgetkg.rdf.store import open_store
from budgetkg.vocab import PREFIXES

__all__ = ["KnowledgeGraph", "open"]


class KnowledgeGraph:
    """A graph to ask questions of: an embedded Oxigraph store or a remote SPARQL endpoint."""

    def __init__(self, source: Source, *, queries_dir: str | Path | None = None,
                 label: str = ""):
        self.source = source
        self.queries_dir = queries_dir
        self.label = label or repr(source)
        self._graph = None

    # --- asking ------------------------------------------------------------------------------

    def query(self, name: str, /, *, exact: bool = False, **params):
        """Run the canned query ``name`` (see ``kg.queries()``) with keyword parameters; amounts
        as floats, or as exact Decimals with ``exact=True``."""
        q = get_query(name, self.queries_dir)
        result = self._execute(prepare(q, params), f"query {name!r}")
        return self._frame(result, exact)

    def sparql(self, text: str, /, *, exact: bool = False, **params):
        """Run ad-hoc SPARQL over the union of the documents' graphs. Keyword parameters are
        bound as RDF terms (str -> string, int -> integer, Decimal -> decimal, float -> double,
        bool -> boolean, an rdflib URIRef or pyoxigraph NamedNode -> IRI). SELECT gives a
        DataFrame (decimals exact with ``exact=True``), ASK a bool, CONSTRUCT and DESCRIBE an
        rdflib Graph."""
        terms = {name: python_term(name, value) for name, value in params.items()}
        result = self._execute(bind_values(text, terms), "sparql")
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            return self._frame(result, exact)
        return to_rdflib_graph(result)

    def queries(self):
        """The canned queries: name, title, parameters and columns."""
        import pandas as pd

        rows = []
        for name, q in sorted(available(self.queries_dir).items()):
            params = ", ".join(f"{p.name}: {p.type}" + (f" = {p.default}" if p.default else "")
                               + (" (required)" if p.required else "") for p in q.params)
            rows.append({"name": name, "title": q.title, "params": params,
                         "columns": ", ".join(q.columns), "description": q.description})
        return pd.DataFrame(rows, columns=["name", "title", "params", "columns", "description"])

    def _execute(self, text: str, what: str):
        try:
            return self.source.execute(text)
        except QueryError as exc:
            raise QueryError(f"{what}: {exc}") from None

    def _frame(self, solutions, exact: bool = False):
        if isinstance(solutions, ox.QueryBoolean):
            raise QueryError("an ASK query gives a boolean, not a table; use kg.sparql")
        return to_frame(solutions, exact)

    # --- the rdflib side ---------------------------------------------------------------------

    @property
    def store(self) -> ox.Store:
        """The pyoxigraph store (local graphs only)."""
        if not isinstance(self.source, LocalSource):
            raise QueryError(f"{self.label} is a remote endpoint: it has no local store")
        return self.source.store

    @property
    def graph(self):
        """An rdflib Dataset over the same Oxigraph store (oxrdflib), its default graph the
        union of the documents' graphs; local graphs only. rdflib's SPARQL calls go to
        Oxigraph. String literals come back as rdflib's plain literals, as from a parsed file."""
        if self._graph is None:
            self._graph = Dataset(store=PlainLiteralStore(store=self.store), default_union=True)

            for prefix, ns in PREFIXES.items():
                self._graph.bind(prefix, ns, override=True)
        return self._graph

    def to_networkx(self, view: str = "overview"):
        """A networkx view of the graph (see ``budgetkg.export.views``)."""

        return to_networkx(self.graph, view)

    def close(self) -> None:
        self._graph = None
        self.source = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __repr__(self) -> str:
        return f"<budgetkg.KnowledgeGraph {self.label}>"


def open(source, *, queries_dir: str | Path | None = None) -> KnowledgeGraph:
    """Open a graph to query: a disclosure (any file that is not a graph file, e.g. the .txt
    export of one, built here in memory), a graph file (.ttl .trig .nt .nq .jsonld, read into
    memory), a persistent store folder (filled by ``budgetkg load``, opened read-only), an
    http(s) SPARQL query endpoint, a pyoxigraph Store, or an rdflib Graph or Dataset (copied
    into Oxigraph)."""
    if isinstance(source, ox.Store):
        return KnowledgeGraph(LocalSource(source, "pyoxigraph store"), queries_dir=queries_dir)
    if hasattr(source, "serialize") and hasattr(source, "triples"):  # an rdflib graph
        return KnowledgeGraph(LocalSource(from_rdflib(source), "rdflib graph"),
                              queries_dir=queries_dir)
    if not isinstance(source, (str, Path)):
        raise UsageError(f"budgetkg.open: cannot open a {type(source).__name__}; give a graph "
                         "file, a store folder, an endpoint URL, a pyoxigraph Store or an rdflib graph")
    text = str(source)
    if text.startswith(("http://", "https://")):
        remote = Endpoint(text)
        remote.check_union_default_graph()
        return KnowledgeGraph(remote, queries_dir=queries_dir, label=text)
    if Path(text).is_dir():
        store = open_store(text)
    elif is_graph_file(text):
        store = read_store(text, option="budgetkg.open")
    else:
        store = build_disclosure(text)
    return KnowledgeGraph(LocalSource(store, text), queries_dir=queries_dir, label=text)


def build_disclosure(path: str) -> ox.Store:
    """A disclosure (a document ``budgetkg build`` reads) built into an in-memory store, its
    projects mapped to the catalogue, as ``budgetkg build`` would write it."""
    if not Path(path).is_file():
        raise UsageError(f"budgetkg.open {path!r}: no such file, store folder or graph file")
    return from_rdflib(build_graph(path))


# --- conversions ----------------------------------------------------------------------------------


def from_rdflib(graph) -> ox.Store:
    """Copy an rdflib Graph or Dataset into an in-memory Oxigraph store. Named graphs stay named;
    a plain Graph becomes a named graph too (its own IRI, or ``urn:budgetkg:graph``), since the
    canned queries read shared resources one named graph at a time."""
    store = ox.Store()
    if hasattr(graph, "quads") and hasattr(graph, "graphs"):
        data = graph.serialize(format="nquads").encode("utf-8")
        store.bulk_load(input=data, format=ox.RdfFormat.N_QUADS)
        return store
    data = graph.serialize(format="nt").encode("utf-8")
    name = str(getattr(graph, "identifier", ""))
    target = name if name.startswith(("http://", "https://", "urn:", "file:")) else "urn:budgetkg:graph"
    store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(target))
    return store


def to_rdflib_graph(triples):

    g = Graph()
    data = ox.serialize((t.triple if isinstance(t, ox.Quad) else t for t in triples),
                        format=ox.RdfFormat.N_TRIPLES)
    g.parse(data=data.decode("utf-8"), format="nt")
    return g


def _plain(term):
    """rdflib keeps ``"x"`` and ``"x"^^xsd:string`` apart; Oxigraph (RDF 1.1) does not and
    gives every plain literal the xsd:string datatype. Give them back plain, as a parsed file
    would, so that ``Literal("x")`` comparisons in rdflib code hold."""
    if isinstance(term, Literal) and term.datatype == RDFLIB_XSD.string:
        return Literal(str(term))
    return term


class PlainLiteralStore(OxigraphStore):
    """oxrdflib's store, with string literals given back as rdflib's plain literals."""

    def triples(self, triple_pattern, context=None):
        for (s, p, o), ctx in super().triples(triple_pattern, context):
            yield (s, p, _plain(o)), ctx

    def query(self, query, initNs, initBindings, queryGraph, **kwargs):
        result = super().query(query, initNs, initBindings, queryGraph, **kwargs)
        if result.type == "SELECT":
            result.bindings = [{k: _plain(v) for k, v in b.items()} for b in result.bindings]
        return result
