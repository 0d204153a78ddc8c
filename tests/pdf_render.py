"""Render a tab-separated disclosure export into a PDF as departments publish it: running text
as paragraphs, every run of tab-separated lines as a ruled table (cells wrap, long tables run
over pages).

The CJK font is the Adobe-Japan/GB CID font ``STSong-Light`` that reportlab knows by name: the
PDF names it and carries its character codes (UniGB-UCS2-H), so the text layer reads back as
Unicode without any font file installed (nothing to add to the Makefile). A viewer without Adobe's
Asian font pack substitutes a font for display; the text layer is what budgetkg reads.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

FONT = "STSong-Light"


def render_pdf(text: str, out: Path) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=7, leading=9, wordWrap="CJK")
    page = landscape(A4)
    doc = SimpleDocTemplate(str(out), pagesize=page, leftMargin=30, rightMargin=30,
                            topMargin=30, bottomMargin=30)
    width = page[0] - 60
    story: list = []
    rows: list[list[str]] = []

    def flush_table():
        if not rows:
            return
        ncols = max(len(r) for r in rows)
        data = [[Paragraph(escape(c.strip()), cell) for c in r] + [""] * (ncols - len(r))
                for r in rows]
        # rows move whole to the next page (as the published disclosures print them)
        table = LongTable(data, colWidths=[width / ncols] * ncols, splitInRow=0)
        table.setStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                        ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
        story.append(table)
        rows.clear()

    for line in text.split("\n"):
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        flush_table()
        if line.strip():
            story.append(Paragraph(escape(line.strip()), body))
        else:
            story.append(Spacer(1, 4))
    flush_table()
    doc.build(story)
    return out
