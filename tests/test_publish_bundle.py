"""`budgetkg publish-bundle`: contents, the VoID/DCAT description, checksums, atomic output."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, XSD

import budgetkg.publish.bundle as bundle_module
from budgetkg import __version__
from budgetkg.cli.app import main
from budgetkg.errors import UsageError
from budgetkg.publish.bundle import MARKER, publish_bundle
from budgetkg.publish.describe import DEFAULT_LICENCE, describe
from budgetkg.rdf.read import load_graphs
from budgetkg.rdf.write import write_graphs
from budgetkg.resources import list_names
from budgetkg.vocab import BKG

VOID = Namespace("http://rdfs.org/ns/void#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DATA_FILES = ["data/graph.jsonld", "data/graph.nq", "data/graph.nt", "data/graph.trig",
              "data/graph.ttl"]


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory, sample_graph) -> Path:
    path = tmp_path_factory.mktemp("graph") / "sample.trig"
    write_graphs([sample_graph], path)
    return path


@pytest.fixture(scope="module")
def bundle(tmp_path_factory, graph_file) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "out"
    result = CliRunner().invoke(main, ["publish-bundle", str(graph_file), "-o", str(out),
                                       "--licence", "https://example.org/licence"])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    return out


@pytest.fixture(scope="module")
def void(bundle) -> Graph:
    return Graph().parse(bundle / "void.ttl", format="turtle", publicID=bundle.as_uri() + "/void.ttl")


def dataset_node(void: Graph) -> URIRef:
    (ds,) = [s for s in void.subjects(RDF.type, DCAT.Dataset)]
    return ds


def test_bundle_holds_data_ontology_shapes_queries_context_and_description(bundle):
    files = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    expected = set(DATA_FILES) | {"void.ttl", "void.jsonld", "context.jsonld", "README.md",
                                  "SHA256SUMS", "ontology/budgetkg.ttl", MARKER}
    expected |= {f"shapes/{n}" for n in list_names("shapes", ".ttl")}
    expected |= {f"queries/{n}" for n in list_names("queries", ".rq")}
    assert files == expected
    assert not [p for p in bundle.parent.iterdir() if p.name.startswith(".out.")], "temp left over"


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_data_file_is_the_graph(bundle, sample_graph, name):
    graphs = load_graphs(bundle / name)
    assert [str(g.identifier) for g in graphs] == [str(sample_graph.identifier)]
    assert isomorphic(graphs[0], sample_graph)


def test_sha256sums_match_the_files(bundle):
    lines = (bundle / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 10
    for line in lines:
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((bundle / name).read_bytes()).hexdigest() == digest, name


def test_description_counts_the_data(void, sample_graph):
    ds = dataset_node(void)
    assert (ds, RDF.type, VOID.Dataset) in void
    assert void.value(ds, VOID.triples) == Literal(len(sample_graph), datatype=XSD.integer)
    subjects = {s for s, _, _ in sample_graph}
    assert void.value(ds, VOID.distinctSubjects).toPython() == len(subjects)
    classes = {o for o in sample_graph.objects(None, RDF.type)}
    assert void.value(ds, VOID.classes).toPython() == len(classes)
    partitions = {void.value(p, VOID["class"]): void.value(p, VOID.entities).toPython()
                  for p in void.objects(ds, VOID.classPartition)}
    assert partitions[BKG.Project] == len(set(sample_graph.subjects(RDF.type, BKG.Project)))
    assert set(partitions) == classes
    props = {void.value(p, VOID.property): void.value(p, VOID.triples).toPython()
             for p in void.objects(ds, VOID.propertyPartition)}
    assert sum(props.values()) == len(sample_graph)
    (subset,) = void.objects(ds, VOID.subset)
    assert void.value(subset, VOID.triples).toPython() == len(sample_graph)


def test_description_names_the_source_document_with_its_checksum(void, sample_graph, sample_path):
    ds = dataset_node(void)
    sha = hashlib.sha256(sample_path.read_bytes()).hexdigest()
    (doc,) = void.objects(ds, DCTERMS.source)
    assert doc == sample_graph.identifier
    assert void.value(doc, BKG.sha256) == Literal(sha)
    checksum = void.value(doc, SPDX.checksum)
    assert void.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
    assert str(void.value(checksum, SPDX.checksumValue)) == sha
    assert void.value(doc, BKG.fileName) == Literal(sample_path.name)


def test_description_has_licence_activity_and_tool_version(void):
    ds = dataset_node(void)
    assert void.value(ds, DCTERMS.license) == URIRef("https://example.org/licence")
    activities = set(void.objects(ds, PROV.wasGeneratedBy))
    assert len(activities) == 2  # the extraction recorded in the data, and this publication
    versions = {str(void.value(a, BKG.toolVersion)) for a in activities}
    assert versions == {__version__}
    assert {o.language for o in void.objects(ds, DCTERMS.title)} >= {"zh", "en"}


def test_distributions_carry_size_checksum_and_media_type(bundle, void):
    ds = dataset_node(void)
    dists = list(void.objects(ds, DCAT.distribution))
    assert len(dists) == 5
    for dist in dists:
        url = void.value(dist, DCAT.downloadURL)
        path = bundle / url.removeprefix(bundle.as_uri() + "/")
        data = path.read_bytes()
        assert void.value(dist, DCAT.byteSize).toPython() == len(data)
        checksum = void.value(dist, SPDX.checksum)
        assert str(void.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
        assert str(void.value(dist, DCAT.mediaType)).startswith("https://www.iana.org/assignments/media-types/")
    dumps = {str(u) for u in void.objects(ds, VOID.dataDump)}
    assert len(dumps) == 5


def test_description_is_also_json_ld_and_relative(bundle, void):
    back = Graph().parse(bundle / "void.jsonld", format="json-ld",
                         publicID=bundle.as_uri() + "/void.jsonld")
    assert isomorphic(back, void)
    assert "<data/graph.ttl>" in (bundle / "void.ttl").read_text(encoding="utf-8")


def test_description_is_deterministic(sample_graph):
    from budgetkg.rdf.turtle import turtle

    assert turtle(describe([sample_graph])) == turtle(describe([sample_graph]))


def test_bundle_is_byte_identical_when_rebuilt(tmp_path, graph_file):
    outs = []
    for name in ("a", "b"):
        publish_bundle(load_graphs(graph_file), tmp_path / name, formats=("ttl", "jsonld"))
        outs.append({p.relative_to(tmp_path / name).as_posix(): p.read_bytes()
                     for p in sorted((tmp_path / name).rglob("*")) if p.is_file()})
    assert outs[0] == outs[1]


def test_only_the_requested_formats(tmp_path, graph_file):
    out = tmp_path / "ttl-only"
    result = CliRunner().invoke(main, ["publish-bundle", str(graph_file), "-o", str(out),
                                       "--format", "ttl", "--format", "nq"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "data").iterdir()) == ["graph.nq", "graph.ttl"]
    void = Graph().parse(out / "void.ttl", format="turtle", publicID=out.as_uri() + "/void.ttl")
    assert len(list(void.objects(None, DCAT.distribution))) == 2
    assert void.value(dataset_node(void), DCTERMS.license) == URIRef(DEFAULT_LICENCE)


# --- atomic output and refusals -------------------------------------------------------------------

def test_a_failure_leaves_no_half_written_bundle(tmp_path, graph_file, monkeypatch):
    graphs = load_graphs(graph_file)
    real = bundle_module.render

    def failing(graphs, fmt):
        if fmt == "nquads":
            raise RuntimeError("disk full")
        return real(graphs, fmt)

    monkeypatch.setattr(bundle_module, "render", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        publish_bundle(graphs, tmp_path / "new")
    assert list(tmp_path.iterdir()) == []

    monkeypatch.setattr(bundle_module, "render", real)
    publish_bundle(graphs, tmp_path / "old", formats=("ttl",))
    before = {p.name for p in (tmp_path / "old" / "data").iterdir()}
    monkeypatch.setattr(bundle_module, "render", failing)
    with pytest.raises(RuntimeError):
        publish_bundle(graphs, tmp_path / "old")  # a failed rebuild keeps the earlier bundle
    assert {p.name for p in (tmp_path / "old" / "data").iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old"]


def test_an_earlier_bundle_is_replaced(tmp_path, graph_file):
    graphs = load_graphs(graph_file)
    publish_bundle(graphs, tmp_path / "b", formats=("nt",))
    publish_bundle(graphs, tmp_path / "b", formats=("ttl",))
    assert sorted(p.name for p in (tmp_path / "b" / "data").iterdir()) == ["graph.ttl"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b"]


def test_refuses_to_overwrite_what_budgetkg_did_not_write(tmp_path, graph_file):
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.tex").write_text("years of work", encoding="utf-8")
    result = CliRunner().invoke(main, ["publish-bundle", str(graph_file), "-o", str(precious)])
    assert result.exit_code == 2
    assert "did not write" in result.output
    assert (precious / "thesis.tex").read_text(encoding="utf-8") == "years of work"
    a_file = tmp_path / "file"
    a_file.write_text("x", encoding="utf-8")
    with pytest.raises(UsageError, match="is a file"):
        publish_bundle(load_graphs(graph_file), a_file)


def test_refuses_a_site_folder(tmp_path, graph_file):
    site = tmp_path / "site"
    site.mkdir()
    (site / MARKER).write_text('{"kind": "site"}', encoding="utf-8")
    (site / "index.html").write_text("<h1>site</h1>", encoding="utf-8")
    with pytest.raises(UsageError, match="site output"):
        publish_bundle(load_graphs(graph_file), site)


@pytest.mark.parametrize("args, message", [
    (["--licence", "CC-BY"], "not an http"),
    (["--format", "xml"], "Invalid value for '--format'"),
])
def test_bad_options_are_one_line_errors(tmp_path, graph_file, args, message):
    result = CliRunner().invoke(main, ["publish-bundle", str(graph_file), "-o", str(tmp_path / "x"), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "x").exists()


def test_a_document_instead_of_a_graph_is_a_usage_error(tmp_path, sample_path):
    result = CliRunner().invoke(main, ["publish-bundle", str(sample_path), "-o", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "unknown RDF file type" in result.output
    assert not os.path.exists(tmp_path / "x")
