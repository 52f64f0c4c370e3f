"""Read an article: NFC text, metadata (date, title, authors, publisher, provinces), main text.

News pages carry more than the article: a section name above the title, a byline with a
dateline, photo captions and image file names, and after the article related-article lists,
"Nổi bật"/"Đừng bỏ lỡ" blocks, other news and footers. Only the article proper
(``Document.main_text``) may produce facts. The layout words live in
``graph/lexicons/documents.toml``; the rules here are general, never offsets of one page.
A publication date is taken only from a ``date YYYY-MM-DD`` header or a full dateline
(``21:41 21/04/2023``, ``Thứ năm, 20/11/2025, 08:30 (GMT+7)``): a day and month without a year
gives no date. The provinces an article is about are those of its title and lead or named
twice; a national review that names provinces once each is about none of them, and an article
that names none is about its provincial newspaper's province ("(BHG) - ..." is Hà Giang's).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

from graph.article_provinces import article_provinces
from graph.bylines import BYLINE, TERMINAL, byline, names
from graph.facts import Document, Problem
from graph.iris import slugify
from graph.page_header import is_section_line, masthead, publisher_provinces, read_dateline


class DocumentError(Exception):
    """An article that cannot be read, with the file and line of the problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class _Layout:
    end_markers: frozenset[str]
    inline_markers: frozenset[str]
    end_patterns: tuple[re.Pattern[str], ...]
    skip_lines: tuple[re.Pattern[str], ...]
    image_line: re.Pattern[str]
    captions: tuple[re.Pattern[str], ...]
    closing_mark: re.Pattern[str]
    categories: frozenset[str]
    date_header: re.Pattern[str]
    agencies: dict[str, str]


@cache
def _layout() -> _Layout:
    data = tomllib.loads(
        resources.files("graph").joinpath("lexicons/documents.toml").read_text(encoding="utf-8")
    )
    return _Layout(
        end_markers=frozenset(m.casefold() for m in data["end_markers"]),
        inline_markers=frozenset(m.casefold() for m in data["inline_markers"]),
        end_patterns=tuple(re.compile(p) for p in data["end_patterns"]),
        skip_lines=tuple(re.compile(p) for p in data["skip_line_patterns"]),
        image_line=re.compile(data["image_line"]),
        captions=tuple(re.compile(p) for p in data["caption_patterns"]),
        closing_mark=re.compile(data["closing_mark"]),
        categories=frozenset(c.casefold() for c in data["category_lines"]),
        date_header=re.compile(data["date_header"]),
        agencies=dict(data["agencies"]),
    )


# ---------------------------------------------------------------------------------------------
# Reading bytes
# ---------------------------------------------------------------------------------------------


