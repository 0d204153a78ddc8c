"""Benchmark: building a graph from a PDF as published. Target: a 30-page PDF in < 3 s beyond
interpreter start, and reading PDF must not slow the text path.

Measured, median of --runs, in one process (imports excluded):
  1. the real 25-page Putuo final account (../shared/samples, else the tests/data page extract):
     read only, and the whole build (read + extract + model);
  2. the sample 预算 rendered into a ruled-table PDF (tests/pdf_render.py) cut to its first 30
     pages: read only (a cut document does not end where a disclosure ends, so it is not built);
  3. the sample text export: read only, and the whole build, for the text path.

    .venv/bin/python benchmarks/bench_pdf.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from budgetkg.build.pipeline import build_graph
from budgetkg.build.readers import read_document
from budgetkg.resources import sample_document

PUTUO = ROOT.parent / "shared" / "samples" / "shanghai-putuo-finance-bureau-2024-final-account.pdf"
PUTUO_EXTRACT = ROOT / "tests" / "data" / "putuo-finance-bureau-2024-final-account-tables.pdf"


def median_seconds(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def first_pages(src: Path, out: Path, count: int) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(src))
    cut = pdfium.PdfDocument.new()
    cut.import_pages(pdf, list(range(min(count, len(pdf)))))
    cut.save(str(out))
    return len(cut)


def pages(path: Path) -> int:
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(str(path)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from tests.pdf_render import render_pdf

    putuo = PUTUO if PUTUO.exists() else PUTUO_EXTRACT
    n = pages(putuo)
    read = median_seconds(lambda: read_document(putuo), args.runs)
    build = median_seconds(lambda: build_graph(putuo), args.runs)
    print(f"{putuo.name}: {n} pages")
    print(f"  read  {read:.3f} s ({read / n * 1000:.0f} ms/page)")
    print(f"  build {build:.3f} s -> 30 pages at this rate: {build / n * 30:.2f} s (target < 3 s)")

    with tempfile.TemporaryDirectory() as tmp:
        sample_text = Path(sample_document()).read_text(encoding="utf-8")
        full = render_pdf(sample_text, Path(tmp) / "sample.pdf")
        cut = Path(tmp) / "sample-30.pdf"
        k = first_pages(full, cut, 30)
        read30 = median_seconds(lambda: read_document(cut), args.runs)
        print(f"sample rendered to PDF, first {k} pages of {pages(full)}")
        print(f"  read  {read30:.3f} s ({read30 / k * 1000:.0f} ms/page)")

    text = Path(sample_document())
    tread = median_seconds(lambda: read_document(text), args.runs)
    tbuild = median_seconds(lambda: build_graph(text), args.runs)
    print(f"{text.name} (text path)")
    print(f"  read  {tread:.3f} s")
    print(f"  build {tbuild:.3f} s")


if __name__ == "__main__":
    main()
