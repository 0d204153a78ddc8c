"""budgetkg publish-bundle: the data in every format with ontology, shapes, queries and a
VoID + DCAT description, ready to put on a web server."""

from __future__ import annotations

import time

import click

from budgetkg.publish.bundle import DATA_FORMATS, publish_bundle
from budgetkg.publish.describe import DEFAULT_LICENCE
from budgetkg.rdf.formats import KEYS
from budgetkg.rdf.read import load_files

LICENCE_HELP = ("Licence IRI, recorded as dcterms:license "
                "[default: CC BY 4.0, https://creativecommons.org/licenses/by/4.0/].")


@click.command("publish-bundle")
@click.argument("graphs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False),
              help="Folder to write; replaced only if empty or an earlier bundle.")
@click.option("--format", "formats", multiple=True,
              type=click.Choice(list(KEYS)),
              help="Data formats to include (repeatable) [default: all five].")
@click.option("--licence", "--license", "licence", default=None, help=LICENCE_HELP)
@click.option("--title", default=None, help="Dataset title [default: from the documents].")
def publish_bundle_command(graphs, output, formats, licence, title):
    """Write GRAPHS as a publishable bundle: the data in Turtle, TriG, N-Triples, N-Quads and
    JSON-LD, the ontology, SHACL shapes, canned queries, the JSON-LD context, a VoID + DCAT
    description with checksums, and SHA256SUMS. GRAPHS are graph files (.ttl .trig .nt .nq
    .jsonld, e.g. from `budgetkg build`); named graphs are kept.
    """
    started = time.perf_counter()
    loaded = load_files(graphs)
    report = publish_bundle(loaded, output, formats=tuple(formats) or tuple(DATA_FORMATS),
                            licence=licence or DEFAULT_LICENCE, title=title,
                            progress=lambda name: click.echo(f"  writing {name}", err=True))
    click.echo(f"wrote {output}: {len(report.files)} files, {report.triples} triples in "
               f"{report.graphs} graph(s), {time.perf_counter() - started:.1f} s")
