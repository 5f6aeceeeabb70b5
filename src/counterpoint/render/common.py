"""Helpers every renderer shares: report labels, finding order, text clean-up for untrusted strings."""
from __future__ import annotations

import re
import unicodedata
from typing import Optional, Sequence
from urllib.parse import urlsplit

from ..model import Comparison, Finding, Report

# The order an analyst reads in: what disagrees first, then what half agrees, then agreement, then single source.
KIND_ORDER = ("conflict", "partial", "agreement", "unique")
KIND_TITLES = {"conflict": "Conflicts", "partial": "Partial agreements", "agreement": "Agreements",
               "unique": "Single-source claims"}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s+")


def kind_rank(kind: str) -> int:
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


def kind_title(kind: str) -> str:
    return KIND_TITLES.get(kind, (kind or "other").capitalize())


def grouped_findings(cmp: Comparison) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by kind in reading order; within a kind the Comparison's own order is kept (stable)."""
    groups: dict[str, list[Finding]] = {}
    for f in sorted(cmp.findings, key=lambda f: kind_rank(f.kind)):
        groups.setdefault(f.kind, []).append(f)
    return sorted(groups.items(), key=lambda kv: (kind_rank(kv[0]), kv[0]))


def kind_counts(cmp: Comparison) -> list[tuple[str, int]]:
    return [(k, len(fs)) for k, fs in grouped_findings(cmp)]


def letter(i: int) -> str:
    """A, B, ..., Z, AA, AB, ... -- short report keys for columns and evidence lines."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def basename(path: Optional[str]) -> Optional[str]:
    if not path:
        return None
    return re.split(r"[\\/]", path.rstrip("/\\"))[-1] or path


def report_name(r: Report) -> str:
    """What a person calls a report: its outlet, else its title, else its file name, else its id."""
    return r.outlet or r.title or basename(r.path) or basename(r.url) or r.id


class ReportIndex:
    """Report id -> position, letter, name and text; unknown ids get a readable fallback."""

    def __init__(self, reports: Sequence[Report]):
        self.reports = list(reports)
        self.pos = {r.id: i for i, r in enumerate(self.reports)}

    def __contains__(self, rid: str) -> bool:
        return rid in self.pos

    def get(self, rid: str) -> Optional[Report]:
        i = self.pos.get(rid)
        return None if i is None else self.reports[i]

    def letter(self, rid: str) -> str:
        i = self.pos.get(rid)
        return "?" if i is None else letter(i)

    def name(self, rid: str) -> str:
        r = self.get(rid)
        return clean(rid if r is None else report_name(r))

    def label(self, rid: str) -> str:
        return f"{self.letter(rid)} ({self.name(rid)})"

    def text(self, rid: str) -> Optional[str]:
        r = self.get(rid)
        return None if r is None else r.text

    def rank(self, rid: str) -> tuple[int, str]:
        return (self.pos.get(rid, len(self.reports)), rid)


def clean(text: Optional[str]) -> str:
    """Untrusted text for a terminal or a one-line cell: no control characters, bidi overrides or newlines."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", text)
    return _SPACE.sub(" ", _CONTROL.sub("", text)).strip()


def short(text: Optional[str], n: int = 160) -> str:
    text = clean(text)
    return text if len(text) <= n else text[:max(n - 1, 1)].rstrip() + "\u2026"


def safe_url(url: Optional[str]) -> Optional[str]:
    """The URL if it is a plain http(s) URL with a host, else None (never a javascript:/data: link)."""
    if not url:
        return None
    url = url.strip()
    if _CONTROL.search(url) or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def value_line(v, names: ReportIndex) -> str:
    """One report's value in words: 'A (outlet): "about 200" = 200 (approx), per Syrian Observatory'."""
    s = f"{names.label(v.report)}: \u201c{short(v.text, 120)}\u201d"
    if v.value and clean(v.value) != clean(v.text):
        s += f" = {short(v.value, 80)}"
    s += f", per {short(v.attributed_to, 80)}" if v.attributed_to else ", no source named"
    return s
