"""Load the extraction lexicons (``graph/lexicons/*.toml``): data, not code.

Every pattern in the lexicons is a regular expression; most are matched case-insensitively
(Vietnamese capitals at the start of a sentence). A pattern may name a word list of
``graph/lexicons/words.toml`` as ``{name}`` (``{ethnic_groups}``): it stands for the list as an
alternation, so that long lists are written once. This module only reads and compiles them.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any

_MACRO = re.compile(r"\{([a-z_]+)\}")


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed lexicon ``graph/lexicons/{name}.toml``."""
    source = resources.files("graph").joinpath(f"lexicons/{name}.toml")
    return tomllib.loads(source.read_text(encoding="utf-8"))


@cache
def _lists() -> dict[str, str]:
    """The word lists of ``words.toml`` as regex alternations (longest first, whole words)."""
    lists: dict[str, str] = {}
    for key, words in load("words").items():
        ordered = sorted(words, key=len, reverse=True)
        alternation = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)
        # a capitalised word after it makes it part of a name ("người Thái Nguyên")
        lists[key] = rf"(?:{alternation})(?![^\W\d_])(?!\s+(?-i:[A-ZĐÂĂÊÔƠƯ]))"
    return lists


def expand(text: str) -> str:
    """``text`` with each ``{name}`` of a word list replaced by the list's alternation;
    ``KeyError`` for a name that is no list (a typo must not silently match nothing)."""
    return _MACRO.sub(lambda m: _lists()[m.group(1)], text)


@cache
def pattern(text: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """A compiled lexicon pattern (case-insensitive by default)."""
    return re.compile(expand(text), flags)


def optional(text: str | None, flags: int = re.IGNORECASE) -> re.Pattern[str] | None:
    return pattern(text, flags) if text else None
