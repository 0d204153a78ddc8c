"""Serialisation: every format parses back to the same graph, the same input always gives the same
bytes (also across interpreter runs, whose hash seeds differ), awkward literals and IRIs survive,
and graph files of every format load back with their named graphs."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, RDFS, XSD

from budgetkg.errors import InputError, UsageError
from budgetkg.rdf.formats import FORMATS
from budgetkg.rdf.graphs import new_graph
from budgetkg.rdf.jsonld import to_jsonld
from budgetkg.rdf.read import load_graphs
from budgetkg.rdf.turtle import trig, turtle
from budgetkg.rdf.write import render

RDFLIB_FORMAT = {"turtle": "turtle", "trig": "trig", "nt": "nt", "nquads": "nquads",
                 "json-ld": "json-ld"}
EXT = {"turtle": ".ttl", "trig": ".trig", "nt": ".nt", "nquads": ".nq", "json-ld": ".jsonld"}
EX = "https://data.example.org/"


def parse_back(data: bytes, fmt: str) -> list[Graph]:
    """Parse with rdflib (not with our own loader): one graph per non-empty graph."""
    if fmt in ("turtle", "nt"):
        return [Graph().parse(data=data.decode("utf-8"), format=RDFLIB_FORMAT[fmt])]
    ds = Dataset()
    ds.parse(data=data.decode("utf-8"), format=RDFLIB_FORMAT[fmt])
    return [g for g in ds.graphs() if len(g)]


def merged(graphs) -> Graph:
    out = Graph()
    for g in graphs:
        for t in g:
            out.add(t)
    return out


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nt", "nquads", "json-ld"])
def test_sample_round_trips_to_an_isomorphic_graph(sample_graph, fmt):
    back = parse_back(render([sample_graph], fmt), fmt)
    if fmt in ("trig", "nquads"):
        assert [str(g.identifier) for g in back] == [str(sample_graph.identifier)]
    if fmt == "json-ld":  # one document: its triples in the default graph
        assert [g.identifier for g in back] == [DATASET_DEFAULT_GRAPH_ID]
    assert len(merged(back)) == len(sample_graph)
    assert isomorphic(merged(back), sample_graph)


def awkward_graph(name: str = EX + "graph/1") -> Graph:
    """Literals and IRIs that break naive writers."""
    g = new_graph(URIRef(name))
    s = URIRef(EX + "thing/1")
    texts = ['quote " and backslash \\ and triple """ quotes', "line one\nline two\r\nthree",
             "tab\there", "control \x01\x1f char", "emoji 😀 and 中文（全角）", "", " spaced ",
             "<script>alert(1)</script>", "ends with backslash \\"]
    for i, text in enumerate(texts):
        g.add((s, URIRef(EX + f"p{i}"), Literal(text)))
    g.add((s, RDFS.label, Literal("多行\n标签", lang="zh")))
    g.add((s, RDFS.label, Literal("label", lang="en-GB")))
    g.add((s, URIRef(EX + "amount"), Literal("12.40", datatype=XSD.decimal)))
    g.add((s, URIRef(EX + "negative"), Literal("-0.50", datatype=XSD.decimal)))
    g.add((s, URIRef(EX + "whole"), Literal("588000.0", datatype=XSD.decimal)))
    g.add((s, URIRef(EX + "count"), Literal(7, datatype=XSD.integer)))
    g.add((s, URIRef(EX + "flag"), Literal(True)))
    g.add((s, URIRef(EX + "typed"), Literal("x", datatype=XSD.string)))
    g.add((s, URIRef(EX + "custom"), Literal("A-1", datatype=URIRef(EX + "code"))))
    g.add((s, URIRef(EX + "when"), Literal("2024-01-23T16:25:14", datatype=XSD.dateTime)))
    g.add((s, RDF.type, URIRef("https://budgetkg.org/ontology#Project")))
    g.add((s, RDF.type, URIRef(EX + "Other")))
    g.add((s, URIRef(EX + "link"), URIRef(EX + "thing/2?x=1&y=2#frag")))
    g.add((URIRef(EX + "thing/2?x=1&y=2#frag"), URIRef(EX + "back"), s))
    return g


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nt", "nquads", "json-ld"])
def test_awkward_literals_and_iris_round_trip(fmt):
    g = awkward_graph()
    data = render([g], fmt)
    back = merged(parse_back(data, fmt))
    assert isomorphic(back, g), data.decode("utf-8")[:2000]
    assert render([g], fmt) == data


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nt", "nquads", "json-ld"])
def test_blank_nodes_round_trip_and_are_written_stably(fmt):
    g = new_graph(URIRef(EX + "graph/b"))
    a, b = BNode(), BNode()
    g.add((URIRef(EX + "s"), URIRef(EX + "p"), a))
    g.add((a, URIRef(EX + "q"), Literal("one")))
    g.add((a, URIRef(EX + "r"), b))
    g.add((b, URIRef(EX + "q"), Literal("two")))
    data = render([g], fmt)
    assert isomorphic(merged(parse_back(data, fmt)), g)
    # the same graph with fresh blank node ids writes the same bytes
    g2 = new_graph(URIRef(EX + "graph/b"))
    fresh = {a: BNode(), b: BNode()}
    for s, p, o in g:
        g2.add((fresh.get(s, s), p, fresh.get(o, o)))
    assert render([g2], fmt) == data


