"""budgetkg load: bulk-load a graph file into a persistent Oxigraph store, replacing each of its
documents' named graphs, so loading the same file again changes nothing."""

from __future__ import annotations

import time

import click

from budgetkg.rdf.store import load_into


@click.command("load")
@click.argument("graph")
@click.option("--store", "store_path", required=True, metavar="PATH",
              help="The persistent Oxigraph store folder (created if missing), for "
                   "`budgetkg query --store`.")
def load_command(graph, store_path):
    """Bulk-load GRAPH (a file written by `budgetkg build`) into a persistent Oxigraph store,
    replacing each of its documents' named graphs."""
    started = time.perf_counter()
    loaded = load_into(graph, store_path)
    for g in loaded:
        click.echo(f"loaded <{g.target.value}> ({g.triples} triples)")
    click.echo(f"{len(loaded)} graph(s) into {store_path} in "
               f"{time.perf_counter() - started:.2f} s")
