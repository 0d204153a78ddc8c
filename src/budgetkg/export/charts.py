"""Charts for people who would rather look than read, as PNG or SVG.

- ``functions``: spending by function code, a treemap of the deepest codes (项) inside their
  top-level code (类), area = the expenditure table's total (万元);
- ``units``: project funds for the budget year per implementing unit (万元);
- ``indicators``: the indicator profile, how many indicators each level-2 framework concept has,
  quantitative and qualitative.

matplotlib draws on a ``Figure`` of its own (no pyplot, no global backend or style change), and
SVG keeps text as text so the viewer's fonts show the Chinese (see ``fonts.py``).
"""

from __future__ import annotations

import textwrap
import warnings
from collections.abc import Callable
from pathlib import Path

from rdflib import Graph

from budgetkg.errors import UsageError
from budgetkg.export import chartdata as cd
from budgetkg.export import fonts
from budgetkg.export import rdfread as rr
from budgetkg.export.names import CHART_FORMATS
from budgetkg.export.names import CHART_KINDS as KINDS
from budgetkg.rdf.write import write_atomic

COLOURS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac"]


def chart_format(path: str | Path, fmt: str | None) -> str:
    fmt = (fmt or Path(path).suffix.lstrip(".")).lower()
    if fmt not in CHART_FORMATS:
        raise UsageError(f"cannot write a chart as {fmt or str(path)!r}: use a .png or .svg file "
                         "(or --format png|svg)")
    return fmt


def require_matplotlib():
    try:
        import matplotlib  # noqa: F401
        import squarify  # noqa: F401
    except ImportError:
        raise UsageError("charts need matplotlib and squarify: pip install 'budgetkg[viz]'") from None


def chart(graph: Graph, kind: str, path: str | Path, fmt: str | None = None,
          document: str | None = None, half: str = "annual") -> str:
    """Draw chart ``kind`` of one disclosure in ``graph`` to ``path``; returns the format."""
    if kind not in DRAWERS:
        raise UsageError(f"--kind {kind!r} is not a chart; use one of {', '.join(KINDS)}")
    fmt = chart_format(path, fmt)
    require_matplotlib()
    g = rr.union_graph(graph)
    doc = cd.pick_document(g, document)
    write_atomic(path, render_chart(g, doc, kind, fmt, half))
    return fmt


def render_chart(g: Graph, doc, kind: str, fmt: str, half: str = "annual") -> bytes:
    import io

    import matplotlib
    from matplotlib.figure import Figure

    family, chinese = fonts.families(fmt)
    rc = {"svg.fonttype": "none", "svg.hashsalt": "budgetkg", "font.family": "sans-serif",
          "font.sans-serif": family, "axes.unicode_minus": False}
    with matplotlib.rc_context(rc), warnings.catch_warnings():
        if not chinese:  # said once by fonts.warn_no_cjk; with a Chinese font none is missing
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
        fig = Figure(figsize=(12, 7.5), layout="constrained")
        DRAWERS[kind](fig, g, doc, Labels(chinese), half)
        buf = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": "budgetkg"}
        fig.savefig(buf, format=fmt, dpi=150, metadata=metadata)
    return buf.getvalue()


class Labels:
    """Chinese labels when they can be drawn, labels without Chinese otherwise."""

    def __init__(self, chinese: bool):
        self.chinese = chinese

    def pick(self, zh: str, en: str) -> str:
        return zh if self.chinese else en

    def wrap(self, text: str, width: int) -> str:
        return "\n".join(textwrap.wrap(text, width)) if text else ""


def no_data(fig, title: str, message: str) -> None:
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=14, color="#666",
            transform=ax.transAxes)


def chart_axes(fig, has_data: bool, title: str, empty: str):
    """The chart's axes; or, when there is nothing to draw, None after writing ``empty`` where
    the chart would be (an empty chart must say why, not look like zero)."""
    if not has_data:
        no_data(fig, title, empty)
        return None
    return fig.add_subplot()


