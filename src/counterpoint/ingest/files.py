"""Reading one document (text, HTML, feed) from a file or a fetched body, and walking folders.

Date priority is applied here: given (manifest > flag) > HTML metadata > feed entry > dateline in the text.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterator, Optional

from ..config import Settings
from ..errors import InputError
from ..model import Report
from .dates import normalise_published
from .feed import FEED_TYPES, looks_like_feed, parse_feed
from .html import declared_charset, extract_html, looks_like_html
from .report import Given, Rejection, make_report
from .text import decode
from .web import Fetched, check_fetched, check_url, http_fetcher

TEXT_EXTENSIONS = (".txt", ".md", ".markdown", ".text")
HTML_EXTENSIONS = (".html", ".htm", ".xhtml")
FEED_EXTENSIONS = (".rss", ".atom", ".xml")
MANIFEST_EXTENSIONS = (".jsonl", ".ndjson", ".json", ".csv")
FOLDER_EXTENSIONS = TEXT_EXTENSIONS + HTML_EXTENSIONS + (".rss", ".atom")   # .xml only when it is a feed


def kind_of(name: str) -> Optional[str]:
    """text | html | feed | manifest by file name (a trailing .gz is allowed for manifests), else None."""
    lower = name.lower()
    if lower.endswith(".gz"):
        return "manifest" if lower[:-3].endswith(MANIFEST_EXTENSIONS) else None
    for kind, exts in (("text", TEXT_EXTENSIONS), ("html", HTML_EXTENSIONS), ("feed", FEED_EXTENSIONS),
                       ("manifest", MANIFEST_EXTENSIONS)):
        if lower.endswith(exts):
            return kind
    return None


def read_bytes(display: str, path: Path, settings: Settings) -> bytes:
    """The file's bytes, refusing before reading when it is over max_bytes."""
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise InputError(display, f"too large ({size} bytes; the limit is max_bytes={settings.max_bytes})")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(display, f"cannot read ({exc.strerror or exc})") from None


def build_reports(display: str, data: bytes, kind: Optional[str], settings: Settings, given: Given,
                  charset: Optional[str] = None, fetched_url: Optional[str] = None) -> list[Report | Rejection]:
    """Reports from one document's bytes (for a feed, one per entry, with a Rejection for each unusable
    entry). ``kind`` None: sniffed. Raises InputError naming ``display`` when the document is unusable."""
    try:
        if kind == "feed" or (kind is None and looks_like_feed(data)):
            return _feed_reports(display, data, settings, given)
        if kind == "html" and not charset:
            charset = declared_charset(data)
        text = decode(data, charset)
        if kind is None and looks_like_html(text) and not charset and declared_charset(data):
            text = decode(data, declared_charset(data))
        if kind == "html" or (kind is None and looks_like_html(text)):
            return [_html_report(display, text, settings, given, fetched_url)]
    except ValueError as exc:
        raise InputError(display, str(exc)) from None
    return [given_report(display, text, settings, given, url=given.url or fetched_url)]


def given_report(display: str, text: str, settings: Settings, given: Given, *, title=None, outlet=None,
                 published=None, published_source=None, url=None, path=None) -> Report:
    """make_report with what the user gave (manifest fields, flags) winning over what the document says."""
    if given.published:
        published, published_source = given.published, given.published_source
    return make_report(text, path=path or display, title=given.title or title, outlet=given.outlet or outlet,
                       published=published, published_source=published_source if published else None,
                       url=url, settings=settings)


def _html_report(display: str, markup: str, settings: Settings, given: Given,
                 fetched_url: Optional[str]) -> Report:
    doc = extract_html(markup, url=fetched_url)
    date = None
    if doc.date:
        try:
            date = normalise_published(doc.date)
        except ValueError:
            date = None          # an unreadable meta date is no date; the dateline may still give one
    return given_report(display, doc.text, settings, given, title=doc.title, outlet=doc.sitename,
                        published=date, published_source="html", url=given.url or doc.url or fetched_url)


