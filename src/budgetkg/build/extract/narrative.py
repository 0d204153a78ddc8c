"""Extract stage, part 3: the 情况说明 prose -> ``NarrativeFigure`` and ``ChangeStatement`` records.

The explanations restate the tables in sentences ("预算收入总计5,358.61万元，其中：本年收入…"),
and analysts check that both agree, so every stated number is pulled out under a generic key
(``income.total``, ``threePublic.item`` …, see ``FIGURE_KEYS``). Nothing is keyed to one
department: sentences are anchored on the template's fixed wording (收入总计, 其中, 占…%), never
on the department name, year or amounts, which differ in every disclosure.

Why the text is prepared as it is: PDF exports break sentences across lines, even inside a word
(``卫生健康`` / ``支出84.03万元``), scatter stray spaces and mix full-width and ASCII punctuation.
Each section's prose is therefore joined into one string with whitespace removed and punctuation
mapped to ASCII *for matching*, keeping for every character its source line (for provenance) and
its original form (for the snippets and reasons, which are stored as written).

Sections are recognised by their title wording rather than their numeral, so a template that
renumbers them still parses; the record keeps the numeral as written.

Change conventions: figure keys ``*.change`` / ``*.changePct`` and ``ChangeStatement.amount`` /
``.percent`` are signed (negative for 减少/下降). ``ChangeStatement.subject`` is an ASCII key:
income, expenditure, gpb, threePublic, operating, or ``threePublic.<item>`` for one 三公 item.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from budgetkg.build.extract.cells import ascii_punct, parse_amount
from budgetkg.build.extract.joined import Joined, join_lines
from budgetkg.build.records import WAN_YUAN, ChangeStatement, NarrativeFigure
from budgetkg.build.segment import Section


# A number as the prose writes it (5,358.61 or 1428.41 or 0). A template-built regex may need
# the same shape several times, so the group name is a parameter; what follows a number in
# every pattern is a unit or a word, never a digit.
# Linear however long a run of digits is, and fast on text without any:
# - a number starts where a run of digits starts, and a thousands group never starts one: the
#   look-behinds ``(?<!\d\d)`` and ``(?<!\d,\d)`` (placed after the first digit, so that the
#   pattern begins with ``\d`` and the regex engine skips to the next digit in C). Without them
#   a search tried every digit of a run (and every group of 1,234,567,…) as a start and rescanned
#   the rest each time, quadratic: a 50,000-digit line took 30 s per pattern;
# - digits are taken possessively (``\d++``): giving some back only puts a digit where the unit
#   must be.
# A well-formed number matches as before (a search that fails at the start of a run fails inside
# it too); only a malformed 1234,567 now reads as 567, not as 234,567.
def num(name: str = "n") -> str:
    return (
        rf"(?P<{name}>\d(?<!\d\d)"
        r"(?:(?<!\d,\d)\d{0,2}(?:,\d{3})+(?:\.\d++)?|\d*+(?:\.\d++)?))"
    )


SNIPPET_LEAD = 40
WHITESPACE = re.compile(r"\s+")
# Where a clause starts: after ; : 。 、 or a comma that is not a thousands separator.
CLAUSE_STOP = re.compile(r"[;:。、]|,(?!\d{3})")
PERCENT, COUNT, VEHICLES, AREA, SETS = "%", "个", "辆", "平方米", "台（套）"

# 其中 / 主要包括 / 包括 open the breakdown; the whole sits before it.
BREAKDOWN = re.compile(r"其中|主要包括|包括")
SHARE = rf"(?:,?占(?:比)?(?:为)?{num('share')}%)?"
CHANGE_AMOUNT = re.compile(rf"(?P<dir>增加|减少|增长|下降)了?{num()}万元")
CHANGE_PERCENT = re.compile(rf"(?P<dir>增长|下降|增加|减少)了?{num()}%")
UNCHANGED = re.compile(r"与上年(?:预算数?)?(?:数)?(?:相同|持平|一致)|持平|无变化")
REASON = re.compile(r"(?:主要)?原因(?:主要)?(?:(?:是|为|在于)[:]?|:)")
DECREASE = ("减少", "下降")

# Income sources in section 二 and the fiscal breakdown in 四, by MEASURES key.
SOURCES = (
    ("generalPublicBudget", r"一般公共预算"),
    ("governmentFund", r"政府性基金(?:预算)?"),
    ("stateCapital", r"国有资本经营(?:预算)?"),
    ("specialAccount", r"财政专户(?:管理)?资金"),
    ("unitFunds", r"单位资金"),
    ("carryOver", r"上年结转"),
)
SOURCE_TAIL = r"(?:拨款)?(?:收入)?(?:资金)?(?:为)?"

# Every key a figure can carry (the model maps each to a property; tests check none is new).
FIGURE_KEYS: tuple[str, ...] = tuple(
    dict.fromkeys(
        (
            *(
                f"{side}.{part}"
                for side in ("income", "expenditure")
                for part in ("total", "currentYear", "carryOver", "change", "changePct")
            ),
            *(f"income.{key}{share}" for key, _ in SOURCES for share in ("", ".share")),
            "expenditure.basic",
            "expenditure.basic.share",
            "expenditure.project",
            "expenditure.project.share",
            *(
                f"fiscal.{key}"
                for key in (
                    "total",
                    "generalPublicBudget",
                    "governmentFund",
                    "stateCapital",
                    "currentYear",
                    "carryOver",
                    "function",
                )
            ),
            "gpb.total",
            "gpb.change",
            "gpb.changePct",
            "gpb.function",
            "basic.total",
            "basic.personnel",
            "basic.publicFunds",
            "threePublic.total",
            "threePublic.change",
            "threePublic.changePct",
            "threePublic.item",
            "threePublic.itemChange",
            "threePublic.itemChangePct",
            # final accounts (extract.final_narrative)
            "overall.total",
            "overall.change",
            "overall.changePct",
            *(f"income.{key}{share}" for key in ("fiscalAppropriation", "operationIncome",
                                                 "businessIncome", "affiliateRemittance",
                                                 "otherIncome") for share in ("", ".share")),
            "expenditure.businessExpenditure",
            "expenditure.businessExpenditure.share",
            "fiscal.change",
            "fiscal.changePct",
            "gpb.function.share",
            "gpb.budget",
            "gpb.executionRate",
            "threePublic.budget",
            "threePublic.executionRate",
            "operating.total",
            "operating.change",
            "operating.changePct",
            "operating.unitCount",
            "procurement.total",
            "procurement.goods",
            "procurement.works",
            "procurement.services",
            "projects.count",
            "projects.amount",
            "projects.category.count",
            "projects.category.amount",
            "projects.published.count",
            "projects.published.amount",
            "projects.published.share",
            "projects.published.category.count",
            "projects.published.category.amount",
            "vehicles.quota",
            "vehicles.actual",
            "vehicles.type",
            "office.area",
            "equipment.count",
        )
    )
)

# The 三公 items are a national category list; ASCII subjects keep change IRIs readable.
THREE_PUBLIC_ITEMS = (
    ("overseas", r"因公出国"),
    ("vehicles", r"购置及运行"),
    ("vehiclePurchase", r"购置费"),
    ("vehicleRunning", r"运行(?:维护)?费"),
    ("reception", r"接待费"),
)


# --- prose ---------------------------------------------------------------------------------


@dataclass
class Prose:
    """A section's sentences as one string. ``text`` is for matching (no whitespace, ASCII
    punctuation), ``orig`` the same characters as written, ``joined`` their source lines."""

    section: str
    text: str
    orig: str
    joined: Joined

    def line_at(self, i: int) -> int:
        return self.joined.line_at(i)

    def written(self, start: int, end: int) -> str:
        return self.orig[start:end]

    def cut(self, start: int, end: int) -> Prose:
        """The part of the prose from ``start`` to ``end``, for a reader that expects a
        section of its own (a final account states procurement inside another section)."""
        return Prose(self.section, self.text[start:end], self.orig[start:end],
                     self.joined.cut(start, end))

    def snippet(self, m: re.Match) -> str:
        """The match as written, led by its clause (``比上年增加…``, ``…预算收入总计…``) so a
        bare number keeps the words that say what it is; at most SNIPPET_LEAD more chars."""
        lead = max(m.start() - SNIPPET_LEAD, 0)
        stops = [d.end() for d in CLAUSE_STOP.finditer(self.text, lead, m.start())]
        return self.orig[stops[-1] if stops else lead : m.end()]


def prose_of(section: Section, name: str) -> Prose:
    """Join the section's prose lines (not its heading, not tab-separated table rows) with
    nothing between them: exports wrap lines inside words and numbers alike, and a Chinese
    sentence has no spaces to lose."""
    joined = join_lines(
        (line.no, WHITESPACE.sub("", line.text.lstrip().lstrip("#")))
        for line in section.lines[1:]
        if "\t" not in line.text
    )
    return Prose(name, ascii_punct(joined.text), joined.text, joined)


@dataclass
class Found:
    """Figures and changes of one section, in order, without exact repeats (五 states its
    total twice in identical words; a contradicting repeat is kept for validation to see)."""

    figures: list[NarrativeFigure] = field(default_factory=list)
    changes: list[ChangeStatement] = field(default_factory=list)
    _seen: set = field(default_factory=set)

    def figure(
        self,
        p: Prose,
        key: str,
        m: re.Match | None,
        group: str = "n",
        unit: str = WAN_YUAN,
        qualifier: str | None = None,
        sign: int = 1,
    ) -> None:
        if m is None or m.group(group) is None:
            return
        value = sign * parse_amount(m.group(group))
        seen = (p.section, key, qualifier, value)
        if seen in self._seen:
            return
        self._seen.add(seen)
        self.figures.append(
            NarrativeFigure(
                p.section,
                key,
                value,
                unit,
                p.line_at(m.start(group)),
                qualifier,
                p.snippet(m),
            )
        )


# --- shared sentence patterns --------------------------------------------------------------


def first(pattern: str | re.Pattern[str], p: Prose, start: int = 0, end: int | None = None):
    rx = re.compile(pattern) if isinstance(pattern, str) else pattern
    return rx.search(p.text, start, len(p.text) if end is None else end)


def whole_before_breakdown(p: Prose, start: int = 0) -> tuple[re.Match | None, int]:
    """The first amount of a sentence is its whole ("…5,358.61万元，其中：…"); returns that
    match and where the breakdown begins."""
    b = BREAKDOWN.search(p.text, start)
    stop = b.start() if b else len(p.text)
    return first(rf"{num()}万元", p, start, stop), stop


def change(
    found: Found,
    p: Prose,
    subject: str,
    key: str,
    start: int,
    end: int,
    qualifier: str | None = None,
) -> None:
    """A stated change between ``start`` and ``end``: 增加/减少 an amount, 增长/下降 a percent,
    or 与上年…相同, with the reason after 主要原因是 up to the end of that sentence. Only text
    before the reason is searched, since reasons themselves say 增加 (人员经费随之增加). A stated
    amount and percent also become figures ``<key>.change``/``<key>.changePct``, or, for one
    qualified item, ``<key>Change``/``<key>ChangePct`` (threePublic.itemChange)."""
    reason_at = REASON.search(p.text, start, end)
    scope = reason_at.start() if reason_at else end
    amount = CHANGE_AMOUNT.search(p.text, start, scope)
    percent = CHANGE_PERCENT.search(p.text, start, scope)
    if amount or percent:
        word = (amount or percent).group("dir")
        sign = -1 if word in DECREASE else 1
        direction = "decrease" if sign < 0 else "increase"
        at = (amount or percent).start("dir")
        stem = f"{key}Change" if qualifier else f"{key}.change"
        found.figure(p, stem, amount, sign=sign, qualifier=qualifier)
        found.figure(p, f"{stem}Pct", percent, unit=PERCENT, sign=sign, qualifier=qualifier)
    else:
        same = UNCHANGED.search(p.text, start, scope)
        if not same:
            return
        direction, sign, at = "unchanged", 1, same.start()
    found.changes.append(
        ChangeStatement(
            p.section,
            subject,
            direction,
            sign * parse_amount(amount.group("n")) if amount else None,
            sign * parse_amount(percent.group("n")) if percent else None,
            reason_text(p, reason_at, end),
            p.line_at(at),
        )
    )


def reason_text(p: Prose, reason_at: re.Match | None, end: int) -> str:
    """The reason as written, up to the sentence's 。 (doubled stops and ；are trimmed)."""
    if not reason_at:
        return ""
    stop = p.text.find("。", reason_at.end(), end)
    text = p.written(reason_at.end(), stop if stop >= 0 else end)
    return text.strip("。；;，,.： ")


