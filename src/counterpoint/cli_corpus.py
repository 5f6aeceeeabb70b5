"""Corpus commands (add, stories, story, watch): thin Typer wrappers over counterpoint.corpus.

``register(app)`` adds them to the main Typer app. Exit codes: 0 every input used, 1 some inputs rejected,
2 usage / configuration / store error, 130 interrupted (Ctrl-C; the store keeps every finished batch).
"""
from __future__ import annotations

import enum
import json
import signal
import sys
import threading
import time
from pathlib import Path
from typing import List, Optional

import typer

from .config import Settings, resolve_settings
from .errors import CounterpointError

DB = typer.Option(None, "--db", help="Store: a SQLite file path or a postgresql:// URL "
                                     "(default: counterpoint.db in the user's data directory).")
CONFIG = typer.Option(None, "--config", help="A counterpoint.toml settings file.")


class StoriesFormat(str, enum.Enum):
    text = "text"
    json = "json"


class StoryFormat(str, enum.Enum):
    json = "json"
    md = "md"
    html = "html"


def _fail(exc: Exception, code: int = 2) -> typer.Exit:
    typer.echo(f"counterpoint: {exc}", err=True)
    return typer.Exit(code)


def _settings(config: Optional[Path], db: Optional[str]) -> Settings:
    try:
        return resolve_settings(config, db=db)
    except CounterpointError as exc:
        raise _fail(exc) from None


def _fmt_secs(s: Optional[float]) -> str:
    if s is None:
        return "?"
    s = int(s)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


class _Bar:
    """One status line on stderr: inputs done / total, reports/s, ETA. Redrawn at most every 0.2 s."""

    def __init__(self) -> None:
        self.last = 0.0
        self.shown = False

    def __call__(self, p) -> None:
        now = time.monotonic()
        if now - self.last < 0.2 and (p.total is None or p.done < p.total):
            return
        self.last = now
        total = f"/{p.total}" if p.total else ""
        frac = f" {min(100, 100 * p.done // p.total):3d}%" if p.total else ""
        line = (f"\r{p.done}{total}{frac}  added {p.added}  {p.rate:.1f} reports/s  "
                f"ETA {_fmt_secs(p.eta)}   ")
        sys.stderr.write(line)
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


