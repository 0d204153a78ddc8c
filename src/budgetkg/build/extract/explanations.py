"""Extract stage, 部门决算 narrative: the per-subject explanations of 决算数 against 预算数.

A final account explains each 项级 subject of its general-budget spending in one numbered item:
``3、一般公共服务支出（类）财政事务（款）信息化建设（项）。主要用于：…。年初预算为135.90万元，支出决算为
135.25万元。决算数小于预算数的主要原因：…。`` Items wrap over printed lines, so the narrative is read
as one running text (lines joined, each offset leading back to its line) and cut at the item
numbers. The subject is matched to its function code through the final account's own
一般公共预算财政拨款支出决算表 (the same 项 under the same 类 and 款).
"""

from __future__ import annotations

import re
from decimal import Decimal

from budgetkg.build.extract.cells import parse_amount
from budgetkg.build.extract.joined import Joined, join_lines
from budgetkg.build.records import ReportTable, SubjectExplanation
from budgetkg.build.segment import Section

# An item number (1、 … 99、) at the start of the text or after a stop, colon or space; the
# look-behind sits after the first digit so that the pattern begins with a digit, which the regex
# engine skips to in C (a search of ten million characters: 0.15 s instead of 0.6 s).
ITEM = re.compile(r"(\d(?<![^。；;:：\s]\d)\d?)、\s*([^。]{2,80}?（项）)[。.]?")
HEADING = re.compile(r"[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）")
SUBJECT = re.compile(r"(.+?)（类）(.+?)（款）(.+?)（项）")
BUDGET = re.compile(r"(?:年初|全年)?预算(?:数)?为\s*([\d,]+(?:\.\d+)?)\s*万元")
FINAL = re.compile(r"(?:支出)?决算(?:数)?为\s*([\d,]+(?:\.\d+)?)\s*万元")
REASON = re.compile(r"主要原因[:：]\s*(.+?)(?:。|$)")
ON_PAR = re.compile(r"基本持平|相等|一致")


def running_text(section: Section) -> Joined:
    """A narrative section as one string, with the source line of every character."""
    return join_lines((ln.no, t) for ln in section.lines
                      if "\t" not in (t := ln.text.strip()))


def extract_explanations(sections: list[Section], tables: list[ReportTable],
                         path: str | None = None) -> list[SubjectExplanation]:
    codes = subject_codes(tables)
    out = []
    for section in sections:
        if section.kind == "narrative":
            out.extend(section_explanations(section, codes, path))
    return out


def section_explanations(section: Section, codes: dict, path: str | None
                         ) -> list[SubjectExplanation]:
    joined = running_text(section)
    text = joined.text
    items = list(ITEM.finditer(text))
    out = []
    for k, m in enumerate(items):
        end = items[k + 1].start() if k + 1 < len(items) else len(text)
        heading = HEADING.search(text, m.end(), end)
        body = text[m.end():heading.start() if heading else end]
        parts = SUBJECT.fullmatch(re.sub(r"\s+", "", m.group(2)))
        budget, final = BUDGET.search(body), FINAL.search(body)
        if not parts or not (budget or final):
            continue
        reason = REASON.search(body)
        names = tuple(p.strip() for p in parts.groups())
        line = joined.line_at(m.start(1))
        out.append(SubjectExplanation(
            subject=m.group(2).strip(),
            names=names,
            code=codes.get(names),
            budget=amount(budget, path, line),
            final=amount(final, path, line),
            reason=reason.group(1).strip() if reason else None,
            on_par=bool(ON_PAR.search(body)) and not reason,
            line=line,
        ))
    return out


def amount(m: re.Match | None, path: str | None, line: int) -> Decimal | None:
    return parse_amount(m.group(1), path=path, line=line) if m else None


def subject_codes(tables: list[ReportTable]) -> dict[tuple[str, str, str], str]:
    """(类, 款, 项 names) -> 7-digit code, from the rows of the final account's function tables."""
    out: dict[tuple[str, str, str], str] = {}
    for t in tables:
        if t.kind not in ("faGeneralBudget", "faExpenditure", "faIncome"):
            continue
        names = {r.code: r.label for r in t.rows if r.code}
        for code, label in names.items():
            if len(code) == 7 and code[:3] in names and code[:5] in names:
                out.setdefault((names[code[:3]], names[code[:5]], label), code)
    return out
