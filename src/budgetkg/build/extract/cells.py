"""Cell-level helpers shared by every extractor: numbers, labels, full-width punctuation."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from budgetkg.errors import ExtractionError

# A number as disclosures write it: optional sign, thousands separators, decimals.
NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")

# Each full-width form and the ASCII it is matched as, one character for one (so offsets in the
# matched text are offsets in the original).
_FULLWIDTH = (("（", "("), ("）", ")"), ("：", ":"), ("，", ","), ("；", ";"), ("　", " "))


def ascii_punct(text: str) -> str:
    """Map full-width brackets/colons/commas to ASCII, for matching only (never for storing)."""
    # one str.replace per form: str.translate with a table looks every character up, 150 ns a
    # character of Chinese text (1.5 s for a 10-million-character line), replace runs at memory
    # speed
    for wide, ascii_form in _FULLWIDTH:
        text = text.replace(wide, ascii_form)
    return text


def squash(text: str) -> str:
    """Remove all whitespace: PDF exports break words (``财政资 金``) with stray spaces."""
    return re.sub(r"\s+", "", text)


def is_number(cell: str) -> bool:
    return bool(NUMBER.match(cell.strip()))


def parse_amount(cell: str, *, path: str | None = None, line: int | None = None) -> Decimal | None:
    """Parse an amount cell exactly. Blank -> None; anything else that is not a number raises
    ExtractionError naming the file and line (a malformed number must not become 0)."""
    text = cell.strip().replace(" ", "")
    if not text or text in ("-", "—", "－"):
        return None
    if not NUMBER.match(text):
        raise ExtractionError(f"malformed amount {cell.strip()!r}", path=path, line=line)
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex already guarantees a number
        raise ExtractionError(f"malformed amount {cell.strip()!r}", path=path, line=line) from None


CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}


def cn_ordinal(text: str) -> int | None:
    """Chinese numerals up to 99 (一, 十, 十五, 二十三) -> int."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():  # bounded: an ordinal of thousands of digits is not an ordinal
        return int(text) if text.isdecimal() and len(text) <= 4 else None
    if "十" in text:
        tens, _, ones = text.partition("十")
        t = CN_DIGITS.get(tens, None) if tens else 1
        o = CN_DIGITS.get(ones, None) if ones else 0
        if t is None or o is None:
            return None
        return t * 10 + o
    if len(text) == 1:
        return CN_DIGITS.get(text)
    return None
