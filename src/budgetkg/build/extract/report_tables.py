"""Extract stage, part 2: the 13 report tables -> ``ReportTable`` records.

Every template table is read by one generic routine instead of 13 hand-written ones, because
the tables differ only in their column headers: the header rows say which column holds a code,
a name or an amount, and which amount (合计, 基本支出, 一般公共预算 ...). Columns are therefore
mapped by the *meaning* of their header, never by position, so a department that adds, drops or
reorders a column still parses. A table whose headers show two blocks of "names then amounts"
(预算收支总表, 财政拨款收支总表) is two-sided: its left block is income, its right expenditure.

The parser keeps what the document states, defects included (a row listed twice, a table marked
本表无数据 although other tables carry money); validation reports them, the parser does not fix them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetkg.build.extract.cells import ascii_punct, is_number, parse_amount, squash
from budgetkg.build.readers import Line
from budgetkg.build.records import WAN_YUAN, ReportTable, Span, TableRow
from budgetkg.build.segment import Section
from budgetkg.errors import ExtractionError

# Header text (squashed, ASCII punctuation) -> MEASURES key. Matched against the whole cell so
# that a name header such as 部门预算支出经济科目名称 is never mistaken for an amount column.
MEASURE_HEADERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern))
    for key, pattern in (
        # 部门决算 (final account) columns first: 本年收入合计 is not the budget's 本年收入
        ("finalAccount", r"决算数"),
        ("initialBudget", r"年初预算数"),
        ("fullYearBudget", r"全年预算数"),
        ("openingBalance", r"年初(?:财政拨款)?结转和结余"),
        ("closingBalance", r"年末(?:财政拨款)?结转和结余"),
        ("balanceDistribution", r"结余分配"),
        ("currentYearIncome", r"本年收入合计"),
        ("currentYearExpenditure", r"本年支出(?:合计)?"),
        ("fiscalAppropriation", r"财政拨款收入"),
        ("superiorSubsidy", r"上级补助收入"),
        ("operationIncome", r"事业收入"),
        ("businessIncome", r"经营收入"),
        ("affiliateRemittance", r"附属单位上缴收入"),
        ("otherIncome", r"其他收入"),
        ("remittedToSuperior", r"上缴上级支出"),
        ("businessExpenditure", r"经营支出"),
        ("affiliateSubsidy", r"对附属单位补助支出"),
        ("generalPublicBudget", r"一般公共预算财政拨款"),
        ("governmentFund", r"政府性基金预算财政拨款"),
        ("stateCapital", r"国有资本经营预算财政拨款"),
        ("total", r"\d{4}年?(?:合计|预算数|金额)?|合计|金额|小计|预算数|总计"),
        ("currentYear", r"(?:当年|本年)(?:预算安排|预算|收入|拨款|安排)"),
        ("carryOver", r"上年结转(?:安排|收入|资金)?"),
        ("basic", r"基本支出"),
        ("project", r"项目支出"),
        ("personnel", r"人员经费"),
        ("publicFunds", r"公用经费"),
        ("generalPublicBudget", r"一般公共预算(?:拨款)?(?:收入|支出)?"),
        ("governmentFund", r"政府性基金(?:预算)?(?:拨款)?(?:收入|支出)?(?:预算)?"),
        ("stateCapital", r"国有资本经营(?:预算)?(?:拨款)?(?:收入|支出)?(?:预算)?"),
        ("specialAccount", r"财政专户(?:管理)?资金(?:收入)?"),
        ("unitFunds", r"单位资金(?:收入)?"),
    )
)

# A name column: 项目, 项目名称, 科目名称, 单位名称, 部门预算支出经济科目名称 ...
NAME_HEADER = re.compile(r"项目|.*名称|.*科目")

# Words that make up header cells. A row made only of these (and blanks) is a header row; any
# other word (一、, 费, a unit's name) marks a data row. A year may lead (2024年预算数).
HEADER_CELL = re.compile(
    r"(?:\d{4}年?)?(?:项目|名称|科目|编码|收入|支出|预算|数|合计|金额|小计|当年|本年|上年|结转|"
    r"安排|基本|人员|公用|经费|一般公共|政府性基金|国有资本经营|财政专户|管理|资金|单位|财政|"
    r"拨款|部门|政府|经济|分类|功能|决算|年初|年末|全年|和|结余|分配|上级|补助|事业|经营|附属|"
    r"上缴|其他|对|类|款|项)*"
)

FUNCTION_CODE = re.compile(r"\d{3,}")
# "201 一般公共服务支出" written in one cell, as some exports merge the code and name columns.
CODE_AND_NAME = re.compile(r"(\d{3}|\d{5}|\d{7})\s+(\D.*)")

TOTAL_LABEL = re.compile(r"(?:部门|收入|支出)?(?:合计|总计)|.*总计")
SUBTOTAL_LABEL = re.compile(r".*(?:合计|小计)")

DEPARTMENT_LINE = re.compile(r"^\s*部门名称\s*[:：]\s*(.*?)\s*$")
UNIT_LINE = re.compile(r"^\s*(?:金额)?单位\s*[:：]\s*(\S+)")
EMPTY_NOTE = re.compile(r"本表(?:无数据|为空表?)")
YEAR = re.compile(r"(\d{4})年")

TWO_SIDES = ("income", "expenditure")


@dataclass(frozen=True)
class Column:
    """What one column holds: a function code, a name, or the amount of one measure."""

    index: int
    role: str | None  # "code" | "name" | "measure" | None (no recognised header)
    measure: str | None = None
    header: str = ""


@dataclass(frozen=True)
class Side:
    """A block of columns read as one row: the whole table, or one half of a two-sided one."""

    name: str | None
    columns: tuple[Column, ...]


# --- public surface -------------------------------------------------------------------------


SPACED_AMOUNTS = re.compile(r"\S\s+[+-]?\d[\d,]*\.\d+(?:\s|$)")


def check_tab_separated(section: Section, path: str | None) -> None:
    """A table whose rows state amounts but have no tab between cells was exported with spaces
    for tabs: its columns cannot be told apart, and reading it would lose every amount."""
    if any("\t" in ln.text for ln in section.lines):
        return
    for ln in section.lines[1:]:
        if SPACED_AMOUNTS.search(ln.text):
            raise ExtractionError(
                f"table {section.title!r} has amounts but no tab-separated cells (were the tabs "
                "replaced by spaces?); give the tab-separated export or the PDF",
                path=path, line=ln.no)


def generic_table(section: Section, number: int) -> ReportTable:
    """A table of no known kind: every row kept with all its cells, no amount interpreted (its
    headers say nothing budgetkg understands). Validation warns about it."""
    grid = [ln for ln in section.lines[1:] if "\t" in ln.text and ln.filled]
    rows = [TableRow(ln.filled[0], {}, ln.no, cells=tuple(ln.cells)) for ln in grid]
    return ReportTable(
        number=number, title=section.title, kind="generic", year=table_year(section.title),
        department_name=department_name(section.lines), unit=unit_of(section.lines),
        stated_empty=any(EMPTY_NOTE.search(squash(ln.text)) for ln in section.lines),
        rows=rows, span=table_span(section, grid))


def headerless_table(section: Section) -> ReportTable:
    return ReportTable(
        number=section.number or 0, title=section.title, kind=section.key or "",
        year=table_year(section.title), department_name=department_name(section.lines),
        unit=unit_of(section.lines), stated_empty=False, rows=[],
        span=Span(section.start, section.end))


def extract_table(section: Section, path: str | None = None) -> ReportTable:
    """One report table: its metadata, then its data rows mapped through its header."""
    grid = [ln for ln in section.lines[1:] if "\t" in ln.text and ln.filled]
    header, body = split_header(grid)
    sides = layout(header, section, path) if header else []
    if body and not sides:
        raise ExtractionError(
            f"table {section.title!r} has rows but no column header", path=path, line=body[0].no
        )
    rows = [row for line in body if not is_index_row(line) for row in read_rows(line, sides, path)]
    return ReportTable(
        number=section.number or 0,
        title=section.title,
        kind=section.key or "",
        year=table_year(section.title),
        department_name=department_name(section.lines),
        unit=unit_of(section.lines),
        stated_empty=any(EMPTY_NOTE.search(squash(ln.text)) for ln in section.lines),
        rows=rows,
        span=table_span(section, grid),
    )


# --- metadata ----------------------------------------------------------------------------------


def table_year(title: str) -> int | None:
    """The budget year is written in the title (2024年预算收支总表)."""
    m = YEAR.search(title)
    return int(m.group(1)) if m else None


def department_name(lines: list[Line]) -> str | None:
    """部门名称：... as written; tables of one document may in principle name different units."""
    for line in lines:
        m = DEPARTMENT_LINE.match(line.text)
        if m and "\t" not in line.text:
            return m.group(1) or None
    return None


def unit_of(lines: list[Line]) -> str:
    """单位：万元. The template states it on every table; absent, the template's 万元 applies."""
    for line in lines:
        m = UNIT_LINE.match(line.text)
        if m and "\t" not in line.text:
            return m.group(1)
    return WAN_YUAN


