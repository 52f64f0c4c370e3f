"""``/dumps/``: an index (HTML or JSON) and the dump files, with length, ETag and gzip.

``/dumps/povkg.nt`` is N-Triples with its own media type; a client that accepts gzip gets the
precompressed file with ``Content-Encoding: gzip`` (no compression per request). ``povkg.nt.gz``
is the same gzip file as a download (``application/gzip``).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field

from api.builds import Build, BuildHolder
from api.dumps.files import DUMP_FORMATS, DumpCache, dump_name, format_for
from api.linked_data.formats import HTML, PLAIN_JSON
from api.linked_data.http import get_and_head, negotiate, not_modified
from api.linked_data.templating import render
from graph.config import Settings


class DumpEntry(BaseModel):
    format: str = Field(examples=["N-Triples"])
    media_type: str = Field(examples=["application/n-triples"])
    url: str = Field(examples=["/dumps/povkg.nt"])
    gzip_url: str = Field(examples=["/dumps/povkg.nt.gz"])
    size: int | None = Field(None, description="bytes; null until the dump is first made")
    gzip_size: int | None = None


class DumpIndex(BaseModel):
    build: str = Field(description="build id of the store the dumps are made from")
    dumps: list[DumpEntry]


def router(settings: Settings, builds: BuildHolder) -> APIRouter:
    api = APIRouter(tags=["dumps"])

    def cache_of(build: Build) -> DumpCache:
        """The dumps of ``build``; the files of builds still serving requests are kept."""
        return build.memo(
            "dumps",
            lambda: DumpCache(
                build.store, Path(settings.store), build.build_id, keep=builds.live_build_ids
            ),
        )

    def index(build: Build) -> DumpIndex:
        cache = cache_of(build)
        entries = []
        for fmt in DUMP_FORMATS:
            made = cache.existing(fmt)
            entries.append(
                DumpEntry(
                    format=fmt.label,
                    media_type=fmt.media_type,
                    url=f"/dumps/{dump_name(fmt)}",
                    gzip_url=f"/dumps/{dump_name(fmt)}.gz",
                    size=made.plain.stat().st_size if made else None,
                    gzip_size=made.gzipped.stat().st_size if made else None,
                )
            )
        return DumpIndex(build=build.build_id, dumps=entries)

    @api.get(
        "/dumps/",
        summary="Index of the full dumps",
        description="Each format with its URL, its gzip URL and their sizes (`null` until the "
        "dump is first made). JSON, or an HTML page for a browser.",
        response_model=DumpIndex,
        responses={200: {"content": {"text/html": {}}}},
    )
    def dumps_index(request: Request) -> Response:
        chosen = negotiate(request, (PLAIN_JSON, HTML))
        listing = index(builds.of(request))
        if chosen is HTML:
            body = render("dumps.html", index=listing, base_iri=settings.base_iri)
            return Response(body, media_type="text/html; charset=utf-8", headers={"Vary": "Accept"})
        return JSONResponse(listing.model_dump(), headers={"Vary": "Accept"})

    @get_and_head(
        api,
        "/dumps/{name}",
        summary="One dump file (made once per build, on first request)",
        description="`povkg.ttl` (Turtle), `povkg.nt` (N-Triples), `povkg.nq` (N-Quads, with the "
        "named graphs) and `povkg.jsonld` (JSON-LD, local context). A client that sends "
        "`Accept-Encoding: gzip` gets the precompressed file with `Content-Encoding: gzip`; "
        "`{name}.gz` is the same gzip file as a download (`application/gzip`). Each file has a "
        "length and an ETag (`If-None-Match` gives 304).",
        response_class=Response,
        responses={200: {"content": {f.media_type: {} for f in DUMP_FORMATS}}, 404: {}},
    )
    def dump(
        request: Request, name: str = PathParam(examples=["povkg.nt", "povkg.ttl.gz"])
    ) -> Response:
        found = format_for(name)
        if found is None:
            raise HTTPException(404, f"no dump {name!r}; see /dumps/")
        fmt, as_file = found
        build = builds.of(request)
        gzip_ok = as_file or "gzip" in request.headers.get("accept-encoding", "").lower()
        tag = f'"{build.build_id}-{fmt.extension}{"-gz" if gzip_ok else ""}"'
        headers = {"ETag": tag, "Vary": "Accept-Encoding"}
        if not_modified(request, tag):
            return Response(status_code=304, headers=headers)
        files = cache_of(build).get(fmt)
        if as_file:
            return FileResponse(files.gzipped, media_type="application/gzip", headers=headers)
        if gzip_ok:
            headers["Content-Encoding"] = "gzip"
            return FileResponse(files.gzipped, media_type=fmt.content_type, headers=headers)
        return FileResponse(files.plain, media_type=fmt.content_type, headers=headers)

    return api
