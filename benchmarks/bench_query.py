"""Benchmark: every canned query on Oxigraph against rdflib's own engine, on a budget-shaped
corpus of at least 100k triples, plus parsing the corpus with each.

The corpus is the sample disclosure and copies of it under other department names (so each is a
document of its own with its own named graph, sharing the year's function-code concepts and the
catalogue, as a real corpus of one province and year does), until it holds --triples quads.

    .venv/bin/python benchmarks/bench_query.py [--triples 100000] [--runs 5] [--no-rdflib]
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
import warnings
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from budgetkg.build.pipeline import build_graph
from budgetkg.query.catalogue import available
from budgetkg.query.params import prepare
from budgetkg.query.results import rows
from budgetkg.query.sources import LocalSource, run_rdflib
from budgetkg.rdf.read import read_store
from budgetkg.rdf.write import write_graphs
from budgetkg.resources import sample_document


def corpus(target: int, folder: Path) -> list:
    """The sample and renamed copies of it, built, until they hold ``target`` triples."""
    text = sample_document().read_text(encoding="utf-8")
    dept = re.search(r"^# (.+)$", text, re.MULTILINE).group(1).strip()
    graphs, total, i = [], 0, 0
    while total < target:
        doc = folder / f"doc{i}.txt"
        doc.write_text(text if i == 0 else text.replace(dept, f"{dept}第{i}分局"), encoding="utf-8")
        graphs.append(build_graph(doc))
        total += len(graphs[-1])
        i += 1
    return graphs


def timed(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def params_for(name: str, store: ox.Store) -> dict:
    if name != "provenance":
        return {}
    first = next(iter(store.query("PREFIX bkg: <https://budgetkg.org/ontology#> "
                                  "SELECT ?p WHERE { ?p a bkg:Project } LIMIT 1",
                                  use_default_graph_as_union=True)))
    return {"resource": first["p"].value}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5, help="Oxigraph runs per query (median)")
    parser.add_argument("--no-rdflib", action="store_true", help="skip rdflib's engine")
    args = parser.parse_args()
    warnings.simplefilter("ignore", DeprecationWarning)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        graphs = corpus(args.triples, folder)
        print(f"corpus: {len(graphs)} documents, {sum(len(g) for g in graphs)} quads "
              f"(built in {time.perf_counter() - started:.1f} s)")
        trig, ttl = folder / "corpus.trig", folder / "corpus.ttl"
        write_graphs(graphs, trig)
        write_graphs(graphs, ttl)
        ox_trig, store = timed(lambda: read_store(trig), 3)
        ox_ttl, _ = timed(lambda: read_store(ttl), 3)
        print(f"parse TriG:   Oxigraph {ox_trig:.2f} s", end="")
        if not args.no_rdflib:
            rd_trig, dataset = timed(lambda: _rdflib_dataset(trig), 1)
            rd_ttl, _ = timed(lambda: Graph().parse(ttl, format="turtle"), 1)
            print(f"   rdflib {rd_trig:.2f} s   ({rd_trig / ox_trig:.0f}x)")
            print(f"parse Turtle: Oxigraph {ox_ttl:.2f} s   rdflib {rd_ttl:.2f} s   "
                  f"({rd_ttl / ox_ttl:.0f}x)")
        else:
            print(f"\nparse Turtle: Oxigraph {ox_ttl:.2f} s")
        source = LocalSource(store)
        print(f"\n{'query':28s} {'rows':>6s} {'Oxigraph ms':>12s} {'rdflib ms':>11s} {'ratio':>7s}")
        for name, q in sorted(available().items()):
            text = prepare(q, params_for(name, store))
            ox_s, (_, body) = timed(lambda text=text: rows(source.execute(text)), args.runs)
            line = f"{name:28s} {len(body):6d} {ox_s * 1000:12.1f}"
            if not args.no_rdflib:
                rd_s, (_, other) = timed(lambda text=text: run_rdflib(dataset, text), 1)
                same = "" if len(other) == len(body) else f"  rows differ: {len(other)}"
                line += f" {rd_s * 1000:11.0f} {rd_s / ox_s:6.0f}x{same}"
            print(line)


def _rdflib_dataset(path: Path) -> Dataset:
    ds = Dataset(default_union=True)
    ds.parse(path, format="trig")
    return ds


if __name__ == "__main__":
    main()