def table_span(section: Section, grid: list[Line]) -> Span:
    """From the title to the last line that belongs to the table (a row or the 注 line), so a
    stray marker of the next table (部门公开表9) is not counted in."""
    ends = [ln.no for ln in grid] + [
        ln.no for ln in section.lines if EMPTY_NOTE.search(squash(ln.text))
    ]
    return Span(section.start, max(ends, default=section.start))


# --- header --------------------------------------------------------------------------------


def split_header(grid: list[Line]) -> tuple[list[Line], list[Line]]:
    """Header rows are the leading rows made only of header words; the first row that states
    an amount, a total label or any other word starts the data."""
    for i, line in enumerate(grid):
        if not is_header_row(line):
            return grid[:i], grid[i:]
    return grid, []


def is_header_row(line: Line) -> bool:
    if is_index_row(line):
        return True
    cells = line.cells
    if cells and row_role(cells[0]) != "line":  # 合计 in the first column is the total row
        return False
    if len(cells) > 1 and not cells[0] and row_role(cells[1]) != "line" and len(line.filled) == 1:
        return False  # 合计 alone under a blank code column: a total row with nothing stated
    return all(not is_number(c) and HEADER_CELL.fullmatch(header_text(c)) for c in line.filled)


def is_index_row(line: Line) -> bool:
    """The column-number row (1 2 3 ...) some templates print under the header."""
    filled = line.filled
    return len(filled) >= 3 and all(c == str(i) for i, c in enumerate(filled, start=1))


