"""Fonts for Chinese text in charts.

SVG keeps its text as text and names a list of CJK families, so the viewer's fonts draw it. A PNG
is drawn here, so it needs a font with Chinese glyphs on this machine: any that matplotlib's font
manager knows and that covers the characters in question, or, when matplotlib's font cache was
written before the font was installed (it is never refreshed by itself), a system font file that
does and is added to the font manager. Without one the PNG charts fall back to labels that need no
Chinese where they can (codes, the framework's English names) and a warning is given once per
process.
"""

from __future__ import annotations

import warnings
from functools import lru_cache

# Families a viewer is likely to have, most common first (Linux, macOS, Windows).
SVG_CJK_FAMILIES = ["Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "PingFang SC",
                    "Hiragino Sans GB", "Microsoft YaHei", "SimHei", "WenQuanYi Micro Hei"]
PROBE = "中预算"  # glyphs a font must have to count as covering Chinese


class CJKFontWarning(UserWarning):
    """No font with Chinese glyphs was found for PNG output."""


_warned = False


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The family name of an installed font that covers Chinese, or None."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    entries = sorted(font_manager.fontManager.ttflist, key=lambda f: (_preference(f.name), f.name))
    for entry in entries:
        if entry.name.startswith("Last Resort"):  # matplotlib's: a box for every code point
            continue
        if _covers(FT2Font, entry.fname):
            return entry.name
    return _system_font(font_manager, FT2Font)


def _covers(ft2font, path: str) -> bool:
    try:
        font = ft2font(path)
        return all(font.get_char_index(ord(ch)) for ch in PROBE)
    except (OSError, RuntimeError, ValueError):
        return False


def _system_font(font_manager, ft2font) -> str | None:
    """A Chinese font file the system has but matplotlib's cached font list lacks, added to the
    font manager for this process; its family name, or None."""
    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    found = []
    for path in sorted(font_manager.findSystemFonts()):
        if path not in known and _covers(ft2font, path):
            font_manager.fontManager.addfont(path)
            found.append(ft2font(path).family_name)
    return min(found, key=lambda name: (_preference(name), name)) if found else None


def _preference(name: str) -> int:
    return SVG_CJK_FAMILIES.index(name) if name in SVG_CJK_FAMILIES else len(SVG_CJK_FAMILIES)


def families(fmt: str) -> tuple[list[str], bool]:
    """(font.sans-serif list, whether Chinese text will render) for an output format."""
    found = cjk_font()
    if fmt == "svg":
        return [f for f in [found] if f] + SVG_CJK_FAMILIES + ["DejaVu Sans"], True
    if found:
        return [found, "DejaVu Sans"], True
    warn_no_cjk()
    return ["DejaVu Sans"], False


def warn_no_cjk() -> None:
    global _warned
    if _warned:
        return
    _warned = True
    warnings.warn("matplotlib finds no font with Chinese glyphs: PNG charts use "
                  "codes and English names where they can and draw other Chinese text as boxes; "
                  "SVG output is not affected (install e.g. Debian's fonts-noto-cjk for PNG)",
                  CJKFontWarning, stacklevel=3)
