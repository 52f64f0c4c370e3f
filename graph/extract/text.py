"""Split the main text of an article into paragraphs, sentences and clauses, keeping offsets.

Rules work on sentences (a period, target cue or place carries to every figure of its
sentence) and on clauses (the parts of a sentence between ";", which news articles use to
list results). Offsets always index ``Document.text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from graph.facts import Document

# A sentence ends at . ! ? … (and closing quotes) before a space and a capital, a quote or a dash.
_UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ0-9"
_BOUNDARY = re.compile(rf"(?<=[.!?…])[”\"’)]*\s+(?=(?:[-–—]\s*)?[“\"(]?[{_UPPER}])")
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:TP|Tp|TT|ThS|TS|PGS|GS|BS|Th|St|No|Q|P|tr|Mr|Mrs|Dr)|\.\.)\.$"
)
_TERMINAL = re.compile(r"[.!?…:;\"”»)]\s*$")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int  # index of its paragraph
    index: int  # position in its paragraph
    clauses: tuple[tuple[int, int], ...]  # (start, end) of the parts between ";"

    def clause_of(self, offset: int) -> tuple[int, int]:
        for start, end in self.clauses:
            if start <= offset < end:
                return start, end
        return self.start, self.end


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    index: int
    heading: bool  # a short line without closing punctuation: a title or subheading
    sentences: tuple[Sentence, ...]


def paragraphs(document: Document) -> list[Paragraph]:
    """The main-text paragraphs of ``document`` with their sentences and clauses."""
    result: list[Paragraph] = []
    for start, end in document.main_text:
        index = len(result)
        body = document.text[start:end]
        heading = len(body) < 160 and not _TERMINAL.search(body)
        sentences = tuple(_sentences(document.text, start, end, index))
        result.append(Paragraph(start, end, index, heading, sentences))
    return result


def _sentences(text: str, start: int, end: int, paragraph: int) -> list[Sentence]:
    cuts = [start]
    for m in _BOUNDARY.finditer(text, start, end):
        if not _ABBREVIATIONS.search(text[max(start, m.start() - 6) : m.start()]):
            cuts.append(m.end())
    cuts.append(end)
    sentences: list[Sentence] = []
    for s, e in pairwise(cuts):
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            sentences.append(Sentence(s, e, paragraph, len(sentences), _clauses(text, s, e)))
    return sentences


def _clauses(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    bounds, pos = [], start
    for i in range(start, end):
        if text[i] == ";":
            bounds.append((pos, i + 1))
            pos = i + 1
    bounds.append((pos, end))
    return tuple(bounds)
