"""Bundled resources (ontology, shapes, queries, sample data) via importlib.resources.

In a wheel the top-level folders are mapped into the package (see pyproject's force-include);
in a source checkout they sit at the repository root, which is the fallback.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

KINDS = ("ontology", "shapes", "queries", "data", "lexicon")


def resource_dir(kind: str) -> Traversable:
    if kind not in KINDS:
        raise ValueError(f"unknown resource kind {kind!r}")
    packaged = files("budgetkg") / kind
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / kind


def read_text(kind: str, name: str) -> str:
    return (resource_dir(kind) / name).read_text(encoding="utf-8")


def list_names(kind: str, suffix: str) -> list[str]:
    return sorted(p.name for p in resource_dir(kind).iterdir() if p.name.endswith(suffix))


def sample_document() -> Path:
    """The shipped sample disclosure as a real path (for the CLI and demos)."""
    p = resource_dir("data") / "sample-disclosure.txt"
    return Path(str(p))