def listed(
    found: Found,
    p: Prose,
    key: str,
    start: int,
    end: int,
    unit: str = WAN_YUAN,
    name_ends: str = "",
) -> list[re.Match]:
    """Items of an enumeration (``一般公共服务支出4,879.70万元、社会保障…``): each name is the text
    since the previous delimiter, the qualifier of its figure."""
    rx = re.compile(rf"(?<=[:;,、。])(?P<name>[^:;,、。\d]+?{name_ends}){num()}{re.escape(unit)}")
    items = list(rx.finditer(p.text, start, end))
    for m in items:
        found.figure(p, key, m, unit=unit, qualifier=item_name(m.group("name")))
    return items


def item_name(text: str) -> str:
    """Drop an enumerator (①, (1), 1.) or a leading 等/及 from an item's name."""
    return re.sub(r"^(?:[①-⑳]|\(\d+\)|\d+[.、]|等|及)", "", text).strip()


def sentence_end(p: Prose, start: int) -> int:
    stop = p.text.find("。", start)
    return stop if stop >= 0 else len(p.text)


# --- one reader per section ----------------------------------------------------------------


def read_overview(p: Prose, found: Found) -> None:
    """一: income total and expenditure total, each with its parts and its change."""
    anchors = []
    for subject, word in (("income", "收入"), ("expenditure", "支出")):
        m = first(rf"{word}(?:预算)?(?:总计|合计|总额)(?:为)?{num()}万元", p)
        if m:
            start = max(p.text.rfind(";", 0, m.start()), p.text.rfind("。", 0, m.start())) + 1
            anchors.append((start, subject, m))
    anchors.sort(key=lambda a: a[0])
    for i, (start, subject, m) in enumerate(anchors):
        end = anchors[i + 1][0] if i + 1 < len(anchors) else len(p.text)
        found.figure(p, f"{subject}.total", m)
        found.figure(
            p,
            f"{subject}.currentYear",
            first(
                rf"(?:本年|当年)(?:收入|预算安排|预算|安排|拨款)(?:为)?{num()}万元", p, m.end(), end
            ),
        )
        found.figure(
            p,
            f"{subject}.carryOver",
            first(rf"上年结转(?:收入|资金)?(?:为)?{num()}万元", p, m.end(), end),
        )
        change(found, p, subject, subject, m.end(), end)