class _StopOnInterrupt:
    """First Ctrl-C: finish the batch in flight, then stop. Second Ctrl-C: abort it (rolled back)."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.previous = None

    def _handler(self, signum, frame) -> None:
        if self.event.is_set():
            raise KeyboardInterrupt
        self.event.set()
        sys.stderr.write("\nstopping after the current batch (Ctrl-C again to abort it)...\n")

    def __enter__(self) -> threading.Event:
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._handler)
        return self.event

    def __exit__(self, *exc) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)


def _summary(result, store_url: str) -> None:
    for notice in result.notices:
        typer.echo(f"note: {notice}", err=True)
    for rej in result.rejected:
        typer.echo(f"rejected: {rej.source}: {rej.reason}", err=True)
    typer.echo(f"added {result.added}, duplicates {result.duplicates}, rejected {len(result.rejected)}; "
               f"stories: {result.stories_created} new, {result.stories_merged} merged", err=True)
    if result.interrupted:
        typer.echo("interrupted: the store keeps every finished batch; run the same command again to add "
                   "the rest", err=True)


def _exit_code(result) -> int:
    if result.interrupted:
        return 130
    return 1 if result.rejected else 0


def register(app: typer.Typer) -> None:
    """Add the corpus commands to ``app``."""

    @app.command("add")
    def add(sources: List[str] = typer.Argument(..., help="Files, folders, manifests (.jsonl/.csv, .gz), "
                                                          "feeds or http(s) URLs."),
            db: Optional[str] = DB,
            published: Optional[str] = typer.Option(None, "--published", help="Date for inputs without one."),
            outlet: Optional[str] = typer.Option(None, "--outlet", help="Outlet for inputs without one."),
            no_analysis: bool = typer.Option(False, "--no-analysis",
                                             help="Group from text alone; analyse later (story pages)."),
            quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
            config: Optional[Path] = CONFIG) -> None:
        """Add reports to the store: ingest, analyse, group into stories. Safe to interrupt and rerun."""
        from .corpus import add_sources
        settings = _settings(config, db)
        bar = _Bar()
        try:
            with _StopOnInterrupt() as stop:
                result = add_sources(sources, settings, analyze=not no_analysis, stop=stop,
                                     progress=None if quiet else bar, published=published, outlet=outlet)
        except CounterpointError as exc:
            bar.close()
            raise _fail(exc) from None
        bar.close()
        _summary(result, settings.db or "")
        raise typer.Exit(_exit_code(result))

    @app.command("stories")
    def stories(db: Optional[str] = DB,
                since: Optional[str] = typer.Option(None, "--since", help="Only stories seen on or after this "
                                                                          "date (YYYY-MM-DD)."),
                search: Optional[str] = typer.Option(None, "--search", help="Text in a title or outlet."),
                format: StoriesFormat = typer.Option(StoriesFormat.text, "--format", "-f"),
                config: Optional[Path] = CONFIG) -> None:
        """List the stories in the store, most recent first."""
        from .corpus import list_stories, stories_json
        from .store import open_store
        settings = _settings(config, db)
        try:
            with open_store(settings.db) as store:
                found = list_stories(store, since=since, search=search)
        except CounterpointError as exc:
            raise _fail(exc) from None
        if format is StoriesFormat.json:
            typer.echo(json.dumps(stories_json(found), indent=1, ensure_ascii=False))
            return
        if not found:
            typer.echo("no stories", err=True)
        for s in found:
            span = s.first_seen if s.first_seen == s.last_seen else f"{s.first_seen or '?'}..{s.last_seen or '?'}"
            outlets = ", ".join(s.outlets)
            typer.echo(f"{s.id}  {span or 'undated'}  {s.report_count} report{'s' if s.report_count != 1 else ''}"
                       f"{'  ' + outlets if outlets else ''}  {s.title or ''}")

    @app.command("story")
    def story(story_id: str = typer.Argument(..., help="A story id (or a unique prefix) from `stories`."),
              db: Optional[str] = DB,
              format: StoryFormat = typer.Option(StoryFormat.md, "--format", "-f"),
              out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write to this file."),
              config: Optional[Path] = CONFIG) -> None:
        """One story's comparison (agreement, conflict, single-source claims), through the renderers."""
        from .corpus import story_comparison
        from .store import open_store
        settings = _settings(config, db)
        try:
            with open_store(settings.db) as store:
                cmp = story_comparison(store, story_id, settings)
        except CounterpointError as exc:
            raise _fail(exc) from None
        from . import render
        fn = {"json": "render_json", "md": "render_markdown", "html": "render_html"}[format.value]
        if not hasattr(render, fn):
            raise _fail(f"--format {format.value}: renderer not available in this build")
        text = getattr(render, fn)(cmp)
        if out is None:
            typer.echo(text)
        else:
            out.write_text(text, encoding="utf-8")
            typer.echo(f"wrote {out}", err=True)

    @app.command("watch")
    def watch(sources: List[str] = typer.Argument(..., help="Feeds, folders or manifests to poll."),
              every: str = typer.Option("10m", "--every", help="Polling interval: 30s, 10m, 2h."),
              iterations: Optional[int] = typer.Option(None, "--iterations", "-n", min=1,
                                                       help="Stop after this many rounds (default: until "
                                                            "Ctrl-C)."),
              db: Optional[str] = DB,
              no_analysis: bool = typer.Option(False, "--no-analysis"),
              config: Optional[Path] = CONFIG) -> None:
        """Poll sources and add what is new, every --every."""
        from .corpus import parse_every, watch as watch_loop
        settings = _settings(config, db)
        rejected_last = False
        try:
            seconds = parse_every(every)
            with _StopOnInterrupt() as stop:
                def on_round(n, result) -> None:
                    typer.echo(f"round {n}: added {result.added}, duplicates {result.duplicates}, "
                               f"rejected {len(result.rejected)}", err=True)
                    for rej in result.rejected:
                        typer.echo(f"rejected: {rej.source}: {rej.reason}", err=True)

                def sleep(secs: float) -> None:
                    stop.wait(secs)

                for result in watch_loop(sources, settings, every=seconds, iterations=iterations, stop=stop,
                                         on_round=on_round, sleep=sleep, analyze=not no_analysis):
                    rejected_last = bool(result.rejected)
                    if result.interrupted:
                        raise typer.Exit(130)
        except CounterpointError as exc:
            raise _fail(exc) from None
        raise typer.Exit(1 if rejected_last else 0)
