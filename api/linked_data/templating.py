"""The Jinja2 environment for every HTML page (templates in api/templates, autoescaped)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Environment


@lru_cache(maxsize=1)
def environment() -> Environment:
    """Made when the first page is rendered: the server starts without loading Jinja2."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    directory = resources.files("api") / "templates"
    return Environment(
        loader=FileSystemLoader(str(directory)),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **context: Any) -> bytes:
    """Render ``template`` to UTF-8 bytes."""
    return environment().get_template(template).render(**context).encode("utf-8")
