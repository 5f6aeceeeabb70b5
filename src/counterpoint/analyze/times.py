"""Time expressions as intervals resolved against the publication date.

``extract_times(doc, report_id, published)`` finds time expressions with our own patterns (spaCy's small model
misses "overnight", splits "early on Monday morning" and tags ages as DATE), resolves each to an interval
``[start, end)`` of ISO datetimes with a granularity, and gives a TIMEX3-like ``value``.

Choices (documented here because the comparison relies on them):

* Spans follow TimeML: prepositions ("on", "in", "at") stay outside; "since" is kept inside, because it turns
  the expression into an open interval: "since 2011" -> start 2011-01-01, end = the day after publication,
  granularity ``open``, value "2011".
* Weekdays, months and day-of-month dates without a year are read in the direction the governing verb gives:
  future ("will", "is expected to", ...) -> the first one at or after publication; past tense -> the most recent
  at or before publication; no tense cue -> the nearest one (ties to the past). "last Monday" is strictly
  before, "next Monday" strictly after.
* Parts of day: morning 05-12 ("early ... morning" 00-09), afternoon 12-18, evening 18-24, night 18-06 of the
  next day. "overnight" is the night that ends on the morning of the day named in the same sentence, or of
  the publication day when none is named: published 2024-12-02 -> 2024-12-01T18:00..2024-12-02T06:00, value
  2024-12-01TNI, granularity ``night``.
* Weeks are ISO weeks (Monday to Monday): "last week" on 2024-12-02 -> 2024-W48 = 2024-11-25..2024-12-02.
* Durations ("three days", "within hours" -> span "hours") are kept with granularity ``duration``, a TIMEX3
  duration value (P3D, PTXH) and no start/end (resolved=False): they are lengths, not points.
* Vague references ("now", "recently", "in the future") get PRESENT_REF / PAST_REF / FUTURE_REF, granularity
  ``vague`` and no interval (resolved=False).
* No publication date: relative expressions stay unresolved (note says so); absolute dates still resolve.
"""
from __future__ import annotations

import calendar
import re
from functools import lru_cache
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Callable, Optional

from ..model import Span, TimeRef
from .nlp import doc_text

NO_DATE_NOTE = "no publication date: relative time left unresolved"

WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                          "sunday"])}
MONTHS = {}
for _i, _names in enumerate([("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
                             ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
                             ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
                             ("december", "dec")], start=1):
    for _n in _names:
        MONTHS[_n] = _i
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
                "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
                "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
                "hundred": 100, "half": 0.5, "a half": 0.5, "several": None, "few": None, "a few": None,
                "many": None, "some": None, "a couple of": 2, "couple of": 2, "a couple": 2}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
UNITS = {"second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W", "weekend": "WE",
         "month": "M", "year": "Y", "decade": "DE", "century": "CE", "quarter": "Q"}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_MONTHS = {"SP": (3, 6), "SU": (6, 9), "FA": (9, 12), "WI": (12, 15)}
PARTS = {"morning": ("MO", 5, 12), "afternoon": ("AF", 12, 18), "evening": ("EV", 18, 24),
         "night": ("NI", 18, 30), "overnight": ("NI", 18, 30)}
FUTURE_AUX = {"will", "'ll", "shall", "wo", "ll", "would", "might"}
FUTURE_VERBS = {"expect", "schedule", "plan", "due", "set", "intend", "hope", "aim", "prepare", "promise",
                "vow", "pledge", "threaten", "propose"}

