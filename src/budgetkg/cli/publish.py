"""budgetkg publish: upload each document's named graph to a SPARQL Graph Store, replacing it,
so publishing the same file again changes nothing."""

from __future__ import annotations

import time

import click

from budgetkg.publish.graphstore import publish_checked


@click.command("publish")
@click.argument("graph")
@click.option("--graph-store", "graph_store", required=True, metavar="URL",
              help="The server's SPARQL 1.1 Graph Store HTTP Protocol service "
                   "(e.g. Oxigraph's http://HOST:PORT/store).")
@click.option("--endpoint", metavar="URL", default=None,
              help="The server's SPARQL query service (e.g. Oxigraph's /query): if given, each "
                   "uploaded graph's triple count is read back and checked.")
def publish_command(graph, graph_store, endpoint):
    """Upload each document's named graph in GRAPH (a file written by `budgetkg build`),
    replacing the graph of the same name on the server; other graphs are left alone."""
    started = time.perf_counter()
    published = publish_checked(graph, graph_store, endpoint)
    for p in published:
        note = ", checked" if p.checked else ""
        click.echo(f"published <{p.graph}> ({p.triples} triples, HTTP {p.status}{note})")
    click.echo(f"{len(published)} graph(s) to {graph_store} in "
               f"{time.perf_counter() - started:.2f} s")
