"""Where each resource's page goes: a safe relative path derived from its IRI.

IRIs come from input files, so they are untrusted: a path is built only from ASCII letters,
digits, ``-``, ``_`` and ``.`` (anything else, and any dot in a folder name, is escaped as
``~XX``), never contains ``.`` or ``..`` segments, and the mapping is injective, so two IRIs
never share a file. ``https://data.example/project/2024/a1`` becomes ``project/2024/a1`` and
its files ``project/2024/a1.html``, ``.ttl`` and ``.jsonld``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from budgetkg.rdf.iris import short_hash

# first path segments the site uses for its own files
RESERVED = {"index", "ontology", "assets", "classes", "context", "void", "data", "r"}
_SAFE = re.compile(r"[A-Za-z0-9_-]")
MAX_SEGMENT = 80


def _escape(segment: str, final: bool) -> str:
    out = []
    for ch in segment:
        if _SAFE.match(ch) or (ch == "." and final):
            out.append(ch)
        else:
            out.extend(f"~{b:02X}" for b in ch.encode("utf-8"))
    text = "".join(out)
    if text in ("", ".", ".."):
        text = "~" + "".join(f"{ord(c):02X}" for c in segment) if segment else "~"
    if len(text) > MAX_SEGMENT:
        text = text[:MAX_SEGMENT - 11] + "-" + short_hash(segment)
    return text


def iri_path(iri: str, with_host: bool = False) -> str:
    """The page path (no extension) for an IRI."""
    parts = urlsplit(iri)
    raw = parts.path.lstrip("/")
    if parts.query:
        raw += "?" + parts.query
    if parts.fragment:
        raw += "#" + parts.fragment
    segments = raw.split("/") if raw else [""]
    if with_host or not parts.netloc:
        segments.insert(0, parts.netloc or parts.scheme or "_")
    escaped = [_escape(s, i == len(segments) - 1) for i, s in enumerate(segments)]
    if escaped[0].lower() in RESERVED:
        escaped.insert(0, "r")
    return "/".join(escaped)


class PathMap:
    """IRI -> page path for a set of resources, collision-free also on case-insensitive disks."""

    def __init__(self, iris):
        iris = sorted(str(i) for i in iris)
        hosts = {urlsplit(i).netloc for i in iris}
        with_host = len(hosts) > 1
        self.paths: dict[str, str] = {}
        taken: set[str] = set()
        for iri in iris:
            path = iri_path(iri, with_host)
            while path.lower() in taken:
                path = f"{path}-{short_hash(iri, path)}"
            taken.add(path.lower())
            self.paths[iri] = path

    def get(self, iri) -> str | None:
        return self.paths.get(str(iri))

    def __contains__(self, iri) -> bool:
        return str(iri) in self.paths

    def __len__(self) -> int:
        return len(self.paths)

