"""Vietnamese numerals: read the quantities an article states, exactly, with ``Decimal``.

In Vietnamese ``.`` groups thousands and ``,`` is the decimal mark: ``28.484`` is 28484 and
``3,47%`` is 3.47. A quantity may carry a qualifier (``hơn`` -> more-than), a multiplier
(``1.174 tỷ đồng`` -> 1174 * 10^9 VND), a range (``từ 2% đến 2,5%``), a denominator
(``106/108``) or a per-unit (``44 triệu đồng/người/năm``). Years, dates, times, ages, durations
and document numbers (``121/KH-UBND``) are not quantities and are skipped here, so that the
extraction rules only ever see figures. The words live in ``graph/lexicons/numbers.toml``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Literal

from graph.facts import Qualifier
from graph.number_words import FRACTION, fraction_share, longest_words
from graph.number_words import parse_words as parse_words  # re-exported: part of this API

QuantityKind = Literal["number", "percent", "percentage-point", "money"]

_WORD = r"[^\W\d_]"  # a letter (Vietnamese letters included)


@dataclass(frozen=True)
class Quantity:
    """One figure in a text: its value(s), bounds and unit words, and where it stands."""

    start: int  # first character of the expression (qualifier or "từ" included)
    end: int  # one past its last character (%, multiplier, currency, "trở lên" included)
    value: Decimal
    kind: QuantityKind = "number"
    value_max: Decimal | None = None  # upper end of a range
    out_of: Decimal | None = None  # denominator of "106/108"
    qualifier: Qualifier | None = None
    currency: str | None = None  # "vnd", "usd" for money
    per: str | None = None  # "person-year" for "đồng/người/năm", "year" for "%/năm"
    number_start: int = 0  # where the figure itself starts (after the qualifier)
    from_words: bool = False  # written in words ("hai huyện")


@dataclass(frozen=True)
class _Lexicon:
    qualifiers_before: re.Pattern[str]
    qualifier_of: dict[str, Qualifier]
    qualifiers_after: re.Pattern[str]
    multipliers: re.Pattern[str]
    multiplier_of: dict[str, Decimal]
    money_multipliers: frozenset[str]
    currencies: re.Pattern[str]
    not_currency: re.Pattern[str]
    currency_of: dict[str, str]
    per_units: re.Pattern[str]
    per_of: dict[str, str]
    percent: re.Pattern[str]
    percentage_point: re.Pattern[str]
    number_words: dict[str, int]
    not_after: re.Pattern[str]
    not_before: re.Pattern[str]
    date_before: re.Pattern[str]


def _alternation(words: list[str] | dict[str, object]) -> str:
    """Regex alternation of ``words``, longest first, spaces matching any run of spaces."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+").replace("/", r"\s*/\s*") for w in ordered)


@cache
def _lexicon() -> _Lexicon:
    data = tomllib.loads(
        resources.files("graph").joinpath("lexicons/numbers.toml").read_text(encoding="utf-8")
    )
    quals = data["qualifiers_before"]
    after = data["qualifiers_after"]
    mults = data["multipliers"]
    currencies = data["currencies"]
    per = data["per_units"]
    return _Lexicon(
        qualifiers_before=re.compile(
            rf"(?<=[\s(,;:“\"])({_alternation(quals)})(?:\s+(?:là|bằng|ở mức))?\s*$", re.I
        ),
        qualifier_of={_norm(k): v for k, v in quals.items()}
        | {_norm(k): v for k, v in after.items()},
        qualifiers_after=re.compile(rf"\s*({_alternation(after)})(?!{_WORD})", re.I),
        multipliers=re.compile(rf"\s*({_alternation(mults)})(?!{_WORD})(?!\s+lệ)"),
        multiplier_of={_norm(k): Decimal(v) for k, v in mults.items()},
        money_multipliers=frozenset(_norm(m) for m in data["money_multipliers"]),
        currencies=re.compile(rf"\s*({_alternation(currencies)})(?!{_WORD})"),
        not_currency=re.compile(rf"\s*(?:{_alternation(data['not_currency'])})(?!{_WORD})", re.I),
        currency_of={_norm(k): v for k, v in currencies.items()},
        per_units=re.compile(rf"\s*/\s*({_alternation(per)})(?!{_WORD})"),
        per_of={_norm(k): v for k, v in per.items()},
        percent=re.compile(rf"\s*({_alternation(data['percent'])})(?!{_WORD})"),
        percentage_point=re.compile(rf"\s*({_alternation(data['percentage_point'])})(?!{_WORD})"),
        number_words=dict(data["number_words"]),
        not_after=re.compile(rf"\s*({_alternation(data['not_quantity_after'])})(?!{_WORD})"),
        not_before=re.compile(rf"(?<!{_WORD})({_alternation(data['not_quantity_before'])})\s*$"),
        date_before=re.compile(rf"(?<!{_WORD})({_alternation(data['date_before'])})\s*$"),
    )


