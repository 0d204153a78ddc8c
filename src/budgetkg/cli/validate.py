"""budgetkg validate: audit a disclosure or a graph with the SHACL shapes, print the report."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click
from rdflib import Graph

from budgetkg.validate import Report, check_format, validate_graphs, validate_input
from budgetkg.validate.render import RENDERERS


def write_report(report: Report, fmt: str) -> int:
    """Print the report in ``fmt``; the exit code (pyshacl's: 0 conforms, 1 violations)."""
    sys.stdout.write(RENDERERS[fmt](report))
    sys.stdout.flush()
    return report.exit_code


def run_validation_cli(graphs: Sequence[Graph], fmt: str = "text",
                       shapes_dir: str | Path | None = None,
                       texts: Sequence[list[str] | None] | None = None) -> int:
    """Validate ``graphs``, print the report in ``fmt`` (text, json or ttl), return the exit code."""
    check_format(fmt)
    return write_report(validate_graphs(graphs, shapes_dir, texts), fmt)


@click.command("validate")
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
    check_format(fmt)
    ctx.exit(write_report(validate_input(input_path, shapes_dir), fmt))