def test_two_named_graphs_stay_apart_in_quad_formats():
    one, two = awkward_graph(EX + "graph/1"), new_graph(URIRef(EX + "graph/2"))
    two.add((URIRef(EX + "x"), RDFS.label, Literal("only in two")))
    for fmt in ("trig", "nquads", "json-ld"):
        back = {str(g.identifier): g for g in parse_back(render([two, one], fmt), fmt)}
        assert sorted(back) == [EX + "graph/1", EX + "graph/2"], fmt
        assert isomorphic(back[EX + "graph/1"], one), fmt
        assert isomorphic(back[EX + "graph/2"], two), fmt
        assert render([two, one], fmt) == render([one, two], fmt), fmt


SCRIPT = """
import sys
from budgetkg.build.pipeline import build_graph
from budgetkg.rdf.write import render
g = build_graph(sys.argv[1])
for fmt, path in zip(["turtle", "trig", "nt", "nquads", "json-ld"], sys.argv[2:]):
    open(path, "wb").write(render([g], fmt))
"""


def test_every_format_is_byte_identical_across_processes(tmp_path, sample_path):
    """Two interpreters with different hash seeds (set iteration order differs) write the same
    bytes in every format; JSON-LD's type lists used to come out in set order."""
    runs = []
    for seed in ("1", "4242"):
        paths = [tmp_path / f"{seed}{EXT[f]}" for f in ("turtle", "trig", "nt", "nquads", "json-ld")]
        subprocess.run([sys.executable, "-c", SCRIPT, str(sample_path), *map(str, paths)], check=True,
                       env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}, capture_output=True)
        runs.append([p.read_bytes() for p in paths])
    for fmt, first, second in zip(("turtle", "trig", "nt", "nquads", "json-ld"), *runs):
        assert first == second, fmt
        assert len(first) > 100_000, fmt


def test_turtle_is_readable():
    g = new_graph()
    for n in (10, 2, 1):
        g.add((URIRef(f"{EX}glossary/{n}"), RDFS.label, Literal(f"term {n}", lang="zh")))
        g.add((URIRef(f"{EX}glossary/{n}"), RDF.type, URIRef("http://www.w3.org/2004/02/skos/core#Concept")))
    text = turtle(g)
    assert "@prefix rdfs:" in text and "@prefix skos:" in text
    assert "@prefix qb:" not in text, "only the prefixes used are declared"
    order = [text.index(f"<{EX}glossary/{n}>") for n in (1, 2, 10)]
    assert order == sorted(order), "subjects in natural order"
    assert f"<{EX}glossary/1>\n    a skos:Concept ;\n    rdfs:label \"term 1\"@zh ." in text


def test_numbers_keep_their_written_precision_in_turtle():
    g = new_graph()
    g.add((URIRef(EX + "r"), URIRef(EX + "total"), Literal("5358.60", datatype=XSD.decimal)))
    text = turtle(g)
    assert "5358.60 ." in text
    back = Graph().parse(data=text, format="turtle")
    value = next(back.objects())
    assert str(value) == "5358.60" and value.toPython() == Decimal("5358.60")


def test_trig_keeps_literal_newlines_inside_an_indented_graph_block():
    g = awkward_graph()
    text = trig([g])
    assert text.count("{") == 1 and "\n    <" in text
    back = merged(parse_back(text.encode("utf-8"), "trig"))
    assert Literal("line one\nline two\r\nthree") in set(back.objects())


def test_jsonld_reads_as_plain_json(sample_graph):
    doc = json.loads(to_jsonld([sample_graph]))
    assert isinstance(doc["@context"], dict)
    graph = doc  # one document: its nodes at the top level, in the default graph
    assert all("@graph" not in n for n in graph["@graph"])
    project = next(n for n in graph["@graph"] if n.get("type") == "Project")
    assert {"id", "type", "label", "projectName", "indicator", "annualFunds"} <= set(project)
    assert isinstance(project["label"]["zh"], str)
    rows = [n for n in graph["@graph"] if "total" in n and "rowLabel" in n]
    assert rows and all(isinstance(r["total"], str) for r in rows)  # exact decimals, as strings
    assert all(isinstance(n["startLine"], int) for n in graph["@graph"] if "startLine" in n)
    multi = [n["type"] for n in graph["@graph"] if isinstance(n.get("type"), list)]
    assert multi and all(t == sorted(t) for t in multi)


