"""When a figure holds: period expressions of a sentence and which figure each belongs to.

"năm 2021" -> 2021; "đến hết năm 2024" -> 2024; "giai đoạn 2021 - 2024" -> 2021-2024;
"đầu kỳ", "đầu giai đoạn 2022 - 2025" -> the first year of the period; "đến nay", "hiện có",
"hiện vẫn", "năm nay" -> the publication year (unknown when the article is not dated); "trước
ngày 31/8/2025" -> 2025; "từ năm 2023" -> the plan period that starts then; "6 tháng đầu năm",
"hết năm", "cuối năm" without a year -> the publication year. A period that
belongs to a name ("Chương trình ... giai đoạn 2021 - 2025", "chuẩn nghèo đa chiều giai đoạn
2021-2025") or is a point of comparison ("so với năm 2022") is not the period of the figures
near it, except of a property of the named thing (the poverty line of the standard, the budget
of the program) and of a figure in parentheses right after it ("so với cuối năm 2023 (5,71%)").
A period that ends before it starts ("2021 - 2015", a typo) is repaired to the same
decade when that makes sense (2021-2025), else dropped: it never reaches the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from graph.extract.lexicon import load, pattern
from graph.facts import Period


@dataclass(frozen=True)
class TimeContext:
    """What period words mean in one article."""

    published: date | None
    program: Period  # the program period "đầu kỳ"/"cuối kỳ" refer to
    plans: tuple[Period, ...] = ()  # plan periods named in the article ("giai đoạn 2023 - 2025")


@dataclass(frozen=True)
class PeriodMention:
    start: int
    end: int
    period: Period | None  # None: "đến nay" in an undated article
    kind: str
    attached: bool = False  # belongs to a name or a comparison, not to figures
    current: bool = False  # "đến nay", "hiện có": the state at publication
    repaired: str | None = None  # the written form of a repaired typo ("2021 - 2015")
    named: bool = False  # the period of a name: "chuẩn nghèo giai đoạn 2022 - 2025"


@cache
def _entries() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((p["kind"], re.compile(p["pattern"])) for p in load("time")["period"])


def program_period() -> Period:
    time = load("time")
    return Period(int(time["program_start"]), int(time["program_end"]))


def find_periods(text: str, start: int, end: int, ctx: TimeContext) -> list[PeriodMention]:
    """Every period expression in ``text[start:end]``, in order; overlaps resolved by the
    lexicon's order (longer forms first)."""
    taken: list[tuple[int, int]] = []
    found: list[PeriodMention] = []
    time = load("time")
    attached = pattern(time["attached_before"], 0)
    name = pattern(time["name_before"], 0)
    named, opening = pattern(time["named_before"], 0), pattern(time["named_opening"], 0)
    for kind, regex in _entries():
        for m in regex.finditer(text, start, end):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            mention = _mention(kind, m, ctx)
            if mention is None:
                continue
            before = text[max(start, m.start() - 100) : m.start()]
            is_named = bool(name.search(before)) or bool(
                opening.match(m.group()) and named.search(before)
            )
            found.append(
                PeriodMention(
                    m.start(),
                    m.end(),
                    mention.period,
                    kind,
                    is_named or bool(attached.search(before)),
                    mention.current,
                    mention.repaired,
                    is_named,
                )
            )
            taken.append((m.start(), m.end()))
    return _joined_years(text, sorted(found, key=lambda p: p.start))


_JOIN = re.compile(r"\s*(?:và|,)\s*")
_SINGLE_YEARS = ("year", "year_to_date")


def _joined_years(text: str, found: list[PeriodMention]) -> list[PeriodMention]:
    """ "Trong năm 2023 và 9 tháng đầu năm 2024": two years joined by "và" are one period,
    2023-2024 (reported so far when the second is part of a year)."""
    merged: list[PeriodMention] = []
    for m in found:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.kind in _SINGLE_YEARS
            and m.kind in _SINGLE_YEARS
            and not prev.attached
            and not m.attached
            and prev.period is not None
            and m.period is not None
            and prev.period.end < m.period.start
            and _JOIN.fullmatch(text, prev.end, m.start)
        ):
            period = Period(prev.period.start, m.period.end)
            merged[-1] = PeriodMention(prev.start, m.end, period, "range", current=m.current)
            continue
        merged.append(m)
    return merged


def _mention(kind: str, m: re.Match[str], ctx: TimeContext) -> PeriodMention | None:
    now = ctx.published.year if ctx.published else None
    if kind == "range":
        y1, y2 = int(m.group("y1")), int(m.group("y2"))
        if y2 < y1:
            fixed = y1 // 10 * 10 + y2 % 10
            if fixed <= y1:
                return None
            return PeriodMention(0, 0, Period(y1, fixed), kind, repaired=m.group())
        return PeriodMention(0, 0, Period(y1, y2), kind) if y2 - y1 <= 30 else None
    if kind == "year_to_date":
        y = int(m.group("y"))
        return PeriodMention(0, 0, Period(y, y), kind, current=True)
    if kind in ("year", "date"):
        y = int(m.group("y"))
        return PeriodMention(0, 0, Period(y, y), kind)
    if kind in ("range_start", "range_end"):
        y = int(m.group("y1") if kind == "range_start" else m.group("y2"))
        return PeriodMention(0, 0, Period(y, y), kind)
    if kind == "as_of":
        y = int(m.group("y"))
        return PeriodMention(0, 0, Period(y, y), kind, current=True)
    if kind == "since":
        y = int(m.group("y"))
        plans = sorted((p for p in ctx.plans if p.start == y), key=lambda p: p.end)
        return PeriodMention(0, 0, plans[0] if plans else Period(y, y), kind)
    if kind == "since_now":
        y = int(m.group("y"))
        return PeriodMention(0, 0, Period(y, now) if now and now >= y else None, kind, current=True)
    if kind == "start":
        return PeriodMention(0, 0, Period(ctx.program.start, ctx.program.start), kind)
    if kind == "end":
        return PeriodMention(0, 0, Period(ctx.program.end, ctx.program.end), kind)
    if kind == "this_year":
        return PeriodMention(0, 0, Period(now, now) if now else None, kind)
    if kind == "year_so_far":
        return PeriodMention(0, 0, Period(now, now) if now else None, kind, current=True)
    if kind == "current":
        return PeriodMention(0, 0, Period(now, now) if now else None, kind, current=True)
    raise ValueError(f"unknown period kind {kind!r} in graph/lexicons/time.toml")


