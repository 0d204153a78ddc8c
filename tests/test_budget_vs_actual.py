"""Budget against final account: a budget (the sample) and a final account of the same
department and year in one store, compared by function code and by "三公" item, and the
final account's gaps that state no reason.

The final account is the real Putuo final account (tests/data, the PDF reader's text output)
published under the sample's department name, so both documents describe one department and
year; one of its stated reasons is removed, so exactly that subject must be listed as a gap
without a reason. Expected figures are read off the two documents (lines cited)."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetkg.build.pipeline import build_graph
from budgetkg.query import LocalSource, available, prepare, rows
from budgetkg.rdf.read import read_store
from budgetkg.rdf.write import write_graphs

DATA = Path(__file__).resolve().parent / "data"
PUTUO = "上海市普陀区财政局"
REMOVED_REASON = "决算数小于预算数的主要原因：人员进出及退休变化，减少人员经费开支。"


def department_of(text: str) -> str:
    return next(ln for ln in text.splitlines() if ln.startswith("部门名称：")).split("：", 1)[1]


@pytest.fixture(scope="module")
def final_account(tmp_path_factory, sample_text) -> Path:
    text = (DATA / "putuo-finance-bureau-2024-final-account.txt").read_text(encoding="utf-8")
    assert REMOVED_REASON in text
    text = text.replace(PUTUO, department_of(sample_text)).replace(REMOVED_REASON, "")
    path = tmp_path_factory.mktemp("final") / "final-account.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def both(tmp_path_factory, sample_graph, final_account):
    out = tmp_path_factory.mktemp("both") / "both.trig"
    write_graphs([sample_graph, build_graph(final_account)], out)
    return LocalSource(read_store(out))


@pytest.fixture(scope="module")
def budget_only(tmp_path_factory, sample_graph):
    out = tmp_path_factory.mktemp("budget") / "budget.trig"
    write_graphs([sample_graph], out)
    return LocalSource(read_store(out))


def ask(source, name, **params) -> list[dict]:
    columns, body = rows(source.execute(prepare(available()[name], params)))
    return [dict(zip(columns, r)) for r in body]


def test_by_function_code_pairs_planned_and_spent(both, sample_text):
    found = {r["code"]: r for r in ask(both, "budget_vs_final_by_function")}
    # sample line 170 (预算支出总表): 201 一般公共服务支出 4879.70; final account line 148
    # (支出决算表): 201 一般公共服务支出 2,106.66
    assert found["201"]["planned"] == D("4879.70") and found["201"]["spent"] == D("2106.66")
    assert found["201"]["name"] == "一般公共服务支出"
    assert found["201"]["department"] == department_of(sample_text) and found["201"]["year"] == 2024
    for r in found.values():
        assert r["gap"] == r["spent"] - r["planned"]
        assert r["rate"] == (r["spent"] * 100 / r["planned"]).quantize(D("0.01"))
    # only codes both documents print: 2010302 is the budget's alone, 2010601 the final account's
    assert "2010302" not in found and "2010601" not in found
    assert {"201", "208", "210", "221"} <= set(found)


def test_parameters_narrow_and_a_budget_alone_compares_nothing(both, budget_only, sample_text):
    dept = department_of(sample_text)
    assert ask(both, "budget_vs_final_by_function", dept=dept, fiscalYear=2024)
    assert ask(both, "budget_vs_final_by_function", dept="某县财政局") == []
    assert ask(both, "budget_vs_final_by_function", fiscalYear=2023) == []
    assert ask(budget_only, "budget_vs_final_by_function") == []
    assert ask(budget_only, "budget_vs_final_three_public") == []


def test_three_public_items_planned_against_spent(both):
    found = {r["key"]: r for r in ask(both, "budget_vs_final_three_public")}
    # the budget's 三公 table plans 12.40 (all vehicle running costs); the final account's
    # 决算数 cells are blank (nothing spent)
    assert found["total"]["planned"] == D("12.40")
    assert found["total"]["spent"] == 0 and found["total"]["rate"] == 0
    assert found["vehicleRunning"]["planned"] == D("12.40")


def test_the_gap_whose_reason_was_removed_is_the_only_one_listed(both):
    listed = ask(both, "gaps_without_reason")
    assert [(r["code"], r["budgeted"], r["spent"]) for r in listed] == [
        ("2010601", D("1560.05"), D("1511.89"))]
    assert listed[0]["gap"] == D("-48.16") and listed[0]["line"] > 0


@pytest.mark.parametrize("name", ["budget_vs_final_by_function", "budget_vs_final_three_public",
                                  "gaps_without_reason"])
def test_rdflib_gives_the_same_rows(both, tmp_path, name):
    import warnings

    from rdflib import Dataset

    from budgetkg.query import run_rdflib
    from tests.test_queries_helpers import as_multiset

    dump = tmp_path / "both.nq"
    both.store.dump(str(dump), format=ox.RdfFormat.N_QUADS)
    ds = Dataset(default_union=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ds.parse(dump, format="nquads")
    text = prepare(available()[name], {})
    expected = rows(both.execute(text))[1]
    assert expected and as_multiset(run_rdflib(ds, text)[1]) == as_multiset(expected)
