"""Read stage for PDF: a disclosure as published -> the same numbered lines as a text export.

Library chosen by measurement on the two real final accounts in ../shared/samples (23 and 25
pages): pypdfium2 reads the text layer of both in 0.15-0.2 s, pdfminer.six's layout analysis took
2.0-4.3 s and pdfplumber (on pdfminer) 3.2-5.3 s, so only pypdfium2 keeps a 30-page document under
the 3 s budget. pdfium gives what the tables need: every character with its box, and the ruled
lines as path objects; the grid is rebuilt here from those rules.

What comes out is what ``document.read_document`` gives for a text export: lines whose cells are
joined by tabs, in reading order, each with its page. A ruled table becomes one line per grid row
(a merged cell's text in its first column, the others blank, as text exports write it); a cell
that wraps over lines is joined; the 类/款/项 columns of a subject code are joined into one code
(``210 11 01`` -> ``2101101``); a header that a continuation page repeats is dropped, so a table
that runs over pages stays one table. Text outside tables becomes one line per printed line.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from budgetkg.build.readers.base import Line, SourceDocument
from budgetkg.errors import InputError

RULE = 3.0  # a path thinner than this (pt) is a ruled line
SNAP = 2.5  # rules closer than this are one
CODE_PART = re.compile(r"\d{2,3}")
# A space between two Chinese characters inside a cell is a line wrap or letter spacing
# (因 公 出 国), never a word boundary.
CJK_GAP = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])\s+"
                     r"(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")
SPACED_CODE = re.compile(r"^(\d{3})(?: (\d{2}))?(?: (\d{2}))?(?= |$)")


@dataclass(frozen=True)
class Box:
    """A rectangle in PDF points, origin bottom left."""

    left: float
    bottom: float
    right: float
    top: float


@dataclass(frozen=True)
class PageLine:
    """One output line before numbering: its cells, its page and where it stood on the page."""

    cells: tuple[str, ...]
    page: int
    top: float
    box: Box | None = None
    table: int | None = None  # index of the table on its page, None for running text


def read_pdf(path: str | Path) -> SourceDocument:
    """A PDF path -> a SourceDocument whose lines carry their page (``Line.page``)."""
    p = Path(path)
    data = _read_bytes(p)
    pdfium = _pdfium()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InputError("the PDF is encrypted (password protected); decrypt it first",
                             path=str(p)) from None
        raise InputError(f"the PDF is broken and cannot be read ({exc})", path=str(p)) from None
    try:
        page_lines = [ln for i in range(len(pdf)) for ln in read_page(pdf[i], i + 1)]
    finally:
        pdf.close()
    if not any(c for ln in page_lines for c in ln.cells):
        raise InputError(
            "the PDF has no text layer (a scanned document?); it needs OCR before it can be read",
            path=str(p))
    page_lines = drop_repeated_headers(join_code_columns(page_lines))
    lines = tuple(
        Line(i, "\t".join(pl.cells), page=pl.page) for i, pl in enumerate(page_lines, start=1)
    )
    digest = hashlib.sha256(data).hexdigest()
    return SourceDocument(str(p), p.name, "pdf", digest, lines)


def _read_bytes(p: Path) -> bytes:
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=str(p)) from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", path=str(p)) from None
    if not data.startswith(b"%PDF"):
        raise InputError("the file is named .pdf but is not a PDF", path=str(p))
    return data


def _pdfium():
    try:
        import pypdfium2
    except ImportError:  # pragma: no cover - a declared dependency
        raise InputError("reading PDF needs pypdfium2: pip install 'budgetkg[pdf]'") from None
    return pypdfium2


# --- one page -----------------------------------------------------------------------------------


def read_page(page, number: int) -> list[PageLine]:
    """Tables from the ruled lines, running text from the characters outside them, merged in
    reading order (top to bottom)."""
    textpage = page.get_textpage()
    chars = page_chars(textpage)
    horizontals, verticals = rules(page)
    grids = [g for g in find_grids(horizontals, verticals) if len(g.xs) > 2 and len(g.ys) > 1]
    out: list[PageLine] = []
    for k, grid in enumerate(grids):
        out.extend(grid_lines(grid, chars, number, k))
    out.extend(text_lines(chars, number, [g.box for g in grids]))
    out.sort(key=lambda ln: -ln.top)
    return out


def page_chars(textpage) -> list[tuple[str, float, float, float, float, float]]:
    """Every character as (char, x centre, y centre, top, left, right); pdfium's line breaks as "\n"."""
    n = textpage.count_chars()
    text = textpage.get_text_range(0, n)
    if len(text) != n:  # pragma: no cover - pdfium maps one char per index
        text = "".join(textpage.get_text_range(i, 1) for i in range(n))
    out = []
    for i, ch in enumerate(text):
        if ch == "\r":
            continue
        if ch == "\n":
            out.append(("\n", 0.0, 0.0, 0.0, 0.0, 0.0))
            continue
        left, bottom, right, top = textpage.get_charbox(i)
        out.append((ch, (left + right) / 2, (bottom + top) / 2, top, left, right))
    return out


