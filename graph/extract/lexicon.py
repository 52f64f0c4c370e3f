"""Load the extraction lexicons (``graph/lexicons/*.toml``): data, not code.

Every pattern in the lexicons is a regular expression; most are matched case-insensitively
(Vietnamese capitals at the start of a sentence). This module only reads and compiles them.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed lexicon ``graph/lexicons/{name}.toml``."""
    source = resources.files("graph").joinpath(f"lexicons/{name}.toml")
    return tomllib.loads(source.read_text(encoding="utf-8"))


@cache
def pattern(text: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """A compiled lexicon pattern (case-insensitive by default)."""
    return re.compile(text, flags)


def optional(text: str | None, flags: int = re.IGNORECASE) -> re.Pattern[str] | None:
    return pattern(text, flags) if text else None
