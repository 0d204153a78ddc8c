"""Benchmark: validating the sample disclosure's graph with the bundled shapes.

Prints the median of N runs (wall clock and CPU time of this process) of one validation, from a
built graph in memory to the list of findings, with nothing cached between runs (the shapes are
parsed again each time), next to a baseline measured in the same run on the same machine:
parsing the same graph from Turtle with rdflib. The ratio makes runs on different machines
comparable. Also prints where the time of one run goes.

    .venv/bin/python benchmarks/bench_validate.py [--runs N] [--document PATH]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rdflib import Graph

from budgetkg import labels
from budgetkg.build.pipeline import build_graph
from budgetkg.validate import engine, results, shapes, validate_graphs


def cold() -> None:
    """Forget everything a previous run cached."""
    shapes._parsed.cache_clear()
    labels.ontology_labels.cache_clear()
    results._template_regex.cache_clear()


def timed(fn, runs: int) -> tuple[float, float, object]:
    walls, cpus, result = [], [], None
    for _ in range(runs):
        cold()
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus), result


def stages(graph: Graph) -> dict[str, float]:
    """CPU seconds of the stages of one cold validation."""
    cold()
    out = {}
    c = time.process_time()
    sg = shapes.load_shapes()
    terms = engine.sparql_terms(sg)
    out["load shapes"] = time.process_time() - c
    c = time.process_time()
    view = engine.ValidationGraph(graph, terms)
    out["data view (indexes + Oxigraph copy)"] = time.process_time() - c
    c = time.process_time()
    report = engine.run_pyshacl(graph, sg, terms)
    out["pyshacl (incl. another data view)"] = time.process_time() - c - out["data view (indexes + Oxigraph copy)"]
    c = time.process_time()
    results.findings_from(report, graph, sg)
    out["findings"] = time.process_time() - c
    out["(Oxigraph copy: triples)"] = len(view.sparql_store)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--document", default=str(ROOT / "data" / "sample-disclosure.txt"))
    args = ap.parse_args()

    graph = build_graph(args.document)
    turtle = graph.serialize(format="nt")  # rdflib's N-Triples writer is quick; parse Turtle below
    turtle = Graph().parse(data=turtle, format="nt").serialize(format="turtle")
    print(f"document: {args.document} ({len(graph)} triples), {args.runs} runs each")

    base_wall, base_cpu, _ = timed(lambda: Graph().parse(data=turtle, format="turtle"), args.runs)
    val_wall, val_cpu, rep = timed(lambda: validate_graphs([graph]), args.runs)

    counts = rep.counts()
    print(f"baseline  rdflib parse of the graph's Turtle: median {base_wall:.3f} s wall, "
          f"{base_cpu:.3f} s CPU")
    print(f"validate  sample graph, all shapes, cold:      median {val_wall:.3f} s wall, "
          f"{val_cpu:.3f} s CPU")
    print(f"ratio     validate / baseline:                 {val_wall / base_wall:.2f} wall, "
          f"{val_cpu / base_cpu:.2f} CPU")
    print(f"findings  {counts['Violation']} violations, {counts['Warning']} warnings, "
          f"{counts['Info']} info")
    print("one run, CPU seconds by stage:")
    for name, value in stages(graph).items():
        print(f"    {name:40s} {value:.3f}" if isinstance(value, float) else f"    {name:40s} {value}")


if __name__ == "__main__":
    main()
