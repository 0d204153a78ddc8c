"""项目支出绩效目标表: one performance Section -> one ``Project`` record.

The table has a header block (label cell, value cell: 项目名称, 主管部门及代码, 项目资金 ...), a
goal row (总体目标), the indicator block (绩效指标 ... up to 负责人/填报日期) and a footer. Every
part is read by its labels and by the order of its non-empty cells, never by column positions:
PDF exports shift, merge and drop cells from row to row.

The indicator block holds two halves side by side, 实施期 (implementation period) first and
年度 (annual) second. Each half is a three-level tree whose first two levels are a fixed
framework (产出指标 > 数量指标 ...); the level cells are merged in the PDF, so a row states a level
only where a group starts and the parser carries it forward, per half, until a row states another.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from budgetkg import vocab
from budgetkg.build.extract.cells import ascii_punct, cn_ordinal, parse_amount, squash
from budgetkg.build.extract.targets import is_target_like, parse_target
from budgetkg.build.readers import Line
from budgetkg.build.records import Funds, Indicator, Project, Span
from budgetkg.build.segment import Section
from budgetkg.errors import ExtractionError
from budgetkg.vocab import PARENT

IMPLEMENTATION = "implementation"
ANNUAL = "annual"
HALVES = (IMPLEMENTATION, ANNUAL)

# --- labels of the header block -----------------------------------------------------------------

# Normalised label (squash + ascii_punct, trailing colon removed) -> field name.
LABELS: dict[str, str] = {
    "项目名称": "name",
    "主管部门及代码": "supervisor",
    "主管部门": "supervisor",
    "实施单位": "unit",
    "项目属性": "attribute",
    "项目期": "period",
    "项目日期": "period",
    "项目周期": "period",
    "项目概况": "overview",
    "立项依据": "basis",
    "项目设立必要性": "necessity",
    "保证项目实施的制度、措施": "safeguards",
    "保证项目实施的制度,措施": "safeguards",
    "项目实施计划": "plan",
    "总体目标": "goal",
    "实施期目标": "goal_header",
    "年度目标": "goal_header",
    "绩效指标": "indicators",
    "负责人": "footer",
    "经办人": "footer",
    "联系电话": "footer",
    "填报日期": "filing",
}
NARRATIVE_FIELDS = ("overview", "basis", "necessity", "safeguards", "plan")
# Header-row captions of the indicator block.
INDICATOR_CAPTIONS = {"一级指标", "二级指标", "三级指标", "指标值"}

# 项目资金 labels: the normalised label text starts with one of these (the PDF may cut the end:
# 市县(区)财政资). Checked in order.
FUND_LABELS: tuple[tuple[str, str], ...] = (
    ("实施期资金总额", "total"),
    ("年度资金总额", "total"),
    ("中央财政资金", "central"),
    ("中央财政", "central"),
    ("省级财政资金", "provincial"),
    ("省级财政", "provincial"),
    ("市县(区)财政", "municipal"),
    ("市县财政", "municipal"),
    ("市县", "municipal"),
    ("单位自筹", "selfRaised"),
    ("其他资金", "other"),
)
# A fund cell: label text (no digits) then, optionally, the amount in the same cell.
FUND_CELL = re.compile(r"^(?P<label>[^\d+\-—－]*?)[:\s]*(?P<amount>[\d+\-—－].*)?$")
# 主管部门及代码: "026-吕梁市…" (any dash), or the code glued to the name ("026吕梁市…").
SUPERVISOR = (
    re.compile(r"^\s*(?P<code>[0-9A-Za-z]+)\s*[-－—–_]+\s*(?P<name>.+?)\s*$"),
    re.compile(r"^\s*(?P<code>\d{2,})\s*(?P<name>[^\d\s].*?)\s*$"),
)
PERIOD_YEARS = re.compile(r"(\d+|[一二两三四五六七八九十]+)\s*年")
FILING_STAMP = re.compile(r"^\d{14}$|^\d{8}$")
# 填报日期 as other exports write it (matched with spaces removed), most specific first.
FILING_FORMATS = (
    "%Y%m%d%H%M%S",
    "%Y-%m-%d%H:%M:%S",
    "%Y/%m/%d%H:%M:%S",
    "%Y%m%d",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y年%m月%d日",
)


def norm(cell: str) -> str:
    """The matching form of a cell: no spaces, ASCII punctuation, no trailing colon."""
    return ascii_punct(squash(cell)).rstrip(":")


def label_of(cell: str) -> str | None:
    """The header-block field a label cell names, or None for a value cell."""
    text = norm(cell)
    if text.startswith("项目资金"):
        return "funds"
    return LABELS.get(text)


def table_rows(section: Section) -> list[Line]:
    """The table's own lines: tab-separated rows with content. The section also carries the
    blank lines and the next table's title lines, which are not part of this table."""
    return [ln for ln in section.lines if "\t" in ln.text and ln.filled]


