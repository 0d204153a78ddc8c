"""The command line: thin commands that parse options and call one library function.

Every user error is a ``BudgetKGError`` raised by the library; it is rendered here, once, as a
single line on stderr with exit code 2. Nothing else prints a traceback at a user.
"""

from __future__ import annotations

import logging
import warnings

import click

from budgetkg import __version__
from budgetkg.cli import (
    build,
    bundle,
    export,
    load,
    mapping,
    publish,
    queries,
    query,
    site,
    validate,
)
from budgetkg.errors import BudgetKGError


class BudgetKGGroup(click.Group):
    """Turns library errors and click's usage errors (a missing argument, a bad option value)
    into one line and exit code 2 (as pyshacl's CLI does for usage)."""

    def parse_args(self, ctx, args):
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            usage_error(ctx, exc)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            usage_error(ctx, exc)
        except BudgetKGError as exc:
            click.echo(f"budgetkg: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:  # pragma: no cover - interactive only
            click.echo("budgetkg: interrupted", err=True)
            ctx.exit(130)


def usage_error(ctx: click.Context, exc: click.UsageError):
    """One line instead of click's usage, hint and error lines; `budgetkg` alone still shows
    the help."""
    if isinstance(exc, getattr(click.exceptions, "NoArgsIsHelpError", ())):
        raise exc
    where = (exc.ctx or ctx).command_path
    click.echo(f"budgetkg: error: {exc.format_message().rstrip('.')} (see '{where} --help')",
               err=True)
    ctx.exit(exc.exit_code)


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


def _register_commands() -> None:
    """Add each command module's command to the group (the modules never import the group)."""
    for command in (build.build, queries.list_queries, query.query, validate.validate_command,
                    export.export_command, export.chart_command, mapping.map_command,
                    publish.publish_command, load.load_command,
                    bundle.publish_bundle_command, site.site_command):
        main.add_command(command)


_register_commands()
