"""Benchmark: project -> catalogue-service mapping against the hand-made gold.

Prints, for the sample (or DOC) and the gold file (tests/data/mapping_gold.tsv):
- precision and recall with the bundled settings (all projects: the settings were chosen looking
  at them, so this is the optimistic figure);
- the leave-one-out figure: for each project, the thresholds are chosen on the other projects
  (grid in budgetkg.mapping.evaluate) and applied to it; the sum over projects is the honest one;
- the per-project table (project, services kept, evidence);
- the mapping time per disclosure (matcher built and every project decided), median of --runs.

    .venv/bin/python benchmarks/bench_mapping.py [--runs 5] [--gold FILE] [DOC]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from pathlib import Path

from budgetkg.mapping.evaluate import GRID, leave_one_out, load_gold, score_rankings
from budgetkg.mapping.graph import documents, read_projects, read_services
from budgetkg.mapping.matcher import Matcher
from budgetkg.pipeline import build_graph
from budgetkg.resources import sample_document

GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "mapping_gold.tsv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("doc", nargs="?", default=str(sample_document()))
    parser.add_argument("--gold", default=str(GOLD))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    g = build_graph(args.doc)
    doc = documents(g)[0]
    projects, services = read_projects(g, doc), read_services(g, doc)
    semantic = None  # lexical only: see the module docstring of budgetkg.mapping.matcher
    def run():
        m = Matcher(services, semantic=semantic)
        return m, [m.rank(p) for p in sorted(projects, key=lambda p: str(p.key))]

    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        matcher, rankings = run()
        times.append(time.perf_counter() - started)
    gold = load_gold(args.gold)
    s = score_rankings(rankings, gold)
    loo, chosen = leave_one_out(matcher, rankings, gold)
    print(f"{len(projects)} projects, {len(services)} services, "
          f"{sum(len(r.matches) for r in rankings)} mappings")
    print(f"bundled settings, all projects:  precision {s.precision:.3f} ({s.right}/{s.kept})  "
          f"recall {s.recall:.3f} ({s.found}/{s.strong})")
    print(f"leave-one-out over projects:     precision {loo.precision:.3f} ({loo.right}/{loo.kept})"
          f"  recall {loo.recall:.3f} ({loo.found}/{loo.strong})")
    common = Counter(chosen).most_common(1)[0]
    print(f"  thresholds chosen most often ({common[1]} of {len(chosen)} folds): "
          + ", ".join(f"{k}={getattr(common[0], k)}" for k in sorted(GRID)))
    print(f"mapping time per disclosure: {statistics.median(times) * 1000:.0f} ms "
          f"(median of {args.runs}{'; model load not included' if semantic else ''})")
    print()
    for r in sorted(rankings, key=lambda r: r.project.name):
        g_row = gold.get(r.project.name)
        codes = " ".join(m.service.code for m in r.matches) or "-"
        want = " ".join(sorted(g_row.strong)) if g_row else "?"
        print(f"{r.project.name}\t{codes}\tgold {want or '-'}"
              + ("\tveto: running costs only" if r.vetoed else ""))
        for m in r.matches:
            print(f"\t{m.service.code} {m.service.label}: {m.comment}")


if __name__ == "__main__":
    main()
