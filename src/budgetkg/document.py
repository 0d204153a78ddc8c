"""Read stage: bytes on disk -> numbered lines of text.

Disclosures arrive as UTF-8 or GB18030 exports with LF or CRLF endings. Whatever the encoding,
the same document must yield the same lines (and so the same graph), and every later stage refers
back to these 1-based line numbers for provenance.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass(frozen=True)
class Line:
    """One line of the source; ``cells`` are its tab-separated fields, stripped."""

    no: int
    text: str
    page: int | None = None  # the PDF page it was printed on; None for text exports

    @property
    def cells(self) -> list[str]:
        return [c.strip() for c in self.text.split("\t")]

    @property
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


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decode with the first encoding that fits; reject binary and empty input."""
    if not data.strip():
        raise InputError("the file is empty", path=path)
    if b"\x00" in data[:65536]:
        raise InputError("the file is binary (it contains NUL bytes), not a text export", path=path)
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    bad = _first_bad_line(data)
    raise InputError(
        "the file is neither UTF-8 nor GB18030 text", path=path, line=bad
    )


def _first_bad_line(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return data[: exc.start].count(b"\n") + 1
    return 1


def normalise(text: str) -> str:
    """Unify line endings; keep everything else as written (the parser tolerates variants)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_document(path: str | Path) -> SourceDocument:
    p = Path(path)
    if p.suffix.lower() == ".pdf":
        from .pdfread import read_pdf

        return read_pdf(p)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=str(p)) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a document", path=str(p)) from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", path=str(p)) from None
    text, encoding = decode(data, str(p))
    text = normalise(text)
    lines = tuple(Line(i, t) for i, t in enumerate(text.split("\n"), start=1))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return SourceDocument(str(p), p.name, encoding, digest, lines)


def document_from_text(text: str, name: str = "document.txt") -> SourceDocument:
    """Build a document from a string (tests and notebooks)."""
    text = normalise(text)
    lines = tuple(Line(i, t) for i, t in enumerate(text.split("\n"), start=1))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return SourceDocument(name, name, "utf-8", digest, lines)
