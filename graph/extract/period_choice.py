"""Which period each figure of a sentence takes.

A period stated in the figure's own clause wins (after it, with no other figure between, else
the nearest before it); one in parentheses right after a period is that period's; a property of
a named thing takes the name's period; otherwise the period carried from the sentences before.
Pairs of figures then adjust each other: a count and its share hold at the same time, and
"từ X xuống Y" gives the first figure the earlier year. A period opening its sentence ("Năm
2024, ...", "Năm 2025 là năm cuối ...") frames the sentences after it.
"""

from __future__ import annotations

import re

from graph.extract import periods as per
from graph.extract.classify import Classification
from graph.extract.lexicon import load, pattern
from graph.extract.mentions import Figure
from graph.extract.text import Sentence
from graph.facts import Period

AVERAGE = "indicator/average-annual-poverty-rate-reduction"

_FRAMING_AFTER = re.compile(r"\s*,")


def framing(text: str, sentence: Sentence, mention: per.PeriodMention) -> bool:
    """A period that opens its sentence ("Năm 2024, ...", "Đến nay, ..."): it frames the
    sentences after it in the paragraph too, also after an attribution ("Theo Sở ..., đến
    ngày 28/2/2025, ..."); so does a year the sentence is about ("Năm 2025 là năm cuối của giai
    đoạn ...")."""
    prefix = text[sentence.start : mention.start]
    if attribution := pattern(load("time")["attribution_opening"], 0).match(prefix):
        prefix = prefix[attribution.end() :]
    if mention.kind == "date" or len(prefix) > 40 or re.search(r"\d", prefix):
        return False
    if _FRAMING_AFTER.match(text, mention.end):
        return True
    topic = pattern(load("time")["framing_topic"], 0)
    return not prefix.strip(" “\"'") and bool(topic.match(text, mention.end))


def choose(
    text: str,
    sentence: Sentence,
    mentions: list[per.PeriodMention],
    classified: list[tuple[Figure, Classification]],
    carry: per.PeriodMention | None,
    carried_span: per.PeriodMention | None = None,
) -> list[per.PeriodMention | None]:
    starts = [f.start for f, _ in classified]
    chosen: list[per.PeriodMention | None] = []
    named_for = set(load("time")["named_period_indicators"])
    cutoffs = set(load("time")["cutoff_indicators"])
    for figure, found in classified:
        own = per.period_in_parentheses(text, mentions, figure.start) or per.period_in_sentence(
            text, mentions, figure.start, figure.end, starts
        )
        if own is None and found.indicator in named_for:
            own = per.named_period(mentions, figure.start)
        if own is not None and own.kind == "as_of" and found.indicator in cutoffs:
            own = _capital_period(mentions, own)
        mention = own or carry
        if found.indicator == AVERAGE:
            spanned = [m for m in mentions if not m.attached and m.end <= figure.start and m.period]
            if len(spanned) >= 2:
                mention = span(spanned)
            elif own is None and carried_span is not None:
                mention = carried_span  # an average over the years the sentence before spans
        chosen.append(mention)
    # "giảm từ 9.371 hộ (9,86%) đầu kỳ xuống còn 4.862 hộ (5,12%) vào cuối năm 2023": a count
    # and its share in parentheses hold at the same time, the one stated right after the pair
    for k in range(len(classified) - 1):
        (f1, _), (f2, c2) = classified[k], classified[k + 1]
        if c2.rule != "share-in-parentheses":
            if f2.kind == "percent" and f1.kind == "count":
                paired = per.paired_period(text, mentions, f1.quote_end, f2.start, f2.end)
                chosen[k] = paired or chosen[k]
            continue
        after = per.period_after(text, mentions, f2.quote_end, starts)
        if after is not None and re.match(r"\s*\)", text[f2.end : f2.end + 3]):
            chosen[k] = chosen[k + 1] = after
    # "từ 24,71% giảm xuống còn 20,04% vào cuối năm 2024": the first is the year before;
    # "Cùng kỳ (2021 - 2023), ... giảm từ 29,6% xuống còn 17,2%": the first year and the last
    for k in range(len(classified) - 1):
        (f1, c1), (f2, c2) = classified[k], classified[k + 1]
        later = chosen[k + 1]
        from_to = c1.indicator == c2.indicator and per.earlier_year_of_from_to(
            text, text[sentence.start : f1.start], text[f1.end : f2.start]
        )
        if (
            from_to
            and later is not None
            and later is carry
            and chosen[k] is carry
            and later.period is not None
            and later.period.start < later.period.end
        ):
            first, last = later.period.start, later.period.end
            chosen[k] = per.PeriodMention(f1.start, f1.end, Period(first, first), "year")
            chosen[k + 1] = per.PeriodMention(f2.start, f2.end, Period(last, last), "year")
            continue
        if (
            c1.indicator == c2.indicator
            and later is not None
            and later.period is not None
            and later.period.start == later.period.end
            and per.earlier_year_of_from_to(
                text, text[sentence.start : f1.start], text[f1.end : f2.start]
            )
        ):
            year = later.period.start - 1
            chosen[k] = per.PeriodMention(f1.start, f1.end, Period(year, year), "year")
    return chosen


def _capital_period(
    mentions: list[per.PeriodMention], cutoff: per.PeriodMention
) -> per.PeriodMention:
    """The range stated before a cut-off date in its sentence that holds the date, else the
    cut-off itself."""
    for m in reversed(mentions):
        if (
            m.end <= cutoff.start
            and not m.attached
            and m.period is not None
            and cutoff.period is not None
            and m.period.start < m.period.end
            and m.period.start <= cutoff.period.start <= m.period.end
        ):
            return m
    return cutoff


def span(mentions: list[per.PeriodMention]) -> per.PeriodMention | None:
    """One period from the first to the last year of several mentions (two at least). A year
    stated last inside an earlier, longer period is a target year that ends it ("Từ năm 2026,
    ... giai đoạn 2026 - 2035, phấn đấu đến năm 2030 ..." is 2026-2030)."""
    dated = [m for m in mentions if m.period is not None]
    if len(dated) < 2:
        return None
    first = min(m.period.start for m in dated if m.period)
    last = max(m.period.end for m in dated if m.period)
    end = dated[-1].period
    if end is not None and end.start == end.end and first < end.end < last:
        last = end.end
    return per.PeriodMention(dated[0].start, dated[-1].end, Period(first, last), "range")