def rules(page) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal rules as (y, x0, x1), vertical ones as (x, y0, y1). A thin path is one rule
    (taken from its bounds, already in page space); a path of many segments (a whole grid drawn
    as one path, as reportlab does) is read segment by segment."""
    from pypdfium2 import raw

    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=8):
        left, bottom, right, top = obj.get_bounds()
        w, h = right - left, top - bottom
        if w < RULE and h < RULE:
            continue
        if h < RULE:
            hs.append(((bottom + top) / 2, left, right))
        elif w < RULE:
            vs.append(((left + right) / 2, bottom, top))
        elif obj.level == 0:
            path_rules(obj.raw, hs, vs)
        else:  # inside a form: its points are not in page space; keep the outline
            hs += [(bottom, left, right), (top, left, right)]
            vs += [(left, bottom, top), (right, bottom, top)]
    return hs, vs


def path_rules(handle, hs: list, vs: list) -> None:
    """The straight horizontal and vertical segments of one path, in page space."""
    import ctypes

    from pypdfium2 import raw

    m = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(handle, ctypes.byref(m))
    x, y = ctypes.c_float(), ctypes.c_float()
    start = prev = None
    for i in range(raw.FPDFPath_CountSegments(handle)):
        seg = raw.FPDFPath_GetPathSegment(handle, i)
        raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        point = (m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f)
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = point
        elif kind == raw.FPDF_SEGMENT_LINETO and prev is not None:
            add_segment(prev, point, hs, vs)
        if raw.FPDFPathSegment_GetClose(seg) and start is not None:
            add_segment(point, start, hs, vs)
        prev = point


def add_segment(a: tuple[float, float], b: tuple[float, float], hs: list, vs: list) -> None:
    if abs(a[1] - b[1]) < 0.5 and abs(a[0] - b[0]) >= RULE:
        hs.append((a[1], min(a[0], b[0]), max(a[0], b[0])))
    elif abs(a[0] - b[0]) < 0.5 and abs(a[1] - b[1]) >= RULE:
        vs.append((a[0], min(a[1], b[1]), max(a[1], b[1])))


@dataclass
class Grid:
    xs: list[float]
    ys: list[float]  # descending: top first
    hs: list[tuple[float, float, float]]
    vs: list[tuple[float, float, float]]

    def __post_init__(self):  # rules sorted by position, for bisecting
        self.hs.sort()
        self.vs.sort()
        self.hkeys = [h[0] for h in self.hs]
        self.vkeys = [v[0] for v in self.vs]

    def rules_near(self, at: float, vertical: bool) -> list[tuple[float, float, float]]:
        rules, keys = (self.vs, self.vkeys) if vertical else (self.hs, self.hkeys)
        return rules[bisect.bisect_left(keys, at - SNAP):bisect.bisect_right(keys, at + SNAP)]

    @property
    def box(self) -> Box:
        return Box(self.xs[0], self.ys[-1], self.xs[-1], self.ys[0])


def find_grids(hs, vs) -> list[Grid]:
    """Group rules that touch into tables (union-find over rule pairs that cross or meet)."""
    segs = [("h", *s) for s in hs] + [("v", *s) for s in vs]
    parent = list(range(len(segs)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    hidx = [i for i, s in enumerate(segs) if s[0] == "h"]
    vidx = [i for i, s in enumerate(segs) if s[0] == "v"]
    for i in hidx:
        _, y, x0, x1 = segs[i]
        for j in vidx:
            _, x, y0, y1 = segs[j]
            if x0 - SNAP <= x <= x1 + SNAP and y0 - SNAP <= y <= y1 + SNAP:
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(segs)):
        groups.setdefault(find(i), []).append(i)
    grids = []
    for members in groups.values():
        gh = [segs[i][1:] for i in members if segs[i][0] == "h"]
        gv = [segs[i][1:] for i in members if segs[i][0] == "v"]
        if not gh or not gv:
            continue
        xs = snap(sorted(x for x, _, _ in gv))
        top, bottom = max(y1 for _, _, y1 in gv), min(y0 for _, y0, _ in gv)
        for y in (top, bottom):  # a table cut by a page break may lack its outer rule
            if all(abs(y - hy) >= SNAP for hy, _, _ in gh):
                gh.append((y, xs[0], xs[-1]))
        ys = sorted(snap(sorted(y for y, _, _ in gh)), reverse=True)
        grids.append(Grid(xs, ys, gh, gv))
    return grids


def snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in values:
        if out and v - out[-1] < SNAP:
            continue
        out.append(v)
    return out


def has_vertical(grid: Grid, x: float, top: float, bottom: float) -> bool:
    mid = (top + bottom) / 2
    return any(y0 - SNAP <= mid <= y1 + SNAP for _, y0, y1 in grid.rules_near(x, True))


def adjacent(a: list[float] | None, b: list[float] | None) -> bool:
    """Two pieces of text continue each other when no more than about a character's width
    separates them; header cells whose rules the producer did not draw stand further apart."""
    return a is None or b is None or b[0] - a[1] < 10.0


def vertical_walls(grid: Grid) -> list[list[bool]]:
    """Whether a rule separates column c-1 from c in row r. Some producers leave a gap of one
    row in a rule drawn above and below it; such a gap is bridged."""
    nrows, ncols = len(grid.ys) - 1, len(grid.xs) - 1
    walls = [[c > 0 and has_vertical(grid, grid.xs[c], grid.ys[r], grid.ys[r + 1])
              for c in range(ncols)] for r in range(nrows)]
    for r in range(1, nrows - 1):
        for c in range(1, ncols):
            walls[r][c] = walls[r][c] or (walls[r - 1][c] and walls[r + 1][c])
    return walls


def has_horizontal(grid: Grid, y: float, left: float, right: float) -> bool:
    mid = (left + right) / 2
    return any(x0 - SNAP <= mid <= x1 + SNAP for _, x0, x1 in grid.rules_near(y, False))


def grid_lines(grid: Grid, chars, page: int, index: int) -> list[PageLine]:
    """One line per grid row; each character goes to the grid cell holding its centre. Within a
    column, cells with no rule between them are one cell (a header word wrapped over two grid
    rows): their text goes to the top one. A cell spanning columns keeps its text where the
    characters stand, as text exports do."""
    nrows, ncols = len(grid.ys) - 1, len(grid.xs) - 1
    cells = [["" for _ in range(ncols)] for _ in range(nrows)]
    box = grid.box
    neg_ys = [-gy for gy in grid.ys[1:]]
    spans: dict[tuple[int, int], list[float]] = {}  # the x extent of each cell's characters
    for ch, x, y, _, left, right in chars:
        if ch == "\n" or not (box.left < x < box.right and box.bottom < y < box.top):
            continue
        c = bisect.bisect_right(grid.xs, x) - 1
        r = bisect.bisect_left(neg_ys, -y)  # rows whose bottom rule lies above y
        if 0 <= r < nrows and 0 <= c < ncols:
            cells[r][c] += ch
            if ch.strip():
                sp = spans.setdefault((r, c), [left, right])
                sp[0], sp[1] = min(sp[0], left), max(sp[1], right)
    walls = vertical_walls(grid)
    for r in range(nrows):  # a cell spanning columns: its characters fell into several
        first = 0
        for c in range(1, ncols):
            if walls[r][c] or not adjacent(spans.get((r, first)), spans.get((r, c))):
                first = c
            elif cells[r][c]:
                cells[r][first] += cells[r][c]
                cells[r][c] = ""
    for c in range(ncols):
        top = 0
        for r in range(1, nrows):
            if has_horizontal(grid, grid.ys[r], grid.xs[c], grid.xs[c + 1]):
                top = r
            elif cells[r][c]:
                cells[top][c] += cells[r][c]
                cells[r][c] = ""
    cells = [[CJK_GAP.sub("", normalise_cell(t)) for t in row] for row in cells]
    return [
        PageLine(tuple(row), page, grid.ys[r] - 0.01,
                 Box(grid.xs[0], grid.ys[r + 1], grid.xs[-1], grid.ys[r]), index)
        for r, row in enumerate(cells)
    ]


def normalise_cell(text: str) -> str:
    """Rejoin a subject code the text layer spaced out (``210 11 01 行政单位医疗``)."""
    text = re.sub(r"\s+", " ", text).strip()
    m = SPACED_CODE.match(text)
    if m and m.group(2):
        code = "".join(g for g in m.groups() if g)
        text = code + text[m.end():]
    return text


def code_runs(row: tuple[str, ...]) -> list[tuple[int, int]]:
    """(first column, width) of each 类 | 款 [| 项] run in a header row."""
    runs = []
    for c in range(len(row) - 1):
        if row[c] == "类" and row[c + 1] == "款":
            runs.append((c, 3 if c + 2 < len(row) and row[c + 2] == "项" else 2))
    return runs


def join_code_columns(lines: list[PageLine]) -> list[PageLine]:
    """A header row reading 类 | 款 | 项 (or 类 | 款 for economic codes) marks columns that
    together hold one code: join them into the first (``201`` ``06`` ``01`` -> ``2010601``); a
    label spanning them (合计) stays as written. A continuation of the table on the next page
    (same columns, no header) is joined the same way."""
    tables: dict[tuple[int, int], list[int]] = {}
    for i, ln in enumerate(lines):
        if ln.table is not None:
            tables.setdefault((ln.page, ln.table), []).append(i)
    out = list(lines)
    carried: tuple[int, list[tuple[int, int]]] | None = None  # (column count, runs)
    for rows in tables.values():
        cells = [lines[i].cells for i in rows]
        found = next(((r, code_runs(row)) for r, row in enumerate(cells) if code_runs(row)),
                     None)
        if found:
            r, runs = found
            carried = (len(cells[0]), runs)
        elif carried and carried[0] == len(cells[0]) and \
                _header_depth([c for c in cells if any(c)]) == 0:
            r, runs = -1, carried[1]
        else:
            carried = None
            continue
        for k, i in enumerate(rows):
            row = list(cells[k])
            for c, width in reversed(runs):
                if k == r:  # the 类/款/项 labels may share their row with the 合计 row
                    code = "" if _header_depth([tuple(row)]) == 0 else "科目编码"
                    row = row[:c] + [code] + row[c + width:]
                else:
                    row = merge_code(row, c, width)
            out[i] = PageLine(tuple(row), lines[i].page, lines[i].top, lines[i].box,
                              lines[i].table)
    return out


def merge_code(row: list[str], c: int, width: int) -> list[str]:
    parts = row[c:c + width]
    filled = [p for p in parts if p]
    if filled and all(CODE_PART.fullmatch(p) for p in filled):
        joined = "".join(filled)
    else:
        joined = " ".join(filled)
    return row[:c] + [joined] + row[c + width:]


def text_lines(chars, page: int, tables: list[Box]) -> list[PageLine]:
    """Running text: pdfium's own line breaks, characters inside a table left out."""
    out: list[PageLine] = []
    buf: list[str] = []
    top = None
    for ch, x, y, ctop, _, _ in chars + [("\n", 0.0, 0.0, 0.0, 0.0, 0.0)]:
        if ch == "\n":
            line = normalise_cell("".join(buf))
            if line and top is not None:
                out.append(PageLine((line,), page, top))
            buf, top = [], None
            continue
        if ch.strip() and inside(tables, x, y):
            continue
        if ch.strip() and (top is None or ctop > top):
            top = ctop
        buf.append(ch)
    return out


