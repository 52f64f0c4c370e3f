"""What a figure counts: apply the ordered rules of ``graph/lexicons/indicators.toml``.

A rule looks at the words around the figure (see the header of the lexicon) and gives an
indicator directly or through a resolver: the nearest support purpose ("hỗ trợ ... nhà ở cho
4.145 hộ" -> housing-support beneficiaries), the nearest coverage keyword after a share
("100% hộ nghèo được cấp thẻ BHYT"), the nearest subject before it ("Tỷ lệ người dân sử dụng
điện thoại thông minh đạt 95%") or the activity participants took part in. The first rule that
gives an indicator wins; a figure no rule classifies is not a measurement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from graph.extract.classification import Classification
from graph.extract.inherit import inherited, part_of_total
from graph.extract.lexicon import load, optional, pattern
from graph.extract.mentions import Figure
from graph.extract.text import Sentence

_ANAPHOR = re.compile(r"(?i:con số này|tỷ lệ này|con số trên|mức này|chỉ số này|con số đó)")
# "Đến cuối năm 2023, huyện Đắk Glong còn 16,3%": a bare rate whose noun ("tỷ lệ hộ nghèo") is
# in an earlier sentence of the paragraph.
_ELLIPTIC = re.compile(r"(?<![^\W\d_])(?:còn|xuống còn|giảm còn)\s*$")
_OPENING = re.compile(r"\(\s*(?:(?:đạt|chiếm|là|bằng)\s*)?$")  # "(4,83%)", "(đạt 54,2%)"
_IN_KIND = frozenset({"livestock", "area", "device", "mass", "gift"})
_IN_KIND_INDICATORS = frozenset(
    {"indicator/livestock-supported", "indicator/production-area-supported"}
)
_LIST_JOIN = re.compile(r"[^\d;.]{0,40}?(?:,|\svà|\scùng(?: với)?)\s*$")


@dataclass(frozen=True)
class _Rule:
    name: str
    kinds: frozenset[str]
    classes: frozenset[str]
    per: frozenset[str]
    where: dict[str, re.Pattern[str] | None]  # before/lead/after/tail/context and not_*
    support: bool | None
    indicator: str | None
    by: str | None
    unit: str | None
    group: str | None
    per_person: bool = False
    exact: bool = False


_PER_PERSON_UNITS = {
    "person-month": "vnd-per-person-per-month",
    "month": "vnd-per-person-per-month",
    "person-year": "vnd-per-person-per-year",
    "year": "vnd-per-person-per-year",
}
_WHERE = ("before", "lead", "after", "tail", "context")


@cache
def _rules() -> tuple[_Rule, ...]:
    rules = []
    for r in load("indicators")["rule"]:
        where = {w: optional(r.get(w)) for w in _WHERE}
        where |= {f"not_{w}": optional(r.get(f"not_{w}")) for w in _WHERE}
        rules.append(
            _Rule(
                name=r["name"],
                kinds=frozenset(r.get("kinds", ())),
                classes=frozenset(r.get("classes", ())),
                per=frozenset(r.get("per", ())),
                where=where,
                support=r.get("support"),
                indicator=r.get("indicator"),
                by=r.get("by"),
                unit=r.get("unit"),
                group=r.get("group"),
                per_person=bool(r.get("per_person", False)),
                exact=bool(r.get("exact", False)),
            )
        )
    return tuple(rules)


@dataclass(frozen=True)
class _Windows:
    """The texts a rule looks at, for one figure."""

    before: str
    lead: str
    after: str
    tail: str
    context: str
    earlier: str  # the sentence before, when this one refers back to it ("con số này")


def classify(
    text: str,
    figure: Figure,
    previous: Sentence | None,
    earlier: list[tuple[Figure, Classification]],
    paragraph_start: int | None = None,
) -> Classification | None:
    """The indicator, unit, group and funding source of ``figure``, or ``None``.
    ``paragraph_start``: where its paragraph starts, for a rate whose noun is said before."""
    if figure.kind == "zero":
        assert figure.zero_indicator is not None and figure.unit is not None
        return Classification(figure.zero_indicator, figure.unit, "zero-statement")
    if found := inherited(text, figure, earlier):
        return found
    windows = _windows(text, figure, previous, paragraph_start)
    support = _support(text, figure, windows, earlier)
    for rule in _rules():
        if not _applies(rule, figure, windows, support):
            continue
        result = _resolve(rule, text, figure, windows)
        if result is not None:
            return result
    if part := part_of_total(text, figure, earlier):
        return replace(part, group=_noun_group(text, figure))
    return None


def _windows(
    text: str, figure: Figure, previous: Sentence | None, paragraph_start: int | None
) -> _Windows:
    sentence = figure.sentence
    clause_start, clause_end = sentence.clause_of(figure.start)
    lead = text[sentence.start : figure.start]
    context = text[sentence.start : sentence.end]
    earlier = ""
    if previous is not None and _ANAPHOR.search(lead):
        earlier = text[previous.start : previous.end]
        context = earlier + " " + context
    elif (
        figure.kind == "percent"
        and paragraph_start is not None
        and paragraph_start < sentence.start
        and _ELLIPTIC.search(text, clause_start, figure.start)
    ):
        earlier = text[paragraph_start : sentence.start]  # only where the sentence names none
    return _Windows(
        before=text[clause_start : figure.start],
        lead=lead,
        after=text[figure.end : clause_end],
        tail=text[figure.end : sentence.end],
        context=context,
        earlier=earlier,
    )


def _applies(rule: _Rule, figure: Figure, w: _Windows, support: bool) -> bool:
    if rule.kinds and figure.kind not in rule.kinds:
        return False
    if rule.classes and (figure.noun is None or figure.noun.noun_class not in rule.classes):
        return False
    if rule.per and figure.per not in rule.per:
        return False
    if rule.support is not None and rule.support != support:
        return False
    for where in _WHERE:
        text = getattr(w, where)
        if (p := rule.where[where]) is not None and not p.search(text):
            return False
        if (p := rule.where[f"not_{where}"]) is not None and p.search(text):
            return False
    return True


def _support(text: str, figure: Figure, w: _Windows, earlier: list[tuple[Figure, Any]]) -> bool:
    """Whether the figure counts beneficiaries of a support (see graph/lexicons/context.toml)."""
    if figure.kind != "count":
        return False
    ctx = load("context")
    if (
        pattern(ctx["support_before"]).search(w.before)
        or pattern(ctx["support_after"]).match(w.after)
        or pattern(ctx["support_item"]).match(w.before)
    ):
        return True
    # "cho gần 13.200 lượt hộ nghèo; 6.230 lượt hộ cận nghèo; ...": a list goes on.
    same = [(f, c) for f, c in earlier if f.sentence == figure.sentence]
    if (
        same
        and not w.before.strip(" ,;")
        and same[-1][1].purpose is not None
        and figure.noun is not None
        and figure.noun.noun_class in ("household", "person")
    ):
        return True
    # "hỗ trợ 18 con trâu, bò sinh sản và 2.800 con gà giống", "... với 1.064 con bò, dê giống
    # và 215 ha cây dược liệu": in-kind support listed after in-kind support.
    if same and figure.noun is not None and figure.noun.noun_class in _IN_KIND:
        last, found = same[-1]
        return found.indicator in _IN_KIND_INDICATORS and bool(
            _LIST_JOIN.match(text, last.quote_end, figure.start)
        )
    return False


def _resolve(rule: _Rule, text: str, figure: Figure, w: _Windows) -> Classification | None:
    unit = rule.unit or figure.unit or ""
    if rule.per_person:
        unit = _PER_PERSON_UNITS.get(figure.per or "", unit)
    purpose: dict[str, Any] | None = None
    found: dict[str, Any] | None = None
    subject_start = len(w.lead) - len(w.before)
    if rule.by is None:
        indicator = rule.indicator
    elif rule.by == "purpose":
        purpose = nearest_purpose(text, figure, funding=False)
        entry = purpose or load("context")["default_purpose"]
        indicator = entry["beneficiaries"]
    elif rule.by == "coverage":
        entries = [c for c in load("context")["coverage"] if c.get("where") != "before"]
        found = _first_after(entries, w.after)
        indicator, unit = (found["indicator"], found.get("unit", unit)) if found else (None, unit)
    elif rule.by == "subject":
        table = "household_subject" if figure.kind == "count" else "coverage"
        entries = [c for c in load("context")[table] if c.get("where") != "after"]
        found, subject_start = nearest_before(entries, w.lead, w.earlier)
        if found is None and _OPENING.search(w.before):
            found = _first_after(entries, w.tail)  # "So với cuối năm 2023 (4,83%), tỷ lệ ..."
        indicator, unit = (found["indicator"], found.get("unit", unit)) if found else (None, unit)
    elif rule.by == "activity":
        found, _ = nearest_before(load("context")["activity"], w.lead, w.lead)
        indicator = found["indicator"] if found else None
    else:  # pragma: no cover - the lexicon test checks every `by`
        raise ValueError(f"unknown resolver {rule.by!r} in rule {rule.name}")
    if indicator is None:
        return None
    if figure.kind in ("money", "money-rate"):
        purpose = nearest_purpose(text, figure, funding=True)
    group = (found or {}).get("group") if rule.by in ("coverage", "subject") else None
    return Classification(
        indicator=indicator,
        unit=unit,
        rule=rule.name,
        group=group or _group(rule, text, figure, w, subject_start),
        funding_source=_funding_source(text, figure) if figure.kind == "money" else None,
        project=purpose.get("project") if purpose else None,
        dimension=purpose.get("dimension") if purpose else None,
        purpose=purpose["name"] if purpose else None,
        exact=rule.exact,
    )


_ASIDE = re.compile(r"\([^()]*\)")


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())


def _first_after(entries: list[dict[str, Any]], after: str) -> dict[str, Any] | None:
    """The entry matching earliest in ``after`` (the lexicon's order breaks ties)."""
    hits = [
        (m.start(), order)
        for order, entry in enumerate(entries)
        if (m := pattern(entry["pattern"]).search(after))
    ]
    return entries[min(hits)[1]] if hits else None


def nearest_before(
    entries: list[dict[str, Any]], lead: str, context: str
) -> tuple[dict[str, Any] | None, int]:
    """The entry whose match ends closest to the figure in ``lead`` (else in ``context``, the
    sentence referred back to), and where that match starts in ``lead`` (0 when in ``context``).
    Words in parentheses explain the subject ("tỷ lệ nghèo đa chiều (gồm hộ nghèo và hộ cận
    nghèo) là 4,06%"); they are not it."""
    lead, context = _ASIDE.sub(_blank, lead), _ASIDE.sub(_blank, context)
    for in_lead, text in ((True, lead), (False, context)):
        hits = [
            (-m.end(), order, m.start())
            for order, entry in enumerate(entries)
            if not entry.get("requires") or pattern(entry["requires"]).search(text)
            for m in pattern(entry["pattern"]).finditer(text)
        ]
        if hits:
            _, order, start = min(hits)
            return entries[order], start if in_lead else 0
    return None, len(lead)


def nearest_purpose(text: str, figure: Figure, funding: bool) -> dict[str, Any] | None:
    """The support purpose named nearest the figure: in its clause (before or after), then in
    the rest of its sentence (after, then before). For funding the thing paid for is named
    before the amount, or right after it ("68,7 tỷ đồng thực hiện hỗ trợ ... nhà ở")."""
    sentence = figure.sentence
    clause_start, clause_end = sentence.clause_of(figure.start)
    purposes = load("context")["purpose"]
    after = figure.quote_end if funding else figure.end
    limit = min(clause_end, after + 60) if funding else clause_end
    hits: list[tuple[int, int]] = []  # (distance, order in the lexicon)
    for order, entry in enumerate(purposes):
        regex = pattern(entry["pattern"])
        hits += [
            (figure.start - m.end(), order)
            for m in regex.finditer(text, clause_start, figure.start)
        ]
        if m := regex.search(text, after, limit):
            hits.append((m.start() - after + (40 if funding else 0), order))
    if hits or funding:
        return purposes[min(hits)[1]] if hits else None
    for start, end, backwards in (
        (clause_end, sentence.end, False),
        (sentence.start, clause_start, True),
    ):
        hits = [
            (-m.end() if backwards else m.start(), order)
            for order, entry in enumerate(purposes)
            for m in pattern(entry["pattern"]).finditer(text, start, end)
        ]
        if hits:
            return purposes[min(hits)[1]]
    return None


def _group(rule: _Rule, text: str, figure: Figure, w: _Windows, subject_start: int) -> str | None:
    ctx = load("context")
    if rule.group is None:
        return None
    if rule.group == "subject":
        phrase = w.lead[subject_start:] + " " + w.after[:40]
        em = pattern(ctx["subject_ethnic_minority"])
        return "group/ethnic-minority-households" if em.search(phrase) else None
    if rule.group != "noun":
        return rule.group
    return _noun_group(text, figure)


def _noun_group(text: str, figure: Figure) -> str | None:
    """The population group the counted noun names ("lượt hộ cận nghèo" -> near-poor)."""
    ctx = load("context")
    start = figure.end
    if figure.noun is not None and figure.noun.unit in ("household-turn", "person-turn"):
        start = figure.noun.start + len("lượt")
    window = text[start : figure.sentence.end].lstrip()
    if m := pattern(ctx["group_end"]).search(window):
        window = window[: m.start()]
    for entry in ctx["group"]:
        if pattern(entry["pattern"]).search(window.strip()):
            return str(entry["group"])
    return None


def _funding_source(text: str, figure: Figure) -> str | None:
    """The source named right after the amount ("... triệu đồng từ ngân sách Trung ương") or
    just before it ("nguồn ngân sách tỉnh 20 tỷ đồng")."""
    ctx = load("context")
    after = text[figure.end : figure.sentence.end]
    before = text[figure.sentence.start : figure.start]
    for entry in ctx["funding_source"]:
        if pattern(ctx["money_source_after"] + "(?:" + entry["pattern"] + ")").match(after):
            return str(entry["source"])
    for entry in ctx["funding_source"]:
        if pattern("(?:" + entry["pattern"] + r")[^\d;,()]{0,60}$").search(before):
            return str(entry["source"])
    return None
