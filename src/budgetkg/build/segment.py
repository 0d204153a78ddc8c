"""Segment stage: numbered lines -> typed sections (overview, the 13 report tables, the part-3
narrative, one block per project performance table, assets, the catalogue, the glossary).

Headings in PDF exports are unreliable (``#`` levels vary, some titles lose their marker), so
sections are recognised by their wording, not their markup. The table of contents repeats every
title with dotted leaders; those lines are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetkg.build.readers import Line, SourceDocument
from budgetkg.errors import InputError

# (number, kind, pattern on the title with markup and spaces removed). Order matters: the more
# specific patterns come first (财政拨款收支总表 before 收支总表).
TABLE_KINDS: tuple[tuple[int, str, re.Pattern[str]], ...] = tuple(
    (n, kind, re.compile(p))
    for n, kind, p in (
        (4, "fiscalOverview", r"财政拨款收支总表"),
        (1, "budgetOverview", r"预算收支总表"),
        (2, "income", r"预算收入总表"),
        (3, "expenditure", r"预算支出总表"),
        (6, "basicByEconomic", r"基本支出分经济科目表"),
        (5, "generalBudget", r"一般公共预算支出预算表"),
        (7, "fundIncome", r"政府性基金预算收入表"),
        (8, "fundExpenditure", r"政府性基金预算支出表"),
        (9, "stateCapital", r"国有资本经营预算收支预算表"),
        (10, "threePublic", r"三公.?经费支出预算表"),
        (11, "agencyOperating", r"机关运行经费预算表"),
        (12, "projectCurrent", r"项目支出预算表（本年预算）|项目支出预算表\(本年预算\)"),
        (13, "projectCarryOver", r"项目支出预算表（上年结转）|项目支出预算表\(上年结转\)"),
        # the national 9-table 部门预算 layout, by its own titles
        (1, "budgetOverview", r"部门收支总表"),
        (2, "income", r"部门收入总表"),
        (3, "expenditure", r"部门支出总表"),
        (6, "basicByEconomic", r"一般公共预算基本支出表"),
        (5, "generalBudget", r"一般公共预算支出表"),
        (10, "threePublic", r"三公.?经费支出表"),
        (9, "stateCapital", r"国有资本经营预算支出表"),
        # the 9-table 部门决算 (final account) layout
        (24, "faFiscalOverview", r"财政拨款收入支出决算总表"),
        (21, "faOverview", r"收入支出决算总表"),
        (22, "faIncome", r"收入决算表"),
        (26, "faBasic", r"一般公共预算财政拨款基本支出决算表"),
        (25, "faGeneralBudget", r"一般公共预算财政拨款支出决算表"),
        (27, "faThreePublic", r"三公.?经费支出决算表"),
        (28, "faFund", r"政府性基金预算财政拨款收入支出决算表"),
        (29, "faStateCapital", r"国有资本经营预算财政拨款收入支出决算表"),
        (23, "faExpenditure", r"支出决算表"),
    )
)
FINAL_ACCOUNT_KINDS = frozenset(k for _, k, _ in TABLE_KINDS if k.startswith("fa"))
# A title without its year (收入支出决算总表): short, no enumerator (一、 marks a contents line).
BARE_TITLE = re.compile(r"^(?![一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]).{4,30}表$")

CN_NUMERALS = "一二三四五六七八九十"
NARRATIVE_HEADING = re.compile(r"^([一二三四五六七八九十]{1,3})、(.+)$")
PART_HEADING = re.compile(r"^第([一二三四])部分\s*(.*)$")
PROJECT_NAME_ROW = re.compile(r"^项目名称$")


@dataclass
class Section:
    kind: str  # title, toc, duties, organisation, table, narrative, performance, assets,
    # catalogue, glossary, other
    title: str
    lines: list[Line]
    number: int | None = None  # table number, or narrative section ordinal
    key: str | None = None  # table kind, or narrative section numeral

    @property
    def start(self) -> int:
        return self.lines[0].no

    @property
    def end(self) -> int:
        return self.lines[-1].no


def clean_heading(text: str) -> str:
    """Strip markdown markers, HTML bold tags and spaces from a candidate heading."""
    t = re.sub(r"</?b>", "", text)
    t = t.strip().lstrip("#").strip().strip("*").strip()
    return re.sub(r"\s+", "", t)


def is_toc_line(text: str) -> bool:
    return "....." in text or "…" * 3 in text


def table_kind(text: str, bare: bool = False, heading: str | None = None
               ) -> tuple[int, str] | None:
    """Recognise a report-table title (``2024年预算收支总表``, ``表1 2024年部门收支总表``) and
    return (number, kind). A title without its year is taken where ``bare`` says the tables part
    is being read, and always for a 决算 table (its titles never carry the year). ``heading`` is
    ``clean_heading(text)`` when the caller has it already."""
    if "\t" in text or is_toc_line(text):
        return None
    t = clean_heading(text) if heading is None else heading
    dated = re.match(r"^(表[一二三四五六七八九十\d]+)?\d{4}年", t) and t.endswith(("表", "）", ")"))
    if not dated and not (BARE_TITLE.match(t) and (bare or "决算" in t)):
        return None
    for number, kind, pattern in TABLE_KINDS:
        if pattern.search(t):
            return number, kind
    return None


GENERIC = "generic"


def is_other_table_title(lines: tuple[Line, ...], headings: list[str], i: int) -> bool:
    """A title of a table of no known kind (政府采购预算表, 项目支出表 ...) in the tables part: a
    short line ending in 表, not a contents line, followed within a few lines by table rows.
    ``headings`` are the lines' ``clean_heading``, worked out once."""
    text = lines[i].text
    if "\t" in text or is_toc_line(text):
        return False
    t = headings[i]
    if not (4 <= len(t) <= 40 and t.endswith("表")) or NARRATIVE_HEADING.match(t):
        return False
    for j in range(i + 1, min(i + 6, len(lines))):
        line = lines[j]
        if "\t" in line.text and line.filled:
            return True
        if table_kind(line.text, heading=headings[j]) or line.text.strip().endswith("表"):
            return False
    return False


