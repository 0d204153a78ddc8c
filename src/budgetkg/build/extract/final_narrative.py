"""Extract stage, 部门决算 narrative: the 情况说明 of a final account -> ``NarrativeFigure`` records.

A final account's explanations restate its tables like a budget's do, but in the words of the
final-account template (收入支出总计, 本年收入合计, 年初预算为…支出决算为…完成年初预算的…%), and they
state what a budget cannot: how much of the year's budget was spent. The figures are keyed like
the budget's where the quantity is the same kind of thing (``income.total`` is the section's
whole, ``gpb.function`` a class of general-budget spending), and the graph records the document
kind, so validation looks each key up in the final-account tables; the keys a budget does not
have are:

* ``overall.total`` / ``.change`` / ``.changePct``: 收入支出总计 of section 一 (income including
  the carry-over, = expenditure including the balance), and its change on last year;
* ``income.<source>`` / ``.share``: 财政拨款收入, 事业收入, 经营收入, 其他收入 … of 本年收入合计;
* ``gpb.function.share``: a class's share of general-budget spending (qualified by the class);
* ``<subject>.budget`` / ``<subject>.executionRate``: the 年初预算 of general-budget spending or
  of the 三公 expenses and the stated 完成率 (= 决算 / 年初预算 x 100, which validation checks);
  ``<subject>.total`` is then the 决算数.

Figures are anchored on the template's fixed wording, never on a department's name or amounts;
placeholder templates (XXX 万元) yield no figure.
"""

from __future__ import annotations

import re

from budgetkg.build.extract.narrative import (
    PERCENT,
    SHARE,
    Found,
    Prose,
    Readers,
    change,
    first,
    item_name,
    num,
    read_basic,
    read_procurement,
    sentence_end,
    title_readers,
)

# 本年收入 by source, in the order of the final-account income table (收入决算表).
# Keys are the income table's measures (vocab.MEASURE_PROPERTY), so validation finds the cell.
FA_SOURCES = (
    ("fiscalAppropriation", r"财政拨款收入"),
    ("operationIncome", r"事业收入"),
    ("businessIncome", r"经营收入"),
    ("affiliateRemittance", r"附属单位上缴收入"),
    ("otherIncome", r"其他收入"),
)

# A lettered sub-heading of a section: (一) (二) …
SUBHEADING = re.compile(r"\([一二三四五六七八九十]+\)")
EXECUTION = rf"年初预算(?:数)?为{num('budget')}万元,?(?:支出)?决算(?:数)?为{num('final')}万元" \
    rf",?完成(?:年初)?预算的{num('rate')}%"


def scope(p: Prose, start: int, sentences: int = 3) -> int:
    """Where a change stated after ``start`` and its reason end: the end of the ``sentences``-th
    sentence (the whole, the change, then 主要原因…), not beyond the next (一)-style sub-heading."""
    end = start - 1
    for _ in range(sentences):
        end = sentence_end(p, end + 1)
    heading = SUBHEADING.search(p.text, start, end)
    return heading.start() if heading else end


def class_name(text: str) -> str:
    """一般公共服务支出（类） -> 一般公共服务支出: the class as the tables name it."""
    return re.sub(r"\((?:类|款|项)\)$", "", item_name(text))


def total_with_change(p: Prose, found: Found, words: str, subject: str) -> re.Match | None:
    """A whole (``<words>`` then an amount in 万元) as ``<subject>.total``, and the change on last
    year stated after it."""
    m = first(rf"{words}(?:为)?{num()}万元", p)
    found.figure(p, f"{subject}.total", m)
    if m:
        change(found, p, subject, subject, m.end(), scope(p, m.end()))
    return m


def read_fa_overview(p: Prose, found: Found) -> None:
    """一: 收入支出总计 and its change on last year."""
    total_with_change(p, found, r"收入支出(?:决算)?总计", "overall")


def read_fa_income(p: Prose, found: Found) -> None:
    """二: 本年收入合计 and its sources, each with its share."""
    _parts(p, found, "income", r"本年收入(?:合计)?(?:为)?", FA_SOURCES)


