"""The text of a synthetic article, built so every quote sits at known code-point offsets."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field

from graph.facts import Span


@dataclass
class ArticleText:
    """Accumulates NFC text; offsets are Python string indices, i.e. Unicode code points."""

    _parts: list[str] = field(default_factory=list)
    _length: int = 0

    def add(self, text: str) -> None:
        text = unicodedata.normalize("NFC", text)
        self._parts.append(text)
        self._length += len(text)

    def add_quote(self, exact: str) -> Span:
        """Append ``exact``; the returned span satisfies ``text[start:end] == exact``."""
        start = self._length
        exact = unicodedata.normalize("NFC", exact)
        self.add(exact)
        return Span(start, self._length, exact)

    @property
    def text(self) -> str:
        return "".join(self._parts)


def sha256(text: str) -> str:
    """Digest of the UTF-8 bytes of ``text`` (what ``pov:sha256`` states)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
