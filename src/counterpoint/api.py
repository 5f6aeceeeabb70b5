"""The library's front door: the functions the CLI, the web app and the Dask driver call.

    from counterpoint.api import compare_sources
    result = compare_sources(["examples/seed-pair/reports.jsonl"])
    print(result.comparison.findings[0].summary)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional, Sequence

from .config import Settings
from .model import Analysis, Comparison, Report


@dataclass
class RunResult:
    comparison: Comparison
    rejected: list = field(default_factory=list)     # ingest.Rejection
    notices: list[str] = field(default_factory=list)


_ANALYZER = None


def get_analyzer(settings: Settings):
    """The process-wide Analyzer (models load once)."""
    global _ANALYZER
    from .analyze import Analyzer
    if _ANALYZER is None or _ANALYZER.settings.spacy_model != settings.spacy_model:
        _ANALYZER = Analyzer(settings)
    _ANALYZER.settings = settings
    return _ANALYZER


def analyze_reports(reports: Iterable[Report], settings: Optional[Settings] = None,
                    progress: Optional[Callable[[int], None]] = None) -> list[Analysis]:
    settings = settings or Settings()
    out = []
    for a in get_analyzer(settings).analyze_many(reports):
        out.append(a)
        if progress:
            progress(len(out))
    return out


def compare_reports(reports: Sequence[Report], settings: Optional[Settings] = None,
                    progress: Optional[Callable[[int], None]] = None) -> Comparison:
    from .link import compare
    settings = settings or Settings()
    return compare(analyze_reports(reports, settings, progress), settings)


def compare_sources(inputs: Sequence[str], settings: Optional[Settings] = None, *, published: Optional[str] = None,
                    outlet: Optional[str] = None, analyze_only: bool = False,
                    progress: Optional[Callable[[int], None]] = None) -> RunResult:
    """Ingest files / folders / manifests / URLs, analyse each report, and compare them."""
    from .ingest import load_sources
    from .link import compare
    from .link.entities import link_entities
    settings = settings or Settings()
    loaded = load_sources(inputs, settings, published=published, outlet=outlet)
    analyses = analyze_reports(loaded.reports, settings, progress)
    if analyze_only:
        analyses = sorted(analyses, key=lambda a: (a.report.path or "", a.report.id))
        cmp = Comparison(tuple(a.report for a in analyses), tuple(analyses), tuple(link_entities(analyses)))
    else:
        cmp = compare(analyses, settings)
    return RunResult(cmp, list(loaded.rejected), list(loaded.notices))


def compare_texts(items: Sequence[dict], settings: Optional[Settings] = None) -> RunResult:
    """Compare reports given in memory: [{"text", "title", "outlet", "published", "url"}] (the HTTP API)."""
    from .errors import InputError
    from .ingest import make_report
    settings = settings or Settings()
    reports, rejected = [], []
    seen = set()
    for n, item in enumerate(items, 1):
        try:
            r = make_report(item.get("text") or "", path=item.get("path") or f"report-{n}", title=item.get("title"),
                            outlet=item.get("outlet"), published=item.get("published"),
                            published_source="request" if item.get("published") else None,
                            url=item.get("url"), settings=settings)
        except InputError as exc:
            rejected.append(exc)
            continue
        if r.id not in seen:
            seen.add(r.id)
            reports.append(r)
    return RunResult(compare_reports(reports, settings), rejected, [])
