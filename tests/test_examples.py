"""The example notebooks run: each is executed top to bottom in a fresh Jupyter kernel
(nbclient), as a user opening it would, and what it shows is checked."""

from __future__ import annotations

import re

import pytest

from .conftest import ROOT

nbformat = pytest.importorskip("nbformat", reason="the test extra installs nbformat")
nbclient = pytest.importorskip("nbclient", reason="the test extra installs nbclient")

EXAMPLES = ROOT / "examples"


def execute(name: str, workdir) -> list:
    nb = nbformat.read(EXAMPLES / name, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(workdir)}})
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any error
    return [c for c in nb.cells if c.cell_type == "code"]


def outputs(cells, kind: str) -> list:
    return [o for c in cells for o in c.get("outputs", []) if o.output_type == kind]


def test_examples_are_stored_without_outputs():
    for path in EXAMPLES.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        assert all(not c.get("outputs") and c.get("execution_count") is None
                   for c in nb.cells if c.cell_type == "code"), path.name


def test_tour_builds_queries_plots_and_draws_the_network(tmp_path):
    cells = execute("tour.ipynb", tmp_path)
    streams = outputs(cells, "stream")
    assert [s.text for s in streams if s.name == "stderr"] == [], "warnings (e.g. missing glyphs)"
    images = [o for o in outputs(cells, "display_data") if "image/png" in o.data]
    assert len(images) == 3  # two plots of money, one network
    tables = [o.data["text/html"] for o in outputs(cells, "execute_result")
              if "text/html" in o.data]
    assert any("一般公共服务支出" in t for t in tables)  # the spending table, level 1
    printed = "".join(s.text for s in streams if s.name == "stdout")
    nodes = int(re.search(r"(\d+) nodes, \d+ edges", printed).group(1))
    assert 0 < nodes < 100
    assert "'Project': 31" in printed
