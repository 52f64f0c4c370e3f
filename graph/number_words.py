"""Numbers written in words: integers ("hai nghìn", "một trăm linh năm") and the fractions
that state a share ("một phần ba số hộ nghèo", "gần một nửa số hộ nghèo").

Why its own module: reading words is a grammar of its own, apart from digit numerals
(``graph.numbers``). A fraction in words is a share only when a counted population follows
it ("số hộ", "hộ", "người"): "chưa đến một nửa" (of a count of visitors) and "một phần ba chuẩn
nghèo" (a ratio of two amounts) are not shares of anything counted.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

_UNITS = {"một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
          "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}  # fmt: skip
_SMALL = "một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín|mười"
_WORD = r"[^\W\d_]"
# "một phần ba", "hai phần ba", "một nửa" / "nửa"; the share is of a counted population
FRACTION = re.compile(
    rf"(?<!{_WORD})(?i:(?:(?P<num>{_SMALL})\s+phần\s+(?P<den>{_SMALL}))|(?:(?P<half>một)\s+)?nửa)"
    rf"(?=\s+(?i:số\s+)?(?:hộ|người|lao động|xã|thôn|nhân khẩu)(?!{_WORD}))"
)


def parse_words(words: str) -> Decimal:
    """The value of a number written in words: ``hai`` -> 2, ``hai mươi lăm`` -> 25,
    ``một trăm linh năm`` -> 105, ``ba nghìn`` -> 3000.

    Raises ``ValueError`` for anything that is not one well-formed number (``một năm`` is "one
    year", not 15).
    """
    tokens = words.casefold().split()
    if not tokens:
        raise ValueError("no number words")
    total, group, current = 0, 0, 0
    last = ""  # kind of the previous token: "unit", "ten", "tens", "filler", "hundred", ""
    for token in tokens:
        if token in _UNITS:
            if last == "unit" or (last == "" and token in ("mốt", "lăm", "tư")):
                raise ValueError(f"not one number: {words!r}")
            current, last = current + _UNITS[token], "unit"
        elif token == "mười" and last in ("", "hundred", "filler"):
            current, last = 10, "ten"
        elif token == "mươi" and last == "unit" and current < 10:
            current, last = current * 10, "tens"
        elif token in ("linh", "lẻ") and last == "hundred":
            last = "filler"
        elif token == "trăm" and last == "unit" and current < 10:
            group, current, last = group + current * 100, 0, "hundred"
        elif token in ("nghìn", "ngàn") and last in ("unit", "ten", "tens", "hundred"):
            total, group, current, last = total + (group + current) * 1000, 0, 0, ""
        else:
            raise ValueError(f"not one number: {words!r}")
    return Decimal(total + group + current)


def longest_words(words: str, offset: int) -> tuple[Decimal | None, int]:
    """The longest leading run of ``words`` that is one number, and where it ends."""
    spans = [m.end() for m in re.finditer(r"\S+", words)]
    for end in reversed(spans):
        try:
            return parse_words(words[:end]), offset + end
        except ValueError:
            continue
    return None, offset


# "chiếm hơn hai phần ba số hộ nghèo của tỉnh": how much of a larger unit's poor a few of its
# parts hold, a restatement of their own counts, not a share of a population
_OF_A_LARGER_UNIT = re.compile(
    r"\s+(?i:số\s+)?[^,.;:()]{0,30}?\s(?i:của)\s+(?i:toàn\s+|cả\s+)?"
    r"(?i:tỉnh|huyện|xã|thành phố|thị xã|cả nước|vùng)(?![^\W\d_])"
)


def fraction_share(text: str, match: re.Match[str]) -> Decimal | None:
    """The percent a ``FRACTION`` match in ``text`` states, rounded as shares are printed ("một
    phần ba" -> 33.33, "một nửa" -> 50); ``None`` for a fraction of more than the whole or of
    a larger unit's population (see above)."""
    if _OF_A_LARGER_UNIT.match(text, match.end()):
        return None
    if match.group("num") is None:
        return Decimal(50)
    numerator = parse_words(match.group("num"))
    denominator = parse_words(match.group("den"))
    if denominator <= numerator:
        return None
    share = numerator * 100 / denominator
    return share.quantize(Decimal("0.01"), ROUND_HALF_UP).normalize()
