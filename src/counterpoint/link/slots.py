"""Typed comparison of slot values: quantities, times, places, routes.

Each rule returns (verdict, reason) with verdict in {"agree", "partial", "conflict", None}; None means the two
values are not comparable (they count different things, or one is unknown). Reasons are plain words that a reader
checks in seconds.
"""
from __future__ import annotations

import dataclasses
import math
import re
from datetime import datetime
from typing import Optional

from ..model import Place, Quantity, TimeRef

# What is counted, folded into classes so that troops / fighters / militiamen compare.
COUNT_CLASSES = {
    "fighter": {"fighter", "troop", "soldier", "militiaman", "militant", "combatant", "gunman", "insurgent",
                "rebel", "paramilitary", "force", "reinforcement", "man", "personnel", "militia", "jihadist"},
    "person": {"person", "people", "villager", "resident", "civilian", "individual", "citizen", "worker",
               "passenger", "child", "adult", "victim", "inhabitant", "student", "patient"},
    "vehicle": {"vehicle", "truck", "car", "pickup", "tank", "bus"},
    "boat": {"boat", "skiff", "speedboat", "dhow", "vessel", "ship"},
    "weapon": {"rifle", "gun", "weapon", "ak-47", "launcher", "firearm"},
    "village": {"village", "town", "settlement", "hamlet"},
    "aftershock": {"aftershock", "tremor", "quake"},
    "building": {"house", "home", "building", "structure", "dwelling"},
}
EVENT_WORDS = {
    "dead": re.compile(r"\b(kill|killing|killed|dead|died|die|deaths?|death toll|fatalit|lives|bodies)\b", re.I),
    "injured": re.compile(r"\b(injur|hurt|wound|casualt|treat|hospitali)", re.I),
    "missing": re.compile(r"\b(missing|unaccounted)\b", re.I),
    "arrested": re.compile(r"\b(arrest|detain|captur|nab|custody)", re.I),
}
SMALL_WORDS = {"money", "usd", "$", "%"}


def count_class(counted: Optional[str]) -> Optional[str]:
    if not counted:
        return None
    c = counted.lower().rstrip("s") if counted.lower() not in ("people",) else "people"
    for name, members in COUNT_CLASSES.items():
        if c in members or counted.lower() in members:
            return name
    return c


def event_class(context: str) -> Optional[str]:
    hits = [(m.start(), name) for name, rx in EVENT_WORDS.items() for m in [rx.search(context)] if m]
    return min(hits)[1] if hits else None


_ROUNDED = re.compile(r"(\d+)(?:\.(\d+))?\s*-?\s*(thousand|million|billion|trillion)\b", re.I)


_ROUND_DIGITS = re.compile(r"\b\d{1,3}(?:,\s?000)+\b(?!\.\d)")


def rounding(q: Quantity) -> float:
    """One unit of the last digit of a rounded figure: '$13.6 million' (a scale word, tenths of a million) or
    '$43,000' (three trailing zeros, thousands). Reports round and truncate, so the figure may stand for
    anything up to a unit either side."""
    text = q.value_text or q.text or ""
    m = _ROUNDED.search(text)
    if m:
        scale = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}[m.group(3).lower()]
        return scale * 10 ** -len(m.group(2) or "")
    m = _ROUND_DIGITS.search(text)
    if m and q.unit in ("usd", "eur", "gbp", None) and (q.low or 0) >= 1000:
        zeros = len(re.sub(r"\D", "", m.group(0))) - len(re.sub(r"\D", "", m.group(0)).rstrip("0"))
        return 10.0 ** min(zeros, 6)
    return 0.0


def widened(q: Quantity) -> tuple[float, float]:
    lo = q.low if q.low is not None else -math.inf
    hi = q.high if q.high is not None else math.inf
    r = rounding(q)
    lo, hi = lo - r, hi + r
    if q.hedge in ("more_than",) and q.low is not None:
        lo = q.low
    if q.hedge in ("less_than",) and q.high is not None:
        hi = q.high
    if q.approx or q.hedge == "approx":
        pad = max(abs(q.low or 0), abs(q.high or 0)) * 0.1
        lo, hi = lo - pad, hi + pad
    return lo, hi


