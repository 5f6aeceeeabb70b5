"""``counterpoint batch``: a thin Typer wrapper over :func:`counterpoint.batch.driver.run_batch`.

``register(app)`` adds the command to the main Typer app. Exit codes: 0 every input used, 1 some inputs
rejected, 2 usage / configuration / cluster error, 3 some partitions failed after their retries (rerun to
finish them), 130 interrupted (finished partitions are kept; a rerun resumes).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import List, Optional

import typer


def _fmt_secs(s: Optional[float]) -> str:
    if s is None:
        return "?"
    s = int(s)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


class _Bar:
    """One status line on stderr: reports done / estimated total, reports/s, ETA; redrawn at most 5 times/s."""

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.last = 0.0
        self.shown = False
        self.latest = None

    def __call__(self, p, force: bool = False) -> None:
        self.latest = p
        now = time.monotonic()
        if now - self.last < 0.2 and not force:
            return
        self.last = now
        done = p.reports_done + p.rejected
        total = f"/{p.total}" if p.total else ""
        frac = f" {min(100, 100 * done // p.total):3d}%" if p.total else ""
        width = 24
        filled = min(width, width * done // p.total) if p.total else 0
        bar = f"[{'#' * filled}{'.' * (width - filled)}] " if p.total else ""
        self.stream.write(f"\r{bar}{done}{total}{frac}  partitions {p.partitions_done}  "
                          f"{p.rate:.1f} reports/s  ETA {_fmt_secs(p.eta)}   ")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.latest is not None:
            self(self.latest, force=True)
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def register(app: typer.Typer) -> None:
    @app.command("batch")
    def batch(
        sources: List[str] = typer.Argument(..., help="Files, folders, JSONL/CSV manifests (.gz ok)."),
        out: Path = typer.Option(..., "--out", help="Output folder: analyses/ and rejected/ Parquet files, "
                                                   "stories.parquet, run.json, _manifest.jsonl."),
        scheduler: Optional[str] = typer.Option(None, "--scheduler",
                                                help="A running Dask scheduler, e.g. tcp://HOST:8786."),
        workers: Optional[int] = typer.Option(None, "--workers", help="Start a local cluster of N worker "
                                              "processes (default: one per CPU core)."),
        db: Optional[str] = typer.Option(None, "--db", help="Also write reports, analyses and stories into "
                                         "this store (SQLite path or postgresql:// URL)."),
        partition_size: int = typer.Option(100, "--partition-size", help="Reports per partition."),
        retries: int = typer.Option(3, "--retries", help="Times a failed partition is retried."),
        published: Optional[str] = typer.Option(None, "--published", help="Publication date for inputs "
                                                "that carry none (YYYY-MM-DD)."),
        outlet: Optional[str] = typer.Option(None, "--outlet", help="Outlet for inputs that name none."),
        no_progress: bool = typer.Option(False, "--no-progress", help="No progress bar."),
        config: Optional[Path] = typer.Option(None, "--config", help="A counterpoint.toml settings file."),
    ) -> None:
        """Analyse a large corpus on a Dask cluster (the same pipeline as `add`), write Parquet, group stories."""
        from ..config import resolve_settings
        from ..errors import CounterpointError
        if scheduler and workers:
            typer.echo("counterpoint: give --scheduler or --workers, not both (the scheduler's workers are used)",
                       err=True)
            raise typer.Exit(2)
        if partition_size < 1 or (workers is not None and workers < 1) or retries < 0:
            typer.echo("counterpoint: --partition-size and --workers must be at least 1, --retries at least 0",
                       err=True)
            raise typer.Exit(2)
        try:
            import dask  # noqa: F401
            import distributed  # noqa: F401
            import pyarrow  # noqa: F401
        except ImportError as exc:
            typer.echo(f"counterpoint: batch needs dask[distributed] and pyarrow ({exc}); "
                       "pip install 'counterpoint[batch]'", err=True)
            raise typer.Exit(2)
        from ..corpus import estimate_total
        from .driver import run_batch
        bar = None if no_progress else _Bar()
        try:
            settings = resolve_settings(config, db=db)
            result = run_batch(sources, out, settings, scheduler=scheduler, workers=workers, db=db,
                               partition_size=partition_size, retries=retries, progress=bar,
                               on_event=lambda msg: typer.echo(msg, err=True), published=published,
                               outlet=outlet, total=None if no_progress else estimate_total(sources))
        except CounterpointError as exc:
            if bar:
                bar.close()
            typer.echo(f"counterpoint: {exc}", err=True)
            raise typer.Exit(2)
        if bar:
            bar.close()
        rate = result.analysed_now / result.map_seconds if result.map_seconds else 0.0
        typer.echo(f"{result.reports} reports analysed ({result.computed} partitions computed, {result.skipped} "
                   f"already done) in {result.seconds:.1f} s on {result.workers} worker(s), "
                   f"{rate:.1f} reports/s; {result.duplicates} duplicates, {result.rejected} rejected")
        for line in result.rejected_sample:
            typer.echo(f"rejected: {line}", err=True)
        if result.rejected > len(result.rejected_sample):
            typer.echo(f"... and {result.rejected - len(result.rejected_sample)} more in {out}/rejected/",
                       err=True)
        if result.stories is not None:
            typer.echo(f"{result.stories} stories -> {out}/stories.parquet")
        if result.store is not None:
            s = result.store
            typer.echo(f"store: {s['added']} added, {s['already_stored']} already stored, "
                       f"{s['stories_created']} stories created, {s['stories_merged']} merged")
        if result.interrupted:
            typer.echo("interrupted: finished partitions are kept; run the same command again to resume", err=True)
            raise typer.Exit(130)
        if result.failed:
            for f in result.failed:
                typer.echo(f"failed: {f}", err=True)
            typer.echo("some partitions failed after their retries; run the same command again to finish them",
                       err=True)
            raise typer.Exit(3)
        raise typer.Exit(1 if result.rejected else 0)
