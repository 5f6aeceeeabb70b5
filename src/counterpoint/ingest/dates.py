"""Publication dates: normalising given values, and finding a dateline in the first lines of a text.

Output is ISO: ``YYYY-MM-DD`` for a date, a full ISO datetime when the value carries a time. A value that
cannot be read raises ValueError with the reason; nothing is guessed (relative words like "yesterday" are
refused, since they have no base to resolve against).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

MIN_YEAR, MAX_YEAR = 1900, 2100
DATELINE_LINES = 5      # a dateline must be in the first few non-blank lines
DATELINE_CHARS = 600    # ... and in the first characters

_MONTHS = {name: i for i, names in enumerate([
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")], 1) for name in names}
_MONTH = r"(?i:(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?)"
_WEEKDAY = r"(?i:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_FORMS = [
    rf"{_YEAR}-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b",                 # 2024-12-02
    rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}\b",                               # Dec. 2, 2024
    rf"{_DAY}\s+{_MONTH},?\s+{_YEAR}\b",                               # 2 December 2024
]
_LABEL = r"(?i:(?:first\s+)?(?:published|posted|date|dated|released)(?:\s+on)?\s*[:|-]?\s*)"
_CITY = r"(?:[A-Z][A-Z.'’ -]{1,40}(?:,\s+[A-Z][A-Za-z.'’ -]{1,30})?,\s+)"   # BEIRUT, / KYIV, Ukraine,
_DATELINES = [re.compile(rf"^\s*(?:{_LABEL}|{_CITY})?{_WEEKDAY}?(?:{form})")  # city stays upper case
              for form in _DATE_FORMS]
_UPDATED = re.compile(rf"^\s*(?:last\s+)?updated(?:\s+on)?\s*[:|-]?\s*{_WEEKDAY}?", re.IGNORECASE)


def _make_date(year: str, month: int, day: str) -> Optional[str]:
    try:
        d = dt.date(int(year), month, int(day))
    except ValueError:
        return None
    return d.isoformat() if MIN_YEAR <= d.year <= MAX_YEAR else None


# what may follow the date on a dateline: nothing, a time, an agency in brackets, a dash, a separator
_AFTER = re.compile(r"\s*(?:$|[(\[\-–—|/•·,;:]|(?i:at|by|updated)\b|\d{1,2}[:.]\d{2})")


def _match_date(line: str) -> Optional[str]:
    for pattern in _DATELINES:
        m = pattern.match(line)
        if m and _AFTER.match(line, m.end()):
            g = m.groupdict()
            month = int(g["mnum"]) if g.get("mnum") else _MONTHS[g["month"].lower()]
            return _make_date(g["year"], month, g["day"])
    return None


def find_dateline(text: str) -> Optional[str]:
    """The date of a dateline in the first lines ("BEIRUT, Dec. 2, 2024 (Reuters) -", "Monday, 2 December
    2024", "Published: 2024-12-02"), as YYYY-MM-DD; an "Updated:" date only when there is nothing else."""
    lines = [ln for ln in text[:DATELINE_CHARS].split("\n") if ln.strip()][:DATELINE_LINES]
    updated = None
    for line in lines:
        m = _UPDATED.match(line)
        if m:
            updated = updated or _match_date(line[m.end():])
            continue
        found = _match_date(line)
        if found:
            return found
    return updated


def normalise_published(value: object) -> str:
    """A given publication date (manifest, flag, feed) -> ISO; raises ValueError with the reason."""
    if isinstance(value, dt.datetime):
        return _iso_datetime(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise ValueError(f"published: expected a date string, got {type(value).__name__} {value!r}")
    raw = value.strip()
    if not raw:
        raise ValueError("published: empty date")
    iso = _parse_iso(raw) or _parse_slashed(raw)
    if iso is None:
        iso = _match_date(raw) if _whole_date(raw) else None
    if iso is None:
        raise ValueError(f"published: cannot read {value!r} as a date (use YYYY-MM-DD or an ISO datetime)")
    year = int(iso[:4])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"published: year {year} is out of range ({MIN_YEAR}-{MAX_YEAR})")
    return iso


def _whole_date(raw: str) -> bool:
    """True when a human-written date ("2 December 2024", "Dec. 2, 2024") is all the value holds."""
    for pattern in _DATELINES:
        m = pattern.match(raw)
        if m and not raw[m.end():].strip(" .,"):
            return True
    return False


def _parse_iso(raw: str) -> Optional[str]:
    text = raw[:-1] + "+00:00" if raw.endswith(("Z", "z")) else raw
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[+-]\d{2}:?\d{2})?", text):
        try:
            return _iso_datetime(dt.datetime.fromisoformat(text))
        except ValueError:
            return None
    return None


def _parse_slashed(raw: str) -> Optional[str]:
    """12/22/16 or 22/12/2016: read only when the order is unambiguous (one part over 12, or both equal)."""
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", raw)
    if not m:
        return None
    a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if year < 100:
        year += 2000 if year < 70 else 1900     # as strptime's %y
    if a != b and a <= 12 and b <= 12:
        raise ValueError(f"published: ambiguous date {raw!r} (day and month could be either way); "
                         "use YYYY-MM-DD")
    month, day = (a, b) if b > 12 or a == b else (b, a)
    return _make_date(str(year), month, str(day))


def _iso_datetime(value: dt.datetime) -> str:
    return value.isoformat(timespec="seconds")
