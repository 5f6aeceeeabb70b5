"""`register(app)` adds `serve` to a Typer app; beyond loopback without a token it refuses to start."""
from __future__ import annotations

import typer
from typer.testing import CliRunner

from counterpoint.web.cli import register


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.command()
    def other() -> None:      # a second command keeps `serve` a subcommand, as in the real CLI
        pass
    register(app)
    return app


def test_serve_help_lists_the_flags():
    result = CliRunner().invoke(_app(), ["serve", "--help"])
    assert result.exit_code == 0
    for flag in ("--db", "--host", "--port", "--token"):
        assert flag in result.output
    assert "127.0.0.1" in result.output and "8000" in result.output


def test_serve_beyond_loopback_needs_a_token(monkeypatch):
    monkeypatch.delenv("COUNTERPOINT_WEB_TOKEN", raising=False)
    result = CliRunner().invoke(_app(), ["serve", "--host", "0.0.0.0", "--port", "8123"])
    assert result.exit_code == 2
    assert "token" in result.output


def test_the_counterpoint_command_has_serve():
    from counterpoint.cli import app
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0, result.output
    assert "--token" in result.output and "JSON API" in result.output


def test_serve_defaults_to_the_store_the_corpus_commands_use(monkeypatch):
    import counterpoint.web as web
    from counterpoint.cli import app
    from counterpoint.store.sql import default_db_path
    seen = {}
    monkeypatch.delenv("COUNTERPOINT_DB", raising=False)
    monkeypatch.setattr(web, "serve", lambda settings, **kw: seen.update(kw))
    assert CliRunner().invoke(app, ["serve"]).exit_code == 0
    assert seen["db"] == str(default_db_path()) and seen["host"] == "127.0.0.1" and seen["port"] == 8000
    assert CliRunner().invoke(app, ["serve", "--db", "/tmp/x.db"]).exit_code == 0
    assert seen["db"] == "/tmp/x.db"