def describe_quantity(q: Quantity) -> str:
    lo, hi = q.low, q.high
    def fmt(x):
        return f"{x:,.0f}" if x is not None and float(x).is_integer() else f"{x}"
    if lo is not None and hi is not None and lo == hi:
        base = fmt(lo)
    elif lo is not None and hi is None:
        base = f"{fmt(lo)} or more"
    elif lo is None and hi is not None:
        base = f"up to {fmt(hi)}"
    else:
        base = f"{fmt(lo)}–{fmt(hi)}"
    if q.approx or q.hedge == "approx":
        base = "about " + base
    what = q.unit or q.counted or ""
    return f"{base} {what}".strip()


def precise_x_rounds_y(x: Quantity, y: Quantity) -> bool:
    """'$13.6 million' against '$13,625,777': the first is the second rounded."""
    r = rounding(x)
    return bool(r) and not rounding(y) and x.low == x.high and y.low is not None and y.low == y.high \
        and not x.approx and abs(x.low - y.low) <= r


def compare_quantities(a: Quantity, b: Quantity) -> tuple[Optional[str], str]:
    (alo, ahi), (blo, bhi) = widened(a), widened(b)
    da, db = describe_quantity(a), describe_quantity(b)
    if ahi < blo or bhi < alo:
        return "conflict", (f"the figures cannot both hold: {da} (\u201c{a.text}\u201d) and {db} "
                            f"(\u201c{b.text}\u201d) do not overlap, even allowing for their hedges")
    if a.low is not None and a.low == b.low and {a.hedge, b.hedge} == {"at_least", "more_than"}:
        return "partial", (f"they differ exactly at {describe_quantity(dataclasses.replace(a, high=a.low))}: "
                           f"\u201c{a.text}\u201d includes it, \u201c{b.text}\u201d does not"
                           if a.hedge == "at_least" else f"they differ exactly at the bound: \u201c{a.text}\u201d "
                           f"against \u201c{b.text}\u201d")
    if (a.low, a.high, a.approx) == (b.low, b.high, b.approx):
        return "agree", f"both give {da}"
    for x, y in ((a, b), (b, a)):
        # "at least 10" against "10": the floor is the figure the other gives
        if x.hedge == "at_least" and y.low is not None and y.low == y.high == x.low and not y.approx:
            return "agree", f"both give {describe_quantity(y)} ({describe_quantity(x)} includes it)"
    precise_a = a.low is not None and a.low == a.high
    precise_b = b.low is not None and b.low == b.high
    if a.low is not None and a.low == a.high == b.low == b.high and a.approx != b.approx:
        return "agree", f"both give {describe_quantity(a if not a.approx else b)} (one of them approximately)"
    for x, y in ((a, b), (b, a)):
        if precise_x_rounds_y(x, y):
            return "partial", (f"compatible at different precision: {describe_quantity(x)} may be "
                               f"{describe_quantity(y)} rounded")
    if precise_a and precise_b and a.low != b.low:
        return "partial", f"close but not equal: {da} against {db} (within the stated approximation)"
    return "partial", f"compatible at different precision: {da} against {db}"


def _dt(s: Optional[str]) -> Optional[datetime]:
    if not s:
        return None
    try:
        return datetime.fromisoformat(s)
    except ValueError:
        try:
            return datetime.fromisoformat(s[:10])
        except ValueError:
            return None


PART_WORDS = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}


def describe_time(t: TimeRef) -> str:
    """'“Sunday evening” (2024-12-01 evening)': the words as written, then what they were resolved to."""
    if not t.resolved:
        return f"\u201c{t.text}\u201d (no date to resolve it against)"
    value = t.value or (t.start or "")
    m = re.fullmatch(r"(\d{4}-\d\d-\d\d)T(MO|AF|EV|NI|DT)", value)
    if m:
        value = f"{m.group(1)} {PART_WORDS[m.group(2)]}"
    elif t.granularity in ("minute", "hour") and t.start:
        value = t.start[:16].replace("T", " ")
    elif t.granularity not in ("day", "month", "year", "week", "decade"):
        value = f"{value} ({t.granularity.replace('_', ' ')})"
    return f"\u201c{t.text}\u201d ({value})"


