"""Named networkx views of a built graph: what each holds, counted against the RDF itself."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import networkx as nx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import QB, RDF, SKOS

from budgetkg.build.pipeline import build_graph
from budgetkg.errors import UsageError
from budgetkg.export import VIEWS, load_graph, to_networkx
from budgetkg.rdf.write import write_graphs
from budgetkg.vocab import BKG, ORG
from tests.conftest import dataset

from .conftest import make_variant

DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")


def types(view: nx.MultiDiGraph) -> Counter:
    return Counter(d["type"] for _, d in view.nodes(data=True))


def relations(view: nx.MultiDiGraph) -> Counter:
    return Counter(d["relation"] for *_e, d in view.edges(data=True))


def count(g: Graph, cls) -> int:
    return len(set(g.subjects(RDF.type, cls)))


@pytest.fixture(scope="module")
def views(sample_graph):
    return {name: to_networkx(sample_graph, name) for name in VIEWS}


def test_every_view_is_a_multidigraph_with_label_type_and_iri(views):
    for name, view in views.items():
        assert isinstance(view, nx.MultiDiGraph)
        assert view.graph["view"] == name
        assert view.number_of_nodes() > 0, name
        for node, data in view.nodes(data=True):
            assert data["label"] and data["type"] and data["iri"] == node, (name, node)
        keys = [k for *_uv, k in view.edges(keys=True)]
        assert len(keys) == len(set(keys)), f"{name}: edge keys must be unique"


def test_org_view_has_department_units_offices_and_projects(sample_graph, views):
    org = views["org"]
    t = types(org)
    assert t["Department"] == count(sample_graph, BKG.Department)
    assert t["SubordinateUnit"] == count(sample_graph, BKG.SubordinateUnit)
    assert t["InternalOffice"] == count(sample_graph, BKG.InternalOffice)
    assert t["Project"] == count(sample_graph, BKG.Project)
    r = relations(org)
    assert r["org:unitOf"] == len(set(sample_graph.subject_objects(ORG.unitOf)))
    assert r["bkg:implementingUnit"] == len(set(sample_graph.subject_objects(BKG.implementingUnit)))
    assert r["bkg:supervisingDepartment"] == t["Project"]
    # a project's amount is its annual total in 元, exactly as the graph states it
    project = next(n for n, d in org.nodes(data=True) if d["type"] == "Project")
    annual = sample_graph.value(sample_graph.value(URIRef(project), BKG.annualFunds), BKG.total)
    assert org.nodes[project]["amount"] == float(annual.toPython())
    assert org.nodes[project]["unit"] == "元"


def test_funding_view_is_the_code_tree_with_the_expenditure_amounts(sample_graph, views):
    funding = views["funding"]
    assert types(funding) == Counter({"FunctionCode": count(sample_graph, BKG.FunctionCode)})
    expenditure = next(t for t, k in sample_graph.subject_objects(BKG.tableKind)
                       if str(k) == "expenditure")
    checked = 0
    for row in sample_graph.subjects(QB.dataSet, expenditure):
        code = sample_graph.value(row, BKG.functionCode)
        if code is None:
            continue
        node = funding.nodes[str(code)]
        assert node["amount"] == float(sample_graph.value(row, BKG.total).toPython())
        assert node["code"] == str(sample_graph.value(code, SKOS.notation))
        assert node["unit"] == "万元"
        checked += 1
    assert checked == funding.number_of_nodes()
    # a tree: every code but the top-level ones has exactly one broader code, one level up
    for node, data in funding.nodes(data=True):
        parents = list(funding.successors(node))
        assert len(parents) == (0 if data["level"] == 1 else 1), data["code"]
        for p in parents:
            assert funding.nodes[p]["level"] == data["level"] - 1
            assert data["code"].startswith(funding.nodes[p]["code"])


def test_indicators_view_links_projects_to_indicators_and_the_framework(sample_graph, views):
    view = views["indicators"]
    n_indicators = count(sample_graph, BKG.PerformanceIndicator)
    assert types(view)["PerformanceIndicator"] == n_indicators
    assert relations(view)["bkg:indicator"] == n_indicators
    categories = {d["label"]: d for _, d in view.nodes(data=True) if d["type"] == "IndicatorCategory"}
    assert {"产出指标", "数量指标"} <= set(categories)
    assert categories["数量指标"]["label_en"] == "quantity indicators"
    # every indicator reaches a level-1 framework concept within two steps
    for node, data in view.nodes(data=True):
        if data["type"] != "PerformanceIndicator":
            continue
        reach = nx.descendants(view, node)
        assert any(view.nodes[r].get("level") == 1 and view.nodes[r]["type"] == "IndicatorCategory"
                   for r in reach), data["label"]


def without_mappings(g: Graph) -> Graph:
    mappings = set(g.subjects(RDF.type, BKG.ServiceMapping))
    out = Graph()
    for s, p, o in g:
        if s not in mappings and o not in mappings:
            out.add((s, p, o))
    return out


def test_services_view_shows_built_mappings_weighted_by_score(sample_graph, views):
    view = views["services"]
    assert types(view)["Project"] == count(sample_graph, BKG.Project)
    mappings = set(sample_graph.subjects(RDF.type, BKG.ServiceMapping))
    assert relations(view)["bkg:mapsToService"] == len(mappings)
    for u, v, d in view.edges(data=True):
        if d["relation"] == "bkg:mapsToService":
            m = URIRef(d["mapping"])
            assert str(sample_graph.value(m, BKG.mappedProject)) == u
            assert str(sample_graph.value(m, BKG.mapsToService)) == v
            assert d["weight"] == float(sample_graph.value(m, BKG.score).toPython())


def test_services_view_without_mappings_shows_projects_and_sections(sample_graph):
    g = without_mappings(sample_graph)
    view = to_networkx(g, "services")
    t = types(view)
    assert t["Project"] == count(g, BKG.Project)
    assert t["CatalogueSection"] == count(g, BKG.CatalogueSection)
    assert "ServiceMapping" in view.graph["note"]
    assert "bkg:mapsToService" not in relations(view)


def test_services_view_follows_the_mapping_contract(sample_graph):
    g = without_mappings(sample_graph)
    projects = sorted(g.subjects(RDF.type, BKG.Project))[:2]
    services = sorted(g.subjects(RDF.type, BKG.PurchasableService))[:3]
    plan = [(projects[0], services[0], "0.9"), (projects[0], services[1], "0.4"),
            (projects[1], services[2], "0.75")]
    for i, (p, s, score) in enumerate(plan):
        m = URIRef(f"https://example.org/mapping/{i}")
        g.add((m, RDF.type, BKG.ServiceMapping))
        g.add((m, BKG.mappedProject, p))
        g.add((m, BKG.mapsToService, s))
        g.add((m, BKG.score, Literal(score, datatype=DECIMAL)))
    view = to_networkx(g, "services")
    assert "note" not in view.graph
    assert types(view)["Project"] == count(g, BKG.Project)  # mapped or not
    assert types(view)["PurchasableService"] == 3
    weights = {(u, v): d["weight"] for u, v, d in view.edges(data=True)
               if d["relation"] == "bkg:mapsToService"}
    assert weights == {(str(p), str(s)): float(score) for p, s, score in plan}
    # each service sits in its catalogue section
    assert relations(view)["bkg:inSection"] == 3


def test_overview_is_department_units_projects_services(sample_graph, views):
    overview = views["overview"]
    assert overview.number_of_nodes() < 100  # readable at a glance, unlike full (thousands)
    t = types(overview)
    assert t == Counter({"Department": count(sample_graph, BKG.Department),
                         "SubordinateUnit": count(sample_graph, BKG.SubordinateUnit),
                         "Project": count(sample_graph, BKG.Project),
                         "PurchasableService": len(set(sample_graph.objects(None, BKG.mapsToService)))})
    assert t["PurchasableService"] > 0, "the sample's projects are mapped to services"
    mappings = set(sample_graph.subjects(RDF.type, BKG.ServiceMapping))
    assert relations(overview) == Counter({
        "org:subOrganizationOf": t["SubordinateUnit"],
        "bkg:implementingUnit": len(set(sample_graph.subject_objects(BKG.implementingUnit))),
        "bkg:mapsToService": len(mappings)})
    for node, data in overview.nodes(data=True):  # every project hangs under one unit
        if data["type"] == "Project":
            ups = [v for _, v, d in overview.out_edges(node, data=True)
                   if d["relation"] == "bkg:implementingUnit"]
            assert len(ups) == 1 and overview.nodes[ups[0]]["type"] in ("Department", "SubordinateUnit")
    projects = sum(d.get("projects", 0) for _, d in overview.nodes(data=True))
    assert projects == t["Project"]
    assert nx.is_weakly_connected(overview)


def test_full_view_has_every_resource_link(sample_graph, views):
    full = views["full"]
    links = [(s, p, o) for s, p, o in sample_graph
             if isinstance(o, URIRef) and isinstance(s, URIRef) and p != RDF.type]
    assert full.number_of_edges() == len(links)
    resources = {s for s in sample_graph.subjects() if isinstance(s, URIRef)}
    resources |= {o for _s, _p, o in links}
    assert full.number_of_nodes() == len(resources)
    assert relations(full)["skos:broader"] == len(set(sample_graph.subject_objects(SKOS.broader)))


def test_unknown_view_is_a_usage_error(sample_graph):
    with pytest.raises(UsageError, match=r"--view 'people' is not a view; use one of overview, org, funding"):
        to_networkx(sample_graph, "people")


def test_views_are_stable_for_the_same_graph(sample_graph):
    a, b = to_networkx(sample_graph, "org"), to_networkx(sample_graph, "org")
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))


def test_a_dataset_of_two_documents_merges_into_one_view(tmp_path, sample_text, sample_graph):
    other = tmp_path / "other.txt"
    other.write_text(make_variant(sample_text, name="某市测试局", code="031", year=2031,
                                  reverse_projects=True), encoding="utf-8")
    second = build_graph(other)
    ds = dataset([sample_graph, second])
    org = to_networkx(ds, "org")
    assert types(org)["Department"] == 2
    assert types(org)["Project"] == 2 * count(sample_graph, BKG.Project)
    funding = to_networkx(ds, "funding")
    years = {d["iri"].split("/function/")[1].split("/")[0] for _, d in funding.nodes(data=True)}
    assert years == {"2024", "2031"}  # each year's classification is its own tree
    assert "某市测试局" in org.graph["source"]


def test_load_graph_reads_every_build_format(tmp_path, sample_graph):
    expected = to_networkx(sample_graph, "funding")
    for suffix in (".ttl", ".trig", ".nq"):
        path = tmp_path / f"g{suffix}"
        write_graphs([sample_graph], path)
        view = to_networkx(load_graph(path), "funding")
        assert sorted(view.nodes(data=True)) == sorted(expected.nodes(data=True)), suffix


def test_amounts_are_numbers_taken_from_exact_decimals(views):
    amounts = [d["amount"] for _, d in views["funding"].nodes(data=True) if "amount" in d]
    assert amounts and all(isinstance(a, float) for a in amounts)
    assert all(Decimal(repr(a)) == Decimal(repr(a)).quantize(Decimal("0.01")) for a in amounts)


def test_budgetkg_open_gives_the_same_view_as_the_export(tmp_path, sample_graph):
    import budgetkg

    path = tmp_path / "g.ttl"
    write_graphs([sample_graph], path)
    for name in ("org", "indicators"):
        notebook = budgetkg.open(path).to_networkx(name)
        exported = to_networkx(load_graph(path), name)
        assert list(notebook.nodes(data=True)) == list(exported.nodes(data=True))
        assert list(notebook.edges(keys=True, data=True)) == list(exported.edges(keys=True, data=True))
