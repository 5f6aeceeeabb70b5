"""Ingest: files, folders, manifests, HTML, URLs and feeds -> Reports, with a Rejection for each bad input.

    from counterpoint.ingest import load_sources
    result = load_sources(["examples/seed-pair/reports.jsonl"], settings)
    result.reports, result.rejected, result.notices

Layout: text (decoding, binary and language checks), boilerplate (Removed spans), dates (datelines and
published values), html (trafilatura), feed (feedparser), web (fetching with the SSRF guard), manifest
(JSONL / CSV streaming), files (one document, folders), report (make_report, Rejection).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator, Optional, Sequence

from ..config import Settings
from ..errors import InputError, UsageError
from ..model import Report
from .dates import normalise_published
from .files import iter_path, load_url
from .manifest import iter_manifest
from .report import Given, Rejection, make_report
from .web import Fetched, is_url

__all__ = ["load_sources", "make_report", "iter_manifest", "iter_sources", "IngestResult", "Rejection",
           "Fetched"]


@dataclass
class IngestResult:
    reports: list[Report] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def iter_sources(inputs: Sequence[str], settings: Settings, *, published: Optional[str] = None,
                 outlet: Optional[str] = None, fetch: Optional[Callable] = None) -> Iterator[Report | Rejection]:
    """Reports and rejections from each input in order (no de-duplication). A bad ``published`` flag is a
    UsageError: it concerns every input, not one."""
    try:
        flag = normalise_published(published) if published is not None and str(published).strip() else None
    except ValueError as exc:
        raise UsageError(f"--{exc}") from None
    given = Given(outlet=outlet, published=flag, published_source="flag" if flag else None)
    for source in inputs:
        if is_url(source):
            try:
                yield from load_url(source, settings, given, fetch)
            except InputError as exc:
                yield Rejection(source, exc.reason)
        else:
            yield from iter_path(source, settings, given, iter_manifest)


def load_sources(inputs: Sequence[str], settings: Settings, *, published: Optional[str] = None,
                 outlet: Optional[str] = None, fetch: Optional[Callable] = None) -> IngestResult:
    """Read every input (file, folder, manifest, URL, feed). Bad inputs become rejections and the rest go
    on; the same text given twice is kept once, with a notice naming both sources.

    ``fetch(url)`` replaces the HTTP fetcher (tests; custom clients); it returns a ``Fetched``, a
    ``(body, content_type)`` pair or the body. The address check runs before it either way."""
    result = IngestResult()
    first: dict[str, str] = {}
    for source in inputs:
        for item in iter_sources([source], settings, published=published, outlet=outlet, fetch=fetch):
            if isinstance(item, Rejection):
                result.rejected.append(item)
                continue
            name = _label(item, source)
            if item.id in first:
                result.notices.append(f"{name}: same text as {first[item.id]}; kept once")
                continue
            first[item.id] = name
            result.reports.append(item)
    return result


def _label(report: Report, source: str) -> str:
    """How a report is named in notices: its path, with the input it came from when that differs."""
    name = report.path or report.url or report.id
    return name if name == source or name.startswith(source.rstrip("/") + "/") else f"{name} (in {source})"