def read_income(p: Prose, found: Found) -> None:
    """二: income by source, each with its share of the whole."""
    _breakdown(p, found, "income", ((key, rf"{name}{SOURCE_TAIL}") for key, name in SOURCES))


def read_expenditure(p: Prose, found: Found) -> None:
    """三: expenditure split into basic and project expenditure, with shares."""
    _breakdown(p, found, "expenditure", (("basic", "基本支出(?:为)?"), ("project", "项目支出(?:为)?")))


def _breakdown(p: Prose, found: Found, what: str, parts) -> None:
    """A whole stated first, then its parts (``key``, pattern before the amount), each with its
    amount in 万元 and its share."""
    whole, stop = whole_before_breakdown(p)
    found.figure(p, f"{what}.total", whole)
    for key, pattern in parts:
        m = first(rf"{pattern}{num()}万元{SHARE}", p, stop)
        found.figure(p, f"{what}.{key}", m)
        found.figure(p, f"{what}.{key}.share", m, "share", PERCENT)


def read_fiscal(p: Prose, found: Found) -> None:
    """四: fiscal appropriation by budget, by year of origin and by function class."""
    whole, stop = whole_before_breakdown(p)
    found.figure(p, "fiscal.total", whole)
    spending = first(r"支出(?:主要)?(?:包括|用于)(?:以下方面)?:?", p, stop)
    end = spending.start() if spending else len(p.text)
    for key, name in SOURCES[:3]:
        found.figure(p, f"fiscal.{key}", first(rf"{name}{SOURCE_TAIL}{num()}万元", p, stop, end))
    found.figure(
        p,
        "fiscal.currentYear",
        first(rf"(?:当年|本年)(?:拨款)?(?:收入)?(?:为)?{num()}万元", p, stop, end),
    )
    found.figure(
        p, "fiscal.carryOver", first(rf"上年结转(?:拨款)?(?:收入)?(?:为)?{num()}万元", p, stop, end)
    )
    if spending:
        listed(found, p, "fiscal.function", spending.end() - 1, sentence_end(p, spending.end()))