# --- entry points -------------------------------------------------------------------------------


def extract_projects(sections: Iterable[Section], path: str | None = None) -> list[Project]:
    """All project performance tables, in document order (seq is 1-based)."""
    performance = [s for s in sections if s.kind == "performance"]
    return [extract_project(s, seq, path) for seq, s in enumerate(performance, start=1)]


def extract_project(section: Section, seq: int, path: str | None = None) -> Project:
    """Read one 绩效目标表. Raises ExtractionError for a malformed amount in 项目资金."""
    rows = table_rows(section)
    if not rows:
        raise ExtractionError(
            "a project performance table without rows", path=path, line=section.start
        )
    start = _indicator_block_start(rows)
    head, body = rows[:start], rows[start:]
    fields = read_header_block(head, path)
    indicators, filing_raw = read_indicator_block(body)
    period_raw = fields.text.get("period")
    supervisor, code = split_supervisor(fields.text.get("supervisor"))
    return Project(
        seq=seq,
        name=fields.text.get("name") or section.title,
        supervisor=supervisor,
        supervisor_code=code,
        unit=fields.text.get("unit"),
        attribute=fields.text.get("attribute"),
        period_years=period_years(period_raw),
        period_raw=period_raw,
        funds_implementation=fields.funds[IMPLEMENTATION],
        funds_annual=fields.funds[ANNUAL],
        overview=fields.text.get("overview"),
        basis=fields.text.get("basis"),
        necessity=fields.text.get("necessity"),
        safeguards=fields.text.get("safeguards"),
        plan=fields.text.get("plan"),
        goal_implementation=fields.goals[0] if fields.goals else None,
        goal_annual=fields.goals[1] if len(fields.goals) > 1 else None,
        indicators=indicators,
        filing_date=filing_date(filing_raw),
        filing_raw=filing_raw,
        span=Span(rows[0].no, rows[-1].no),
    )


def _indicator_block_start(rows: Sequence[Line]) -> int:
    """Index of the 绩效指标 row; failing that, of the first row that opens with a framework level
    (the caption lost in the export) or of the footer; the end when there is no such row."""
    for i, row in enumerate(rows):
        first = row.filled[0]
        if label_of(first) in ("indicators", "footer", "filing") or framework_level(first):
            return i
    return len(rows)


# --- header block -------------------------------------------------------------------------------


@dataclass
class HeaderFields:
    text: dict[str, str] = field(default_factory=dict)
    funds: dict[str, Funds] = field(default_factory=lambda: {h: Funds() for h in HALVES})
    goals: list[str] = field(default_factory=list)


def read_header_block(rows: Sequence[Line], path: str | None) -> HeaderFields:
    """Label/value rows, the 项目资金 rows and the 总体目标 row, each recognised by its labels."""
    out = HeaderFields()
    in_funds = False
    last_narrative: str | None = None
    for row in rows:
        cells = row.filled
        first = label_of(cells[0])
        if first == "funds" or (in_funds and first is None and _has_fund_label(cells)):
            in_funds = True
            read_fund_row(row, out.funds, path)
            continue
        in_funds = False
        if first == "goal":
            out.goals = [c for c in cells[1:] if label_of(c) is None]
        elif first in NARRATIVE_FIELDS:
            _append(out.text, first, [c for c in cells[1:] if label_of(c) is None])
            last_narrative = first
            continue
        elif first is None and last_narrative:
            # A narrative cell the export broke (or moved) onto a row of its own: glue it on.
            _append(out.text, last_narrative, cells)
            continue
        else:
            _read_label_values(cells, out.text)
        last_narrative = None
    return out


def _append(into: dict[str, str], key: str, pieces: Sequence[str]) -> None:
    """Add narrative text to a field; Chinese prose is glued without spaces."""
    text = into.get(key, "") + "".join(p.strip() for p in pieces)
    if text:
        into[key] = text


def _read_label_values(cells: Sequence[str], into: dict[str, str]) -> None:
    """``label value label value`` rows: each label takes the next cell that is not a label."""
    for i, cell in enumerate(cells):
        key = label_of(cell)
        if key is None or key in ("goal_header", "funds"):
            continue
        if i + 1 < len(cells) and label_of(cells[i + 1]) is None:
            into.setdefault(key, cells[i + 1].strip())


