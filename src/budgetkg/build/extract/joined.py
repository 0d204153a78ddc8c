"""Source lines joined into one string, so that patterns match across the line breaks of PDF
exports, with the way back from an offset in that string to its source line (provenance).

The way back is the offset where each joined line begins, searched by bisection: one entry per
line, not one per character, since a line can be millions of characters long."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Joined:
    text: str
    starts: tuple[int, ...]  # where each joined line begins in ``text``
    nos: tuple[int, ...]  # that line's number

    def line_at(self, i: int) -> int:
        """The source line of the character at ``i`` (past the end: the last line; 0 when
        nothing was joined)."""
        if not self.nos:
            return 0
        return self.nos[max(bisect_right(self.starts, i) - 1, 0)]

    def cut(self, start: int, end: int) -> Joined:
        """The characters from ``start`` to ``end``, still knowing their lines."""
        first = max(bisect_right(self.starts, start) - 1, 0)
        last = bisect_right(self.starts, max(end - 1, start))
        starts = tuple(max(s - start, 0) for s in self.starts[first:last])
        return Joined(self.text[start:end], starts, self.nos[first:last])


def join_lines(pieces: Iterable[tuple[int, str]]) -> Joined:
    """Join ``(line number, text)`` pieces with nothing between them; empty pieces leave no
    trace."""
    texts: list[str] = []
    starts: list[int] = []
    nos: list[int] = []
    at = 0
    for no, text in pieces:
        if text:
            texts.append(text)
            starts.append(at)
            nos.append(no)
            at += len(text)
    return Joined("".join(texts), tuple(starts), tuple(nos))
