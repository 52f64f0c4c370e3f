"""Actual, target or forecast: the status of a figure.

``forecast`` after "dự kiến", "ước", "dự báo" in its clause; ``target`` after "mục tiêu",
"phấn đấu", "chỉ tiêu", "đề ra" ... in its clause (but not "Chương trình mục tiêu quốc gia" nor
"vượt mục tiêu đề ra"), in parentheses right after the name of a target ("vượt chỉ tiêu ...
(giảm 3,5%)"), in a sentence followed by "Đây là mục tiêu ...", or in a section of objectives
("Mục tiêu cụ thể ..." and the paragraphs after it up to the next heading); a figure for a
period not yet over at publication is a target unless its sentence says it is reached ("đã",
"đến nay"), its period is the part of the year gone by ("6 tháng đầu năm 2024", "giai đoạn
2022 - 2024" in 2024, the year itself from September on) or it is a stated fact (an
allocation, a designation, a parameter); everything else is ``actual``. Cue words live in
graph/lexicons/time.toml.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from graph.extract.lexicon import load, pattern
from graph.extract.text import Paragraph
from graph.facts import Period, Status


def _cues(text: str, start: int, end: int, cue: str) -> list[int]:
    """Ends of the cue matches in ``text[start:end]`` that are not inside a non-target phrase."""
    time = load("time")
    blocked = [  # looked for a little past the end, so that a cut phrase is still seen
        (m.start(), m.end())
        for m in pattern(time["not_target"], 0).finditer(text, start, min(len(text), end + 40))
    ]
    return [
        m.end()
        for m in pattern(time[cue], 0).finditer(text, start, end)
        if not any(s <= m.start() < e for s, e in blocked)
    ]


def clause_status(
    text: str, sentence_start: int, clause_start: int, figure_start: int, figure_end: int = -1
) -> Status | None:
    """A forecast or target cue earlier in the figure's clause, or opening its sentence; a
    target named right before the figure's parentheses, or right before the figure."""
    time = load("time")
    if pattern(time["target_in_parentheses"], 0).search(text, clause_start, figure_start):
        return "target"
    if pattern(time["plan_right_before"], 0).search(text, clause_start, figure_start):
        return "target"
    if (
        figure_end >= 0
        and pattern(time["named_target_before"], 0).search(text, clause_start, figure_start)
        and pattern(time["named_target_after"], 0).match(text, figure_end)
    ):
        return "target"
    opening = (sentence_start, min(figure_start, sentence_start + 40))
    for cue, status in (("forecast_cues", "forecast"), ("target_cues", "target")):
        if _cues(text, clause_start, figure_start, cue) or _cues(text, *opening, cue):
            return status  # type: ignore[return-value]
    return None


def backward_target(text: str, next_start: int | None, next_end: int | None) -> bool:
    """Whether the next sentence says the one before it is a target ("Đây là mục tiêu ...")."""
    if next_start is None or next_end is None:
        return False
    return bool(pattern(load("time")["backward_target"], 0).match(text[next_start:next_end]))


def target_sections(text: str, paragraphs: list[Paragraph]) -> set[int]:
    """Indices of the paragraphs in sections of objectives."""
    time = load("time")
    opener = pattern(time["section_opener"], 0)
    closer = pattern(time["section_closer"], 0)
    inside: set[int] = set()
    active = False
    for paragraph in paragraphs:
        body = text[paragraph.start : paragraph.end]
        first = paragraph.sentences[0] if paragraph.sentences else None
        if paragraph.heading:
            active = False
            continue
        if first is not None and opener.search(text[first.start : first.end]):
            active = True
        elif active and closer.search(body):
            active = False
        if active:
            inside.add(paragraph.index)
    return inside


def not_yet_over(period: Period | None, published: date | None) -> bool:
    """Whether the period runs past the publication date. A period that began in an earlier
    year is reported as progress; a report late in the year speaks of the year so far."""
    if period is None or published is None:
        return False
    if period.end > published.year:
        return True
    if period.start < published.year:
        return False  # "Giai đoạn 2022 - 2024" in 2024: the years gone by, reported as progress
    month = int(load("time")["year_end_reports_from_month"])
    return period.end == published.year and published.month < month


def achieved(text: str, start: int, figure_start: int, figure_end: int | None = None) -> bool:
    """Whether the words before the figure (from ``start``) say it is already reached: "6
    tháng đầu năm 2024, toàn tỉnh đã hỗ trợ ...; tổ chức đào tạo nghề cho 2.640 lao động"; or
    the words right after it (from ``figure_end``): "47 công trình đã được đầu tư"."""
    time = load("time")
    if pattern(time["achieved"], 0).search(text, start, figure_start):
        return True
    return figure_end is not None and bool(
        pattern(time["achieved_after"], 0).match(text[figure_end : figure_end + 60])
    )


@cache
def stated_facts() -> frozenset[str]:
    """Indicators whose figures are facts when stated, even for a period not yet over."""
    return frozenset(load("time")["stated_facts"])


def decide(
    cue: Status | None,
    backward: bool,
    in_section: bool,
    period: Period | None,
    current: bool,
    published: date | None,
    reached: bool,
) -> Status:
    """Combine the signals, strongest first."""
    if cue is not None:
        return cue
    if backward or in_section:
        return "target"
    if not current and not reached and not_yet_over(period, published):
        return "target"
    return "actual"
