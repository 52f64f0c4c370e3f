"""HTTP plumbing shared by the linked-data, dump and convenience routes.

Content negotiation reuses the SPARQL endpoint's ``Accept`` parser (api.sparql.negotiation);
conditional requests get an ETag tied to the build id of the build the request holds
(``api.builds``), so a rebuild invalidates caches. The ETag is weak (RFC 9110 8.8.1): the
application's gzip layer sends the same representation either as it is or gzip-coded, and a strong
tag would have to tell the two byte sequences apart; a weak one names them both, as /sparql does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from fastapi import APIRouter, HTTPException, Request, Response

from api.sparql.formats import ResultFormat
from api.sparql.negotiation import choose, choose_by_name, parse_accept

F = TypeVar("F", bound=Callable[..., Any])


def negotiate(request: Request, offers: Sequence[ResultFormat]) -> ResultFormat:
    """The representation to send: ``format=`` if given (``422`` if unknown), else ``Accept``
    (``406`` if nothing offered is acceptable)."""
    values = [v for v in request.query_params.getlist("format") if v.strip()]
    if values:
        chosen = choose_by_name(values, offers)
        if chosen is None:
            names = ", ".join(offer.names[0] for offer in offers)
            raise HTTPException(422, f"unknown format {values[0]!r}: use one of {names}")
        return chosen
    chosen = choose(parse_accept(request.headers.get("accept")), offers)
    if chosen is None:
        types = ", ".join(offer.media_type for offer in offers)
        raise HTTPException(406, f"not available in the requested media type; offered: {types}")
    return chosen


def etag(build: str, *parts: str | bytes) -> str:
    """A weak ETag for one representation of one build, whatever its content coding."""
    digest = hashlib.sha256(build.encode())
    for part in parts:
        digest.update(b"\0")
        digest.update(part if isinstance(part, bytes) else part.encode())
    return f'W/"{build}-{digest.hexdigest()[:16]}"'


def not_modified(request: Request, tag: str) -> bool:
    """Whether the client's ``If-None-Match`` already names ``tag`` (the weak comparison that
    RFC 9110 13.1.2 prescribes for this header: ``W/`` is ignored on both sides)."""
    header = request.headers.get("if-none-match")
    if not header:
        return False
    candidates = {c.strip().removeprefix("W/") for c in header.split(",")}
    return "*" in candidates or tag.removeprefix("W/") in candidates


def respond(
    request: Request,
    body: bytes,
    content_type: str,
    tag: str,
    headers: dict[str, str] | None = None,
) -> Response:
    """``200`` with ``body``, or ``304`` when the client has this representation already."""
    common = {"ETag": tag, "Vary": "Accept", **(headers or {})}
    if not_modified(request, tag):
        return Response(status_code=304, headers=common)
    return Response(content=body, media_type=content_type, headers=common)


def get_and_head(router: APIRouter, path: str, **options: Any) -> Callable[[F], F]:
    """Register ``GET`` (documented) and ``HEAD`` (same handler, hidden from OpenAPI)."""

    def decorate(handler: F) -> F:
        router.add_api_route(path, handler, methods=["GET"], **options)
        hidden = {k: v for k, v in options.items() if k not in ("include_in_schema",)}
        router.add_api_route(path, handler, methods=["HEAD"], include_in_schema=False, **hidden)
        return handler

    return decorate
