"""Every report table of a document, each read by the parser its kind needs: the budget layout's
tables, final-account tables read by 预算数/决算数 column pairs, and tables of no known kind kept
whole. A document in which no report table is recognised is refused."""

from __future__ import annotations

from budgetkg.build.extract.final_account import extract_paired_table, is_paired
from budgetkg.build.extract.report_tables import (
    check_tab_separated,
    extract_table,
    generic_table,
    headerless_table,
)
from budgetkg.build.records import ReportTable
from budgetkg.build.segment import FINAL_ACCOUNT_KINDS, GENERIC, TABLE_KINDS, Section
from budgetkg.errors import ExtractionError


def extract_tables(sections: list[Section], path: str | None = None) -> list[ReportTable]:
    """Every report table of the document, in document order. A document in which no report
    table is recognised is refused, naming the kinds looked for."""
    tables = [s for s in sections if s.kind == "table"]
    if not tables:
        kinds = "、".join(dict.fromkeys(p.pattern.split("|")[0].replace(".?", "")
                                         for _, _, p in TABLE_KINDS))
        raise ExtractionError(
            "no report table was recognised (is the text a tab-separated export? tabs replaced "
            f"by spaces are not understood); looked for the 部门预算 and 部门决算 tables: {kinds}",
            path=path)
    out = []
    for s in tables:
        check_tab_separated(s, path)
        if s.key == GENERIC:
            out.append(generic_table(s, 101 + sum(t.kind == GENERIC for t in out)))
            continue
        if s.key in FINAL_ACCOUNT_KINDS and is_paired(s):
            out.append(extract_paired_table(s, path=path))
        else:
            try:
                out.append(extract_table(s, path=path))
            except ExtractionError:
                if s.key not in FINAL_ACCOUNT_KINDS:
                    raise
                out.append(headerless_table(s))  # a final-account header not yet understood
        out[-1].phase = "executed" if s.key in FINAL_ACCOUNT_KINDS else "approved"
    if any(t.phase == "executed" for t in out):  # an unknown table shares its document's phase
        for t in out:
            if t.kind == GENERIC:
                t.phase = "executed"
    return out
