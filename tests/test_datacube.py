"""The report tables are a well-formed RDF Data Cube: the 21 integrity constraints of the W3C
recommendation (The RDF Data Cube Vocabulary, section 11), as its SPARQL ASK queries, after its
normalisation algorithm (section 10), hold on the sample together with the shipped ontology,
which holds the data structure definitions (one per kind of table). The queries are files in
tests/data/qb-ic/, as the specification writes them; an ASK that answers true is a violation."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetkg.build.segment import TABLE_KINDS
from budgetkg.resources import read_text

pytest_plugins = ("tests.test_queries_helpers",)  # the sample graph fixtures

IC_DIR = Path(__file__).parent / "data" / "qb-ic"
IC_FILES = sorted(IC_DIR.glob("ic-*.rq"))
QB = "http://purl.org/linked-data/cube#"
# The spec's IC-20 and IC-21 are templates over each code list's qb:parentChildProperty.
TEMPLATED = {"ic-20.rq", "ic-21.rq"}


@pytest.fixture(scope="module")
def cube(sample_store) -> ox.Store:
    """The sample's triples and the ontology in one default graph, normalised."""
    store = ox.Store()
    store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                 for q in sample_store.quads_for_pattern(None, None, None))
    store.load(read_text("ontology", "budgetkg.ttl").encode("utf-8"), format=ox.RdfFormat.TURTLE,
               to_graph=ox.DefaultGraph())
    for phase in ("normalize-1.ru", "normalize-2.ru"):
        store.update((IC_DIR / phase).read_text(encoding="utf-8"))
    return store


def instances(store: ox.Store, path: Path) -> list[str]:
    """The query text(s) of one constraint file: templates once per parent-child property."""
    text = path.read_text(encoding="utf-8")
    if path.name not in TEMPLATED:
        return [text]
    properties = sorted({str(q.object) for q in store.quads_for_pattern(
        None, ox.NamedNode(QB + "parentChildProperty"), None)})
    # With no hierarchical code list the template is vacuous; run it once all the same, so that
    # a syntax error in the file cannot hide.
    return [text.replace("<$p>", p) for p in properties or ["<http://www.w3.org/2004/02/skos/core#narrower>"]]


def test_there_are_21_constraints_as_files():
    numbers = {p.stem.split("-")[1][:2] for p in IC_FILES}
    assert numbers == {f"{n:02d}" for n in range(1, 22)}


# IC-14 wants a value for every measure of a multi-measure observation; the report tables leave
# cells blank (222 on the sample: 收支总表 rows with no amount, 三公 items with no money ...) and
# budgetkg keeps what the document prints rather than writing 0 into it. Whether a blank becomes
# an explicit 0.00 or each cell its own observation (a qb:measureType cube) is a modelling
# decision still open; strict, so that this fails loudly once it is taken.
BLANK_CELLS = pytest.mark.xfail(strict=True, reason="blank table cells are absent measures (IC-14)")


@pytest.mark.parametrize("path", [pytest.param(p, marks=BLANK_CELLS) if p.stem == "ic-14" else p
                                  for p in IC_FILES], ids=[p.stem for p in IC_FILES])
def test_integrity_constraint_holds_on_the_sample(cube, path):
    for text in instances(cube, path):
        assert not bool(cube.query(text)), f"{path.stem} is violated"


def test_every_table_states_its_own_structure(cube):
    rows = list(cube.query(f"""PREFIX qb: <{QB}> PREFIX bkg: <https://budgetkg.org/ontology#>
        SELECT ?kind ?dsd WHERE {{ ?t a bkg:BudgetTable ; bkg:tableKind ?kind ; qb:structure ?dsd }}"""))
    assert len(rows) == 13
    by_kind = {r["kind"].value: r["dsd"].value for r in rows}
    assert len(set(by_kind.values())) == len(by_kind)  # one structure per kind
    assert by_kind["expenditure"] == "https://budgetkg.org/ontology#ExpenditureStructure"


def test_every_kind_of_table_has_a_structure_with_the_row_dimension(cube):
    for _, kind, _ in TABLE_KINDS:
        dsd = ox.NamedNode("https://budgetkg.org/ontology#" + kind[0].upper() + kind[1:] + "Structure")
        assert bool(cube.query(f"""PREFIX qb: <{QB}> PREFIX bkg: <https://budgetkg.org/ontology#>
            ASK {{ {dsd} a qb:DataStructureDefinition ;
                        qb:component [ qb:dimension bkg:rowOrder ] , [ qb:measure bkg:total ] }}""")), kind