def header_text(cell: str) -> str:
    """Headers break words with stray spaces (``政府性 基金预算``) and mix bracket widths."""
    return squash(ascii_punct(cell))


def layout(header: list[Line], section: Section, path: str | None) -> list[Side]:
    """Columns from the stacked header rows, cut into sides."""
    titled = [ln for ln in header if not is_index_row(ln)]
    if not titled:  # only a column-number row (1 2 3 ...) where the column titles should be
        first = header[0].no if header else (section.lines[0].no if section.lines else None)
        raise ExtractionError(f"table {section.title!r} has no column titles above its rows",
                              path=path, line=first)
    width = max(len(ln.cells) for ln in titled)
    stacks = [
        [header_text(ln.cells[i]) if i < len(ln.cells) else "" for ln in titled]
        for i in range(width)
    ]
    columns = [column(i, stack) for i, stack in enumerate(stacks)]
    return sides_of(columns, section, path, titled[0].no)


def column(index: int, stack: list[str]) -> Column:
    """The lowest header cell is the most specific (合计 under 2024年预算数, 一般公共预算 under
    2024年财政拨款), so read bottom-up and let the first meaningful cell decide."""
    for text in reversed(stack):
        if not text:
            continue
        if "编码" in text:
            return Column(index, "code", header=text)
        measure = measure_of(text)
        if measure:
            return Column(index, "measure", measure, text)
        if NAME_HEADER.fullmatch(text):
            return Column(index, "name", header=text)
    return Column(index, None, header="/".join(t for t in stack if t))


def measure_of(text: str) -> str | None:
    for key, pattern in MEASURE_HEADERS:
        if pattern.fullmatch(text):
            return key
    return None


