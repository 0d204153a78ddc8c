"""CLI commands: validate (registered on budgetkg.cli.main)."""

from __future__ import annotations

import click

from budgetkg.cli.app import main


@main.command("validate")
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "ttl"]), default="text",
              show_default=True,
              help="text for people (findings by severity, with source lines); json: conforms and "
                   "findings; ttl: the SHACL validation report graph.")
@click.option("--shapes", "shapes_dir", type=click.Path(file_okay=False), default=None,
              help="A folder of .ttl shapes files that shadow the bundled files of the same name "
                   "(and add new ones).")
@click.pass_context
def validate_command(ctx, input_path, fmt, shapes_dir):
    """Audit INPUT, a disclosure (.txt/.md export) or a graph file written by `budgetkg build`,
    with the SHACL shapes: structure, codes, arithmetic (within rounding), cross-table and
    narrative consistency, performance targets. Exit code 0 when nothing is a violation, 1 when
    something is, 2 for usage or input errors."""
    from budgetkg.validate.entry import validate_path

    ctx.exit(validate_path(input_path, fmt, shapes_dir))
