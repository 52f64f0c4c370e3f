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

from graph.extract import period_choice
from graph.extract import periods as per
from graph.extract import status as st
from graph.extract import tables as tab
from graph.extract.areas import AreaResolver
from graph.extract.classify import Classification, classify
from graph.extract.codelists import indicators
from graph.extract.entities import extract_entities
from graph.extract.lexicon import load, pattern
from graph.extract.mentions import Figure, figures, quoted_names
from graph.extract.text import Paragraph, Sentence, paragraphs
from graph.facts import Document, Extraction, Measurement, Period, Problem, Span

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


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
    tables: tab.Tables = field(default_factory=lambda: tab.Tables({}, frozenset()))

    @property
    def text(self) -> str:
        return self.document.text

    def paragraph(self, paragraph: Paragraph) -> None:
        text = self.text
        if paragraph.index in self.tables.furniture:
            return  # a table's title or head row: nothing to count, nothing the prose carries
        if (row := self.tables.rows.get(paragraph.index)) is not None:
            self.table_row(paragraph, row)
            return
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
            chosen = period_choice.choose(text, sentence, mentions, classified, carry, spanned)
            following = paragraph.sentences[i + 1] if i + 1 < len(paragraph.sentences) else None
            for (figure, found), mention in zip(classified, chosen, strict=True):
                self.extraction.measurements.append(
                    self.measurement(paragraph, figure, found, mention, following)
                )
            framing = [
                m for m in mentions if not m.attached and period_choice.framing(text, sentence, m)
            ]
            if framing:
                self.running = framing[-1]
            elif self.running is None and carry is not None and classified:
                self.running = carry
            free = [m for m in mentions if not m.attached]
            self.last_sentence = free[-1] if free else carry
            self.last_span = period_choice.span(free)
            ranges = [m for m in free if m.period is not None and m.period.start < m.period.end]
            self.last_range = ranges[-1] if ranges else None
            self.previous = sentence
        if not paragraph.heading:
            self.last_paragraph = self.running
        last = paragraph.sentences[-1] if paragraph.sentences else None
        if last is not None and text[last.start : last.end].rstrip().endswith(":"):
            self.listed = self.last_sentence  # a list follows: its items carry this period

    def table_row(self, paragraph: Paragraph, row: tab.TableRow) -> None:
        """A row of a table: each cell's figures, with the row's area and the column's period."""
        sentence = tab.row_sentence(paragraph, row)
        for figure in figures(self.text, sentence, []):
            found = tab.classify_cell(self.text, figure, row)
            if found is not None:
                mention = tab.cell_period(self.text, figure, row, self.ctx)
                self.extraction.measurements.append(
                    self.measurement(paragraph, figure, found, mention, None)
                )

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
        if found.indicator == "indicator/poverty-line" and _national_line(text, figure.start):
            area = "country/vn"  # the national standard, whoever quotes it
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


# "chuẩn nghèo khu vực nông thôn (1,5 triệu đồng/người/tháng)": the national line, unless a
# place or "riêng"/"của tỉnh" stands between the name of the line and its amount
_LINE_NAME = re.compile(r"(?i:chuẩn (?:cận )?nghèo)")
_LOCAL_LINE = re.compile(r"(?i:riêng|của (?:tỉnh|thành phố|địa phương)|tỉnh|thành phố|TP\.?)\s")


def _national_line(text: str, figure_start: int) -> bool:
    """Whether the poverty line at ``figure_start`` is the national one (see above)."""
    names = list(_LINE_NAME.finditer(text, max(0, figure_start - 120), figure_start))
    if not names:
        return False
    return not _LOCAL_LINE.search(text, names[-1].end(), figure_start)


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
        tables=tab.find_tables(text, paras),
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


_LIST_ITEM = re.compile(r"\s*(?:[-–+•*]\s|\d{1,2}[.)]\s|[a-zđ]\)\s)")


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
