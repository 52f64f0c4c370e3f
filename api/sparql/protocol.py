"""Read a SPARQL 1.1 Protocol query request (GET ``query=``, POST form, POST direct).

Everything a request can get wrong is a ``ProtocolError`` carrying the HTTP status and a
message for the client: several queries, a query and an update together, an Update (this
endpoint is read-only), a body in an unsupported media type or a charset other than UTF-8,
bytes that are not UTF-8, a query over the size limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

import pyoxigraph as ox
from starlette.requests import Request

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"

READ_ONLY_MESSAGE = (
    "This SPARQL endpoint is read-only: SPARQL Update is not accepted and nothing was changed."
)


class ProtocolError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class QueryRequest:
    """A query operation: the query text and the dataset the request names, if any."""

    query: str | None
    """``None`` when the request carries no query (a GET for the service description)."""
    default_graph_uris: tuple[str, ...] = ()
    named_graph_uris: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    """Values of the ``format=`` parameter, in order."""

    @property
    def names_dataset(self) -> bool:
        return bool(self.default_graph_uris or self.named_graph_uris)


def parse_pairs(raw: bytes, what: str) -> list[tuple[str, str]]:
    """Decode ``application/x-www-form-urlencoded`` bytes strictly as UTF-8."""
    try:
        text = raw.decode("utf-8")
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, f"the {what} is not valid UTF-8") from None
    except ValueError as error:
        raise ProtocolError(400, f"malformed {what}: {error}") from None


def content_type(request: Request) -> tuple[str | None, dict[str, str]]:
    """The media type of the body (lower case) and its parameters."""
    header = request.headers.get("content-type")
    if header is None or not header.strip():
        return None, {}
    media, *params = header.split(";")
    parsed = {}
    for param in params:
        name, _, value = param.partition("=")
        parsed[name.strip().lower()] = value.strip().strip('"')
    return media.strip().lower(), parsed


async def read_body(request: Request, limit: int) -> bytes:
    """Read the body, refusing with ``413`` as soon as it grows past ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ProtocolError(413, f"request body over the limit of {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProtocolError(413, f"request body over the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _check_charset(params: dict[str, str]) -> None:
    charset = params.get("charset")
    if charset is not None and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"only UTF-8 is accepted, not charset={charset}")


async def parse_request(request: Request, max_query_bytes: int) -> QueryRequest:
    """Turn an HTTP request into a ``QueryRequest`` or raise ``ProtocolError``."""
    pairs = parse_pairs(request.scope.get("query_string", b""), "query string")
    if request.method == "POST":
        media, params = content_type(request)
        if media == SPARQL_UPDATE:
            raise ProtocolError(403, READ_ONLY_MESSAGE)
        if media == FORM:
            _check_charset(params)
            # A percent-encoded query takes up to three bytes per byte of query.
            body = await read_body(request, 3 * max_query_bytes + 65536)
            pairs = pairs + parse_pairs(body, "form body")
        elif media == SPARQL_QUERY:
            _check_charset(params)
            body = await read_body(request, max_query_bytes)
            if any(name == "query" for name, _ in pairs):
                raise ProtocolError(400, "give exactly one query: in the body or the URL, not both")
            try:
                pairs = [*pairs, ("query", body.decode("utf-8"))]
            except UnicodeDecodeError:
                raise ProtocolError(400, "the query is not valid UTF-8") from None
        elif media is None:
            raise ProtocolError(
                415,
                f"a POST needs a Content-Type: {FORM} (query=...) or {SPARQL_QUERY}",
            )
        else:
            raise ProtocolError(
                415, f"unsupported Content-Type {media}; use {FORM} or {SPARQL_QUERY}"
            )
    return _from_pairs(pairs, max_query_bytes, request.method)


def _from_pairs(pairs: list[tuple[str, str]], max_query_bytes: int, method: str) -> QueryRequest:
    queries = [value for name, value in pairs if name == "query"]
    updates = [value for name, value in pairs if name == "update"]
    if updates:
        if queries:
            raise ProtocolError(400, "a request carries either a query or an update, not both")
        raise ProtocolError(403, READ_ONLY_MESSAGE)
    if len(queries) > 1:
        raise ProtocolError(400, f"give exactly one query, not {len(queries)}")
    query = queries[0] if queries else None
    if query is None and method == "POST":
        raise ProtocolError(400, "the request has no query")
    if query is not None and len(query.encode("utf-8")) > max_query_bytes:
        raise ProtocolError(413, f"query over the limit of {max_query_bytes} bytes")
    return QueryRequest(
        query=query,
        default_graph_uris=_graph_iris(pairs, "default-graph-uri"),
        named_graph_uris=_graph_iris(pairs, "named-graph-uri"),
        formats=tuple(v for n, v in pairs if n == "format"),
    )


def _graph_iris(pairs: list[tuple[str, str]], name: str) -> tuple[str, ...]:
    values = tuple(v for n, v in pairs if n == name)
    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError as error:
            raise ProtocolError(400, f"{name} {value!r} is not an absolute IRI: {error}") from None
    return values
