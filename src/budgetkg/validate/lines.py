"""Source lines of a finding: the focus node's line span, narrowed to the lines where the value
found is written when the source text is at hand."""

from __future__ import annotations

from rdflib import Graph, URIRef

from budgetkg.vocab import BKG


def source_lines(data: Graph, focus, value, extra: list[int], found: str | None,
           text_lines: list[str] | None) -> list[int]:
    lines: list[int] = []
    focus_span = span(data, focus)
    if focus_span:
        lines.append(narrowed(focus_span, found, text_lines))
    if isinstance(value, URIRef) and value != focus:
        vspan = span(data, value)
        if vspan:
            lines.append(vspan[0])
    lines.extend(extra)
    flat: list[int] = []
    for item in lines:
        for n in item if isinstance(item, list) else [item]:
            if n not in flat:
                flat.append(n)
    return sorted(flat)


def span(data: Graph, node) -> tuple[int, int] | None:
    start = data.value(node, BKG.startLine)
    if start is None:
        return None
    end = data.value(node, BKG.endLine) or start
    lines = line_number(start), line_number(end)
    return None if None in lines else lines


def line_number(term) -> int | None:
    """A line number as written in a graph that may not be budgetkg's: not a short run of
    digits (``"x"``, ``"1.5"``, 5,000 digits) -> None rather than a crash."""
    text = str(term).strip()
    return int(text) if text.isdecimal() and len(text) <= 12 else None


def narrowed(span: tuple[int, int], found: str | None, text_lines: list[str] | None):
    """A focus spanning several lines is narrowed to the lines where the value found is written,
    when the source text is at hand; else its first line."""
    start, end = span
    if end <= start or not found or not text_lines:
        return start
    tokens = [t for t in found.split() if len(t) >= 2]
    hits = [n for n in range(start, min(end, len(text_lines)) + 1)
            if any(t in text_lines[n - 1] for t in tokens)]
    covered = all(any(t in text_lines[n - 1] for n in hits) for t in tokens)
    return hits if hits and covered else start


def source_pages(data: Graph, node) -> list[int]:
    """The PDF page(s) the node was printed on (none for a text export); a page that is not a
    whole number is ignored rather than trusted."""
    pages = set()
    for p in data.objects(node, BKG.page):
        n = line_number(p)
        if n is not None:
            pages.add(n)
    return sorted(pages)
