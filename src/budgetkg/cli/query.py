"""budgetkg query: run one canned query on a graph file, a store or an endpoint."""

from __future__ import annotations

import sys

import click

from budgetkg.query.catalogue import get_query
from budgetkg.query.params import parse_assignments
from budgetkg.query.results import serialize_results
from budgetkg.query.sources import open_source, run


@click.command()
@click.argument("name")
@click.option("--data", metavar="FILE",
              help="A graph file (.ttl .trig .nt .nq .jsonld), read into an in-memory store.")
@click.option("--store", "store_path", metavar="PATH",
              help="A persistent Oxigraph store folder, filled by `budgetkg load`.")
@click.option("--endpoint", metavar="URL",
              help="A SPARQL 1.1 query endpoint (e.g. Oxigraph's /query) whose default graph "
                   "is the union of the named graphs.")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="Bind a query parameter (repeatable); values are bound as RDF terms.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "tsv"]),
              default="table", show_default=True,
              help="table for people; csv, tsv and json are the SPARQL 1.1 results formats.")
@click.option("--queries-dir", type=click.Path(file_okay=False), default=None,
              help="A folder of .rq files that shadow bundled queries of the same name.")
def query(name, data, store_path, endpoint, params, fmt, queries_dir):
    """Run the canned query NAME (see `budgetkg queries`) on a graph file, a store or an
    endpoint."""

    q = get_query(name, queries_dir)
    bound = parse_assignments(params)
    source = open_source(data=data, store=store_path, endpoint=endpoint)
    out = serialize_results(run(source, q, bound), fmt)
    sys.stdout.buffer.write(out)
    sys.stdout.flush()
