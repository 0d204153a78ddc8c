"""The purchase-service catalogue (政府购买服务指导性目录) appended under 其他说明.

The catalogue is the provincial finance department's notice reproduced in full: a notice head
(issuer, document number, title), prose, then one long five-column table (代码, 一级目录 ..
四级目录) grouped by department type. A group starts with a row that names the department type
and leaves the other cells empty. Page breaks repeat the column header and drop page footers
into the table; neither ends a group.

The source has defects (a code written in the wrong column, a label missing, a code without its
letter). Every row is kept as written so the validator can report it: the level is the column
the label sits in, never derived from the code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from budgetkg.build.extract.cells import squash
from budgetkg.build.readers import Line
from budgetkg.build.records import Catalogue, CatalogueEntry, CatalogueSection, Span
from budgetkg.build.segment import Section, clean_heading
from budgetkg.errors import ExtractionError

# A well-formed catalogue code: the letter of the level-1 category, then two digits per level.
CODE = re.compile(r"^[A-Z]\d*$")
# Anything that looks like a code, well-formed or not (160601, a15, A15O1): such a first cell
# makes the row an entry, never a department header.
CODE_LIKE = re.compile(r"^[0-9A-Za-z]+$")
# 晋财综〔2023〕43号, 晋财综[2021]63号: issuer prefix, year in brackets, serial number.
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[［【(（]\d{4}[〕\]］】)）]\d+号")
NOTICE_TITLE = re.compile(r"关于印发.*指导性目录")
ISSUER_HEADING = re.compile(r"^(.+?)文件$")
ISSUED = re.compile(r"(\d{4}年\d{1,2}月\d{1,2}日)印发")
COLUMN_HEADER = re.compile(r"级目录$")
BOLD = re.compile(r"</?b>", re.IGNORECASE)
CATALOGUE_WORD = "指导性目录"


@dataclass
class _Head:
    """The notice head, each field with the line it came from (None = not stated)."""

    title: tuple[str, int] | None = None
    number: tuple[str, int] | None = None
    issuer: tuple[str, int] | None = None
    issued: tuple[str, int] | None = None


def extract_catalogue(sections: Sequence[Section], path: str | None = None) -> Catalogue | None:
    """The catalogue section as a record, or None when the document has none."""
    found = [s for s in sections if s.kind == "catalogue"]
    if not found:
        return None
    section = found[0]
    text_lines = [ln for ln in section.lines if ln.text.strip() and "\t" not in ln.text]
    head = _read_head(text_lines)
    groups = read_table(section.lines, path)
    title = head.title[0] if head.title else section.title
    used = [value[1] for value in (head.title, head.number, head.issuer, head.issued) if value]
    used += [g.line for g in groups] + [e.line for g in groups for e in g.entries]
    return Catalogue(
        title=title,
        document_number=head.number[0] if head.number else None,
        issuer=head.issuer[0] if head.issuer else None,
        issued=head.issued[0] if head.issued else None,
        sections=groups,
        span=Span.of(*used) if used else Span(section.start, section.end),
    )


# --- the notice head -----------------------------------------------------------------------------


def _read_head(lines: Sequence[Line]) -> _Head:
    """Read title, number, issuer and date from the prose lines around the table."""
    title = _title(lines)
    return _Head(title, _document_number(lines), _issuer(lines, title), _issued(lines))


def _title(lines: Sequence[Line]) -> tuple[str, int] | None:
    """The notice title. The ``关于印发《…指导性目录》的通知`` heading is preferred; else the first
    line that mentions the catalogue (the reference under 其他说明), without its trailing
    document number. Spaces are removed: the export breaks the title (``山西省部门 政府…``)."""
    mentions = [ln for ln in lines if CATALOGUE_WORD in squash(ln.text)]
    headings = [ln for ln in mentions if ln.text.lstrip().startswith("#")]
    for ln in [h for h in headings if NOTICE_TITLE.search(squash(h.text))] or mentions[:1]:
        title = _strip_trailing_number(clean_heading(ln.text))
        if title:
            return title, ln.no
    return None


def _trailing_number(text: str) -> re.Match[str] | None:
    """The document number a line ends with (``…的通知（晋财综〔2023〕43号）``): a line cites its
    own notice's number last, while numbers inside the prose cite other notices."""
    matches = list(DOC_NUMBER.finditer(text))
    if matches and not text[matches[-1].end() :].strip("）) "):
        return matches[-1]
    return None


def _strip_trailing_number(text: str) -> str:
    """``…的通知（晋财综〔2023〕43号）`` -> ``…的通知``."""
    m = _trailing_number(text)
    return text[: m.start()].rstrip("（( ") if m else text


