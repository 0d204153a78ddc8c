"""Benchmark: building the sample's graph, against a baseline measured in the same run.

The baseline is rdflib parsing the Turtle that the build writes: a standard operation on the same
data, so the ratio says how expensive extraction + modelling + writing is relative to just
reading the result back, independent of how fast this machine is today.

    .venv/bin/python benchmarks/bench_build.py [--runs 5] [DOC]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from rdflib import Graph

from budgetkg.build.pipeline import build_graphs
from budgetkg.rdf.write import write_graphs
from budgetkg.resources import sample_document


def median_seconds(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("doc", nargs="?", default=str(sample_document()))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "graph.ttl"

        def build():
            write_graphs(build_graphs([args.doc]), out)

        def baseline():
            Graph().parse(out, format="turtle")

        build()
        triples = len(Graph().parse(out, format="turtle"))
        b = median_seconds(build, args.runs)
        p = median_seconds(baseline, args.runs)
    print(f"document: {args.doc}")
    print(f"triples written: {triples}")
    print(f"build (read+extract+model+write Turtle), median of {args.runs}: {b:.3f} s")
    print(f"baseline (rdflib parses that Turtle), median of {args.runs}: {p:.3f} s")
    print(f"ratio build/baseline: {b / p:.2f}")


if __name__ == "__main__":
    main()
