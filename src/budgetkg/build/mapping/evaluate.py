"""Measure the mapping against a hand-made gold file: precision, recall, leave-one-out.

The gold file is UTF-8 TSV (``#`` comments, a header line) with at least the columns ``project``
(the name as written), ``strong`` (codes an analyst would sign, space-separated) and
``plausible`` (codes an analyst could accept). Recall counts the strong pairs found; precision
counts a kept pair as right when it is strong or plausible. Projects sharing a name must share
their gold line's codes (the sample's three 工作运行经费 do: none).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import product
from pathlib import Path

from budgetkg.build.mapping.matcher import METHOD_SECTION, Matcher, Ranking, Settings, select
from budgetkg.errors import InputError


@dataclass(frozen=True)
class GoldRow:
    project: str
    strong: frozenset[str]
    plausible: frozenset[str]
    unit: str = ""  # the implementing unit, a natural split of a disclosure's projects


@dataclass(frozen=True)
class Score:
    found: int  # strong pairs kept
    strong: int  # strong pairs in the gold
    right: int  # kept pairs that are strong or plausible
    kept: int  # kept pairs

    @property
    def recall(self) -> float:
        return self.found / self.strong if self.strong else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.kept if self.kept else 1.0

    def __add__(self, o: Score) -> Score:
        return Score(self.found + o.found, self.strong + o.strong, self.right + o.right,
                     self.kept + o.kept)


def load_gold(path: str | Path) -> dict[str, GoldRow]:
    rows: dict[str, GoldRow] = {}
    lines = [ln for ln in Path(path).read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    header = lines[0].split("\t")
    for number, line in enumerate(lines[1:], start=2):
        cells = dict(zip(header, line.split("\t"), strict=False))
        row = GoldRow(cells["project"], frozenset(cells.get("strong", "").split()),
                      frozenset(cells.get("plausible", "").split()), cells.get("unit", ""))
        old = rows.get(row.project)
        if old is not None and (old.strong, old.plausible) != (row.strong, row.plausible):
            raise InputError(f"two gold lines for {row.project!r} disagree", path=path,
                             line=number)
        rows.setdefault(row.project, row)
    return rows


def score_project(codes: Iterable[str], gold: GoldRow) -> Score:
    codes = set(codes)
    return Score(len(codes & gold.strong), len(gold.strong),
                 len(codes & (gold.strong | gold.plausible)), len(codes))


def score_rankings(rankings: Sequence[Ranking], gold: dict[str, GoldRow]) -> Score:
    total = Score(0, 0, 0, 0)
    for r in rankings:
        if r.project.name in gold:
            total += score_project(map(gold_code, r.matches), gold[r.project.name])
    return total


def redecide(r: Ranking, settings: Settings) -> list[str]:
    """The codes the matcher would keep for this ranking's candidates under other settings."""
    if r.vetoed:
        return []
    kept = [c.service.code for c in select(r.section_candidates, settings)]
    if not kept and r.catalogue_candidates:
        kept = [f"{c.service.section_name}:{c.service.code}"
                for c in select(r.catalogue_candidates, settings, name_head_only=True)]
    return kept


def gold_code(m) -> str:
    """The gold names services of the project's own section by code; a service found in
    another section is named with its section, so that its code cannot pass for the own one."""
    if m.method.startswith(METHOD_SECTION):
        return m.service.code
    return f"{m.service.section_name}:{m.service.code}"


GRID = {
    "relative": (0.4, 0.5, 0.6, 0.7, 0.8),
    "name_coverage": (0.0, 0.1, 0.2),
    "head_coverage": (0.3, 0.4, 0.5, 0.6),
    "floor": (0.3, 0.4, 0.5, 0.6),
}


def grid(base: Settings) -> list[Settings]:
    keys = sorted(GRID)
    return [replace(base, **dict(zip(keys, values, strict=True)))
            for values in product(*(GRID[k] for k in keys))]


def f1(s: Score) -> float:
    p, r = s.precision, s.recall
    return 2 * p * r / (p + r) if p + r else 0.0


def held_out(matcher: Matcher, rankings: Sequence[Ranking], gold: dict[str, GoldRow],
             group: Callable[[Ranking], str], objective: Callable[[Score], float] = f1
             ) -> tuple[Score, list[Settings]]:
    """For each group of projects: choose the thresholds on the other groups (best
    ``objective`` over the grid; ties go to the setting nearest the bundled ``relative``), score
    the group with them; the sum over the groups is a held-out figure."""
    rankings = [r for r in rankings if r.project.name in gold]
    settings = grid(matcher.settings)
    table = [[score_project(redecide(r, st), gold[r.project.name]) for r in rankings]
             for st in settings]
    groups = [group(r) for r in rankings]
    total, chosen = Score(0, 0, 0, 0), []
    for held in dict.fromkeys(groups):
        best = max(range(len(settings)), key=lambda j: (
            objective(sum((s for s, g in zip(table[j], groups, strict=True) if g != held),
                          Score(0, 0, 0, 0))),
            -abs(settings[j].relative - matcher.settings.relative)))
        chosen.append(settings[best])
        total += sum((s for s, g in zip(table[best], groups, strict=True) if g == held),
                     Score(0, 0, 0, 0))
    return total, chosen


def leave_one_out(matcher: Matcher, rankings: Sequence[Ranking], gold: dict[str, GoldRow],
                  objective: Callable[[Score], float] = f1) -> tuple[Score, list[Settings]]:
    """Each project held out on its own (thresholds chosen on the other projects)."""
    return held_out(matcher, rankings, gold, lambda r: str(r.project.key), objective)


def leave_one_unit_out(matcher: Matcher, rankings: Sequence[Ranking], gold: dict[str, GoldRow],
                       objective: Callable[[Score], float] = f1) -> tuple[Score, list[Settings]]:
    """Each implementing unit's projects held out together (the sample has three units)."""
    return held_out(matcher, rankings, gold, lambda r: gold[r.project.name].unit, objective)
