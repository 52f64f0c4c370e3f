"""Place names in articles, resolved against the gazetteer (ontology/reference/places.ttl).

The gazetteer is data, written by the ontology: each unit has Vietnamese labels, validity dates,
a parent and a successor. This module only reads it and finds names in text. A bare province
name resolves to the unit valid on a given day ("Bắc Ninh" in 2023 is the pre-2025 unit, in
December 2025 the merged one); "Bắc Ninh (cũ)" always resolves to the unit that ended. District,
commune and town names need their type word ("huyện Na Rì", "xã Trần Phú", "thị trấn Đồng Tâm"),
since such names are often also names of people and streets; names that are not in the
gazetteer are returned as unknown units so that the caller can mint them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, Literal

from rdflib import RDF, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.namespace import RDFS, SKOS

from graph.config import DEFAULT_BASE_IRI
from graph.namespaces import POV

Level = Literal["country", "province", "district", "commune", "town"]

_LEVELS: dict[URIRef, Level] = {
    POV.Country: "country",
    POV.Province: "province",
    POV.District: "district",
    POV.Commune: "commune",
    POV.Town: "town",
}

# Type words that may open a name, by the level they name. "thành phố"/"thị xã" name a
# district-level city or town unless the gazetteer knows the name as a province ("thành phố
# Cần Thơ").
TYPE_WORDS: dict[str, Level] = {
    "tỉnh": "province",
    "thành phố": "district",
    "TP.": "district",
    "TP": "district",
    "thị xã": "district",
    "huyện": "district",
    "quận": "district",
    "xã": "commune",
    "phường": "commune",
    "thị trấn": "town",
    # the party committee of a unit names the unit ("Huyện ủy Điện Biên Đông")
    "tỉnh ủy": "province",
    "tỉnh uỷ": "province",
    "huyện ủy": "district",
    "huyện uỷ": "district",
    "thị ủy": "district",
    "thị uỷ": "district",
}
_OLD = re.compile(r"\s*(?:\(\s*cũ\s*\)|cũ\b)")
_NEW = re.compile(r"\s*(?:\(\s*mới\s*\)|mới\b)")
_NAME = r"[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]"
_SYLLABLE = rf"{_NAME}[^\W\d_]*"
# Names needing their type word because they are also other things (a person, a saying).
_NEEDS_TYPE_WORD = {"Hồ Chí Minh"}
# "biên giới Việt Nam - Lào - Trung Quốc": a country in a list of countries is no figure's area.
_COUNTRY_LIST = re.compile(rf"\s*[-–]\s*{_NAME}")
_LONGER_NAME = re.compile(rf"[ \t]+({_SYLLABLE}(?:[ \t]+{_SYLLABLE}){{0,2}})(?![^\W\d_])")
_FOCUS_WORDS: dict[str, Level] = {"tỉnh": "province", "huyện": "district", "xã": "commune"}
_FOCUS_WORDS |= {"thị trấn": "town", "phường": "commune"}


@cache
def _lexicon() -> dict[str, Any]:
    source = resources.files("graph").joinpath("lexicons/places.toml")
    return tomllib.loads(source.read_text(encoding="utf-8"))


@cache
def _compiled(key: str) -> re.Pattern[str]:
    return re.compile(_lexicon()[key])


@dataclass(frozen=True)
class Place:
    """One unit of the gazetteer."""

    path: str  # "province/bac-ninh-pre-2025"
    level: Level
    label_vi: str
    label_en: str
    names: tuple[str, ...]  # bare Vietnamese names ("Bắc Ninh"), without type words or "(cũ)"
    valid_from: date | None = None
    valid_to: date | None = None
    part_of: str | None = None
    successor: str | None = None

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class PlaceMention:
    """A place name in a text: the gazetteer units it may be, or an unknown named unit."""

    start: int
    end: int
    name: str  # bare name as written ("Na Rì")
    level: Level | None  # from the type word, or from the gazetteer units
    candidates: tuple[Place, ...]  # gazetteer units with this name and level (may be empty)
    old: bool = False  # "(cũ)": the unit before the 2025 merger
    typed: bool = False  # written with its type word ("huyện Na Rì")
    whole: bool = False  # "toàn tỉnh", "toàn huyện", "của xã": the unit in focus, not named
    new: bool = False  # "(mới)": the unit formed by the 2025 merger


class Gazetteer:
    """The reference places and a finder for their names in text."""

    def __init__(self, places: list[Place]) -> None:
        self.places = {p.path: p for p in places}
        self._by_name: dict[str, list[Place]] = {}
        for place in places:
            for name in place.names:
                self._by_name.setdefault(name, []).append(place)
        names = sorted(self._by_name, key=len, reverse=True)
        types = sorted(TYPE_WORDS, key=len, reverse=True)
        type_alt = "(?i:" + "|".join(re.escape(t) for t in types) + ")"
        known = "|".join(re.escape(n) for n in names)
        described = rf"(?:(?:{_lexicon()['descriptors']})\s+){{0,3}}"
        self._pattern = re.compile(
            rf"(?<![^\W\d_])(?:(?P<type>{type_alt})\s+{described})?(?P<known>{known})"
            rf"(?![^\W\d_])|(?<![^\W\d_])(?P<type2>{type_alt})\s+{described}"
            rf"(?P<unknown>{_SYLLABLE}(?:\s+{_SYLLABLE}){{0,3}})(?![^\W\d_])"
        )
        self._whole = re.compile(
            r"(?<![^\W\d_])(?i:toàn|cả|trong|địa bàn)\s+(?P<type>tỉnh|huyện|xã|thị trấn)"
            r"(?![^\W\d_])(?!\s+[A-ZĐ])"
        )
        self._focus = re.compile(
            r"(?<![^\W\d_])(?P<type>(?i:t)ỉnh|(?i:h)uyện|(?i:x)ã|(?i:t)hị trấn|(?i:p)hường)"
            rf"(?![^\W\d_])(?!\s+{_NAME})"
        )
        self._country = next((p for p in places if p.level == "country"), None)

    def get(self, path: str) -> Place | None:
        return self.places.get(path)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[PlaceMention]:
        """Every place name in ``text[start:end]``: gazetteer names, typed unknown names, and
        "toàn tỉnh"/"toàn huyện" (the unit in focus)."""
        limit = len(text) if end is None else end
        found: list[PlaceMention] = []
        for m in self._pattern.finditer(text, start, limit):
            mention = self._mention(text, m, limit)
            if mention is not None:
                found.append(mention)
        for m in self._whole.finditer(text, start, limit):
            level = TYPE_WORDS[m.group("type")]
            found.append(PlaceMention(m.start(), m.end(), "", level, (), whole=True))
        taken = [(p.start, p.end) for p in found]
        for m in self._focus.finditer(text, start, limit):
            if any(s <= m.start() < e for s, e in taken) or not _is_focus(text, m, start, limit):
                continue
            level = _FOCUS_WORDS[m.group("type").casefold()]
            found.append(PlaceMention(m.start(), m.end(), "", level, (), whole=True))
        if (country := self._country) is not None:
            for m in _compiled("national").finditer(text, start, limit):
                named = _compiled("national_in_name").search(
                    text, max(0, m.start() - 40), m.start()
                )
                if named is None and not any(s <= m.start() < e for s, e in taken):
                    mention = PlaceMention(
                        m.start(), m.end(), "", "country", (country,), typed=True
                    )
                    found.append(mention)
        return sorted(found, key=lambda p: p.start)

    def _mention(self, text: str, m: re.Match[str], limit: int) -> PlaceMention | None:
        type_word = m.group("type") or m.group("type2")
        level = _type_level(type_word)
        end = m.end()
        name = m.group("known")
        if type_word and _holder(text, m, limit):
            return None  # "Chủ tịch UBND xã Sùng Mí Dính cho biết": a person, not a unit
        if type_word and _compiled("type_word_not_after").search(
            text, max(0, m.start() - 12), m.start()
        ):
            return None  # "Thông tấn xã Việt Nam": a news agency, not a commune
        if name is None:
            old = _OLD.match(text, end, limit)
            new = None if old else _NEW.match(text, end, limit)
            end = old.end() if old else new.end() if new else end
            unknown = m.group("unknown")
            return PlaceMention(
                m.start(), end, unknown, level, (), bool(old), typed=True, new=bool(new)
            )
        places = self._by_name[name]
        if level is None and name in _NEEDS_TYPE_WORD:
            return None
        more = _LONGER_NAME.match(text, end, limit)
        lower_level = level in ("district", "commune", "town")
        if more and lower_level and more.group(1).split()[0] not in _surnames():
            longer = text[m.end("known") - len(name) : more.end()]  # "huyện Điện Biên Đông"
            return PlaceMention(m.start(), more.end(), longer, level, (), typed=True)
        if all(p.level == "country" for p in places) and (
            _COUNTRY_LIST.match(text, end, limit)
            or re.search(r"(?i:biên giới)\s*$", text[max(0, m.start() - 12) : m.start()])
        ):
            return None
        city_word = bool(type_word) and type_word.casefold().startswith(("thành phố", "tp"))
        if city_word:
            cities = [p for p in places if p.level == "province" and "City" in p.label_en]
            if not cities and any(p.level == "province" for p in places):
                # "thành phố Bắc Kạn": the provincial capital, a district-level city
                return PlaceMention(m.start(), end, name, "district", (), typed=True)
            places, level = cities or places, None if cities else level
        if level is not None:
            same = [p for p in places if _compatible(p.level, level)]
            described = m.end("type") < m.start("known") - 1 if m.group("type") else False
            if not same and described and all(p.level == "province" for p in places):
                # "các xã bãi ngang ven biển Hà Tĩnh": communes of a kind in the province
                return PlaceMention(m.start("known"), end, name, "province", tuple(places))
            if not same:
                return PlaceMention(m.start(), end, name, level, (), typed=True)
            places = same
        elif any(p.level != "province" for p in places):
            places = [p for p in places if p.level in ("province", "country")]
            if not places:
                return None  # a bare district or commune name: too ambiguous
        old = _OLD.match(text, end, limit)
        new = None if old else _NEW.match(text, end, limit)
        end = old.end() if old else new.end() if new else end
        return PlaceMention(
            m.start(),
            end,
            name,
            places[0].level,
            tuple(places),
            bool(old),
            level is not None,
            new=bool(new),
        )

    def resolve(self, mention: PlaceMention, on: date | None) -> Place | None:
        """The unit a mention means on day ``on`` ("(cũ)" always means the ended unit)."""
        candidates = list(mention.candidates)
        if not candidates:
            return None
        if len(candidates) == 1:
            return candidates[0]
        if mention.old:
            ended = [p for p in candidates if p.valid_to is not None]
            if ended:
                return max(ended, key=lambda p: p.valid_to or date.min)
        if mention.new:
            formed = [p for p in candidates if p.valid_from is not None]
            if formed:
                return max(formed, key=lambda p: p.valid_from or date.min)
        if on is not None:
            valid = [p for p in candidates if p.valid_on(on)]
            if valid:
                return valid[0]
        current = [p for p in candidates if p.valid_to is None]
        return (current or candidates)[0]

    def province_of(self, path: str) -> str | None:
        """The province the place at ``path`` lies in (itself for a province)."""
        current = self.get(path)
        while current is not None and current.level != "province":
            current = self.get(current.part_of) if current.part_of else None
        return current.path if current else None


def _is_focus(text: str, m: re.Match[str], floor: int, limit: int) -> bool:
    """Whether a bare "tỉnh"/"huyện"/"xã" is a subject naming the unit in focus."""
    line_start = max(floor, text.rfind("\n", 0, m.start()) + 1)
    window_start = max(line_start, m.start() - 40)
    before = ("" if window_start == line_start else "… ") + text[window_start : m.start()]
    if re.search(r"(?i:tỉnh|huyện|xã|phường|thị trấn|thành phố|thị xã)\s*,\s*$", before):
        return False  # "các xã, phường": a list of kinds of unit
    after = text[m.end() : min(limit, m.end() + 40)]
    return bool(_compiled("focus_after").search(before)) and not _compiled(
        "focus_not_before"
    ).match(after)


def _holder(text: str, m: re.Match[str], limit: int) -> bool:
    """A name after a post in a unit that is the holder's name ("Chủ tịch UBND xã Sùng Mí
    Dính cho biết"), not the unit's."""
    if not _compiled("post_before").search(text, max(0, m.start() - 80), m.start()):
        return False
    words = (m.group("known") or m.group("unknown") or "").split()
    if not words or words[0] not in _surnames() or text[m.end() : m.end() + 2] == " (":
        return False
    return len(words) >= 3 or bool(
        _compiled("speech_after").match(text[m.end() : min(limit, m.end() + 40)])
        and len(words) >= 2
        and not re.search(r"(?i:ông|bà|anh|chị)\s+\S", text[max(0, m.start() - 80) : m.start()])
    )