def _fund_key(cell: str) -> tuple[str | None, str, str | None]:
    """(measure, normalised label, amount text in the same cell) for a 项目资金 cell; measure is
    None when the cell is not a fund label (an amount, or the 项目资金(元) caption)."""
    text = norm(cell)
    m = FUND_CELL.match(text)
    label = (m.group("label") if m else text).removeprefix("其中:").removeprefix("其中")
    for prefix, measure in FUND_LABELS:
        if label.startswith(prefix):
            amount = m.group("amount") if m else None
            return measure, label, amount
    return None, label, None


def _has_fund_label(cells: Sequence[str]) -> bool:
    return any(_fund_key(c)[0] for c in cells)


def read_fund_row(row: Line, funds: dict[str, Funds], path: str | None) -> None:
    """One row of the 项目资金 block: up to two (label, amount) pairs, 实施期 first.

    The amount sits in the label's cell (``其中：中央财政资金 0``) or in the next non-empty cell.
    The totals name their half (实施期资金总额 / 年度资金总额); the sources take the half from
    their order in the row. A malformed amount raises instead of becoming blank or 0.
    """
    pending: tuple[str, str] | None = None  # (half, measure) waiting for its amount
    seen = 0
    for cell in row.filled:
        measure, label, amount = _fund_key(cell)
        if measure is not None:
            if label.startswith("实施期"):
                half = IMPLEMENTATION
            elif label.startswith("年度"):
                half = ANNUAL
            else:
                half = HALVES[min(seen, 1)]
            seen += 1
            pending = (half, measure)
            if amount is not None:
                setattr(funds[half], measure, parse_amount(amount, path=path, line=row.no))
                pending = None
        elif pending is not None:
            half, measure = pending
            setattr(funds[half], measure, parse_amount(cell, path=path, line=row.no))
            pending = None


def split_supervisor(text: str | None) -> tuple[str | None, str | None]:
    """``026-吕梁市行政审批服务管理局`` -> (name, "026"); a name without a code keeps code None."""
    if not text:
        return None, None
    for pattern in SUPERVISOR:
        m = pattern.match(text)
        if m:
            return m.group("name"), m.group("code")
    return text.strip(), None


def period_years(raw: str | None) -> int | None:
    """项目期 ``3年`` -> 3 (``99年`` marks a recurring project and is kept as written)."""
    if not raw:
        return None
    m = PERIOD_YEARS.search(squash(raw))
    if not m:
        return None
    if m.group(1).isdigit():  # a period of more than 4 digits is not a period (kept as raw)
        return int(m.group(1)) if len(m.group(1)) <= 4 else None
    return cn_ordinal(m.group(1))


def filing_date(raw: str | None) -> datetime | None:
    """填报日期 ``20240123162514`` -> 2024-01-23 16:25:14; a date alone is read at midnight.
    An unreadable stamp leaves the date None (``filing_raw`` keeps what was written)."""
    if not raw:
        return None
    text = squash(raw)
    for fmt in FILING_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


# --- indicator block ----------------------------------------------------------------------------


def framework_level(cell: str) -> tuple[int, str] | None:
    """(level, canonical name) when a cell names a level of the indicator framework."""
    return vocab.framework_level(norm(cell))


@dataclass
class Cell:
    col: int  # position in the row: used only to break the tie of a one-half row
    text: str
    level: tuple[int, str] | None  # framework level, or None for a name/value cell


@dataclass
class Entry:
    """One indicator read from a row: its name and value cells, either may be missing."""

    name: str | None = None
    value: str | None = None
    first: int = 0  # index (in the row's cells) of its first cell
    last: int = 0


@dataclass
class HalfState:
    """What one half carries from row to row: the current level-1 and level-2 as written."""

    level1: str | None = None
    level1_key: str | None = None
    level1_inferred: bool = False
    level2: str | None = None
    seq: int = 0

    def state(self, level: tuple[int, str], written: str) -> bool:
        """Apply a framework cell; return True when it stated a level-2."""
        rank, key = level
        if rank == 1:
            if key != self.level1_key:
                self.level2 = None  # a new level-1 group starts with no level-2
            self.level1, self.level1_key, self.level1_inferred = written, key, False
            return False
        parent = PARENT[key]
        if parent != self.level1_key:
            self.level1, self.level1_key, self.level1_inferred = parent, parent, True
        self.level2 = written
        return True


