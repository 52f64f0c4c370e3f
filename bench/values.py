"""Plausible values for a measurement, and the Vietnamese words an article would use for them.

Values are drawn by unit (rates stay within 0-100, counts and money are non-negative, a share of
a plan may pass 100) and written the Vietnamese way: ``.`` groups thousands and ``,`` is the
decimal mark (``28.484 hộ``, ``3,47%``, ``1.174,5 tỷ đồng``), as in the seed articles.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

QUALIFIER_WORDS = {
    "more-than": "hơn",
    "at-least": "ít nhất",
    "nearly": "gần",
    "about": "khoảng",
    "less-than": "dưới",
    "at-most": "tối đa",
}
"""How an article says each qualifier of ``scheme/qualifiers`` (by slug)."""

AREA_SCALE = {"province": 1.0, "district": 0.12, "commune": 0.012}
"""Rough size of an area relative to its province, for counts and money."""


PER_HEAD = {
    "vnd-per-person-per-month": (10, 40),
    "vnd-per-person-per-year": (150, 900),
    "vnd-per-household": (50, 800),
}
"""Amounts per person, household, house... in hundreds of thousands of VND (low, high); other
``vnd-per-*`` units get 1-80 million."""


def vi_number(value: Decimal) -> str:
    """``Decimal("28484")`` -> ``28.484``; ``Decimal("1174.5")`` -> ``1.174,5``."""
    text = format(value.normalize(), "f")
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    grouped = sign + ".".join(groups)
    return f"{grouped},{fraction}" if fraction else grouped


@dataclass(frozen=True)
class Figure:
    """A drawn value with how the article words it (the quote)."""

    value: Decimal
    quote: str
    value_max: Decimal | None = None
    qualifier: str | None = None  # qualifier slug
    out_of: Decimal | None = None


def _rate(rng: random.Random, low: float, high: float, places: int = 2) -> Decimal:
    return Decimal(str(round(rng.uniform(low, high), places)))


def _count(rng: random.Random, low: int, high: int, scale: float) -> Decimal:
    return Decimal(max(0, int(rng.randint(low, high) * scale)))


def draw(
    rng: random.Random,
    label_vi: str,
    unit_slug: str,
    unit_vi: str,
    area_kind: str,
    poverty_rate: float,
    households: int,
) -> Figure:
    """A value for an indicator in ``unit_slug`` for an area of ``area_kind``.

    ``poverty_rate`` and ``households`` describe the area in the reference year, so poverty
    figures of one area are consistent with each other (a rate and a count that fit).
    """
    what = label_vi[:1].lower() + label_vi[1:]
    scale = AREA_SCALE[area_kind]
    qualifier = None
    if rng.random() < 0.12:
        qualifier = rng.choice(sorted(QUALIFIER_WORDS))
    said = f"{QUALIFIER_WORDS[qualifier]} " if qualifier else ""
    if unit_slug == "percent":
        if "poverty" in what or "nghèo" in what:
            value = Decimal(str(round(max(0.01, poverty_rate * rng.uniform(0.85, 1.15)), 2)))
        else:
            value = _rate(rng, 35, 100)
        if rng.random() < 0.05 and value < 98:
            high = min(Decimal(100), value + _rate(rng, 0.5, 2, 1))
            return Figure(value, f"{what} từ {vi_number(value)}% đến {vi_number(high)}%", high)
        return Figure(value, f"{what} {said}{vi_number(value)}%", qualifier=qualifier)
    if unit_slug == "percentage-point":
        value = _rate(rng, 0.1, 4.5)
        return Figure(value, f"{what} {said}{vi_number(value)} điểm phần trăm", None, qualifier)
    if unit_slug == "percent-of-plan":
        value = _rate(rng, 30, 130, 1)
        return Figure(value, f"{what} đạt {said}{vi_number(value)}% kế hoạch", None, qualifier)
    if unit_slug == "vnd":
        millions = Decimal(max(1, int(rng.lognormvariate(9.5, 1.4) * scale)))
        value = millions * 1_000_000
        if millions >= 1000:
            amount = f"{vi_number(millions / 1000)} tỷ đồng"
        else:
            amount = f"{vi_number(millions)} triệu đồng"
        return Figure(value, f"{what} {said}{amount}", None, qualifier)
    if unit_slug.startswith("vnd-per-"):
        low, high = PER_HEAD.get(unit_slug, (10, 800))
        thousands = Decimal(rng.randint(low, high) * 100)
        per = unit_vi.removeprefix("đồng").strip() if unit_vi.startswith("đồng/") else ""
        amount = f"{vi_number(thousands / 1000)} triệu đồng{per}"
        return Figure(thousands * 1000, f"{what} {said}{amount}", None, qualifier)
    if unit_slug == "household" and "nghèo" in what:
        value = Decimal(max(0, int(households * poverty_rate / 100 * rng.uniform(0.9, 1.1))))
        return Figure(value, f"{said}{vi_number(value)} {unit_vi} ({what})", None, qualifier)
    if unit_slug in ("household", "person", "household-turn", "person-turn"):
        value = _count(rng, 50, 40_000, scale)
    else:
        value = _count(rng, 1, 400, max(scale * 5, 0.05))
    if rng.random() < 0.08 and value > 0:
        total = value + _count(rng, 0, 30, 1)
        return Figure(
            value, f"{vi_number(value)}/{vi_number(total)} {unit_vi} ({what})", None, None, total
        )
    return Figure(value, f"{said}{vi_number(value)} {unit_vi} ({what})", None, qualifier)