def compare_times(a: TimeRef, b: TimeRef) -> tuple[Optional[str], str]:
    if not (a.resolved and b.resolved):
        return None, "a time is unresolved"
    a0, a1, b0, b1 = _dt(a.start), _dt(a.end), _dt(b.start), _dt(b.end)
    if None in (a0, b0):
        return None, "a time has no start"
    a1 = a1 or datetime.max
    b1 = b1 or datetime.max
    da, db = describe_time(a), describe_time(b)
    if a.granularity in ("year", "decade", "open", "duration") or b.granularity in ("year", "decade", "open", "duration"):
        return None, "too coarse to compare"
    if (a0, a1) == (b0, b1):
        return "agree", f"both say {da}"
    if a0 < b1 and b0 < a1:
        inside = (b0 <= a0 and a1 <= b1) or (a0 <= b0 and b1 <= a1)
        if inside:
            outer, inner = ((b, a) if (b0 <= a0 and a1 <= b1) else (a, b))
            if outer.granularity == "day" and inner.granularity in ("part_of_day", "hour", "minute"):
                return "agree", f"{describe_time(inner)} falls within {describe_time(outer)}"
            return "partial", f"compatible at different precision: {da} and {db}"
        return "partial", f"the periods only partly overlap: {da} and {db}"
    gap = min(abs((b0 - a1).total_seconds()), abs((a0 - b1).total_seconds()))
    fine = {"day", "night", "part_of_day", "hour", "minute"}
    if gap <= 6 * 3600 and a.granularity in fine and b.granularity in fine:
        return "partial", f"the periods touch but the days named differ: {da} and {db}"
    return "conflict", f"the times do not overlap: {da} against {db}"


def _km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def compare_places(a: Place, b: Place) -> tuple[Optional[str], str]:
    if re.sub(r"\W", "", a.text.lower()) == re.sub(r"\W", "", b.text.lower()):
        # the same name, even if the gazetteer put it in two places: the reports do not disagree
        return "agree", f"both say {a.text}"
    if not (a.resolved and b.resolved) or a.lat is None or b.lat is None:
        return None, "a place is unresolved"
    if a.kind == "country" or b.kind == "country":
        if a.country and b.country and a.country == b.country:
            return "agree", f"{a.name} and {b.name} are in the same country"
        return None, "a country and a place are not the same kind of location"
    d = _km(a.lat, a.lon, b.lat, b.lon)
    if d <= 25:
        return "agree", f"{a.name} and {b.name} are the same place"
    if a.kind == "admin1" or b.kind == "admin1":
        if a.country == b.country and d <= 150:
            return "partial", f"{a.name} and {b.name}: one is a region that may contain the other"
    return "conflict", f"{a.name} and {b.name} are {d:,.0f} km apart"


# Routes of a movement: a named official crossing against a route that avoids it.
OFFICIAL = re.compile(r"\b(?:at|through|via|from) (?:the )?(?P<name>(?:[A-Z][\w'-]+ ){1,3})(?:border )?"
                      r"(?:crossing|checkpoint|border post|bridge|gate|terminal)\b")
AVOIDING = re.compile(r"\b(?:dirt road|back road|smuggling route|unofficial (?:crossing|route)|"
                      r"avoid(?:ing)? (?:the )?(?:border guards|checkpoints|border posts|the crossing)|"
                      r"off-road|through the desert)\b", re.I)
DIRECTION = re.compile(r"\b(?P<n>\d[\d,.]*)\s*(?:nautical )?(?:km|kilometres|kilometers|miles|mi)\s+"
                       r"(?P<dir>north|south|east|west|north-east|northeast|north-west|northwest|south-east|"
                       r"southeast|south-west|southwest)\s+of\s+(?P<ref>(?:the )?(?:[A-Z][\w-]+ ?){1,3})")


