"""Readers: one per input kind, each turning a file into a ``SourceDocument`` (numbered lines
of tab-separated cells, see ``base``). ``read_document`` picks the reader by the file's suffix;
a new input kind (PDF, XLSX) is one new module registered in ``READERS``."""

from __future__ import annotations

from pathlib import Path

from budgetkg.build.readers.base import Line, Reader, SourceDocument, document_from_text
from budgetkg.build.readers.pdf import read_pdf
from budgetkg.build.readers.text import read_text_document

# suffix -> reader; anything else is read as a text export
READERS: dict[str, Reader] = {".pdf": read_pdf}


def read_document(path: str | Path) -> SourceDocument:
    """Read a disclosure with the reader its suffix asks for."""
    reader = READERS.get(Path(path).suffix.lower(), read_text_document)
    return reader(Path(path))


__all__ = ["READERS", "Line", "Reader", "SourceDocument", "document_from_text", "read_document"]
