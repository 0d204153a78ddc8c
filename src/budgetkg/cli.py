"""The command line: thin commands that parse options and call one library function.

Every user error is a ``BudgetKGError`` raised by the library; it is rendered here, once, as a
single line on stderr with exit code 2. Nothing else prints a traceback at a user.
"""

from __future__ import annotations

import logging
import sys
import time
import warnings

import click

from . import __version__
from .errors import BudgetKGError


class BudgetKGGroup(click.Group):
    """Turns library errors into one line and exit code 2 (as pyshacl's CLI does for usage)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BudgetKGError as exc:
            click.echo(f"budgetkg: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:  # pragma: no cover - interactive only
            click.echo("budgetkg: interrupted", err=True)
            ctx.exit(130)


@click.group(cls=BudgetKGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="budgetkg")
def main():
    """budgetkg turns Chinese departmental budget disclosures (部门预算公开) into an RDF
    knowledge graph you can validate, query, publish and look at.

    \b
    Typical session:
      budgetkg build disclosure.txt -o out/graph.ttl --summary
      budgetkg queries
      budgetkg query projects --data out/graph.ttl --format table
    """
    # rdflib logs a traceback (or warns) for each ill-typed literal it reads; budgetkg reports
    # them itself, in one line
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", category=UserWarning, module="rdflib")


@main.command()
@click.argument("documents", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", default="graph.ttl", show_default=True,
              help="Output file; the extension picks the format: .ttl .trig .nt .nq .jsonld "
                   "(quad formats keep one named graph per document).")
@click.option("--base", default=None, help="Base IRI for minted resources "
              "[default: https://data.budgetkg.org/].")
@click.option("--summary/--no-summary", default=False,
              help="Print counts (triples, projects, units, codes, catalogue entries).")
@click.option("--validate", "validate_after", is_flag=True, default=False,
              help="Validate the built graph with the SHACL shapes afterwards.")
def build(documents, output, base, summary, validate_after):
    """Read disclosure DOCUMENTS (UTF-8 or GB18030 text exports) and write their graph."""
    from .model.vocab import DEFAULT_BASE
    from .pipeline import build_graphs
    from .serialize import format_for, write_graphs
    from .stats import summarise

    format_for(output)  # fail on a bad extension before doing any work
    started = time.perf_counter()
    with click.progressbar(length=len(documents), label="Building", file=sys.stderr,
                           show_pos=True) if len(documents) > 1 else _null() as bar:
        def tick(_path):
            if bar is not None:
                bar.update(1)
        graphs = build_graphs(documents, base=base or DEFAULT_BASE, progress=tick)
    fmt = write_graphs(graphs, output)
    elapsed = time.perf_counter() - started
    if summary:
        click.echo(summarise(graphs, output, fmt, elapsed))
    else:
        click.echo(f"wrote {output} ({fmt}, {sum(len(g) for g in graphs)} triples)")
    if validate_after:
        from .validate import run_validation_cli

        sys.exit(run_validation_cli(graphs, "text", None))


class _null:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


@main.command("queries")
@click.option("--queries-dir", type=click.Path(file_okay=False), default=None,
              help="A folder of .rq files that shadow bundled queries of the same name.")
def list_queries(queries_dir):
    """List the canned queries with their parameters and columns."""
    from .query import available

    for name, q in sorted(available(queries_dir).items()):
        click.echo(f"{name}: {q.title}")
        if q.description:
            click.echo(f"    {q.description}")
        for p in q.params:
            default = f", default {p.default}" if p.default else ""
            required = ", required" if p.required else ""
            click.echo(f"    --param {p.name}=<{p.type}{default}{required}>  {p.description}")
        if q.columns:
            click.echo(f"    columns: {', '.join(q.columns)}")


@main.command()
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
    from .query import get_query, open_source, parse_assignments, run, serialize_results

    q = get_query(name, queries_dir)
    bound = parse_assignments(params)
    source = open_source(data=data, store=store_path, endpoint=endpoint)
    out = serialize_results(run(source, q, bound), fmt)
    sys.stdout.buffer.write(out)
    sys.stdout.flush()


def _register_commands() -> None:
    """Import the command modules; each decorates its commands onto ``main``."""
    from .commands import export, mapping, publish, site, validate  # noqa: F401


_register_commands()
