"""Map the document, its department, duties, offices, units and glossary to RDF."""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from budgetkg.build.model.emit import Emitter
from budgetkg.build.records import Disclosure, Span
from budgetkg.rdf.iris import short_hash
from budgetkg.vocab import BKG, ORG


def org_iri(em: Emitter, name: str) -> URIRef:
    """Organisations are keyed by name: the same department in another year's document is the
    same node, which is what lets a corpus compare years."""
    return em.mint.iri("org", short_hash(name))


def map_document(em: Emitter, d: Disclosure, tool_version: str) -> None:
    g, doc = em.graph, em.doc
    g.add((doc, RDF.type, BKG.Disclosure))
    g.add((doc, RDF.type, PROV.Entity))
    phase = "决算" if any(t.phase == "executed" for t in d.tables) else "预算"
    em.text(doc, DCTERMS.title,
            f"{d.department.name} {d.department.year or ''}年度部门{phase}公开".strip())
    g.add((doc, BKG.fileName, Literal(d.source_name)))
    g.add((doc, BKG.sha256, Literal(d.source_sha256)))
    g.add((doc, BKG.lineCount, Literal(d.line_count, datatype=XSD.integer)))
    activity = em.mint.doc("build")
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, RDFS.label, Literal(f"budgetkg {tool_version} extraction", lang="en")))
    g.add((activity, PROV.used, doc))
    g.add((activity, BKG.toolVersion, Literal(tool_version)))
    for mark in d.sections:
        s = em.mint.unique("doc", em.mint.doc_key, "section", mark.kind)
        em.entity(s, BKG.DocumentSection, mark.span, mark.title or mark.kind)
        g.add((s, BKG.sectionKind, Literal(mark.kind)))
        g.add((doc, BKG.hasSection, s))


def map_department(em: Emitter, d: Disclosure) -> URIRef:
    dep = d.department
    node = org_iri(em, dep.name)
    em.dept = node
    em.entity(node, BKG.Department, dep.span)
    em.text(node, SKOS.prefLabel, dep.name)
    em.graph.add((node, RDF.type, ORG.FormalOrganization))
    if dep.code:
        em.graph.add((node, BKG.budgetCode, Literal(dep.code)))
    em.graph.add((em.doc, BKG.department, node))
    if dep.year:
        year = em.mint.iri("year", str(dep.year))
        em.graph.add((year, RDF.type, BKG.FiscalYear))
        em.graph.add((year, RDFS.label, Literal(str(dep.year))))
        em.graph.add((year, BKG.yearNumber, Literal(str(dep.year), datatype=XSD.integer)))
        em.graph.add((em.doc, BKG.fiscalYear, year))
    for duty in d.duties:
        n = em.mint.iri("org", short_hash(dep.name), "duty", short_hash(d.source_sha256, duty.number))
        em.entity(n, BKG.Duty, duty.span)
        em.text(n, DCTERMS.description, duty.text)
        em.graph.add((n, BKG.ordinal, Literal(duty.number, datatype=XSD.integer)))
        em.graph.add((node, BKG.duty, n))
    if d.organisation:
        map_structure(em, d, node)
    return node


def map_structure(em: Emitter, d: Disclosure, dept: URIRef) -> None:
    o = d.organisation
    em.text(dept, BKG.organisationStatement, o.text)
    for name in o.offices:
        n = em.mint.iri("org", short_hash(d.department.name, "office", name))
        em.entity(n, BKG.InternalOffice, o.span)
        em.text(n, SKOS.prefLabel, name)
        em.graph.add((n, ORG.unitOf, dept))
        em.graph.add((dept, ORG.hasUnit, n))
    for name in o.units:
        n = unit_iri(em, d, name)
        em.entity(n, BKG.SubordinateUnit, o.span)
        em.text(n, SKOS.prefLabel, name)
        em.graph.add((n, ORG.subOrganizationOf, dept))
        em.graph.add((dept, ORG.hasSubOrganization, n))


def unit_iri(em: Emitter, d: Disclosure, name: str) -> URIRef:
    return em.mint.iri("org", short_hash(d.department.name, "unit", name))


def resolve_unit(em: Emitter, d: Disclosure, name: str | None, span: Span) -> URIRef | None:
    """Find the organisation an implementing-unit name refers to: the department itself, a
    listed subordinate unit (names are often written with or without the city prefix, so one
    may end with the other), or else a unit known only from the project table."""
    if not name:
        return None
    if name == d.department.name:
        return em.dept
    units = d.organisation.units if d.organisation else []
    bare = re.sub(r"[（(][^）)]*[）)]$", "", name)
    for unit in units:
        if bare == unit or bare.endswith(unit) or unit.endswith(bare):
            return unit_iri(em, d, unit)
    dep = d.department.name
    if len(name) > 2 and (dep.endswith(name) or name.endswith(dep)):
        return em.dept
    n = unit_iri(em, d, name)
    if (n, RDF.type, BKG.SubordinateUnit) not in em.graph:
        em.entity(n, BKG.SubordinateUnit, span)
        em.text(n, SKOS.prefLabel, name)
        em.graph.add((n, ORG.subOrganizationOf, em.dept))
    return n


def map_glossary(em: Emitter, d: Disclosure) -> None:
    if not d.glossary:
        return
    scheme = em.mint.doc("glossary")
    em.entity(scheme, BKG.Glossary, Span(d.glossary[0].span.start, d.glossary[-1].span.end))
    em.graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    em.text(scheme, SKOS.prefLabel, "名词解释")
    for term in d.glossary:
        n = em.mint.doc("glossary", str(term.number))
        em.entity(n, BKG.GlossaryTerm, term.span)
        em.graph.add((n, RDF.type, SKOS.Concept))
        em.graph.add((n, SKOS.inScheme, scheme))
        em.text(n, SKOS.prefLabel, term.term)
        em.text(n, SKOS.definition, term.definition)
        em.graph.add((n, BKG.ordinal, Literal(term.number, datatype=XSD.integer)))
