"""Villages: "thôn Khuổi Slẻ", "bản Na Sang", "buôn", "làng", "ấp", "sóc", and a village
spoken of without its name ("18 hộ nghèo trong thôn", "Từ một thôn có hơn 60% hộ nghèo").

A village is no unit of the model, so a figure about one belongs to the commune it is in (the
commune named with it, or the last one named before it), and failing that to the district:
never to a province or district that a neighbouring sentence happens to name. The name of a
village named once is recognised later without its type word ("chi hội Khuổi Slẻ").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from graph.extract.placenames import Found

_UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
_NAME = rf"[{_UPPER}][^\W\d_]*(?:\s+[{_UPPER}][^\W\d_]*){{0,3}}"
_TYPE = r"(?:[Tt]hôn|[Bb]ản|[Bb]uôn|[Ll]àng|[Ấấ]p|[Ss]óc|[Pp]hum)"
# "thôn Khuổi Slẻ" (a capitalised name right after the type word)
_NAMED = re.compile(rf"(?<![^\W\d_]){_TYPE}\s+(?P<name>{_NAME})")
# "một thôn", "trong thôn", "của thôn", "toàn thôn", "phụ nữ thôn": one village, unnamed; not
# "nông thôn" (rural) nor "các thôn" (many villages: a figure of the unit above them)
_BARE = re.compile(
    r"(?<![^\W\d_])(?i:một|trong|của|toàn|cả|phụ nữ)\s+(?:thôn|bản|buôn|làng|ấp)(?![^\W\d_])"
    rf"(?!\s+[{_UPPER}])"
)
_AFTER = 30  # characters after a figure in which "trong thôn" still names its village


@dataclass(frozen=True)
class Villages:
    """Where the main text of one article names a village."""

    spans: tuple[tuple[int, int], ...]

    def names_one(
        self, clause_start: int, figure_start: int, figure_end: int, clause_end: int, after: int
    ) -> bool:
        """Whether the figure is about a village: one is named in its clause before it (after
        any place named there, ``after``), or right after it ("18 hộ nghèo trong thôn")."""
        lower = max(clause_start, after)
        upper = min(clause_end, figure_end + _AFTER)
        return any(
            lower <= start < figure_start or figure_end <= start < upper for start, _ in self.spans
        )


def find_villages(text: str, main: Sequence[tuple[int, int]]) -> Villages:
    """Every village mention of the main text, named ones also where their name recurs."""
    spans: list[tuple[int, int]] = []
    names: set[str] = set()
    for start, end in main:
        for m in _NAMED.finditer(text, start, end):
            spans.append(m.span())
            names.add(m.group("name"))
        spans.extend(m.span() for m in _BARE.finditer(text, start, end))
    for name in names:
        pattern = re.compile(rf"(?<![^\W\d_]){re.escape(name)}(?![^\W\d_])")
        for start, end in main:
            spans.extend(m.span() for m in pattern.finditer(text, start, end))
    return Villages(tuple(sorted(set(spans))))


def village_units(found: Sequence[Found], figure_start: int, sentence_end: int) -> list[Found]:
    """The commune, then the district, a village figure at ``figure_start`` may belong to: the
    last one named before it, else the one its sentence names after the village ("thôn Khuổi
    Slẻ (xã Kim Hỷ, huyện Na Rì)")."""
    chosen: list[Found] = []
    for levels in (("commune", "town"), ("district",)):
        units = [f for f in found if f.mention.level in levels and not f.mention.whole]
        before = [f for f in units if f.mention.start < figure_start and not f.absorbed]
        later = [f for f in units if figure_start <= f.mention.start < sentence_end]
        chosen.extend([*reversed(before), *later][:1])
    return chosen
