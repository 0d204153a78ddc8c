"""Shared fixtures: the shipped sample, its graph (built once per session), and variants."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from budgetkg.build.pipeline import build_graph, extract_file
from budgetkg.build.readers import read_document

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample-disclosure.txt"


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample_doc():
    return read_document(SAMPLE)


@pytest.fixture(scope="session")
def sample_disclosure():
    return extract_file(SAMPLE)


@pytest.fixture(scope="session")
def sample_graph():
    return build_graph(SAMPLE)


def project_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) index ranges of the project tables: from a 项目名称 row to the line before
    the next one (or before the 国有资产 heading)."""
    starts = [i for i, ln in enumerate(lines) if ln.startswith("项目名称\t") and "\t\t" in ln
              and i > 400]
    end_all = next(i for i, ln in enumerate(lines) if "国有资产占有使用情况" in ln and i > starts[-1])
    bounds = starts[1:] + [end_all]
    return list(zip(starts, bounds))


def make_variant(text: str, *, name: str, code: str, year: int, reverse_projects: bool) -> str:
    """Another department, code and year, with its project tables in reverse order. Derived
    from the sample by substitution so that every fact is known in advance."""
    lines = text.split("\n")
    dept = re.search(r"^# (.+)$", text, re.MULTILINE).group(1).strip()
    if reverse_projects:
        blocks = project_blocks(lines)
        first, last = blocks[0][0], blocks[-1][1]
        chunks = [lines[a:b] for a, b in blocks]
        lines = lines[:first] + [ln for chunk in reversed(chunks) for ln in chunk] + lines[last:]
    out = "\n".join(lines)
    out = out.replace(dept, name)
    out = re.sub(r"\b026-", f"{code}-", out)
    out = out.replace("2024", str(year))
    return out


def dataset(graphs):
    """An rdflib Dataset holding each graph as a named graph (a multi-document input)."""
    from rdflib import Dataset

    from budgetkg.vocab import PREFIXES

    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    for part in graphs:
        named = ds.graph(part.identifier)
        for triple in part:
            named.add(triple)
    return ds
