"""The RDF side of the mapping: read projects and services from a disclosure's graph, write the
kept matches back as qualified ``bkg:ServiceMapping`` nodes plus a SKOS mapping triple.

Per kept match::

    <project/.../service/HASH> a bkg:ServiceMapping ;
        bkg:mappedProject <project> ; bkg:mapsToService <catalogue item> ;
        bkg:score 0.6040 ; bkg:matchMethod "char-ngram-tfidf/section" ;
        rdfs:label "项目 → 服务"@zh ; rdfs:comment "why" ; prov:wasDerivedFrom <document> .
    <project> skos:closeMatch <catalogue item> .        # skos:relatedMatch for medium confidence

The node's IRI is the project's plus a hash of the item's, so a rerun mints the same nodes.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from budgetkg.build.mapping.matcher import CLOSE, RELATED, Match, ProjectText, Service
from budgetkg.build.model.emit import decimal_lexical
from budgetkg.rdf.iris import short_hash
from budgetkg.vocab import BKG

RELATION = {CLOSE: SKOS.closeMatch, RELATED: SKOS.relatedMatch}
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")


def text_of(g: Graph, node, prop) -> str:
    """One literal value, Chinese first, then the smallest (independent of triple order)."""
    values = [o for o in g.objects(node, prop) if isinstance(o, Literal)]
    if not values:
        return ""
    return str(min(values, key=lambda o: (not (o.language or "").startswith("zh"), str(o))))


def documents(g: Graph) -> list[URIRef]:
    return sorted(set(g.subjects(RDF.type, BKG.Disclosure)), key=str)


def department_name(g: Graph, doc: URIRef, project: URIRef) -> str:
    sup = g.value(project, BKG.supervisingDepartment)
    return (text_of(g, sup, SKOS.prefLabel) if sup is not None else "") \
        or text_of(g, project, BKG.supervisingDepartmentName) \
        or text_of(g, g.value(doc, BKG.department), SKOS.prefLabel)


def read_projects(g: Graph, doc: URIRef) -> list[ProjectText]:
    out = []
    for p in sorted(set(g.objects(doc, BKG.hasProject)), key=str):
        goals = tuple(text_of(g, p, prop) for prop in (BKG.implementationGoal, BKG.annualGoal))
        indicators = sorted({text_of(g, i, BKG.level3Name) for i in g.objects(p, BKG.indicator)}
                            - {""})
        out.append(ProjectText(p, text_of(g, p, BKG.projectName), text_of(g, p, BKG.overview),
                               tuple(x for x in goals if x), department_name(g, doc, p),
                               tuple(indicators)))
    return out


def read_services(g: Graph, doc: URIRef) -> list[Service]:
    """The purchasable services (level-4 items) of every catalogue the document appends."""
    out = []
    for cat in sorted(set(g.objects(doc, BKG.appendsCatalogue)), key=str):
        for item in sorted(set(g.subjects(SKOS.inScheme, cat)), key=str):
            if (item, RDF.type, BKG.PurchasableService) not in g:
                continue
            parent = g.value(item, SKOS.broader)
            section = g.value(item, BKG.inSection)
            out.append(Service(
                item, text_of(g, item, SKOS.notation), text_of(g, item, SKOS.prefLabel),
                text_of(g, parent, SKOS.prefLabel) if parent is not None else "",
                section, text_of(g, section, RDFS.label) if section is not None else ""))
    return out


def mapping_iri(project, item) -> URIRef:
    return URIRef(f"{project}/service/{short_hash(str(item))}")


def remove_mappings(g: Graph, projects: Iterable[URIRef]) -> None:
    """Drop the mapping nodes of these projects and their SKOS links to catalogue items, so a
    recomputation replaces rather than adds."""
    projects = set(projects)
    for m in list(g.subjects(RDF.type, BKG.ServiceMapping)):
        if g.value(m, BKG.mappedProject) in projects:
            g.remove((m, None, None))
    for p in projects:
        for rel in RELATION.values():
            for item in list(g.objects(p, rel)):
                if (item, RDF.type, BKG.CatalogueItem) in g:
                    g.remove((p, rel, item))


def write_match(g: Graph, doc: URIRef, m: Match) -> URIRef:
    node = mapping_iri(m.project, m.service.key)
    g.add((node, RDF.type, BKG.ServiceMapping))
    g.add((node, BKG.mappedProject, m.project))
    g.add((node, BKG.mapsToService, m.service.key))
    g.add((node, BKG.score, Literal(decimal_lexical(m.score), datatype=XSD_DECIMAL)))
    g.add((node, BKG.matchMethod, Literal(m.method)))
    g.add((node, PROV.wasDerivedFrom, doc))
    name = text_of(g, m.project, BKG.projectName)
    g.add((node, RDFS.label, Literal(f"{name} → {m.service.label}", lang="zh")))
    if m.comment:
        g.add((node, RDFS.comment, Literal(m.comment)))
    g.add((m.project, RELATION[m.relation], m.service.key))
    return node
