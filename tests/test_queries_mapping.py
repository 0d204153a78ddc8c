"""project_services, projects_without_services and services_without_projects on a small graph
written by hand with the mapping contract:

    ?m a bkg:ServiceMapping ; bkg:mappedProject ?project ; bkg:mapsToService ?item ;
       bkg:score ?score ; bkg:matchMethod ?method .
    ?project skos:closeMatch|skos:relatedMatch ?item .

so that every expected row is known in advance, independent of how `budgetkg map` scores. As in
a built graph, the catalogue's sections and items share one named graph."""

from __future__ import annotations

import warnings
from decimal import Decimal as D

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from budgetkg.query.catalogue import available
from budgetkg.query.params import prepare
from budgetkg.query.sources import run_rdflib
from tests.test_queries_helpers import as_multiset, by_column, run_rows

GRAPH = """
@prefix bkg: <https://budgetkg.org/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/> .

ex:doc {
  ex:p1 a bkg:Project ; bkg:projectName "热线运行经费"@zh ; bkg:documentOrder 1 ;
        bkg:implementingUnitName "单位甲"@zh ; bkg:annualFunds ex:p1f .
  ex:p1f bkg:total 100.0 .
  ex:p2 a bkg:Project ; bkg:projectName "考试经费"@zh ; bkg:documentOrder 2 ;
        bkg:implementingUnitName "单位乙"@zh ; bkg:annualFunds ex:p2f .
  ex:p2f bkg:total 200.0 .
  ex:p3 a bkg:Project ; bkg:projectName "办公经费"@zh ; bkg:documentOrder 3 ;
        bkg:implementingUnitName "单位甲"@zh ; bkg:annualFunds ex:p3f .
  ex:p3f bkg:total 300.0 .
  ex:p4 a bkg:Project ; bkg:projectName "咨询经费"@zh ; bkg:documentOrder 4 .
}
ex:catalogue {
  ex:s1 a bkg:CatalogueSection ; rdfs:label "甲类"@zh ; bkg:order 1 .
  ex:s2 a bkg:CatalogueSection ; rdfs:label "乙类"@zh ; bkg:order 2 .
  ex:s3 a bkg:CatalogueSection ; rdfs:label "丙类"@zh ; bkg:order 3 .
  ex:s1A a bkg:CatalogueItem ; skos:notation "A" ; skos:prefLabel "公共服务"@zh ; bkg:level 1 ; bkg:inSection ex:s1 ; bkg:startLine 10 .
  ex:s1A15 a bkg:CatalogueItem ; skos:notation "A15" ; skos:prefLabel "信息服务"@zh ; bkg:level 2 ; bkg:inSection ex:s1 ; skos:broader ex:s1A ; bkg:startLine 11 .
  ex:s1A1501 a bkg:CatalogueItem ; skos:notation "A1501" ; skos:prefLabel "公共信息服务"@zh ; bkg:level 3 ; bkg:inSection ex:s1 ; skos:broader ex:s1A15 ; bkg:startLine 12 .
  ex:s1x1 a bkg:CatalogueItem , bkg:PurchasableService ; skos:notation "A150101" ; skos:prefLabel "热线服务"@zh ; bkg:level 4 ; bkg:inSection ex:s1 ; skos:broader ex:s1A1501 ; bkg:startLine 13 .
  ex:s1x2 a bkg:CatalogueItem , bkg:PurchasableService ; skos:notation "A150102" ; skos:prefLabel "考试服务"@zh ; bkg:level 4 ; bkg:inSection ex:s1 ; skos:broader ex:s1A1501 ; bkg:startLine 14 .
  ex:s1x3 a bkg:CatalogueItem , bkg:PurchasableService ; skos:notation "A150103" ; skos:prefLabel "培训服务"@zh ; bkg:level 4 ; bkg:inSection ex:s1 ; skos:broader ex:s1A1501 ; bkg:startLine 15 .
  ex:s2A1501 a bkg:CatalogueItem ; skos:notation "A1501" ; skos:prefLabel "公共信息服务"@zh ; bkg:level 3 ; bkg:inSection ex:s2 ; bkg:startLine 20 .
  ex:s2x1 a bkg:CatalogueItem , bkg:PurchasableService ; skos:notation "A150101" ; skos:prefLabel "审计服务"@zh ; bkg:level 4 ; bkg:inSection ex:s2 ; skos:broader ex:s2A1501 ; bkg:startLine 21 .
  ex:s2x2 a bkg:CatalogueItem , bkg:PurchasableService ; skos:notation "A150102" ; skos:prefLabel "咨询服务"@zh ; bkg:level 4 ; bkg:inSection ex:s2 ; skos:broader ex:s2A1501 ; bkg:startLine 22 .
  ex:s3x1 a bkg:CatalogueItem , bkg:PurchasableService ; skos:notation "A150101" ; skos:prefLabel "规划服务"@zh ; bkg:level 4 ; bkg:inSection ex:s3 ; bkg:startLine 30 .
}
ex:mappings {
  ex:m1 a bkg:ServiceMapping ; bkg:mappedProject ex:p1 ; bkg:mapsToService ex:s1x1 ; bkg:score 0.9 ; bkg:matchMethod "exact" .
  ex:m2 a bkg:ServiceMapping ; bkg:mappedProject ex:p2 ; bkg:mapsToService ex:s1x2 ; bkg:score 0.4 ; bkg:matchMethod "tfidf" .
  ex:m3 a bkg:ServiceMapping ; bkg:mappedProject ex:p2 ; bkg:mapsToService ex:s2x1 ; bkg:score 0.3 ; bkg:matchMethod "tfidf" .
  ex:p1 skos:closeMatch ex:s1x1 .
  ex:p2 skos:relatedMatch ex:s1x2 , ex:s2x1 .
  ex:p4 skos:closeMatch ex:s2x2 .
}
"""
EX = "https://example.org/"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    s.load(input=GRAPH, format=ox.RdfFormat.TRIG)
    return s


