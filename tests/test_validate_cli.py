"""`budgetkg validate` and `budgetkg build --validate`: formats, exit codes, --shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Namespace
from rdflib.namespace import RDF, SH

from budgetkg.cli.app import main

SHAPES = Path(__file__).resolve().parent / "shapes"
BKGSH = Namespace("https://budgetkg.org/shapes#")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def sample_ttl(tmp_path_factory, sample_path):
    out = tmp_path_factory.mktemp("graph") / "sample.ttl"
    assert run("build", sample_path, "-o", out).exit_code == 0
    return out


@pytest.fixture(scope="module")
def sample_json(sample_ttl):
    result = run("validate", sample_ttl, "--format", "json")
    assert result.exit_code == 1, result.output
    return json.loads(result.output)


def test_json_has_conforms_and_findings_with_source_lines(sample_json):
    assert sample_json["conforms"] is False
    assert sample_json["counts"]["Violation"] == sum(
        1 for f in sample_json["findings"] if f["severity"] == "Violation") > 0
    keys = {"severity", "shape", "focus", "label", "message", "expected", "found", "source_lines"}
    for f in sample_json["findings"]:
        assert keys <= set(f)
        assert f["severity"] in ("Violation", "Warning", "Info")
        assert all(isinstance(n, int) for n in f["source_lines"]) and f["source_lines"]
    empty = [f for f in sample_json["findings"] if f["shape"] == "bkgsh:StatedEmptyTableShape"]
    assert len(empty) == 2
    assert {240, 371} <= {n for f in empty for n in f["source_lines"]}  # tables 5 and 12


def test_ttl_is_a_shacl_report_with_the_same_findings(sample_ttl, sample_json):
    result = run("validate", sample_ttl, "--format", "ttl")
    assert result.exit_code == 1
    g = Graph().parse(data=result.output, format="turtle")
    report = next(g.subjects(RDF.type, SH.ValidationReport))
    assert str(g.value(report, SH.conforms)).lower() == "false"
    results = list(g.objects(report, SH.result))
    assert len(results) == len(sample_json["findings"])
    r = next(r for r in results if str(g.value(r, SH.sourceShape)).endswith("FigureMatchesTableShape"))
    assert {int(n) for n in g.objects(r, BKGSH.sourceLine)} == {233, 422}
    assert str(g.value(r, BKGSH.expected)) == "5358.61"
    assert {m.language for m in g.objects(r, SH.resultMessage)} == {"zh", "en"}


def test_text_groups_findings_by_severity_with_lines(sample_ttl):
    result = run("validate", sample_ttl)
    assert result.exit_code == 1
    out = result.output
    assert out.index("Violation (") < out.index("Warning (") < out.index("Info (")
    assert "line 233, 238, 240" in out and "expected: 0 | found: 5358.61" in out
    assert "情况说明称0万元，与报表（第233行）所列5358.61万元不符" in out


def test_a_conforming_graph_exits_0(tmp_path):
    g = Graph().parse(SHAPES / "prelude.ttl")
    path = tmp_path / "minimal.ttl"
    g.serialize(path, format="turtle")
    result = run("validate", path, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"conforms": True, "counts": {"Violation": 0, "Warning": 0, "Info": 0},
                                         "documents": ["minimal.txt"], "findings": []}


@pytest.mark.parametrize("args,message", [
    (["no-such-file.txt"], "no such file"),
    (["{prelude}", "--format", "xml"], "'xml' is not one of"),
    (["{prelude}", "--shapes", "no-such-folder"], "is not a folder"),
])
def test_usage_errors_exit_2(args, message):
    args = [a.replace("{prelude}", str(SHAPES / "prelude.ttl")) for a in args]
    result = run("validate", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_a_graph_without_a_disclosure_is_an_input_error(tmp_path):
    path = tmp_path / "other.ttl"
    path.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n")
    result = run("validate", path)
    assert result.exit_code == 2
    assert "no disclosure" in result.output


def test_a_broken_shapes_file_is_a_usage_error(tmp_path):
    (tmp_path / "mine.ttl").write_text("this is not turtle", encoding="utf-8")
    result = run("validate", SHAPES / "prelude.ttl", "--shapes", tmp_path)
    assert result.exit_code == 2
    assert "mine.ttl" in result.output and "cannot parse" in result.output


def test_an_invalid_shape_is_a_usage_error(tmp_path):
    (tmp_path / "bad.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix bkg: <https://budgetkg.org/ontology#> .\n"
        "<https://example.org/S> a sh:NodeShape ; sh:targetClass bkg:Disclosure ; sh:maxCount 0 .\n",
        encoding="utf-8")
    result = run("validate", SHAPES / "prelude.ttl", "--shapes", tmp_path)
    assert result.exit_code == 2
    assert "the shapes cannot be used" in result.output


def test_shapes_folder_shadows_bundled_files_by_name_and_adds_new_ones(tmp_path):
    """An empty checker.ttl switches the checker family off; a new file adds its own shape."""
    prelude = Graph().parse(SHAPES / "prelude.ttl").parse(SHAPES / "checker-bad.ttl")
    graph = tmp_path / "g.ttl"
    prelude.serialize(graph, format="turtle")
    shapes = tmp_path / "shapes"
    shapes.mkdir()
    (shapes / "checker.ttl").write_text("# switched off\n", encoding="utf-8")
    (shapes / "local.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix bkg: <https://budgetkg.org/ontology#> .\n"
        "@prefix ex: <https://example.org/shapes#> .\n"
        "ex:NoProjects a sh:NodeShape ; sh:targetClass bkg:Project ;\n"
        "  sh:property [ sh:path bkg:projectName ; sh:maxCount 0 ; sh:severity sh:Warning ;\n"
        "    sh:message \"本地规则\"@zh , \"local rule\"@en ] .\n", encoding="utf-8")
    bundled = json.loads(run("validate", graph, "--format", "json").output)
    shadowed = json.loads(run("validate", graph, "--format", "json", "--shapes", shapes).output)
    families = lambda report: {f["family"] for f in report["findings"]}
    assert "checker" in families(bundled) and "checker" not in families(shadowed)
    assert any(f["message"] == "本地规则" and f["messages"]["en"] == "local rule"
               for f in shadowed["findings"])


def test_build_validate_prints_the_report_and_exits_1(tmp_path, sample_path):
    result = run("build", sample_path, "-o", tmp_path / "g.ttl", "--validate")
    assert result.exit_code == 1
    assert result.output.startswith("wrote ")
    assert "sample-disclosure.txt: does not conform" in result.output
    assert "[bkgsh:StatedEmptyTableShape]" in result.output


def test_several_documents_are_reported_one_by_one(capsys):
    from rdflib import Literal, URIRef

    from budgetkg.cli.validate import run_validation_cli
    from budgetkg.vocab import BKG

    clean = Graph().parse(SHAPES / "prelude.ttl")
    other = Graph().parse(SHAPES / "prelude.ttl").parse(SHAPES / "checker-bad.ttl")
    other.set((URIRef("https://example.org/d/doc"), BKG.fileName, Literal("other.txt")))
    assert run_validation_cli([clean, other], "json", None) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["documents"] == ["minimal.txt", "other.txt"]
    assert {f["document"] for f in report["findings"]} == {"other.txt"}
    assert run_validation_cli([clean], "text", None) == 0
    assert capsys.readouterr().out.startswith("minimal.txt: conforms — 0 violation(s)")