@cache
def _surnames() -> frozenset[str]:
    source = resources.files("graph").joinpath("lexicons/entities.toml")
    return frozenset(tomllib.loads(source.read_text(encoding="utf-8"))["surnames"])


def _type_level(type_word: str | None) -> Level | None:
    if not type_word:
        return None
    for word, level in TYPE_WORDS.items():
        if word.casefold() == type_word.casefold():
            return level
    return None


def _compatible(place_level: Level, written: Level) -> bool:
    if written == "district":
        return place_level == "district"
    if written == "commune":
        return place_level in ("commune", "town")
    return place_level == written


def _bare_names(label: str) -> set[str]:
    """``tỉnh Bắc Ninh (cũ)`` -> {``Bắc Ninh``}: the name without type word or old/new mark."""
    name = re.sub(r"\s*\((?:cũ|mới)\)\s*$|\s+(?:cũ|mới)$", "", label.strip())
    for word in sorted(TYPE_WORDS, key=len, reverse=True):
        if name.startswith(word + " "):
            name = name[len(word) + 1 :]
            break
    return {name} if name and name[0].isupper() else set()


def _date(graph: Graph, subject: URIRef, predicate: URIRef) -> date | None:
    value = graph.value(subject, predicate)
    return date.fromisoformat(str(value)) if value is not None else None


