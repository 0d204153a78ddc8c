"""CLI commands: publish (to a SPARQL Graph Store) and load (into a persistent Oxigraph store),
registered on budgetkg.cli.main. Both replace each document's named graph, so running either
again with the same file changes nothing."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import click

from ..cli import main


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
    from ..errors import QueryError
    from ..remote import Endpoint, check_union_default_graph, count_graph, publish_file

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
            check_union_default_graph(check, p.graph)
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
    from ..errors import BudgetKGError
    from ..store import load_file, open_store, rdf_format

    started = time.perf_counter()
    rdf_format(graph, "GRAPH")  # a missing file fails before any store folder is made
    created = not Path(store_path).exists()
    store = open_store(store_path, create=True)
    try:
        loaded = load_file(graph, store)
    except BudgetKGError:
        if created:  # a failed first load leaves no empty store behind
            del store
            shutil.rmtree(store_path, ignore_errors=True)
        raise
    for g in loaded:
        click.echo(f"loaded <{g.target.value}> ({g.triples} triples)")
    click.echo(f"{len(loaded)} graph(s) into {store_path} in "
               f"{time.perf_counter() - started:.2f} s")
