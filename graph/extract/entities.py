"""Named things worth a node: organisations, people and their roles, plans and decisions,
campaigns and movements, livelihood models (the patterns live in graph/lexicons/entities.toml).

"UBND tỉnh Bắc Kạn" -> organisation/ubnd-tinh-bac-kan ("Bắc Kạn Provincial People's
Committee"); "Ông Dương Bằng Giang, Phó Giám đốc Sở ..." -> a person, the organisation and the
role joining them; "Kế hoạch số 121/KH-UBND" -> legal-document/121-kh-ubnd-bac-ninh;
Phong trào “...” -> a campaign. An organisation written without its place ("UBND tỉnh",
"UBND huyện") is the one of the province or district in focus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from graph.extract.areas import AreaResolver
from graph.extract.lexicon import load
from graph.facts import Document, Entity, Span
from graph.iris import slugify

_UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
_WORD = rf"[{_UPPER}][^\W\d_{_UPPER}]*"


@dataclass(frozen=True)
class _Org:
    entity: Entity
    start: int
    end: int  # end of the name, place included


@cache
def _person() -> re.Pattern[str]:
    surnames = "|".join(sorted(set(load("entities")["surnames"]), key=len, reverse=True))
    return re.compile(rf"(?:{surnames})(?:\s+{_WORD}){{1,3}}(?![^\W\d_])")


def extract_entities(document: Document, areas: AreaResolver, program: bool) -> list[Entity]:
    """Every named thing in the main text of ``document``, first mention first."""
    text = document.text
    found: list[Entity] = []
    for start, end in document.main_text:
        orgs = _organisations(text, start, end, areas)
        found.extend(o.entity for o in orgs)
        found.extend(_people(text, start, orgs))
        found.extend(_legal_documents(text, start, end, areas, orgs, program))
        found.extend(_campaigns(text, start, end))
        found.extend(_livelihood_models(text, start, end, areas))
    found.extend(areas.entities.values())
    unique: dict[str, Entity] = {}
    for entity in sorted(found, key=lambda e: e.span.start if e.span else -1):
        unique.setdefault(entity.path, entity)
    return list(unique.values())


# ---------------------------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------------------------


def _organisations(text: str, start: int, end: int, areas: AreaResolver) -> list[_Org]:
    lex = load("entities")
    result: list[_Org] = []
    taken: list[tuple[int, int]] = []
    for entry in lex["organisation"]:
        for m in re.finditer(entry["pattern"], text[start:end]):
            s, e = start + m.start(), start + m.end()
            if any(a <= s < b for a, b in taken):
                continue
            org = _organisation(text, s, e, m, entry, areas)
            if org is not None:
                result.append(org)
                taken.append((org.start, org.end))
    return sorted(result, key=lambda o: o.start)


def _organisation(
    text: str, s: int, e: int, m: re.Match[str], entry: dict[str, Any], areas: AreaResolver
) -> _Org | None:
    lex = load("entities")
    groups = m.groupdict()
    level = groups.get("level") or ""
    scope = entry["scope"]
    place_name, place_path, end = _place_after(text, e, areas)
    if place_name is None:
        if "{place}" not in entry["vi"]:
            place_name = ""
        elif level in ("huyện", "thị xã", "xã", "thị trấn", "phường"):
            place_path = areas.resolve_focus(level, s)
            place_name = areas.label_of(place_path)
        else:
            place_name, place_path = areas.focus_province_name(), areas.default_area(None)
            if scope == "level-or-province" and not level:
                level = "tỉnh"
        if place_name is None:
            return None  # "UBND huyện" with no district in focus: a generic mention
    elif scope == "level-or-province" and not level:
        level = "tỉnh"
    dept_vi, dept_en = "", ""
    if dept := groups.get("dept"):
        dept_vi, dept_en = lex["departments"].get(dept, [dept, dept])
    level_en = lex["level_en"].get(level, "")
    vi = _squash(entry["vi"].format(level=level, place=place_name, dept=dept_vi))
    en = _squash(entry["en"].format(place=place_name, Level=level_en, dept_en=dept_en))
    if scope == "national":
        place_path = "country/vn"
    links = (("area", place_path),) if place_path else ()
    entity = Entity(
        kind="organisation",
        path=f"organisation/{slugify(vi)}",
        label_vi=vi,
        label_en=en,
        span=Span(s, end, text[s:end]),
        links=links,
    )
    return _Org(entity, s, end)


def _place_after(text: str, pos: int, areas: AreaResolver) -> tuple[str | None, str | None, int]:
    """A place named right after an organisation word ("UBND tỉnh Bắc Kạn"): name, path, end."""
    m = re.match(r"\s+", text[pos:])
    at = pos + (m.end() if m else 0)
    found = areas.place_at(at)
    if found is None:
        return None, None, pos
    mention, path = found
    if mention.whole or not mention.name:
        return None, None, pos
    return mention.name, path, mention.end


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------------------------------------
# People and roles
# ---------------------------------------------------------------------------------------------


def _people(text: str, floor: int, orgs: list[_Org]) -> list[Entity]:
    lex = load("entities")
    roles = sorted(lex["roles"], key=len, reverse=True)
    role_re = re.compile(rf"(?P<role>{'|'.join(map(re.escape, roles))})\s+$")
    honorific = "|".join(map(re.escape, lex["honorifics"]))
    person = _person()
    result: list[Entity] = []
    for org in orgs:
        before = text[max(floor, org.start - 40) : org.start]
        role_m = role_re.search(before)
        if role_m is None:
            continue
        role = role_m.group("role")
        role_start = org.start - (len(before) - role_m.start())
        name_m = re.match(rf"\s+({person.pattern})", text[org.end : org.end + 60])
        name: str | None = None
        name_start = 0
        if name_m:
            name, name_start = name_m.group(1), org.end + name_m.start(1)
        else:
            back = text[max(floor, role_start - 60) : role_start]
            if a := re.search(rf"(?:{honorific})\s+({person.pattern})\s*[,–-]\s*$", back):
                name = a.group(1)
                name_start = role_start - (len(back) - a.start(1))
        if not name:
            continue
        result.extend(_person_and_role(name, name_start, role, org.entity))
    return result


def _person_and_role(name: str, start: int, role: str, org: Entity) -> list[Entity]:
    role_en = load("entities")["roles"][role]
    person_slug = slugify(name)
    org_slug = org.path.split("/", 1)[1]
    person = Entity(
        "person", f"person/{person_slug}", name, name, Span(start, start + len(name), name)
    )
    membership = Entity(
        kind="role",
        path=f"role/{person_slug}/{org_slug}",
        label_vi=f"{role} {org.label_vi}",
        label_en=f"{role_en}, {org.label_en}",
        span=person.span,
        links=(("member", person.path), ("organisation", org.path)),
        attributes=(("role-vi", role), ("role-en", role_en)),
    )
    return [person, membership]


# ---------------------------------------------------------------------------------------------
# Plans, decisions and other legal documents
# ---------------------------------------------------------------------------------------------

_NUMBER = r"\d+(?:/\d{4})?/[A-ZĐa-zđ0-9&.]+(?:-[A-ZĐa-zđ0-9&.]+)*"
_ISSUED_BY = re.compile(r"^(?:\s+ngày\s+[\d/]+)?\s+(?:do|của)\s+$")
_DATE_AFTER = re.compile(r"^\s*(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}\s*/\s*((?:19|20)\d{2})")


def _legal_documents(
    text: str, start: int, end: int, areas: AreaResolver, orgs: list[_Org], program: bool
) -> list[Entity]:
    lex = load("entities")
    kinds = "|".join(map(re.escape, lex["legal_kinds"]))
    national = set(lex["legal"]["national_codes"])
    result: list[Entity] = []
    for m in re.finditer(rf"(?P<kind>{kinds})\s+(?:số\s+)?(?P<num>{_NUMBER})", text[start:end]):
        s, e = start + m.start(), start + m.end()
        kind, number = m.group("kind"), m.group("num").rstrip(".")
        codes = set(re.split(r"[/-]", number)[1:])
        provincial = not (codes & national) and not re.search(r"/\d{4}/", number)
        slug = slugify(number)
        issuer = next(
            (o for o in orgs if o.start >= e and _ISSUED_BY.match(text[e : o.start])), None
        )
        issuer_path = issuer.entity.path if issuer is not None else None
        en = f"{lex['legal_kinds'][kind]} No. {number}"
        if provincial:
            province = (
                issuer.entity.label_vi.split(" tỉnh ", 1)[-1]
                if issuer is not None and " tỉnh " in issuer.entity.label_vi
                else areas.focus_province_name()
            )
            if province:
                slug += f"-{slugify(province)}"
                en += f" of {province}"
                if issuer_path is None and "UBND" in codes:
                    committee = _committee(province, areas)
                    issuer_path = committee.path
                    result.append(committee)
        elif not re.search(r"/\d{4}/", number) and (d := _DATE_AFTER.match(text[e : e + 40])):
            slug += f"-{d.group(1)}"
        if issuer_path is None:
            issuer_path = next(
                (lex["legal"]["issuers"][c] for c in codes if c in lex["legal"]["issuers"]), None
            )
        links: list[tuple[str, str]] = []
        if issuer_path is not None:
            links.append(("issued-by", issuer_path))
        sentence_end = text.find(".", e)
        sentence = text[s : sentence_end if sentence_end != -1 else end]
        if program and re.search(load("time")["program_pattern"], sentence):
            links.append(("implements", load("time")["program"]))
        result.append(
            Entity(
                kind="legal-document",
                path=f"legal-document/{slug}",
                label_vi=f"{kind} số {number}",
                label_en=en,
                span=Span(s, e, text[s:e]),
                links=tuple(links),
                attributes=(("identifier", number),),
            )
        )
    return result


def _committee(province: str, areas: AreaResolver) -> Entity:
    """The provincial People's Committee that issues a "…/KH-UBND" whose issuer is not named."""
    entry = load("entities")["organisation"][0]
    vi = entry["vi"].format(level="tỉnh", place=province)
    en = entry["en"].format(place=province, Level=load("entities")["level_en"]["tỉnh"])
    return Entity(
        kind="organisation",
        path=f"organisation/{slugify(vi)}",
        label_vi=vi,
        label_en=en,
        links=(("area", areas.default_area(None)),),
    )


