"""budgetkg validate: audit a disclosure or a graph with the SHACL shapes, print the report."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click
from rdflib import Graph

from budgetkg.build.corpus import DOCUMENT_SUFFIXES, discover
from budgetkg.errors import UsageError
from budgetkg.rdf.formats import BY_SUFFIX
from budgetkg.rdf.store import open_store
from budgetkg.validate import Report, check_format, validate_graphs, validate_input
from budgetkg.validate.corpus import count_documents, validate_corpus
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
@click.argument("inputs", metavar="INPUT...", nargs=-1, type=click.Path())
@click.option("--store", "store_path", default=None, metavar="PATH",
              help="Also validate every document graph of this Oxigraph store (filled by "
                   "`budgetkg build --store` or `budgetkg load`).")
@click.option("-j", "--jobs", default=None, type=click.IntRange(1, 256),
              help="Documents validated at once, for several INPUTs, a folder or a store "
                   "[default: the number of cores].")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "ttl"]), default="text",
              show_default=True,
              help="text for people (findings by severity, with source lines); json: conforms and "
                   "findings; ttl: the SHACL validation report graph.")
@click.option("--shapes", "shapes_dir", type=click.Path(file_okay=False), default=None,
              help="A folder of .ttl shapes files that shadow the bundled files of the same name "
                   "(and add new ones).")
@click.pass_context
def validate_command(ctx, inputs, store_path, jobs, fmt, shapes_dir):
    """Audit each INPUT, a disclosure (.txt/.md export or .pdf) or a graph file written by
    `budgetkg build`, with the SHACL shapes: structure, codes, arithmetic (within rounding),
    cross-table and narrative consistency, performance targets. A folder stands for the
    disclosures and graph files in it; --store adds a store's documents. Several documents are
    validated in parallel, one report for all. Exit code 0 when nothing is a violation, 1 when
    something is, 2 for usage or input errors (a corpus reports the documents it could not read
    and validates the rest)."""
    check_format(fmt)
    if not inputs and not store_path:
        raise UsageError("give an INPUT (a disclosure, a graph file or a folder) or --store PATH")
    if len(inputs) == 1 and not store_path and not Path(inputs[0]).is_dir():
        ctx.exit(write_report(validate_input(inputs[0], shapes_dir), fmt))
    paths = discover(inputs, DOCUMENT_SUFFIXES + tuple(BY_SUFFIX)) if inputs else []
    store = open_store(store_path) if store_path else None
    with click.progressbar(length=len(paths) + (count_documents(store) if store else 0),
                           label="Validating", file=sys.stderr, show_pos=True) as bar:
        report, failed = validate_corpus(paths, store, shapes_dir=shapes_dir, jobs=jobs,
                                         progress=lambda _outcome: bar.update(1))
    code = write_report(report, fmt)
    for outcome in failed:
        click.echo(f"budgetkg: {outcome.source}: not validated: {outcome.error}", err=True)
    ctx.exit(2 if failed else code)
