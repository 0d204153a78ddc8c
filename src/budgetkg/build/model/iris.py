"""Deterministic ASCII IRIs.

Names are not keys (projects share names) and Chinese text makes poor IRIs, so entities are keyed
by short hashes of the facts that identify them. The same input always mints the same IRIs, which
is what makes the Turtle output diffable and a reload of one document idempotent.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

from rdflib import URIRef

from budgetkg.errors import UsageError


def short_hash(*parts: object, length: int = 10) -> str:
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def check_base(base: str) -> str:
    """A base IRI must be absolute http(s) and end in / or # so that paths append cleanly."""
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"--base {base!r} is not an absolute http(s) IRI")
    if not base.endswith(("/", "#")):
        base += "/"
    if re.search(r"[\s<>\"{}|\\^`]", base):
        raise UsageError(f"--base {base!r} contains characters not allowed in an IRI")
    return base


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
