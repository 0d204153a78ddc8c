"""`budgetkg load GRAPH --store PATH` and `budgetkg query --store PATH`: a persistent Oxigraph
store, filled idempotently (each document's named graph replaced), read by several readers."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from budgetkg.cli.app import main
from budgetkg.errors import UsageError
from budgetkg.query.catalogue import available
from budgetkg.rdf.read import document_graphs, read_store
from budgetkg.rdf.store import load_file, open_store
from tests.test_queries_helpers import quad_dump

pytest_plugins = ("tests.test_queries_helpers",)  # the sample graph fixtures


def invoke(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def test_load_then_query_the_store_like_the_file(tmp_path, sample_trig, first_project):
    store = tmp_path / "store"
    out = invoke("load", sample_trig, "--store", store)
    assert "loaded <https://data.budgetkg.org/doc/" in out and "1 graph(s)" in out
    for name in sorted(available()):
        params = ["--param", f"resource={first_project}"] if name == "provenance" else []
        from_store = invoke("query", name, "--store", store, "--format", "csv", *params)
        from_file = invoke("query", name, "--data", sample_trig, "--format", "csv", *params)
        assert from_store == from_file, name


def test_loading_twice_replaces_the_documents_graphs(tmp_path, sample_trig, sample_store):
    path = tmp_path / "store"
    invoke("load", sample_trig, "--store", path)
    invoke("load", sample_trig, "--store", path)
    assert quad_dump(ox.Store.read_only(str(path))) == quad_dump(sample_store)


def test_turtle_and_trig_load_into_the_same_graph(tmp_path, sample_graph, sample_trig, sample_store):
    from budgetkg.rdf.write import write_graphs

    ttl = tmp_path / "sample.ttl"
    write_graphs([sample_graph], ttl)
    path = tmp_path / "store"
    invoke("load", sample_trig, "--store", path)
    invoke("load", ttl, "--store", path)  # replaces the same document graph
    store = ox.Store.read_only(str(path))
    assert [g.value for g in store.named_graphs()] == [str(sample_graph.identifier)]
    assert quad_dump(store) == quad_dump(sample_store)


def test_loading_keeps_other_documents(tmp_path, sample_trig):
    path = tmp_path / "store"
    other = tmp_path / "other.trig"
    other.write_text("<https://example.org/doc> { <urn:a> <urn:b> \"c\" . }\n", encoding="utf-8")
    invoke("load", other, "--store", path)
    invoke("load", sample_trig, "--store", path)
    invoke("load", sample_trig, "--store", path)
    store = ox.Store.read_only(str(path))
    assert len(list(store.named_graphs())) == 2
    assert len(list(store.quads_for_pattern(None, None, None, ox.NamedNode("https://example.org/doc")))) == 1


def test_several_readers_share_a_store(tmp_path, sample_trig):
    path = tmp_path / "store"
    load_file(sample_trig, open_store(path, create=True))
    readers = [open_store(path) for _ in range(3)]
    assert {sum(1 for _ in r.quads_for_pattern(None, None, None)) for r in readers} == {
        sum(1 for _ in readers[0].quads_for_pattern(None, None, None))}


def test_a_turtle_file_of_several_documents_cannot_be_named(tmp_path):
    ttl = tmp_path / "two.ttl"
    ttl.write_text("@prefix bkg: <https://budgetkg.org/ontology#> .\n"
                   "<https://example.org/d1> a bkg:Disclosure .\n"
                   "<https://example.org/d2> a bkg:Disclosure .\n", encoding="utf-8")
    with pytest.raises(UsageError, match="describe 2 disclosures"):
        document_graphs(read_store(ttl), ttl)
    result = CliRunner().invoke(main, ["load", str(ttl), "--store", str(tmp_path / "s")])
    assert result.exit_code == 2 and "build a .trig or .nq file" in result.output


def test_store_errors(tmp_path, sample_trig):
    runner = CliRunner()
    (tmp_path / "file").write_text("x")
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    for args, message in (
        (["query", "projects", "--store", str(tmp_path / "missing")], "no such store"),
        (["load", str(sample_trig), "--store", str(tmp_path / "file")], "not a folder"),
        (["load", str(bad), "--store", str(tmp_path / "s")], "cannot parse it as RDF"),
        (["load", str(tmp_path / "nope.trig"), "--store", str(tmp_path / "s")], "no such file"),
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output, (args, result.output)
