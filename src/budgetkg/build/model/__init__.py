"""Model stage: a ``Disclosure`` record -> an RDF graph named after its source document."""

from __future__ import annotations

from rdflib import Graph

from budgetkg import __version__
from budgetkg.build.model.catalogue import map_catalogue
from budgetkg.build.model.emit import Emitter
from budgetkg.build.model.explanations import map_explanations
from budgetkg.build.model.iris import Minter
from budgetkg.build.model.organisation import map_department, map_document, map_glossary
from budgetkg.build.model.projects import map_projects
from budgetkg.build.model.tables import map_narrative, map_tables
from budgetkg.build.records import Disclosure
from budgetkg.rdf.graphs import new_graph
from budgetkg.vocab import DEFAULT_BASE


def to_graph(d: Disclosure, base: str = DEFAULT_BASE) -> Graph:
    mint = Minter(base, d.source_sha256)
    doc = mint.doc()
    em = Emitter(new_graph(identifier=doc), mint, doc, d.department.year)
    map_document(em, d, __version__)
    map_department(em, d)
    map_tables(em, d)
    map_narrative(em, d)
    map_explanations(em, d)
    map_projects(em, d)
    map_catalogue(em, d)
    map_glossary(em, d)
    return em.graph
