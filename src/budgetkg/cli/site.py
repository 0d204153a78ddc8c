"""budgetkg site: a static, offline linked-data site of the graphs."""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager

import click

from budgetkg.publish.describe import DEFAULT_LICENCE
from budgetkg.rdf.read import load_files
from budgetkg.site import generate_site

LICENCE_HELP = ("Licence IRI, recorded as dcterms:license "
                "[default: CC BY 4.0, https://creativecommons.org/licenses/by/4.0/].")


@contextmanager
def _progressbar(items, label):
    """click's progress bar on stderr (shown only on a terminal, as click does)."""
    with click.progressbar(items, label=label, file=sys.stderr, show_pos=True) as bar:
        yield bar


@click.command("site")
@click.argument("graphs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False),
              help="Folder to write; replaced only if empty or an earlier site.")
@click.option("--title", default=None, help="Site title [default: from the documents].")
@click.option("--licence", "--license", "licence", default=None, help=LICENCE_HELP)
def site_command(graphs, output, title, licence):
    """Write a static linked-data site for GRAPHS: a page per department, unit, project,
    indicator, code, catalogue service, table and row, with Turtle and JSON-LD beside each
    page, index pages and the ontology's documentation; works offline. GRAPHS are graph files
    (.ttl .trig .nt .nq .jsonld, e.g. from `budgetkg build`).
    """
    started = time.perf_counter()
    loaded = load_files(graphs)
    report = generate_site(loaded, output, title=title, licence=licence or DEFAULT_LICENCE,
                           progress=_progressbar)
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(report.pages.items(), key=lambda x: -x[1]))
    click.echo(f"wrote {output}: {report.resource_pages} resource pages ({kinds}), "
               f"{report.index_pages} index pages, {report.files} files, "
               f"{time.perf_counter() - started:.1f} s")
