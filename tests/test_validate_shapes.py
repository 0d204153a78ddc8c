"""The shapes themselves: coverage of the ontology, messages, severities, families, and the
conventions the report builder relies on (see shapes/common.ttl)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, SH, SKOS

from budgetkg.build.extract.narrative import FIGURE_KEYS
from budgetkg.build.segment import GENERIC, TABLE_KINDS
from budgetkg.resources import list_names, read_text
from budgetkg.validate import validate_graphs
from budgetkg.validate.shapes import load_shapes
from budgetkg.vocab import BKG, LEVEL1, LEVEL2

BKGSH = Namespace("https://budgetkg.org/shapes#")
SHAPES_DIR = Path(__file__).resolve().parents[1] / "shapes"
TESTS_SHAPES = Path(__file__).resolve().parent / "shapes"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(data=read_text("ontology", "budgetkg.ttl"), format="turtle")


def all_shapes(g: Graph) -> set:
    return {s for t in (SH.NodeShape, SH.PropertyShape) for s in g.subjects(RDF.type, t)}


def test_shapes_are_split_by_concern():
    assert set(list_names("shapes", ".ttl")) >= {"common.ttl", "structure.ttl", "codes.ttl",
                                                  "arithmetic.ttl", "consistency.ttl",
                                                  "performance.ttl", "checker.ttl"}


def test_every_class_of_the_ontology_has_a_node_shape(shapes, ontology):
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(str(BKG))}
    assert len(classes) >= 25
    targeted = {c for s in shapes.subjects(RDF.type, SH.NodeShape) for c in shapes.objects(s, SH.targetClass)}
    assert classes - targeted == set()


def test_every_shape_has_a_chosen_severity_family_and_two_languages(shapes):
    order = [str(x) for x in Collection(shapes, next(shapes.objects(None, BKGSH.familyOrder)))]
    for shape in all_shapes(shapes):
        if not isinstance(shape, URIRef):
            continue  # property shapes nested in sh:or
        assert shapes.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), shape
        assert str(shapes.value(shape, BKGSH.family)) in order, shape
        langs = {m.language for m in shapes.objects(shape, SH.message) if isinstance(m, Literal)}
        assert {"zh", "en"} <= langs, shape
        zh = next(str(m) for m in shapes.objects(shape, SH.message) if m.language == "zh")
        assert re.search(r"[\u4e00-\u9fff]", zh), shape


def test_every_sparql_shape_passes_its_details(shapes):
    for shape in set(shapes.subjects(SH.sparql, None)):
        details = [str(m) for m in shapes.objects(shape, SH.message) if str(m).startswith("⟦expected⟧")]
        assert details == ["⟦expected⟧{?expected}⟦found⟧{?found}⟦lines⟧{?lines}"], shape


def test_rounding_shapes_have_a_violation_twin_with_the_same_query(shapes):
    twins = [s for s in all_shapes(shapes) if str(s).endswith("RoundingShape")]
    assert len(twins) >= 10
    for rounding in twins:
        strict = URIRef(str(rounding).replace("RoundingShape", "Shape"))
        assert shapes.value(rounding, SH.severity) == SH.Info
        assert shapes.value(strict, SH.severity) == SH.Violation
        assert set(shapes.objects(rounding, SH.sparql)) == set(shapes.objects(strict, SH.sparql))


def test_known_keys_and_kinds_match_the_extractors(shapes):
    key_shape = BKGSH["StatedFigure-figureKey"]
    assert [str(x) for x in Collection(shapes, shapes.value(key_shape, SH["in"]))] == list(FIGURE_KEYS)
    kind_shape = BKGSH["BudgetTable-tableKind"]
    assert {str(x) for x in Collection(shapes, shapes.value(kind_shape, SH["in"]))} == {
        kind for _, kind, _ in TABLE_KINDS} | {GENERIC}


def test_no_shape_mentions_the_sample(shapes):
    """Rules are about the template, never about one document's names, codes or amounts."""
    text = "".join((SHAPES_DIR / name).read_text(encoding="utf-8") for name in list_names("shapes", ".ttl"))
    for specific in ("吕梁", "审批服务管理局", "5358", "3543", "1815.35", "12.40", "3930", "026-",
                     "A1602", "160601", "2024"):
        assert specific not in text, specific


def test_indicator_families_in_the_shapes_are_the_ontology_framework(ontology):
    """Every (level-1, level-2) pair: no finding exactly when the ontology puts the level-2 under
    the level-1."""
    broader = {l2: l1 for l2, l1 in ontology.subject_objects(SKOS.broader)
               if (l2, RDF.type, SKOS.Concept) in ontology and str(l2).startswith(str(BKG))}
    level2 = [c for c, _ in LEVEL2.values()]
    assert set(broader) == set(level2)
    g = Graph().parse(TESTS_SHAPES / "prelude.ttl").parse(TESTS_SHAPES / "performance-good.ttl")
    ex = "https://example.org/d/"
    project = URIRef(ex + "p1")
    pairs = {}
    for i, (l1, l2) in enumerate((a, b) for a in LEVEL1.values() for b in level2):
        node = URIRef(f"{ex}pair{i}")
        line = 1000 + i
        pairs[line] = broader[l2] == l1
        g.add((project, BKG.indicator, node))
        for p, o in ((RDF.type, BKG.PerformanceIndicator), (BKG.half, Literal("annual")),
                     (BKG.order, Literal(10 + i)), (BKG.level3Name, Literal("x", lang="zh")),
                     (BKG.targetRaw, Literal("及时")), (BKG.level1, l1), (BKG.level2, l2),
                     (URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), URIRef(ex + "doc")),
                     (BKG.startLine, Literal(line)), (BKG.endLine, Literal(line))):
            g.add((node, p, o))
    report = validate_graphs([g])
    flagged = {f.source_lines[0] for f in report.findings if f.shape == "bkgsh:IndicatorFamilyShape"}
    assert flagged == {line for line, ok in pairs.items() if not ok}
    assert len(flagged) == 27 - 9
