"""Validation for the command line: validate graphs, print the report, return the exit code.

Exit codes follow pyshacl's command line: 0 when nothing is a violation, 1 when something is,
2 for usage and input errors (raised as ``BudgetKGError`` and rendered by the CLI).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph

from budgetkg.validate import Report, render_json, render_text, render_ttl, validate_graphs
from budgetkg.validate.run import check_format, load_input

RENDERERS = {"text": render_text, "json": render_json, "ttl": render_ttl}


def run_validation_cli(graphs: Sequence[Graph], fmt: str = "text",
                       shapes_dir: str | Path | None = None,
                       texts: Sequence[list[str] | None] | None = None) -> int:
    """Validate ``graphs``, print the report in ``fmt`` (text, json or ttl), return the exit code."""
    check_format(fmt)
    report = validate_graphs(graphs, shapes_dir, texts)
    write(report, fmt)
    return report.exit_code


def validate_path(path: str | Path, fmt: str = "text", shapes_dir: str | Path | None = None) -> int:
    """``budgetkg validate INPUT``: a disclosure or a graph file."""
    check_format(fmt)
    graphs, texts = load_input(path)
    return run_validation_cli(graphs, fmt, shapes_dir, texts)


def write(report: Report, fmt: str) -> None:
    sys.stdout.write(RENDERERS[fmt](report))
    sys.stdout.flush()
