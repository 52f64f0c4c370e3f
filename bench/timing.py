"""Time a query over HTTP and reduce its answer to a comparable form.

A fast wrong answer is not a win, so each answer is reduced to a canonical multiset of rows
(SELECT) or triples (CONSTRUCT): IRIs and strings as they are, numbers as decimals rounded to
1e-6 (engines print ``2.50`` and ``2.5``, or carry different digits in an average).
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import httpx

NUMERIC = {
    f"http://www.w3.org/2001/XMLSchema#{name}"
    for name in (
        "decimal", "integer", "int", "long", "short", "byte", "double", "float",
        "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
        "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte",
    )
}  # fmt: skip
SELECT_ACCEPT = "application/sparql-results+json"
GRAPH_ACCEPT = "application/n-triples"
_NT_LINE = re.compile(r"^(<[^>]*>|_:\S+) (<[^>]*>) (.*) \.$")
_LONG_ESCAPE = re.compile(r"\\U([0-9A-Fa-f]{8})")
_NT_LITERAL = re.compile(r'^"(.*)"(?:\^\^<([^>]*)>|@([A-Za-z0-9-]+))?$')


@dataclass(frozen=True)
class Query:
    """One query of the mix."""

    name: str
    text: str

    @property
    def is_graph(self) -> bool:
        body = re.sub(r"(?m)^\s*(#.*|PREFIX\s.*|BASE\s.*)$", "", self.text, flags=re.IGNORECASE)
        return re.match(r"\s*(CONSTRUCT|DESCRIBE)\b", body, re.IGNORECASE) is not None


@dataclass
class Timing:
    """What one engine did with one query."""

    seconds: list[float] = field(default_factory=list)
    answer: Counter[tuple[object, ...]] | None = None
    timed_out_after: float | None = None
    error: str | None = None

    @property
    def median(self) -> float | None:
        if not self.seconds:
            return None
        ordered = sorted(self.seconds)
        mid = len(ordered) // 2
        return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2

    @property
    def size(self) -> int | None:
        return None if self.answer is None else sum(self.answer.values())


def load_queries(directory: Path) -> list[Query]:
    return [Query(p.stem, p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.rq"))]


class QueryFailed(RuntimeError):
    """The endpoint answered with an error status."""


def ask(client: httpx.Client, url: str, query: Query, timeout: float) -> tuple[float, bytes]:
    """POST the query (SPARQL 1.1 Protocol, form-encoded); return (seconds, body)."""
    accept = GRAPH_ACCEPT if query.is_graph else SELECT_ACCEPT
    started = time.perf_counter()
    answer = client.post(
        url, data={"query": query.text}, headers={"Accept": accept}, timeout=timeout
    )
    body = answer.content
    elapsed = time.perf_counter() - started
    if answer.status_code != 200:
        raise QueryFailed(f"HTTP {answer.status_code}: {body[:300]!r}")
    return elapsed, body


def _number(lexical: str) -> object:
    try:
        return Decimal(lexical).quantize(Decimal("1e-6"))
    except InvalidOperation:
        return lexical


def _json_term(term: dict[str, str]) -> tuple[object, ...]:
    kind = term["type"]
    if kind == "uri":
        return ("iri", term["value"])
    if kind == "bnode":
        return ("bnode",)
    datatype = term.get("datatype")
    if datatype in NUMERIC:
        return ("number", _number(term["value"]))
    return ("literal", term["value"], term.get("xml:lang", "").lower(), datatype or "")


def _nt_term(text: str) -> tuple[object, ...]:
    if text.startswith("<"):
        return ("iri", text[1:-1])
    if text.startswith("_:"):
        return ("bnode",)
    match = _NT_LITERAL.match(text)
    if match is None:
        raise ValueError(f"cannot read N-Triples term {text!r}")
    raw, datatype, lang = match.groups()
    raw = _LONG_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), raw)
    value = json.loads(f'"{raw}"')  # the other N-Triples string escapes are JSON's
    if datatype in NUMERIC:
        return ("number", _number(value))
    return ("literal", value, (lang or "").lower(), datatype or "")


def canonical(query: Query, body: bytes) -> Counter[tuple[object, ...]]:
    """The answer as a multiset of rows or triples (see the module docstring)."""
    if query.is_graph:
        triples: Counter[tuple[object, ...]] = Counter()
        for line in body.decode("utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            match = _NT_LINE.match(line)
            if match is None:
                raise ValueError(f"not an N-Triples line: {line[:200]!r}")
            s, p, o = match.groups()
            triples[(_nt_term(s), _nt_term(p), _nt_term(o))] += 1
        return triples
    data = json.loads(body)
    if "boolean" in data:
        return Counter({(("boolean", data["boolean"]),): 1})
    names = data["head"].get("vars", [])
    rows: Counter[tuple[object, ...]] = Counter()
    for binding in data["results"]["bindings"]:
        rows[tuple(_json_term(binding[n]) if n in binding else ("unbound",) for n in names)] += 1
    return rows