def test_a_plain_graph_reader_reads_every_triple_of_one_document(tmp_path, sample_graph):
    out = tmp_path / "one.jsonld"
    out.write_bytes(to_jsonld([sample_graph]))
    plain = Graph().parse(out, format="json-ld")
    assert len(plain) == len(sample_graph)
    assert isomorphic(plain, sample_graph)
    (back,) = load_graphs(out)  # budgetkg's own loader names it after the document again
    assert back.identifier == sample_graph.identifier


def test_jsonld_can_reference_the_context_instead_of_embedding_it(tmp_path, sample_graph):
    from budgetkg.resources import read_text

    (tmp_path / "context.jsonld").write_text(read_text("ontology", "context.jsonld"), encoding="utf-8")
    (tmp_path / "data").mkdir()
    out = tmp_path / "data" / "g.jsonld"
    out.write_bytes(to_jsonld([sample_graph], context_ref="../context.jsonld"))
    assert json.loads(out.read_text(encoding="utf-8"))["@context"] == "../context.jsonld"
    (back,) = load_graphs(out)  # falls back to rdflib, which resolves the relative context
    assert isomorphic(back, sample_graph)


# --- reading graph files -------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["turtle", "trig", "nt", "nquads", "json-ld"])
def test_graph_files_load_back_as_the_named_graph(tmp_path, sample_graph, fmt):
    path = tmp_path / f"g{EXT[fmt]}"
    path.write_bytes(render([sample_graph], fmt))
    graphs = load_graphs(path)
    assert [str(g.identifier) for g in graphs] == [str(sample_graph.identifier)]
    assert isomorphic(graphs[0], sample_graph)


def test_loading_keeps_several_named_graphs_and_the_default_graph(tmp_path):
    one, two = awkward_graph(EX + "graph/1"), new_graph(URIRef(EX + "graph/2"))
    two.add((URIRef(EX + "x"), RDFS.label, Literal("two")))
    path = tmp_path / "two.trig"
    path.write_text(trig([one, two]) + f'\n<{EX}d> <{EX}p> "default" .\n', encoding="utf-8")
    graphs = load_graphs(path)
    names = [g.identifier for g in graphs]
    assert names[1:] == [URIRef(EX + "graph/1"), URIRef(EX + "graph/2")]
    assert len(graphs[0]) == 1 and "default" in str(next(iter(graphs[0]))[2])
    assert isomorphic(graphs[1], rdf11(one))


def rdf11(g: Graph) -> Graph:
    """RDF 1.1 makes "x"^^xsd:string and "x" one term, and language tags case-insensitive;
    Oxigraph reads "x" and lower-case tags, rdflib keeps the forms apart."""
    out = Graph(identifier=g.identifier)
    for s, p, o in g:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        elif isinstance(o, Literal) and o.language:
            o = Literal(str(o), lang=o.language.lower())
        out.add((s, p, o))
    return out


def test_loading_rejects_what_is_not_a_graph(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://a> <http://b> ", encoding="utf-8")
    with pytest.raises(InputError, match="bad.ttl.*cannot parse"):
        load_graphs(bad)
    empty = tmp_path / "empty.nt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="no triples"):
        load_graphs(empty)
    with pytest.raises(UsageError, match="unknown RDF file type"):
        load_graphs(tmp_path / "doc.txt")
    with pytest.raises(UsageError, match="no such file"):
        load_graphs(tmp_path / "missing.ttl")


def test_every_extension_has_a_writer_and_a_reader():
    assert {f.name for f in FORMATS} == set(RDFLIB_FORMAT)


def test_the_same_named_graph_from_two_files_is_merged():
    from budgetkg.rdf.graphs import merge_by_name

    a = new_graph(URIRef(EX + "graph/1"))
    a.add((URIRef(EX + "s"), RDFS.label, Literal("a")))
    b = new_graph(URIRef(EX + "graph/1"))
    b.add((URIRef(EX + "s"), RDFS.label, Literal("b")))
    c = new_graph(URIRef(EX + "graph/2"))
    c.add((URIRef(EX + "s"), RDFS.label, Literal("c")))
    merged = merge_by_name([a, c, b])
    assert [str(g.identifier) for g in merged] == [EX + "graph/1", EX + "graph/2"]
    assert len(merged[0]) == 2 and len(a) == 1 and len(b) == 1
