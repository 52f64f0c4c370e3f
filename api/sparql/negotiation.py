"""Content negotiation: a real ``Accept`` parser (RFC 9110 section 12.5.1) and a format chooser.

The most specific media range that matches an offer gives its quality (``text/turtle`` beats
``text/*`` beats ``*/*``); the offer with the highest quality wins, an exact match beats a
wildcard at equal quality, and the server's order breaks the remaining ties. ``q=0`` means
"not acceptable". A ``format=`` parameter overrides ``Accept`` (for clients that cannot set
headers, such as a link in a browser).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from api.sparql.formats import GRAPH, TABULAR, Kind, ResultFormat

_ITEM_SPLIT = re.compile(r',(?=(?:[^"]*"[^"]*")*[^"]*$)')
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_QVALUE = re.compile(r"^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$")


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float

    def specificity(self, media_type: str) -> int | None:
        """2 for an exact match, 1 for ``type/*``, 0 for ``*/*``, ``None`` if no match."""
        main, _, sub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != main:
            return None
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else None


class UnknownFormat(ValueError):
    """A ``format=`` value names no format this endpoint knows."""


def parse_accept(header: str | None) -> list[MediaRange]:
    """Parse an ``Accept`` header; malformed members are skipped, a missing header is ``*/*``."""
    if header is None or not header.strip():
        return [MediaRange("*", "*", 1.0)]
    ranges: list[MediaRange] = []
    for item in _ITEM_SPLIT.split(header):
        parsed = _parse_range(item)
        if parsed is not None:
            ranges.append(parsed)
    return ranges


def _parse_range(item: str) -> MediaRange | None:
    parts = [p.strip() for p in item.split(";")]
    media = parts[0].lower()
    if media == "*":  # sent by some old HTTP libraries
        media = "*/*"
    main, slash, sub = media.partition("/")
    if not slash or not _TOKEN.match(main) or not _TOKEN.match(sub):
        return None
    if main == "*" and sub != "*":
        return None
    q = 1.0
    for param in parts[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            value = value.strip()
            if not _QVALUE.match(value):
                return None
            q = float(value)
            break  # parameters after q are accept-extensions, not media type parameters
    return MediaRange(main, sub, q)


def quality(ranges: Sequence[MediaRange], offer: ResultFormat) -> tuple[float, int]:
    """The quality the client gives ``offer`` and how specific the deciding range was."""
    best: tuple[int, float] | None = None
    for media_range in ranges:
        # Aliases (application/json, text/xml...) only count when named exactly: text/* means
        # text/csv or text/turtle, not SPARQL XML results reachable through the text/xml alias.
        spec = media_range.specificity(offer.media_type)
        if spec is None and any(media_range.specificity(m) == 2 for m in offer.aliases):
            spec = 2
        if spec is not None and (best is None or (spec, media_range.q) > best):
            best = (spec, media_range.q)
    if best is None:
        return 0.0, -1
    return best[1], best[0]


def choose(ranges: Sequence[MediaRange], offers: Sequence[ResultFormat]) -> ResultFormat | None:
    """The best offer for the client, or ``None`` if none is acceptable (a ``406``)."""
    scored = []
    for index, offer in enumerate(offers):
        q, spec = quality(ranges, offer)
        if q > 0:
            scored.append((q, spec, -index, offer))
    if not scored:
        return None
    return max(scored, key=lambda s: s[:3])[3]


def choose_by_name(values: Iterable[str], offers: Sequence[ResultFormat]) -> ResultFormat | None:
    """The first ``format=`` value that names one of ``offers`` (a short name or a media type)."""
    for value in values:
        wanted = value.strip().lower()
        for offer in offers:
            if wanted in offer.names or wanted.split(";")[0].strip() in offer.media_types:
                return offer
    return None


def known_format_name(value: str) -> bool:
    wanted = value.strip().lower()
    return any(
        wanted in f.names or wanted.split(";")[0].strip() in f.media_types
        for f in (*TABULAR, *GRAPH)
    )


@dataclass(frozen=True)
class Choice:
    """The format to use for each kind of result; ``None`` where the client accepts none."""

    tabular: ResultFormat | None
    graph: ResultFormat | None

    def for_kind(self, kind: Kind) -> ResultFormat | None:
        return self.tabular if kind is Kind.TABULAR else self.graph


def negotiate(accept: str | None, format_values: Sequence[str] = ()) -> Choice:
    """Choose formats from ``format=`` values if any are given, else from ``Accept``.

    Raises ``UnknownFormat`` when ``format=`` is given but none of its values is a known format.
    """
    values = [v for v in format_values if v.strip()]
    if values:
        if not any(known_format_name(v) for v in values):
            raise UnknownFormat(
                f"unknown format {values[0]!r}; use one of "
                + ", ".join(f.names[0] for f in (*TABULAR, *GRAPH))
            )
        return Choice(choose_by_name(values, TABULAR), choose_by_name(values, GRAPH))
    ranges = parse_accept(accept)
    return Choice(choose(ranges, TABULAR), choose(ranges, GRAPH))
