"""`budgetkg validate` over a corpus: several inputs, a folder, a store; in parallel; one
report whose findings are each document's own, in the order given, whatever the workers do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetkg.build.corpus import build_corpus
from budgetkg.cli.app import main
from budgetkg.rdf.store import open_store
from budgetkg.rdf.write import write_graphs
from budgetkg.validate import validate_graphs
from budgetkg.validate.corpus import validate_corpus

DATA = Path(__file__).resolve().parent / "data"
FINAL_ACCOUNT = DATA / "putuo-finance-bureau-2024-final-account.txt"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def keys(findings) -> list[tuple]:
    return [(f["document"], f["severity"], f["shape"], f["focus"], f["expected"], f["found"])
            for f in findings]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, sample_graph):
    """A folder with the sample's graph file, a final account (text) and a file that is no
    disclosure."""
    folder = tmp_path_factory.mktemp("corpus")
    write_graphs([sample_graph], folder / "a-sample.trig")
    (folder / "b-final-account.txt").write_text(FINAL_ACCOUNT.read_text(encoding="utf-8"),
                                                encoding="utf-8")
    (folder / "c-not-a-disclosure.txt").write_text("nothing to see\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def one_by_one(corpus):
    """Each document validated alone, as `budgetkg validate FILE` does."""
    out = []
    for name in ("a-sample.trig", "b-final-account.txt"):
        result = run("validate", corpus / name, "--format", "json")
        assert result.exit_code == 1, result.output
        out.append(json.loads(result.stdout))
    return out


def test_a_folder_is_validated_in_parallel_like_each_file_alone(corpus, one_by_one):
    result = run("validate", corpus, "-j", "2", "--format", "json")
    assert result.exit_code == 2  # one document could not be read
    assert "c-not-a-disclosure.txt: not validated" in result.stderr
    assert "no section of a budget disclosure" in result.stderr
    report = json.loads(result.stdout)
    assert report["documents"] == [d for alone in one_by_one for d in alone["documents"]]
    assert keys(report["findings"]) == [k for alone in one_by_one for k in keys(alone["findings"])]
    assert report["counts"]["Violation"] == sum(a["counts"]["Violation"] for a in one_by_one)


def test_one_worker_and_two_give_the_same_report(corpus):
    files = [corpus / "a-sample.trig", corpus / "b-final-account.txt"]
    one, failed_one = validate_corpus(files, jobs=1)
    two, failed_two = validate_corpus(files, jobs=2)
    assert not failed_one and not failed_two
    assert [f.key() for f in one.findings] == [f.key() for f in two.findings]
    assert one.documents == two.documents == ["sample-disclosure.txt",
                                              "b-final-account.txt"]


def test_a_stores_documents_are_validated_from_the_store(corpus, tmp_path, one_by_one):
    store = open_store(tmp_path / "store", create=True)
    outcomes = build_corpus([corpus / "b-final-account.txt"], store=store, jobs=1)
    assert [o.status for o in outcomes] == ["built"]
    del store
    result = run("validate", "--store", tmp_path / "store", "--format", "json")
    assert result.exit_code == 1, result.stderr
    report = json.loads(result.stdout)
    # the store's graph has no source text, so findings keep their focus and values but may cite
    # fewer lines; the focus nodes, shapes and values are the file's
    alone = one_by_one[1]
    assert report["documents"] == alone["documents"]
    assert sorted(keys(report["findings"])) == sorted(keys(alone["findings"]))


def test_no_input_and_no_store_is_a_usage_error():
    result = run("validate")
    assert result.exit_code == 2
    assert "give an INPUT" in result.stderr


def test_a_single_input_is_validated_as_before(sample_graph, tmp_path):
    path = tmp_path / "sample.trig"
    write_graphs([sample_graph], path)
    result = run("validate", path, "--format", "json")
    expected = validate_graphs([sample_graph])
    assert result.exit_code == expected.exit_code == 1
    assert len(json.loads(result.stdout)["findings"]) == len(expected.findings)
