"""Deterministic ASCII IRIs: short hashes of the facts that identify a thing, and base IRIs.

Names are not keys (projects share names) and Chinese text makes poor IRIs, so entities are keyed
by short hashes of the facts that identify them. The same input always gives the same IRIs, which
is what makes the Turtle output diffable and a reload of one document idempotent.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

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
