"""Find the figures of a sentence: quantities with what they count, and statements without
digits ("không còn hộ nghèo"), minus what is not a measurement.

A figure is a measurement candidate only if it says what it counts: a percent, an amount of
money, or a number followed by a counted noun of ``graph/lexicons/units.toml``. Years, dates,
ages and document numbers never reach this module (``graph.numbers`` skips them); here go the
count of the program's own components ("7 dự án trọng tâm"), the make-up of a province
("1 thành phố, 7 huyện"), per-item quantities, figures inside quoted names
(Cuộc vận động “5 không, 3 sạch”), thresholds and conditions ("trên 18% như Điện Biên",
"địa phương nào ... dưới 50%"), rankings ("một trong hai huyện nghèo nhất"), excesses over a
target ("vượt 20 hộ so với chỉ tiêu") and one family's story ("ông được hỗ trợ một con bò").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from graph.extract.lexicon import load, pattern
from graph.extract.text import Sentence
from graph.numbers import Quantity, find_quantities

_MONEY_RATE_UNITS = {
    "person-year": "vnd-per-person-per-year",
    "person-month": "vnd-per-person-per-month",
    "household": "vnd-per-household",
    "household-year": "vnd-per-household-per-year",
    "household-month": "vnd-per-household-per-month",
    "person": "vnd-per-person",
    "house": "vnd-per-house",
    "year": "vnd-per-year",
    "month": "vnd-per-month",
    "hectare": "vnd-per-hectare",
}
_LETTER = r"[^\W\d_]"
_LIST_ITEM = re.compile(
    r"\s*(?:hộ|người|học sinh|lao động|đối tượng|trẻ|cán bộ|cận nghèo|nghèo|xã|phường|thôn|bản|"
    r"đồng bào)(?![^\W\d_])"
)
_COUNT_LEADS = {"giảm được", "giảm xuống còn", "giảm còn", "xuống còn", "còn", "giảm"}


@dataclass(frozen=True)
class Noun:
    unit: str
    noun_class: str
    start: int
    end: int  # end of the counted noun itself ("lượt hộ nghèo" -> after "hộ")


@dataclass(frozen=True)
class Figure:
    """One figure of a sentence, ready for classification."""

    sentence: Sentence
    start: int  # the figure expression (qualifier and unit included)
    end: int
    value: Decimal
    kind: str  # "count", "percent", "percentage-point", "money", "money-rate", "zero"
    unit: str | None  # unit slug from the noun, the percent sign or the currency
    quote_start: int
    quote_end: int
    value_max: Decimal | None = None
    out_of: Decimal | None = None
    qualifier: str | None = None
    noun: Noun | None = None
    per: str | None = None
    zero_indicator: str | None = None


@cache
def _nouns() -> tuple[tuple[re.Pattern[str], str, str], ...]:
    """(pattern, unit, class) of each counted noun, in the lexicon's order."""
    return tuple(
        (pattern(rf"\s*(?:{n['pattern']})(?!{_LETTER})"), n["unit"], n["class"])
        for n in load("units")["noun"]
    )


def counted_noun(text: str, pos: int, limit: int) -> Noun | None:
    """The counted noun right after ``pos`` ("hộ", "lượt học sinh", "công trình"), if any."""
    for regex, unit, noun_class in _nouns():
        if m := regex.match(text, pos, limit):
            start = pos + len(m.group()) - len(m.group().lstrip())
            return Noun(unit, noun_class, start, m.end())
    return None


def phrase_end(text: str, start: int, limit: int, max_words: int = 6) -> int:
    """End of the noun phrase that starts at ``start``: a few words, up to punctuation or a
    word that opens a predicate ("được", "có", "với" ...). "hỗ trợ" may be its first word
    ("dự án hỗ trợ sinh kế")."""
    stop = pattern(rf"(?<!\S)(?:{load('context')['phrase_stop']})(?!{_LETTER})")
    segment = text[start:limit]
    if cut := re.search(r"[,;.:()“”\"!?…]", segment):
        segment = segment[: cut.start()]
    for m in stop.finditer(segment):
        if m.group() == "hỗ trợ" and not segment[: m.start()].strip():
            continue
        segment = segment[: m.start()]
        break
    words = list(re.finditer(r"\S+", segment))[:max_words]
    return start + words[-1].end() if words else start


