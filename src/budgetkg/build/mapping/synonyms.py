"""Synonyms and abbreviations: 运维 = 运行维护, 邮递 = 邮寄, 刻章 = 印章刻制, 一窗 = 综合窗口.

The groups live in a resource file (``lexicon/synonyms.tsv``, bundled like the queries and the
shapes); a user file of the same format adds groups. A text is *expanded*: every word of a group
found in it brings in the group's other words, appended after a separator that no n-gram crosses,
so the original words still count and the expansion only adds evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from budgetkg.build.mapping.text import normalise
from budgetkg.errors import InputError
from budgetkg.resources import read_text

BUNDLED = "synonyms.tsv"
SEPARATOR = "|"


@dataclass(frozen=True)
class Synonyms:
    groups: tuple[tuple[str, ...], ...] = ()

    def expand(self, text: str | None) -> str:
        """The text, then ``|`` and every other word of each group one of whose words it holds."""
        base = normalise(text)
        extra: list[str] = []
        for group in self.groups:
            found = [w for w in group if w in base]
            if found:
                extra += [w for w in group if w not in found]
        return SEPARATOR.join([base, *dict.fromkeys(extra)]) if extra else base

    def __add__(self, other: Synonyms) -> Synonyms:
        return Synonyms(self.groups + other.groups)


def parse_synonyms(text: str, path: str = "<synonyms>") -> Synonyms:
    groups = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        words = tuple(dict.fromkeys(normalise(w) for w in line.split("\t") if w.strip()))
        if len(words) < 2:
            raise InputError("a synonym group needs two or more tab-separated words",
                             path=path, line=number)
        groups.append(words)
    return Synonyms(tuple(groups))


def bundled_synonyms() -> Synonyms:
    return parse_synonyms(read_text("lexicon", BUNDLED), BUNDLED)


def load_synonyms(path: str | Path | None = None) -> Synonyms:
    """The bundled groups, plus those of ``path`` (a user file) if given."""
    out = bundled_synonyms()
    if path is None:
        return out
    p = Path(path)
    if not p.is_file():
        raise InputError("no such synonyms file", path=p)
    try:
        return out + parse_synonyms(p.read_text(encoding="utf-8-sig"), str(p))
    except UnicodeDecodeError:
        raise InputError("the synonyms file is not UTF-8 text", path=p) from None
