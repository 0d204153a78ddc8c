"""The wheel carries the ontology, shapes, queries and sample, reachable via importlib.resources."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True)
    return next(out.glob("budgetkg-*.whl"))


def test_wheel_contains_resources(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("ontology", "shapes", "queries", "lexicon"):
        expected = {f"budgetkg/{folder}/{p.name}" for p in (ROOT / folder).iterdir() if p.is_file()}
        assert expected and expected <= names, folder
    assert "budgetkg/data/sample-disclosure.txt" in names


def test_resources_load_through_importlib(tmp_path, wheel):
    """Install the wheel into a bare target folder and read a resource from there."""
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(target)
    code = ("import budgetkg.resources as r, sys; d = r.resource_dir('ontology'); "
            "print(d); print('owl:Ontology' in r.read_text('ontology', 'budgetkg.ttl'))")
    result = subprocess.run([sys.executable, "-c", code], env={"PYTHONPATH": str(target)},
                            capture_output=True, text=True, check=True)
    first = result.stdout.splitlines()[0]
    assert first.startswith(str(target)), first
    assert result.stdout.splitlines()[1] == "True"
