"""Model stage: a ``Disclosure`` record -> an RDF graph named after its source document."""

from __future__ import annotations

from rdflib import Graph

from .. import __version__
from ..records import Disclosure
from .catalogue import map_catalogue
from .emit import Emitter, new_graph
from .explanations import map_explanations
from .iris import Minter
from .organisation import map_department, map_document, map_glossary
from .projects import map_projects
from .tables import map_narrative, map_tables
from .vocab import DEFAULT_BASE


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
