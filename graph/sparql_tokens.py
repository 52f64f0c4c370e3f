"""A SPARQL lexer, so decisions about a query never depend on a regex over its raw text.

The endpoint must refuse ``SERVICE`` and Update, know whether a query names its own dataset
(``FROM``) and whether its answer can change between two runs (``RAND()``, ``NOW()``...);
`povkg query` must tell an Update from a malformed query.
Matching those words in the raw text would be fooled by a string literal, a comment, an IRI,
a variable or a prefixed name that happens to contain them; here every character belongs to
exactly one token of the SPARQL 1.1 grammar, and only bare keyword tokens count. Oxigraph
still parses the query itself: this module only reads keywords.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
              | \"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
              | '(?:[^'\\\r\n]|\\.)*'
              | "(?:[^"\\\r\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f\u2040]+)
  | (?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
  | (?P<bnode>_:[\w\-.\u00b7]+)
  | (?P<pname>(?:[^\W\d_][\w\-.\u00b7]*)?:(?:[\w\-.:%\u00b7]|\\.)*)
  | (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
  | (?P<word>[^\W\d]\w*)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|.)
    """,
    re.VERBOSE | re.DOTALL,
)

QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
UPDATE_OPERATIONS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)
NONDETERMINISTIC = frozenset({"RAND", "NOW", "UUID", "STRUUID"})
"""Functions whose value differs between two evaluations on the same data."""


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int


@dataclass(frozen=True)
class QueryInfo:
    """What the endpoint needs to know about a query before handing it to Oxigraph."""

    form: str | None
    """First operation keyword after the prologue (``SELECT``, ``ASK``, ``INSERT``...)."""
    uses_service: bool
    names_dataset: bool
    deterministic: bool

    @property
    def is_update(self) -> bool:
        return self.form in UPDATE_OPERATIONS


def tokenize(text: str) -> list[Token]:
    """Split SPARQL text into tokens, dropping whitespace and comments.

    An unterminated string or IRI never swallows the rest of the text: each alternative only
    matches complete tokens, so the lexer falls back to single characters and keeps reading
    keywords (an ill-formed query is rejected by Oxigraph's parser anyway).
    """
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        value = match.group()
        if kind in ("ws", "comment"):
            continue
        if kind == "pname" and value.endswith(".") and value != ".":
            # A prefixed name cannot end with '.': the dot ends the triple.
            stripped = value.rstrip(".")
            tokens.append(Token(kind, stripped, match.start()))
            tokens.extend(
                Token("punct", ".", match.start() + i) for i in range(len(stripped), len(value))
            )
            continue
        tokens.append(Token(kind, value, match.start()))
    return tokens


def keywords(text: str) -> list[str]:
    """The bare keyword tokens of ``text``, upper-cased (SPARQL keywords ignore case)."""
    return [t.text.upper() for t in tokenize(text) if t.kind == "word"]


def analyse(text: str) -> QueryInfo:
    """Read the keywords of a query or update request."""
    words = keywords(text)
    form = next((w for w in words if w not in ("BASE", "PREFIX")), None)
    return QueryInfo(
        form=form,
        uses_service="SERVICE" in words,
        names_dataset="FROM" in words,
        deterministic=NONDETERMINISTIC.isdisjoint(words),
    )
