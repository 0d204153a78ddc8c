"""Fidelity: every number in a table cell of the sample is in the graph, with its value and unit.

The test scans the raw text independently of the extractors: each tab-separated cell that holds
a number is looked up among the literals of the graph entities whose source span covers that
line. A number counts as accounted for when
  - an amount cell's exact decimal is a numeric literal there, with the table's currency unit
    (万元 in report tables, 元 in project tables);
  - a target cell (``≥95%``) is the bkg:targetRaw of an indicator on that line, and its number
    the bkg:targetNumber;
  - a code or a name that merely contains digits (``2010302``, ``12345政务服务热线``) is a
    notation or label literal there.
What is left must be one of the justified kinds listed in JUSTIFIED, each with a reason.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from budgetkg.vocab import BKG

NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
PURE = re.compile(r"^[+-]?\d+(?:,\d{3})*(?:\.\d+)?$")
LABELLED_AMOUNT = re.compile(r"^(?P<label>[^\d]+?)[:：\s]*(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)$")
CATALOGUE_ROW = re.compile(r"^[A-Z]?\d*$")
NUMERIC_TYPES = {XSD.decimal, XSD.integer}

# Kinds of numbers that are deliberately not data, each with the reason.
JUSTIFIED = {
    "column-number row": "a row 1 2 3 ... under an empty table's header numbers its columns",
    "header year": "a column heading such as 2024年预算数 names the year the column is about; "
                   "the year is modelled once, as the table's bkg:fiscalYear",
    "catalogue code": "catalogue codes (A150201) are notations, checked by the catalogue tests",
}


def index_graph(g):
    """line -> (numbers with their unit, strings) of every entity whose span covers the line."""
    numbers: dict[int, set[tuple[Decimal, URIRef | None]]] = defaultdict(set)
    strings: dict[int, set[str]] = defaultdict(set)
    targets: dict[int, set[str]] = defaultdict(set)
    for s, start in g.subject_objects(BKG.startLine):
        end = g.value(s, BKG.endLine)
        unit = g.value(s, BKG.currencyUnit)
        nums, texts = set(), set()
        for p, o in g.predicate_objects(s):
            if isinstance(o, Literal):
                if o.datatype in NUMERIC_TYPES:
                    nums.add((Decimal(str(o)), unit))
                else:
                    texts.add(str(o))
            elif isinstance(o, URIRef) and p != BKG.currencyUnit:
                texts.update(str(x) for x in g.objects(o, URIRef("http://www.w3.org/2004/02/skos/core#notation")))
        raws = {str(o) for o in g.objects(s, BKG.targetRaw)}
        for line in range(int(start), int(end) + 1):
            numbers[line] |= nums
            strings[line] |= texts
            targets[line] |= raws
    return numbers, strings, targets


def table_rows(text: str):
    part = None
    for no, line in enumerate(text.split("\n"), start=1):
        if "....." in line:
            continue
        if "第二部分" in line:
            part = "tables"
        elif "第三部分" in line:
            part = "narrative"
        elif part == "narrative" and line.startswith("项目名称\t"):
            part = "projects"
        elif "购买服务指导性目录" in line and line.startswith("#"):
            part = "catalogue"
        if "\t" not in line:
            continue
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        if cells:
            yield no, part, cells


def classify(no, part, cells, cell, numbers, strings, targets):
    """Return None when the cell's number is accounted for, else the reason it is not."""
    if part == "catalogue" or (CATALOGUE_ROW.match(cells[0]) and part == "catalogue"):
        return "catalogue code"
    if all(re.fullmatch(r"\d{1,2}", c) for c in cells):
        return "column-number row"
    squashed = cell.replace(" ", "")
    m = PURE.match(squashed) or LABELLED_AMOUNT.match(squashed)
    if m:
        raw = m.group("num") if "num" in m.groupdict() else m.group(0)
        value = Decimal(raw.replace(",", ""))
        units = {u for v, u in numbers[no] if v == value}
        if units:
            expected = BKG.WanYuan if part == "tables" else BKG.Yuan
            if len(raw) >= 8 and raw.isdigit() and raw in strings[no]:
                return None  # a filing date or a code, stored as written
            if units & {expected, None}:
                return None
            return f"value {value} found but with unit {units}, expected {expected}"
        if raw in strings[no] or squashed in strings[no]:
            return None
        return f"amount {raw} missing"
    if cell in targets[no] or squashed in targets[no]:
        values = {v for v, _ in numbers[no]}
        first = NUMBER.search(squashed)
        quantitative = re.match(r"^[≥≤<>＞＜=]\s*\d", squashed) and first
        if quantitative and Decimal(first.group(0).replace(",", "")) not in values:
            return f"target number {first.group(0)} not parsed"
        return None
    if squashed in strings[no] or cell in strings[no]:
        return None
    coded = re.match(r"^(\d+)-(.+)$", squashed)
    if coded and coded.group(1) in strings[no] and coded.group(2) in strings[no]:
        return None  # 主管部门及代码: the code and the name are stored separately
    if re.match(r"^\d{4}年?", squashed) and part == "tables":
        return "header year"
    return f"cell {cell!r} not found as a literal"


@pytest.fixture(scope="module")
def audit(sample_graph, sample_text):
    numbers, strings, targets = index_graph(sample_graph)
    accounted, justified, missing = 0, defaultdict(list), []
    for no, part, cells in table_rows(sample_text):
        for cell in cells:
            if not NUMBER.search(cell):
                continue
            reason = classify(no, part, cells, cell, numbers, strings, targets)
            if reason is None:
                accounted += 1
            elif reason in JUSTIFIED:
                justified[reason].append((no, cell))
            else:
                missing.append((no, cell, reason))
    return accounted, justified, missing


def test_every_number_in_a_table_cell_is_in_the_graph(audit):
    accounted, _, missing = audit
    assert accounted > 1300
    assert missing == [], "\n".join(f"line {n}: {c!r}: {r}" for n, c, r in missing[:40])


def test_justified_exceptions_are_few_and_of_known_kinds(audit):
    _, justified, _ = audit
    assert set(justified) <= set(JUSTIFIED)
    assert len({no for no, _ in justified.get("column-number row", [])}) <= 4
    assert all(re.match(r"^\d{4}\D", cell) for _, cell in justified.get("header year", []))
