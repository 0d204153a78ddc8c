"""budgetkg build: disclosures -> their graph file."""

from __future__ import annotations

import sys
import time

import click

from budgetkg.build.pipeline import build_graphs
from budgetkg.build.stats import summarise
from budgetkg.cli.validate import run_validation_cli
from budgetkg.rdf.formats import format_for
from budgetkg.rdf.write import write_graphs
from budgetkg.vocab import DEFAULT_BASE


@click.command()
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

        sys.exit(run_validation_cli(graphs, "text", None))


class _null:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False
