"""CLI commands: export (networkx views to graph files) and chart (PNG/SVG), on budgetkg.cli.main."""

from __future__ import annotations

import warnings

import click

from budgetkg.errors import UsageError
from budgetkg.export import load_graph, to_networkx, write_view
from budgetkg.export.charts import chart, chart_format
from budgetkg.export.fonts import CJKFontWarning
from budgetkg.export.names import CHART_KINDS as KINDS
from budgetkg.export.names import FORMATS, HALVES, VIEWS
from budgetkg.export.writers import format_for


@click.command("export")
@click.argument("graph", type=click.Path(dir_okay=False))
@click.option("--view", "view", default="overview", show_default=True, metavar="NAME",
              help=f"Which part of the graph: {', '.join(VIEWS)} (overview: department, units, "
                   "projects and their services; full: every resource).")
@click.option("--format", "fmt", default=None, metavar="FORMAT",
              help=f"{', '.join(FORMATS)} [default: from the output file's extension].")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Output file (.graphml .gexf .cyjs .dot .json .html).")
def export_command(graph, view, fmt, output):
    """Export a VIEW of GRAPH (a file written by `budgetkg build`) for Gephi (graphml, gexf),
    Cytoscape (cyjs, graphml), Graphviz (dot), d3/networkx (json) or the browser (html: one
    self-contained interactive page that works offline)."""

    format_for(output, fmt)  # fail on a bad format before loading anything
    g = to_networkx(_checked_view(view) and load_graph(graph), view)
    used = write_view(g, output, fmt)
    click.echo(f"wrote {output} ({used}, view {view}: {g.number_of_nodes()} nodes, "
               f"{g.number_of_edges()} edges)")


def _checked_view(view: str) -> bool:

    if view not in VIEWS:
        raise UsageError(f"--view {view!r} is not a view; use one of {', '.join(VIEWS)}")
    return True


@click.command("chart")
@click.argument("graph", type=click.Path(dir_okay=False))
@click.option("--kind", required=True, metavar="KIND",
              help="functions (spending by function code, treemap), units (project funds per "
                   "implementing unit) or indicators (indicator profile).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Output file, .png or .svg.")
@click.option("--format", "fmt", default=None, metavar="png|svg",
              help="Image format [default: from the output file's extension].")
@click.option("--document", default=None, metavar="NAME",
              help="The disclosure to chart when GRAPH holds several (file name, IRI or title).")
@click.option("--half", default="annual", show_default=True, metavar="HALF",
              help=f"Indicators of which half of the project tables: {', '.join(HALVES)}.")
def chart_command(graph, kind, output, fmt, document, half):
    """Draw a chart of one disclosure in GRAPH as PNG or SVG."""

    if kind not in KINDS:
        raise UsageError(f"--kind {kind!r} is not a chart; use one of {', '.join(KINDS)}")
    if half not in HALVES:
        raise UsageError(f"--half {half!r}: use one of {', '.join(HALVES)}")
    chart_format(output, fmt)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CJKFontWarning)
        used = chart(load_graph(graph), kind, output, fmt, document, half)
    for w in caught:
        if issubclass(w.category, CJKFontWarning):
            click.echo(f"budgetkg: warning: {w.message}", err=True)
    click.echo(f"wrote {output} ({used} chart: {kind})")
