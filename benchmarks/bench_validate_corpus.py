"""Benchmark: validating a corpus, one worker versus all cores, and pyshacl versus shacl-rust.

Generates N documents (benchmarks/generate_corpus.py), builds each into a graph file, then
validates the files with ``validate_corpus`` with one worker and with ``--jobs`` workers (wall
clock, seconds per document), next to a baseline measured in the same run: parsing the same
files with rdflib. Then, if the ``shacl-rust`` package is installed, runs it on one document
with the project's shapes and compares CPU time and findings (focus node, shape, severity) with
pyshacl's, the reference: a faster engine is only worth using where its findings are identical.

    .venv/bin/python benchmarks/bench_validate_corpus.py [--documents 8] [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate_corpus import generate
from rdflib import Dataset

from budgetkg.build.corpus import build_corpus
from budgetkg.resources import list_names, resource_dir
from budgetkg.validate import validate_graphs
from budgetkg.validate.corpus import validate_corpus


def wall(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def parse_all(files: list[Path]) -> int:
    n = 0
    for f in files:
        n += len(Dataset().parse(f, format="trig"))
    return n


def compare_shacl_rust(graph_file: Path) -> None:
    try:
        import shacl_rust
    except ImportError:
        print("shacl-rust: not installed (pip install shacl-rust) - comparison skipped")
        return
    from budgetkg.rdf.read import load_graphs

    shapes_text = "\n".join((resource_dir("shapes") / n).read_text(encoding="utf-8")
                            for n in list_names("shapes", ".ttl"))
    data = graph_file.read_text(encoding="utf-8")
    started = time.process_time()
    try:
        report = shacl_rust.validate(data, shapes_text, data_format="trig")
    except Exception as exc:  # noqa: BLE001 - an engine rejecting the shapes is a result
        print(f"shacl-rust: failed on the project's shapes: {str(exc)[:200]}")
        return
    rust_cpu = time.process_time() - started
    started = time.process_time()
    reference = validate_graphs(load_graphs(graph_file))
    py_cpu = time.process_time() - started
    rust = Counter((r["focusNode"].strip("<>"), r["sourceShape"].strip("<>").split("#")[-1],
                    r["severity"].strip("<>").split("#")[-1]) for r in report["results"])
    ours = Counter((f.focus, f.shape.split(":")[-1], f.severity) for f in reference.findings)
    print(f"one document: pyshacl (budgetkg's engine) {py_cpu:.2f} s CPU, "
          f"{len(reference.findings)} findings; shacl-rust {rust_cpu:.2f} s CPU, "
          f"{len(report['results'])} results")
    print(f"    same (focus, shape, severity): {sum((ours & rust).values())}; "
          f"only pyshacl: {sum((ours - rust).values())}; only shacl-rust: "
          f"{sum((rust - ours).values())}")
    messages_filled = all("{?" not in m for r in report["results"] for m in r.get("messages", []))
    print(f"    shacl-rust fills message placeholders: {messages_filled}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--documents", type=int, default=8)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        docs = generate(Path(tmp) / "docs", args.documents)
        out = Path(tmp) / "graphs"
        build_corpus(docs, out_dir=out, suffix=".trig", jobs=args.jobs)
        files = sorted(out.glob("*.trig"))
        base, triples = wall(lambda: parse_all(files))
        one, (report1, _) = wall(lambda: validate_corpus(files, jobs=1))
        many, (report_n, _) = wall(lambda: validate_corpus(files, jobs=args.jobs))
        same = [f.key() for f in report1.findings] == [f.key() for f in report_n.findings]
        n = len(files)
        print(f"corpus: {n} documents, {triples} triples; {os.cpu_count()} cores")
        print(f"baseline  rdflib parse of the files:  {base:7.1f} s wall ({base / n:.2f} s/doc)")
        print(f"validate  1 worker:                   {one:7.1f} s wall ({one / n:.2f} s/doc, "
              f"{one / base:.1f}x baseline)")
        print(f"validate  {args.jobs} workers:                  {many:7.1f} s wall "
              f"({many / n:.2f} s/doc, {many / base:.1f}x baseline, speed-up {one / many:.2f}x)")
        print(f"findings  {len(report1.findings)}; identical and in the same order for 1 and "
              f"{args.jobs} workers: {same}")
        compare_shacl_rust(files[0])


if __name__ == "__main__":
    main()
