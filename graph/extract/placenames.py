"""The places an article names, read once per document for ``graph.extract.areas``.

Beyond the gazetteer's own finder (``graph.gazetteer``) this adds what only the whole article
tells: which place is written as the parent of another ("xã Ngư Lộc (huyện Hậu Lộc)"); that a
unit named once with its type word is the same unit where the article names it bare ("huyện
Quế Phong" ... "Quế Phong giảm 5,41 điểm phần trăm"); and which places are only named inside a
description of another ("Huyện Pác Nặm (cũ) - từng là một trong hai huyện nghèo của Bắc Kạn -
có ...", "Tại huyện Đà Bắc, huyện nghèo duy nhất của tỉnh, ...", "Xã Ninh Thạnh Lợi là một trong
những xã khó khăn nhất của tỉnh"), since those say where that place is, not where a figure
holds. Units a new one was formed from ("trên cơ sở nhập xã A và xã B") are marked absorbed:
they are not the unit a later bare "xã" means. It also reads "lần lượt" ("Huyện A và huyện B
..., lần lượt là 37,02% và 40,15%", also "ba huyện trên ... lần lượt" after a list in an earlier
sentence): the figures after it go, in order, to the units listed
before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from graph.extract.lexicon import load
from graph.facts import Document
from graph.gazetteer import Gazetteer, PlaceMention
from graph.numbers import find_quantities

LEVEL_RANK = {"country": 0, "province": 1, "district": 2, "commune": 3, "town": 3}
_PARENT_JOIN = re.compile(r"^\s*(?:\(|,|-|–|thuộc)\s*$")
_ASIDE_DASH = re.compile(r"\s+[-–—]\s+(?=[a-zà-ỹđ])")
_ASIDE_DASH_END = re.compile(r"\s[-–—]\s|[,;.:\n]")
_ASIDE_CLAUSE = re.compile(r"\s*,\s*(?=(?:nơi|là nơi|vốn là|từng là|một trong)(?![^\W\d_]))")
_ASIDE_CLAUSE_END = re.compile(r"[,;.:\n]")
# "của tỉnh" after a superlative or a ranking describes a place ("huyện nghèo duy nhất của
# tỉnh"): the province is not where the figures of the sentence hold.
_RANKED_IN = re.compile(
    r"(?<![^\W\d_])(?:nhất|một trong[^,;.]{0,60}?)\s+(?:của|trong|toàn)\s*$", re.IGNORECASE
)
_RESPECTIVELY = re.compile(r"(?<![^\W\d_])(?i:lần lượt)(?![^\W\d_])")
_LIST_JOIN = re.compile(r"\s*(?:,|và|cùng)\s*")
# "của ba huyện trên", "các xã nói trên": units listed before this sentence
_UNITS_ABOVE = re.compile(
    r"(?<![^\W\d_])(?P<count>các|hai|ba|bốn|năm|sáu|\d)\s+(?P<type>huyện|xã|thị xã|thị trấn)"
    r"\s+(?:trên|nói trên|này|kể trên)(?![^\W\d_])",
    re.IGNORECASE,
)
_TYPE_LEVELS = {"huyện": "district", "thị xã": "district", "xã": "commune", "thị trấn": "town"}
_NUMBER_WORDS = {
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    **{str(n): n for n in range(2, 10)},
}
_LOOK_BACK = 1500  # characters: the list is in the same or the paragraphs just before


@dataclass
class Found:
    """One place mention of the article and what the article says about it."""

    mention: PlaceMention
    parent: Found | None = None
    is_parent: bool = False  # it only locates the unit before it
    path: str | None = None  # for units minted by the resolver
    aside: bool = False  # inside a description of another place
    absorbed: bool = False  # a unit merged into a new one ("trên cơ sở nhập xã A và xã B")


def read_places(document: Document, gaz: Gazetteer) -> list[Found]:
    """Every place mention of the main text of ``document``, in order of position."""
    text = document.text
    found: list[Found] = []
    for start, end in document.main_text:
        here = [Found(m) for m in gaz.find(text, start, end)]
        for a, b in pairwise(here):
            if (
                not b.mention.whole
                and not a.mention.whole
                and _PARENT_JOIN.match(text[a.mention.end : b.mention.start])
                and LEVEL_RANK[b.mention.level or "province"]
                < LEVEL_RANK[a.mention.level or "province"]
            ):
                a.parent, b.is_parent = b, True
        found.extend(here)
    found.extend(_bare_names(document, found))
    found.sort(key=lambda f: f.mention.start)
    _mark_asides(text, found)
    _mark_absorbed(text, document.main_text, found)
    return found


def _mark_absorbed(text: str, main: tuple[tuple[int, int], ...], found: list[Found]) -> None:
    """Mark the units an article says a new unit was formed from (see places.toml)."""
    places = load("places")
    cues = [re.compile(places["formed_from"]), re.compile(places["merging"])]
    end_of = re.compile(places["absorbed_end"])
    for start, end in main:
        for cue in cues:
            for m in cue.finditer(text, start, end):
                close = end_of.search(text, m.end(), end)
                stop = close.start() if close else end
                for f in found:
                    if m.end() <= f.mention.start < stop and not f.mention.whole:
                        f.absorbed = True


def _bare_names(document: Document, found: list[Found]) -> list[Found]:
    """Bare mentions of the districts and communes the article names with their type word."""
    text = document.text
    typed: dict[str, PlaceMention] = {}
    for f in found:
        m = f.mention
        if m.typed and not m.whole and m.level in ("district", "commune", "town"):
            typed.setdefault(trim_name(m.name), m)
    taken = [(f.mention.start, f.mention.end) for f in found]
    extra: list[Found] = []
    for name, m in typed.items():
        regex = re.compile(rf"(?<![^\W\d_]){re.escape(name)}(?![^\W\d_])")
        for start, end in document.main_text:
            for hit in regex.finditer(text, start, end):
                if not any(s <= hit.start() < e for s, e in taken):
                    bare = PlaceMention(hit.start(), hit.end(), name, m.level, m.candidates)
                    extra.append(Found(bare))
    return extra


def _mark_asides(text: str, found: list[Found]) -> None:
    """Mark the places named inside a description of a place: between dashes after it, or in
    a relative clause after it ("xã Sín Thầu, nơi có ngã ba biên giới Việt Nam - Lào")."""
    for f in found:
        if f.mention.whole or f.mention.level == "country":
            continue
        if m := _ASIDE_DASH.match(text, f.mention.end):
            close = _ASIDE_DASH_END.search(text, m.end())
        elif m := _ASIDE_CLAUSE.match(text, f.mention.end):
            close = _ASIDE_CLAUSE_END.search(text, m.end())
        else:
            continue
        end = close.start() if close else m.end()
        for g in found:
            if m.end() <= g.mention.start < end:
                g.aside = True
    for f in found:
        if f.mention.whole and _RANKED_IN.search(
            text, max(0, f.mention.start - 80), f.mention.start
        ):
            f.aside = True


def respective(
    text: str, found: list[Found], sentence_start: int, figure_start: int
) -> Found | None:
    """The unit a figure after "lần lượt" belongs to: the k-th figure after it goes to the k-th
    of the units of one level listed just before it ("Huyện A và huyện B ..., lần lượt là
    37,02% và 40,15%"); ``None`` when the sentence has no such list."""
    cues = list(_RESPECTIVELY.finditer(text, sentence_start, figure_start))
    if not cues:
        return None
    cue = cues[-1]
    units = [
        f
        for f in found
        if sentence_start <= f.mention.start < cue.start()
        and not (f.aside or f.is_parent or f.mention.whole)
    ]
    chain = _chain(text, units)
    if len(chain) < 2 and (back := _UNITS_ABOVE.search(text, sentence_start, cue.start())):
        chain = _listed_before(text, found, sentence_start, back)
    k = len([q for q in find_quantities(text, cue.end(), figure_start) if q.start < figure_start])
    return chain[k] if len(chain) >= 2 and k < len(chain) else None


def _chain(text: str, units: list[Found]) -> list[Found]:
    """The units of one level listed last in ``units`` ("huyện A, B và C")."""
    chain = units[-1:]
    for a in reversed(units[:-1]):
        b = chain[0]
        if a.mention.level != b.mention.level or not _LIST_JOIN.fullmatch(
            text, a.mention.end, b.mention.start
        ):
            break
        chain.insert(0, a)
    return chain


def _listed_before(text: str, found: list[Found], before: int, back: re.Match[str]) -> list[Found]:
    """ "tỷ lệ hộ nghèo của ba huyện trên giảm lần lượt ...": the last list of units of that
    level (and of that many, when the number is said) within the paragraphs just before."""
    level = _TYPE_LEVELS[back.group("type").casefold()]
    count = _NUMBER_WORDS.get(back.group("count").casefold())
    earlier = [
        f
        for f in found
        if before - _LOOK_BACK <= f.mention.start < before
        and f.mention.level == level
        and not (f.aside or f.is_parent or f.mention.whole)
    ]
    while earlier:
        chain = _chain(text, earlier)
        if len(chain) >= 2 and count in (None, len(chain)):
            return chain
        earlier = earlier[: len(earlier) - len(chain)]
    return []


def trim_name(name: str) -> str:
    """Drop a person's name glued after a place name ("Ba Bể Nguyễn ...")."""
    surnames = set(load("entities")["surnames"])
    words = name.split()
    for i, word in enumerate(words[2:], start=2):
        if word in surnames:
            return " ".join(words[:i])
    return name


_JOINED = re.compile(r"^\s*(?:,|và|cùng|với)\s*$")
AND_OTHERS = re.compile(r"\s*,?\s*(?:và|cùng)\s+(?:các|những|một số)\s")


def lists_units(found: list[Found], start: int, end: int) -> bool:
    """Whether ``text[start:end]`` names two different districts, communes or towns."""
    names = {
        (f.mention.level, trim_name(f.mention.name))
        for f in found
        if start <= f.mention.start < end
        and not (f.mention.whole or f.is_parent or f.aside)
        and f.mention.level in ("district", "commune", "town")
    }
    return len(names) >= 2


def joined(text: str, a: Found, b: Found) -> bool:
    """Two units of the same level named together ("huyện Sốp Cộp và huyện Thuận Châu")."""
    return (
        not a.mention.whole
        and not a.is_parent
        and a.mention.level == b.mention.level
        and bool(_JOINED.match(text[a.mention.end : b.mention.start]))
    )


def mint_order(f: Found) -> tuple[int, bool, int]:
    """Districts before communes; a unit named with its type word before its bare mentions."""
    return (LEVEL_RANK[f.mention.level or "province"], not f.mention.typed, f.mention.start)
