"""The web app and HTTP API: ``create_app`` (FastAPI) and ``serve`` (uvicorn), over the library."""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from .settings import WebSettings

if TYPE_CHECKING:   # the web extras (fastapi, uvicorn) load only when the app is built
    from fastapi import FastAPI

    from ..config import Settings

__all__ = ["WebSettings", "create_app", "serve"]


def create_app(settings: "Optional[Settings]" = None, store_url: Optional[str] = None, **kwargs) -> "FastAPI":
    from .app import create_app as _create
    return _create(settings, store_url, **kwargs)


def serve(settings: "Settings", host: Optional[str] = None, port: Optional[int] = None, db: Optional[str] = None,
          token: Optional[str] = None, *, log_level: str = "info", **limits) -> None:
    """Serve the app with uvicorn until interrupted. Beyond loopback a token is required (UsageError).
    ``limits``: WebSettings fields (max_concurrent, max_waiting, max_reports, max_body_bytes, ...)."""
    import uvicorn

    web = WebSettings.from_settings(settings, host=host, port=port, token=token, db=db, **limits).check()
    app = create_app(settings, web.db, web=web)
    uvicorn.run(app, host=web.host, port=web.port, log_level=log_level, server_header=False,
                proxy_headers=False, timeout_graceful_shutdown=5)