# --- functions: treemap ------------------------------------------------------------------------

def draw_functions(fig, g: Graph, doc, lb: Labels, _half: str) -> None:
    import squarify

    slices = cd.function_slices(g, doc)
    title = lb.pick(f"{cd.document_title(g, doc)}\n支出功能分类科目：支出总表合计（万元）",
                    "Expenditure by function code, total of the expenditure table (10,000 yuan)")
    ax = chart_axes(fig, bool(slices), title,
                    lb.pick("支出总表没有带科目编码的金额", "no coded amounts in the expenditure table"))
    if ax is None:
        return
    ax.set_axis_off()
    ax.set_title(title, fontsize=13)
    width, height = 100.0, 62.5
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    tops: dict[str, list[cd.FunctionSlice]] = {}
    for s in slices:
        tops.setdefault(s.top_code, []).append(s)
    top_values = [float(sum(s.amount for s in group)) for group in tops.values()]
    boxes = squarify.squarify(squarify.normalize_sizes(top_values, width, height), 0, 0, width, height)
    for i, ((code, group), box) in enumerate(zip(tops.items(), boxes)):
        draw_top(ax, code, group, box, COLOURS[i % len(COLOURS)], lb)


def draw_top(ax, code: str, group: list, box: dict, colour: str, lb: Labels) -> None:
    import squarify
    from matplotlib.colors import to_rgb
    from matplotlib.patches import Rectangle

    x, y, dx, dy = box["x"], box["y"], box["dx"], box["dy"]
    head = min(3.2, dy * 0.25)  # a band for the top-level code's own label
    values = [float(s.amount) for s in group]
    inner = squarify.squarify(squarify.normalize_sizes(values, dx, dy - head), x, y + head, dx, dy - head)
    base = to_rgb(colour)
    for j, (s, r) in enumerate(zip(group, inner)):
        shade = 0.15 + 0.55 * (j / max(1, len(group) - 1)) if len(group) > 1 else 0.15
        face = tuple(c + (1 - c) * shade for c in base)
        patch = ax.add_patch(Rectangle((r["x"], r["y"]), r["dx"], r["dy"], facecolor=face,
                                       edgecolor="white", linewidth=1.2))
        leaf_label(ax, s, r, lb, patch)
    ax.add_patch(Rectangle((x, y), dx, dy, fill=False, edgecolor="#333", linewidth=2))
    stated = group[0].top_amount  # the table's own figure; the sum of rounded rows may differ
    total = stated if stated is not None else sum(s.amount for s in group)
    name = f"{code} {group[0].top_label}" if lb.chinese else code
    ax.text(x + 0.5, y + head / 2, f"{name}  {total:,.2f}", va="center", ha="left",
            fontsize=9, fontweight="bold", color="#222", clip_on=True)


def leaf_label(ax, s: cd.FunctionSlice, r: dict, lb: Labels, patch) -> None:
    if r["dx"] < 6 or r["dy"] < 3.5:
        return  # too small to hold text; the code's share is still visible as area
    chars = max(4, int(r["dx"] * 0.9))
    name = lb.wrap(s.label, chars) if lb.chinese else ""
    lines = [s.code] + ([name] if name and r["dy"] > 8 else []) + [f"{s.amount:,.2f}"]
    text = ax.text(r["x"] + 0.6, r["y"] + 0.6, "\n".join(lines), va="top", ha="left", fontsize=8,
                   color="#111")
    text.set_clip_path(patch)  # a long name is cut at its own rectangle, not drawn over others


# --- units: bars -------------------------------------------------------------------------------

