"""The bundled ontology's labels, read once: every page, chart and finding that shows an
ontology term by its name in Chinese or English asks here."""

from __future__ import annotations

import re
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDFS, SKOS

from budgetkg.rdf.graphs import new_graph
from budgetkg.rdf.terms import from_ox
from budgetkg.resources import read_text
from budgetkg.vocab import BKG

ONTOLOGY_FILE = "budgetkg.ttl"
ONTOLOGY_IRI = re.compile(re.escape(str(BKG)) + r"(\w+)")


@lru_cache(maxsize=1)
def _ontology_triples() -> tuple:
    """The ontology's triples in file order (so that 'the first label' is well defined)."""
    data = read_text("ontology", ONTOLOGY_FILE).encode("utf-8")
    return tuple((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))
                 for q in ox.parse(data, format=ox.RdfFormat.TURTLE))


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The bundled ontology as an rdflib graph (shared: do not modify it)."""
    g = new_graph()
    for t in _ontology_triples():
        g.add(t)
    return g


@lru_cache(maxsize=1)
def ontology_labels() -> dict[str, dict[str, str]]:
    """bkg local name -> {lang: label}: the first rdfs:label or skos:prefLabel per language."""
    wanted = (RDFS.label, SKOS.prefLabel)
    labels: dict[str, dict[str, str]] = {}
    for s, p, o in _ontology_triples():
        if p in wanted and getattr(o, "language", None):
            m = ONTOLOGY_IRI.fullmatch(str(s))
            if m:
                labels.setdefault(m.group(1), {}).setdefault(o.language, str(o))
    return labels


def humanise(text: str, lang: str | None) -> str:
    """Ontology IRIs in a message shown by their label in the message's language."""
    labels = ontology_labels()
    lang = lang if lang in ("zh", "en") else "en"
    return ONTOLOGY_IRI.sub(lambda m: labels.get(m.group(1), {}).get(lang, f"bkg:{m.group(1)}"),
                            text)
