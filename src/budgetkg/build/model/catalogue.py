"""Map the purchase-service catalogue to SKOS.

Levels 1-3 (A, A15, A1502) are categories shared by every department section; level-4 codes are
numbered within a section, so A150201 is a different service in each. Every row therefore becomes
an item of its own section (IRI per section and code), and rows of levels 1-3 also point to the
shared category concept. The level stored is the column the row was written in; the code's own
length is kept in the notation, so a validator can see a code written at the wrong level.
"""

from __future__ import annotations

from collections import Counter

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from budgetkg.build.model.emit import Emitter
from budgetkg.build.records import Catalogue, CatalogueSection, Disclosure, Span
from budgetkg.rdf.iris import short_hash
from budgetkg.vocab import BKG

CATEGORY_LEVEL = {1: 1, 3: 2, 5: 3}  # code length -> shared category level


def catalogue_iri(em: Emitter, c: Catalogue) -> URIRef:
    return em.mint.iri("catalogue", short_hash(c.document_number or c.title))


def map_catalogue(em: Emitter, d: Disclosure) -> None:
    c = d.catalogue
    if c is None:
        return
    node = catalogue_iri(em, c)
    g = em.graph
    em.entity(node, BKG.PurchaseServiceCatalogue, c.span, c.title)
    g.add((node, RDF.type, SKOS.ConceptScheme))
    em.text(node, DCTERMS.title, c.title)
    if c.document_number:
        g.add((node, DCTERMS.identifier, Literal(c.document_number)))
    em.text(node, DCTERMS.publisher, c.issuer)
    if c.issued:
        g.add((node, BKG.issuedAsWritten, Literal(c.issued)))
    g.add((em.doc, BKG.appendsCatalogue, node))
    labels: dict[str, Counter] = {}
    for section in c.sections:
        map_section(em, node, section, labels)
    for code, counts in sorted(labels.items()):
        category = em.mint.iri("catalogue", short_hash(c.document_number or c.title), "category", code)
        label = max(sorted(counts), key=lambda k: counts[k])
        g.add((category, SKOS.prefLabel, Literal(label, lang="zh")))


def map_section(em: Emitter, catalogue: URIRef, s: CatalogueSection, labels: dict) -> None:
    g = em.graph
    base = str(catalogue)
    sec = URIRef(f"{base}/section/{s.seq}")
    end = s.entries[-1].line if s.entries else s.line
    em.entity(sec, BKG.CatalogueSection, Span(s.line, end), s.name)
    g.add((sec, RDF.type, SKOS.Collection))
    g.add((sec, BKG.order, Literal(s.seq, datatype=XSD.integer)))
    g.add((sec, BKG.inCatalogue, catalogue))
    g.add((catalogue, BKG.hasSection, sec))
    stack: dict[int, URIRef] = {}
    for e in s.entries:
        item = em.mint.unique(f"{base[len(em.mint.base):]}/section/{s.seq}/{e.code}")
        em.entity(item, BKG.CatalogueItem, Span(e.line, e.line))
        g.add((item, RDF.type, SKOS.Concept))
        g.add((item, SKOS.inScheme, catalogue))
        g.add((item, SKOS.notation, Literal(e.code)))
        em.text(item, SKOS.prefLabel, e.label)
        g.add((item, BKG.level, Literal(e.level, datatype=XSD.integer)))
        g.add((item, BKG.inSection, sec))
        g.add((sec, SKOS.member, item))
        if e.level == 4:
            g.add((item, RDF.type, BKG.PurchasableService))
        parent = stack.get(e.level - 1)
        if parent is not None:
            g.add((item, SKOS.broader, parent))
        stack[e.level] = item
        for deeper in [k for k in stack if k > e.level]:
            del stack[deeper]
        if len(e.code) in CATEGORY_LEVEL:
            category = URIRef(f"{base}/category/{e.code}")
            g.add((category, RDF.type, BKG.ServiceCategory))
            g.add((category, RDF.type, SKOS.Concept))
            g.add((category, SKOS.notation, Literal(e.code)))
            g.add((category, BKG.level, Literal(CATEGORY_LEVEL[len(e.code)], datatype=XSD.integer)))
            g.add((category, SKOS.inScheme, catalogue))
            if len(e.code) > 1:
                broader_code = e.code[:1] if len(e.code) == 3 else e.code[:3]
                g.add((category, SKOS.broader, URIRef(f"{base}/category/{broader_code}")))
            g.add((item, BKG.category, category))
            if e.label:
                labels.setdefault(e.code, Counter())[e.label] += 1