def read_gpb(p: Prose, found: Found) -> None:
    """五: general-public-budget spending of the year, its change and where it goes."""
    whole, _ = whole_before_breakdown(p)
    found.figure(p, "gpb.total", whole)
    if whole:
        end = sentence_end(p, whole.end())
        change(found, p, "gpb", "gpb", whole.end(), end)
    uses = first(r"主要用于(?:以下方面)?:?", p)
    if uses:
        listed(found, p, "gpb.function", uses.end() - 1, sentence_end(p, uses.end()))


def read_basic(p: Prose, found: Found) -> None:
    """六: basic expenditure = personnel + public operating expenses."""
    whole, stop = whole_before_breakdown(p)
    found.figure(p, "basic.total", whole)
    found.figure(p, "basic.personnel", first(rf"人员经费(?:为)?{num()}万元", p, stop))
    found.figure(p, "basic.publicFunds", first(rf"公用经费(?:为)?{num()}万元", p, stop))


def read_three_public(p: Prose, found: Found) -> None:
    """七: the 三公 total and its change, then each item with its own change."""
    whole, stop = whole_before_breakdown(p)
    found.figure(p, "threePublic.total", whole)
    if whole:
        change(found, p, "threePublic", "threePublic", whole.end(), stop)
    items = listed(found, p, "threePublic.item", stop, len(p.text), name_ends="费")
    for i, m in enumerate(items):
        end = items[i + 1].start() if i + 1 < len(items) else len(p.text)
        name = item_name(m.group("name"))
        change(found, p, three_public_subject(name), "threePublic.item", m.end(), end, name)