def sides_of(columns: list[Column], section: Section, path: str | None, line: int) -> list[Side]:
    """A new side starts where a name or code column follows amount columns."""
    blocks: list[list[Column]] = [[]]
    seen_measure = False
    for col in columns:
        is_label = col.role in ("code", "name")
        if is_label and seen_measure:
            blocks.append([])
            seen_measure = False
        blocks[-1].append(col)
        seen_measure = seen_measure or col.role == "measure"
    if len(blocks) > len(TWO_SIDES):
        raise ExtractionError(
            f"table {section.title!r} has {len(blocks)} blocks of columns; at most two "
            "(income and expenditure) are understood",
            path=path,
            line=line,
        )
    names = TWO_SIDES if len(blocks) == 2 else (None,)
    for block in blocks:
        check_unique_measures(block, section, path, line)
    return [Side(name, tuple(block)) for name, block in zip(names, blocks)]


def check_unique_measures(block: list[Column], section: Section, path: str | None, line: int):
    """Two columns read as the same measure would make one value silently replace another."""
    seen: dict[str, str] = {}
    for col in block:
        if col.measure and col.measure in seen:
            raise ExtractionError(
                f"table {section.title!r}: columns {seen[col.measure]!r} and {col.header!r} "
                f"both read as {col.measure!r}",
                path=path,
                line=line,
            )
        if col.measure:
            seen[col.measure] = col.header


# --- rows ----------------------------------------------------------------------------------


def read_rows(line: Line, sides: list[Side], path: str | None) -> list[TableRow]:
    """One TableRow per side that states something: a label, a code or an amount."""
    cells = line.cells
    check_no_stray_cells(line, sides, path)
    rows = []
    for side in sides:
        row = read_side(line, cells, side, path)
        if row is not None:
            rows.append(row)
    return rows


def check_no_stray_cells(line: Line, sides: list[Side], path: str | None) -> None:
    """A value under no recognised header would be lost; a shifted row must fail loudly."""
    known = {c.index for side in sides for c in side.columns if c.role}
    for i, cell in enumerate(line.cells):
        if cell and i not in known:
            raise ExtractionError(
                f"value {cell!r} in column {i + 1}, which has no recognised header",
                path=path,
                line=line.no,
            )


def read_side(line: Line, cells: list[str], side: Side, path: str | None) -> TableRow | None:
    def cell(col: Column) -> str:
        return cells[col.index] if col.index < len(cells) else ""

    codes = [cell(c) for c in side.columns if c.role == "code"]
    names = [cell(c) for c in side.columns if c.role == "name"]
    code, label = code_and_label(codes[0] if codes else "", names[0] if names else "")
    label2 = names[1] if len(names) > 1 and names[1] else None
    values = {}
    for col in side.columns:
        if col.role == "measure":
            value = amount(cell(col), col, line, path)
            if value is not None:
                values[col.measure] = value
    if not (label or code or values):
        return None  # a blank half of a two-sided row
    return TableRow(label, values, line.no, code, label2, side.name, row_role(label))


def code_and_label(code_cell: str, name_cell: str) -> tuple[str | None, str]:
    """A code column may carry a label (合计 spans the code and name columns), and a name cell
    may carry its code in front (``201 一般公共服务支出``)."""
    code = squash(code_cell)
    if code and not FUNCTION_CODE.fullmatch(code):
        label = f"{code_cell} {name_cell}".strip() if name_cell else code_cell
        return None, label
    if not code:
        m = CODE_AND_NAME.fullmatch(name_cell)
        if m:
            return m.group(1), m.group(2).strip()
    return code or None, name_cell


def amount(cell: str, col: Column, line: Line, path: str | None):
    """Exact Decimal; a malformed number names the column as well as the file and line."""
    try:
        return parse_amount(cell, path=path, line=line.no)
    except ExtractionError as exc:
        raise ExtractionError(
            f"{exc.message} in column {col.header!r}", path=path, line=line.no
        ) from None


def row_role(label: str) -> str:
    """合计/总计/部门合计/收入总计 close the table; 本年收入合计/小计 close a part of it."""
    text = squash(ascii_punct(label))
    if TOTAL_LABEL.fullmatch(text):
        return "total"
    if SUBTOTAL_LABEL.fullmatch(text):
        return "subtotal"
    return "line"
