"""The one piece of HTML built in Python: a value (link, code, amount or text), used thousands
of times per page set, where a Jinja macro call costs ten times more. Every string that goes in
is passed through ``markupsafe.escape`` (the same function Jinja's autoescaping uses); nothing
from the data is ever concatenated unescaped."""

from __future__ import annotations

from markupsafe import Markup, escape


def _attrs(v: dict) -> str:
    out = ""
    if v.get("title"):
        out += f' title="{escape(v["title"])}"'
    if v.get("lang"):
        out += f' lang="{escape(v["lang"])}"'
    return out


def value_html(v: dict) -> Markup:
    text = escape(v.get("text", ""))
    if v.get("href"):
        return Markup(f'<a href="{escape(v["href"])}"{_attrs(v)}>{text}</a>')
    if v.get("code"):
        return Markup(f"<code{_attrs(v)}>{text}</code>")
    if v.get("long"):
        return Markup(f'<span class="text long"{_attrs(v)}>{text}</span>')
    cls = "amount" if v.get("amount") else "text"
    return Markup(f'<span class="{cls}"{_attrs(v)}>{text}</span>')


def values_html(vs: list) -> Markup:
    return Markup('<span class="sep">, </span>'.join([value_html(v) for v in vs]))


def header_html(h: dict) -> Markup:
    """A property's name: its Chinese label (linked to the ontology page when it is ours), the
    English label below, the prefixed name as a tooltip."""
    label = escape(h.get("label", ""))
    curie = escape(h.get("curie", ""))
    head = (f'<a href="{escape(h["href"])}" title="{curie}">{label}</a>' if h.get("href")
            else f'<span title="{curie}">{label}</span>')
    if h.get("label_en"):
        head += f'<span class="en">{escape(h["label_en"])}</span>'
    return Markup(head)
