"""budgetkg queries: list the canned queries with their parameters and columns."""

from __future__ import annotations

import click

from budgetkg.query.catalogue import available


@click.command("queries")
@click.option("--queries-dir", type=click.Path(file_okay=False), default=None,
              help="A folder of .rq files that shadow bundled queries of the same name.")
def list_queries(queries_dir):
    """List the canned queries with their parameters and columns."""

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
