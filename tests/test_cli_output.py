"""What people read from the command line: money to two decimals in tables, usage errors of
every kind (click's own included) as one line with exit code 2."""

from __future__ import annotations

import re
from decimal import Decimal

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from budgetkg.cli import main
from budgetkg.query.results import table_cell
from budgetkg.rdf.terms import XSD_NS as XSD

pytest_plugins = ("tests.test_queries_helpers",)  # the sample graph fixtures


@pytest.mark.parametrize("lexical, shown", [
    ("4879.7", "4879.70"), ("754600", "754600.00"), ("0", "0.00"), ("-3.5", "-3.50"),
    ("1336.44", "1336.44"), ("0.3282", "0.3282"), ("1E+3", "1000.00"), ("oops", "oops"),
])
def test_decimals_show_at_least_two_places(lexical, shown):
    assert table_cell(ox.Literal(lexical, datatype=ox.NamedNode(XSD + "decimal"))) == shown


def test_other_cells_are_unchanged():
    assert table_cell(ox.Literal("7", datatype=ox.NamedNode(XSD + "integer"))) == "7"
    assert table_cell(ox.Literal("一般公共服务支出")) == "一般公共服务支出"
    assert table_cell(None) == ""


def test_table_shows_amounts_to_the_cent(sample_trig):
    result = CliRunner().invoke(main, ["query", "spending_by_function", "--data", str(sample_trig),
                                       "--param", "level=1", "--format", "table"])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if line.startswith("201 "))
    assert row.split() == ["201", "一般公共服务支出", "1", "4879.70", "1336.44", "3543.26"]
    amounts = re.findall(r"\s(\d+\.\d+)(?=\s|$)", result.output)
    assert amounts and all(len(a.split(".")[1]) == 2 for a in amounts)
    projects = CliRunner().invoke(main, ["query", "projects", "--data", str(sample_trig)])
    yuan = [line.split()[-1] for line in projects.output.splitlines()[2:-1]]
    assert len(yuan) == 31 and all(Decimal(y).as_tuple().exponent == -2 for y in yuan)


@pytest.mark.parametrize("args, message", [
    (["query"], "Missing argument 'NAME' (see 'budgetkg query --help')"),
    (["query", "projects", "--format", "xml"], "Invalid value for '--format'"),
    (["query", "projects", "--nope"], "No such option '--nope'"),
    (["export"], "Missing argument 'GRAPH' (see 'budgetkg export --help')"),
    (["chart", "g.ttl"], "Missing option '--kind'"),
    (["build"], "Missing argument 'DOCUMENTS...'"),
    (["--bogus"], "No such option '--bogus' (see 'budgetkg --help')"),
    (["frobnicate"], "No such command 'frobnicate'"),
])
def test_usage_errors_are_one_line(args, message):
    result = CliRunner().invoke(main, args, prog_name="budgetkg")
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("budgetkg: error: ") and message in lines[0]


def test_no_arguments_still_shows_the_help():
    result = CliRunner().invoke(main, [], prog_name="budgetkg")
    assert "Usage: budgetkg" in result.output and "Commands:" in result.output
