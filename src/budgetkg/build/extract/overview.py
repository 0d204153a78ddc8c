"""Part 1 (概况): the department, its numbered duties and its organisation statement.

The prose of part 1 comes from a PDF export, so one paragraph may be broken over several lines
(sometimes with a blank line between the pieces) and page footers (``— 3 —``) may sit in the
middle of it. Paragraph boundaries are therefore taken from the numbering (``(一)``, ``（十一）``),
never from line breaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from budgetkg.build.extract.cells import ascii_punct, cn_ordinal, squash
from budgetkg.build.readers import Line
from budgetkg.build.records import Department, Duty, Organisation, Span
from budgetkg.build.segment import Section, clean_heading
from budgetkg.errors import ExtractionError

# A page footer or page number left by the PDF export: "— 1 —", "- 12 -", "第 3 页".
PAGE_FOOTER = re.compile(r"^[—–\-－\s]*\d+[—–\-－\s]*$|^第\s*\d+\s*页(\s*共\s*\d+\s*页)?$")
# A horizontal rule or other line made of markup only.
MARKUP_ONLY = re.compile(r"^[\s\-*_=#>]*$")
# The year line of the cover: 2024年度部门预算公开 / 2024年部门预算.
YEAR_LINE = re.compile(r"(\d{4})\s*年\s*度?\s*(?:部门|单位)?\s*[预决]算")
# A numbered duty after ascii_punct: "(一) ...", "(十一)...", "( 3 ) ...".
DUTY_START = re.compile(r"^\(\s*([一二三四五六七八九十两零〇\d]{1,4})\s*\)\s*(.*)$")
# 部门名称：吕梁市… as the first cell of a report-table header line.
DEPARTMENT_NAME_CELL = re.compile(r"^部门名称\s*:\s*(.+)$")
# The list of internal offices: "机关内设15个科室及1个事业中心：A、B、C。"
OFFICES = re.compile(r"(?:机关)?内设[^:。;]*:([^。;]*)")
# The list of subordinate units: "下属单位包括：A、B。" (not "…和下属单位预算。").
UNITS = re.compile(
    r"下属(?:事业)?单位(?:包括|有)?\s*:([^。;]*)|下属(?:事业)?单位(?:包括|有)([^。;:]*)"
)
NONE_WORDS = {"无", "没有", "暂无"}


def is_page_footer(text: str) -> bool:
    """Page numbers and rules are layout, not content: every prose extractor skips them."""
    t = text.strip()
    return bool(t) and (bool(PAGE_FOOTER.match(t)) or bool(MARKUP_ONLY.match(t)))


def prose_lines(lines: Iterable[Line]) -> list[Line]:
    """The lines that carry text: non-empty, not a page footer or a markup-only rule."""
    return [ln for ln in lines if ln.text.strip() and not is_page_footer(ln.text)]


def join_broken(pieces: Sequence[str]) -> str:
    """Rejoin a paragraph the PDF export broke over lines. Chinese has no spaces between words,
    so the pieces are glued directly; only two Latin/digit ends get a space back."""
    out = ""
    for piece in (p.strip() for p in pieces):
        if not piece:
            continue
        if out and _latin(out[-1]) and _latin(piece[0]):
            out += " "
        out += piece
    return out


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def sections_of(sections: Iterable[Section], kind: str) -> list[Section]:
    return [s for s in sections if s.kind == kind]


# --- department ----------------------------------------------------------------------------------


def extract_department(sections: Sequence[Section], path: str | None = None) -> Department:
    """The department named on the cover (``# 吕梁市…局``) and the budget year (``## 2024年度…``).

    Without a usable cover the name falls back to the ``部门名称：`` line of the report tables and
    the year to the first part or table title that states one. ``code`` stays None: only the
    project tables state it, and the pipeline fills it in from there.
    """
    title_lines = [ln for s in sections_of(sections, "title") for ln in prose_lines(s.lines)]
    year_found = _year_from_lines(title_lines) or _year_from_titles(sections)
    name_found = _name_from_cover(title_lines) or _name_from_tables(sections)
    if name_found is None:
        first = sections[0].start if sections else None
        raise ExtractionError(
            "no department name found: the cover has no name line and no table states 部门名称",
            path=path,
            line=first,
        )
    name, name_line = name_found
    used = [name_line] + ([year_found[1]] if year_found and year_found[1] else [])
    year = year_found[0] if year_found else None
    return Department(name=name, year=year, code=None, span=Span.of(*used))


def _year_from_lines(lines: Sequence[Line]) -> tuple[int, int] | None:
    """(year, line number) from the first cover line that states the budget year."""
    for ln in lines:
        m = YEAR_LINE.search(clean_heading(ln.text))
        if m:
            return int(m.group(1)), ln.no
    return None


def _year_from_titles(sections: Sequence[Section]) -> tuple[int, int] | None:
    """Fallback year: part and table titles (``第二部分2024年部门预算报表``) repeat it."""
    for s in sections:
        if s.kind in ("title", "toc"):
            continue
        m = YEAR_LINE.search(s.title) or re.match(r"^(\d{4})年", s.title)
        if m:
            return int(m.group(1)), s.start
    return None


def _name_from_cover(lines: Sequence[Line]) -> tuple[str, int] | None:
    """The first cover line that is neither the year line nor a table row.

    Heading markers are unreliable in exports, so a ``#`` heading is preferred but a plain line
    is accepted too.
    """
    candidates = [ln for ln in lines if "\t" not in ln.text and not YEAR_LINE.search(ln.text)]
    headings = [ln for ln in candidates if ln.text.lstrip().startswith("#")]
    for ln in headings or candidates:
        name = clean_heading(ln.text)
        if name and len(name) <= 60:
            return name, ln.no
    return None


def _name_from_tables(sections: Sequence[Section]) -> tuple[str, int] | None:
    """Fallback name: each report table repeats ``部门名称：…`` above its header."""
    for s in sections_of(sections, "table"):
        for ln in s.lines:
            cells = ln.filled
            m = DEPARTMENT_NAME_CELL.match(ascii_punct(cells[0])) if cells else None
            if m and squash(m.group(1)):
                return squash(m.group(1)), ln.no
    return None


# --- duties --------------------------------------------------------------------------------------


def extract_duties(sections: Sequence[Section]) -> list[Duty]:
    """Every numbered duty of 本部门职责, a paragraph broken over several lines joined back.

    A duty runs from its ``(一)`` line up to the next numbered line or heading; text before the
    first number (an introduction) belongs to no duty.
    """
    duties: list[Duty] = []
    for section in sections_of(sections, "duties"):
        duties.extend(_duties_in(prose_lines(section.lines[1:])))
    return duties


def _duty_start(text: str) -> tuple[int, str] | None:
    """(number, rest of line) when the line opens a numbered duty; an unreadable numeral
    (``(十十)``) is not a number, so such a line stays part of the paragraph it is in."""
    stripped = text.strip()
    m = DUTY_START.match(ascii_punct(stripped))
    number = cn_ordinal(m.group(1)) if m else None
    if number is None:
        return None
    # ascii_punct maps one character to one, so the offset cuts the text as written.
    return number, stripped[m.start(2) :]


def _duties_in(lines: Sequence[Line]) -> list[Duty]:
    """Group lines into duties: a numbered line opens one, a heading closes it, anything else
    continues the open one."""
    groups: list[tuple[int, list[str], list[int]]] = []  # (number, pieces, line numbers)
    open_duty = False
    for ln in lines:
        start = _duty_start(ln.text)
        if start is not None:
            groups.append((start[0], [start[1]], [ln.no]))
            open_duty = True
        elif ln.text.lstrip().startswith("#"):
            open_duty = False
        elif open_duty:
            groups[-1][1].append(ln.text)
            groups[-1][2].append(ln.no)
    return [Duty(number=n, text=join_broken(p), span=Span.of(*nos)) for n, p, nos in groups]


# --- organisation --------------------------------------------------------------------------------


def extract_organisation(sections: Sequence[Section]) -> Organisation | None:
    """机构设置情况: the statement as written, with the offices and units it lists.

    Lists are read from the statement with its line breaks removed, so a list broken over two
    lines stays one list. Names are kept exactly as written.
    """
    found = sections_of(sections, "organisation")
    if not found:
        return None
    lines = [ln for ln in prose_lines(found[0].lines[1:]) if not ln.text.lstrip().startswith("#")]
    if not lines:
        return None
    text = join_broken([ln.text for ln in lines])
    return Organisation(
        text=text,
        offices=_list_after(OFFICES, text),
        units=_list_after(UNITS, text),
        span=Span.of(*(ln.no for ln in lines)),
    )


def _list_after(pattern: re.Pattern[str], text: str) -> list[str]:
    """The 、-separated names that follow the pattern's lead-in, up to the end of the sentence.

    Matching runs on ASCII punctuation but the names are cut from the original text: the
    mapping keeps every position, so the offsets carry over.
    """
    m = pattern.search(ascii_punct(text))
    if not m:
        return []
    group = 1 if m.group(1) is not None else 2
    listed = text[m.start(group) : m.end(group)]
    names = [n.strip() for n in listed.split("、")]
    return [n for n in names if n and n not in NONE_WORDS]