def three_public_subject(name: str) -> str:
    for key, pattern in THREE_PUBLIC_ITEMS:
        if re.search(pattern, name):
            return f"threePublic.{key}"
    return "threePublic.item"


def read_operating(p: Prose, found: Found) -> None:
    """八: agency operating expenses, the number of units they cover, and the change."""
    whole, _ = whole_before_breakdown(p)
    found.figure(p, "operating.total", whole)
    found.figure(
        p, "operating.unitCount", first(rf"{num()}个(?:预算|下属|二级)?单位", p), unit=COUNT
    )
    if whole:
        change(found, p, "operating", "operating", whole.end(), len(p.text))


def read_procurement(p: Prose, found: Found) -> None:
    """九: government procurement, whole and by goods / works / services."""
    whole, stop = whole_before_breakdown(p)
    found.figure(p, "procurement.total", whole)
    for key, name in (("goods", "货物"), ("works", "工程"), ("services", "服务")):
        found.figure(
            p,
            f"procurement.{key}",
            first(rf"{name}(?:类)?(?:采购)?(?:预算)?(?:金额)?(?:为)?{num()}万元", p, stop),
        )


def read_projects(p: Prose, found: Found) -> None:
    """十: projects under performance management, by category; then those published."""
    published = first(r"公开(?:项目)?绩效目标", p)
    split = published.start() if published else len(p.text)
    amount = rf",?(?:共计|共|涉及)?(?:项目)?(?:金额|资金)?(?:为|共计)?{num('amount')}万元"
    stop = BREAKDOWN.search(p.text, 0, split)
    head = first(rf"项目(?:共)?{num()}个(?:{amount})?", p, 0, stop.start() if stop else split)
    found.figure(p, "projects.count", head, unit=COUNT)
    found.figure(p, "projects.amount", head, "amount")
    categories(found, p, "projects.category", amount, 0, split)
    if published:
        m = first(
            rf"公开(?:项目)?绩效目标{num()}个(?:{amount})?"
            rf"(?:,?占[^\d%]*?{num('share')}%)?",
            p,
            split,
        )
        found.figure(p, "projects.published.count", m, unit=COUNT)
        found.figure(p, "projects.published.amount", m, "amount")
        found.figure(p, "projects.published.share", m, "share", PERCENT)
        categories(found, p, "projects.published.category", amount, split, len(p.text))


