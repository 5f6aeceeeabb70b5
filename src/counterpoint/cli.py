"""The `counterpoint` command: thin wrappers over counterpoint.api.

Exit status: 0 when every input was used, 1 when some were rejected (each named on stderr with the reason),
2 for a usage error (bad flag or value, nothing usable).
"""
from __future__ import annotations

import sys
import time
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .config import Settings, resolve_settings
from .errors import ConfigError, CounterpointError, UsageError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Compare news reports of the same event: agreement, conflict, single-source claims, "
                       "attribution and framing, each with evidence offsets. Offline.")


class CompareFormat(str, Enum):
    summary = "summary"
    json = "json"
    md = "md"
    html = "html"


class AnalyzeFormat(str, Enum):
    text = "text"
    json = "json"


def _settings(config: Optional[Path], **flags) -> Settings:
    try:
        return resolve_settings(config, **flags)
    except ConfigError as exc:
        typer.echo(f"counterpoint: {exc}", err=True)
        raise typer.Exit(2)


def _progress(total_hint: int):
    """A light progress line on stderr for longer runs (reports analysed, rate)."""
    start = time.monotonic()
    interactive = sys.stderr.isatty()

    def tick(done: int) -> None:
        if total_hint < 5 and not interactive:
            return
        rate = done / max(time.monotonic() - start, 1e-6)
        msg = f"analysed {done} report{'s' if done != 1 else ''} ({rate:.1f}/s)"
        if interactive:
            sys.stderr.write("\r" + msg)
            sys.stderr.flush()
        elif done % 25 == 0 or done == total_hint:
            sys.stderr.write(msg + "\n")

    def close() -> None:
        if interactive:
            sys.stderr.write("\n")
    tick.close = close  # type: ignore[attr-defined]
    return tick


def _write(text: str, out: Optional[Path]) -> None:
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    typer.echo(f"wrote {out}", err=True)


def _run(inputs: List[str], settings: Settings, published, outlet, analyze_only: bool):
    from .api import compare_sources
    tick = _progress(len(inputs))
    try:
        result = compare_sources(inputs, settings, published=published, outlet=outlet, analyze_only=analyze_only,
                                 progress=tick)
    except UsageError as exc:
        typer.echo(f"counterpoint: {exc}", err=True)
        raise typer.Exit(2)
    except CounterpointError as exc:
        typer.echo(f"counterpoint: {exc}", err=True)
        raise typer.Exit(2)
    finally:
        tick.close()
    for notice in result.notices:
        typer.echo(f"note: {notice}", err=True)
    for rej in result.rejected:
        typer.echo(f"rejected: {rej}", err=True)
    if not result.comparison.reports:
        typer.echo("counterpoint: no usable report among the inputs", err=True)
        raise typer.Exit(2 if not result.rejected else 1)
    return result


INPUTS = typer.Argument(..., help="Files, folders, manifests (.jsonl/.csv), feeds or http(s) URLs.")
PUBLISHED = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD) for inputs that lack one.")
OUTLET = typer.Option(None, "--outlet", help="Outlet name for inputs that lack one.")
OUT = typer.Option(None, "--out", "-o", help="Write to this file instead of standard output.")
CONFIG = typer.Option(None, "--config", help="A counterpoint.toml settings file.")


@app.command()
def compare(inputs: List[str] = INPUTS,
            format: CompareFormat = typer.Option(CompareFormat.summary, "--format", "-f"),
            out: Optional[Path] = OUT, published: Optional[str] = PUBLISHED, outlet: Optional[str] = OUTLET,
            config: Optional[Path] = CONFIG,
            no_embeddings: bool = typer.Option(False, "--no-embeddings", help="Align claims by words only.")):
    """Compare reports of one event: conflicts, partials, agreements, single-source claims, with evidence."""
    from . import render
    settings = _settings(config, embeddings=False if no_embeddings else None)
    result = _run(inputs, settings, published, outlet, analyze_only=False)
    cmp = result.comparison
    if format is CompareFormat.json:
        text = render.render_json(cmp, include_layers=False)
    elif format is CompareFormat.md:
        text = render.render_markdown(cmp)
    elif format is CompareFormat.html:
        text = render.render_html(cmp)
    else:
        text = render.render_summary(cmp, color=out is None and sys.stdout.isatty())
    _write(text, out)
    raise typer.Exit(1 if result.rejected else 0)


