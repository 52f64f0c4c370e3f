"""Bylines: who wrote an article ("Quỳnh Nga", "Tin: Thu Hương; Ảnh: Minh Đức", "Bài và ảnh:
THÚY HỒNG", "Ngọc Thanh/VOV-Miền Trung") or where it comes from ("Theo Báo Bắc Kạn").

A byline is a short line of capitalised names, at the top of a page (under the title or in the
dateline) or as the article's last line. An upper-case line is a name only when something says
so (a "Bài:"/"Tin:" label, a known surname, or being the article's last line): otherwise it is a
heading ("KẾT QUẢ NỔI BẬT"). ``graph.documents`` decides where to look; this module reads lines.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

from graph.gazetteer import gazetteer

_UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
_PERSON = (
    rf"(?:[{_UPPER}][^\W\d_A-Z]*(?:\s+[{_UPPER}][^\W\d_A-Z]*){{1,3}}"
    rf"|[{_UPPER}]{{2,}}(?:\s+[{_UPPER}]{{2,}}){{1,3}})"
)
_NAMES = rf"{_PERSON}(?:\s*[-–,&]\s*{_PERSON})*"
# "Bài:", "Bài và ảnh:", "Tin:", "Tin, ảnh:", "Ảnh:", "Nhóm PV:": a label that says the names
# after it are the authors
_LABEL = r"(?P<label>(?:Bài(?: và ảnh)?|Tin(?:, ảnh)?|Ảnh|Nhóm PV)\s*:\s*)"
BYLINE = re.compile(
    rf"^{_LABEL}?(?P<names>{_NAMES})(?:\s*\((?P<agency>[^)]{{2,30}})\))?(?:\s+thực hiện)?"
    # "Tin: Thu Hương; Ảnh: Minh Đức": the photographer's credit after the writer's
    rf"(?:\s*;\s*(?:Ảnh|Video|Đồ họa|Đồ hoạ)\s*:\s*{_NAMES})?"
    rf"(?:\s*/\s*(?P<desk>[^\W\d_][^/()]{{1,30}}))?\s*$"
)
_SOURCE = re.compile(r"^(?:Theo|Nguồn\s*:)\s+(?P<source>[^.!?]{2,60})$")
TERMINAL = re.compile(r"[.!?…:;\"”»)]\s*$")


# The office a portal's writer belongs to, after the name ("Nguyễn Thu Hà - Trung tâm Văn hóa,
# Thông tin và Thể thao huyện") or alone as the last line ("Phòng Văn hóa - Xã hội xã Tô Hạp").
_OFFICE = (
    rf"(?:Trung tâm|Phòng|Ban|Văn phòng|Sở|UBND|Ủy ban|Uỷ ban|Hội|Đài|Cổng|Trang)\s+[{_UPPER}]"
    r"[^.!?;:]{2,80}"
)
_WITH_OFFICE = re.compile(rf"^(?P<who>.+?)\s+[-–]\s+(?P<office>{_OFFICE})$")
_OFFICE_ALONE = re.compile(rf"^{_OFFICE}$")


def names(value: str) -> list[str]:
    """ "Hồng Nhung - Văn Tuấn" -> ["Hồng Nhung", "Văn Tuấn"]."""
    return [n.strip() for n in re.split(r"\s*[-–,&]\s*", value) if n.strip()]


@cache
def _upper_surnames() -> frozenset[str]:
    source = resources.files("graph").joinpath("lexicons/entities.toml")
    return frozenset(s.upper() for s in tomllib.loads(source.read_text("utf-8"))["surnames"])


def byline(line: str, last: bool = False) -> tuple[str, str] | None:
    """("author", names) for "Quỳnh Nga", "MINH CHÂU" (upper case: only with a label, as the
    article's last line, or with a known surname), "Ngọc Thanh/VOV-Miền Trung"; ("source", name)
    for "Theo Báo Bắc Kạn" and for an office alone as the last line; else None."""
    if len(line) <= 100 and not TERMINAL.search(line):
        if (m := _WITH_OFFICE.match(line)) and (found := byline(m.group("who"), last)):
            return found
        if last and _OFFICE_ALONE.match(line):
            return "source", line
    if len(line) > 60 or TERMINAL.search(line.rstrip(")")):
        return None
    if m := _SOURCE.match(line):
        return "source", m.group("source").strip()
    if m := BYLINE.match(line):
        found = m.group("names")
        labelled = m.group("label") is not None
        if found.isupper() and found.split()[0] not in _upper_surnames() and not (last or labelled):
            return None  # "KẾT QUẢ NỔI BẬT": an upper-case heading, not a name
        if any(mention.name == found or mention.start == 0 for mention in gazetteer().find(found)):
            return None  # a heading that is a place name
        return "author", found
    return None
