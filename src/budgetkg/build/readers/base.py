"""What every reader produces: a decoded document as numbered lines of cells.

A reader turns one kind of file (a text export, a PDF, later a spreadsheet) into a
``SourceDocument``: 1-based numbered lines whose cells are tab-separated, so that segmenting and
extracting never need to know where the document came from. Every later stage refers back to
these line numbers for provenance.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class Line:
    """One line of the source; ``cells`` are its tab-separated fields, stripped.

    ``cells`` and ``filled`` are worked out once per line (segmenting and every extractor ask
    for them, and a line can hold millions of cells); callers must not change the lists."""

    no: int
    text: str
    page: int | None = None  # the PDF page it was printed on; None for text exports

    @cached_property
    def cells(self) -> list[str]:
        return [c.strip() for c in self.text.split("\t")]

    @cached_property
    def filled(self) -> list[str]:
        """The non-empty cells, in order: shifted columns make positions unreliable."""
        return [c for c in self.cells if c]


@dataclass(frozen=True)
class SourceDocument:
    """A decoded disclosure. ``sha256`` is taken over the normalised text, so the UTF-8 and
    GB18030 copies of one document share an identity (and so their IRIs)."""

    path: str
    name: str
    encoding: str
    sha256: str
    lines: tuple[Line, ...]

    def line(self, no: int) -> Line:
        return self.lines[no - 1]


class Reader(Protocol):
    """Reads one kind of file; raises ``InputError`` naming the file (and line or page)."""

    def __call__(self, path: Path) -> SourceDocument: ...


def document_from_text(text: str, name: str = "document.txt", *, path: str | None = None,
                       encoding: str = "utf-8") -> SourceDocument:
    """A document from decoded text (line endings unified). ``sha256`` is taken over the
    normalised text, so the UTF-8 and GB18030 copies of one document share an identity."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = tuple(Line(i, t) for i, t in enumerate(text.split("\n"), start=1))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return SourceDocument(path or name, name, encoding, digest, lines)
