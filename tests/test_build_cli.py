"""The build command end to end: formats, determinism, named graphs, the summary."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from budgetkg.cli.app import main


def build(args):
    result = CliRunner().invoke(main, ["build", *[str(a) for a in args]])
    assert result.exit_code == 0, result.output
    return result


def test_turtle_is_byte_identical_across_processes(tmp_path, sample_path):
    """Two separate interpreter runs (different hash seeds) write the same bytes."""
    outs = []
    for i, seed in enumerate(("1", "2")):
        out = tmp_path / f"run{i}.ttl"
        subprocess.run([sys.executable, "-m", "budgetkg", "build", str(sample_path), "-o", str(out)],
                       check=True, env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
                       capture_output=True)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert len(outs[0]) > 100_000


@pytest.mark.parametrize("ext,fmt", [(".ttl", "turtle"), (".nt", "nt"), (".trig", "trig"),
                                     (".nq", "nquads"), (".jsonld", "json-ld")])
def test_every_format_parses_back_to_the_same_triples(tmp_path, sample_path, sample_graph, ext, fmt):
    out = tmp_path / f"g{ext}"
    build([sample_path, "-o", out])
    if fmt in ("trig", "nquads"):
        ds = Dataset()
        ds.parse(out, format=fmt)
        named = [g for g in ds.graphs() if len(g)]
        assert [str(g.identifier) for g in named] == [str(sample_graph.identifier)]
        back = Graph()
        for t in named[0]:
            back.add(t)
    else:  # JSON-LD of one document: its triples in the default graph, as a plain reader wants
        back = Graph().parse(out, format=fmt)
    assert len(back) == len(sample_graph)
    assert isomorphic(back, sample_graph)


def test_two_documents_make_two_named_graphs(tmp_path, sample_text, sample_path):
    from tests.conftest import make_variant

    other = tmp_path / "other.txt"
    other.write_text(make_variant(sample_text, name="太原市数据服务局", code="031", year=2025,
                                  reverse_projects=False), encoding="utf-8")
    out = tmp_path / "both.nq"
    build([sample_path, other, "-o", out])
    ds = Dataset()
    ds.parse(out, format="nquads")
    assert len([g for g in ds.graphs() if len(g)]) == 2


def test_summary_reports_counts(tmp_path, sample_path):
    out = tmp_path / "g.ttl"
    result = build([sample_path, "-o", out, "--summary"])
    text = result.output
    assert "projects: 31" in text
    assert "report tables: 13" in text
    assert str(out) in text
    assert "triples: " in text


def test_output_file_gets_the_usual_permissions(tmp_path, sample_path):
    """Atomic writing goes through a private temp file; the result must not stay private."""
    import os

    out = tmp_path / "g.nt"
    build([sample_path, "-o", out])
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask
