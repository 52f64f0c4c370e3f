"""The landing page, offline API docs (Swagger UI from the swagger-ui-bundle package) and the
static files: nothing a page needs is fetched from another host.

Swagger UI 4 (what swagger-ui-bundle ships) reads OpenAPI 3.0, while FastAPI writes 3.1; the
docs page is therefore fed ``/docs/openapi.json``, the same description rewritten in 3.0 terms
(``nullable`` for ``null`` in ``anyOf``, one ``example`` for ``examples``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

from api.linked_data.page import mount_path
from api.linked_data.templating import render
from graph.config import Settings

STATIC = Path(__file__).resolve().parent.parent / "static"
SWAGGER_FILES = ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png")
EXAMPLE_QUERY = """PREFIX pov: <https://w3id.org/povkg/ontology#>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?area ?indicator ?value ?quote WHERE {
  ?m a pov:Measurement ; pov:value ?value ;
     sdmx-dimension:refArea/rdfs:label ?area ;
     pov:indicator/rdfs:label ?indicator ;
     pov:evidence/oa:hasTarget/oa:hasSelector/oa:exact ?quote .
  FILTER(lang(?area) = "vi" && lang(?indicator) = "en")
} LIMIT 20"""


def _swagger_dir() -> Path | None:
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:
        return None
    return Path(swagger_ui_path)


def downgrade_openapi(schema: Any) -> Any:
    """An OpenAPI 3.1 description rewritten for tools that read 3.0 only."""
    if isinstance(schema, list):
        return [downgrade_openapi(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = {key: downgrade_openapi(value) for key, value in schema.items()}
    if isinstance(result.get("openapi"), str):
        result["openapi"] = "3.0.3"
    for key in ("anyOf", "oneOf"):
        options = result.get(key)
        if isinstance(options, list) and {"type": "null"} in options:
            rest = [o for o in options if o != {"type": "null"}]
            del result[key]
            result["nullable"] = True
            if len(rest) == 1 and isinstance(rest[0], dict) and "$ref" not in rest[0]:
                result.update({k: v for k, v in rest[0].items() if k not in result})
            else:
                result[key] = rest
    if isinstance(result.get("examples"), list) and "type" in result:
        examples = result.pop("examples")
        if examples:
            result["example"] = examples[0]
    if "const" in result:
        result["enum"] = [result.pop("const")]
    return result


def router(settings: Settings) -> APIRouter:
    api = APIRouter(include_in_schema=False)
    swagger = _swagger_dir()

    @api.get("/", response_class=HTMLResponse)
    def landing(request: Request) -> Response:
        body = render(
            "landing.html",
            base_iri=settings.base_iri,
            mount=mount_path(settings.base_iri),
            server=str(request.base_url),
            example_query=EXAMPLE_QUERY,
        )
        return HTMLResponse(body)

    @api.get("/static/{name}")
    def static(name: str) -> FileResponse:
        files = {p.name: p for p in STATIC.iterdir() if p.is_file()}
        if name not in files:
            raise HTTPException(404, f"no static file {name!r}")
        return FileResponse(files[name])

    @api.get("/docs/assets/{name}")
    def swagger_asset(name: str) -> FileResponse:
        if swagger is None or name not in SWAGGER_FILES:
            raise HTTPException(404, f"no documentation asset {name!r}")
        return FileResponse(swagger / name)

    @api.get("/docs/openapi.json")
    def openapi_3_0(request: Request) -> JSONResponse:
        return JSONResponse(downgrade_openapi(request.app.openapi()))

    @api.get("/docs", response_class=HTMLResponse)
    def docs() -> Response:
        if swagger is None:
            raise HTTPException(503, "API docs need the swagger-ui-bundle package")
        return get_swagger_ui_html(
            openapi_url="/docs/openapi.json",
            title="povkg API",
            swagger_js_url="/docs/assets/swagger-ui-bundle.js",
            swagger_css_url="/docs/assets/swagger-ui.css",
            swagger_favicon_url="/docs/assets/favicon-32x32.png",
        )

    return api
