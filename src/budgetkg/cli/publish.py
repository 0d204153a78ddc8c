"""CLI commands: publish (to a SPARQL Graph Store) and load (into a persistent Oxigraph store),
registered on budgetkg.cli.main. Both replace each document's named graph, so running either
again with the same file changes nothing."""

from __future__ import annotations

import time

import click

from budgetkg.cli.app import main


@main.command("publish")
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
    from budgetkg.errors import QueryError
    from budgetkg.publish.remote import Endpoint, count_graph, publish_file

    check = Endpoint(endpoint) if endpoint else None
    started = time.perf_counter()
    published = publish_file(graph, graph_store)
    for p in published:
        note = ""
        if check is not None:
            held = count_graph(check, p.graph)
            if held != p.triples:
                raise QueryError(f"<{p.graph}>: uploaded {p.triples} triples but {endpoint} "
                                 f"holds {held}")
            note = ", checked"
        click.echo(f"published <{p.graph}> ({p.triples} triples, HTTP {p.status}{note})")
    click.echo(f"{len(published)} graph(s) to {graph_store} in "
               f"{time.perf_counter() - started:.2f} s")


@main.command("load")
@click.argument("graph")
@click.option("--store", "store_path", required=True, metavar="PATH",
              help="The persistent Oxigraph store folder (created if missing), for "
                   "`budgetkg query --store`.")
def load_command(graph, store_path):
    """Bulk-load GRAPH (a file written by `budgetkg build`) into a persistent Oxigraph store,
    replacing each of its documents' named graphs."""
    from budgetkg.rdf.store import load_file, open_store

    started = time.perf_counter()
    store = open_store(store_path, create=True)
    loaded = load_file(graph, store)
    for g in loaded:
        click.echo(f"loaded <{g.target.value}> ({g.triples} triples)")
    click.echo(f"{len(loaded)} graph(s) into {store_path} in "
               f"{time.perf_counter() - started:.2f} s")
