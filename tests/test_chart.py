"""Charts: the numbers they show (against the graph), the files (PNG, SVG), fonts, the command."""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib.namespace import QB, RDF, SKOS

from budgetkg.build.pipeline import build_graph
from budgetkg.cli.app import main
from budgetkg.errors import UsageError
from budgetkg.export import chartdata as cd
from budgetkg.export import fonts
from budgetkg.export.charts import chart, render_chart
from budgetkg.rdf.write import write_graphs
from budgetkg.vocab import BKG
from tests.conftest import dataset

from .conftest import make_variant

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def doc(sample_graph):
    return cd.pick_document(sample_graph, None)


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory, sample_graph):
    path = tmp_path_factory.mktemp("graph") / "sample.ttl"
    write_graphs([sample_graph], path)
    return path


@pytest.fixture()
def no_cjk(monkeypatch):
    """As on a machine without a Chinese font (this one may or may not have one)."""
    monkeypatch.setattr(fonts, "cjk_font", lambda: None)
    monkeypatch.setattr(fonts, "_warned", False)


def expenditure_leaves(g):
    """Deepest coded rows of the expenditure table, straight from the RDF."""
    table = next(t for t, k in g.subject_objects(BKG.tableKind) if str(k) == "expenditure")
    rows = {g.value(r, BKG.functionCode): g.value(r, BKG.total) for r in g.subjects(QB.dataSet, table)
            if g.value(r, BKG.functionCode) is not None}
    parents = {p for c in rows for p in g.objects(c, SKOS.broader)}
    return {str(g.value(c, SKOS.notation)): Decimal(str(v)) for c, v in rows.items()
            if c not in parents and Decimal(str(v)) > 0}


def test_function_slices_are_the_deepest_codes_of_the_expenditure_table(sample_graph, doc):
    slices = cd.function_slices(sample_graph, doc)
    assert {s.code: s.amount for s in slices} == expenditure_leaves(sample_graph)
    for s in slices:
        assert s.code.startswith(s.top_code) and len(s.top_code) == 3
        assert s.top_amount is not None
    # the stated top-level totals agree with their leaves within the table's rounding
    for top in {s.top_code for s in slices}:
        group = [s for s in slices if s.top_code == top]
        assert abs(sum(s.amount for s in group) - group[0].top_amount) <= Decimal("0.01") * len(group)


def test_unit_spending_adds_up_to_the_projects_annual_funds(sample_graph, doc):
    rows = cd.unit_spending(sample_graph, doc)
    projects = list(sample_graph.objects(doc, BKG.hasProject))
    annual = sum(Decimal(str(sample_graph.value(sample_graph.value(p, BKG.annualFunds), BKG.total)))
                 for p in projects)
    assert sum(r.amount for r in rows) == annual / 10000
    assert sum(r.projects for r in rows) == len(projects)
    assert [r.amount for r in rows] == sorted((r.amount for r in rows), reverse=True)
    assert {r.type for r in rows} <= {"Department", "SubordinateUnit"}
    assert sum(1 for r in rows if r.type == "SubordinateUnit") == \
        len(set(sample_graph.subjects(RDF.type, BKG.SubordinateUnit)))


@pytest.mark.parametrize("half", ["annual", "implementation", "all"])
def test_indicator_profile_counts_every_indicator_of_the_half(sample_graph, doc, half):
    bars = cd.indicator_profile(sample_graph, doc, half)
    expected = [i for i in sample_graph.subjects(RDF.type, BKG.PerformanceIndicator)
                if half == "all" or str(sample_graph.value(i, BKG.half)) == half]
    assert sum(b.total for b in bars) == len(expected)
    stated = [sample_graph.value(i, BKG.qualitative) for i in expected]
    assert sum(b.qualitative for b in bars) == sum(1 for q in stated if q is not None and q.toPython())
    assert sum(b.untargeted for b in bars) == sum(1 for q in stated if q is None)
    notations = [b.notation for b in bars]
    assert notations == sorted(notations)  # framework order: 产出 before 效益 before 满意度
    assert bars[0].level1 == "产出指标"


def test_indicator_profile_rejects_an_unknown_half(sample_graph, doc):
    with pytest.raises(UsageError, match=r"--half 'both': use one of annual, implementation, all"):
        cd.indicator_profile(sample_graph, doc, "both")


NO_CJK_FONT = ("no font with Chinese glyphs is installed, so PNG charts draw Chinese as boxes: "
               "run `make fonts` (Debian's fonts-noto-cjk)")


def test_a_chinese_font_is_found_for_png_charts():
    assert fonts.cjk_font() is not None, NO_CJK_FONT
    family, chinese = fonts.families("png")
    assert chinese and family[0] == fonts.cjk_font()


@pytest.mark.parametrize("kind", ["functions", "units", "indicators"])
def test_png_and_svg_are_written(tmp_path, sample_graph, kind):
    png, svg = tmp_path / f"{kind}.png", tmp_path / f"{kind}.svg"
    with warnings.catch_warnings():
        warnings.simplefilter("error", fonts.CJKFontWarning)  # no Chinese font: fails here
        warnings.filterwarnings("error", message=r"Glyph \d+ .* missing from font")  # or a glyph
        assert chart(sample_graph, kind, png) == "png"
    assert chart(sample_graph, kind, svg) == "svg"
    data = png.read_bytes()
    assert data.startswith(PNG_MAGIC)
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1800, 1125)
    root = ET.parse(svg).getroot()
    assert root.tag == f"{SVG}svg"


