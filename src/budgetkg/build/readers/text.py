"""Read stage: bytes on disk -> numbered lines of text.

Disclosures arrive as UTF-8 or GB18030 exports with LF or CRLF endings. Whatever the encoding,
the same document must yield the same lines (and so the same graph), and every later stage refers
back to these 1-based line numbers for provenance.
"""

from __future__ import annotations

from pathlib import Path

from budgetkg.build.readers.base import SourceDocument, document_from_text
from budgetkg.errors import InputError

ENCODINGS = ("utf-8-sig", "gb18030")


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


def read_text_document(path: str | Path) -> SourceDocument:
    """The text reader: a UTF-8 or GB18030 export, LF or CRLF."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=str(p)) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a document", path=str(p)) from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", path=str(p)) from None
    text, encoding = decode(data, str(p))
    return document_from_text(text, p.name, path=str(p), encoding=encoding)