def compare_routes(text_a: str, text_b: str) -> tuple[Optional[str], str, tuple, tuple]:
    """(verdict, reason, match_a, match_b): a named crossing vs a route that avoids official crossings."""
    oa, ob = OFFICIAL.search(text_a), OFFICIAL.search(text_b)
    va, vb = AVOIDING.search(text_a), AVOIDING.search(text_b)
    if oa and vb and not va:
        return "conflict", (f"one report puts the crossing at {oa.group('name').strip()} crossing, the other says "
                            f"they took a route avoiding it (\u201c{vb.group(0)}\u201d)"), oa.span(), vb.span()
    if ob and va and not vb:
        return "conflict", (f"one report says they took a route avoiding official crossings (\u201c{va.group(0)}\u201d), "
                            f"the other puts it at {ob.group('name').strip()} crossing"), va.span(), ob.span()
    if oa and ob and oa.group("name").strip().lower() != ob.group("name").strip().lower():
        return "conflict", (f"different crossings: {oa.group('name').strip()} against {ob.group('name').strip()}"),\
            oa.span(), ob.span()
    return None, "", (), ()


def compare_directions(text_a: str, text_b: str) -> tuple[Optional[str], str, tuple, tuple]:
    """'150 miles east of Aden' vs '150 miles west of Aden': opposite bearings from the same reference."""
    da, db = DIRECTION.search(text_a), DIRECTION.search(text_b)
    if not (da and db):
        return None, "", (), ()
    if da.group("ref").strip().lower().removeprefix("the ") != db.group("ref").strip().lower().removeprefix("the "):
        return None, "", (), ()
    dir_a, dir_b = da.group("dir").lower().replace("-", ""), db.group("dir").lower().replace("-", "")
    if dir_a == dir_b:
        return "agree", f"both put it {dir_a} of {da.group('ref').strip()}", da.span(), db.span()
    opposite = {"north": "south", "south": "north", "east": "west", "west": "east"}
    if any(opposite.get(x) in dir_b for x in opposite if x in dir_a):
        return "conflict", (f"opposite bearings from {da.group('ref').strip()}: {dir_a} against {dir_b}"), \
            da.span(), db.span()
    return "partial", f"different bearings from {da.group('ref').strip()}: {dir_a} against {dir_b}", da.span(), db.span()


# ---------------------------------------------------------------- times without a calendar anchor
# A report with no publication date leaves "Friday afternoon" unresolved (unknown stays unknown), yet two reports
# of one event can still be compared on what they say: the weekday, the part of the day, the clock time. A time
# is read as (weekday or None, window of minutes in that day); a resolved time gives its own weekday and window.
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
PARTS = {"early morning": (240, 540), "morning": (360, 720), "midday": (660, 840), "noon": (705, 735),
         "afternoon": (720, 1080), "evening": (1020, 1320), "night": (1200, 1800), "overnight": (1200, 1800),
         "tonight": (1200, 1800), "late": (1020, 1440), "early": (0, 720), "dawn": (270, 420)}
_CLOCK = re.compile(r"\b(?P<h>\d{1,2})(?:[:.]\s?(?P<m>\d{2}))?\s*(?P<ap>a\.?\s?m\b\.?|p\.?\s?m\b\.?)|"
                    r"\b(?P<hh>[01]\d|2[0-3])(?P<mm>[0-5]\d)\s*(?:GMT|UTC|hours|hrs|local time)\b", re.I)
_ROUGH = re.compile(r"\b(?:about|around|approximately|roughly|shortly (?:before|after)|just (?:before|after)|"
                    r"some time|sometime|near|nearly|almost)\b", re.I)


