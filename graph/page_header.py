"""The furniture above a news article: datelines, mastheads and section lines.

Real pages print the outlet's name ("BÁO HÀ TĨNH", "Báo Sóc Trăng điện tử", "VietnamPlus"), a
breadcrumb or section line ("Xã hội > Giảm nghèo", "Chính trị | Kinh tế | Xã hội") and a
dateline in many shapes ("Cập nhật lúc 07:45 ngày 11/10/2024", "Thứ bảy, 14/9/2024 - 06:30",
"Đăng lúc: 20/11/2024 15:20", "07:10, 16/09/2024", "18/02/2025 15:40 GMT+7", "12/02/2024 |
08:15", "2024-02-12", "Thứ Năm, 05/09/2024, 07:30 [GMT+7]"). A dateline is a short line that is
essentially a date: once the date, the time, the weekday, the time zone (also in brackets) and
the dateline words ("Cập nhật", "Đăng lúc", "Ngày") and a view counter ("Lượt xem: 1.245") are
taken away, nothing is left but separators or an author's name. A date inside a sentence is
not a dateline. The words live in ``graph/lexicons/documents.toml``; ``graph.documents`` uses
these readers on the first lines of a page only.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from graph.gazetteer import Place, gazetteer
from graph.iris import slugify

FULL_DATE = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d{2})(?!\d)"
    r"|(?<!\d)(?P<y2>(?:19|20)\d{2})\s*[-/.]\s*(?P<m2>\d{1,2})\s*[-/.]\s*(?P<d2>\d{1,2})(?!\d)"
    # "ngày 6 tháng 5 năm 2024", "Cập nhật ngày: 14 tháng 01 năm 2025", "12 tháng 11, 2024"
    r"|(?:(?i:ngày)\s*:?\s*)?(?<!\d)(?P<d3>\d{1,2})\s+(?i:tháng)\s+(?P<m3>\d{1,2})"
    # "08 Tháng 10 2024" (a Joomla date: the year right after the month)
    r"\s*(?:,|\s(?i:năm)|(?=\s))\s*(?P<y3>(?:19|20)\d{2})(?!\d)"
)
TIME = re.compile(
    r"(?<!\d)\d{1,2}\s*(?::|h)\s*\d{2}(?:\s*:\s*\d{2})?(?:\s*(?i:AM|PM|SA|CH))?(?!\d)"
)
_TIMEZONE = re.compile(r"[(\[]?\s*(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d{2})?\s*[)\]]?", re.I)
WEEKDAY = re.compile(
    r"(?<![^\W\d_])(?:(?i:thứ)\s+(?:(?i:hai|ba|tư|năm|sáu|bảy|bẩy)|[2-7])|(?i:chủ nhật)|CN)"
    r"(?![^\W\d_])"
)
# The issue line of a print e-paper ("Báo in | Số 6.812 | Thứ Sáu, ngày 26/12/2025 | Trang 3 -
# Kinh tế - Xã hội"): the edition, the issue number and the page (with its section) go with the
# date, each as a part between bars.
_ISSUE_PARTS = re.compile(
    r"(?:^|(?<=\|))\s*(?:(?i:báo in|bản in|số)(?:\s+\d[\d.]*)?"
    r"|(?i:trang)\s+\d+(?:\s*[-–]\s*[^|\d]{2,40})?)\s*(?=\||$)"
)
_SEPARATORS = re.compile(r"^[\s,|/:;–—\-.()]*$")
_SECTION_SPLIT = re.compile(r"\s*(?:>|»|\||/|›|→)\s*")
_SECTION_DASH = re.compile(r"\s+[-–—]\s+")
_UPPER_START = re.compile(
    r"^[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]"
)


@dataclass(frozen=True)
class _Words:
    dateline_words: re.Pattern[str]
    counters: re.Pattern[str]
    masthead_heads: re.Pattern[str]
    upper_heads: re.Pattern[str]
    outlets: dict[str, str]  # casefolded name -> name as the outlet writes it
    categories: frozenset[str]
    lower_words: frozenset[str]


@cache
def _words() -> _Words:
    data = tomllib.loads(
        resources.files("graph").joinpath("lexicons/documents.toml").read_text(encoding="utf-8")
    )
    words = sorted(data["dateline_words"], key=len, reverse=True)
    alternatives = "|".join(re.escape(w) for w in words)
    return _Words(
        dateline_words=re.compile(rf"(?<![^\W\d_])(?i:{alternatives})(?![^\W\d_])"),
        counters=re.compile(data["dateline_counters"]),
        masthead_heads=re.compile(rf"^(?i:{data['masthead_heads']})\s+(?=\S)"),
        upper_heads=re.compile(rf"^(?:{data['upper_masthead_heads']})\s+(?=\S)"),
        outlets={o.casefold(): o for o in data["outlets"]},
        categories=frozenset(c.casefold() for c in data["category_lines"]),
        lower_words=frozenset(data["masthead_lower_words"]),
    )


@dataclass(frozen=True)
class Dateline:
    """A dateline: the date it gives and what else it says (an author's name, or "")."""

    published: date | None
    rest: str


def read_dateline(line: str) -> Dateline | None:
    """The dateline ``line`` is, or ``None`` when it is anything else (a sentence, a title)."""
    line = line.strip()
    if len(line) > 100 or re.search(r"[!?…;]\s*$|[^\d\s]\.\s*$", line):
        return None
    found = FULL_DATE.search(line)
    if found is None:
        return None
    rest = FULL_DATE.sub(" ", line)  # "10:15 - 18/10/2024 | Cập nhật: 15:40 - 18/10/2024"
    rest = _ISSUE_PARTS.sub(" ", rest)
    for regex in (_words().counters, _TIMEZONE, TIME, WEEKDAY, _words().dateline_words):
        rest = regex.sub(" ", rest)
    rest = re.sub(r"\s+", " ", rest).strip(" ,|/:;–—-")
    if _SEPARATORS.match(rest):
        return Dateline(_dmy(found), "")
    if _is_name(rest):
        return Dateline(_dmy(found), rest)
    return None


def _is_name(text: str) -> bool:
    """A short run of capitalised words: an author's name beside the date ("Việt Anh")."""
    words = text.split()
    return 2 <= len(words) <= 6 and all(_UPPER_START.match(w) for w in words)


def _dmy(match: re.Match[str]) -> date | None:
    g = match.groupdict()
    day, month, year = (int(g[k] or g[k + "2"] or g[k + "3"]) for k in ("d", "m", "y"))
    try:
        return date(year, month, day)
    except ValueError:
        return None


def is_section_line(line: str) -> bool:
    """A section name or breadcrumb: "Xã hội", "Trang chủ > Xã hội", "Chính trị | Kinh tế",
    "Kinh tế - Xã hội" (every part a known section, or short parts joined by ">" or "|")."""
    line = line.strip().rstrip(":")
    words = _words()
    if line.casefold() in words.categories:
        return True
    if re.search(r"\d|[.!?;,]\s*$", line) or len(re.findall(r"[^\W_]+", line)) > 14:
        return False
    parts = [p for p in _SECTION_SPLIT.split(line) if p]
    pieces = [q for p in parts for q in _SECTION_DASH.split(p) if q]
    short = all(len(q.split()) <= 4 and _UPPER_START.match(q) for q in pieces)
    if len(parts) >= 2 and parts[0].casefold() in words.categories:
        # a breadcrumb from a known root ("Trang chủ / ... / Hoạt động của lãnh đạo tỉnh"): its
        # last items may be longer section names
        return all(len(q.split()) <= 7 and _UPPER_START.match(q) for q in pieces)
    if len(parts) >= 2:
        return short
    return len(pieces) >= 2 and short and any(q.casefold() in words.categories for q in pieces)


def masthead(line: str) -> str | None:
    """The outlet a masthead line names ("BÁO LẠNG SƠN" -> "Báo Lạng Sơn"), else ``None``.
    "Báo động ...", "Báo cáo ...": the word after "Báo" starts lower-case, so no masthead."""
    line = line.strip()
    words = _words()
    if (outlet := words.outlets.get(line.casefold())) is not None:
        return outlet
    head = words.masthead_heads.match(line) or (
        words.upper_heads.match(line) if line.isupper() else None
    )
    named = [w for w in line.split() if w not in "-–—|"]  # "BÁO TIN TỨC - THÔNG TẤN XÃ VIỆT NAM"
    # an upper-case portal masthead may name its unit and the province above it ("CỔNG THÔNG
    # TIN ĐIỆN TỬ HUYỆN TAM ĐẢO - TỈNH VĨNH PHÚC")
    longest = 12 if line.isupper() else 8
    if head is None or re.search(r"\d|[.!?;:,]\s*$", line) or len(named) > longest:
        return None
    name = line[head.end() :]
    if not _UPPER_START.match(name):
        return None
    if line.isupper():
        line = " ".join(
            w.casefold() if w.casefold() in words.lower_words else w.capitalize()
            for w in line.split()
        )
    return line


def publisher_provinces(publisher: str, on: date | None) -> list[Place]:
    """The province of a provincial outlet: "Báo Hà Giang", "Báo Sóc Trăng điện tử",
    "Baoquangngai.vn" (a site named after the province)."""
    gaz = gazetteer()
    if m := re.match(r"(?i:báo|đài phát thanh và truyền hình|đài PT-TH)\s+(.+)$", publisher):
        found = [gaz.resolve(x, on) for x in gaz.find(m.group(1)) if x.start == 0]
        return [p for p in found if p is not None and p.level == "province"]
    if m := _PORTAL.match(publisher):
        return _provinces_named(m.group(1), on)
    if m := re.match(r"(?i:bao)([a-z]+)(?:\.[a-z]+)*$", publisher.strip()):
        squashed = m.group(1).casefold()
        provinces = [
            p
            for p in gaz.places.values()
            if p.level == "province"
            and slugify(p.names[0] if p.names else "").replace("-", "") == squashed
        ]
        if on is not None:
            provinces = [p for p in provinces if p.valid_on(on)] or provinces
        return provinces[:1]
    return []


# A portal of a province, district or commune: "Cổng thông tin điện tử huyện Tam Đảo - tỉnh
# Vĩnh Phúc", "Trang thông tin điện tử xã Tô Hạp - Tỉnh Khánh Hòa".
_PORTAL = re.compile(r"(?i:cổng|trang)\s+(?i:thông tin)(?:\s+(?i:điện tử))?\s+(.+)$")


def _provinces_named(text: str, on: date | None) -> list[Place]:
    """The provinces of the units a portal's name gives (a district's or commune's province)."""
    gaz = gazetteer()
    found: list[Place] = []
    for mention in gaz.find(text):
        place = gaz.resolve(mention, on)
        while place is not None and place.level not in ("province", "country"):
            place = gaz.get(place.part_of) if place.part_of else None
        if place is not None and place.level == "province" and place not in found:
            found.append(place)
    return found


def _squash(name: str) -> str:
    """ "Quảng Ngãi" -> "quangngai", as a site name writes it."""
    return slugify(name).replace("-", "")
