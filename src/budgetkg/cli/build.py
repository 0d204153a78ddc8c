"""budgetkg build: disclosures -> their graph file, or a corpus -> a store or a folder of files."""

from __future__ import annotations

import sys
import time

import click

from budgetkg.build.corpus import Outcome, build_corpus, discover
from budgetkg.build.pipeline import build_graphs
from budgetkg.build.stats import summarise
from budgetkg.cli.validate import run_validation_cli
from budgetkg.errors import UsageError
from budgetkg.rdf.formats import format_for
from budgetkg.rdf.store import open_store
from budgetkg.rdf.write import write_graphs
from budgetkg.vocab import DEFAULT_BASE


@click.command()
@click.argument("documents", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", default=None,
              help="Output file; the extension picks the format: .ttl .trig .nt .nq .jsonld "
                   "(quad formats keep one named graph per document) [default: graph.ttl].")
@click.option("--store", "store_path", default=None, metavar="PATH",
              help="Corpus mode: build straight into this persistent Oxigraph store (created if "
                   "missing), replacing each document's graph; documents already there with the "
                   "same content are skipped, so an interrupted run resumes.")
@click.option("--out-dir", default=None, type=click.Path(file_okay=False),
              help="Corpus mode: write one graph file per document into this folder.")
@click.option("--suffix", default=".trig", show_default=True,
              help="With --out-dir: the files' extension, which picks their format.")
@click.option("-j", "--jobs", default=None, type=click.IntRange(1, 256),
              help="Corpus mode: documents built at once [default: the number of cores].")
@click.option("--base", default=None, help="Base IRI for minted resources "
              "[default: https://data.budgetkg.org/].")
@click.option("--summary/--no-summary", default=False,
              help="Print counts (triples, projects, units, codes, catalogue entries).")
@click.option("--validate", "validate_after", is_flag=True, default=False,
              help="Validate the built graph with the SHACL shapes afterwards.")
def build(documents, output, store_path, out_dir, suffix, jobs, base, summary, validate_after):
    """Read disclosure DOCUMENTS (UTF-8 or GB18030 text exports; folders are searched) and
    write their graph to one file (-o), or, for a corpus, into a store (--store) or one file
    per document (--out-dir), in parallel, skipping and reporting documents that fail."""
    paths = discover(documents)
    if store_path or out_dir:
        if output or validate_after or summary:
            raise UsageError("-o, --summary and --validate build one file; a corpus build "
                             "(--store or --out-dir) takes none of them")
        sys.exit(_corpus(paths, store_path, out_dir, suffix, jobs, base or DEFAULT_BASE))
    output = output or "graph.ttl"
    format_for(output)  # fail on a bad extension before doing any work
    started = time.perf_counter()
    with click.progressbar(length=len(paths), label="Building", file=sys.stderr,
                           show_pos=True) if len(paths) > 1 else _null() as bar:
        def tick(_path):
            if bar is not None:
                bar.update(1)
        graphs = build_graphs(paths, base=base or DEFAULT_BASE, progress=tick)
    fmt = write_graphs(graphs, output)
    elapsed = time.perf_counter() - started
    if summary:
        click.echo(summarise(graphs, output, fmt, elapsed))
    else:
        click.echo(f"wrote {output} ({fmt}, {sum(len(g) for g in graphs)} triples)")
    if validate_after:
        sys.exit(run_validation_cli(graphs, "text", None))


def _corpus(paths, store_path, out_dir, suffix, jobs, base) -> int:
    """Build a corpus; one line per failed document on stderr; exit code 2 if any failed."""
    if store_path and out_dir:
        raise UsageError("give --store or --out-dir, not both")
    started = time.perf_counter()
    store = open_store(store_path, create=True) if store_path else None
    failed: list[Outcome] = []
    with click.progressbar(length=len(paths), label="Building", file=sys.stderr,
                           show_pos=True) as bar:
        def tick(outcome: Outcome):
            bar.update(1)
            if outcome.status == "failed":
                failed.append(outcome)

        outcomes = build_corpus(paths, base=base, store=store, out_dir=out_dir, suffix=suffix,
                                jobs=jobs, progress=tick)
    for outcome in failed:
        click.echo(f"budgetkg: error: {outcome.error} (skipped)", err=True)
    counts = {s: sum(1 for o in outcomes if o.status == s) for s in ("built", "skipped", "failed")}
    where = store_path or out_dir
    click.echo(f"{counts['built']} built, {counts['skipped']} already there, {counts['failed']} "
               f"failed -> {where} ({sum(o.triples for o in outcomes)} triples, "
               f"{time.perf_counter() - started:.1f} s)")
    return 2 if failed else 0


class _null:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False
