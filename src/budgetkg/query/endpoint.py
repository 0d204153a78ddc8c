"""Remote SPARQL query services, spoken to through SPARQLWrapper.

``Endpoint`` is a SPARQL 1.1 query service (Oxigraph's ``/query``, Fuseki's ``/ds/query`` ...).
Canned queries run on it unchanged; results come back as SPARQL JSON and are parsed by pyoxigraph,
so callers get the same result objects as from a local store. The endpoint must query the union
of its named graphs by default (Oxigraph: ``--union-default-graph``; Fuseki, GraphDB: the same
switch), because budgetkg keeps one named graph per document.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.parse
from contextlib import contextmanager

import pyoxigraph as ox

from budgetkg.errors import QueryError, UsageError

DEFAULT_TIMEOUT = 120


def check_url(url: str, option: str) -> str:
    parts = urllib.parse.urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"{option} {url!r}: expected an http(s) URL such as "
                         "http://127.0.0.1:7878/query")
    return url


class Endpoint:
    """A SPARQL 1.1 query endpoint, spoken to through SPARQLWrapper."""

    def __init__(self, url: str, timeout: int = DEFAULT_TIMEOUT):
        self.url = check_url(url, "--endpoint")
        self.timeout = timeout

    def execute(self, text: str):
        """Run a query; pyoxigraph results, as a local store gives them."""
        from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        sw = SPARQLWrapper(self.url)
        sw.setMethod(POST)
        sw.setTimeout(self.timeout)
        sw.setQuery(text)
        graph_form = sw.queryType in ("CONSTRUCT", "DESCRIBE")
        sw.setReturnFormat(TURTLE if graph_form else JSON)
        with network_errors(f"endpoint {self.url}"):
            try:
                response = sw.query().response
                body = response.read()
            except SPARQLWrapperException as exc:
                raise QueryError(f"endpoint {self.url} refused the query: "
                                 f"{first_line(exc)}") from None
            except urllib.error.HTTPError as exc:
                raise QueryError(f"endpoint {self.url} answered {exc.code} {exc.reason}") from None
        try:
            if graph_form:
                return [q.triple for q in ox.parse(body, format=ox.RdfFormat.TURTLE)]
            return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as exc:
            raise QueryError(f"endpoint {self.url} sent results that do not parse: {exc}") from None

    def check_union_default_graph(self, graph: str | None = None) -> None:
        """Canned queries read the default graph, so it must be the union of the named graphs:
        a triple of a named graph (``graph``, or any) has to be visible there too. Without it
        every canned query would answer nothing, which looks like an answer; say so instead."""
        where = f"GRAPH {ox.NamedNode(graph)}" if graph else "GRAPH ?g"
        found = list(self.execute(f"SELECT ?s ?p ?o WHERE {{ {where} {{ ?s ?p ?o }} }} LIMIT 1"))
        if not found:
            return  # no named graph to tell by
        s, p, o = (found[0][v] for v in ("s", "p", "o"))
        if not bool(self.execute(f"ASK {{ {s} {p} {o} }}")):
            raise QueryError(f"endpoint {self.url}: its default graph is not the union of its "
                             "named graphs, so every canned query would find nothing; start "
                             "Oxigraph with `oxigraph serve --location DIR --union-default-graph` "
                             "(Fuseki, GraphDB: the same switch)")

    def __repr__(self) -> str:
        return f"Endpoint({self.url})"


@contextmanager
def network_errors(service: str):
    """A connection that fails (refused, reset, timed out) or a peer that does not speak HTTP
    becomes one ``QueryError`` line naming ``service``; HTTP error statuses are the caller's."""
    try:
        yield
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise QueryError(f"{service} is unreachable: {reason}") from None
    except http.client.HTTPException as exc:  # something answered, but not HTTP
        raise QueryError(f"{service} did not answer as an HTTP server: "
                         f"{type(exc).__name__} {first_line(exc)[:200]}") from None


def first_line(exc: Exception) -> str:
    text = str(exc).strip()
    for marker in ("Response:\nb'", 'Response:\nb"'):
        if marker in text:
            head, _, body = text.partition(marker)
            body = body.encode().decode("unicode_escape", errors="replace").splitlines()
            return head.splitlines()[0] + (" " + body[0][:200] if body else "")
    return text.splitlines()[0] if text else type(exc).__name__
