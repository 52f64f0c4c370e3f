"""One shape for every error the application answers in JSON: RFC 9457 problem details.

    {"type": "about:blank", "title": "Not Found", "status": 404,
     "detail": "no province 'atlantis'", "errors": []}

served as ``application/problem+json``. ``detail`` is always one readable sentence; ``errors``
lists each invalid parameter (``location``, ``message``) for a ``422`` raised by request
validation and is empty otherwise. This covers the convenience routes, linked data, dumps, the
docs and paths that match no route (``404``, ``405``), whether the error comes from our own
``HTTPException``, from FastAPI's parameter validation or from an unexpected failure (``500``).

A browser (an ``Accept`` that prefers ``text/html`` to JSON) gets the same status and the same
message as a small HTML page instead (``error.html``); every other client, ``*/*`` included, gets
the problem details.

The SPARQL endpoint keeps plain-text errors (the parser's message as it is): the SPARQL 1.1
Protocol leaves the body of an error free, and SPARQL clients show it to their users verbatim.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from api.linked_data.formats import HTML, PLAIN_JSON
from api.linked_data.templating import render
from api.sparql.negotiation import choose, parse_accept
from graph.config import DEFAULT_BASE_IRI

PROBLEM_JSON = "application/problem+json"
ERROR_OFFERS = (PLAIN_JSON, HTML)
"""JSON first: a client that accepts both equally (``*/*``) gets the problem details."""

PROBLEM_SCHEMA: dict[str, Any] = {
    "description": "An error (RFC 9457 problem details, `application/problem+json`).",
    "content": {
        PROBLEM_JSON: {
            "example": {
                "type": "about:blank",
                "title": "Unprocessable Entity",
                "status": 422,
                "detail": "query.limit: Input should be less than or equal to 1000",
                "errors": [
                    {
                        "location": "query.limit",
                        "message": "Input should be less than or equal to 1000",
                    }
                ],
            }
        }
    },
}
"""What OpenAPI documents for an error response."""

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {**PROBLEM_SCHEMA, "description": text}
    for status, text in (
        (404, "Unknown resource (problem details)"),
        (406, "No offered media type is acceptable (problem details)"),
        (422, "Invalid parameter (problem details; `errors` lists each one)"),
    )
}
"""The error responses every route of the JSON API may give, for ``include_router``."""


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem(
    status: int,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """An error response in the one shape."""
    body = {
        "type": "about:blank",
        "title": _title(status),
        "status": status,
        "detail": detail,
        "errors": errors or [],
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def wants_html(request: Request) -> bool:
    """Whether the client prefers an HTML page to JSON (a browser's ``Accept``)."""
    return choose(parse_accept(request.headers.get("accept")), ERROR_OFFERS) is HTML


def error_page(
    request: Request,
    status: int,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """The HTML form of an error: same status, same message."""
    settings = getattr(request.app.state, "settings", None)
    body = render(
        "error.html",
        status=status,
        title=_title(status),
        detail=detail,
        errors=errors or [],
        base_iri=settings.base_iri if settings is not None else DEFAULT_BASE_IRI,
    )
    return HTMLResponse(body, status_code=status, headers=headers)


def answer(
    request: Request,
    status: int,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """An error response in the form the client prefers: HTML for a browser, else the one
    problem-details shape. Both vary with ``Accept``."""
    varied = {**(headers or {}), "Vary": "Accept"}
    if wants_html(request):
        return error_page(request, status, detail, errors, varied)
    return problem(status, detail, errors, varied)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    return answer(request, exc.status_code, detail, headers=exc.headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"location": ".".join(str(part) for part in error.get("loc", ())), "message": error["msg"]}
        for error in exc.errors()
    ]
    detail = "; ".join(f"{e['location']}: {e['message']}" for e in errors) or "invalid request"
    return answer(request, 422, detail, errors)


async def _server_error(request: Request, exc: Exception) -> Response:
    # Starlette re-raises the exception once this response is sent: the server logs it there.
    return answer(request, 500, "the server failed to answer this request; the failure was logged")


def install(app: FastAPI) -> None:
    """Answer every error of ``app`` in the one shape."""
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _server_error)
