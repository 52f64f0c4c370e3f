"""Full dumps of the store (``/dumps/``): made once per build, cached on disk beside the store."""

from api.dumps.router import router

__all__ = ["router"]
