"""Run the rules over one document: sentence by sentence, figure by figure.

Each figure gets an indicator (``classify``), a period, a status and an area. A period stated
in a sentence applies to its figures; one that opens a sentence ("Năm 2024, ...") carries to the
next sentences of its paragraph; a sentence that explicitly goes on from the one before
("Trong đó, ...", "Riêng ...", "Tổng kinh phí ...") takes that sentence's period, even across a
paragraph break; otherwise a figure has no period. A failure of a
rule on one paragraph is reported with its line and does not stop the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from graph.extract import periods as per
from graph.extract import status as st
from graph.extract.areas import AreaResolver
from graph.extract.classify import Classification, classify
from graph.extract.codelists import indicators
from graph.extract.entities import extract_entities
from graph.extract.lexicon import load, pattern
from graph.extract.mentions import Figure, figures, quoted_names
from graph.extract.text import Paragraph, Sentence, paragraphs
from graph.facts import Document, Extraction, Measurement, Period, Problem, Span

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_AVERAGE = "indicator/average-annual-poverty-rate-reduction"


@dataclass
class _Article:
    """One article being extracted, and what carries from one sentence or paragraph to the next."""

    document: Document
    extraction: Extraction
    ctx: per.TimeContext
    areas: AreaResolver
    sections: set[int]  # paragraphs in a section of objectives
    program: bool  # the article is about the National Target Program
    running: per.PeriodMention | None = None  # period framing the current paragraph
    last_paragraph: per.PeriodMention | None = None  # the one framing the paragraph before
    previous: Sentence | None = None
    last_sentence: per.PeriodMention | None = None  # the period of the sentence before
    warned: set[int] = field(default_factory=set)
    last_span: per.PeriodMention | None = None  # all the years the sentence before names
    last_range: per.PeriodMention | None = None  # the last range the sentence before names
    listed: per.PeriodMention | None = None  # "... năm 2024 như sau:": frames the list after it

    @property
    def text(self) -> str:
        return self.document.text

    def paragraph(self, paragraph: Paragraph) -> None:
        text = self.text
        self.running = None
        if self.listed is not None and _LIST_ITEM.match(text, paragraph.start):
            self.running = self.listed
        else:
            self.listed = None
        excluded = quoted_names(text, paragraph.start, paragraph.end)
        continuation = pattern(load("time")["continuation"], 0)
        for i, sentence in enumerate(paragraph.sentences):
            mentions = per.find_periods(text, sentence.start, sentence.end, self.ctx)
            self.warn_repairs(mentions)
            classified: list[tuple[Figure, Classification]] = []
            for figure in figures(text, sentence, excluded):
                found = classify(text, figure, self.previous, classified, paragraph.start)
                if found is not None:
                    classified.append((figure, found))
            carry, spanned = self.running, None
            opening = text[sentence.start : sentence.end]
            if pattern(load("time")["same_period"], 0).match(opening):
                carry = self.last_span or self.last_sentence  # "Cùng kỳ, ..."
            elif self.last_range and pattern(load("time")["capital_pointer"], 0).match(opening):
                carry = self.last_range  # "Từ nguồn vốn này, ..."
            elif continuation.match(opening):
                spanned = self.last_span  # "Như vậy, bình quân mỗi năm ... giảm 2,37 điểm"
                if carry is None:
                    pointed = pattern(load("time")["previous_sentence"], 0).match(opening)
                    carry = self.last_sentence if i > 0 or pointed else self.last_paragraph
            chosen = _periods(text, sentence, mentions, classified, carry, spanned)
            following = paragraph.sentences[i + 1] if i + 1 < len(paragraph.sentences) else None
            for (figure, found), mention in zip(classified, chosen, strict=True):
                self.extraction.measurements.append(
                    self.measurement(paragraph, figure, found, mention, following)
                )
            framing = [m for m in mentions if not m.attached and _framing(text, sentence, m)]
            if framing:
                self.running = framing[-1]
            elif self.running is None and carry is not None and classified:
                self.running = carry
            free = [m for m in mentions if not m.attached]
            self.last_sentence = free[-1] if free else carry
            self.last_span = _span(free)
            ranges = [m for m in free if m.period is not None and m.period.start < m.period.end]
            self.last_range = ranges[-1] if ranges else None
            self.previous = sentence
        if not paragraph.heading:
            self.last_paragraph = self.running
        last = paragraph.sentences[-1] if paragraph.sentences else None
        if last is not None and text[last.start : last.end].rstrip().endswith(":"):
            self.listed = self.last_sentence  # a list follows: its items carry this period

    def measurement(
        self,
        paragraph: Paragraph,
        figure: Figure,
        found: Classification,
        mention: per.PeriodMention | None,
        following: Sentence | None,
    ) -> Measurement:
        text, document, sentence = self.text, self.document, figure.sentence
        info = indicators().get(found.indicator)
        if info is None:
            raise ValueError(f"rule {found.rule} gives {found.indicator}, not in the code list")
        period = mention.period if mention is not None else None
        clause_start, clause_end = sentence.clause_of(figure.start)
        status = st.decide(
            cue=st.clause_status(text, sentence.start, clause_start, figure.start, figure.end),
            backward=following is not None
            and st.backward_target(text, following.start, following.end),
            in_section=paragraph.index in self.sections,
            # a stated fact (an allocation, a designation) is no target for being in an open period
            period=None if found.indicator in st.stated_facts() else period,
            current=mention.current if mention is not None else False,
            published=document.published,
            reached=st.achieved(
                text,
                _reach_start(sentence, clause_start, clause_end, mention),
                figure.start,
                figure.quote_end,
            ),
        )
        area = self.areas.area_for(
            paragraph, sentence.start, figure.start, figure.quote_end, clause_end, period
        )
        return Measurement(
            document=document.slug,
            span=Span(
                figure.quote_start, figure.quote_end, text[figure.quote_start : figure.quote_end]
            ),
            indicator=found.indicator,
            value=figure.value,
            unit=f"unit/{found.unit}",
            area=area,
            status=status,
            rule=found.rule,
            value_max=figure.value_max,
            qualifier=_qualifier(figure.qualifier, found),  # type: ignore[arg-type]
            out_of=figure.out_of,
            period=period,
            dimension=found.dimension or info.dimension,
            project=found.project or info.project,
            program=_program(self.program, period),
            population_group=found.group,
            funding_source=found.funding_source,
        )

    def warn_repairs(self, mentions: list[per.PeriodMention]) -> None:
        """A typo such as "2021 - 2015" is repaired; say so, once, with its line."""
        for m in mentions:
            if m.repaired and m.period is not None and m.start not in self.warned:
                self.warned.add(m.start)
                self.extraction.problems.append(
                    Problem(
                        self.document.file_name,
                        _line(self.text, m.start),
                        f"period {m.repaired!r} ends before it starts; read as {m.period.code}",
                    )
                )


def run(document: Document, extraction: Extraction) -> None:
    """Fill ``extraction`` with the measurements, entities and problems of ``document``."""
    text = document.text
    paras = paragraphs(document)
    main = " ".join(text[s:e] for s, e in document.main_text)
    program = bool(re.search(load("time")["program_pattern"], main))
    areas = AreaResolver(document, fallback_day=_fallback_day(document))
    article = _Article(
        document,
        extraction,
        _time_context(document, paras),
        areas,
        st.target_sections(text, paras),
        program,
    )
    for paragraph in paras:
        try:
            article.paragraph(paragraph)
        except Exception as error:  # a rule bug must not lose the rest of the article
            line = _line(text, paragraph.start)
            problem = Problem(document.file_name, line, f"extraction failed: {error!r}")
            extraction.problems.append(problem)
    try:
        extraction.entities.extend(extract_entities(document, areas, program))
    except Exception as error:
        problem = Problem(document.file_name, None, f"entity extraction failed: {error!r}")
        extraction.problems.append(problem)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _time_context(document: Document, paras: list[Paragraph]) -> per.TimeContext:
    """Program period and the plan periods the article names (for "từ năm 2023")."""
    base = per.TimeContext(document.published, per.program_period())
    plans: list[Period] = []
    for p in paras:
        for m in per.find_periods(document.text, p.start, p.end, base):
            if m.kind == "range" and m.attached and m.period is not None and m.period not in plans:
                plans.append(m.period)
    return per.TimeContext(document.published, per.program_period(), tuple(plans))


def _fallback_day(document: Document) -> date | None:
    """For an undated article: the end of the typical year it speaks of (upper median)."""
    if document.published is not None:
        return document.published
    years = sorted(
        int(m.group()) for s, e in document.main_text for m in _YEAR.finditer(document.text, s, e)
    )
    years = [y for y in years if 1990 <= y <= 2100]
    return date(years[len(years) // 2], 12, 31) if years else None


_FRAMING_AFTER = re.compile(r"\s*,")
_LIST_ITEM = re.compile(r"\s*(?:[-–+•*]\s|\d{1,2}[.)]\s|[a-zđ]\)\s)")


def _framing(text: str, sentence: Sentence, mention: per.PeriodMention) -> bool:
    """A period that opens its sentence ("Năm 2024, ...", "Đến nay, ..."): it frames the
    sentences after it in the paragraph too, also after an attribution ("Theo Sở ..., đến
    ngày 28/2/2025, ...")."""
    prefix = text[sentence.start : mention.start]
    if attribution := pattern(load("time")["attribution_opening"], 0).match(prefix):
        prefix = prefix[attribution.end() :]
    return (
        mention.kind != "date"
        and len(prefix) <= 40
        and not re.search(r"\d", prefix)
        and bool(_FRAMING_AFTER.match(text, mention.end))
    )


def _periods(
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
        if found.indicator == _AVERAGE:
            spanned = [m for m in mentions if not m.attached and m.end <= figure.start and m.period]
            if len(spanned) >= 2:
                mention = _span(spanned)
            elif own is None and carried_span is not None:
                mention = carried_span  # an average over the years the sentence before spans
        chosen.append(mention)
    # "giảm từ 9.371 hộ (9,86%) đầu kỳ xuống còn 4.862 hộ (5,12%) vào cuối năm 2023": a count
    # and its share in parentheses hold at the same time, the one stated right after the pair
    for k in range(len(classified) - 1):
        (f1, _), (f2, c2) = classified[k], classified[k + 1]
        if c2.rule != "share-in-parentheses":
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


def _span(mentions: list[per.PeriodMention]) -> per.PeriodMention | None:
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


def _reach_start(
    sentence: Sentence, clause_start: int, clause_end: int, mention: per.PeriodMention | None
) -> int:
    """Where to look for "đã" (already): from the start of the sentence, since it governs the
    list of clauses after it ("6 tháng đầu năm 2024, toàn tỉnh đã hỗ trợ ...; tổ chức đào tạo
    nghề cho 2.640 lao động"), unless the figure's clause states a period of its own."""
    own = mention is not None and clause_start <= mention.start < clause_end
    return clause_start if own else sentence.start


def _qualifier(qualifier: str | None, found: Classification) -> str | None:
    """A threshold's own value is exact ("từ 1,5 triệu đồng/tháng trở xuống" is the line)."""
    return None if found.exact and qualifier in ("at-least", "at-most") else qualifier


def _program(mentioned: bool, period: Period | None) -> str | None:
    """The National Target Program when the article is about it (its successor from 2026)."""
    if not mentioned:
        return None
    time = load("time")
    if period is not None and period.start >= int(time["successor_start"]):
        return str(time["successor_program"])
    if period is not None and period.end < int(time["program_start"]):
        return None
    return str(time["program"])
