"""Extract stage, 部门决算 tables whose columns come in 预算数 / 决算数 pairs.

The final account's 三公 table has no row labels: each *column pair* is an item (合计,
因公出国（境）费, 公务用车购置及运行费, 公务用车购置费, 公务用车运行费, 公务接待费), named by the header
cells above the pair, and each pair reads 预算数 then 决算数. Read bottom-up, the lowest header
cell over a pair names it; a 小计 takes the name of the group above it. Each data line gives one
``TableRow`` per item, so the graph holds the same shape of rows as every other table.
"""

from __future__ import annotations

from budgetkg.build.extract.cells import ascii_punct, parse_amount, squash
from budgetkg.build.extract.report_tables import (
    EMPTY_NOTE,
    department_name,
    row_role,
    table_year,
    unit_of,
)
from budgetkg.build.readers import Line
from budgetkg.build.records import ReportTable, Span, TableRow
from budgetkg.build.segment import Section
from budgetkg.errors import ExtractionError

# The narrative of the same table says 年初预算为 … for its 预算数 (Shanghai template and Putuo).
PAIR_MEASURES = {"预算数": "initialBudget", "全年预算数": "fullYearBudget",
                 "年初预算数": "initialBudget", "决算数": "finalAccount"}


def is_paired(section: Section) -> bool:
    """A header row in which every filled cell is 预算数 or 决算数, at least two pairs."""
    for line in section.lines:
        filled = [squash(c) for c in line.filled]
        if len(filled) >= 4 and all(c in PAIR_MEASURES for c in filled) \
                and "\t" in line.text:
            return True
    return False


def extract_paired_table(section: Section, path: str | None = None) -> ReportTable:
    grid = [ln for ln in section.lines[1:] if "\t" in ln.text]
    at = next(i for i, ln in enumerate(grid)
              if ln.filled and all(squash(c) in PAIR_MEASURES for c in ln.filled))
    measures_line = grid[at]
    measures = [PAIR_MEASURES.get(squash(c)) for c in measures_line.cells]
    items = item_names(grid[:at], measures)
    rows: list[TableRow] = []
    for line in grid[at + 1:]:
        if line.filled:
            rows.extend(read_pairs(line, measures, items, path))
    ends = [ln.no for ln in grid] + [
        ln.no for ln in section.lines if EMPTY_NOTE.search(squash(ln.text))]
    return ReportTable(
        number=section.number or 0, title=section.title, kind=section.key or "",
        year=table_year(section.title), department_name=department_name(section.lines),
        unit=unit_of(section.lines),
        stated_empty=any(EMPTY_NOTE.search(squash(ln.text)) for ln in section.lines),
        rows=rows, span=Span(section.start, max(ends, default=section.start)))


def item_names(header: list[Line], measures: list[str | None]) -> dict[int, str]:
    """Column index of each pair's first column -> the item it holds."""
    names: dict[int, str] = {}
    starts = [i for i in range(len(measures) - 1)
              if measures[i] in ("fullYearBudget", "initialBudget")
              and measures[i + 1] == "finalAccount"]
    for start in starts:
        stack = []
        for line in header:
            cells = line.cells
            text = "".join(cells[i] for i in (start, start + 1) if i < len(cells))
            stack.append(text.strip())
        names[start] = name_of(stack, header, start)
    return names


def name_of(stack: list[str], header: list[Line], start: int) -> str:
    """The lowest named cell over the pair; 小计 stands for the group named above it, which
    may sit over an earlier column of the group."""
    for depth in range(len(stack) - 1, -1, -1):
        text = stack[depth]
        if not text:
            continue
        if squash(ascii_punct(text)) != "小计":
            return text
        for above in range(depth - 1, -1, -1):
            cells = header[above].cells
            for col in range(start + 1, -1, -1):
                if col < len(cells) and cells[col].strip():
                    return cells[col].strip()
        return text
    return f"column {start + 1}"


def read_pairs(line: Line, measures: list[str | None], items: dict[int, str],
               path: str | None) -> list[TableRow]:
    cells = line.cells
    rows = []
    for start, name in items.items():
        values = {}
        for i in (start, start + 1):
            if i < len(cells) and i < len(measures) and measures[i]:
                try:
                    value = parse_amount(cells[i], path=path, line=line.no)
                except ExtractionError as exc:
                    raise ExtractionError(f"{exc.message} under {name!r}", path=path,
                                          line=line.no) from None
                if value is not None:
                    values[measures[i]] = value
        rows.append(TableRow(name, values, line.no, role=row_role(name)))
    return rows
