"""The ontology is OWL 2 DL: HermiT (through owlready2, which bundles it and runs it on the local
Java) loads it, finds it consistent and finds no unsatisfiable class. HermiT refuses an ontology
that uses a datatype outside the OWL 2 datatype map (xsd:gYear, xsd:date ...), so this also
keeps the ranges inside it."""

from __future__ import annotations

import shutil

import pytest
from rdflib import Graph

from budgetkg.resources import read_text

owlready2 = pytest.importorskip("owlready2", reason="owlready2 is in the test extra: "
                                                    ".venv/bin/pip install -e '.[test]'")
pytestmark = pytest.mark.skipif(not shutil.which("java"),
                                reason="HermiT needs Java (`make reasoner` installs Debian's "
                                       "default-jre-headless)")

OWL2_DATATYPES = {  # the OWL 2 datatype map (OWL 2 Structural Specification, section 4), and rdf:langString
    "http://www.w3.org/2001/XMLSchema#" + t for t in (
        "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger",
        "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte", "double", "float", "string", "normalizedString", "token",
        "language", "Name", "NCName", "NMTOKEN", "boolean", "hexBinary", "base64Binary", "anyURI",
        "dateTime", "dateTimeStamp")} | {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#" + t for t in ("PlainLiteral", "XMLLiteral",
                                                                "langString")} | {
    "http://www.w3.org/2000/01/rdf-schema#Literal", "http://www.w3.org/2002/07/owl#real",
    "http://www.w3.org/2002/07/owl#rational"}


@pytest.fixture(scope="module")
def ontology_graph() -> Graph:
    return Graph().parse(data=read_text("ontology", "budgetkg.ttl"), format="turtle")


@pytest.fixture(scope="module")
def reasoned(ontology_graph, tmp_path_factory):
    """(world, ontology) after HermiT has run; owlready2 reads N-Triples, not Turtle."""
    path = tmp_path_factory.mktemp("owl") / "budgetkg.nt"
    ontology_graph.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    return world, onto


def test_every_datatype_range_is_in_the_owl2_datatype_map(ontology_graph):
    from rdflib.namespace import OWL, RDF, RDFS

    ranges = {(p, r) for p, r in ontology_graph.subject_objects(RDFS.range)
              if (p, RDF.type, OWL.DatatypeProperty) in ontology_graph}
    assert ranges
    outside = sorted(f"{p} rdfs:range {r}" for p, r in ranges if str(r) not in OWL2_DATATYPES)
    assert not outside, outside


def test_hermit_finds_the_ontology_consistent_with_no_unsatisfiable_class(reasoned):
    world, onto = reasoned  # an inconsistent ontology raises OwlReadyInconsistentOntologyError
    classes = list(onto.classes())
    assert len(classes) >= 20
    assert list(world.inconsistent_classes()) == []
