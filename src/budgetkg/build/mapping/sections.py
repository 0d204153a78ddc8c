"""Which catalogue section is a department's own: 吕梁市行政审批服务管理局 -> 行政审批,
市民政局 -> 民政.

The catalogue groups services by department type (行政审批, 民政, 人民法院 ...), and a department's
name contains its type among a place name and words every department name has (市, 局, 管理,
服务, 委员会 ...). A section is covered by the runs of two or more characters its name shares with
the department's name, leaving out runs made only of such generic words. The section with the
most covered characters, weighted by the share covered, wins if at least half of it is covered:
某市人民政府办公室 is the 人民政府办公厅（室） section (six characters) rather than 民政
(two, found inside 人民政府), and 某市民政局 is 民政 (all of it) rather than
人民政府办公厅（室） (two of seven).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import TypeVar

from budgetkg.build.mapping.text import normalise

K = TypeVar("K")

# Words shared by department names of every type; a shared run made only of these says nothing.
GENERIC_WORDS = (
    "委员会", "办公室", "办公厅", "管理", "服务", "中心", "办公", "工作", "事务",
    "机关", "部门", "单位", "政府", "中共", "市", "省", "县", "区", "局", "厅", "委", "办", "室",
    "处", "部", "院", "会", "所", "站", "和", "及", "与",
)
_GENERIC = re.compile("(?:" + "|".join(sorted(GENERIC_WORDS, key=len, reverse=True)) + ")+")
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")
MIN_COVERAGE = 0.5


def _core(name: str) -> str:
    return _BRACKETED.sub("", normalise(name))


@lru_cache(maxsize=4096)
def coverage(department: str, section: str) -> tuple[float, int]:
    """(share of the section name covered, characters covered) by runs of 2+ characters that
    also occur in the department name and are not generic words only.

    For each start i, the longest run sec[i:end] found in the department name is extended from
    the previous start's (a suffix of a found run is found too), so the substring tests are
    linear in number rather than quadratic; the result is cached because every project of a
    department asks again about the same sections."""
    dep, sec = _core(department), _core(section)
    covered = [False] * len(sec)
    end = 0
    for i in range(len(sec)):
        end = max(end, i)
        while end < len(sec) and sec[i:end + 1] in dep:
            end += 1
        for j in range(end, i + 1, -1):
            if not _GENERIC.fullmatch(sec, i, j):
                covered[i:j] = [True] * (j - i)
                break
    n = sum(covered)
    return (n / len(sec) if sec else 0.0), n


def own_sections(department: str | None, sections: Mapping[K, str]) -> list[K]:
    """The sections (keys of ``sections``, whose values are their names) best matching the
    department's name: usually one; several only when they tie; none when no section is covered
    at least half (the whole catalogue is then searched as one)."""
    if not department:
        return []
    scored = {}
    for key, name in sections.items():
        share, chars = coverage(department, name)
        if share >= MIN_COVERAGE and chars >= 2:
            scored[key] = chars * share
    best = max(scored.values(), default=0.0)
    return sorted((k for k, s in scored.items() if s == best), key=str) if best else []