def draw_units(fig, g: Graph, doc, lb: Labels, _half: str) -> None:
    rows = cd.unit_spending(g, doc)
    title = lb.pick(f"{cd.document_title(g, doc)}\n项目年度资金（按实施单位，万元）",
                    "Annual project funds by implementing unit (10,000 yuan)")
    ax = chart_axes(fig, bool(rows), title,
                    lb.pick("没有带实施单位和年度资金的项目", "no projects with a unit and annual funds"))
    if ax is None:
        return
    labels = [lb.wrap(r.label, 18) for r in rows]
    values = [float(r.amount) for r in rows]
    colours = [COLOURS[0] if r.type == "Department" else COLOURS[1] for r in rows]
    ys = range(len(rows))
    ax.barh(ys, values, color=colours)
    ax.set_yticks(list(ys), labels)
    ax.invert_yaxis()
    ax.set_title(title, fontsize=13)
    ax.set_xlabel(lb.pick("万元", "10,000 yuan"))
    ax.spines[["top", "right"]].set_visible(False)
    peak = max(values) or 1.0
    ax.set_xlim(0, peak * 1.25)
    for y, r in zip(ys, rows):
        note = lb.pick(f"{r.amount:,.2f}（{r.projects}个项目）", f"{r.amount:,.2f} ({r.projects} projects)")
        ax.text(float(r.amount) + peak * 0.01, y, note, va="center", fontsize=9)
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=COLOURS[0], label=lb.pick("部门（机关）", "department")),
                       Patch(color=COLOURS[1], label=lb.pick("下属单位", "subordinate unit"))],
              loc="lower right", frameon=False)


# --- indicators: profile -----------------------------------------------------------------------

def draw_indicators(fig, g: Graph, doc, lb: Labels, half: str) -> None:
    bars = cd.indicator_profile(g, doc, half)
    total = sum(b.total for b in bars)
    half_name = {"annual": ("年度", "annual"), "implementation": ("实施期", "implementation period"),
                 "all": ("全部", "both halves")}[half]
    title = lb.pick(f"{cd.document_title(g, doc)}\n绩效指标结构（{half_name[0]}，共{total}项）",
                    f"Performance indicators by framework level 2 ({half_name[1]}, {total} in all)")
    ax = chart_axes(fig, bool(bars), title, lb.pick("没有绩效指标", "no performance indicators"))
    if ax is None:
        return
    ys = list(range(len(bars)))
    quantitative = [b.quantitative for b in bars]
    qualitative = [b.qualitative for b in bars]
    level1s = list(dict.fromkeys(b.level1 for b in bars))
    colours = [COLOURS[level1s.index(b.level1) % len(COLOURS)] for b in bars]
    ax.barh(ys, quantitative, color=colours, label=lb.pick("定量", "quantitative"))
    ax.barh(ys, qualitative, left=quantitative, color=colours, alpha=0.45, hatch="//",
            label=lb.pick("定性", "qualitative"))
    if any(b.untargeted for b in bars):
        ax.barh(ys, [b.untargeted for b in bars], left=[b.quantitative + b.qualitative for b in bars],
                color="white", edgecolor="#888", hatch="..", label=lb.pick("无指标值", "no target value"))
    names = [f"{lb.pick(b.level1, b.level1_en)} · {lb.pick(b.level2, b.level2_en)}" for b in bars]
    ax.set_yticks(ys, names)
    ax.invert_yaxis()
    ax.set_title(title, fontsize=13)
    ax.set_xlabel(lb.pick("指标数", "indicators"))
    ax.spines[["top", "right"]].set_visible(False)
    peak = max(b.total for b in bars) or 1
    ax.set_xlim(0, peak * 1.2)
    for y, b in zip(ys, bars):
        split = f"{b.quantitative} / {b.qualitative}" + (f" / {b.untargeted}" if b.untargeted else "")
        ax.text(b.total + peak * 0.01, y, f"{b.total}  ({split})", va="center", fontsize=9)
    ax.legend(loc="lower right", frameon=False)


DRAWERS: dict[str, Callable] = {
    "functions": draw_functions,
    "units": draw_units,
    "indicators": draw_indicators,
}
