"""Part 4 (名词解释): the numbered glossary terms and their definitions.

A term is written ``**一、基本支出：**指为…``, but the export varies: the colon may sit inside or
outside the bold markers or be missing (``**九、一般公共预算**是指…``), and a term may be a heading
of its own (``### **六、财政专户管理资金：**``) with the definition on the next line. A definition
broken over several lines is joined back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from budgetkg.build.extract.cells import cn_ordinal
from budgetkg.build.extract.overview import join_broken, prose_lines, sections_of
from budgetkg.build.readers import Line
from budgetkg.build.records import GlossaryTerm, Span
from budgetkg.build.segment import Section

NUMERAL = r"([一二三四五六七八九十两零〇]{1,4}|\d{1,2})"
# Bold term: **六、财政专户管理资金：** rest / **九、一般公共预算**是指… / **一、基本支出**：指…
BOLD_TERM = re.compile(rf"^\*\*\s*{NUMERAL}\s*[、.．]\s*(.+?)\s*[：:]?\s*\*\*\s*[：:]?\s*(.*)$")
# Plain term with a colon: 一、基本支出：指…
PLAIN_TERM = re.compile(rf"^{NUMERAL}\s*[、.．]\s*([^：:，,。]{{1,30}}?)\s*[：:]\s*(.*)$")
HEADING_MARKS = re.compile(r"^\s*#+\s*")
MARKUP = re.compile(r"\*\*|</?b>", re.IGNORECASE)


def extract_glossary(sections: Sequence[Section]) -> list[GlossaryTerm]:
    """Every numbered term of 名词解释, in document order."""
    terms: list[GlossaryTerm] = []
    for section in sections_of(sections, "glossary"):
        terms.extend(_terms_in(prose_lines(section.lines[1:])))
    return terms


def term_start(text: str) -> tuple[int, str, str] | None:
    """(number, term, start of the definition) when the line opens a term, else None."""
    t = HEADING_MARKS.sub("", text.strip())
    m = BOLD_TERM.match(t) or PLAIN_TERM.match(t)
    number = cn_ordinal(m.group(1)) if m else None
    if number is None:
        return None
    term = MARKUP.sub("", m.group(2)).strip()
    return (number, term, m.group(3)) if term else None


def _terms_in(lines: Sequence[Line]) -> list[GlossaryTerm]:
    """Group lines into terms: a term line opens one, any other line continues its definition
    (a term heading alone on its line takes its definition from the lines that follow)."""
    groups: list[tuple[int, str, list[str], list[int]]] = []  # number, term, pieces, line numbers
    for ln in lines:
        start = term_start(ln.text)
        if start is not None:
            number, term, rest = start
            groups.append((number, term, [rest], [ln.no]))
        elif groups:
            groups[-1][2].append(HEADING_MARKS.sub("", ln.text))
            groups[-1][3].append(ln.no)
    return [
        GlossaryTerm(
            number=number,
            term=term,
            definition=MARKUP.sub("", join_broken(pieces)).strip(),
            span=Span.of(*nos),
        )
        for number, term, pieces, nos in groups
    ]