# ---------------------------------------------------------------------------------------------
# Campaigns and livelihood models
# ---------------------------------------------------------------------------------------------


def _campaigns(text: str, start: int, end: int) -> list[Entity]:
    heads = load("entities")["campaigns"]
    alternation = "|".join(re.escape(h) + "|" + re.escape(h[0].lower() + h[1:]) for h in heads)
    regex = re.compile(
        rf"(?P<head>{alternation})(?P<mid>(?:\s+[^\s“”\"]+){{0,4}}?)\s*[“\"](?P<name>[^”\"\n]{{3,150}})[”\"]"
    )
    result: list[Entity] = []
    for m in regex.finditer(text, start, end):
        if re.search(r"[.;:,]", m.group("mid")):
            continue
        head = m.group("head")
        head = head[0].upper() + head[1:]
        name = m.group("name").strip()
        vi = _squash(f"{head}{m.group('mid')} “{name}”")
        result.append(
            Entity(
                kind="campaign",
                path=f"campaign/{slugify(name)}",
                label_vi=vi,
                label_en=heads[head].format(name=name),
                span=Span(m.start(), m.end(), m.group()),
            )
        )
    return result


def _livelihood_models(text: str, start: int, end: int, areas: AreaResolver) -> list[Entity]:
    lex = load("entities")["livelihood"]
    heads = "|".join(map(re.escape, lex["heads"]))
    regex = re.compile(
        rf"(?P<head>{heads})\s+(?P<name>{lex['opening']}[^.;:“”\"()]{{3,150}}?)\s+tại\s+"
        rf"(?=(?:xã|thị trấn|phường|huyện|thôn|bản)\s)"
    )
    result: list[Entity] = []
    for m in regex.finditer(text, start, end):
        found = areas.place_at(m.end())
        if found is None or found[1] is None:
            continue
        mention, place_path = found
        name = m.group("name").strip()
        place_en = areas.label_of(place_path, "en") or mention.name
        stop = text.find(". ", m.end(), end)
        sentence = text[
            max(text.rfind(". ", start, m.start()) + 1, start) : stop if stop != -1 else end
        ]
        project = "project/livelihoods"
        if not re.search(r"sinh kế|mô hình giảm nghèo", sentence, re.I) and re.search(
            r"sản xuất", sentence, re.I
        ):
            project = "project/production-nutrition/agricultural-production"
        head = m.group("head")
        vi = f"{head[0].upper() + head[1:]} {name} tại {text[mention.start : mention.end]}"
        result.append(
            Entity(
                kind="livelihood-model",
                path=f"livelihood-model/{slugify(name)}-{slugify(mention.name)}",
                label_vi=vi,
                label_en=lex["en"].format(name=name, place=place_en),
                span=Span(m.start(), mention.end, text[m.start() : mention.end]),
                links=(("area", place_path), ("project", project)),
            )
        )
    return result