def read_indicator_block(rows: Sequence[Line]) -> tuple[list[Indicator], str | None]:
    """The 绩效指标 rows up to the footer -> indicators (both halves), and the filing stamp."""
    states = {h: HalfState() for h in HALVES}
    indicators: list[Indicator] = []
    anchor: int | None = None
    for row in rows:
        if _is_footer(row):
            return indicators, filing_stamp(row)
        cells = _content_cells(row)
        if _is_caption_row(cells):
            anchor = _second_half_column(cells)
            continue
        indicators.extend(read_indicator_row(row.no, cells, states, anchor))
    return indicators, None


def _is_footer(row: Line) -> bool:
    return any(label_of(c) in ("footer", "filing") for c in row.filled)


def filing_stamp(row: Line) -> str | None:
    """The cell after 填报日期 (or any date stamp in the footer row)."""
    cells = row.filled
    for i, cell in enumerate(cells):
        if label_of(cell) == "filing" and i + 1 < len(cells) and label_of(cells[i + 1]) is None:
            return cells[i + 1].strip()
    stamps = [c.strip() for c in cells if FILING_STAMP.match(squash(c))]
    return stamps[0] if stamps else None


def _content_cells(row: Line) -> list[Cell]:
    """The row's non-empty cells with their framework level; a leading 绩效指标 caption (the block
    title, which shares its row with the first indicator in some tables) is dropped."""
    out = [Cell(i, c, framework_level(c)) for i, c in enumerate(row.cells) if c]
    if out and label_of(out[0].text) == "indicators":
        out = out[1:]
    return out


def _is_caption_row(cells: Sequence[Cell]) -> bool:
    return any(norm(c.text) in INDICATOR_CAPTIONS for c in cells)


def _second_half_column(cells: Sequence[Cell]) -> int | None:
    """Where the 年度 half begins in the caption row: the first caption after the first 指标值."""
    seen_value = False
    for c in cells:
        if seen_value:
            return c.col
        seen_value = norm(c.text) == "指标值"
    return None


def _names_not_levels(cells: list[Cell]) -> None:
    """A level-3 name may repeat its level-2 (``服务对象满意度 | 服务对象满意度 | ≥90%``): a
    framework-like cell right after a level-2 cell and right before a target is the name."""
    for i in range(1, len(cells) - 1):
        prev, cur, nxt = cells[i - 1], cells[i], cells[i + 1]
        if (
            cur.level
            and cur.level[0] == 2
            and prev.level
            and prev.level[0] == 2
            and nxt.level is None
            and is_target_like(nxt.text)
        ):
            cur.level = None


