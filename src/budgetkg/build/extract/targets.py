"""指标值 (target values) of the performance tables: ``≥95%``, ``≤3万元/月``, ``1次/年``, ``及时``.

A target is either quantitative (an optional comparator, an exact number, a unit and an optional
"per" period) or qualitative (a word such as 及时 or 有效保障, or a free sentence). The raw string
is always kept, so nothing the parser does not understand is lost; the parsed parts only make
targets comparable and queryable.

The row parser of the project tables also needs to tell a target value from an indicator name
when columns have shifted; :func:`is_target_like` answers that from the cell text alone.
"""

from __future__ import annotations

import re
from decimal import Decimal

from budgetkg.build.extract.cells import squash
from budgetkg.build.records import Target

# Symbol comparators as written (ASCII, full-width, the ≧/≦ variants) -> the canonical sign.
# Longer spellings first so ">=" is not read as ">" followed by "=".
SYMBOL_COMPARATORS: tuple[tuple[str, str], ...] = (
    (">=", "≥"),
    ("＞＝", "≥"),
    ("＞=", "≥"),
    ("≥", "≥"),
    ("≧", "≥"),
    ("⩾", "≥"),
    ("<=", "≤"),
    ("＜＝", "≤"),
    ("＜=", "≤"),
    ("≤", "≤"),
    ("≦", "≤"),
    ("⩽", "≤"),
    (">", ">"),
    ("＞", ">"),
    ("<", "<"),
    ("＜", "<"),
    ("=", "="),
    ("＝", "="),
)

# Comparators written in words before the number (不低于95%, 不超过3万元).
WORD_COMPARATORS: tuple[tuple[str, str], ...] = (
    ("大于等于", "≥"),
    ("大于或等于", "≥"),
    ("不低于", "≥"),
    ("不少于", "≥"),
    ("不小于", "≥"),
    ("小于等于", "≤"),
    ("小于或等于", "≤"),
    ("不高于", "≤"),
    ("不超过", "≤"),
    ("不多于", "≤"),
    ("不大于", "≤"),
    ("大于", ">"),
    ("高于", ">"),
    ("小于", "<"),
    ("低于", "<"),
    ("等于", "="),
)

# Bounds written in words after the unit (5日内, 95%以上): only used when no sign is written.
SUFFIX_COMPARATORS: dict[str, str] = {"以内": "≤", "之内": "≤", "内": "≤", "以上": "≥", "以下": "≤"}

# Full-width digits and signs that PDF exports mix into numbers; mapped for matching only.
_NUMERIC_FULLWIDTH = str.maketrans(
    {**{chr(0xFF10 + i): str(i) for i in range(10)}, "％": "%", "．": ".", "，": ",", "／": "/"}
)

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
# number, unit (no digits, no "/", at most 5 characters: 元, 万元, %, 平方米, 个月, min),
# optional "/period" (anything short: 月, 天*人, 天/人, 8小时, 个项目) and an optional word bound.
QUANTITY = re.compile(
    rf"^(?P<number>{_NUMBER})\s*(?P<unit>[^\d/\s,，、;；:：。]{{0,5}}?)\s*"
    rf"(?:/\s*(?P<period>[^\s,，、;；:：。]{{1,10}}?))?\s*(?P<suffix>以内|之内|内|以上|以下)?$"
)

# Qualitative targets are short phrases: an optional degree word and a result word
# (及时, 健全, 有效保障, 明显改善, 基本完成, 持续优化). Indicator names, by contrast, are nouns
# (…及时性, …合格率, 资产利用水平) or longer descriptions, so a full match separates the two.
_DEGREE = r"(?:有效|明显|显著|持续|逐步|稳步|不断|基本|全面|进一步|大幅|较大|大幅度|按时|及时|按期|准时|全部|逐年|稳定|充分|切实|总体)"
_RESULT = (
    r"(?:提升|提高|改善|促进|保障|推进|节约|优化|完善|完成|增强|加强|降低|减少|下降|增加|增长|"
    r"健全|合格|达标|满足|合理|满意|正常|及时|胜任|稳定|规范|良好|优秀|较好|到位|落实|实现|"
    r"符合|有效|安全|准确|通畅|畅通|运行|发挥|显著|明显|改进|可控|无)"
)
QUALITATIVE_WORD = re.compile(rf"^{_DEGREE}?{_RESULT}(?:要求|标准|规定)?$")
# A few whole words that do not fit the degree+result shape.
QUALITATIVE_WORDS = frozenset({"是", "否", "好", "高", "优", "良", "达到"})

# A cell like "12345政务服务" reads as number + unit, but it is a (truncated) name. Units of one
# or two characters are accepted as they come; longer ones only when they end like a unit.
UNIT_ENDINGS = "米元时日天月年次人个套项件台辆吨份位期场批户家张本册条篇株亩秒分钟点"


def _normalise(raw: str) -> str:
    """Full-width digits/percent to ASCII and spaces removed, for matching only."""
    return squash(raw.translate(_NUMERIC_FULLWIDTH))


def _split_comparator(text: str) -> tuple[str | None, str]:
    """Take a leading comparator (sign or words) off ``text``; return (canonical sign, rest)."""
    for written, sign in SYMBOL_COMPARATORS:
        if text.startswith(written):
            return sign, text[len(written) :]
    for written, sign in WORD_COMPARATORS:
        if text.startswith(written):
            return sign, text[len(written) :]
    return None, text


def parse_target(raw: str) -> Target:
    """Parse one 指标值 cell. Quantitative when the whole cell reads as
    [comparator] number [unit] [/period] [以内|以上|以下]; otherwise qualitative with only ``raw``.

    No comparator written means ``comparator=None`` (``365次`` states a quantity, not a bound);
    ``万元`` stays the unit (the number is not rescaled); a bound written in words after the
    unit (``5日内``) becomes the comparator when no sign is written.
    """
    text = _normalise(raw)
    comparator, rest = _split_comparator(text)
    m = QUANTITY.match(rest)
    if not m:
        return Target(raw=raw, qualitative=True)
    suffix = m.group("suffix")
    if comparator is None and suffix:
        comparator = SUFFIX_COMPARATORS[suffix]
    return Target(
        raw=raw,
        comparator=comparator,
        number=Decimal(m.group("number").replace(",", "")),
        unit=m.group("unit") or None,
        period=m.group("period") or None,
        qualitative=False,
    )


def is_qualitative_word(cell: str) -> bool:
    """A short qualitative target such as 及时, 健全, 有效保障, 明显改善, 基本完成."""
    text = squash(cell)
    return text in QUALITATIVE_WORDS or bool(QUALITATIVE_WORD.match(text))


def is_target_like(cell: str) -> bool:
    """Does this cell read as a target value rather than an indicator name?

    Numbers with optional comparator/unit/period are targets, and so are the short qualitative
    phrases of the template; descriptive names (办公用品到位及时性, 12345政务服务热线建设率) are
    not. Free-sentence targets (依实际出差情况而定) are not recognised here: the row parser places
    those by their position after a name.
    """
    text = _normalise(cell)
    if not text:
        return False
    target = parse_target(cell)
    if not target.qualitative:
        return _plausible_unit(target.unit)
    return is_qualitative_word(text)


def _plausible_unit(unit: str | None) -> bool:
    """Short units pass; a long "unit" must end like one (平方米, 个工作日), else it is a name."""
    if unit is None or len(unit) <= 2 or not re.search(r"[\u4e00-\u9fff]", unit):
        return True
    return unit[-1] in UNIT_ENDINGS
