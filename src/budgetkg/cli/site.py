"""CLI commands: publish-bundle and site (registered on budgetkg.cli.main)."""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager

import click

from budgetkg.cli.app import main

LICENCE_HELP = ("Licence IRI, recorded as dcterms:license "
                "[default: CC BY 4.0, https://creativecommons.org/licenses/by/4.0/].")


def _load(paths: tuple[str, ...]):
    from budgetkg.rdf.graphs import merge_by_name
    from budgetkg.rdf.read import load_graphs

    graphs = []
    for path in paths:
        graphs.extend(load_graphs(path))
    return merge_by_name(graphs)


@contextmanager
def _progressbar(items, label):
    """click's progress bar on stderr (shown only on a terminal, as click does)."""
    with click.progressbar(items, label=label, file=sys.stderr, show_pos=True) as bar:
        yield bar


@main.command("publish-bundle")
@click.argument("graphs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False),
              help="Folder to write; replaced only if empty or an earlier bundle.")
@click.option("--format", "formats", multiple=True,
              type=click.Choice(["ttl", "trig", "nt", "nq", "jsonld"]),
              help="Data formats to include (repeatable) [default: all five].")
@click.option("--licence", "--license", "licence", default=None, help=LICENCE_HELP)
@click.option("--title", default=None, help="Dataset title [default: from the documents].")
def publish_bundle_command(graphs, output, formats, licence, title):
    """Write GRAPHS as a publishable bundle: the data in Turtle, TriG, N-Triples, N-Quads and
    JSON-LD, the ontology, SHACL shapes, canned queries, the JSON-LD context, a VoID + DCAT
    description with checksums, and SHA256SUMS. GRAPHS are graph files (.ttl .trig .nt .nq
    .jsonld, e.g. from `budgetkg build`); named graphs are kept.
    """
    from budgetkg.publish.bundle import DATA_FORMATS, publish_bundle
    from budgetkg.publish.describe import DEFAULT_LICENCE

    started = time.perf_counter()
    loaded = _load(graphs)
    report = publish_bundle(loaded, output, formats=tuple(formats) or tuple(DATA_FORMATS),
                            licence=licence or DEFAULT_LICENCE, title=title,
                            progress=lambda name: click.echo(f"  writing {name}", err=True))
    click.echo(f"wrote {output}: {len(report.files)} files, {report.triples} triples in "
               f"{report.graphs} graph(s), {time.perf_counter() - started:.1f} s")


@main.command("site")
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
    from budgetkg.publish.describe import DEFAULT_LICENCE
    from budgetkg.site import generate_site

    started = time.perf_counter()
    loaded = _load(graphs)
    report = generate_site(loaded, output, title=title, licence=licence or DEFAULT_LICENCE,
                           progress=_progressbar)
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(report.pages.items(), key=lambda x: -x[1]))
    click.echo(f"wrote {output}: {report.resource_pages} resource pages ({kinds}), "
               f"{report.index_pages} index pages, {report.files} files, "
               f"{time.perf_counter() - started:.1f} s")
