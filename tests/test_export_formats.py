"""Export files read back with the readers their tools use: networkx for GraphML and GEXF,
pydot for DOT, JSON for Cytoscape and node-link; and the `budgetkg export` command."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET

import networkx as nx
import pydot
import pytest
from click.testing import CliRunner

from budgetkg.cli.app import main
from budgetkg.errors import UsageError
from budgetkg.export import FORMATS, VIEWS, render, to_networkx, write_view
from budgetkg.export.writers import format_for
from budgetkg.rdf.write import write_graphs

TRICKY = 'say "hi" \\ <script>alert(1)</script> & 一般\nline two'


@pytest.fixture(scope="module")
def views(sample_graph):
    return {name: to_networkx(sample_graph, name) for name in VIEWS}


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory, sample_graph):
    path = tmp_path_factory.mktemp("graph") / "sample.ttl"
    write_graphs([sample_graph], path)
    return path


def small_view() -> nx.MultiDiGraph:
    """Two nodes whose label has every character a writer must escape, and parallel edges."""
    g = nx.MultiDiGraph(name="tiny", view="tiny")
    g.add_node("https://x.org/a#1", label=TRICKY, type="Project", iri="https://x.org/a#1",
               amount=1234.5, unit="元", level=2, qualitative=True)
    g.add_node("https://x.org/b", label="B", type="Department", iri="https://x.org/b")
    g.add_edge("https://x.org/a#1", "https://x.org/b", key="e0", relation="bkg:implementingUnit",
               label="implementingUnit")
    g.add_edge("https://x.org/a#1", "https://x.org/b", key="e1", relation="bkg:supervisingDepartment",
               label="supervisingDepartment")
    return g


@pytest.mark.parametrize("name", VIEWS)
def test_graphml_and_gexf_read_back_with_the_same_counts(tmp_path, views, name):
    view = views[name]
    write_view(view, tmp_path / "v.graphml")
    write_view(view, tmp_path / "v.gexf")
    for back in (nx.read_graphml(tmp_path / "v.graphml"), nx.read_gexf(tmp_path / "v.gexf")):
        assert back.number_of_nodes() == view.number_of_nodes()
        assert back.number_of_edges() == view.number_of_edges()
        assert set(back.nodes) == set(view.nodes)
        for node, data in view.nodes(data=True):
            assert back.nodes[node]["label"] == data["label"]
            assert back.nodes[node]["type"] == data["type"]
            if "amount" in data:
                assert back.nodes[node]["amount"] == data["amount"]


@pytest.mark.parametrize("name", VIEWS)
def test_cytoscape_json_and_node_link_json_read_back(views, name):
    view = views[name]
    doc = json.loads(render(view, "cyjs"))
    nodes, edges = doc["elements"]["nodes"], doc["elements"]["edges"]
    assert len(nodes) == view.number_of_nodes() and len(edges) == view.number_of_edges()
    ids = [n["data"]["id"] for n in nodes] + [e["data"]["id"] for e in edges]
    assert len(ids) == len(set(ids)), "Cytoscape needs unique element ids"
    assert all(n["data"]["name"] == view.nodes[n["data"]["id"]]["label"] for n in nodes)
    assert all(e["data"]["interaction"] == e["data"]["relation"] for e in edges)
    assert {e["data"]["source"] for e in edges} <= {n["data"]["id"] for n in nodes}
    linked = nx.node_link_graph(json.loads(render(view, "json")), edges="edges")
    assert linked.number_of_nodes() == view.number_of_nodes()
    assert linked.number_of_edges() == view.number_of_edges()


@pytest.mark.filterwarnings("ignore:'\\w+' deprecated:DeprecationWarning")  # pydot on pyparsing 3.3
@pytest.mark.parametrize("name", ["org", "funding", "indicators"])
def test_dot_parses_with_the_same_counts(views, name):
    view = views[name]
    (parsed,) = pydot.graph_from_dot_data(render(view, "dot").decode("utf-8"))
    nodes = [n for n in parsed.get_nodes() if n.get_name() not in ("node", "edge", "graph")]
    assert len(nodes) == view.number_of_nodes()
    assert len(parsed.get_edges()) == view.number_of_edges()


@pytest.mark.filterwarnings("ignore:'\\w+' deprecated:DeprecationWarning")
def test_escaping_survives_every_reader(tmp_path):
    g = small_view()
    write_view(g, tmp_path / "t.graphml")
    write_view(g, tmp_path / "t.gexf")
    for back in (nx.read_graphml(tmp_path / "t.graphml"), nx.read_gexf(tmp_path / "t.gexf")):
        assert back.nodes["https://x.org/a#1"]["label"] == TRICKY
        assert back.number_of_edges() == 2
    (parsed,) = pydot.graph_from_dot_data(render(g, "dot").decode("utf-8"))
    node = next(n for n in parsed.get_nodes() if n.get_name() == '"https://x.org/a#1"')
    assert node.get("label") == '"say \\"hi\\" \\\\ <script>alert(1)</script> & 一般\\nline two"'
    cy = json.loads(render(g, "cyjs"))
    assert cy["elements"]["nodes"][0]["data"]["name"] == TRICKY


def test_graphml_declares_one_type_per_attribute_and_unique_edge_ids(views):
    root = ET.fromstring(render(views["full"], "graphml"))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    keys = [(k.get("for"), k.get("attr.name")) for k in root.findall("g:key", ns)]
    assert len(keys) == len(set(keys))
    edge_ids = [e.get("id") for e in root.iter("{http://graphml.graphdrawing.org/xmlns}edge")]
    assert len(edge_ids) == len(set(edge_ids)) == views["full"].number_of_edges()


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_is_byte_identical_for_the_same_graph(sample_graph, fmt):
    a = render(to_networkx(sample_graph, "org"), fmt)
    b = render(to_networkx(sample_graph, "org"), fmt)
    assert a == b


def test_format_comes_from_option_or_extension():
    assert format_for("x.gexf", None) == "gexf"
    assert format_for("x.gv", None) == "dot"
    assert format_for("x.out", "json") == "json"
    with pytest.raises(UsageError, match=r"--format 'svg' is not an export format"):
        format_for("x.svg", "svg")
    with pytest.raises(UsageError, match=r"cannot tell the export format from 'x\.txt'"):
        format_for("x.txt", None)


def test_export_command_writes_the_view(tmp_path, graph_file, views):
    out = tmp_path / "org.gexf"
    result = CliRunner().invoke(main, ["export", str(graph_file), "--view", "org", "-o", str(out)])
    assert result.exit_code == 0, result.output
    view = views["org"]
    assert f"{view.number_of_nodes()} nodes, {view.number_of_edges()} edges" in result.output
    assert nx.read_gexf(out).number_of_nodes() == view.number_of_nodes()


def test_export_command_defaults_to_the_overview(tmp_path, graph_file, views):
    out = tmp_path / "overview.json"
    result = CliRunner().invoke(main, ["export", str(graph_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    view = views["overview"]
    assert f"view overview: {view.number_of_nodes()} nodes" in result.output
    assert view.number_of_nodes() < 100
    assert len(json.loads(out.read_text(encoding="utf-8"))["nodes"]) == view.number_of_nodes()


def test_export_command_explicit_format(tmp_path, graph_file):
    out = tmp_path / "funding.txt"
    result = CliRunner().invoke(main, ["export", str(graph_file), "--view", "funding",
                                       "--format", "dot", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith('digraph "funding" {')


@pytest.mark.parametrize("args, message", [
    (["--view", "people", "-o", "x.graphml"], "--view 'people' is not a view"),
    (["--view", "org", "-o", "x.svg"], "cannot tell the export format from"),
    (["--view", "org", "--format", "pdf", "-o", "x.pdf"], "--format 'pdf' is not an export format"),
])
def test_export_command_rejects_bad_options_in_one_line(tmp_path, graph_file, args, message):
    args = [a if not a.startswith("x.") else str(tmp_path / a) for a in args]
    result = CliRunner().invoke(main, ["export", str(graph_file), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not any(tmp_path.iterdir())


def test_export_command_reports_a_missing_or_broken_graph(tmp_path):
    missing = CliRunner().invoke(main, ["export", str(tmp_path / "nope.ttl"), "-o",
                                        str(tmp_path / "o.graphml")])
    assert missing.exit_code == 2 and "no such file" in missing.output
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .", encoding="utf-8")
    result = CliRunner().invoke(main, ["export", str(broken), "-o", str(tmp_path / "o.graphml")])
    assert result.exit_code == 2 and "cannot parse it as RDF" in result.output
    assert not (tmp_path / "o.graphml").exists()


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed: run "
                    "`make graphviz` (apt-get install graphviz); the DOT files are also checked "
                    "with pydot above")
@pytest.mark.parametrize("name", ["overview", "org", "funding"])
def test_graphviz_lays_out_the_dot_file_without_warnings(views, name):
    view = views[name]
    done = subprocess.run(["dot", "-Tsvg"], input=render(view, "dot"), capture_output=True,
                          timeout=120, check=False)
    assert done.returncode == 0 and done.stderr == b"", done.stderr
    assert done.stdout.count(b'class="node"') == view.number_of_nodes()
    assert done.stdout.count(b'class="edge"') == view.number_of_edges()
    tiny = subprocess.run(["dot", "-Tsvg"], input=render(small_view(), "dot"),
                          capture_output=True, timeout=60, check=False)
    assert tiny.returncode == 0 and tiny.stderr == b"", tiny.stderr
