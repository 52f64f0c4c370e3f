"""The provinces an article is about: those of its title and lead, or named twice.

Why: an article's figures that name no place belong to its province, so the choice decides
many areas. A national review that names provinces once each is about none of them; an article
that names none is about its provincial newspaper's or portal's province ("(BHG) - ..." is Hà
Giang's); after a merger, the merged province comes before the old ones the article names.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from graph.gazetteer import gazetteer
from graph.page_header import publisher_provinces

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def article_provinces(
    text: str,
    main: list[tuple[int, int]],
    title: tuple[int, int] | None,
    published: date | None,
    publisher: str | None = None,
) -> tuple[str, ...]:
    """Provinces the main text is about: named in the title or lead, or at least twice; the
    title's first, then the lead's, then the most named. One province named once is still the
    article's; several named once each (a national review listing provinces) are not. An
    article that names no province is about its provincial newspaper's province, if any."""
    gaz = gazetteer()
    on = published or _latest_year_end(text, main)
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    rank: dict[str, int] = {}  # 0: named in the title, 1: in the lead, 2: elsewhere
    lead = main[1] if title is not None and len(main) > 1 else (main[0] if main else None)
    for start, end in main:
        where = 0 if (start, end) == title else 1 if (start, end) == lead else 2
        for mention in gaz.find(text, start, end):
            place = gaz.resolve(mention, on)
            while place is not None and place.level not in ("province", "country"):
                place = gaz.get(place.part_of) if place.part_of else None
            if place is None or place.level != "province":
                continue
            counts[place.path] += 1
            first_seen.setdefault(place.path, mention.start)
            rank[place.path] = min(rank.get(place.path, 2), where)
    chosen = [p for p in counts if counts[p] >= 2 or rank[p] < 2]
    if not chosen and len(counts) == 1:
        chosen = list(counts)
    if not counts and publisher:
        chosen = [p.path for p in publisher_provinces(publisher, on)]
    chosen.sort(key=lambda p: (rank.get(p, 2), -counts[p], first_seen.get(p, 0)))
    return tuple(_merged_first(chosen, on))


def _merged_first(chosen: list[str], on: date | None) -> list[str]:
    """After a merger, the merged province comes before the old ones the article also names
    ("toàn tỉnh" in a December 2025 article on Thái Nguyên is the new Thái Nguyên, even when
    the lead names "khu vực Bắc Kạn (cũ)" first)."""
    gaz = gazetteer()
    for path in list(chosen):
        place = gaz.get(path)
        if place is None or place.valid_to is None or on is None or place.valid_to >= on:
            continue
        if (merged := place.successor) in chosen and chosen.index(merged) > chosen.index(path):
            chosen.remove(merged)
            chosen.insert(chosen.index(path), merged)
    return chosen


def _latest_year_end(text: str, main: list[tuple[int, int]]) -> date | None:
    """The last day of the typical year the text speaks of (the upper median of its years)."""
    years = sorted(int(m.group()) for s, e in main for m in _YEAR.finditer(text, s, e))
    plausible = [y for y in years if 1990 <= y <= 2100]
    return date(plausible[len(plausible) // 2], 12, 31) if plausible else None
