"""Corpus builds: a folder of disclosures into a store or a folder of files, in parallel, a bad
document reported and skipped, a second run resuming (documents already stored are skipped)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from budgetkg.build.corpus import build_corpus, discover, stored_hashes
from budgetkg.cli import main
from budgetkg.errors import UsageError
from budgetkg.rdf.read import load_graphs
from tests.conftest import make_variant

GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?d a <https://budgetkg.org/ontology#Disclosure> } }"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, sample_text):
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "a.txt").write_text(sample_text, encoding="utf-8")
    nested = folder / "2023"
    nested.mkdir()
    (nested / "b.txt").write_text(
        make_variant(sample_text, name="某市某局", code="031", year=2023, reverse_projects=False),
        encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01 not text")
    (folder / "notes.csv").write_text("ignored", encoding="utf-8")
    return folder


def test_discover_expands_folders_and_keeps_named_files(corpus):
    found = discover([corpus])
    assert [p.name for p in found] == ["b.txt", "a.txt", "broken.txt"]
    assert discover([corpus / "notes.csv"]) == [corpus / "notes.csv"]
    empty = corpus.parent / "empty-dir"
    empty.mkdir(exist_ok=True)
    with pytest.raises(UsageError, match="no documents found"):
        discover([empty])


def test_store_build_skips_the_bad_document_and_resumes(corpus, tmp_path):
    store = ox.Store(str(tmp_path / "store"))
    first = build_corpus(discover([corpus]), store=store, jobs=2)
    assert sorted(o.status for o in first) == ["built", "built", "failed"]
    failed = next(o for o in first if o.status == "failed")
    assert "broken.txt" in failed.error and "binary" in failed.error
    assert int(next(iter(store.query(GRAPHS)))["n"].value) == 2
    assert len(stored_hashes(store)) == 2
    quads = len(store)
    again = build_corpus(discover([corpus]), store=store, jobs=2)
    assert sorted(o.status for o in again) == ["failed", "skipped", "skipped"]
    assert len(store) == quads


def test_out_dir_build_writes_one_file_per_document(corpus, tmp_path):
    out = tmp_path / "graphs"
    outcomes = build_corpus(discover([corpus / "a.txt", corpus / "2023"]), out_dir=out,
                            suffix=".nq", jobs=1)
    assert [o.status for o in outcomes] == ["built", "built"]
    files = sorted(p.name for p in out.iterdir())
    assert files == ["a.nq", "b.nq"]
    for o in outcomes:
        (graph,) = load_graphs(o.output)
        assert str(graph.identifier) == o.graph and len(graph) == o.triples


def test_cli_reports_the_failure_and_exits_2(corpus, tmp_path):
    result = CliRunner().invoke(main, ["build", str(corpus), "--store", str(tmp_path / "s"),
                                       "-j", "1"])
    assert result.exit_code == 2, result.output
    assert "broken.txt" in result.output and "(skipped)" in result.output
    assert "2 built, 0 already there, 1 failed" in result.output
    bad = CliRunner().invoke(main, ["build", str(corpus), "--store", str(tmp_path / "s"),
                                    "-o", "x.ttl"])
    assert bad.exit_code == 2 and "corpus build" in bad.output