def read_fa_expenditure(p: Prose, found: Found) -> None:
    """三: 本年支出合计, basic and project expenditure, each with its share."""
    _parts(p, found, "expenditure", r"本年支出(?:合计)?(?:为)?",
           (("basic", r"基本支出"), ("project", r"项目支出"), ("businessExpenditure", r"经营支出")))


def _parts(p: Prose, found: Found, what: str, whole: str, parts) -> None:
    m = first(rf"{whole}{num()}万元", p)
    found.figure(p, f"{what}.total", m)
    start = m.end() if m else 0
    for key, name in parts:
        part = first(rf"{name}(?:为)?{num()}万元{SHARE}", p, start)
        found.figure(p, f"{what}.{key}", part)
        found.figure(p, f"{what}.{key}.share", part, "share", PERCENT)


def read_fa_fiscal(p: Prose, found: Found) -> None:
    """四: 财政拨款收入支出总计 and its change."""
    total_with_change(p, found, r"财政拨款收入支出(?:决算)?总计", "fiscal")


def read_fa_gpb(p: Prose, found: Found) -> None:
    """五: general-budget spending (一) with its change, (二) by class with shares, (三) against
    the year's budget; the per-subject items of (三) are read by ``extract.explanations``."""
    total_with_change(p, found, r"一般公共预算财政拨款(?:支出)?(?:决算)?", "gpb")
    uses = first(r"主要用于(?:以下方面)?:", p)
    if uses:
        heading = SUBHEADING.search(p.text, uses.end())
        end = heading.start() if heading else sentence_end(p, uses.end())
        rx = re.compile(rf"(?<=[:;,、。])(?P<name>[^:;,、。\d]+?){num()}万元{SHARE}")
        for m in rx.finditer(p.text, uses.end() - 1, end):
            name = class_name(m.group("name"))
            found.figure(p, "gpb.function", m, qualifier=name)
            found.figure(p, "gpb.function.share", m, "share", PERCENT, qualifier=name)
    execution(p, found, "gpb", first(EXECUTION, p))


def execution(p: Prose, found: Found, subject: str, m: re.Match | None) -> None:
    found.figure(p, f"{subject}.budget", m, "budget")
    found.figure(p, f"{subject}.total", m, "final")
    found.figure(p, f"{subject}.executionRate", m, "rate", PERCENT)


def read_fa_three_public(p: Prose, found: Found) -> None:
    """七: the 三公 budget, spending and completion rate, then each item's spending and its
    change on last year."""
    m = first(EXECUTION, p)
    execution(p, found, "threePublic", m)
    start = m.end() if m else 0
    rx = re.compile(rf"(?<=[:;,、。])(?P<name>[^:;,、。\d]+?费)(?:支出)?(?:决算)?(?:数)?(?:为){num()}万元")
    heading = SUBHEADING.search(p.text, start)
    for item in rx.finditer(p.text, start, heading.start() if heading else len(p.text)):
        found.figure(p, "threePublic.item", item, qualifier=item_name(item.group("name")))
    unchanged = first(r"决算数?(?:比|与)\d{4}年度", p, start)
    if unchanged:
        change(found, p, "threePublic", "threePublic", unchanged.start(),
               scope(p, unchanged.start(), 1))


def read_fa_other(p: Prose, found: Found) -> None:
    """十一: 机关运行经费 (with its change) and government procurement, which a final account
    reports as sub-items of its 'other matters' section."""
    total_with_change(p, found, r"机关运行经费(?:支出)?", "operating")
    procurement = first(r"政府采购(?:支出)?(?:金额|总额)", p)
    if procurement:
        heading = SUBHEADING.search(p.text, procurement.end())
        read_procurement(p.cut(procurement.start(), heading.start() if heading else len(p.text)),
                         found)


# Title wording -> reader, first match wins (财政拨款收入支出 before 收入支出, 基本支出 before 支出).
FA_READERS: Readers = title_readers(
    (
        (r"三公", read_fa_three_public),
        (r"其他重要事项", read_fa_other),
        (r"财政拨款收入支出", read_fa_fiscal),
        (r"基本支出", read_basic),
        (r"一般公共预算.*支出", read_fa_gpb),
        (r"收入支出", read_fa_overview),
        (r"收入决算", read_fa_income),
        (r"支出决算", read_fa_expenditure),
    )
)