def _path(iri: object) -> str | None:
    text = str(iri) if iri is not None else ""
    return text[len(DEFAULT_BASE_IRI) :] if text.startswith(DEFAULT_BASE_IRI) else None


def places_from_graph(graph: Graph) -> list[Place]:
    """The gazetteer's units from an RDF graph written with the default base."""
    places: list[Place] = []
    for cls, level in _LEVELS.items():
        for subject in sorted(graph.subjects(RDF.type, cls)):
            path = _path(subject)
            if path is None or not isinstance(subject, URIRef):
                continue
            labels: dict[str, str] = {}
            names: set[str] = set()
            for predicate in (SKOS.prefLabel, RDFS.label, SKOS.altLabel):
                for label in graph.objects(subject, predicate):
                    if isinstance(label, RdfLiteral) and label.language in ("vi", "en"):
                        if predicate != SKOS.altLabel:
                            labels.setdefault(label.language, str(label))
                        if label.language == "vi":
                            names |= _bare_names(str(label))
            places.append(
                Place(
                    path=path,
                    level=level,
                    label_vi=labels.get("vi", path),
                    label_en=labels.get("en", labels.get("vi", path)),
                    names=tuple(sorted(names)),
                    valid_from=_date(graph, subject, POV.validFrom),
                    valid_to=_date(graph, subject, POV.validTo),
                    part_of=_path(graph.value(subject, POV.partOf)),
                    successor=_path(graph.value(subject, POV.successor)),
                )
            )
    return places


@cache
def gazetteer() -> Gazetteer:
    """The reference gazetteer, read once from ontology/reference/places.ttl."""
    source = resources.files("ontology").joinpath("reference/places.ttl")
    graph = Graph()
    graph.parse(data=source.read_text(encoding="utf-8"), format="turtle")
    return Gazetteer(places_from_graph(graph))