def _narrative_heading(text: str, heading: str) -> tuple[str, str] | None:
    if "\t" in text or is_toc_line(text):
        return None
    m = NARRATIVE_HEADING.match(heading)
    if not m or len(m.group(2)) > 40:
        return None
    return m.group(1), m.group(2)


def _part(text: str, heading: str) -> int | None:
    if "\t" in text or is_toc_line(text):
        return None
    m = PART_HEADING.match(heading)
    return CN_NUMERALS.index(m.group(1)) + 1 if m else None


def _first_cell(line: Line) -> str:
    cells = line.filled
    return cells[0] if cells else ""


def segment(doc: SourceDocument) -> list[Section]:
    """Cut the document into sections. Lines between recognised starts belong to the section
    before them; nothing is dropped."""
    starts: list[tuple[int, str, str, int | None, str | None]] = []  # (index, kind, title, n, key)
    part = 0
    seen_toc = False
    in_catalogue = False
    # each line's heading form once: the tests below and the look-ahead for table titles all
    # need it, and a line can be millions of characters long
    headings = [clean_heading(line.text) for line in doc.lines]
    for i, line in enumerate(doc.lines):
        text = line.text
        heading = headings[i]
        if not seen_toc and heading in ("目录", "目錄"):
            starts.append((i, "toc", heading, None, None))
            seen_toc = True
            continue
        p = _part(text, heading)
        if p is not None:
            part = p
            kind = {1: "overview", 2: "tables", 3: "narrative", 4: "glossary"}[p]
            starts.append((i, kind, heading, p, None))
            continue
        tk = table_kind(text, bare=part == 2, heading=heading)
        if tk is not None and part <= 2:
            starts.append((i, "table", heading, tk[0], tk[1]))
            continue
        if part == 2 and is_other_table_title(doc.lines, headings, i):
            starts.append((i, "table", heading, None, GENERIC))
            continue
        if part == 1:
            nh = _narrative_heading(text, heading)
            if nh and ("职责" in nh[1] or "主要职能" in nh[1]):
                starts.append((i, "duties", heading, None, nh[0]))
            elif nh and ("机构" in nh[1] or "单位构成" in nh[1]):
                starts.append((i, "organisation", heading, None, nh[0]))
            continue
        if part == 3 and not in_catalogue:
            if PROJECT_NAME_ROW.match(_first_cell(line)) and "\t" in text:
                starts.append((i, "performance", _project_title(line), None, None))
                continue
            nh = _narrative_heading(text, heading)
            if nh:
                numeral, title = nh
                if "国有资产" in title:
                    kind = "assets"
                elif "其他说明" in title:
                    kind = "other"
                else:
                    kind = "narrative"
                starts.append((i, kind, heading, None, numeral))
                continue
            if "购买服务指导性目录" in heading and heading.startswith(("（一）", "(一)")):
                starts.append((i, "catalogue", heading, None, None))
                in_catalogue = True
    if not starts:
        raise InputError("no section of a budget disclosure was recognised", path=doc.path, line=1)
    sections: list[Section] = []
    if starts[0][0] > 0:
        sections.append(Section("title", "", list(doc.lines[: starts[0][0]])))
    for k, (i, kind, title, n, key) in enumerate(starts):
        j = starts[k + 1][0] if k + 1 < len(starts) else len(doc.lines)
        sections.append(Section(kind, title, list(doc.lines[i:j]), n, key))
    _check_not_truncated(doc)
    return sections


def _project_title(line: Line) -> str:
    cells = line.filled
    return cells[1] if len(cells) > 1 else ""


def _check_not_truncated(doc: SourceDocument) -> None:
    """A complete disclosure never ends on a table row: a last line with tabs means the export
    was cut off inside a table."""
    for line in reversed(doc.lines):
        if line.text.strip():
            if "\t" in line.text and line.filled:
                raise InputError(
                    "the document ends inside a table (the file looks truncated)",
                    path=doc.path,
                    line=line.no,
                )
            return