def figures(text: str, sentence: Sentence, excluded: list[tuple[int, int]]) -> list[Figure]:
    """Every measurement candidate of ``sentence``, in order of position."""
    found: list[Figure] = []
    for q in find_quantities(text, sentence.start, sentence.end, words=True):
        if any(s <= q.number_start < e for s, e in excluded):
            continue
        figure = _figure(text, sentence, q)
        if figure is not None:
            found.append(figure)
    found.extend(_zero_statements(text, sentence, found))
    return sorted(found, key=lambda f: f.start)


def _figure(text: str, sentence: Sentence, q: Quantity) -> Figure | None:
    ctx = load("context")
    clause_start = sentence.clause_of(q.number_start)[0]
    tail = text[q.end : sentence.end]
    lead = text[clause_start : q.start]
    if q.kind in ("percent", "percentage-point"):
        kind, unit, noun = q.kind, q.kind, None
    elif q.kind == "money":
        kind = "money-rate" if q.per else "money"
        unit = _MONEY_RATE_UNITS.get(q.per or "", "vnd") if q.currency == "vnd" else q.currency
        if q.per and q.per not in _MONEY_RATE_UNITS:
            return None
        noun = None
    else:
        noun = counted_noun(text, q.end, sentence.end)
        if noun is None:
            return None
        kind, unit = "count", noun.unit
        if pattern(ctx["component_after"]).match(tail):
            return None
        if noun.noun_class in ("commune", "district", "village") and not pattern(
            ctx["admin_status_after"]
        ).match(text[noun.end : sentence.end]):
            return None
    if q.from_words and kind not in ("count", "percent"):  # a fraction in words is a share
        return None
    if _not_a_measurement(text, sentence, q, lead, tail):
        return None
    if kind == "count" and (
        pattern(ctx["per_item_before"]).search(lead) or pattern(ctx["per_item_after"]).match(tail)
    ):
        return None
    quote_start, quote_end = _quote(text, q, noun, kind, clause_start, sentence.end)
    qualifier = q.qualifier
    if qualifier is None and (bound := pattern(ctx["bound_before"]).search(lead)):
        qualifier = "at-most" if bound.group("bound").casefold() == "tối đa" else "at-least"
    if qualifier is None and (noun is not None or kind == "percent"):
        # "300 hộ nghèo trở lên", "94% dân số trở lên": the bound after the noun phrase
        after_noun = phrase_end(text, noun.end, sentence.end) if noun else q.end
        gap = r"\s+" if noun else r"[^\d,;.()]{0,30}?\s"
        bound = re.match(gap + r"trở (lên|xuống)(?![^\W\d_])", text[after_noun : sentence.end])
        if bound:
            qualifier = "at-least" if bound.group(1) == "lên" else "at-most"
            quote_end = max(quote_end, after_noun + bound.end())
    return Figure(
        sentence=sentence,
        start=q.start,
        end=q.end,
        value=q.value,
        kind=kind,
        unit=unit,
        quote_start=quote_start,
        quote_end=quote_end,
        value_max=q.value_max,
        out_of=q.out_of,
        qualifier=qualifier,
        noun=noun,
        per=q.per,
    )


