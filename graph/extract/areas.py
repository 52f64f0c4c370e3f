"""Where a figure holds: the country, province, district, commune or town it is about.

The nearest place named before the figure in its sentence (or after it, introduced by "tại",
"ở", "của"); else the place a paragraph opens with, before its first figure ("Tại huyện Na Rì,
..."); else the province the article is about, or the country for an article about none (a
national review). "cả nước" is the country; "toàn tỉnh", and a bare "tỉnh"/"huyện"/"xã" as a
subject ("Năm 2025, tỉnh phấn đấu ...", "của xã"), the unit in focus. A parent written after a
place ("thị trấn Đồng Tâm (huyện Chợ Mới)") and places inside a description of a place
(``graph.extract.placenames``) only locate it. A bare province name resolves to the unit valid
at publication (or, for an undated article, at the end of the figure's period); "(cũ)" to the
pre-2025 unit, "(mới)" to the merged one. Districts, communes and towns missing from the
gazetteer become new entities: a district under its province (for a merged province, the
pre-merger one the text names with it), a commune under the district the text speaks of while
districts existed, or under the merged province after 1 July 2025. One whose province the
article never names cannot be placed, and its figures fall back to the article's area.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from graph.extract.placenames import (
    AND_OTHERS,
    Found,
    joined,
    lists_units,
    mint_order,
    read_places,
    respective,
    trim_name,
)
from graph.extract.text import Paragraph
from graph.extract.villages import find_villages, village_units
from graph.facts import Document, Entity, Period, Span
from graph.gazetteer import Gazetteer, PlaceMention, gazetteer
from graph.iris import slugify
from graph.numbers import find_quantities

_DISTRICTS_ABOLISHED = date(2025, 7, 1)
_INTRODUCED = re.compile(
    r"^(?:(?!\bvà\b)[^\d,;.]){0,40}?(?:tại|ở|của|thuộc|trên địa bàn|trong)\s*$"
)
# "86 hộ nghèo, hộ cận nghèo trong xã": the rest of a list of groups before "trong xã"
_GROUP_LIST = re.compile(r"^(?:\s*(?:,|và)\s*(?:hộ|người)(?:\s+[^\W\d_]+){1,2})*\s*$")
_LEVEL_WORDS = {
    "huyện": "district",
    "thị xã": "district",
    "quận": "district",
    "xã": "commune",
    "phường": "commune",
    "thị trấn": "town",
}
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
class AreaResolver:
    """Resolves the area of figures in one document and mints the places it does not know."""

    document: Document
    fallback_day: date | None = None
    gaz: Gazetteer = field(default_factory=gazetteer)
    entities: dict[str, Entity] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._found = read_places(self.document, self.gaz)
        self._villages = find_villages(self.document.text, self.document.main_text)
        self._minted: dict[tuple[str | None, str], str] = {}  # (level, name) -> path
        self._default = self._default_mention()
        unknown = [f for f in self._found if not f.mention.candidates and not f.mention.whole]
        for f in sorted(unknown, key=mint_order):
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
            if AND_OTHERS.match(text, f.mention.end):
                break  # "tại huyện Tân Sơn và các xã đặc biệt khó khăn": more than that unit
            between = text[figure_end : f.mention.start]
            # "... cho 86 hộ nghèo trong xã vay vốn": "trong xã" names the unit in focus
            introduced = _INTRODUCED.match(between) or (
                f.mention.whole and _GROUP_LIST.match(between)
            )
            if introduced and not f.is_parent and (path := self._path(f, figure_start, day)):
                return path
        listed = respective(text, self._found, sentence_start, figure_start)
        if listed is not None and (path := self._path(listed, figure_start, day)):
            return path  # "Huyện A và huyện B ..., lần lượt là 37,02% và 40,15%"
        # a place an earlier clause names after its own figure does not reach the next clauses
        # ("46 công trình tại huyện Tân Sơn; Dự án 4 đào tạo nghề cho 2.350 người")
        first = find_quantities(text, sentence_start, figure_start)
        frame_end = first[0].start if first else figure_start
        clause_start = text.rfind(";", sentence_start, figure_start) + 1 or sentence_start
        in_sentence = [
            f
            for f in self._found
            if sentence_start <= f.mention.start < figure_start
            and not f.aside
            and (f.mention.start < frame_end or f.mention.start >= clause_start)
        ]
        places_end = max((f.mention.end for f in in_sentence), default=sentence_start)
        if self._villages.names_one(clause_start, figure_start, figure_end, clause_end, places_end):
            sentence_end = next(s.end for s in paragraph.sentences if s.end > figure_start)
            for f in village_units(self._found, figure_start, sentence_end):
                if path := self._path(f, figure_start, day):
                    return path  # "thôn Khuổi Slẻ còn 22 hộ nghèo": the village's commune
        for k in range(len(in_sentence) - 1, -1, -1):
            f = in_sentence[k]
            if f.is_parent:
                continue
            if k > 0 and joined(text, in_sentence[k - 1], f):
                return self.default_area(period)  # "huyện A và huyện B": both, so the province
            if path := self._path(f, figure_start, day):
                return path
        if paragraph.sentences:
            first = paragraph.sentences[0]
            quantities = find_quantities(text, first.start, first.end)
            frame_end = quantities[0].start if quantities else first.end
            opening = [
                f for f in self._found if first.start <= f.mention.start < frame_end and not f.aside
            ]
            if lists_units(self._found, first.start, first.end):
                opening = []  # "trong đó huyện A được bố trí 41,8 tỷ đồng, huyện B 30,5 tỷ đồng"
            for f in opening:  # "Tại huyện Na Rì, ...", "Từ năm 2022 đến nay, huyện hỗ trợ ..."
                if not f.is_parent and (not f.mention.whole or f.mention.level != "province"):
                    if path := self._path(f, figure_start, day):
                        return path
                    break
        return self.title_area(day) or self.default_area(period)

    def title_area(self, day: date | None) -> str | None:
        """The district, commune or town an article's title is about ("Hoa Thám: Đổi thay từ
        những đồng vốn giảm nghèo", "Mèo Vạc chuyển biến ..."): the area of its figures that
        name no place of their own."""
        title = self.document.main_text[0] if self.document.title else None
        if title is None:
            return None
        if lists_units(self._found, *title):
            return None  # "Giảm nghèo ở Hướng Hóa và Đakrông": both, so the province
        for f in self._found:
            if not title[0] <= f.mention.start < title[1] or f.mention.whole:
                continue
            if f.mention.level in ("district", "commune", "town"):
                return self._path(f, f.mention.start, day)
        return None

    def default_area(self, period: Period | None) -> str:
        """The province the article is about, as valid for the figure."""
        if self._default is not None:
            place = self.gaz.resolve(self._default, self._day(period))
            if place is not None:
                return place.path
        if self.document.provinces:
            return self.document.provinces[0]
        # An article about no province: the district or commune its title or lead names (a
        # district's own news), else the country (a national review that lists provinces).
        lead = self.document.main_text[:2]
        for f in self._found:
            if f.mention.whole or f.mention.level not in ("district", "commune", "town"):
                continue
            if not any(s <= f.mention.start < e for s, e in lead):
                break
            if path := f.path or self._path(f, f.mention.start, None):
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

    def _path(self, f: Found, position: int, day: date | None) -> str | None:
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
            if f.mention.level in wanted and not f.mention.whole and not f.absorbed:
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

    def _mint(self, f: Found) -> None:
        """A new district, commune or town for a typed name the gazetteer does not know."""
        m = f.mention
        text = self.document.text
        name = trim_name(m.name)
        if (key := (m.level, name)) in self._minted and f.parent is None:
            f.path = self._minted[key]  # named again: the same unit
            return
        type_word = text[m.start : m.end].split(name)[0].strip().casefold().split(" ")[0]
        type_word = "thị trấn" if type_word == "thị" else type_word
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
            district = self._district_of(f)
            district_path = None
            if district is not None:
                district_path = district.path or self._path(district, m.start, self._day(None))
            district_slug = district_path.rsplit("/", 1)[-1] if district_path else None
            if district_path and district_path.startswith("district/"):
                province = district_path.split("/")[1]
            parts = [p for p in ("commune", province, district_slug, slug) if p]
            path = "/".join(parts)
            kind = "town" if m.level == "town" else "commune"
            parent = district_path or province_path
        f.path = path
        self._minted.setdefault((m.level, name), path)
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

    def _district_of(self, f: Found) -> Found | None:
        """The district of a commune: written after it ("xã Ngư Lộc (huyện Hậu Lộc)"); else,
        while districts existed, the district the text was speaking of ("Tại huyện Mường
        Tè, ... xã Pa Vệ Sủ"). Communes named after 30 Jun 2025 have no district."""
        if f.parent is not None and f.parent.mention.level == "district":
            return f.parent
        day = self._day(None)
        if day is not None and day >= _DISTRICTS_ABOLISHED:
            return None
        before = [
            g
            for g in self._found
            if g.mention.start < f.mention.start
            and g.mention.level == "district"
            and not g.mention.whole
            and not g.mention.old
        ]
        return before[-1] if before else None

    def _province_path(self, f: Found) -> str | None:
        chain = f.parent
        while chain is not None:
            if chain.mention.level == "province" and chain.mention.candidates:
                place = self.gaz.resolve(chain.mention, self._day(None))
                return place.path if place else None
            if chain.path is None and chain.mention.candidates:
                place = self.gaz.resolve(chain.mention, self._day(None))
                if place is not None:
                    return self.gaz.province_of(place.path)
            chain = chain.parent
        if named := self._province_named_before(f):
            return named
        default = self.default_area(None)
        if default == "country/vn" or not default.startswith("province/"):
            return None if default == "country/vn" else self.gaz.province_of(default)
        if f.mention.level == "district":
            return self._predecessor_named(f, default)
        return default

    def _province_named_before(self, f: Found) -> str | None:
        """In an article about no one province (a national review), a district or commune is
        in the province the paragraph names before it ("Tại tỉnh Sơn La, ... Huyện Sốp Cộp")."""
        if self.document.provinces:
            return None
        line_start = self.document.text.rfind("\n", 0, f.mention.start) + 1
        before = [
            g
            for g in self._found
            if line_start <= g.mention.start < f.mention.start
            and g.mention.level == "province"
            and not g.aside
        ]
        return self._path(before[-1], f.mention.start, self._day(None)) if before else None

    def _predecessor_named(self, f: Found, province: str) -> str:
        """A district named in an article about a merged province was a district of one of
        the provinces merged into it (districts ended with the merger): the one named in its
        paragraph ("Huyện Pác Nặm (cũ) - từng là ... của Bắc Kạn -"), else the one named
        nearest to it, else the merged province itself. Where the gazetteer does not know the
        merger, an abolished district "(cũ)" is in another province its paragraph names
        ("huyện Tân Phú Đông (cũ), nơi có tỷ lệ hộ nghèo cao nhất tỉnh Tiền Giang trước đây")."""
        predecessors = {p.path for p in self.gaz.places.values() if p.successor == province}
        if not predecessors and not f.mention.old:
            return province
        text = self.document.text
        line = (text.rfind("\n", 0, f.mention.start) + 1, text.find("\n", f.mention.start))
        in_line = range(line[0], line[1] if line[1] >= 0 else len(text))
        named = [
            (g.mention.start not in in_line, abs(g.mention.start - f.mention.start), path)
            for g in self._found
            if g.mention.level == "province"
            and (path := self._path(g, g.mention.start, self._day(None)))
            and (path in predecessors or (not predecessors and g.mention.start in in_line))
            and path != province
        ]
        return min(named)[2] if named else province
