"""The IRI minter of one document: paths under the base, colliding keys disambiguated in order
(see ``budgetkg.rdf.iris`` for why IRIs are hashes of facts)."""

from __future__ import annotations

from rdflib import URIRef

from budgetkg.rdf.iris import check_base


class Minter:
    """Mints IRIs under one base for one document, disambiguating colliding keys in order."""

    def __init__(self, base: str, doc_sha: str):
        self.base = check_base(base)
        self.doc_key = doc_sha[:16]
        self._seen: dict[str, int] = {}

    def iri(self, *path: str) -> URIRef:
        return URIRef(self.base + "/".join(path))

    def unique(self, *path: str) -> URIRef:
        """Like iri(), but a second request for the same path gets ``-2``, a third ``-3``."""
        key = "/".join(path)
        n = self._seen.get(key, 0) + 1
        self._seen[key] = n
        return URIRef(self.base + key + (f"-{n}" if n > 1 else ""))

    def doc(self, *path: str) -> URIRef:
        return self.iri("doc", self.doc_key, *path)