def read_document(path: Path) -> Document:
    """Read one article file; raises ``DocumentError`` (file and line) if it is unreadable."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DocumentError(Problem(path.name, None, f"cannot read file: {error}")) from error
    return _from_bytes(data, path.name, path)


def _from_bytes(data: bytes, file_name: str, path: Path | None) -> Document:
    if not data.strip():
        raise DocumentError(Problem(file_name, None, "empty file: no article text"))
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise DocumentError(Problem(file_name, line, "binary data (NUL byte), not a text article"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        bad = data[error.start : error.start + 1].hex()
        raise DocumentError(
            Problem(file_name, line, f"not valid UTF-8: byte 0x{bad} at offset {error.start}")
        ) from error
    return document_from_text(text.removeprefix("\ufeff"), file_name, path)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def document_from_text(text: str, file_name: str, path: Path | None = None) -> Document:
    """Build a ``Document`` from article text (NFC-normalised; newlines kept as they are)."""
    if not text.strip():
        raise DocumentError(Problem(file_name, None, "empty file: no article text"))
    if bad := _CONTROL.search(text):
        line = text.count("\n", 0, bad.start()) + 1
        raise DocumentError(
            Problem(file_name, line, f"binary data (control character {bad.group()!r})")
        )
    text = unicodedata.normalize("NFC", text)
    stem = file_name.rsplit(".", 1)[0] if "." in file_name else file_name
    layout = _analyse(text)
    published = layout.published
    return Document(
        slug=slugify(stem),
        file_name=file_name,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        published=published,
        title=layout.title,
        authors=tuple(layout.authors),
        publisher=layout.publisher,
        provinces=article_provinces(
            text, layout.main, layout.title_range, published, layout.publisher
        ),
        main_text=tuple(layout.main),
        path=path,
    )


# ---------------------------------------------------------------------------------------------
# Layout: header, title, byline, main text
# ---------------------------------------------------------------------------------------------

# "(BST) - ...", "LSO - ...", "(Baoquangngai.vn)- ...": the outlet's mark opens the lead
_AGENCY_LEAD = re.compile(
    r"^\s*(?:\((?P<mark>[^()]{2,24})\)|(?P<bare>[A-ZĐ][A-Za-zĐđ&.]{1,15}))\s*[-–—]"
)


@dataclass
class _Analysis:
    main: list[tuple[int, int]]
    published: date | None = None
    title: str | None = None
    title_range: tuple[int, int] | None = None
    authors: list[str] = field(default_factory=list)
    publisher: str | None = None


def _lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        spans.append((start, start + len(body)))
        start += len(line)
    return spans


def _is_body(line: str) -> bool:
    return len(line) > 160 or bool(TERMINAL.search(line))


def _is_headline(line: str) -> bool:
    """A short line that ends without a sentence mark (closing quotes allowed)."""
    return len(line) <= 160 and not re.search(r"[.!?…:;]\s*$", line.rstrip().rstrip('”"»)’'))


def _analyse(text: str) -> _Analysis:
    lay = _layout()
    result = _Analysis(main=[])
    lines = _lines(text)
    first = 0
    while first < len(lines) and not text[lines[first][0] : lines[first][1]].strip():
        first += 1
    if first < len(lines) and (h := lay.date_header.match(text, *lines[first])):
        result.published = _iso_date(h.group(1))
        lines[first] = (h.end(), lines[first][1])
    index = _header(text, lines, first, result)
    _body(text, lines, index, result)
    _drop_news_list(text, result)
    return result


def _iso_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _header(text: str, lines: list[tuple[int, int]], index: int, result: _Analysis) -> int:
    """Read the masthead, section, title and dateline lines above the body; return the first
    body line. The title is the first other short line of three words or more."""
    seen = 0
    while index < len(lines) and seen < 8:
        start, end = lines[index]
        line = text[start:end].strip()
        if not line:
            index += 1
            continue
        if (dateline := read_dateline(line)) is not None:
            if result.published is None:
                result.published = dateline.published
            if dateline.rest and (m := BYLINE.match(dateline.rest)):
                result.authors = names(m.group("names"))
        elif is_section_line(line):
            pass
        elif (outlet := masthead(line)) is not None:
            result.publisher = result.publisher or outlet
        elif result.publisher and result.title is None and _UNIT_LINE.match(line):
            result.publisher += f" - {line}"  # the masthead's second line: "Tỉnh Khánh Hòa"
        elif (
            (found := byline(line))
            and found[0] == "author"
            and (result.title is not None or _dateline_next(text, lines, index))
        ):
            result.authors = result.authors + names(found[1])  # a byline under the title
        elif (_is_body(line) and not _is_headline(line)) or result.title is not None:
            break  # a title may end in a closing quote ('Giảm nghèo: "Trao cần câu"')
        elif line.isupper() and _kicker_over(text, lines, index):
            pass  # "CHƯƠNG TRÌNH HỢP NHẤT 2026 - 2035" right above the title
        elif len(line.split()) >= 3:
            offset = start + (len(text[start:end]) - len(text[start:end].lstrip()))
            result.title, result.title_range = line, (offset, offset + len(line))
            result.main.append(result.title_range)
        index, seen = index + 1, seen + 1
    return index


# A line that only names a unit ("Tỉnh Khánh Hòa", "UBND huyện Na Rì") under a portal masthead.
_UNIT_LINE = re.compile(
    r"^(?:UBND\s+)?(?i:tỉnh|thành phố|huyện|xã|phường)\s+[A-ZĐ]\S*(?:\s+[A-ZĐ]\S*){0,3}$"
)


def _next_line(text: str, lines: list[tuple[int, int]], index: int) -> str | None:
    """Line ``index + 1`` stripped, or ``None`` at the end of the text."""
    if index + 1 >= len(lines):
        return None
    return text[lines[index + 1][0] : lines[index + 1][1]].strip()


def _dateline_next(text: str, lines: list[tuple[int, int]], index: int) -> bool:
    """A byline above the title stands right over the dateline ("HÀ QUÂN" / "23/12/2025")."""
    following = _next_line(text, lines, index)
    return bool(following) and read_dateline(following) is not None


def _kicker_over(text: str, lines: list[tuple[int, int]], index: int) -> bool:
    """An upper-case kicker printed right over a title that is not upper-case."""
    following = _next_line(text, lines, index)
    return bool(following) and not following.isupper() and _is_headline(following)


def _body(text: str, lines: list[tuple[int, int]], index: int, result: _Analysis) -> None:
    lay = _layout()
    caption_next = False
    body_seen = False
    skip_to = index
    for k, (start, end) in enumerate(lines[index:], start=index):
        raw = text[start:end]
        line = raw.strip()
        if not line:
            caption_next = False
            continue
        if k < skip_to:
            continue  # a headline of an inline related-news block
        lead = start + len(raw) - len(raw.lstrip())
        span = (lead, lead + len(line))
        if _ends_article(line):
            if (after := _inline_block_end(text, lines, k)) is None:
                return
            skip_to = after
            continue
        if lay.image_line.match(line):
            caption_next = True
            continue
        if caption_next or any(p.search(line) for p in lay.captions):
            caption_next = False
            continue
        if any(p.search(line) for p in lay.skip_lines):
            continue
        if body_seen and (found := byline(line, _last_line(text, lines, k))):
            kind, value = found
            if kind == "author":
                result.authors = result.authors + names(value)
            elif result.publisher is None:
                result.publisher = value
            return
        if not body_seen and (m := _AGENCY_LEAD.match(line)):
            mark = (m.group("mark") or m.group("bare")).strip()
            if mark in lay.agencies:
                result.publisher = lay.agencies[mark]
            elif m.group("mark") and (named := publisher_provinces(mark, None)):
                result.publisher = f"Báo {named[0].names[0]}"  # "(Baoquangngai.vn)"
        body_seen = body_seen or _is_body(line)
        result.main.append(span)
        if lay.closing_mark.search(line):
            return


def _drop_news_list(text: str, result: _Analysis) -> None:
    """Other news printed after an article without a marker: a run of at least three
    headline + one-paragraph pairs that ends the page (an article's own sections run to
    several paragraphs each)."""
    lines = result.main[1:] if result.title_range else result.main
    kinds = ["h" if _is_headline(text[s:e]) else "b" for s, e in lines]
    pairs, i = 0, len(kinds)
    while i >= 2 and kinds[i - 2 : i] == ["h", "b"]:
        pairs, i = pairs + 1, i - 2
    if pairs >= 3:
        del result.main[len(result.main) - 2 * pairs :]


def _ends_article(line: str) -> bool:
    lay = _layout()
    bare = line.strip().rstrip(":").strip()
    return bare.casefold() in lay.end_markers or any(p.search(line) for p in lay.end_patterns)


def _inline_block_end(text: str, lines: list[tuple[int, int]], k: int) -> int | None:
    """The line after an inline related-news block that opens at line ``k`` ("Xem thêm:", one
    to four headline lines, a blank line, and the article goes on with a paragraph of text);
    ``None`` when the heading opens the lists after the article."""
    if text[lines[k][0] : lines[k][1]].strip().rstrip(":").strip().casefold() not in (
        _layout().inline_markers
    ):
        return None
    j = k + 1
    while j < len(lines) and (line := text[lines[j][0] : lines[j][1]].strip()):
        if not _is_headline(line) or j - k > 4:
            return None
        j += 1
    if j == k + 1:
        return None
    after = [text[s:e].strip() for s, e in lines[j:]]
    paragraphs = [line for line in after if line][:3]
    if paragraphs and _is_headline(paragraphs[0]) and not _ends_article(paragraphs[0]):
        paragraphs = paragraphs[1:]  # a sub-heading, then the article's paragraphs go on
        if len(paragraphs) < 2 or not _going_on(paragraphs[1]):
            return None  # a headline and one teaser: the lists after the article
    return j if paragraphs and _going_on(paragraphs[0]) else None


def _going_on(line: str) -> bool:
    """A paragraph of the article's own text (not a headline, a teaser list or a footer)."""
    body = _is_body(line) and not _is_headline(line) and len(line.split()) >= 8
    return body and not _ends_article(line)


def _last_line(text: str, lines: list[tuple[int, int]], k: int) -> bool:
    """Whether line ``k`` is the last of the article: only blank lines follow it, or the next
    line opens the blocks after the article ("Tin liên quan"; not an inline block)."""
    for j, (start, end) in enumerate(lines[k + 1 :], start=k + 1):
        if line := text[start:end].strip():
            return _ends_article(line) and _inline_block_end(text, lines, j) is None
    return True
