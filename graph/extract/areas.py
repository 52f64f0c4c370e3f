"""Where a figure holds: the province, district, commune or town it is about.

The nearest place named before the figure in its sentence (or after it, introduced by "tại",
"ở", "của"); else the place a paragraph opens with ("Tại huyện Na Rì, ..."); else the province
the article is about. "toàn tỉnh"/"toàn huyện" mean the province or district in focus. A
parent written after a place ("thị trấn Đồng Tâm (huyện Chợ Mới)", "xã Trần Phú, huyện Na Rì")
only locates it. A bare province name resolves to the unit valid at publication (or, for an
undated article, at the end of the figure's period); "Bắc Ninh (cũ)" to the pre-2025 unit.
Districts, communes and towns missing from the gazetteer become new entities under their
province ("district/ha-giang/meo-vac"); one whose province the article never names cannot be
placed, and its figures fall back to the article's area.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from graph.extract.lexicon import load
from graph.extract.text import Paragraph
from graph.facts import Document, Entity, Period, Span
from graph.gazetteer import Gazetteer, Place, PlaceMention, gazetteer
from graph.iris import slugify

_PARENT_JOIN = re.compile(r"^\s*(?:\(|,|-|–|thuộc)\s*$")
_INTRODUCED = re.compile(r"^(?:(?!\bvà\b)[^\d,;.]){0,40}?(?:tại|ở|của|thuộc|trên địa bàn)\s*$")
_LEVEL_WORDS = {
    "huyện": "district",
    "thị xã": "district",
    "quận": "district",
    "xã": "commune",
    "phường": "commune",
    "thị trấn": "town",
}
_LEVEL_RANK = {"country": 0, "province": 1, "district": 2, "commune": 3, "town": 3}
_EN_KIND = {
    "huyện": "District",
    "quận": "District",
    "thị xã": "Town",
    "thành phố": "City",
    "tp": "City",
    "tp.": "City",
    "xã": "Commune",
    "phường": "Ward",
    "thị trấn": "Township",
}


@dataclass
class _Found:
    mention: PlaceMention
    parent: _Found | None = None
    is_parent: bool = False
    path: str | None = None  # for units minted here


@dataclass
class AreaResolver:
    """Resolves the area of figures in one document and mints the places it does not know."""

    document: Document
    fallback_day: date | None = None
    gaz: Gazetteer = field(default_factory=gazetteer)
    entities: dict[str, Entity] = field(default_factory=dict)

    def __post_init__(self) -> None:
        text = self.document.text
        self._found: list[_Found] = []
        for start, end in self.document.main_text:
            found = [_Found(m) for m in self.gaz.find(text, start, end)]
            for a, b in pairwise(found):
                if (
                    not b.mention.whole
                    and not a.mention.whole
                    and _PARENT_JOIN.match(text[a.mention.end : b.mention.start])
                    and _LEVEL_RANK[b.mention.level or "province"]
                    < _LEVEL_RANK[a.mention.level or "province"]
                ):
                    a.parent, b.is_parent = b, True
            self._found.extend(found)
        self._default = self._default_mention()
        unknown = [f for f in self._found if not f.mention.candidates and not f.mention.whole]
        for f in sorted(unknown, key=lambda f: _LEVEL_RANK[f.mention.level or "province"]):
            self._mint(f)

    # -- public -----------------------------------------------------------------------------

    def area_for(
        self,
        paragraph: Paragraph,
        sentence_start: int,
        figure_start: int,
        figure_end: int,
        clause_end: int,
        period: Period | None,
    ) -> str:
        """The area path of a figure at ``figure_start``."""
        day = self._day(period)
        text = self.document.text
        after = [f for f in self._found if figure_end <= f.mention.start < clause_end]
        for f in after[:1]:  # "giảm 120 hộ nghèo tại huyện Bát Xát"
            introduced = _INTRODUCED.match(text[figure_end : f.mention.start])
            if introduced and not f.is_parent and (path := self._path(f, figure_start, day)):
                return path
        in_sentence = [f for f in self._found if sentence_start <= f.mention.start < figure_start]
        for k in range(len(in_sentence) - 1, -1, -1):
            f = in_sentence[k]
            if f.is_parent:
                continue
            if k > 0 and _joined(text, in_sentence[k - 1], f):
                return self.default_area(period)  # "huyện A và huyện B": both, so the province
            if path := self._path(f, figure_start, day):
                return path
        if paragraph.sentences:
            first = paragraph.sentences[0]
            opening = [f for f in self._found if first.start <= f.mention.start < first.end]
            for f in opening:
                if not f.is_parent and not f.mention.whole:
                    if path := self._path(f, figure_start, day):
                        return path
                    break
        return self.default_area(period)

    def default_area(self, period: Period | None) -> str:
        """The province the article is about, as valid for the figure."""
        if self._default is not None:
            place = self.gaz.resolve(self._default, self._day(period))
            if place is not None:
                return place.path
        if self.document.provinces:
            return self.document.provinces[0]
        # An article naming no province: the first unit it names (a district, a commune).
        for f in self._found:
            if not f.mention.whole and (path := f.path or self._path(f, f.mention.start, None)):
                return path
        return "country/vn"

    def focus_province_name(self) -> str | None:
        return self._default.name if self._default is not None else None

    def place_at(self, position: int) -> tuple[PlaceMention, str | None] | None:
        """The place mention covering ``position`` and its path (used by entity rules)."""
        for f in self._found:
            if f.mention.start <= position < f.mention.end:
                return f.mention, self._path(f, position, self._day(None))
        return None

    def resolve_focus(self, level_word: str, position: int) -> str | None:
        """The unit in focus for "UBND huyện" (no name): the last district named before."""
        level = _LEVEL_WORDS.get(level_word)
        return self._focus(level, position, self._day(None)) if level else None

    def label_of(self, path: str | None, lang: str = "vi") -> str | None:
        """The label of a place path (gazetteer or minted here)."""
        if path is None:
            return None
        if (place := self.gaz.get(path)) is not None:
            return place.label_vi if lang == "vi" else place.label_en
        if (entity := self.entities.get(path)) is not None:
            return entity.label_vi if lang == "vi" else entity.label_en
        return None

    # -- internals --------------------------------------------------------------------------

    def _day(self, period: Period | None) -> date | None:
        if self.document.published is not None:
            return self.document.published
        if period is not None:
            return date(period.end, 12, 31)
        return self.fallback_day

    def _path(self, f: _Found, position: int, day: date | None) -> str | None:
        m = f.mention
        if m.whole:
            if m.level == "province":
                return self.default_area(None) if day is None else self._default_on(day)
            return self._focus(m.level, position, day)
        if f.path is not None:
            return f.path
        place = self.gaz.resolve(m, day)
        return place.path if place is not None else None

    def _default_on(self, day: date) -> str:
        if self._default is not None and (place := self.gaz.resolve(self._default, day)):
            return place.path
        return self.default_area(None)

    def _focus(self, level: str | None, position: int, day: date | None) -> str | None:
        """The most recent unit of this level named before ``position``."""
        levels = {
            "district": ("district",),
            "commune": ("commune", "town"),
            "town": ("town", "commune"),
        }
        wanted = levels.get(level or "", ())
        for f in reversed([f for f in self._found if f.mention.start < position]):
            if f.mention.level in wanted and not f.mention.whole:
                return self._path(f, position, day)
        return None

    def _default_mention(self) -> PlaceMention | None:
        if not self.document.provinces:
            return None
        target = self.document.provinces[0]
        day = self.document.published or self.fallback_day
        for f in self._found:
            m = f.mention
            if m.level == "province" and m.candidates and not m.old:
                place = self.gaz.resolve(m, day)
                if place is not None and place.path == target:
                    return m
        for f in self._found:
            if f.mention.candidates and any(p.path == target for p in f.mention.candidates):
                return f.mention
        return None

    def _mint(self, f: _Found) -> None:
        """A new district, commune or town for a typed name the gazetteer does not know."""
        m = f.mention
        text = self.document.text
        name = _trim_name(m.name)
        type_word = text[m.start : m.end].split(name)[0].strip().casefold()
        span_end = text.index(name, m.start) + len(name)
        province_path = self._province_path(f)
        if province_path is None:
            return  # a unit of an unknown province cannot be placed: figures fall back
        province = province_path.rsplit("/", 1)[-1].removesuffix("-pre-2025")
        slug = slugify(name)
        if m.level == "district":
            path = f"district/{province}/{slug}"
            kind, parent = "district", province_path
        else:
            district = f.parent if f.parent and f.parent.mention.level == "district" else None
            district_slug = None
            if district is not None:
                district_path = district.path or self._path(district, m.start, self._day(None))
                district_slug = district_path.rsplit("/", 1)[-1] if district_path else None
            parts = [p for p in ("commune", province, district_slug, slug) if p]
            path = "/".join(parts)
            kind = "town" if m.level == "town" else "commune"
            parent = (
                (district.path or self._path(district, m.start, self._day(None)))
                if district
                else province_path
            )
        f.path = path
        if path not in self.entities:
            kind_en = _EN_KIND.get(type_word, kind.capitalize())
            self.entities[path] = Entity(
                kind=kind,  # type: ignore[arg-type]
                path=path,
                label_vi=name,
                label_en=f"{name} {kind_en}",
                span=Span(m.start, span_end, text[m.start : span_end]),
                links=(("part-of", parent),) if parent else (),
            )

    def _province_path(self, f: _Found) -> str | None:
        chain = f.parent
        while chain is not None:
            if chain.mention.level == "province" and chain.mention.candidates:
                place = self.gaz.resolve(chain.mention, self._day(None))
                return place.path if place else None
            if chain.path is None and chain.mention.candidates:
                place = self.gaz.resolve(chain.mention, self._day(None))
                if place is not None:
                    return _province_of(self.gaz, place)
            chain = chain.parent
        default = self.default_area(None)
        return None if default == "country/vn" else default


_JOINED = re.compile(r"^\s*(?:,|và|cùng|với)\s*$")


def _joined(text: str, a: _Found, b: _Found) -> bool:
    """Two units of the same level named together ("huyện Sốp Cộp và huyện Thuận Châu")."""
    return (
        not a.mention.whole
        and not a.is_parent
        and a.mention.level == b.mention.level
        and bool(_JOINED.match(text[a.mention.end : b.mention.start]))
    )


def _province_of(gaz: Gazetteer, place: Place) -> str | None:
    current: Place | None = place
    while current is not None and current.level != "province":
        current = gaz.get(current.part_of) if current.part_of else None
    return current.path if current else None


def _trim_name(name: str) -> str:
    """Drop a person's name glued after a place name ("Ba Bể Nguyễn ...")."""
    surnames = set(load("entities")["surnames"])
    words = name.split()
    for i, word in enumerate(words[2:], start=2):
        if word in surnames:
            return " ".join(words[:i])
    return name
