"""A bounded, seeded fuzz sample on every test run: mutants of a small disclosure cut from the
sample go through ``budgetkg build``, mutants of its graph through ``budgetkg validate``; each
must end in success or one clean error line naming the file (exit 2), within 30 s. The long run
is benchmarks/fuzz.py; the mutations and the classification are in tests/fuzzing.py."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from tests.fuzzing import (
    CLEAN,
    DOCUMENT_MUTATIONS,
    FAILURE,
    GRAPH_MUTATIONS,
    SUCCESS,
    base_graph_lines,
    build_case,
    document_mutant,
    graph_mutant,
    mini_document,
    validate_case,
)

DOCUMENT_CASES = 64
GRAPH_CASES = 20
SEED = 12


@pytest.fixture(scope="module")
def mini(sample_text) -> str:
    return mini_document(sample_text)


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def report(outcomes: list[tuple[str, str, str]]) -> str:
    counts = Counter(verdict for _, verdict, _ in outcomes)
    failures = [f"  {kind}: {detail}" for kind, verdict, detail in outcomes if verdict == FAILURE]
    return f"{dict(counts)}\n" + "\n".join(failures)


def test_the_mini_document_builds(mini, fuzz_dir):
    verdict, detail = build_case(fuzz_dir, -1, mini.encode("utf-8"))
    assert verdict == SUCCESS, detail


def test_document_mutants_build_or_fail_cleanly(mini, fuzz_dir):
    rng = random.Random(SEED)
    outcomes = []
    for n in range(DOCUMENT_CASES):
        kind, data = document_mutant(rng, mini.encode("utf-8"))
        outcomes.append((kind, *build_case(fuzz_dir, n, data)))
    assert all(verdict != FAILURE for _, verdict, _ in outcomes), report(outcomes)
    # the sample is not vacuous: both outcomes occur, and most kinds of mutation were tried
    verdicts = Counter(verdict for _, verdict, _ in outcomes)
    assert verdicts[SUCCESS] > 0 and verdicts[CLEAN] > 0, verdicts
    assert len({kind for kind, _, _ in outcomes}) >= len(DOCUMENT_MUTATIONS) - 2


def test_graph_mutants_validate_or_fail_cleanly(mini, fuzz_dir):
    rng = random.Random(SEED)
    base = base_graph_lines(fuzz_dir, mini)
    outcomes = []
    for n in range(GRAPH_CASES):
        kind, text = graph_mutant(rng, base)
        outcomes.append((kind, *validate_case(fuzz_dir, n, text)))
    assert all(verdict != FAILURE for _, verdict, _ in outcomes), report(outcomes)
    verdicts = Counter(verdict for _, verdict, _ in outcomes)
    assert verdicts[SUCCESS] > 0 and verdicts[CLEAN] > 0, verdicts
    assert len({kind for kind, _, _ in outcomes}) >= len(GRAPH_MUTATIONS) - 2


# A long line of each shape, inserted where it joins prose, a report table, a project table and
# the catalogue table. 200,000 characters: a quadratic pass over such a line does not end within
# build_case's CPU limit (a 50,000-digit line once took 30 s per prose pattern), a linear one
# takes a fraction of a second.
LONG_LINE = 200_000
LONG_PIECES = ["9", "9\t", "项", "1,234,"]


def insertion_points(lines: list[str]) -> dict[str, list[int]]:
    """Where to insert: before every prose sentence that states a whole and its parts (each
    section reads its prose with other patterns), after the first row of a report table, after
    the first project table's first row and after the catalogue's column header."""
    def after(test) -> list[int]:
        return [next(i for i, ln in enumerate(lines) if test(ln)) + 1]

    return {
        "prose": [i for i, ln in enumerate(lines) if "万元" in ln and "\t" not in ln and "其中" in ln],
        "report table": after(lambda ln: ln.count("\t") >= 3 and re.search(r"\d\.\d", ln)),
        "project table": after(lambda ln: ln.startswith("项目名称\t")),
        "catalogue": after(lambda ln: ln.startswith("代码\t")),
    }


@pytest.mark.parametrize("piece", LONG_PIECES)
def test_a_long_line_anywhere_builds_or_fails_cleanly(mini, fuzz_dir, piece):
    long = piece * (LONG_LINE // len(piece))
    for where, points in insertion_points(mini.split("\n")).items():
        lines = mini.split("\n")
        for at in sorted(points, reverse=True):
            lines.insert(at, long)
        verdict, detail = build_case(fuzz_dir, points[0], "\n".join(lines).encode("utf-8"))
        assert verdict != FAILURE, (where, detail)
        if where == "prose" and "\t" not in piece:
            assert verdict == SUCCESS, detail  # a long line of prose is still prose