def _feed_reports(display: str, data: bytes, settings: Settings, given: Given) -> list[Report | Rejection]:
    """One report per entry; an unusable entry is a Rejection named ``feed.xml#3`` and the others go on."""
    out: list[Report | Rejection] = []
    for n, entry in enumerate(parse_feed(data), 1):
        try:
            out.append(given_report(display, entry.text, settings, given, title=entry.title,
                                    outlet=entry.outlet, published=entry.published, published_source="feed",
                                    url=entry.link, path=entry.link or f"{display}#{n}"))
        except InputError as exc:
            out.append(Rejection(f"{display}#{n}" + (f" ({entry.link})" if entry.link else ""), exc.reason))
    return out


def list_folder(folder: Path) -> list[Path]:
    """Report files under a folder: recursive, sorted, hidden names skipped, known extensions only."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith("."):
                continue
            p = Path(root) / name
            lower = name.lower()
            if lower.endswith(FOLDER_EXTENSIONS) or (lower.endswith(".xml") and _sniff_feed(p)):
                found.append(p)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def _sniff_feed(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return looks_like_feed(fh.read(2048))
    except OSError:
        return False


def load_file(display: str, path: Path, settings: Settings, given: Given) -> list[Report | Rejection]:
    kind = kind_of(path.name)
    return build_reports(display, read_bytes(display, path, settings), kind, settings, given)


def load_url(url: str, settings: Settings, given: Given,
             fetch: Optional[Callable] = None) -> list[Report | Rejection]:
    try:
        check_url(url, settings)
        fetched = _as_fetched(url, (fetch or http_fetcher(settings))(url))
        check_fetched(fetched, settings)
    except InputError:
        raise
    except ValueError as exc:
        raise InputError(url, str(exc)) from None
    except Exception as exc:   # a fetcher's own error (network, injected): one rejection, the batch goes on
        raise InputError(url, f"cannot fetch ({type(exc).__name__}: {exc})") from None
    ctype = fetched.content_type
    kind = ("feed" if ctype in FEED_TYPES and looks_like_feed(fetched.body) else
            "html" if ctype in ("text/html", "application/xhtml+xml") else
            "text" if ctype == "text/plain" else None)
    return build_reports(url, fetched.body, kind, settings, given, charset=fetched.charset,
                         fetched_url=fetched.url or url)


def _as_fetched(url: str, result) -> Fetched:
    """Accept a Fetched, a (body, content_type) pair, or a bare body from a fetcher."""
    if isinstance(result, Fetched):
        return result
    from .web import media_type
    if isinstance(result, tuple):
        body, header = result[0], (result[1] if len(result) > 1 else "")
    else:
        body, header = result, ""
    if isinstance(body, str):
        body = body.encode("utf-8")
    kind, charset = media_type(header or "")
    return Fetched(url=url, body=body, content_type=kind, charset=charset)


def iter_path(source: str, settings: Settings, given: Given,
              manifest_reader: Callable[..., Iterator]) -> Iterator[Report | Rejection]:
    """Reports (or rejections) from one file or folder given by the user."""
    path = Path(source).expanduser()
    if not path.exists():
        yield Rejection(source, "no such file or folder")
        return
    if path.is_dir():
        files = list_folder(path)
        if not files:
            yield Rejection(source, "folder holds no report files (" + ", ".join(FOLDER_EXTENSIONS) + ")")
            return
        for f in files:
            yield from iter_path(os.path.join(source, f.relative_to(path).as_posix()), settings, given,
                                 manifest_reader)
        return
    if kind_of(path.name) == "manifest":
        yield from manifest_reader(path, settings, given=given, name=source)
        return
    try:
        yield from load_file(source, path, settings, given)
    except InputError as exc:
        yield Rejection(source, exc.reason)