def pair_entries(cells: Sequence[Cell]) -> list[Entry]:
    """Group the row's name/value cells into indicators (normally one per half).

    Four cells are name, value, name, value and two are one name with its value: that is the
    template's shape. With three or one, is_target_like decides which cell is the value; a tie
    between two readings (free-text values) is broken by the similarity of the names, since the
    年度 half usually repeats (a cut copy of) the 实施期 name.
    """
    idx = [i for i, c in enumerate(cells) if c.level is None]
    texts = [cells[i].text for i in idx]
    flags = [is_target_like(t) for t in texts]
    n = len(idx)
    if n == 0:
        return []
    if n == 1:
        shape = ["V"] if flags[0] else ["N"]
    elif n == 2:
        shape = ["V", "V"] if all(flags) else ["N", "V"]
    elif n == 3:
        shape = _three_cell_shape(texts, flags)
    else:
        shape = ["N", "V"] * (n // 2) + (["V" if flags[-1] else "N"] if n % 2 else [])
    entries: list[Entry] = []
    for role, i, text in zip(shape, idx, texts):
        cur = entries[-1] if entries else None
        if role == "V" and cur is not None and cur.value is None and cur.name is not None:
            cur.value, cur.last = text, i
        elif role == "V":
            entries.append(Entry(value=text, first=i, last=i))
        else:
            entries.append(Entry(name=text, first=i, last=i))
    return entries


def _three_cell_shape(texts: Sequence[str], flags: Sequence[bool]) -> list[str]:
    """Choose among the four readings of three cells (NV N, N NV, NV V, V NV) by how well each
    cell's role fits is_target_like; ties go to name similarity, then to NV N."""
    shapes = (["N", "V", "N"], ["N", "N", "V"], ["N", "V", "V"], ["V", "N", "V"])

    def score(shape: Sequence[str]) -> int:
        return sum((role == "V") == flag for role, flag in zip(shape, flags))

    best = max(score(s) for s in shapes)
    candidates = [s for s in shapes if score(s) == best]
    if ["N", "V", "N"] in candidates and ["N", "N", "V"] in candidates:
        if _similar(texts[0], texts[1]) and not _similar(texts[0], texts[2]):
            return ["N", "N", "V"]
        return ["N", "V", "N"]
    return candidates[0]


def _similar(a: str, b: str) -> bool:
    """Two name cells of one row are copies when one starts with the other's first characters."""
    a, b = norm(a), norm(b)
    k = min(len(a), len(b), 4)
    return k > 0 and a[:k] == b[:k]


def _level_groups(cells: Sequence[Cell]) -> list[list[Cell]]:
    """Split a run of framework cells where the hierarchy restarts (a level not deeper than the
    one before it): ``效益指标 经济效益指标 | 经济效益指标`` is two halves."""
    groups: list[list[Cell]] = []
    for c in cells:
        if groups and c.level[0] > groups[-1][-1].level[0]:
            groups[-1].append(c)
        else:
            groups.append([c])
    return groups


def assign_halves(
    cells: Sequence[Cell], entries: Sequence[Entry], anchor: int | None
) -> tuple[dict[str, list[Cell]], dict[str, Entry]]:
    """Decide which half each framework cell and each indicator of the row belongs to.

    Two indicators: the first is 实施期, the second 年度; framework cells before the first
    name/value cell go to 实施期, those after the first indicator to 年度. One indicator: it is
    年度 when the framework cells before it restart the hierarchy (the 实施期 half stated only
    levels), 实施期 when framework cells follow it (the 年度 half stated only levels), otherwise
    实施期 unless it starts at or beyond the 年度 column of the caption row - the one tie that
    only the layout can break. No indicator: the levels split where the hierarchy restarts; a
    single run of levels applies to both halves unless it sits in the 年度 columns. A third
    indicator in one row has no half to go to and is not placed (the template has two).
    """
    levels: dict[str, list[Cell]] = {h: [] for h in HALVES}
    placed: dict[str, Entry] = {}
    framework = [c for c in cells if c.level]
    if not entries:
        groups = _level_groups(framework)
        if len(groups) == 1 and not (anchor is not None and groups[0][0].col >= anchor):
            levels[IMPLEMENTATION] = levels[ANNUAL] = groups[0]
        elif len(groups) == 1:
            levels[ANNUAL] = groups[0]
        else:
            levels[IMPLEMENTATION] = groups[0]
            levels[ANNUAL] = [c for g in groups[1:] for c in g]
        return levels, placed
    first = entries[0]
    before = [c for i, c in enumerate(cells) if c.level and i < first.first]
    after = [c for i, c in enumerate(cells) if c.level and i > first.last]
    inside = [c for i, c in enumerate(cells) if c.level and first.first < i < first.last]
    if len(entries) >= 2:
        placed = {IMPLEMENTATION: first, ANNUAL: entries[1]}
        levels[IMPLEMENTATION] = before + inside
        levels[ANNUAL] = after
        return levels, placed
    groups = _level_groups(before)
    if len(groups) >= 2:
        placed[ANNUAL] = first
        levels[IMPLEMENTATION] = groups[0]
        levels[ANNUAL] = [c for g in groups[1:] for c in g] + inside + after
    elif after:
        placed[IMPLEMENTATION] = first
        levels[IMPLEMENTATION] = before + inside
        levels[ANNUAL] = after
    else:
        col = before[0].col if before else cells[first.first].col
        half = ANNUAL if anchor is not None and col >= anchor else IMPLEMENTATION
        placed[half] = first
        levels[half] = before + inside
    return levels, placed


def read_indicator_row(
    line: int, cells: list[Cell], states: dict[str, HalfState], anchor: int | None
) -> list[Indicator]:
    """One row -> zero, one or two indicators; updates the carried levels of both halves.

    ``level2_inferred`` marks a level-2 carried from an earlier row (not written in this one);
    ``level1_inferred`` marks a level-1 taken from the framework because the half stated a level-2
    of another level-1 (always so in the 年度 half, which has no 一级指标 column).
    """
    _names_not_levels(cells)
    entries = pair_entries(cells)
    levels, placed = assign_halves(cells, entries, anchor)
    out: list[Indicator] = []
    for half in HALVES:
        state = states[half]
        stated_level2 = False
        for c in levels[half]:
            stated_level2 = state.state(c.level, c.text) or stated_level2
        entry = placed.get(half)
        if entry is None:
            continue
        state.seq += 1
        out.append(
            Indicator(
                half=half,
                seq=state.seq,
                level1=state.level1,
                level2=state.level2,
                level3=entry.name,
                target=parse_target(entry.value) if entry.value else None,
                line=line,
                level1_inferred=state.level1_inferred,
                level2_inferred=state.level2 is not None and not stated_level2,
            )
        )
    return out
