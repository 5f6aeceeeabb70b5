"""The ``serve`` command, for the main Typer app: ``register(app)`` adds it."""
from __future__ import annotations

from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_cmd(
        db: Optional[str] = typer.Option(None, "--db", help="Store (SQLite path or PostgreSQL URL) for stories; "
                                         "default: the db setting, else the same store as `counterpoint add` "
                                         "(in the user's data directory)."),
        host: str = typer.Option("127.0.0.1", "--host", help="Address to bind. Beyond loopback, writes need --token."),
        port: int = typer.Option(8000, "--port", help="Port to listen on."),
        token: Optional[str] = typer.Option(None, "--token", envvar="COUNTERPOINT_WEB_TOKEN", show_envvar=True,
                                            help="Token for write endpoints (required when --host is not loopback)."),
        config: Optional[str] = typer.Option(None, "--config", help="Settings file (counterpoint.toml)."),
    ) -> None:
        """Serve the web app and the JSON API (/api/v1) over the store."""
        from pathlib import Path

        from ..config import resolve_settings
        from ..errors import CounterpointError
        from . import serve
        try:
            settings = resolve_settings(Path(config) if config else None)
            if db is None and not settings.db:          # the store `add` / `stories` use by default
                from ..store.sql import default_db_path
                db = str(default_db_path())
            typer.echo(f"counterpoint: serving on http://{host}:{port}/ (Ctrl-C stops)", err=True)
            serve(settings, host=host, port=port, db=db, token=token)
        except CounterpointError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
