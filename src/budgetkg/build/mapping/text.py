"""Chinese text for matching: character n-grams, TF-IDF vectors and a service label's head word.

Chinese is written without spaces, so the unit of comparison is the character n-gram (bigrams and
trigrams: most Chinese words are two characters, trigrams keep a little word order). Runs of
Latin letters and digits (``12345``, ``CA``) are one token each. The IDF comes from the catalogue
itself, so a word every service shares (服务) weighs nothing and a rare one (热线, 勘验) a lot.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping

NGRAM_SIZES = (2, 3)
_TOKEN = re.compile(r"[A-Za-z0-9]+|[\u3400-\u9fff\uf900-\ufaff]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")

# Words that end a service label without saying what the service does: 12345政务服务热线便民服务
# is a hotline service, 政务服务事项 a matter. Stripped (repeatedly) before taking the head word.
TRAILING_GENERIC = ("服务", "工作", "事项", "项目", "业务", "便民", "相关", "等")

# Words of running costs rather than of any service: a project name made of these (工作运行经费,
# 大厅运行保障经费) says nothing about what it buys, however well its words match a label.
RUNNING_COST_WORDS = ("运行", "运转", "保障", "日常", "办公", "工作", "经费", "费用",
                      "开支", "支出", "服务")
_RUNNING_COST = re.compile("|".join(RUNNING_COST_WORDS))

WORD_SUFFIXES = ("化", "性")

Vector = dict[str, float]


def normalise(text: str | None) -> str:
    """NFKC (full-width digits and letters to ASCII) and no whitespace: the catalogue writes
    ``12345 政务服务热线`` where a project writes ``12345政务服务热线``."""
    if not text:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def ngrams(text: str | None) -> Counter:
    """Character bigrams and trigrams of each CJK run, plus each Latin/digit run as one token."""
    out: Counter = Counter()
    for m in _TOKEN.finditer(normalise(text)):
        run = m.group()
        if run.isascii():
            out[run.lower()] += 1
            continue
        for n in NGRAM_SIZES:
            for i in range(len(run) - n + 1):
                out[run[i:i + n]] += 1
    return out


def strip_running_cost(name: str) -> str:
    """A project name without its running-cost words, split where they stood:
    12345政务服务热线运行工作经费 -> 12345政务|热线||."""
    return _RUNNING_COST.sub("|", normalise(name))


def head_word(label: str) -> str:
    """The last two Chinese characters of a service label once trailing generic words are
    stripped (three before 化 or 性): what the service does (咨询, 考试, 热线, 勘验, 标准化), as
    Chinese compounds put the head last. Text in brackets is a qualifier, not the head."""
    core = "".join(_CJK.findall(_BRACKETED.sub("", normalise(label))))
    stripped = True
    while stripped:
        stripped = False
        for word in TRAILING_GENERIC:
            if core.endswith(word) and len(core) >= len(word) + 2:
                core = core[: -len(word)]
                stripped = True
    # 化 and 性 make a word of the two characters before them: 标准化, 信息化, 辅助性
    return core[-3:] if core.endswith(WORD_SUFFIXES) and len(core) >= 3 else core[-2:]


class TfIdf:
    """TF-IDF over a fixed collection of documents (the catalogue's services), with sublinear
    term frequency and IDF = ln(N / df), so a term in every document has weight 0.

    Terms unknown to the collection are dropped from every vector: they cannot match anything,
    and leaving them out of the norm keeps a long project overview from diluting its name."""

    def __init__(self, documents: Iterable[Mapping[str, float]]):
        docs = list(documents)
        df: Counter = Counter()
        for d in docs:
            df.update(t for t, c in d.items() if c > 0)
        n = len(docs)
        self.idf = {t: math.log(n / c) for t, c in sorted(df.items())}

    def weight(self, term: str) -> float:
        return self.idf.get(term, 0.0)

    def vector(self, counts: Mapping[str, float]) -> Vector:
        """Unit-length vector of weighted counts (the counts may be fractional: field weights)."""
        raw = {}  # in the counts' order, which follows the text: sums are reproducible
        for t, c in counts.items():
            idf = self.idf.get(t, 0.0)
            if c > 0 and idf > 0:
                raw[t] = (1.0 + math.log(c) if c >= 1 else c) * idf
        norm = math.sqrt(sum(v * v for v in raw.values()))
        return {t: v / norm for t, v in raw.items()} if norm else {}


def weighted_counts(fields: Iterable[tuple[float, str | None]]) -> Counter:
    """Sum the n-gram counts of several text fields, each scaled by its weight."""
    out: Counter = Counter()
    for weight, text in fields:
        for term, count in ngrams(text).items():
            out[term] += weight * count
    return out