def table(store, name, **params):
    return by_column(*run_rows(store, name, **params))


def test_project_services_columns_and_rows(store):
    rows = table(store, "project_services")
    assert list(rows[0]) == ["project", "projectName", "serviceCode", "serviceLabel", "section",
                             "score", "method"]
    assert [tuple(r.values()) for r in rows] == [
        (EX + "p1", "热线运行经费", "A150101", "热线服务", "甲类", D("0.9"), "exact"),
        (EX + "p2", "考试经费", "A150102", "考试服务", "甲类", D("0.4"), "tfidf"),
        (EX + "p2", "考试经费", "A150101", "审计服务", "乙类", D("0.3"), "tfidf"),
        (EX + "p4", "咨询经费", "A150102", "咨询服务", "乙类", None, "skos:closeMatch"),
    ]


def test_project_services_parameters(store):
    best = table(store, "project_services", minScore="0.35")
    assert [(r["project"], r["serviceCode"]) for r in best] == [(EX + "p1", "A150101"),
                                                               (EX + "p2", "A150102")]
    one = table(store, "project_services", project=EX + "p2")
    assert [r["section"] for r in one] == ["甲类", "乙类"]


def test_projects_without_services(store):
    assert [r["project"] for r in table(store, "projects_without_services")] == [EX + "p3"]
    strict = table(store, "projects_without_services", minScore="0.5")
    assert [r["project"] for r in strict] == [EX + "p2", EX + "p3", EX + "p4"]
    assert [r["annualYuan"] for r in strict] == [D(200), D(300), None]


def test_services_without_projects(store):
    idle = table(store, "services_without_projects")
    assert [(r["sectionName"], r["serviceCode"], r["serviceLabel"], r["category"]) for r in idle] == [
        ("甲类", "A150103", "培训服务", "公共信息服务")]
    strict = table(store, "services_without_projects", minScore="0.5")
    assert [(r["sectionName"], r["serviceCode"]) for r in strict] == [
        ("甲类", "A150102"), ("甲类", "A150103"), ("乙类", "A150101"), ("乙类", "A150102")]
    assert table(store, "services_without_projects", section="乙类") == []
    named = table(store, "services_without_projects", section="丙类")  # no mapping there at all
    assert [(r["service"], r["serviceLabel"]) for r in named] == [(EX + "s3x1", "规划服务")]


@pytest.mark.parametrize("name,params", [
    ("project_services", {}), ("project_services", {"minScore": "0.35"}),
    ("projects_without_services", {}), ("projects_without_services", {"minScore": "0.5"}),
    ("services_without_projects", {}), ("services_without_projects", {"minScore": "0.5"}),
    ("services_without_projects", {"section": "丙类"}), ("catalogue", {"section": "甲类"}),
])
def test_rdflib_engine_gives_the_same_rows(store, name, params):
    ds = Dataset(default_union=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ds.parse(data=GRAPH, format="trig")
    columns, expected = run_rows(store, name, **params)
    got_columns, got = run_rdflib(ds, prepare(available()[name], params))
    assert got_columns == columns
    assert as_multiset(got) == as_multiset(expected)