def _norm(words: str) -> str:
    """Lower-case with single spaces and no spaces around "/": the key of a lexicon entry."""
    return re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", words.strip())).casefold()


_VI_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")  # 28.484 / 1.234,5
_VI_DECIMAL = re.compile(r"\d+,\d+")  # 3,47
_EN_GROUPED = re.compile(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?")  # 1,500,000 (English style)
_EN_DECIMAL = re.compile(r"\d+\.(?:\d{1,2}|\d{4,})")  # 2.5 (not a thousands group)
_PLAIN = re.compile(r"\d+")


def parse_number(token: str) -> Decimal:
    """The value of one numeral: ``28.484`` -> 28484, ``3,47`` -> 3.47, ``1.000`` -> 1000.

    A dot followed by exactly three digits groups thousands (Vietnamese); a comma is the
    decimal mark. English-style ``1,500,000`` (several comma groups) and ``2.5`` (a dot not
    followed by three digits) are read too, since some pages use them. Raises ``ValueError``
    for anything else.
    """
    token = token.strip()  # the patterns admit digits only, so Decimal() cannot fail
    if _VI_GROUPED.fullmatch(token):
        return Decimal(token.replace(".", "").replace(",", "."))
    if _VI_DECIMAL.fullmatch(token):
        return Decimal(token.replace(",", "."))
    if _EN_GROUPED.fullmatch(token):
        return Decimal(token.replace(",", ""))
    if _EN_DECIMAL.fullmatch(token) or _PLAIN.fullmatch(token):
        return Decimal(token)
    raise ValueError(f"not a Vietnamese numeral: {token!r}")


_TOKEN = re.compile(r"(?<![\w.,/:\-–])\d+(?:[.,]\d+)*")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")  # the upper end of a range, right after "-"
_NEXT_NUMBER = re.compile(r"\s+(\d+(?:[.,]\d+)*)")
_DOC_NUMBER = re.compile(r"/\s*(?:\d{2,4}\s*/\s*)?[^\W\d_]")  # 121/KH-UBND, 07/2021/NĐ-CP
_DATE_DMY = re.compile(r"/\d{1,2}/\d{2,4}(?!\d)")  # 21/04/2023
_MONTH_YEAR = re.compile(r"/(?:19|20)\d{2}(?!\d)")  # 6/2024
_TIME = re.compile(r"(?:[:h]\d{2}(?!\d))")  # 21:41, 7h30
_FRACTION = re.compile(r"/(\d+(?:[.,]\d+)*)(?![\w/])")
_RANGE_SEP = re.compile(r"\s*(?:-|–|—|đến|tới)\s*(?=\d)")
_FROM = re.compile(rf"(?<!{_WORD})từ\s*$", re.I)
_YEAR = re.compile(r"(?:19|20)\d{2}")
_AMOUNT_AFTER = re.compile(r"\s*(?:%|phần trăm|(?:tỷ|tỉ)(?!\s+lệ)|triệu|đồng)")


@dataclass
class _Tail:
    """What follows a numeral: multiplier, percent, currency, per-unit; where it ends."""

    end: int
    multiplier: Decimal | None = None
    multiplier_word: str | None = None
    kind: QuantityKind = "number"
    currency: str | None = None
    per: str | None = None
    extra: Decimal = Decimal(0)  # "1 tỷ 200 triệu": 0.2 in units of the first multiplier


def _read_tail(text: str, pos: int, limit: int) -> _Tail:
    lex = _lexicon()
    tail = _Tail(end=pos)
    if m := lex.percentage_point.match(text, pos, limit):
        tail.kind, tail.end = "percentage-point", m.end()
    elif m := lex.percent.match(text, pos, limit):
        tail.kind, tail.end = "percent", m.end()
    else:
        if m := lex.multipliers.match(text, pos, limit):
            word = _norm(m.group(1))
            tail.multiplier, tail.multiplier_word, tail.end = lex.multiplier_of[word], word, m.end()
            # "1 tỷ 200 triệu đồng": smaller multipliers that follow add up.
            while (n := _NEXT_NUMBER.match(text, tail.end, limit)) and (
                k := lex.multipliers.match(text, n.end(), limit)
            ):
                smaller = lex.multiplier_of[_norm(k.group(1))]
                if smaller >= tail.multiplier:
                    break
                try:
                    extra = parse_number(n.group(1)) * smaller / tail.multiplier
                except ValueError:
                    break
                tail.extra += extra
                tail.end = k.end()
        m = lex.currencies.match(text, tail.end, limit)
        if m and not lex.not_currency.match(text, tail.end, limit):
            tail.kind, tail.end, tail.currency = (
                "money",
                m.end(),
                lex.currency_of[_norm(m.group(1))],
            )
        elif tail.multiplier_word in lex.money_multipliers:
            tail.currency, tail.kind = "vnd", "money"
    if m := lex.per_units.match(text, tail.end, limit):
        tail.per, tail.end = lex.per_of[_norm(m.group(1))], m.end()
        if tail.kind == "number" and tail.multiplier is not None:
            tail.currency, tail.kind = "vnd", "money"  # "50 triệu/hộ"
    return tail


def _scaled(value: Decimal, tail: _Tail) -> Decimal:
    if tail.multiplier is None:
        return value
    result = (value + tail.extra) * tail.multiplier
    return result.quantize(Decimal(1)) if result == result.to_integral_value() else result


def _qualifier_before(text: str, start: int, floor: int) -> tuple[Qualifier | None, int]:
    lex = _lexicon()
    window_start = max(floor, start - 24)
    # A space stands for the true start of the text, so that "^" never matches mid-word.
    window = (" " if window_start == floor else "") + text[window_start:start]
    if m := lex.qualifiers_before.search(window):
        return lex.qualifier_of[_norm(m.group(1))], start - (len(window) - m.start(1))
    return None, start


def _is_reference(text: str, start: int, end: int, floor: int, limit: int) -> bool:
    """A year, date, time, document number or name-with-number rather than a quantity."""
    lex = _lexicon()
    token = text[start:end]
    after = text[end:limit]
    if any(p.match(after) for p in (_DOC_NUMBER, _DATE_DMY, _TIME, _MONTH_YEAR)):
        return True
    if _YEAR.fullmatch(token) and (
        re.search(r"(?<![^\W\d_])(?:năm|Năm|niên)\s*$", text[max(floor, start - 6) : start])
        or not _AMOUNT_AFTER.match(after)
    ):
        return True
    before = text[max(floor, start - 30) : start]
    if lex.not_before.search(before):
        return True
    return bool(lex.not_after.match(text, end, limit) and not lex.percent.match(text, end, limit))


def find_quantities(
    text: str, start: int = 0, end: int | None = None, *, words: bool = False
) -> list[Quantity]:
    """Every quantity in ``text[start:end]``, in order, with offsets into ``text``.

    ``words=True`` also reads numbers written in words (``hai``, ``mười lăm``); callers use
    them only where a counted noun follows, since words like ``một`` are often not figures.
    """
    limit = len(text) if end is None else end
    found: list[Quantity] = []
    pos = start
    for match in _TOKEN.finditer(text, start, limit):
        if match.start() >= pos and (q := _read_quantity(text, match, start, limit)):
            found.append(q)
            pos = q.end
    if words:
        found.extend(_word_quantities(text, start, limit, found))
        found.sort(key=lambda q: q.start)
    return found


def _read_quantity(text: str, match: re.Match[str], floor: int, limit: int) -> Quantity | None:
    lex = _lexicon()
    n_start, n_end = match.span()
    if _is_reference(text, n_start, n_end, floor, limit):
        return None
    try:
        value = parse_number(match.group())
    except ValueError:
        return None
    out_of: Decimal | None = None
    if frac := _FRACTION.match(text, n_end, limit):
        before = text[max(floor, n_start - 20) : n_start]
        try:
            denominator = parse_number(frac.group(1))
        except ValueError:
            return None
        if lex.date_before.search(before) or value > denominator or denominator == 0:
            return None  # "Sáng 23/8", "ngày 2/9": a day and month
        out_of, n_end = denominator, frac.end()
    tail = _read_tail(text, n_end, limit)
    value_max: Decimal | None = None
    end = tail.end
    if out_of is None and (upper := _range_end(text, value, tail, floor, limit)):
        tail, value_max, end = upper
    if lex.not_after.match(text, end, limit) and tail.kind == "number":
        return None  # "từ 2 đến 3 năm": a duration
    qualifier, q_start = _qualifier_before(text, n_start, floor)
    start = q_start
    if value_max is not None and (m := _FROM.search(text, max(floor, n_start - 6), n_start)):
        start = min(start, m.start())
    if after := lex.qualifiers_after.match(text, end, limit):
        qualifier, end = lex.qualifier_of[_norm(after.group(1))], after.end()
    return Quantity(
        start=start,
        end=end,
        value=_scaled(value, tail),
        kind=tail.kind,
        value_max=value_max,
        out_of=out_of,
        qualifier=qualifier,
        currency=tail.currency,
        per=tail.per,
        number_start=n_start,
    )


def _range_end(
    text: str, value: Decimal, tail: _Tail, floor: int, limit: int
) -> tuple[_Tail, Decimal, int] | None:
    """The upper end of "từ 2% đến 2,5%", "1-1,5%", "2 - 3 tỷ đồng": (tail, value_max, end).
    The first figure takes the unit of the second when it has none of its own."""
    sep = _RANGE_SEP.match(text, tail.end, limit)
    second = _DIGITS.match(text, sep.end(), limit) if sep else None
    if second is None or _is_reference(text, second.start(), second.end(), floor, limit):
        return None
    try:
        upper = parse_number(second.group())
    except ValueError:
        return None
    tail2 = _read_tail(text, second.end(), limit)
    if tail.kind == "number" and tail.multiplier is None and tail2.end > second.end():
        tail = _Tail(tail.end, tail2.multiplier, tail2.multiplier_word, tail2.kind, tail2.currency)
        tail.per = tail2.per
    if _scaled(upper, tail2) <= _scaled(value, tail) or tail2.kind not in (tail.kind, "number"):
        return None
    return tail, _scaled(upper, tail2), tail2.end


_FRACTION_NEXT = re.compile(r"\s+(?:phần\s+(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)|nửa)\b")


def _word_quantities(text: str, floor: int, limit: int, taken: list[Quantity]) -> list[Quantity]:
    lex = _lexicon()
    spoken = set(lex.number_words) | {"mươi", "lăm", "mốt", "trăm", "nghìn", "ngàn"}
    words = "|".join(sorted(spoken, key=len)[::-1])
    pattern = re.compile(rf"(?<!{_WORD})(?:{words})(?:\s+(?:{words}))*(?!{_WORD})", re.I)
    result: list[Quantity] = []
    for m in pattern.finditer(text, floor, limit):
        if any(q.start <= m.start() < q.end for q in taken):
            continue
        if re.search(r"\d\s*$", text[max(floor, m.start() - 3) : m.start()]):
            continue  # "20 năm": the word is a unit of time after a figure
        value, w_end = longest_words(m.group(), m.start())
        if value is None:
            continue
        if _FRACTION_NEXT.match(text, w_end, limit):
            continue  # "một phần ba", "một nửa": a fraction, not a count
        if re.match(r"\s*\d", text[w_end:limit]) or lex.not_after.match(text, w_end, limit):
            continue  # "năm 2024", "một năm"
        if lex.not_before.search(text[max(floor, m.start() - 30) : m.start()]):
            continue
        qualifier, q_start = _qualifier_before(text, m.start(), floor)
        q = Quantity(
            q_start, w_end, value, qualifier=qualifier, number_start=m.start(), from_words=True
        )
        result.append(q)
    for m in FRACTION.finditer(text, floor, limit):  # "gần một phần ba số hộ": a share
        if (share := fraction_share(text, m)) is not None:
            qualifier, q_start = _qualifier_before(text, m.start(), floor)
            taken_here = [q for q in result if m.start() <= q.number_start < m.end()]
            result = [q for q in result if q not in taken_here]
            share_q = Quantity(q_start, m.end(), share, "percent", qualifier=qualifier)
            result.append(replace(share_q, number_start=m.start(), from_words=True))
    return result
