"""Manifests: JSON Lines (also .json arrays) and CSV, optionally gzipped, read one entry at a time.

An entry names a file (``path``, relative to the manifest's folder) or carries its ``text`` inline. Column
names of common corpora are accepted as aliases (AllSides: ``content_original``/``content``, ``source``,
``date``). Each bad entry becomes a Rejection named ``manifest.jsonl:7 (report-c.txt)``; the rest go on.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import sys
import zlib
from pathlib import Path
from typing import IO, Iterator, Optional

from ..config import Settings
from ..errors import InputError, UsageError
from ..model import Report
from .dates import normalise_published
from .files import given_report, load_file
from .report import Given, Rejection
from .web import is_url

TEXT_KEYS = ("text", "content_original", "content")
OUTLET_KEYS = ("outlet", "source")
PUBLISHED_KEYS = ("published", "date")


def iter_manifest(path, settings: Settings, *, given: Optional[Given] = None, name: Optional[str] = None,
                  published: Optional[str] = None, outlet: Optional[str] = None) -> Iterator[Report | Rejection]:
    """Stream the reports of a manifest (JSONL / JSON array / CSV, ``.gz`` ok) without loading it whole.

    ``name`` is how the manifest is named in rejections (default: ``path`` as given); ``published`` and
    ``outlet`` (or ``given``) are the CLI flags, which manifest fields override."""
    path = Path(path)
    name = name or str(path)
    if given is None:
        try:
            flag = normalise_published(published) if published else None
        except ValueError as exc:
            raise UsageError(f"--{exc}") from None
        given = Given(outlet=outlet, published=flag, published_source="flag" if flag else None)
    try:
        stream = _open(path)
    except OSError as exc:
        yield Rejection(name, f"cannot read ({exc.strerror or exc})")
        return
    with stream:
        lower = path.name.lower().removesuffix(".gz")
        entries = (_csv_entries(stream, name) if lower.endswith(".csv") else
                   _json_array(stream.read().decode("utf-8-sig", "replace"), name) if lower.endswith(".json") else
                   _json_entries(stream, name))
        any_entry = False
        try:
            for lineno, entry in entries:
                any_entry = True
                if isinstance(entry, Rejection):
                    yield entry
                else:
                    yield from _entry_reports(entry, lineno, path.parent, name, settings, given)
        except (OSError, EOFError, zlib.error) as exc:     # a corrupt or truncated gzip stream
            yield Rejection(name, f"cannot read on: corrupt or truncated file ({exc})")
            return
        finally:
            entries.close()
        if not any_entry:
            yield Rejection(name, "manifest holds no entries")


def _open(path: Path) -> IO[bytes]:
    """The manifest as a binary stream; gzip detected by its magic bytes, not only the name."""
    with path.open("rb") as fh:
        magic = fh.read(2)
    return gzip.open(path, "rb") if magic == b"\x1f\x8b" else path.open("rb")


def _json_entries(stream: IO[bytes], name: str) -> Iterator[tuple[int, object]]:
    first = True
    for lineno, raw in enumerate(stream, 1):
        try:
            line = raw.decode("utf-8-sig" if first else "utf-8").strip()
        except UnicodeDecodeError as exc:
            yield lineno, Rejection(f"{name}:{lineno}", f"not UTF-8 ({exc.reason} at byte {exc.start})")
            continue
        first = False
        if not line:
            continue
        if lineno == 1 and line.startswith("["):
            yield from _json_array(line + "\n" + b"".join(stream).decode("utf-8", "replace"), name)
            return
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            yield lineno, Rejection(f"{name}:{lineno}", f"broken JSON line ({exc.msg} at column {exc.colno})")
            continue
        yield lineno, entry


def _json_array(document: str, name: str) -> Iterator[tuple[int, object]]:
    """A .json manifest: one array of entries, or one entry (read whole: such files are small); entries are
    numbered from 1."""
    try:
        items = json.loads(document)
    except json.JSONDecodeError as exc:
        yield exc.lineno, Rejection(f"{name}:{exc.lineno}", f"broken JSON ({exc.msg} at column {exc.colno})")
        return
    for n, item in enumerate(items if isinstance(items, list) else [items], 1):
        yield n, item


def _csv_entries(stream: IO[bytes], name: str) -> Iterator[tuple[int, object]]:
    csv.field_size_limit(max(csv.field_size_limit(), min(sys.maxsize, 2**31 - 1)))
    with io.TextIOWrapper(stream, encoding="utf-8-sig", newline="") as text:
        yield from _csv_rows(csv.DictReader(text), name)


def _csv_rows(reader: csv.DictReader, name: str) -> Iterator[tuple[int, object]]:
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except (csv.Error, UnicodeDecodeError) as exc:
            yield start, Rejection(f"{name}:{start}", f"cannot read the CSV from here on ({exc})")
            return
        line = start
        if None in row:
            yield line, Rejection(f"{name}:{line}", "more fields than the header names")
            continue
        yield line, {k.strip(): v for k, v in row.items() if k is not None and v not in (None, "")}


def _first(entry: dict, keys: tuple[str, ...]):
    for key in keys:
        value = entry.get(key)
        if value is not None and (not isinstance(value, str) or value.strip()):
            return value
    return None


def _entry_reports(entry: object, lineno: int, base: Path, name: str, settings: Settings,
                   given: Given) -> Iterator[Report | Rejection]:
    if not isinstance(entry, dict):
        yield Rejection(f"{name}:{lineno}", f"expected a JSON object, got {type(entry).__name__}")
        return
    rel = entry.get("path")
    rel = str(rel) if rel not in (None, "") else None
    label = f"{name}:{lineno}" + (f" ({rel})" if rel else "")
    try:
        this = _given_for(entry, given)
    except ValueError as exc:
        yield Rejection(label, str(exc))
        return
    text = _first(entry, TEXT_KEYS)
    try:
        if text is not None:
            if not isinstance(text, str):
                raise InputError(label, f"text: expected a string, got {type(text).__name__}")
            yield given_report(rel or f"{name}:{lineno}", text, settings, this, url=this.url)
        elif rel is None:
            present = [k for k in TEXT_KEYS if k in entry]
            yield Rejection(label, f"empty text ('{present[0]}' is blank)" if present
                            else "entry has neither 'path' nor 'text'")
        elif is_url(rel):
            yield Rejection(label, "a URL as 'path' is not fetched from a manifest; give it on the command line")
        else:
            target = Path(rel).expanduser()
            target = target if target.is_absolute() else base / target
            if not target.is_file():
                yield Rejection(label, f"file not found: {target}" if not target.exists() else
                                f"not a file: {target}")
                return
            yield from load_file(rel, target, settings, this)
    except InputError as exc:
        yield Rejection(label, exc.reason)


def _given_for(entry: dict, flags: Given) -> Given:
    """Manifest fields over the flags; a bad ``published`` raises ValueError."""
    published, source = flags.published, flags.published_source
    raw = _first(entry, PUBLISHED_KEYS)
    if raw is not None:
        published, source = normalise_published(raw), "manifest"
    outlet = _first(entry, OUTLET_KEYS)
    title, url = _first(entry, ("title",)), _first(entry, ("url",))
    return Given(title=str(title) if title is not None else flags.title,
                 outlet=str(outlet) if outlet is not None else flags.outlet,
                 published=published, published_source=source,
                 url=str(url) if url is not None else flags.url)
