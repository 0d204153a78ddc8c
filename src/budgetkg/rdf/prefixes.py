"""Prefixed names: the one rule for shortening an IRI (``bkg:Project``) and expanding one back.

A namespace is used only when the rest of the IRI is a plain local name, the longest namespace
winning, so a nested namespace beats its parent and a prefixed name always reads back to the IRI.
"""

from __future__ import annotations

import re
from functools import lru_cache

from budgetkg.vocab import PREFIXES

EXTRA_PREFIXES = {
    "void": "http://rdfs.org/ns/void#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "spdx": "http://spdx.org/rdf/terms#",
    "vann": "http://purl.org/vocab/vann/",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
}


ALL_PREFIXES = {**{k: str(v) for k, v in PREFIXES.items()}, **EXTRA_PREFIXES}


_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


class Prefixes:
    """Shortens IRIs to prefixed names and remembers which prefixes were used."""

    def __init__(self, prefixes: dict[str, str] | None = None):
        items = (prefixes or ALL_PREFIXES).items()
        # longest namespace first, so a nested namespace wins over its parent
        self._by_ns = tuple(sorted(((str(ns), p) for p, ns in items), key=lambda x: (-len(x[0]), x[1])))
        self.used: dict[str, str] = {}

    def shorten(self, iri: str) -> str | None:
        found = _shorten(iri, self._by_ns)
        if found is None:
            return None
        prefix, ns, local = found
        self.used[prefix] = ns
        return f"{prefix}:{local}"

    def declarations(self) -> str:
        if not self.used:
            return ""
        width = max(len(p) for p in self.used) + 2
        lines = [f"@prefix {(p + ':').ljust(width)}<{ns}> ." for p, ns in sorted(self.used.items())]
        return "\n".join(lines) + "\n"


@lru_cache(maxsize=65536)
def _shorten(iri: str, by_ns: tuple) -> tuple[str, str, str] | None:
    for ns, prefix in by_ns:
        if iri.startswith(ns) and _LOCAL.fullmatch(iri[len(ns):]):
            return prefix, ns, iri[len(ns):]
    return None


_DEFAULT = Prefixes()


def shorten(iri: str, prefixes: Prefixes | None = None) -> str:
    """``bkg:Project`` for an IRI under a known namespace, else the IRI itself."""
    px = prefixes or _DEFAULT
    found = _shorten(str(iri), px._by_ns)
    return f"{found[0]}:{found[2]}" if found else str(iri)


def expand(text: str) -> str:
    """``bkg:Project`` -> the full IRI, for the prefixes budgetkg binds; anything else as is."""
    prefix, sep, local = text.partition(":")
    if sep and prefix in ALL_PREFIXES and not local.startswith("//"):
        return ALL_PREFIXES[prefix] + local
    return text
