"""`budgetkg validate` gives byte-identical reports whatever Python's hash seed: findings are
de-duplicated with their focus node and fully ordered, so no finding survives or vanishes at
random (sets and dicts iterate in a seed-dependent order)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from budgetkg.rdf.write import write_graphs


@pytest.fixture(scope="module")
def sample_ttl(sample_graph, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("graph") / "sample.ttl"
    write_graphs([sample_graph], out)
    return out


def validate_under_seeds(path: Path, fmt: str, seeds=("1", "2")) -> list[bytes]:
    """The CLI's output under each hash seed, the runs side by side."""
    exe = Path(sys.executable).with_name("budgetkg")
    runs = [subprocess.Popen([str(exe), "validate", str(path), "--format", fmt],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env={**os.environ, "PYTHONHASHSEED": seed}) for seed in seeds]
    outputs = []
    for run in runs:
        out, err = run.communicate(timeout=600)
        assert run.returncode in (0, 1), err.decode("utf-8", "replace")[-500:]
        outputs.append(out)
    return outputs


def test_validate_is_byte_identical_under_two_hash_seeds(sample_ttl):
    first, second = validate_under_seeds(sample_ttl, "json")
    assert first == second
    findings = json.loads(first)["findings"]
    assert findings  # the sample has real defects: the comparison is not vacuous
    keys = [(f["shape"], f["focus"], f["path"], f["value"], f["message"], f["expected"],
             f["found"], tuple(f["source_lines"])) for f in findings]
    assert len(keys) == len(set(keys))  # one finding per focus node and statement
