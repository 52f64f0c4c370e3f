"""Figures that take their meaning from the figure before them in the same sentence.

A share in parentheses is the share of the count before it ("106/108 xã (98,1%)"); a share
"đạt 24,3%" right after a count of units with a status is that count as a share ("18/74 huyện
nghèo thoát khỏi tình trạng nghèo, đạt 24,3%"); a target right after a share ("..., chưa đạt mục
tiêu 30%") is a target of the same measure; in a review table the result follows its plan
("kế hoạch 2,5%, thực hiện 3,12%": both drops of the rate in percentage points); the figures
listed after a drop "lần lượt" are drops too ("giảm lần lượt 0,42%, 0,51% và 0,37%"); "đạt 84,8%"
right after a count of outputs ("đã khởi công 2.895 căn, đạt 84,8%") is that count as a share
of its plan; an amount listed right after a support level is a support level of the same kind
of item, unless it is another kind of money ("... 40 triệu đồng/căn; giải ngân 103,2 tỷ
đồng") or far larger (a total, not a level per house). These rules
run before the lexicon's rules (``graph.extract.classify``), since the words right before such a
figure ("đạt", "thực hiện") say nothing of what it counts. One runs after them, for a figure
they cannot read: the parts after "trong đó có" of a total ("23.450 lượt hộ vay vốn, trong đó
có 4.612 lượt hộ nghèo, 3.985 lượt hộ cận nghèo và 2.240 lượt hộ mới thoát nghèo") count what
the total counts.
"""

from __future__ import annotations

import re

from graph.extract.classification import Classification
from graph.extract.mentions import Figure

_PARENTHESIS = re.compile(r"^\s*\(\s*$")
_LIST_ITEM = re.compile(r"^[^\d,;.()]{0,20}[,;]\s*[^\W\d][^\d,;.()]{0,30}$")
_SHARE_OF_COUNT = re.compile(
    r"^[^\d;.()]{0,100}?,\s*(?:đạt|bằng|tương đương(?: với)?)\s*(?:tỷ lệ\s*)?$"
)
_TARGET_AFTER_SHARE = re.compile(
    r"^\s*,?\s*(?:(?:chưa|không|đã|vượt)\s+)?(?:đạt\s+)?(?:so với\s+)?"
    r"(?:mục tiêu|chỉ tiêu|kế hoạch)(?:\s+(?:là|đề ra|đặt ra|giao))?\s*$"
)
_PLAN = re.compile(r"(?<![^\W\d_])(?:kế hoạch|chỉ tiêu|mục tiêu|KH)\s*(?:là|giao|đề ra)?\s*:?\s*$")
_RESULT = re.compile(
    r"^\s*[,;]?\s*(?:thực hiện|hoàn thành|kết quả|đạt được|ước thực hiện|ước đạt)"
    r"\s*(?:được\s*)?:?\s*$"
)
_SHARE_OF_PLAN = re.compile(r"^\s*,\s*đạt\s*$")
_NOUN_AFTER = re.compile(r"^\s*(?:của\s+)?(?:tổng|số|hộ|người|xã|thôn|dân số)(?![^\W\d_])")
_UNIT_CLASSES = frozenset({"district", "commune", "village"})
_SUPPORT_LEVEL = "indicator/support-level"
_PLAN_FULFILMENT = "indicator/plan-fulfilment"
_MONEY_VERB = re.compile(
    r"(?<![^\W\d_])(?:giải ngân|phân bổ|bố trí|huy động|vận động|tổng|đầu tư|cho vay|dư nợ)"
    r"(?![^\W\d_])"
)
_PARTS_OPEN = re.compile(r"^[^\d;.()]{0,30}?,\s*trong đó(?:\s+(?:có|gồm|bao gồm))?\s*:?\s*$")
_IN_TURN = re.compile(r"(?<![^\W\d_])lần lượt(?![^\W\d_])")
_IN_TURN_NEXT = re.compile(r"^\s*(?:,|;|và)\s*$")
_PARTS_NEXT = re.compile(r"^\s*(?:,|;|và)\s*$")
PART_OF_TOTAL = "part-of-total"
_LEVEL_SCALE = 20  # a listed support level is of the same order as the one before it


def inherited(
    text: str, figure: Figure, earlier: list[tuple[Figure, Classification]]
) -> Classification | None:
    """The classification ``figure`` takes from the figure before it, or ``None``."""
    same = [(f, c) for f, c in earlier if f.sentence == figure.sentence]
    if not same:
        return None
    last, found = same[-1]
    between = text[last.quote_end : figure.start]
    if figure.kind == "percent":
        if (
            found.unit == "percentage-point"
            and _IN_TURN_NEXT.match(between)
            and _IN_TURN.search(text, figure.sentence.start, last.start)
        ):  # "giảm lần lượt 0,42%, 0,51% và 0,37%": each a drop in points, as the first
            return Classification(found.indicator, found.unit, "listed-in-turn", found.group)
        if _PARENTHESIS.match(between):
            return Classification(found.indicator, "percent", "share-in-parentheses", found.group)
        if (
            _SHARE_OF_COUNT.match(between)
            and last.noun is not None
            and last.noun.noun_class in _UNIT_CLASSES
        ):
            return Classification(found.indicator, "percent", "share-of-count", found.group)
        if (
            _SHARE_OF_PLAN.match(between)
            and last.kind == "count"
            and last.out_of is None
            and last.noun is not None
            and last.noun.noun_class not in _UNIT_CLASSES
            and not _NOUN_AFTER.match(text, figure.end)
        ):
            return Classification(_PLAN_FULFILMENT, "percent-of-plan", "share-of-plan")
        if (
            last.kind == "percent"
            and found.unit == "percent"
            and _TARGET_AFTER_SHARE.match(between)
        ):
            return Classification(found.indicator, "percent", "share-target", found.group)
    if (
        figure.kind == last.kind
        and _RESULT.match(between)
        and _PLAN.search(text, figure.sentence.start, last.start)
    ):
        return Classification(
            found.indicator, found.unit, "plan-result", found.group, found.funding_source,
            found.project, found.dimension, found.purpose,
        )  # fmt: skip
    if (
        figure.kind == "money"
        and found.indicator == _SUPPORT_LEVEL
        and _LIST_ITEM.match(text[last.end : figure.start])
        and not _MONEY_VERB.search(text, last.end, figure.start)
        and figure.value <= last.value * _LEVEL_SCALE
    ):
        return Classification(found.indicator, found.unit, found.rule)
    return None


def part_of_total(
    text: str, figure: Figure, earlier: list[tuple[Figure, Classification]]
) -> Classification | None:
    """A count after "trong đó (có)" right after a count in the same unit, or listed after such a
    part: what the total counts (the population group comes from the part's own noun)."""
    same = [(f, c) for f, c in earlier if f.sentence == figure.sentence]
    if figure.kind != "count" or not same:
        return None
    last, found = same[-1]
    if last.kind != "count" or last.unit != figure.unit:
        return None
    between = text[last.quote_end : figure.start]
    if _PARTS_OPEN.match(between) or (found.rule == PART_OF_TOTAL and _PARTS_NEXT.match(between)):
        return Classification(
            found.indicator, found.unit, PART_OF_TOTAL, None, found.funding_source,
            found.project, found.dimension, found.purpose,
        )  # fmt: skip
    return None
