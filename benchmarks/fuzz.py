"""Fuzz run: N seeded mutants of a disclosure (through ``budgetkg build``) and of its graph
(through ``budgetkg validate``), each classed as success, clean error (exit 2, one line naming
the file) or failure (a traceback, another exit code, or no answer within the time limit).
Prints the class counts per mutation kind and every failure; exits 1 if there was any.

    .venv/bin/python benchmarks/fuzz.py [--documents 5000] [--graphs 5000] [--seed 1]
                                        [--timeout 30] [--full] [--max-line 10000000]
                                        [--only 1701,1833]

By default the base document is a small disclosure cut from the sample (a build takes a tenth of
a second); ``--full`` mutates the whole sample (about 15 times slower per case). Mutations and
classification are shared with tests/test_fuzz.py (tests/fuzzing.py).
"""

from __future__ import annotations

import argparse
import functools
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import fuzzing
from tests.fuzzing import (
    CLEAN,
    FAILURE,
    SAMPLE,
    SUCCESS,
    base_graph_lines,
    build_case,
    document_mutant,
    graph_mutant,
    mini_document,
    validate_case,
)


def run(label: str, cases, tally: dict, failures: list, only: set[int] | None = None) -> None:
    started = time.process_time()
    slowest: list[tuple[float, str]] = []
    for n, (kind, case) in enumerate(cases):
        if only is not None and n not in only:
            continue  # the mutant was still drawn, so later case numbers keep their mutants
        case_started = time.process_time()
        verdict, detail = case(n)
        slowest = sorted([*slowest, (time.process_time() - case_started, f"{kind} #{n}")],
                         reverse=True)[:5]
        tally[kind][verdict] += 1
        if verdict == FAILURE:
            failures.append(f"{label} {kind} #{n}: {detail}")
    print(f"{label}: {sum(sum(c.values()) for c in tally.values())} cases in "
          f"{time.process_time() - started:.0f} s CPU; slowest: "
          + ", ".join(f"{name} {cpu:.1f} s" for cpu, name in slowest), file=sys.stderr)


def table(label: str, tally: dict) -> str:
    rows = [f"{label:<22}{SUCCESS:>9}{CLEAN:>9}{FAILURE:>9}"]
    total = Counter()
    for kind in sorted(tally):
        c = tally[kind]
        total.update(c)
        rows.append(f"  {kind:<20}{c[SUCCESS]:>9}{c[CLEAN]:>9}{c[FAILURE]:>9}")
    rows.append(f"  {'total':<20}{total[SUCCESS]:>9}{total[CLEAN]:>9}{total[FAILURE]:>9}")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--graphs", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=int, default=30, help="CPU seconds per case")
    parser.add_argument("--full", action="store_true", help="mutate the whole sample")
    parser.add_argument("--max-line", type=int, default=10_000_000,
                        help="the longest inserted line, in characters")
    parser.add_argument("--only", type=lambda s: {int(n) for n in s.split(",") if n.strip()},
                        help="run just these case numbers (comma-separated) of the seeded run, "
                             "to reproduce failures")
    args = parser.parse_args()
    fuzzing.DOCUMENT_MUTATIONS["long_line"] = functools.partial(fuzzing.long_line,
                                                                max_chars=args.max_line)
    text = SAMPLE.read_text(encoding="utf-8")
    base = text if args.full else mini_document(text)
    rng = random.Random(args.seed)
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        docs: dict = defaultdict(Counter)
        data = base.encode("utf-8")

        def document_cases():
            for _ in range(args.documents):
                kind, mutant = document_mutant(rng, data)
                yield kind, lambda n, m=mutant: build_case(folder, n, m, args.timeout)
        run("documents", document_cases(), docs, failures, args.only)

        graphs: dict = defaultdict(Counter)
        lines = base_graph_lines(folder, base)

        def graph_cases():
            for _ in range(args.graphs):
                kind, mutant = graph_mutant(rng, lines)
                yield kind, lambda n, m=mutant: validate_case(folder, n, m, args.timeout)
        run("graphs", graph_cases(), graphs, failures, args.only)
    print(table("documents (build)", docs))
    print(table("graphs (validate)", graphs))
    for line in failures:
        print("FAILURE " + line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
