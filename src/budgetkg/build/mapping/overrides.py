"""Curated decisions that win over the matcher: confirm or reject a (project, service) pair.

The file is UTF-8 tab-separated text, one decision per line; blank lines and lines starting
with ``#`` are skipped, and a first line naming the columns is allowed::

    project<TAB>section<TAB>service<TAB>decision<TAB>comment
    12345政务服务热线年费<TAB>行政审批<TAB>A180701<TAB>confirm<TAB>the hotline's yearly fee
    工作运行经费<TAB><TAB>A170102<TAB>reject<TAB>pays travel to inspections, not the service

- project: a project IRI, or a project name as written (then every project of that name);
- section: the catalogue section's name (行政审批); empty means the project's own section;
- service: a level-4 code (A180701; codes repeat across sections, hence the section), or the
  catalogue item's IRI (the section is then ignored);
- decision: ``confirm`` (kept as skos:closeMatch, score 1, method "curated", replacing a computed
  mapping of the same pair) or ``reject`` (the pair is never kept; other matches stay);
- comment: optional, carried into the graph and the SSSOM table.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from budgetkg.build.mapping.matcher import CLOSE, Match, ProjectText, Service
from budgetkg.build.mapping.sections import own_sections
from budgetkg.errors import InputError

COLUMNS = ("project", "section", "service", "decision", "comment")
DECISIONS = ("confirm", "reject")
METHOD_CURATED = "curated"


@dataclass(frozen=True)
class Override:
    line: int
    project: str
    section: str
    service: str
    decision: str
    comment: str = ""


@dataclass(frozen=True)
class Overrides:
    path: str
    items: tuple[Override, ...]


def load_overrides(path: str | Path) -> Overrides:
    p = Path(path)
    if not p.is_file():
        raise InputError("no such overrides file", path=p)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("the overrides file is not UTF-8 text", path=p) from None
    return parse_overrides(text, str(p))


def parse_overrides(text: str, path: str = "<overrides>") -> Overrides:
    items = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if [c.lower() for c in cells[:4]] == list(COLUMNS[:4]):
            continue  # the header
        if len(cells) < 4 or len(cells) > 5:
            raise InputError(f"expected 4 or 5 tab-separated columns ({', '.join(COLUMNS)}), "
                             f"found {len(cells)}", path=path, line=number)
        project, section, service, decision = cells[:4]
        comment = cells[4] if len(cells) == 5 else ""
        decision = decision.lower()
        if decision not in DECISIONS:
            raise InputError(f"decision {cells[3]!r} is not one of: {', '.join(DECISIONS)}",
                             path=path, line=number)
        if not project or not service:
            raise InputError("the project and the service must not be empty",
                             path=path, line=number)
        items.append(Override(number, project, section, service, decision, comment))
    return Overrides(path, tuple(items))


def _projects(o: Override, projects: list[ProjectText]) -> list[ProjectText]:
    return [p for p in projects if str(p.key) == o.project or p.name == o.project]


def _service(o: Override, project: ProjectText, services: list[Service],
             path: str) -> Service | None:
    if o.service.startswith(("http://", "https://")):
        return next((s for s in services if str(s.key) == o.service), None)
    pool = [s for s in services if s.code == o.service]
    if o.section:
        pool = [s for s in pool if s.section_name == o.section]
    elif len(pool) > 1:
        sections = {s.section: s.section_name for s in services}
        own = set(own_sections(project.department, sections))
        pool = [s for s in pool if s.section in own] or pool
    if len(pool) > 1:
        names = ", ".join(sorted({s.section_name for s in pool}))
        raise InputError(f"service {o.service} is listed in several sections ({names}); name the "
                         f"section in the second column", path=path, line=o.line)
    return pool[0] if pool else None


def apply_overrides(matches: list[Match], overrides: Overrides | None, projects: list[ProjectText],
                    services: list[Service]) -> tuple[list[Match], set[int]]:
    """The matches with the curated decisions applied, and the lines of the decisions that
    named a project and a service present here (the others may be for another document)."""
    if not overrides:
        return matches, set()
    decided: dict[tuple, Override] = {}
    used: set[int] = set()
    for o in overrides.items:
        for p in _projects(o, projects):
            s = _service(o, p, services, overrides.path)
            if s is not None:
                decided[(p.key, s.key)] = o  # a later line wins over an earlier one
                used.add(o.line)
    kept = [m for m in matches if (m.project, m.service.key) not in decided]
    by_key = {s.key: s for s in services}
    for (project, service), o in decided.items():
        if o.decision == "confirm":
            comment = "curated" + (f": {o.comment}" if o.comment else "")
            kept.append(Match(project, by_key[service], Decimal("1.0000"), CLOSE, METHOD_CURATED,
                              comment))
    kept.sort(key=lambda m: (str(m.project), str(m.service.key)))
    return kept, used