def floating_time(t: TimeRef, context: str = "") -> Optional[tuple[Optional[int], int, int, str]]:
    """(weekday index or None, first minute, last minute, precision) of what a time expression says, or None
    when it says nothing comparable. ``context`` is the clause around it ("about" before a clock time)."""
    if t.granularity in ("year", "decade", "open", "duration", "month", "week", "weekend"):
        return None
    if t.resolved and t.start:
        start, end = _dt(t.start), _dt(t.end)
        if start is None:
            return None
        if end is None or (end - start).total_seconds() > 36 * 3600:
            return None
        lo = start.hour * 60 + start.minute
        hi = lo + max(1, int((end - start).total_seconds() // 60))
        precision = "day" if t.granularity == "day" else ("clock" if t.granularity in ("minute", "hour") else "part")
        return start.weekday(), lo, hi, precision
    text = t.text.lower()
    day = next((i for i, d in enumerate(WEEKDAYS) if re.search(rf"\b{d}\b", text)), None)
    m = _CLOCK.search(t.text)
    if m:
        if m.group("hh"):
            minute = int(m.group("hh")) * 60 + int(m.group("mm"))
        else:
            h = int(m.group("h")) % 12 + (12 if m.group("ap").lower().startswith("p") else 0)
            minute = h * 60 + int(m.group("m") or 0)
        rough = _ROUGH.search(context[-40:] if context else "") or _ROUGH.search(text)
        pad = 30 if rough else 0
        return day, minute - pad, minute + pad + 1, "clock"
    for part, (lo, hi) in sorted(PARTS.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{part}\b", text):
            if part in ("late", "early") and day is None:
                return None
            return day, lo, hi, "part"
    if day is not None:
        return day, 0, 1440, "day"
    return None


_ZONE = re.compile(r"\b(GMT|UTC|BST|EST|EDT|PST|PDT|CET|CEST|IST)\b")


def _zone(t: TimeRef) -> str:
    m = _ZONE.search(t.text)
    return m.group(1).replace("UTC", "GMT") if m else "local"


def _nominal(t: TimeRef) -> Optional[int]:
    f = floating_time(t)
    return None if f is None else f[1]


def compare_floating(a: TimeRef, b: TimeRef, ctx_a: str = "", ctx_b: str = "") -> tuple[Optional[str], str]:
    """Compare two times by weekday and time of day. A conflict needs both to name the day, or both to give a
    clock time; otherwise the most it says is that they are compatible at different precision."""
    fa, fb = floating_time(a, ctx_a), floating_time(b, ctx_b)
    if fa is None or fb is None:
        return None, "a time says nothing comparable"
    (da, alo, ahi, pa), (db, blo, bhi, pb) = fa, fb
    ta, tb = f"\u201c{a.text}\u201d", f"\u201c{b.text}\u201d"
    if da is not None and db is not None and da != db:
        # minutes from the start of a's day to b's window, across the day boundary when the days are adjacent
        shift = ((db - da) % 7) * 1440
        if shift == 1440 * 6:
            shift = -1440
        if abs(shift) == 1440:
            b_lo, b_hi = blo + shift, bhi + shift
            if alo < b_hi + 6 * 60 and b_lo < ahi + 6 * 60:
                return "partial", f"the periods touch but the days named differ: {ta} against {tb}"
        return "conflict", f"different days: {ta} ({WEEKDAYS[da].capitalize()}) against {tb} ({WEEKDAYS[db].capitalize()})"
    days_known = da is not None and db is not None
    if pa == pb == "clock" and _nominal(a) is not None and _nominal(a) == _nominal(b):
        return "agree", f"both say {ta} (one of them roughly)"
    if pa == "day" and pb == "day":
        return ("agree", f"both say {WEEKDAYS[da].capitalize()}") if days_known else (None, "no day to compare")
    if (alo, ahi) == (blo, bhi):
        return "agree", f"both say {ta}"
    if alo < bhi and blo < ahi:
        if pa == "day" or pb == "day":
            return "agree", f"{ta if pb == 'day' else tb} falls within {tb if pb == 'day' else ta}"
        return "partial", f"compatible at different precision: {ta} and {tb}"
    gap = max(blo - ahi, alo - bhi)
    if gap <= 60 and (days_known or (pa == "clock" and pb == "clock")):
        return "partial", f"close but not the same time: {ta} and {tb}"
    if pa == pb == "clock" and _zone(a) != _zone(b):
        return None, f"{ta} and {tb} are given in different time zones"
    if days_known or (pa == "clock" and pb == "clock"):
        return "conflict", f"the times do not overlap: {ta} against {tb}"
    return None, "no common day to compare on"
