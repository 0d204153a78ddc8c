"""Chinese text is drawn, not boxes: pixels of a site page, an SVG chart and the HTML graph view
in headless Chromium.

Text in a browser can look right to a test that reads the DOM and still be drawn as boxes
("tofu") when no installed font has the glyphs. So each page gets a row of distinct Chinese
characters in its own font stack, each character is photographed on its own, and the pictures
must all have ink and all differ: tofu boxes are one picture for every character. The same check
runs in a second Chromium whose fontconfig sees only DejaVu (no Chinese), where it must find
tofu, so the check is shown to tell the two apart. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import base64
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetkg.cli import main
from budgetkg.export import render, to_networkx
from budgetkg.rdf.write import write_graphs

from .test_browser import ARTIFACTS, CHROMIUM, Page, launch_chromium

Image = pytest.importorskip("PIL.Image", reason="the test extra installs pillow")

GLYPHS = "预算部门项目支出"  # distinct characters that every CJK font has
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
NO_CJK_FONT = ("no font with Chinese glyphs: Chromium draws Chinese as boxes; run `make fonts` "
               "(Debian's fonts-noto-cjk)")

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed: run "
                                "`make browsers` (apt-get install chromium) to run browser tests")

# Appends one span per character to the element `el`, in its font stack, and returns their boxes.
HTML_ROW = """((el, text) => {
  const row = document.createElement('div');
  row.style.cssText = 'display:flex;gap:8px;margin:8px 0;font-weight:normal';
  el.prepend(row);
  return Array.from(text).map(ch => {
    const s = document.createElement('span');
    s.textContent = ch;
    s.style.cssText = 'font-size:40px;line-height:56px;width:56px;text-align:center;' +
      'color:#000;background:#fff;display:inline-block';
    row.appendChild(s);
    return s;
  }).map(s => { const r = s.getBoundingClientRect();
                return [r.left + scrollX, r.top + scrollY, r.width, r.height]; });
})"""

# The same in an SVG document: <text> elements styled like the chart's first text element.
SVG_ROW = """((text) => {
  const NS = 'http://www.w3.org/2000/svg', svg = document.documentElement;
  const model = document.querySelector('text');
  return Array.from(text).map((ch, i) => {
    const bg = document.createElementNS(NS, 'rect');
    const x = 20 + i * 64;
    Object.entries({x: x, y: 20, width: 56, height: 56, fill: '#fff'})
      .forEach(([k, v]) => bg.setAttribute(k, v));
    const t = document.createElementNS(NS, 'text');
    t.setAttribute('style', model.getAttribute('style'));
    t.style.fontSize = '40px';
    t.style.textAnchor = 'middle';
    t.setAttribute('x', x + 28); t.setAttribute('y', 62); t.setAttribute('fill', '#000');
    t.textContent = ch;
    svg.appendChild(bg); svg.appendChild(t);
    const r = bg.getBoundingClientRect();
    return [r.left + scrollX, r.top + scrollY, r.width, r.height];
  });
})"""


def grab(page: Page, box) -> Image.Image:
    x, y, w, h = box
    clip = {"x": x, "y": y, "width": w, "height": h, "scale": 1}
    data = page.call("Page.captureScreenshot", {"format": "png", "clip": clip})["data"]
    return Image.open(io.BytesIO(base64.b64decode(data))).convert("L")


def ink(img: Image.Image) -> int:
    return sum(img.histogram()[:128])


def glyph_pictures(page: Page, boxes) -> list[Image.Image]:
    return [grab(page, box) for box in boxes]


def tofu(pictures: list[Image.Image]) -> str | None:
    """Why the pictures are not distinct drawn characters, or None when they are."""
    blank = [i for i, p in enumerate(pictures) if ink(p) < 20]
    if blank:
        return f"characters {[GLYPHS[i] for i in blank]} are drawn blank"
    same = {p.tobytes() for p in pictures}
    if len(same) < len(pictures):
        return f"{len(pictures)} different characters give {len(same)} different pictures (boxes)"
    return None


def html_glyphs(page: Page, selector: str) -> list[Image.Image]:
    page.js("window.scrollTo(0, 0)")
    boxes = page.js(f"{HTML_ROW}(document.querySelector({json.dumps(selector)}), "
                    f"{json.dumps(GLYPHS)})")
    return glyph_pictures(page, boxes)


def svg_glyphs(page: Page) -> list[Image.Image]:
    return glyph_pictures(page, page.js(f"{SVG_ROW}({json.dumps(GLYPHS)})"))


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with launch_chromium(tmp_path_factory.mktemp("chromium-profile")) as new_page:
        yield new_page


@pytest.fixture(scope="module")
def no_cjk_browser(tmp_path_factory):
    """A second Chromium whose fontconfig knows only DejaVu: no Chinese glyphs at all."""
    if not DEJAVU.is_dir():
        pytest.skip(f"{DEJAVU} (Debian's fonts-dejavu-core) is needed for the control rendering")
    root = tmp_path_factory.mktemp("fontconfig")
    conf = root / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                    f"<fontconfig><dir>{DEJAVU}</dir><cachedir>{root / 'cache'}</cachedir>"
                    "</fontconfig>\n", encoding="utf-8")
    with launch_chromium(tmp_path_factory.mktemp("chromium-no-cjk"),
                         env={"FONTCONFIG_FILE": str(conf)}) as new_page:
        yield new_page


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, sample_graph):
    """A site, a units chart (SVG: its text is drawn by the browser) and the overview view."""
    root = tmp_path_factory.mktemp("pixels")
    graph_file = root / "sample.ttl"
    write_graphs([sample_graph], graph_file)
    runner = CliRunner()
    for args in (["site", str(graph_file), "-o", str(root / "site")],
                 ["chart", str(graph_file), "--kind", "units", "-o", str(root / "units.svg")]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
    (root / "overview.html").write_bytes(render(to_networkx(sample_graph, "overview"), "html"))
    return root


def department_page(site: Path) -> Path:
    return next(p for p in sorted(site.rglob("*.html")) if 'data-kind="department"' in
                p.read_text(encoding="utf-8"))


def check(new_page, url: str, pictures_of, artifact: str, ready: str | None = None):
    page = new_page()
    try:
        page.open(url)
        if ready:
            page.wait_for(ready)
        page.screenshot(ARTIFACTS / f"{artifact}.png")
        pictures = pictures_of(page)
        strip = Image.new("L", (sum(p.width for p in pictures), max(p.height for p in pictures)), 255)
        x = 0
        for p in pictures:
            strip.paste(p, (x, 0))
            x += p.width
        strip.save(ARTIFACTS / f"{artifact}-glyphs.png")
        return pictures
    finally:
        page.close()


CASES = {
    "site-department": (lambda out: department_page(out / "site").as_uri(),
                        lambda page: html_glyphs(page, "h1"), None),
    "chart-units": (lambda out: (out / "units.svg").as_uri(), svg_glyphs, None),
    "overview-view": (lambda out: (out / "overview.html").as_uri(),
                      lambda page: html_glyphs(page, "header"),
                      "window.budgetkgView && window.budgetkgView.ready"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_chinese_is_drawn_with_glyphs_not_boxes(browser, no_cjk_browser, outputs, case):
    url_of, pictures_of, ready = CASES[case]
    url = url_of(outputs)
    if case == "site-department":
        assert 'data-kind="department"' in Path(url[len("file://"):]).read_text(encoding="utf-8")
    drawn = check(browser, url, pictures_of, f"pixels-{case}", ready)
    problem = tofu(drawn)
    assert problem is None, f"{case}: {problem}; {NO_CJK_FONT}"
    # the control: without a Chinese font the same check sees boxes, and other pictures
    control = check(no_cjk_browser, url, pictures_of, f"pixels-{case}-without-cjk-font", ready)
    assert tofu(control) is not None, f"{case}: the tofu check cannot tell boxes from glyphs"
    assert [p.tobytes() for p in control] != [p.tobytes() for p in drawn]


def test_fontconfig_has_a_chinese_font():
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        pytest.skip("fontconfig's fc-list is not installed")
    import subprocess

    done = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True,
                          check=False, timeout=60)
    assert done.stdout.strip(), NO_CJK_FONT