@app.command()
def analyze(inputs: List[str] = INPUTS,
            format: AnalyzeFormat = typer.Option(AnalyzeFormat.text, "--format", "-f"),
            out: Optional[Path] = OUT, published: Optional[str] = PUBLISHED, outlet: Optional[str] = OUTLET,
            config: Optional[Path] = CONFIG):
    """Analyse each report on its own: entities, quantities, times, places, quotes, attributions, claims."""
    from . import render
    settings = _settings(config)
    result = _run(inputs, settings, published, outlet, analyze_only=True)
    if format is AnalyzeFormat.json:
        text = render.render_json(result.comparison, include_layers=True)
    else:
        text = _analysis_text(result.comparison)
    _write(text, out)
    raise typer.Exit(1 if result.rejected else 0)


def _analysis_text(cmp) -> str:
    lines = []
    for a in cmp.analyses:
        r = a.report
        lines.append(f"== {r.path or r.id}  (id {r.id}, published {r.published or 'unknown'})")
        lines.append(f"   {len(a.sentences)} sentences, {len(a.mentions)} entity mentions, {len(a.claims)} claims")
        for q in a.quantities:
            hi = "open" if q.high is None else f"{q.high:g}"
            lo = "open" if q.low is None else f"{q.low:g}"
            lines.append(f"   quantity  {q.text!r}: [{lo}, {hi}] {q.hedge} {q.counted or q.unit or ''}")
        for t in a.times:
            when = f"{t.start} .. {t.end}" if t.resolved else f"unresolved ({t.note})"
            lines.append(f"   time      {t.text!r}: {when} [{t.granularity}]")
        for p in a.places:
            where = f"{p.name} ({p.lat:.2f}, {p.lon:.2f})" if p.resolved and p.lat is not None else "unresolved"
            lines.append(f"   place     {p.text!r}: {where}")
        for q in a.quotes:
            lines.append(f"   quote     {q.speaker or '?'}: {q.text[:80]!r}")
        for at in a.attributions:
            lines.append(f"   source    {at.source} ({at.kind}{', ' + at.hedge if at.hedge else ''})")
        for rm in r.removed:
            lines.append(f"   removed   {rm.span.start}-{rm.span.end}: {rm.reason}")
        for note in a.notes:
            lines.append(f"   note      {note}")
    return "\n".join(lines) + "\n"


@app.command("eval")
def eval_cases(cases_dir: Path = typer.Argument(..., help="A folder of cases (reports.jsonl + expected.json), "
                                                           "or one case folder."),
               json_out: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
               out_dir: Optional[Path] = typer.Option(None, "--out-dir", help="Also write each case's output JSON."),
               config: Optional[Path] = CONFIG):
    """Run compare on every annotated case and score it (the rules of score_cases.py)."""
    import json
    from .eval.cases import evaluate_dir
    settings = _settings(config)
    if not cases_dir.is_dir():
        typer.echo(f"counterpoint: {cases_dir}: not a folder", err=True)
        raise typer.Exit(2)
    try:
        report = evaluate_dir(cases_dir, settings, out_dir=out_dir)
    except CounterpointError as exc:
        typer.echo(f"counterpoint: {exc}", err=True)
        raise typer.Exit(2)
    if json_out:
        typer.echo(json.dumps(report.summary_dict(), indent=1))
    else:
        typer.echo(report.text())


@app.command()
def version():
    """Print the version and the pipeline version."""
    from . import PIPELINE_VERSION, __version__
    typer.echo(f"counterpoint {__version__} (pipeline {PIPELINE_VERSION})")


try:  # corpus mode: add / stories / story / watch
    from .cli_corpus import register as _register_corpus
except ImportError:  # pragma: no cover - while the module is not there
    _register_corpus = None
if _register_corpus is not None:
    _register_corpus(app)

from .web.cli import register as _register_web  # noqa: E402 - `serve`: imports only typer until it runs

_register_web(app)

from .batch.cli import register as _register_batch  # noqa: E402 - `batch`: dask is imported only when it runs

_register_batch(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
