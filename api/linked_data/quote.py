"""Show a quote where it stands: the sentence around it, and a document's text with its spans.

Pure text functions (no store), so the HTML pages and the tests share one definition of
"the sentence around a quote". Vietnamese numerals put a full stop between digits (``28.484``),
so a sentence ends at ``.``, ``!``, ``?`` or ``…`` only when whitespace follows, or at a newline.
The context never leaves the paragraph (line) of the quote nor the article proper: page furniture
on the same line (`` date 2025-12-04`` before the first sentence) is not part of a sentence.
``article_range`` says where the article proper is, with ``graph.documents``' reading of the page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

MAX_CONTEXT = 300
"""At most this many characters of context on each side of a quote."""

_SENTENCE_END = re.compile(r"[.!?…][\"”’)]*\s|\n")


@dataclass(frozen=True)
class QuoteInContext:
    """``before + quote + after`` is a sentence (or the text around the quote, if long)."""

    before: str
    quote: str
    after: str
    truncated_before: bool
    truncated_after: bool


def line_range(text: str, start: int, end: int) -> tuple[int, int]:
    """The line (paragraph) holding ``text[start:end]``: from the newline before ``start`` to the
    first one at or after ``end``."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    return first, len(text) if last < 0 else last


def article_range(text: str, start: int, end: int) -> tuple[int, int]:
    """The range of the article proper (``graph.documents``' main text: no date header, masthead
    or dateline) that holds ``text[start:end]``; the quote's line if no such range holds it."""
    from graph.documents import DocumentError, document_from_text  # not at start-up: rdflib

    try:
        ranges = document_from_text(text, "document").main_text
    except DocumentError:
        ranges = ()
    for first, last in ranges:
        if first <= start and end <= last:
            return first, last
    return line_range(text, start, end)


def quote_in_context(
    text: str, start: int, end: int, within: tuple[int, int] | None = None
) -> QuoteInContext:
    """The sentence of ``text`` that holds ``text[start:end]``, split around the quote; it stays
    inside the quote's line and inside ``within`` (the article proper, see ``article_range``)."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"offsets {start}-{end} outside a text of {len(text)} characters")
    low, high = line_range(text, start, end)
    if within is not None and within[0] <= start and end <= within[1]:
        low, high = max(low, within[0]), min(high, within[1])
    window_start = max(low, start - MAX_CONTEXT)
    sentence_start = window_start
    for match in _SENTENCE_END.finditer(text, window_start, start):
        sentence_start = match.end()
    window_end = min(high, end + MAX_CONTEXT)
    match = _SENTENCE_END.search(text, end, window_end)
    # the sentence keeps its full stop and closing quotes, not the whitespace after them
    sentence_end = match.end() - 1 if match else window_end
    return QuoteInContext(
        before=text[sentence_start:start].lstrip(),
        quote=text[start:end],
        after=text[end:sentence_end].rstrip(),
        truncated_before=sentence_start == window_start and window_start > low,
        truncated_after=match is None and sentence_end < high,
    )


@dataclass(frozen=True)
class Segment:
    """A run of a document's text; ``link`` is set when the run is a measurement's quote."""

    text: str
    link: str | None = None


def segments(text: str, spans: Sequence[tuple[int, int, str]]) -> list[Segment]:
    """Cut ``text`` into plain runs and quoted runs, one per (start, end, link) span.

    Spans are taken in text order; one that overlaps a span already taken is left out (two
    measurements may share words, but a run of text can carry only one link).
    """
    result: list[Segment] = []
    position = 0
    for start, end, link in sorted(spans):
        if start < position or not 0 <= start < end <= len(text):
            continue
        if start > position:
            result.append(Segment(text[position:start]))
        result.append(Segment(text[start:end], link))
        position = end
    if position < len(text):
        result.append(Segment(text[position:]))
    return result