def _not_a_measurement(text: str, sentence: Sentence, q: Quantity, lead: str, tail: str) -> bool:
    """A threshold, a condition, a ranking, an excess over a target, one family's story, the
    price or quality of credit, terms of insurance, earnings abroad or the new-rural-development
    programme's figures (see graph/lexicons/context.toml)."""
    ctx = load("context")
    bounded = q.qualifier in ("more-than", "less-than", "at-least", "at-most")
    sentence_lead = text[sentence.start : q.start]
    return bool(
        (
            q.kind in ("percent", "percentage-point")
            and (
                pattern(ctx["credit_terms_before"]).search(lead)
                or pattern(ctx["insurance_terms_before"]).search(lead)
                or pattern(ctx["insurance_terms_after"]).match(tail)
            )
        )
        or (q.kind == "money" and pattern(ctx["earnings_abroad_before"]).search(sentence_lead))
        or (bounded and pattern(ctx["threshold_after"]).match(tail))
        or pattern(ctx["new_rural_after"]).match(tail)
        or pattern(ctx["condition_before"]).search(lead)
        or pattern(ctx["ranking_before"]).search(text, sentence.start, q.start)
        or (pattern(ctx["excess_before"]).search(lead) and pattern(ctx["excess_after"]).match(tail))
        or pattern(ctx["individual"]).search(text, sentence.start, sentence.end)
    )


def _quote(
    text: str, q: Quantity, noun: Noun | None, kind: str, clause_start: int, limit: int
) -> tuple[int, int]:
    """The shortest natural phrase holding the figure and saying what it counts."""
    ctx = load("context")
    start, end = q.start, q.end
    lead = text[clause_start:start]
    if kind in ("money", "money-rate"):
        if m := pattern(ctx["money_lead"]).search(lead):
            start = clause_start + m.start()
        for source in load("context")["funding_source"]:
            regex = pattern(ctx["money_source_after"] + "(?:" + source["pattern"] + ")")
            if m := regex.match(text[end:limit]):
                end += m.end()
                break
    elif kind == "count" and noun is not None:
        end = max(end, noun.end, phrase_end(text, noun.end, limit))
        if (m := pattern(ctx["quote_lead"]).search(lead)) and m.group().strip() in _COUNT_LEADS:
            start = clause_start + m.start()
    else:
        if m := pattern(ctx["quote_lead"]).search(lead):
            start = clause_start + m.start()
        if m := pattern(ctx["percent_noun"]).match(text[end:limit]):
            end = _group_phrase_end(text, end, end + m.end(), limit)
    return start, end


def _group_phrase_end(text: str, start: int, noun_end: int, limit: int) -> int:
    """Where the words naming who a share is of end: "100% hộ nghèo, hộ cận nghèo" (a list),
    before a predicate ("được", "có"), another figure or 90 characters."""
    window = text[start:limit]
    if m := pattern(load("context")["group_end"]).search(window):
        window = window[: m.start()]
    if m := re.search(r"\d", window):
        window = window[: m.start()]
    parts = window.split(",")
    kept = parts[:1]
    for part in parts[1:]:
        if not _LIST_ITEM.match(part):
            break
        kept.append(part)
    window = ",".join(kept)
    if len(window) > 90:
        window = window[: window.rfind(",", 0, 90)] if "," in window[:90] else window[:90]
    return max(start + len(window.rstrip(" ,;:-–")), noun_end)


def _zero_statements(text: str, sentence: Sentence, taken: list[Figure]) -> list[Figure]:
    found: list[Figure] = []
    for entry in load("context")["zero"]:
        for m in pattern(entry["pattern"]).finditer(text, sentence.start, sentence.end):
            if any(f.start <= m.start() < f.end for f in taken + found):
                continue
            found.append(
                Figure(
                    sentence=sentence,
                    start=m.start(),
                    end=m.end(),
                    value=Decimal(0),
                    kind="zero",
                    unit=entry["unit"],
                    quote_start=m.start(),
                    quote_end=m.end(),
                    zero_indicator=entry["indicator"],
                )
            )
    return found


def quoted_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of quoted names ("Cuộc vận động ... “5 không, 3 sạch”"): figures there are names."""
    heads = pattern(rf"(?:{load('context')['name_heads']})(?:\s+\S+){{0,4}}\s*$")
    spans: list[tuple[int, int]] = []
    for m in re.finditer(r"[“\"]([^”\"\n]{1,150})[”\"]", text[start:end]):
        s, e = start + m.start(), start + m.end()
        before = text[max(start, s - 60) : s]
        if heads.search(before) or (len(m.group(1).split()) <= 6 and "%" not in m.group(1)):
            spans.append((s, e))
    return spans