def svg_text(data: bytes) -> str:
    root = ET.fromstring(data)
    return "\n".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def test_svg_keeps_chinese_text_as_text_for_the_viewer(sample_graph, doc):
    text = svg_text(render_chart(sample_graph, doc, "functions", "svg"))
    biggest = cd.function_slices(sample_graph, doc)[0]
    assert biggest.code in text
    assert biggest.top_label in text  # the 类 name, in Chinese, as text
    assert cd.document_title(sample_graph, doc) in text
    units = svg_text(render_chart(sample_graph, doc, "units", "svg"))
    top_unit = cd.unit_spending(sample_graph, doc)[0]
    assert top_unit.label[:6] in units
    assert f"{top_unit.amount:,.2f}" in units
    profile = svg_text(render_chart(sample_graph, doc, "indicators", "svg"))
    assert "数量指标" in profile and "满意度指标" in profile


def test_svg_is_byte_identical_for_the_same_graph(sample_graph, doc):
    assert render_chart(sample_graph, doc, "units", "svg") == render_chart(sample_graph, doc, "units", "svg")


def test_png_without_a_chinese_font_uses_codes_and_warns_once(sample_graph, doc, no_cjk):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        render_chart(sample_graph, doc, "functions", "png")
        render_chart(sample_graph, doc, "indicators", "png")
    font_warnings = [w for w in caught if issubclass(w.category, fonts.CJKFontWarning)]
    assert len(font_warnings) == 1
    assert not [w for w in caught if "missing from font" in str(w.message)]
    family, chinese = fonts.families("svg")
    assert chinese and "Noto Sans CJK SC" in family  # SVG names the fonts anyway


def test_fallback_labels_need_no_chinese():
    lb_zh, lb_en = cd_labels(True), cd_labels(False)
    assert lb_zh.pick("数量指标", "quantity indicators") == "数量指标"
    assert lb_en.pick("数量指标", "quantity indicators") == "quantity indicators"


def cd_labels(chinese: bool):
    from budgetkg.export.charts import Labels

    return Labels(chinese)


def test_a_graph_of_two_disclosures_needs_document(tmp_path, sample_text, sample_graph):
    other = tmp_path / "other.txt"
    other.write_text(make_variant(sample_text, name="某市测试局", code="031", year=2031,
                                  reverse_projects=True), encoding="utf-8")
    second = build_graph(other)
    ds = dataset([sample_graph, second])
    with pytest.raises(UsageError, match=r"holds 2 disclosures; choose one with --document"):
        chart(ds, "units", tmp_path / "u.svg")
    assert chart(ds, "units", tmp_path / "u.svg", document="other.txt") == "svg"
    text = svg_text((tmp_path / "u.svg").read_bytes())
    assert "某市测试局" in text and "2031" in text
    with pytest.raises(UsageError, match=r"--document 'nope.txt' matches no disclosure"):
        chart(ds, "units", tmp_path / "u.svg", document="nope.txt")


def test_chart_command(tmp_path, graph_file):
    out = tmp_path / "f.svg"
    result = CliRunner().invoke(main, ["chart", str(graph_file), "--kind", "functions", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and out.read_bytes().startswith(b"<?xml")


def test_chart_command_warns_in_one_line_without_a_chinese_font(tmp_path, graph_file, no_cjk):
    out = tmp_path / "i.png"
    result = CliRunner().invoke(main, ["chart", str(graph_file), "--kind", "indicators", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.count("budgetkg: warning: matplotlib finds no font with Chinese glyphs") == 1
    assert out.read_bytes().startswith(PNG_MAGIC)


@pytest.mark.parametrize("args, message", [
    (["--kind", "pie", "-o", "x.png"], "--kind 'pie' is not a chart; use one of functions, units"),
    (["--kind", "units", "-o", "x.pdf"], "cannot write a chart as 'pdf'"),
    (["--kind", "indicators", "--half", "both", "-o", "x.svg"], "--half 'both'"),
])
def test_chart_command_rejects_bad_options_in_one_line(tmp_path, graph_file, args, message):
    args = [str(tmp_path / a) if a.startswith("x.") else a for a in args]
    result = CliRunner().invoke(main, ["chart", str(graph_file), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not any(tmp_path.iterdir())


def test_a_chinese_font_installed_after_matplotlib_cached_its_font_list_is_found(tmp_path):
    """matplotlib never refreshes its cached font list: a font installed later (make fonts after
    a first chart) is found among the system's font files instead."""
    import json
    import os
    import subprocess
    import sys

    import matplotlib

    assert fonts.cjk_font() is not None, NO_CJK_FONT
    cache = Path(matplotlib.get_cachedir())
    source = next(cache.glob("fontlist-v*.json"))
    data = json.loads(source.read_text(encoding="utf-8"))
    stale = [f for f in data["ttflist"] if "CJK" not in f["name"] and "SC" not in f["name"]]
    assert len(stale) < len(data["ttflist"])
    data["ttflist"] = stale
    (tmp_path / source.name).write_text(json.dumps(data), encoding="utf-8")
    probe = ("from matplotlib import font_manager as fm\n"
             "assert not any('CJK' in f.name for f in fm.fontManager.ttflist), 'cache not stale'\n"
             "from budgetkg.export.fonts import cjk_font\nprint(cjk_font())\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env={**os.environ, "MPLCONFIGDIR": str(tmp_path)}, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() not in ("", "None")