def _document_number(lines: Sequence[Line]) -> tuple[str, int] | None:
    """The notice's own number: a line that is nothing but a number (under the 文件 letterhead),
    else the number a line mentioning the catalogue ends with."""
    for ln in lines:
        cleaned = clean_heading(ln.text)
        if DOC_NUMBER.fullmatch(cleaned):
            return cleaned, ln.no
    for ln in lines:
        cleaned = clean_heading(ln.text)
        m = _trailing_number(cleaned) if CATALOGUE_WORD in cleaned else None
        if m:
            return m.group(0), ln.no
    return None


def _issuer(lines: Sequence[Line], title: tuple[str, int] | None) -> tuple[str, int] | None:
    """The issuing body: the ``# 山西省财政厅文件`` letterhead, else the subject of the title
    (``山西省财政厅关于印发…``)."""
    for ln in lines:
        if ln.text.lstrip().startswith("#"):
            m = ISSUER_HEADING.match(clean_heading(ln.text))
            if m:
                return m.group(1), ln.no
    if title and "关于" in title[0] and not title[0].startswith("关于"):
        return title[0].split("关于", 1)[0], title[1]
    return None


def _issued(lines: Sequence[Line]) -> tuple[str, int] | None:
    """The issue date from the imprint line ``2023年8月22日印发``."""
    for ln in lines:
        m = ISSUED.search(squash(ln.text))
        if m:
            return m.group(1), ln.no
    return None


# --- the table -----------------------------------------------------------------------------------


def read_table(lines: Sequence[Line], path: str | None = None) -> list[CatalogueSection]:
    """The department groups of the catalogue table, in document order.

    Prose, page footers and repeated column headers are skipped wherever they fall. Code rows
    before the first department header belong to no group and are not entries; if the table has
    code rows but no header at all, nothing can be attributed and the catalogue is unreadable.
    """
    groups: list[CatalogueSection] = []
    orphan: int | None = None
    for ln in lines:
        kind = row_kind(ln)
        if kind == "header":
            name = BOLD.sub("", ln.cells[0]).strip()
            groups.append(CatalogueSection(seq=len(groups) + 1, name=name, line=ln.no, entries=[]))
        elif kind == "entry" and groups:
            groups[-1].entries.append(entry_of(ln))
        elif kind == "entry" and orphan is None:
            orphan = ln.no
    if orphan is not None and not groups:
        raise ExtractionError(
            "the catalogue table has code rows but no department header row "
            "(a name in the first column, the other columns empty)",
            path=path,
            line=orphan,
        )
    return groups


def row_kind(line: Line) -> str | None:
    """Classify a line: "header" (a department type), "entry" (a code row), or None (prose,
    footer, blank, repeated column header)."""
    if "\t" not in line.text:
        return None
    cells = plain_cells(line)
    first, rest = cells[0], cells[1:]
    if _is_column_header(line.text, first, rest):
        return None
    if CODE_LIKE.match(first):
        return "entry"
    if first and not any(rest):
        return "header"
    if not first and any(rest):
        return "entry"  # the code cell is missing; keep the row for the validator
    return None


def plain_cells(line: Line) -> list[str]:
    """The line's cells without bold tags (a cell-by-cell pass only when the line has a tag:
    a line can hold millions of cells)."""
    cells = line.cells
    if "<" in line.text:
        cells = [BOLD.sub("", c).strip() for c in cells]
    return cells


def _is_column_header(text: str, first: str, rest: Sequence[str]) -> bool:
    """``代码 一级目录 二级目录 …``, repeated after every page break. A line without 录 has no
    级目录 cell, which spares a per-cell pass over long lines."""
    if squash(first) == "代码":
        return True
    return "录" in text and sum(bool(COLUMN_HEADER.search(squash(c))) for c in rest if c) >= 2


def entry_of(line: Line) -> CatalogueEntry:
    """One code row as written: the code from the first cell, the label and its level from the
    first filled column after it. A row with no label keeps an empty one; its level is then the
    one its code's length implies (0 when even that is unknown), since no column states it."""
    cells = plain_cells(line)
    code = cells[0]
    for column, cell in enumerate(cells[1:], start=1):
        if cell:
            return CatalogueEntry(code=code, label=cell, level=column, line=line.no)
    return CatalogueEntry(code=code, label="", level=level_of_code(code), line=line.no)


def level_of_code(code: str) -> int:
    """The level a well-formed code implies: A -> 1, A15 -> 2, A1502 -> 3, A150201 -> 4."""
    if not CODE.match(code) or len(code) % 2 == 0 or len(code) > 7:
        return 0
    return (len(code) + 1) // 2