def period_in_sentence(
    text: str,
    mentions: list[PeriodMention],
    figure_start: int,
    figure_end: int,
    figure_starts: list[int],
) -> PeriodMention | None:
    """The period a figure's own sentence gives it: a period after it in the same comma-clause
    (with no other figure between) wins; else the nearest period before it; else, for the last
    figure of the sentence, one stated later in its clause (up to ";"): "phấn đấu hoàn thành
    hỗ trợ 1.050 căn nhà cho hộ nghèo, hộ cận nghèo theo kế hoạch năm 2024" (a period followed
    by a figure is that figure's: "1.876 tỷ đồng, trong đó năm 2022 là 412,5 tỷ đồng")."""
    free = [p for p in mentions if not p.attached]
    before = [p for p in free if p.end <= figure_start]
    # "Năm 2024, huyện đặt mục tiêu giảm ít nhất 5% tỷ lệ hộ nghèo và phấn đấu đến cuối năm
    # 2025 ...": with a period of its own before it, a figure's clause ends at "và"
    after = period_after(text, mentions, figure_end, figure_starts, stop_at_and=bool(before))
    if after is not None:
        return after
    if before:
        return before[-1]
    if any(s >= figure_end for s in figure_starts):
        return None
    later = [p for p in free if p.start >= figure_end and p.kind != "date"]
    return later[0] if later and ";" not in text[figure_end : later[0].start] else None


_AND = re.compile(r"(?<![^\W\d_])và(?![^\W\d_])")


def period_after(
    text: str,
    mentions: list[PeriodMention],
    figure_end: int,
    figure_starts: list[int],
    stop_at_and: bool = False,
) -> PeriodMention | None:
    """The period right after a figure in its comma-clause, with no other figure between."""
    for p in mentions:
        if p.attached or p.start < figure_end:
            continue
        between = text[figure_end : p.start]
        if (
            "," in between
            or ";" in between
            or (stop_at_and and _AND.search(between))
            or any(figure_end <= s < p.start for s in figure_starts)
        ):
            return None
        return p
    return None


_RIGHT_BEFORE = re.compile(r"\s*\(\s*(?:(?:đạt|chiếm|là|bằng)\s*)?")


def period_in_parentheses(
    text: str, mentions: list[PeriodMention], figure_start: int
) -> PeriodMention | None:
    """ "so với cuối năm 2023 (5,71%)", "So với cùng kỳ năm 2023 (đạt 54,2%)": a figure in
    parentheses right after a period is that period's, even a point of comparison."""
    for m in mentions:
        if m.period is not None and _RIGHT_BEFORE.fullmatch(text, m.end, figure_start):
            return m
    return None


def named_period(mentions: list[PeriodMention], figure_start: int) -> PeriodMention | None:
    """The period of a name before the figure in its sentence ("chuẩn nghèo giai đoạn 2022 -
    2025 ... là 1,5 triệu đồng"), for a figure that is a property of the named thing."""
    before = [m for m in mentions if m.named and m.end <= figure_start and m.period]
    return before[-1] if before else None


_FROM_TO = re.compile(r"^\s*(?:giảm|tăng)?\s*(?:xuống|lên)?\s*(?:còn)?\s*$")
_FROM = re.compile(r"(?<![^\W\d_])từ\s*$")


def earlier_year_of_from_to(text: str, lead: str, between: str) -> bool:
    """ "từ 24,71% giảm xuống còn 20,04% vào cuối năm 2024": the first figure is the year before."""
    return bool(_FROM.search(lead) and _FROM_TO.match(between))


_PAIRED = re.compile(r"\s*,?\s*(?:(?:chiếm|tương đương|bằng|với)\s+)?(?:tỷ lệ\s*)?", re.I)
_OPEN = re.compile(r"\s*\(\s*(?:(?:cuối|đầu|giữa|hết)\s+)?", re.I)


def paired_period(
    text: str, mentions: list[PeriodMention], count_end: int, rate_start: int, rate_end: int
) -> PeriodMention | None:
    """ "2.318 hộ nghèo, chiếm 6,94% (cuối năm 2023)": a period in parentheses right after a
    count and its share holds for both, as one stated after the pair does."""
    if not _PAIRED.fullmatch(text, count_end, rate_start):
        return None
    for m in mentions:
        if (
            m.period is not None
            and _OPEN.fullmatch(text, rate_end, m.start)
            and re.match(r"\s*\)", text[m.end : m.end + 3])
        ):
            return m
    return None