# ------------------------------------------------------------------ regex pieces
_WD = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_MON = (r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December"
        r"|Jan\.|Jan(?=\s+\d)|Feb\.?|Mar\.|Mar(?=\s+\d)|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_D = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_Y = r"(?:1[6-9]\d\d|20\d\d)"
_S = r"\s{1,3}"
_NUM = (r"(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
        r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
        r"eighty|ninety|(?:a\s)?few|several|many|some|(?:a\s)?couple\sof|a\shalf|half\san?)")
_UNIT = r"(?:second|minute|hour|day|night|week|weekend|month|year|decade|century|quarter)"
_UNITS = r"(?:seconds|minutes|hours|days|nights|weeks|weekends|months|years|decades|centuries|quarters)"
_POD = r"(?:morning|afternoon|evening|night)"
_REL = r"(?:last|this|next|past|coming|previous|current)"


@dataclass
class _Res:
    start: Optional[datetime]
    end: Optional[datetime]
    gran: str
    value: Optional[str]
    resolved: bool = True
    note: Optional[str] = None


@dataclass
class _Ctx:
    anchor: Optional[date]
    direction: int          # +1 future, -1 past, 0 unknown
    sentence_day: Optional[date] = None


def _dt(d: date, hour: int = 0) -> datetime:
    return datetime(d.year, d.month, d.day) + timedelta(hours=hour)


def _day(d: date, note: Optional[str] = None) -> _Res:
    return _Res(_dt(d), _dt(d + timedelta(days=1)), "day", d.isoformat(), True, note)


def _month(y: int, m: int) -> _Res:
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return _Res(_dt(date(y, m, 1)), _dt(nxt), "month", f"{y:04d}-{m:02d}")


def _year(y: int) -> _Res:
    return _Res(_dt(date(y, 1, 1)), _dt(date(y + 1, 1, 1)), "year", f"{y:04d}")


def _week(d: date) -> _Res:
    monday = d - timedelta(days=d.weekday())
    iso = monday.isocalendar()
    return _Res(_dt(monday), _dt(monday + timedelta(days=7)), "week", f"{iso[0]:04d}-W{iso[1]:02d}")


def _quarter(y: int, q: int) -> _Res:
    m = 3 * (q - 1) + 1
    end = date(y + 1, 1, 1) if q == 4 else date(y, m + 3, 1)
    return _Res(_dt(date(y, m, 1)), _dt(end), "quarter", f"{y:04d}-Q{q}")


def _part(d: date, part: str, early: bool = False) -> _Res:
    code, h0, h1 = PARTS[part]
    if early and code == "MO":
        h0, h1 = 0, 9
    gran = "night" if code == "NI" else "part_of_day"
    return _Res(_dt(d, h0), _dt(d, h1), gran, f"{d.isoformat()}T{code}")


def _season(y: int, code: str) -> _Res:
    m0, m1 = SEASON_MONTHS[code]
    start = date(y, m0, 1)
    end = date(y + (m1 > 12), (m1 - 1) % 12 + 1, 1)
    return _Res(_dt(start), _dt(end), "season", f"{y:04d}-{code}")


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _unresolved(gran: str, value: Optional[str] = None, note: str = NO_DATE_NOTE) -> _Res:
    return _Res(None, None, gran, value, False, note)


def _num(text: str) -> Optional[float]:
    t = re.sub(r"\s+", " ", text.lower().strip())
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return float(t)
    return NUMBER_WORDS.get(t)


def _fmt_num(n: Optional[float]) -> str:
    if n is None:
        return "X"
    return str(int(n)) if float(n).is_integer() else str(n)


def _pick_weekday(anchor: date, wd: int, direction: int, strict: int = 0) -> date:
    back = anchor - timedelta(days=(anchor.weekday() - wd) % 7)
    fwd = anchor + timedelta(days=(wd - anchor.weekday()) % 7)
    if strict < 0:
        return back if back != anchor else anchor - timedelta(days=7)
    if strict > 0:
        return fwd if fwd != anchor else anchor + timedelta(days=7)
    if direction > 0:
        return fwd
    if direction < 0:
        return back
    return back if (anchor - back) <= (fwd - anchor) else fwd


def _pick_year(anchor: date, month: int, day: int, direction: int) -> int:
    """The year that puts (month, day) in the reading direction relative to the anchor."""
    def mk(y):
        return date(y, month, min(day, calendar.monthrange(y, month)[1]))
    this = mk(anchor.year)
    if direction > 0:
        return anchor.year if this >= anchor else anchor.year + 1
    if direction < 0:
        return anchor.year if this <= anchor else anchor.year - 1
    cands = [anchor.year - 1, anchor.year, anchor.year + 1]
    return min(cands, key=lambda y: (abs((mk(y) - anchor).days), -(mk(y) <= anchor)))


# ------------------------------------------------------------------ handlers

def _h_iso(m, c):
    y, mo, d = int(m["y"]), int(m["mo"]), int(m["d"])
    try:
        return _day(date(y, mo, d))
    except ValueError:
        return None


def _mon(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")]


def _h_mdy(m, c):
    mo, d = _mon(m["mon"]), int(re.match(r"\d+", m["d"]).group())
    if m["y"]:
        y = int(m["y"])
    elif c.anchor is None:
        return _unresolved("day", f"XXXX-{mo:02d}-{d:02d}")
    else:
        # the nearest one: a month and day a verb's tense would send a year away ("declared a dividend,
        # payable Dec. 7") is almost always the one within six months of publication
        y = _pick_year(c.anchor, mo, d, 0)
    try:
        return _day(date(y, mo, d))
    except ValueError:
        return None


def _h_month_year(m, c):
    return _month(int(m["y"]), _mon(m["mon"]))


def _h_month(m, c):
    mo = _mon(m["mon"])
    if c.anchor is None:
        return _unresolved("month", f"XXXX-{mo:02d}")
    # a future cue: the next such month; past tense: the last one; no cue: the nearest (ties to the past)
    if c.direction > 0:
        y = c.anchor.year if mo >= c.anchor.month else c.anchor.year + 1
    elif c.direction < 0:
        y = c.anchor.year if mo <= c.anchor.month else c.anchor.year - 1
    else:
        here = c.anchor.year * 12 + c.anchor.month
        y = min((c.anchor.year - 1, c.anchor.year, c.anchor.year + 1),
                key=lambda yy: (abs(yy * 12 + mo - here), yy * 12 + mo > here))
    return _month(y, mo)


def _h_rel_month(m, c):
    mo = _mon(m["mon"])
    if c.anchor is None:
        return _unresolved("month", f"XXXX-{mo:02d}")
    rel = m["rel"].lower()
    y = c.anchor.year
    if rel == "last":
        y = y if mo < c.anchor.month else y - 1
    elif rel == "next":
        y = y if mo > c.anchor.month else y + 1
    return _month(y, mo)


def _h_year(m, c):
    return _year(int(m["y"]))


def _h_decade(m, c):
    dec = m["dec"]
    if len(dec) == 1:          # '90s
        if c.anchor is None:
            return _unresolved("decade", f"XX{dec}")
        century = c.anchor.year // 100 * 100
        y0 = century + int(dec) * 10
        if y0 > c.anchor.year:
            y0 -= 100
        dec = str(y0 // 10)
    y0 = int(dec) * 10
    return _Res(_dt(date(y0, 1, 1)), _dt(date(y0 + 10, 1, 1)), "decade", dec)


def _h_weekday(m, c):
    wd = WEEKDAYS[m["wd"].lower()]
    rel = (m["rel"] or "").lower()
    pod = (m["pod"] or "").lower()
    if c.anchor is None:
        return _unresolved("part_of_day" if pod else "day", "XXXX-WXX-" + str(wd + 1))
    strict = -1 if rel in ("last", "past", "previous") else 1 if rel == "next" else 0
    d = _pick_weekday(c.anchor, wd, c.direction, strict)
    if pod:
        return _part(d, pod, early=bool(m["early"]) and m["early"].lower().startswith("early"))
    return _day(d)


def _h_deictic(m, c):
    word = m["w"].lower()
    pod = (m["pod"] or "").lower()
    if c.anchor is None:
        return _unresolved("day")
    d = c.anchor + timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "this": 0,
                                    "last": -1}.get(word, 0))
    if word == "tonight":
        return _part(d, "night")
    if word == "last" and pod != "night":
        d = c.anchor      # "last evening" = earlier on the publication day's eve
        d = d - timedelta(days=1)
    if pod:
        return _part(d, pod, early=bool(m["early"]) and m["early"].lower().startswith("early"))
    return _day(d)


def _h_now(m, c):
    w = m.group(0).lower()
    if w.startswith("recent"):
        v = "PAST_REF"
    elif w in ("now", "currently", "current", "already", "at present", "presently", "nowadays", "at the moment", "right now",
             "the present", "today's"):
        v = "PRESENT_REF"
    elif w.endswith("future") or w == "soon":
        v = "FUTURE_REF"
    else:
        v = "PAST_REF"
    return _Res(None, None, "vague", v, False, "vague time reference")


def _h_rel_unit(m, c):
    """last/this/next week|month|year|weekend|quarter|decade; earlier/later this ..."""
    rel = m["rel"].lower()
    unit = m["unit"].lower()
    if unit in SEASONS:
        code = SEASONS[unit]
        if c.anchor is None:
            return _unresolved("season", f"XXXX-{code}")
        y = c.anchor.year + {"last": -1, "next": 1}.get(rel, 0)
        return _season(y, code)
    if c.anchor is None:
        return _unresolved(unit)
    k = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)
    a = c.anchor
    if unit == "week":
        return _week(a + timedelta(days=7 * k))
    if unit == "weekend":
        sat = _pick_weekday(a, 5, k if k else 0, k)
        return _Res(_dt(sat), _dt(sat + timedelta(days=2)), "weekend",
                    f"{sat.isocalendar()[0]:04d}-W{sat.isocalendar()[1]:02d}-WE")
    if unit == "month":
        y, mo = _shift_month(a.year, a.month, k)
        return _month(y, mo)
    if unit == "year":
        return _year(a.year + k)
    if unit == "quarter":
        q = (a.month - 1) // 3 + k
        return _quarter(a.year + q // 4 if q >= 0 else a.year - 1, q % 4 + 1)
    if unit == "decade":
        d0 = a.year // 10 * 10 + 10 * k
        return _Res(_dt(date(d0, 1, 1)), _dt(date(d0 + 10, 1, 1)), "decade", str(d0 // 10))
    if unit == "century":
        c0 = a.year // 100 * 100 + 100 * k
        return _Res(_dt(date(c0, 1, 1)), _dt(date(c0 + 100, 1, 1)), "century", str(c0 // 100))
    return None


def _h_ago(m, c):
    n = _num(m["n"])
    unit = m["unit"].lower().rstrip("s")
    unit = "century" if unit == "centurie" else unit
    sign = 1 if m["dir"].lower() in ("later", "from now", "hence") else -1
    if n is None or c.anchor is None:
        return _unresolved("day" if unit in ("day", "week") else unit,
                           note=NO_DATE_NOTE if c.anchor is None else "vague amount")
    n = int(n) if float(n).is_integer() else n
    a = c.anchor
    if unit in ("day", "night"):
        return _day(a + timedelta(days=sign * n))
    if unit == "week":
        return _week(a + timedelta(days=7 * sign * n))
    if unit == "month":
        return _month(*_shift_month(a.year, a.month, int(sign * n)))
    if unit == "year":
        return _year(a.year + int(sign * n))
    if unit == "decade":
        d0 = (a.year + 10 * sign * int(n)) // 10 * 10
        return _Res(_dt(date(d0, 1, 1)), _dt(date(d0 + 10, 1, 1)), "decade", str(d0 // 10))
    return None


def _duration_value(n: Optional[float], unit: str) -> str:
    base = unit.lower().rstrip("s").replace("centurie", "century")
    if base == "decade" and n is not None and n >= 2:
        return "P" + _fmt_num(n * 10) + "Y"          # ISO 8601 has no decade unit: "four decades" = P40Y
    code = UNITS.get(base, "X")
    timeish = unit.lower().rstrip("s") in ("second", "minute", "hour")
    return ("PT" if timeish else "P") + _fmt_num(n) + code


def _h_duration(m, c):
    n = _num(m["n"]) if m["n"] else 1
    unit = m["unit"]
    return _Res(None, None, "duration", _duration_value(n, unit), False, "duration, not a point in time")


def _h_bare_units(m, c):
    return _Res(None, None, "duration", _duration_value(None, m["unit"]), False, "duration, not a point in time")


def _h_quarter(m, c):
    q = ORDINALS[m["q"].lower()]
    if m["y"]:
        return _quarter(int(m["y"]), q)
    if c.anchor is None:
        return _unresolved("quarter", f"XXXX-Q{q}")
    return _quarter(c.anchor.year, q)


def _h_season(m, c):
    code = SEASONS[m["s"].lower()]
    if m["y"]:
        return _season(int(m["y"]), code)
    return None


def _h_overnight(m, c):
    d = c.sentence_day or c.anchor
    if d is None:
        return _unresolved("night")
    r = _part(d - timedelta(days=1), "night")
    if c.sentence_day is None:
        r.note = "the night before publication"
    return r


def _h_clock(m, c):
    txt = m.group(0).lower()
    if "noon" in txt:
        h, mi = 12, 0
    elif "midnight" in txt:
        h, mi = 0, 0
    else:
        h, mi = int(m["h"]), int(m["mi"] or 0)
        ap = (m["ap"] or "").replace(".", "").lower()
        if ap == "pm" and h < 12:
            h += 12
        if ap == "am" and h == 12:
            h = 0
        if h > 23 or mi > 59:
            return None
    d = c.sentence_day or c.anchor
    if d is None:
        return _Res(None, None, "minute", f"XXXX-XX-XXT{h:02d}:{mi:02d}", False, NO_DATE_NOTE)
    start = _dt(d) + timedelta(hours=h, minutes=mi)
    return _Res(start, start + timedelta(minutes=1), "minute", f"{d.isoformat()}T{h:02d}:{mi:02d}")


def _h_early_late_year(m, c):
    return _year(int(m["y"]))


_RULES: list[tuple[str, re.Pattern, Callable]] = []


def _rule(name: str, pattern: str, handler: Callable) -> None:
    _RULES.append((name, re.compile(pattern, re.I), handler))


_rule("iso", r"\b(?P<y>\d{4})-(?P<mo>\d\d)-(?P<d>\d\d)\b", _h_iso)
_rule("mdy", rf"\b(?:{_WD},?{_S})?(?P<mon>{_MON}){_S}(?P<d>{_D})\b(?:,?{_S}(?P<y>{_Y})\b)?", _h_mdy)
_rule("dmy", rf"\b(?:{_WD},?{_S})?(?P<d>{_D}){_S}(?:of{_S})?(?P<mon>{_MON})(?:,?{_S}(?P<y>{_Y})\b)?", _h_mdy)
_rule("month_year", rf"\b(?:(?:early|mid|late)[- ]{{1,2}})?(?P<mon>{_MON}),?{_S}(?:of{_S})?(?P<y>{_Y})\b",
      _h_month_year)
_rule("month", rf"\b(?:(?:early|mid|late)[- ]{{1,2}})?(?P<mon>{_MON})(?:-end\b|(?![\w-]))", _h_month)   # 'November-end'
_rule("month_rel_year", rf"\b(?P<mon>{_MON}){_S}(?P<rel>last|this|next){_S}year\b", None)
_rule("rel_month", rf"\b(?P<rel>last|this|next){_S}(?P<mon>{_MON})(?![\w-])", _h_rel_month)
_rule("year", rf"\b(?:(?:fiscal|early|mid|late|the\s+year)[- ]{{1,2}})?(?P<y>{_Y})\b(?![-–]\d|\s*(?:%|percent))",
      _h_year)
_rule("decade", r"\b(?:the\s+)?(?:(?:early|mid|late)[- ]{1,2})?(?:(?P<dec>\d{3})0|['’](?P<dec2>\d)0)['’]?s\b",
      None)
_rule("weekday", rf"\b(?:(?P<early>early|late|later|earlier){_S}(?:on{_S})?)?(?:(?P<rel>last|next|this|past)"
                 rf"{_S})?(?P<wd>{_WD})(?:{_S}(?P<pod>{_POD}))?\b", _h_weekday)
_rule("deictic", rf"\b(?:(?P<early>early|late|later|earlier){_S})?(?P<w>yesterday|today|tomorrow|tonight)"
                 rf"(?:{_S}(?P<pod>{_POD}))?\b", _h_deictic)
_rule("this_pod", rf"\b(?:(?P<early>early|late){_S})?(?P<w>this|last){_S}(?P<pod>{_POD})\b", _h_deictic)
_rule("now", r"\b(?:now|currently|recently|lately|nowadays|at present|presently|"
             r"(?:(?<=in )the past)|the\s(?:near\s)?future"
             r"|current|recent(?:\s(?:days|weeks|months|years))?)\b(?![-])",
      _h_now)
_rule("set", r"\b(?:daily|weekly|monthly|annually|yearly|hourly|(?:every|each|a|per)\s(?:day|week|month|year|"
             r"quarter|hour))\b(?!-)", None)
_rule("the_quarter", r"\bthe\s(?:(?P<rel>latest|most\srecent|recent|past|previous|last|current|fiscal)\s)?"
                     r"(?P<unit>quarter|weekend)\b(?!-)", None)
_rule("rel_unit", rf"\b(?:(?:earlier|later){_S})?(?P<rel>last|this|next|current|coming|previous|past)"
                  rf"{_S}(?P<unit>week|weekend|month|year|quarter|decade|century|spring|summer|fall|autumn|winter)\b"
                  rf"(?!-)", _h_rel_unit)
_rule("ago", rf"\b(?P<n>{_NUM}){_S}(?P<unit>{_UNIT}s?){_S}(?P<dir>ago|earlier|later|from now|hence)\b", _h_ago)
_rule("duration", rf"\b(?:(?:the{_S})?(?:past|last|next|coming|previous|first|final){_S}|(?:at least|more than|"
                  rf"nearly|almost|about|some|over|under|less than|up to){_S})?(?P<n>{_NUM})(?:{_S}more)?"
                  rf"(?:{_S}|-)(?P<unit>{_UNIT}s?)\b(?!-old|\s+old)", _h_duration)
_rule("bare_units", rf"(?:(?<=\bwithin )|(?<=\bfor )|(?<=\bover ))(?P<unit>{_UNITS})\b", _h_bare_units)
_rule("quarter", rf"\b(?:the{_S})?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:fiscal[- ])?quarter\b"
                 rf"(?:{_S}of{_S}(?P<y>{_Y}))?", _h_quarter)
_rule("season", rf"\b(?:the{_S})?(?P<s>spring|summer|fall|autumn|winter){_S}(?:of{_S})?(?P<y>{_Y})\b",
      _h_season)
_rule("year_ago", r"\b(?:the\s)?year[- ](?:ago|earlier)(?:\s(?:quarter|period|level|figure|results?))?\b(?!-)",
      lambda m, c: _year(c.anchor.year - 1) if c.anchor else _unresolved("year"))
_UNITS_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9}
_TENS_WORDS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
               "eighty": 80, "ninety": 90}


def _h_spelled_year(m, c):
    """"nineteen ninety-six" -> 1996, "the year two thousand" -> 2000 (transcribed broadcast news)."""
    if m["thousand"] is not None:
        y = 2000 + (_UNITS_WORDS.get((m["tu"] or "").lower(), 0))
    else:
        y = 1900 + _TENS_WORDS[m["tens"].lower()] + _UNITS_WORDS.get((m["u"] or "").lower(), 0)
    return _year(y)


_rule("spelled_year", r"\b(?:(?:the\s+year\s+)?two\s+thousand(?:\s+(?:and\s+)?(?P<tu>one|two|three|four|five|six|"
                      r"seven|eight|nine))?(?P<thousand>)|nineteen\s+(?P<tens>twenty|thirty|forty|fifty|sixty|seventy|"
                      r"eighty|ninety)(?:[- ](?P<u>one|two|three|four|five|six|seven|eight|nine))?)\b(?!\s+(?:people|"
                      r"dollars|of|troops|soldiers|percent|men|women)\b)", _h_spelled_year)


def _nth_weekday(y: int, month: int, wd: int, n: int) -> date:
    d = date(y, month, 1)
    d += timedelta(days=(wd - d.weekday()) % 7)
    if n > 0:
        return d + timedelta(days=7 * (n - 1))
    last = date(y, month, calendar.monthrange(y, month)[1])
    return last - timedelta(days=(last.weekday() - wd) % 7)


# (month, day) or (month, weekday, n-th; -1 = last): fixed and US federal holidays
HOLIDAYS = {"new year's day": (1, 1), "valentine's day": (2, 14), "independence day": (7, 4),
            "fourth of july": (7, 4), "halloween": (10, 31), "veterans day": (11, 11), "christmas eve": (12, 24),
            "christmas day": (12, 25), "christmas": (12, 25), "new year's eve": (12, 31),
            "thanksgiving day": (11, 3, 4), "thanksgiving": (11, 3, 4), "labor day": (9, 0, 1),
            "memorial day": (5, 0, -1), "martin luther king day": (1, 0, 3), "presidents day": (2, 0, 3),
            "columbus day": (10, 0, 2), "mother's day": (5, 6, 2), "father's day": (6, 6, 3)}


def _h_holiday(m, c):
    name = re.sub(r"\s+", " ", m["h"].lower().replace("’", "'"))
    spec = HOLIDAYS[name]
    rel = (m["rel"] or "").lower()
    if c.anchor is None:
        return _unresolved("day")

    def on(y: int) -> date:
        return date(y, spec[0], spec[1]) if len(spec) == 2 else _nth_weekday(y, spec[0], spec[1], spec[2])
    y = c.anchor.year
    if rel == "last":
        y = y if on(y) < c.anchor else y - 1
    elif rel == "next":
        y = y if on(y) > c.anchor else y + 1
    else:
        y = min((y - 1, y, y + 1), key=lambda yy: (abs((on(yy) - c.anchor).days), on(yy) > c.anchor))
    return _day(on(y))


_rule("holiday", r"\b(?:(?P<rel>last|next|this)\s+)?(?P<h>New\s+Year['’]s\s+(?:Day|Eve)|Valentine['’]s\s+Day|"
                 r"Independence\s+Day|Fourth\s+of\s+July|Halloween|Veterans\s+Day|Christmas(?:\s+(?:Eve|Day))?|"
                 r"Thanksgiving(?:\s+Day)?|Labor\s+Day|Memorial\s+Day|Martin\s+Luther\s+King\s+Day|"
                 r"Presidents\s+Day|Columbus\s+Day|Mother['’]s\s+Day|Father['’]s\s+Day)\b", _h_holiday)
_rule("overnight", r"\bovernight\b", _h_overnight)
_rule("clock", r"\b(?:(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d))?\s?(?P<ap>a\.m\.|p\.m\.|am\b|pm\b)"
               r"|(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)\b(?=\s*(?:GMT|UTC|local|EST|EDT))|noon|midnight)",
      None)


def _h_decade_wrap(m, c):
    dec = m["dec"] or m["dec2"]
    return _h_decade({"dec": dec}, c)


def _h_clock_wrap(m, c):
    class _M:
        def __getitem__(self, k):
            if k == "h":
                return m["h"] or m["h2"]
            if k == "mi":
                return m["mi"] or m["mi2"]
            return m[k]

        def group(self, i):
            return m.group(i)
    return _h_clock(_M(), c)


def _h_set(m, c):
    w = m.group(0).lower().split()[-1]
    unit = {"daily": "day", "weekly": "week", "monthly": "month", "annually": "year", "yearly": "year",
            "hourly": "hour"}.get(w, w)
    if m.group(0).lower().split()[0] in ("a", "per") and unit not in ("day", "week", "month", "year"):
        return None
    return _Res(None, None, "set", _duration_value(1, unit), False, "recurring, not a point in time")


def _h_the_quarter(m, c):
    """"the quarter", "the latest quarter": the last completed quarter (business news); "the weekend": the most
    recent weekend."""
    if m["unit"].lower() == "weekend":
        return _h_rel_unit({"rel": "last", "unit": "weekend"}, c)
    if c.anchor is None:
        return _unresolved("quarter", "XXXX-QX")
    q = (c.anchor.month - 1) // 3 - 1
    return _quarter(c.anchor.year if q >= 0 else c.anchor.year - 1, q % 4 + 1)


def _h_month_rel_year(m, c):
    mo = _mon(m["mon"])
    if c.anchor is None:
        return _unresolved("month", f"XXXX-{mo:02d}")
    return _month(c.anchor.year + {"last": -1, "next": 1}.get(m["rel"].lower(), 0), mo)


_HANDLERS = {"month_rel_year": _h_month_rel_year, "decade": _h_decade_wrap, "clock": _h_clock_wrap, "set": _h_set, "the_quarter": _h_the_quarter}
_RULES[:] = [(n, rx, _HANDLERS.get(n, h)) for n, rx, h in _RULES]

_AGE = re.compile(r"^(?:-|\s)(?:year|month|day|week)s?-old|^\s+(?:years?|months?)\s+old", re.I)
_SINCE = re.compile(r"\bsince\s{1,3}$", re.I)


# ------------------------------------------------------------------ tense and sentence context

def _direction(doc, start: int, end: int) -> int:
    d = _direction_at(doc, start, end)
    if d == 0:
        # no cue on the governing verb (a participle, a noun phrase: "following his visit in January"):
        # the tense of the sentence's main verb
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            root = span.root.sent.root
            if root.i != span.root.i:
                return _verb_direction(doc, root, start)
    return d


def _direction_at(doc, start: int, end: int) -> int:
    """+1 when the governing verb is future ("will meet Monday", "is expected to meet Monday"), -1 when it is
    past tense, 0 when there is no cue."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return 0
    v = span.root
    for _ in range(4):
        if v.pos_ in ("VERB", "AUX") or v.tag_.startswith("VB") or v.head.i == v.i:
            break
        v = v.head
    if not (v.pos_ in ("VERB", "AUX") or v.tag_.startswith("VB")):
        return 0
    if re.search(r"\bas soon as\s*$", doc[max(0, span.start - 4):span.start].text, re.I):
        return 1
    return _verb_direction(doc, v, start)


def _verb_direction(doc, v, start: int) -> int:
    """The tense direction of verb ``v``: +1 future, -1 past, 0 none."""
    if not (v.pos_ in ("VERB", "AUX") or v.tag_.startswith("VB")):
        return 0
    aux = [ch for ch in v.children if ch.dep_ in ("aux", "auxpass")]
    if v.lemma_.lower() in ("schedule", "set", "due", "plan") and v.tag_ in ("VBN", "JJ", "VBZ", "VBP"):
        return 1
    if any(ch.lower_ in FUTURE_AUX or ch.lemma_.lower() in FUTURE_AUX for ch in aux):
        return 1
    if any(ch.lower_ == "to" for ch in aux):
        h = v.head
        h_aux = [ch for ch in h.children if ch.dep_ in ("aux", "auxpass")]
        if h.lemma_.lower() in FUTURE_VERBS or h.lower_ in ("due", "going", "ready") or \
                any(ch.lower_ in FUTURE_AUX for ch in h_aux):
            return 1
    if v.tag_ == "VBD" or any(ch.tag_ == "VBD" for ch in aux) or \
            (v.tag_ == "VBN" and any(ch.lemma_ == "have" for ch in aux)):
        return -1
    return 0


def _parse_published(published: Optional[str]) -> Optional[date]:
    if not published:
        return None
    s = published.strip()
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(s[:10])
        except ValueError:
            return None


@lru_cache(maxsize=8)
def _candidates(text: str) -> list[tuple[int, int, str, re.Match, Callable]]:
    """Non-overlapping time expressions found by the rules, longest first. Cached: the quantity extractor
    asks for the same text's times to keep dates out of its numbers. Callers must not change the list."""
    found = []
    for name, rx, handler in _RULES:
        for m in rx.finditer(text):
            s, e = m.span()
            while e > s and text[e - 1] in " \t\n":
                e -= 1
            if e > s:
                found.append((s, e, name, m, handler))
    found.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
    kept: list = []
    for cand in found:
        if all(cand[1] <= k[0] or k[1] <= cand[0] for k in kept):
            kept.append(cand)
    kept.sort(key=lambda x: x[0])
    return kept


_DAYLIKE = ("weekday", "deictic", "mdy", "dmy", "iso")


def extract_times(doc, report_id: str, published: Optional[str]) -> list[TimeRef]:
    """Time expressions in ``doc`` as TimeRefs, sorted by span start."""
    text = doc_text(doc)
    anchor = _parse_published(published)
    cands = [c for c in _candidates(text) if not _AGE.match(text[c[1]:c[1] + 12])]
    sent_of = {}
    for i, sent in enumerate(doc.sents):
        sent_of[i] = (sent.start_char, sent.end_char)

    def sent_index(pos: int) -> int:
        for i, (s, e) in sent_of.items():
            if s <= pos < e:
                return i
        return -1

    results: list[tuple[int, int, str, _Res]] = []
    deferred = []
    sentence_days: dict[int, date] = {}
    for s, e, name, m, handler in cands:
        if name in ("overnight", "clock"):
            deferred.append((s, e, name, m, handler))
            continue
        if name == "year" and not _year_ok(doc, s, e):
            continue
        ctx = _Ctx(anchor, _direction(doc, s, e) if name == "month" else
                   _direction_at(doc, s, e) if name in ("mdy", "dmy", "weekday") else 0)
        res = handler(m, ctx)
        if res is None:
            continue
        results.append((s, e, name, res))
        if name in _DAYLIKE and res.resolved and res.start is not None:
            sentence_days.setdefault(sent_index(s), res.start.date())
    for s, e, name, m, handler in deferred:
        ctx = _Ctx(anchor, 0, sentence_days.get(sent_index(s)))
        res = handler(m, ctx)
        if res is not None:
            results.append((s, e, name, res))
    results.sort(key=lambda r: (r[0], r[1]))
    results = _year_ago_quarters(text, results, sent_index, anchor)
    out = []
    for s, e, name, res in results:
        s, res = _since(text, s, res, anchor)
        note = res.note
        if note is None and res.resolved:
            note = "absolute" if name in ("iso", "year", "month_year", "decade", "season") or \
                (name in ("mdy", "dmy") and m_has_year(text[s:e])) else f"relative to publication date {anchor}"
        out.append(TimeRef(span=Span(report_id, s, e), text=text[s:e],
                           start=res.start.isoformat() if res.start else None,
                           end=res.end.isoformat() if res.end else None,
                           granularity=res.gran, resolved=res.resolved, note=note, value=res.value))
    out.sort(key=lambda t: (t.span.start, t.span.end))
    return out


_YEAR_AGO = re.compile(r"^(?:a\s+year\s+(?:ago|earlier)|(?:the\s)?year[- ](?:ago|earlier)\b.*)$", re.I)
_QUARTER_WORD = re.compile(r"\bquarter", re.I)


def _year_ago_quarters(text: str, results: list, sent_index, anchor) -> list:
    """Business news compares quarters: in a sentence about a quarter, "a year ago" / "the year-earlier
    period" is that quarter one year before ("third-quarter profit rose from a year ago" -> 1988-Q3)."""
    out = []
    quarters: dict[int, _Res] = {}
    for s, e, name, res in results:
        if res.gran == "quarter" and res.resolved and res.value and "-Q" in res.value:
            quarters.setdefault(sent_index(s), res)
    sent_bounds = {}
    for s, e, name, res in results:
        if res.gran == "year" and res.resolved and _YEAR_AGO.match(text[s:e]):
            k = sent_index(s)
            # the quarter of this sentence, else of one of the two before (an earnings paragraph)
            q = quarters.get(k) or quarters.get(k - 1) or quarters.get(k - 2)
            if q is not None:
                y, n = int(q.value[:4]) - 1, int(q.value[-1])
                res = _quarter(y, n)
            elif anchor is not None and k >= 0:
                if k not in sent_bounds:
                    sent_bounds[k] = _sentence_text(text, s)
                if _QUARTER_WORD.search(sent_bounds[k]):
                    qn = (anchor.month - 1) // 3 - 1          # the last completed quarter, a year before
                    res = _quarter((anchor.year if qn >= 0 else anchor.year - 1) - 1, qn % 4 + 1)
        out.append((s, e, name, res))
    return out


def _sentence_text(text: str, pos: int) -> str:
    a = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos))
    b = min([x for x in (text.find(". ", pos), text.find("\n", pos)) if x >= 0] or [len(text)])
    return text[a + 1:b]


def m_has_year(s: str) -> bool:
    return re.search(_Y, s) is not None


def _since(text: str, s: int, res: _Res, anchor: Optional[date]) -> tuple[int, _Res]:
    """"since X": an open interval from X's start to the end of the publication day."""
    m = _SINCE.search(text[max(0, s - 10):s])
    if not m or res.gran in ("duration", "vague"):
        return s, res
    s2 = max(0, s - 10) + m.start()
    if not res.resolved or res.start is None:
        return s2, _Res(None, None, "open", res.value, False, res.note)
    if anchor is None:
        return s2, _Res(res.start, None, "open", res.value, True, "since: open-ended, no publication date")
    return s2, _Res(res.start, _dt(anchor + timedelta(days=1)), "open", res.value, True,
                    "since: from the start of the period to the publication day")


def _year_ok(doc, s: int, e: int) -> bool:
    """A bare four-digit number is a year unless it counts something ("2000 troops")."""
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None:
        return True
    if any(t.ent_type_ in ("DATE", "TIME", "EVENT") for t in span):
        return True
    last = span[-1]
    nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if nxt is not None and nxt.pos_ in ("NOUN",) and last.dep_ == "nummod":
        return False
    if last.ent_type_ in ("CARDINAL", "MONEY", "QUANTITY", "PERCENT"):
        return False
    prev = doc[span[0].i - 1] if span[0].i > 0 else None
    if prev is not None and prev.lower_ in ("$", "about", "some", "nearly", "than", "over", "of", "to") \
            and not (prev.lower_ in ("of", "to") and span[0].ent_type_ == "DATE"):
        return prev.lower_ in ("of", "to") and nxt is not None and nxt.pos_ == "PUNCT"
    return True