def categories(found: Found, p: Prose, key: str, amount: str, start: int, end: int) -> None:
    """其他运转类项目27个，涉及金额1,359.69万元 -> a count and an amount per category."""
    rx = re.compile(rf"(?<=[:;,。])(?P<cat>[^:;,、。\d]+?类项目){num()}个(?:{amount})?")
    for m in rx.finditer(p.text, start, end):
        found.figure(p, f"{key}.count", m, unit=COUNT, qualifier=m.group("cat"))
        found.figure(p, f"{key}.amount", m, "amount", qualifier=m.group("cat"))


def read_assets(p: Prose, found: Found) -> None:
    """十一: vehicles (quota, actual, by type), office floor area, costly equipment."""
    found.figure(p, "vehicles.quota", first(rf"编制(?:数)?(?:为)?{num()}辆", p), unit=VEHICLES)
    actual = first(rf"实有(?:车辆)?(?:为)?{num()}辆", p)
    found.figure(p, "vehicles.actual", actual, unit=VEHICLES)
    if actual:
        breakdown = BREAKDOWN.search(p.text, actual.end(), sentence_end(p, actual.end()))
        if breakdown:
            listed(
                found,
                p,
                "vehicles.type",
                breakdown.end(),
                sentence_end(p, actual.end()),
                unit=VEHICLES,
            )
    found.figure(
        p, "office.area", first(rf"办公用房[^。;]*?面积(?:为|共)?{num()}平方米", p), unit=AREA
    )
    rx = re.compile(
        rf"价值(?P<limit>{num('t')}万元)(?:\(原值\))?(?:及)?以上的?"
        rf"[^\d,;。]*?设备(?:为|共)?{num()}台\(套\)"
    )
    for m in rx.finditer(p.text):
        found.figure(
            p,
            "equipment.count",
            m,
            unit=SETS,
            qualifier=p.written(m.start("limit"), m.end("limit")),
        )


Readers = tuple[tuple[re.Pattern[str], Callable[[Prose, Found], None]], ...]


def title_readers(pairs) -> Readers:
    """(title pattern, reader) pairs, the patterns compiled; the first that matches wins."""
    return tuple((re.compile(pattern), reader) for pattern, reader in pairs)


# Title wording -> reader, first match wins (财政拨款收支 before 收支, 基本支出 before 支出).
READERS: Readers = title_readers(
    (
        (r"三公", read_three_public),
        (r"机关运行", read_operating),
        (r"政府采购", read_procurement),
        (r"绩效", read_projects),
        (r"财政拨款收支", read_fiscal),
        (r"基本支出", read_basic),
        (r"一般公共预算.*支出", read_gpb),
        (r"收支", read_overview),
        (r"收入预算|预算收入", read_income),
        (r"支出预算|预算支出", read_expenditure),
    )
)


def reader_for(section: Section, readers: Readers) -> Callable[[Prose, Found], None] | None:
    if section.kind == "assets":
        return read_assets
    title = ascii_punct(section.title)
    return next((reader for rx, reader in readers if rx.search(title)), None)


def extract_narrative(
    sections: list[Section], path: str | None = None, readers: Readers | None = None
) -> tuple[list[NarrativeFigure], list[ChangeStatement]]:
    """All figures and change statements of part 3 and the assets section, in document order.

    ``readers`` map section titles to readers: a budget's (``READERS``, the default) or a final
    account's (``extract.final_narrative.FA_READERS``). ``path`` is accepted for symmetry with
    the other extractors; prose that does not match a pattern yields no figure rather than an
    error, since wording varies between departments."""
    found = Found()
    for section in sections:
        if section.kind not in ("narrative", "assets") or section.key is None:
            continue
        reader = reader_for(section, READERS if readers is None else readers)
        if reader is None:
            continue
        name = "assets" if section.kind == "assets" else section.key
        reader(prose_of(section, name), found)
    return found.figures, found.changes