def inside(boxes: list[Box], x: float, y: float) -> bool:
    return any(b.left <= x <= b.right and b.bottom <= y <= b.top for b in boxes)


# --- across pages -------------------------------------------------------------------------------


def drop_repeated_headers(lines: list[PageLine]) -> list[PageLine]:
    """A table continued on the next page may repeat its header rows; keep the first copy only.
    A continuation is the first table of a page whose first rows equal the previous table's."""
    out: list[PageLine] = []
    header: tuple[tuple[str, ...], ...] = ()
    prev_table: tuple[int, int] | None = None
    i = 0
    while i < len(lines):
        ln = lines[i]
        key = (ln.page, ln.table) if ln.table is not None else None
        if key is not None and key != prev_table:
            rows = [x.cells for x in lines[i:] if (x.page, x.table) == key]
            n = len(header)
            if n and prev_table and key[0] == prev_table[0] + 1 and tuple(rows[:n]) == header:
                i += n
                prev_table = key
                continue
            header = tuple(rows[:_header_depth(rows)])
            prev_table = key
        out.append(ln)
        i += 1
    return out


def _header_depth(rows: list[tuple[str, ...]]) -> int:
    """Leading rows without a number are the header."""
    n = 0
    for row in rows:
        if any(re.fullmatch(r"[\d,.\-]+", c) and any(ch.isdigit() for ch in c) for c in row):
            break
        n += 1
    return n
