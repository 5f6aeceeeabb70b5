"""Fact-level slot comparison: the same count, measure or time stated in different reports.

Whole claims align one-to-one (``align``), but reports pack facts differently: one sentence says "killing 10 people
and injuring 80", another "Ten people are killed and about 50 hurt". So slot values are also compared fact by fact:

* each value gets a *key* saying what fact it is: for a quantity, what is counted (folded into classes: troops /
  fighters / militiamen) and the event it is tied to (killed, injured, ...) read from the nearest event word, or
  its unit for measures (magnitude, %, money); for a time, the kind of event its clause reports (a movement, a
  meeting, an attack ...);
* values with the same key in two reports are candidates when their clauses are similar enough (sentence
  embeddings, with a lower bar for casualty counts, which are short and phrased in many ways) and their context
  does not place them in different events (different resolved years, or figures too far apart to be one fact);
* within each pair of reports, candidates are matched one-to-one, most similar first, so a report's figure for
  this quake and its figure for an earlier one are not both set against one number;
* matched values are joined across reports into one fact, and the typed rule (``compare_quantities``,
  ``compare_times``) labels it agreement, partial or conflict, with the reason in words.

Values read from words rather than figures (a cause of death, the charges, where someone died ...) come from
``phrases``; the value itself and the claim that holds it are in ``values``.

This is written here rather than taken from a library: no offline package reconciles slot values across
documents; the typed interval rules are in ``slots``.
"""
from __future__ import annotations

import dataclasses
import math
import re
from itertools import combinations
from typing import Optional, Sequence

import numpy as np

from .entities import same_name
from .phrases import compare_words, phrase_name, phrase_values
from .values import EVENTS, Value, claim_holding
from ..model import Analysis, Place, Quantity, Span, TimeRef
from .align import ClaimRef, _VERB_OF
from .slots import (_CLOCK, compare_floating, compare_quantities, compare_times, count_class,
                    describe_quantity, describe_time, floating_time)

PEOPLE_COUNTED = {None, "person", "people", "hurt", "injured", "dead", "wounded", "casualty", "victim", "death",
                  "injury", "fatality", "life", "body", "missing", "more", "other"}
_BOUNDARY = re.compile(r"[.;:!?\n]|\b(?:and|but|while|whereas|after|before|when)\b", re.I)
# How similar two clauses must be (cosine of their embeddings) for their values to be compared as one fact.
MIN_SIM = {"casualty": 0.30, "count": 0.45, "measure": 0.50, "time": 0.40, "unclassed": 0.55, "month": 0.55, "main_magnitude": 0.15,
           "place": 0.40, "same_figure": 0.35, "same_words": 0.40,
           "named_years": 0.30, "share": 0.60}
MAX_RATIO = 4.0       # conflicting exact figures further apart than this are taken as different facts
SUM_OF_OTHER = 0.8   # below this clause similarity, two sums that say what they are of must share a word of it
_STAMP = re.compile(r"\b(?:updated|published|posted|last modified|copyright)\b[^\n]{0,30}$", re.I)
# a date followed by its stamp: '16 September 2013 Last updated at 12:42 GMT'
_STAMP_AFTER = re.compile(r"[ \t,]*(?:last\s+)?(?:updated|published|posted|modified)\b", re.I)
FAR_APART_DAYS = 62   # two dated times further apart than this are two events, not one event dated twice
_THEN_BEARING = re.compile(r"\s*(?:\([^)]{0,20}\)\s*)?(?:north|south|east|west)", re.I)
METRES = {"m": 1.0, "km": 1000.0, "mi": 1609.344, "ft": 0.3048, "cm": 0.01, "mm": 0.001}
# words around a figure that do not say what it is of: units among them, and the money every sum is
_STOP = {"that", "this", "with", "from", "into", "were", "was", "have", "has", "been", "worth", "million",
         "billion", "thousand", "their", "they", "about", "more", "than", "some", "least", "over", "said", "says",
         "dollar", "dollars", "which", "where", "when", "while", "after", "there", "these", "those", "would",
         "could", "nautical", "mile", "miles", "kilometer", "kilometre", "meter", "metre", "feet", "foot", "yard",
         "percent", "money", "cash", "funds"}


def quantity_event(text: str, q: Quantity) -> Optional[str]:
    """The event a count is tied to: the nearest event word within its clause ('killing 10 people and injuring
    80': 10 killed, 80 injured; 'about 50 hurt': injured)."""
    best: tuple[int, Optional[str]] = (10 ** 6, None)
    after = text[q.span.end:q.span.end + 50]
    cut = _BOUNDARY.search(after)
    after = after[:cut.start()] if cut else after
    before = text[max(0, q.span.start - 45):q.span.start]
    cuts = list(_BOUNDARY.finditer(before))
    if cuts:
        before = before[cuts[-1].end():]
    for name, rx in EVENTS.items():
        m = rx.search(after)
        if m and m.start() < best[0]:
            best = (m.start(), name)
        hits = list(rx.finditer(before))
        if hits and len(before) - hits[-1].end() + 2 < best[0]:
            best = (len(before) - hits[-1].end() + 2, name)
    if best[1] is None:
        # a crowd's size may stand far from its gathering word: 'Police put the march, to mark a 24-hour
        # nationwide strike, at roughly 30,000 people'
        start = max(text.rfind(c, 0, q.span.start) for c in ".!?\n") + 1
        ends = [i for i in (text.find(c, q.span.end) for c in ".!?\n") if i >= 0]
        if EVENTS["gathered"].search(text, start, min(ends) if ends else len(text)):
            return "gathered"
    return best[1]


def _sentence_names(a: Analysis, claim, before: int = 0) -> set[str]:
    """The people and organisations named in the sentence holding a clause ('Edward Brooke, who served ...'),
    and in the ``before`` sentences ahead of it."""
    if not 0 <= claim.sentence < len(a.sentences):
        return set(claim.entities)
    start = a.sentences[max(0, claim.sentence - before)].span.start
    end = a.sentences[claim.sentence].span.end
    return {m.canonical for m in a.mentions if m.label in ("PERSON", "ORG") and start <= m.span.start < end}


def _days_apart(a: TimeRef, b: TimeRef) -> float:
    """Days between two resolved times' intervals (0 when they overlap)."""
    from .slots import _dt
    a0, a1, b0, b1 = _dt(a.start), _dt(a.end), _dt(b.start), _dt(b.end)
    if None in (a0, a1, b0, b1):
        return 0.0
    gap = max((b0 - a1).total_seconds(), (a0 - b1).total_seconds(), 0.0)
    return gap / 86400


def _share_a_name(ax: Analysis, ay: Analysis, refs, x: "Value", y: "Value") -> bool:
    """Unless the sentences of two values, with the sentence before each (where a 'she' is named), name different
    people or organisations and none in common: 'Mr. Cruz won 34 percent of the vote' is not 'she won the seat
    with 54 percent of the vote' after 'Kay Bailey Hutchison is retiring'. Speakers do not count."""
    cx, cy = refs[x.ref].claim, refs[y.ref].claim
    # who says it does not say whose it is: 'Lt. Vanore said she was outside for about 10 minutes'
    nx = {n for n in _sentence_names(ax, cx, 1) if not (cx.source and same_name(n, cx.source))}
    ny = {n for n in _sentence_names(ay, cy, 1) if not (cy.source and same_name(n, cy.source))}
    return not nx or not ny or any(same_name(p, q) for p in nx for q in ny)


def _actor_person(a: Analysis, claim) -> Optional[str]:
    """The person a clause is about: a person named in its subject, unless the clause is that person's word."""
    if claim.actor_span is None:
        return None
    for m in a.mentions:
        if m.label == "PERSON" and claim.actor_span.start <= m.span.start and m.span.end <= claim.actor_span.end:
            if claim.source and same_name(m.canonical, claim.source):
                return None
            return m.canonical
    return None


_AGE_BEFORE = re.compile(r"\b(?:adults?|people|persons?|anyone|those|residents|users|customers|aged?)\s*$", re.I)
_AGE_AFTER = re.compile(r"\s*(?:years?\s+(?:of\s+age|old)|or\s+(?:older|younger)|and\s+(?:older|up|over))\b", re.I)


def _age_limit(text: str, q: Quantity) -> bool:
    """'adults over 21', 'anyone 21 or older': an age limit, not a count."""
    if q.counted or q.unit or q.low is None and q.high is None:
        return False
    return bool(_AGE_BEFORE.search(text, max(0, q.span.start - 15), q.span.start)
                and (q.hedge in ("more_than", "less_than", "at_least", "at_most") or _AGE_AFTER.match(text, q.span.end))
                or _AGE_AFTER.match(text, q.span.end) or re.search(r"\bor\s+(?:older|younger)$", q.text))


_BREAKDOWN = re.compile(r"\d[\d,.]*\s+(?:[\w-]+\s+){0,3}\(\s*(?:\d[\d,.]*\s+[\w-]+(?:,\s*|\s+and\s+))*$")
_ANOTHER = re.compile(r"\b(?:another|a further|an additional|an extra|(?:the|its|their|[\w.]+['’]s)\s+other)\s+$",
                      re.I)


def _another(text: str, q: Quantity) -> bool:
    """'another 20,000 people marched in Thessaloniki', 'the court's other two female justices': a count of a
    further group, not the story's count."""
    return bool(_ANOTHER.search(text, max(0, q.span.start - 20), q.span.start))


_BESIDES = re.compile(r"\s+other\s+(?:[a-z]+\s+){0,2}?[a-z]+\s+(?:besides|beside|apart from|in addition to)\s+"
                      r"(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+)?[a-z]+", re.I)


def with_the_one_besides(text: str, q: Quantity) -> Quantity:
    """'Two other buildings besides the bank were set on fire': with the bank, three were. Another report's
    'at least two buildings, the bank and a branch of the Finance Ministry' counts the bank among them."""
    m = _BESIDES.match(text, q.span.end)
    if m is None or q.low is None or q.high is None or q.low != q.high:
        return q
    return dataclasses.replace(q, low=q.low + 1, high=q.high + 1, text=text[q.span.start:m.end()],
                               span=Span(q.span.report, q.span.start, m.end()))


def _quantity_key(a: Analysis, q: Quantity) -> Optional[tuple]:
    """What fact a quantity states: ('people',), ('count', class) or ('measure', unit); its event is kept apart
    (``quantity_event``) so that '60 people spent the night at a centre' can still meet '60 were evacuated'."""
    if q.unit in ("magnitude",):
        return ("measure", "magnitude")
    if q.unit in METRES:
        return ("measure", "distance")
    if q.unit in ("usd", "eur", "gbp"):
        return ("measure", q.unit)
    if q.unit == "%":
        return ("measure", "%")    # a share is compared only with one of the same thing (see _comparable)
    if q.unit:
        return None
    if _bare_magnitude(a, q):
        return ("measure", "magnitude")
    counted = q.counted.lower() if q.counted else None
    if counted and not re.fullmatch(r"[a-z][a-z-]+", counted):
        counted = None
    cls = count_class(counted)
    if counted is None or counted in PEOPLE_COUNTED or cls == "person":
        return ("people",) if (counted is not None or quantity_event(a.report.text, q)) else None
    if cls and len(cls) > 2:
        return ("count", cls)
    return None


_DECIMAL = re.compile(r"\d\.\s?\d")
_MAGNITUDE_WORD = re.compile(r"\b(?:magnitude|Richter)\b", re.I)


def _bare_magnitude(a: Analysis, q: Quantity) -> bool:
    """'the USGS ... said it was 6. 1' after 'put the quake's magnitude at 5. 9': a bare figure with one decimal
    between 1 and 10, counting nothing, in a sentence that speaks of magnitude."""
    if q.counted or q.low is None or q.low != q.high or not 1.0 <= q.low < 10.0 or not _DECIMAL.search(q.text):
        return False
    sent = next((x.span for x in a.sentences if x.span.start <= q.span.start < x.span.end), None)
    if sent is None:
        return False
    return bool(_MAGNITUDE_WORD.search(a.report.text, sent.start, sent.end))


def _smallest_claim(refs_of_report: list[tuple[int, ClaimRef]], span: Span, attr: str, index: int) -> Optional[int]:
    best = None
    for i, r in refs_of_report:
        if index in getattr(r.claim, attr):
            size = r.claim.span.end - r.claim.span.start
            if best is None or size < best[0]:
                best = (size, i)
    return best[1] if best else None


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_CALENDAR_DAY = re.compile(r"^(?:(?P<m1>[A-Za-z]{3,9})\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?"
                           r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>[A-Za-z]{3,9}))"
                           r"(?:,?\s+(?P<y>\d{4}))?$")

_MONTH_NAME = re.compile(r"^(?:(?:in|during|by)\s+)?(?:(?P<early>early|mid|late|end of|the end of|the start of)[\s-]+)?"
                         r"(?P<m>" + "|".join(_MONTHS) + r")(?:-end)?$", re.I)


def _undated_month(t: Optional[TimeRef]) -> Optional[int]:
    """The month of 'early December' or 'November' in a report with no date to resolve it against (1-12)."""
    if t is None or t.resolved or t.granularity != "month":
        return None
    m = _MONTH_NAME.match(t.text.strip())
    return _MONTHS.index(m.group("m").lower()) + 1 if m else None


def _calendar_day(t: Optional[TimeRef]) -> Optional[tuple]:
    """(year or None, month, day) of a date written out at day level ('November 18', '23 October 2013')."""
    if t is None or t.granularity != "day":
        return None
    m = _CALENDAR_DAY.match(t.text.strip())
    if m is None:
        return None
    name = (m.group("m1") or m.group("m2")).lower()
    month = next((i + 1 for i, full in enumerate(_MONTHS) if full.startswith(name[:3]) and full.startswith(name)
                  or name == full[:3]), None)
    if month is None:
        return None
    return (int(m.group("y")) if m.group("y") else None, month, int(m.group("d1") or m.group("d2")))


def _framed_claim(a: Analysis, refs_of_report: list[tuple[int, ClaimRef]], span: Span) -> Optional[int]:
    """The claim an attribution whose frame holds ``span`` reports: the cue's content, in the same sentence."""
    for att in a.attributions:
        if att.content_span is None or att.content_span.contains(span):
            continue
        frame = Span(span.report, min(att.span.start, att.content_span.start),
                     max(att.span.end, att.content_span.end))
        if not frame.contains(span):
            continue
        inside = [(r.claim.span.end - r.claim.span.start, i) for i, r in refs_of_report
                  if att.content_span.start <= r.claim.span.start and r.claim.span.end <= att.content_span.end + 1]
        if inside:
            return max(inside)[1]
    return None


_WRITTEN_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def _year(a: Analysis, ref: ClaimRef, written: bool = False) -> set[str]:
    """The years a clause's times fall in. ``written``: only years the clause writes out ('in 2003', 'March
    2008'), not a weekday or month resolved against the publication date ('Wednesday', 'in November'), which
    may fall either side of New Year and says little about which figure a clause gives."""
    return {(a.times[i].value or "")[:4] for i in ref.claim.times
            if a.times[i].resolved and (not written or _WRITTEN_YEAR.search(a.times[i].text))
            and a.times[i].granularity in ("year", "month", "day", "part_of_day", "hour", "minute", "night")}


def claim_event(claim) -> Optional[str]:
    """The kind of event a clause reports: its predicate's verb class, else (for 'officials said ... slipped
    into Syria on Sunday') the first classed verb among its terms."""
    verb = _VERB_OF.get(claim.predicate or "")
    if verb:
        return verb
    classed = sorted({_VERB_OF[t] for t in claim.terms if t in _VERB_OF})
    return classed[0] if len(classed) == 1 else None


def _verb_class(word: str) -> Optional[str]:
    w = word.lower()
    for cand in (w, w[:-3], w[:-3] + "e", w[:-2], w[:-1], w[:-4] if w.endswith(("pping", "tting")) else ""):
        if cand and cand in _VERB_OF:
            return _VERB_OF[cand]
    return None


def time_event(text: str, t: TimeRef, clause_start: int) -> Optional[str]:
    """The kind of event a time dates: the nearest classed verb before it in its clause ('within hours of
    Araghchi meeting with Assad in Damascus on Sunday evening': a meeting, though the clause is about a move)."""
    words = re.findall(r"[A-Za-z]+", text[max(clause_start, t.span.start - 90):t.span.start])
    for w in reversed(words[-12:]):
        cls = _verb_class(w)
        if cls:
            return cls
    return None


_BEARING = re.compile(r"((?:\d[\d.,]*|[a-z]+)\s*-?\s*(?:nautical\s+)?(?:km|kilomet(?:re|er)s?|miles?|mi)\b(?:\s*\([^)]{0,20}\))?\s*"
                      r"(?:north|south|east|west)(?:-?(?:east|west))?\s+of\s+(?:the\s+(?:\w+\s+){0,2}of\s+)?)$", re.I)
_PART_BEFORE = re.compile(r"\b((?:the\s+)?(?:outskirts|edge|heart|centre|center|suburbs?|north|south|east|west)\s+of\s+"
                          r"(?:the\s+)?|(?:central|downtown|northern|southern|eastern|western)\s+)$", re.I)
_STREET_BEFORE = re.compile(r"\b((?:\d+\s+)?(?:[A-Z][\w.'’-]+\s|\d+(?:st|nd|rd|th)\s){1,3}(?:[Ss]treet|St\.|"
                            r"[Aa]venue|Ave\.|[Rr]oad|Rd\.|[Bb]oulevard|Blvd\.|Square|Lane)\b"
                            r"(?:,\s*(?:downtown\s+|central\s+)?|\s+in\s+))$")


_STREET_AFTER = re.compile(r"\s+(?:street|avenue|boulevard|road|square)\b")


def place_qualifier(text: str, p: Place) -> Optional[tuple[str, str, Span]]:
    """(kind, words, span) of how precisely a place is given: a bearing ('seven km east of Dargahan'), a street
    ('on Stadiou Street, downtown Athens'), a part of it ('the outskirts of', 'central', '... area')."""
    before = text[max(0, p.span.start - 60):p.span.start]
    base = p.span.start - len(before)
    for kind, rx in (("bearing", _BEARING), ("street", _STREET_BEFORE), ("part", _PART_BEFORE)):
        m = rx.search(before)
        if m:
            words = m.group(1).strip()
            return kind, words, Span(p.span.report, base + m.start(1), base + m.start(1) + len(m.group(1).rstrip()))
    m = _STREET_AFTER.match(text, p.span.end)
    if m:        # 'on a posh Paris avenue': a street of the town, unnamed
        return "street", "a street of", Span(p.span.report, p.span.start, m.end())
    return None       # 'the Dargehan area', 'the Brooklyn neighborhood': the place as plainly named


def _restated(values: list[Value]) -> list[Value]:
    """One value per (report, key, value): a report that states 'five villages' twice states one fact."""
    seen: dict[tuple, Value] = {}
    for v in values:
        q, t = v.quantity, v.time
        if v.cause is not None:
            val = (v.cause[0], v.span.start) if v.key == ("outcome", "charge") else v.cause[0]
        elif v.place is not None:
            val = v.qualifier[0] if v.qualifier else None
        elif q is not None and q.unit in METRES and q.low is not None:
            val = ("m", float(f"{in_metres(q).low:.2g}"))     # '58km (36 miles)': one distance, twice
        else:
            val = (q.low, q.high, q.approx) if q is not None else (t.start, t.end, t.text.lower())
        kept = seen.setdefault((v.report, v.key, val), v)
        if kept is not v:
            kept.also = kept.also + (v.span,)     # the finding shows every place the report gives it
            if v.ref != kept.ref:
                kept.also_refs = kept.also_refs + (v.ref,)
            kept.measure = kept.measure or v.measure    # '$139 Million', then '... in adjusted gross income'
    return list(seen.values())


_DAYS = {"second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.44,
         "year": 365.25, "decade": 3652.5}
_DURATION = re.compile(r"^(?:the\s(?:next|past|last|first)\s)?(?:(?P<hedge>about|around|roughly|approximately|"
                       r"nearly|almost|some|at\sleast|more\sthan|over|up\sto|less\sthan|under)\s)?"
                       r"(?P<num>[\w,.]+(?:[\s-][a-z]+)?)[\s-]"
                       r"(?P<unit>second|minute|hour|day|week|month|year|decade)s?$", re.I)


_RANGE_FROM = re.compile(r"(?:between\s)?(?P<n>\d+|[a-z]+)\s(?:to|-|–|and)\s$", re.I)
_MAXIMUM = re.compile(r"\b(?:a\s)?(?:maximum|max\.?)\s(?:of\s)?$", re.I)
_SINCE = re.compile(r"\s(?:since)\b", re.I)


def duration_quantity(t: TimeRef, text: str = "") -> Optional[Quantity]:
    """A stated length of time as a measure in days ('more than two years', 'a two-year FBI investigation',
    'about 10 minutes', '46 to 57 months', 'a maximum of three years'), or None for vague ones ('years',
    'several hours'), 'a second' (more often an ordinal: 'a second person') and times since an event ('in the
    15 years since they left the White House': an offset, not the length of what the story is about)."""
    from ..analyze.quantities import HEDGES, parse_number
    m = _DURATION.match(re.sub(r"\s+", " ", t.text.strip()))
    if m is None or (text and _SINCE.match(text, t.span.end)):
        return None
    num = m.group("num").lower()
    n = 1.0 if num in ("a", "an", "one") and m.group("unit").lower() != "second" else parse_number(num)
    if not n:
        return None
    per = _DAYS[m.group("unit").lower()]
    hedge = HEDGES.get((m.group("hedge") or "").lower(), "exact")
    low, high = n * per, n * per
    before = text[max(0, t.span.start - 20):t.span.start] if text else ""
    start = t.span.start
    if hedge == "exact" and (r := _RANGE_FROM.search(before)) and (n0 := parse_number(r.group("n"))) and n0 < n:
        low, hedge = n0 * per, "range"
        start -= len(r.group(0))
    elif hedge == "exact" and _MAXIMUM.search(before):
        low, hedge = None, "at_most"
    if hedge in ("at_least", "more_than"):
        high = None
    elif hedge in ("less_than", "at_most"):
        low = None
    span = Span(t.span.report, start, t.span.end)
    words = text[start:t.span.end] if text else t.text
    return Quantity(span=span, text=words, low=low, high=high, approx=hedge == "approx", hedge=hedge,
                    unit="day", value_text=words)


def _source(refs_of_report: list[tuple[int, ClaimRef]], span: Span) -> Optional[str]:
    holding = sorted((r.claim.span.end - r.claim.span.start, r.claim.source) for _, r in refs_of_report
                     if r.claim.span.contains(span) and r.claim.source)
    return holding[0][1] if holding else None


def collect_values(analyses: Sequence[Analysis], refs: list[ClaimRef]) -> list[Value]:
    by_report: dict[int, list[tuple[int, ClaimRef]]] = {}
    for i, r in enumerate(refs):
        by_report.setdefault(r.report, []).append((i, r))
    out: list[Value] = []
    for k, a in enumerate(analyses):
        mine = by_report.get(k, [])
        for qi, q in enumerate(a.quantities):
            key = _quantity_key(a, q)
            if key is None and _age_limit(a.report.text, q):
                key = ("measure", "age")
            if key and key[0] in ("people", "count") and _BREAKDOWN.search(
                    a.report.text, max(0, q.span.start - 60), q.span.start):
                key = None        # 'the 23 pirates (12 Somali and 11 Yemeni)': a breakdown of the 23, not a count
            if key == ("measure", "distance") and _THEN_BEARING.match(a.report.text, q.span.end):
                key = None        # '58km (36 miles) south-west of Bandar Abbas' says where: the place rule's
            ref = _smallest_claim(mine, q.span, "quantities", qi) if key else None
            if key and ref is not None:
                q = with_the_one_besides(a.report.text, q)
                out.append(Value(ref, k, ("quantity",) + key, quantity=q,
                                 event=quantity_event(a.report.text, q),
                                 measure=money_measure(a.report.text, q) if q.unit in _MONEY else None))
        for ti, t in enumerate(a.times):
            context = a.report.text[max(0, t.span.start - 40):t.span.start]
            if _STAMP.search(context) or _STAMP_AFTER.match(a.report.text, t.span.end):
                continue          # "Last Updated: Monday, 28 November 2005": when it was written, not an event
            if t.granularity == "duration":
                q = duration_quantity(t, a.report.text)
                ref = _smallest_claim(mine, t.span, "times", ti) if q is not None else None
                if ref is not None:
                    out.append(Value(ref, k, ("quantity", "measure", "duration"), quantity=q))
                continue
            if floating_time(t, context) is None and not (t.resolved and t.granularity in ("month", "week")) \
                    and _calendar_day(t) is None and _undated_month(t) is None:
                continue
            ref = _smallest_claim(mine, t.span, "times", ti)
            if ref is None:
                # a time in the frame of a reported claim ('Trustees ... last week warned the fund will be
                # exhausted in 2036'): when the claim was made, compared with the claim it frames
                ref = _framed_claim(a, mine, t.span)
            if ref is None:
                continue
            event = time_event(a.report.text, t, refs[ref].claim.span.start) or claim_event(refs[ref].claim)
            out.append(Value(ref, k, ("time",), time=t, context=context, event=event))
        out += _clock_values(a, k, mine, refs, [t.span for t in a.times])
        out += phrase_values(a, k, mine)
        out += _year_range_values(a, k, mine, refs)
        for pi, p in enumerate(a.places):
            if not p.resolved or p.lat is None or p.kind == "country" or not p.gazetteer_id:
                continue
            ref = _smallest_claim(mine, p.span, "places", pi)
            if ref is None:
                continue
            q = place_qualifier(a.report.text, p)
            out.append(Value(ref, k, ("place", p.gazetteer_id), place=p,
                             qualifier=(q[0] + ":" + q[1].lower(), q[2]) if q else None,
                             event=claim_event(refs[ref].claim)))
    for v in out:
        v.source = _source(by_report.get(v.report, []), v.span)
    return _restated(out)


_YEAR_RANGE = re.compile(r"\b(?:(?:from|between)\s(?P<a>(?:1[89]|20)\d\d)\s(?:to|until|till|through|and)\s"
                         r"(?P<b>(?:1[89]|20)\d\d)|(?P<c>(?:1[89]|20)\d\d)\s?[-–]\s?(?P<d>(?:1[89]|20)\d\d))\b")


def _year_range_values(a: Analysis, k: int, mine, refs) -> list[Value]:
    """Spans of years ('served from 1967 to 1979', '2007-2014'): a tenure or a period, compared end to end."""
    out = []
    for m in _YEAR_RANGE.finditer(a.report.text):
        y0, y1 = int(m.group("a") or m.group("c")), int(m.group("b") or m.group("d"))
        if not y0 < y1 <= y0 + 100:
            continue
        span = Span(a.report.id, m.start(), m.end())
        ref = claim_holding(mine, span)
        if ref is None:
            continue
        t = TimeRef(span, m.group(0), f"{y0}-01-01T00:00:00", f"{y1 + 1}-01-01T00:00:00", "years", True,
                    note="a span of years read by the comparison")
        out.append(Value(ref, k, ("time", "years"), time=t, event=claim_event(refs[ref].claim)))
    return out


def _clock_values(a: Analysis, k: int, mine, refs, known: list[Span]) -> list[Value]:
    """Clock times written in ways the time tagger does not read ('about 2045 GMT', '8.40pm'), as unresolved
    times of day with their offsets."""
    out = []
    text = a.report.text
    for m in _CLOCK.finditer(text):
        span = Span(a.report.id, m.start(), m.end())
        if any(span.overlaps(s) for s in known):
            continue
        ref = claim_holding(mine, span)
        if ref is None:
            continue
        t = TimeRef(span, m.group(0), None, None, "minute", False, note="clock time read by the comparison")
        context = text[max(0, span.start - 40):span.start]
        if _STAMP.search(context):
            continue
        event = time_event(text, t, refs[ref].claim.span.start) or claim_event(refs[ref].claim)
        out.append(Value(ref, k, ("time",), time=t, context=context, event=event))
    return out


def _comparable(values: list[Value], x: Value, y: Value, refs, analyses, sims,
                bridged: bool = False) -> Optional[float]:
    """How alike the clauses of two values are, or None when they cannot state one fact. ``bridged``: both are
    matched to one value of a third report, so their own clauses need not be alike, only not tell them apart."""
    if x.quantity is not None and (x.also_refs or y.also_refs):
        # a figure a report states twice ('five villages') is compared through the statement most like the
        # other report's (a day named twice may date two events: not times)
        best = max(((float(sims[i, j]), i, j) for i in (x.ref,) + x.also_refs for j in (y.ref,) + y.also_refs))
        if (best[1], best[2]) != (x.ref, y.ref):
            x, y = dataclasses.replace(x, ref=best[1]), dataclasses.replace(y, ref=best[2])
    sim = float(sims[x.ref, y.ref])
    if x.place is not None:
        # the same town named in two similar clauses: its key is the place itself, so the kind of event the
        # clause reports (the quake struck / injured two people on the outskirts of ...) does not matter
        return sim if sim >= MIN_SIM["place"] else None
    if x.event and y.event and x.event != y.event:
        return None           # the killed are not the injured; a meeting's time is not an attack's
    if x.key in (("outcome", "charge"), ("outcome", "condition"), ("outcome", "armed")) \
            or x.key[-1] == "prior drink-driving offence" \
            or x.key[-1].startswith("disguised as "):
        # one value per report: the charges it names in the story, a driver's record, whether the man was
        # armed; and a wounded person's condition, often said in a clause of its own ('He was later ... listed
        # in stable condition')
        return sim
    if x.cause is not None:
        return sim if sim >= MIN_SIM["casualty"] else None
    if x.event and y.event:
        need = MIN_SIM["time"] if x.time else MIN_SIM["casualty" if x.key[1] == "people" else "count"]
    elif x.event or y.event or x.time is not None or x.key[1] == "people":
        need = MIN_SIM["unclassed"]   # one says what happened, the other does not: closer clauses needed
    else:
        need = MIN_SIM["count"]       # neither ties its figure to an event: what it counts says what it is
    if x.key[-2:-1] == ("measure",):
        need = max(need, MIN_SIM["measure"])
        if x.key[-1] in ("magnitude", "caliber") and _this_event(analyses, refs, x) and _this_event(analyses, refs, y):
            # a story's quake has one magnitude: a figure in a clause that dates nothing to another year or
            # month is this quake's, however the clauses are worded ('The 6.1-magnitude quake struck Qeshm'
            # / 'the USGS said it had a magnitude of 5.9')
            need = MIN_SIM["main_magnitude"]
    if x.time is not None and _calendar_day(x.time) and _calendar_day(y.time):
        need = min(need, MIN_SIM["time"])    # two dates written out are specific: as for times of one event
    if x.time is not None and "month" in (x.time.granularity, y.time.granularity, x.time.granularity[:5]):
        need = max(need, MIN_SIM["month"])    # a month is too broad to pin two loosely similar clauses together
    if x.quantity is not None and _same_figure(x.quantity, y.quantity):
        # the same uncommon figure in two reports ('at least $10,000' / 'more than $10,000') is itself evidence
        # of one fact: looser clauses will do
        need = min(need, MIN_SIM["same_figure"])
    ax, ay = analyses[x.report], analyses[y.report]
    if x.key == ("time", "years") and sim < need and any(
            same_name(p, q) for p in _sentence_names(ax, refs[x.ref].claim)
            for q in _sentence_names(ay, refs[y.ref].claim)):
        # a span of years said of one named person or body ('Edward Brooke, who served from 1967 to 1979' /
        # 'Edward Brooke, a Republican, held the seat from 1966 to 1978') is that one's tenure
        need = min(need, MIN_SIM["named_years"])
    if x.key[-1] == "distance" and sim < need and context_words(ax.report.text, x.quantity) & \
            context_words(ay.report.text, y.quantity):
        # two distances said of the same thing ('lived half a mile away' / 'had moved about a mile and a half
        # away'): the words around the figures tie them where the clauses alone are too loosely alike
        need = min(need, MIN_SIM["same_words"])
    if sim < need and not bridged:
        return None
    if x.time is not None and x.time.resolved and y.time.resolved and _days_apart(x.time, y.time) > FAR_APART_DAYS:
        return None           # 'in February' (an earlier quake) and 'on Sunday' (this one)
    written = x.quantity is not None
    yx, yy = _year(ax, refs[x.ref], written), _year(ay, refs[y.ref], written)
    if yx and yy and not (yx & yy) and x.key != ("time", "years"):
        return None           # the clauses date their events to different years: not one fact
    if x.key[-1] == "magnitude" and (_this_event(analyses, refs, x) != _this_event(analyses, refs, y) or any(
            _GENERAL.search(refs[v.ref].claim.text) for v in (x, y))):
        # 'a 6.4-magnitude quake hit Zarand in February' is another quake than this one, and 'a magnitude 6
        # quake can cause severe damage' is none
        return None
    if x.quantity is not None and _another(ax.report.text, x.quantity) != _another(ay.report.text, y.quantity):
        return None           # a further group is not the group another report counts
    if x.quantity is not None and (_part_of(values, x, y, refs) or _part_of(values, y, x, refs)):
        return None           # '12 Somali and 11 Yemeni' against '23 pirates': parts of one total
    if x.key[-1] == "duration" and not _share_a_name(ax, ay, refs, x, y):
        return None           # a length of time is someone's or something's: 'his four years as governor'
    if x.key[-1] == "duration":
        px, py = _actor_person(ax, refs[x.ref].claim), _actor_person(ay, refs[y.ref].claim)
        if px and py and not same_name(px, py):
            # a term is a person's: 'Mr. Jackson receive a sentence of 46 to 57 months' is not 'the charge
            # against Sandra Jackson carries a maximum of three years'
            return None
    if x.quantity is not None:
        qx, qy = in_metres(x.quantity), in_metres(y.quantity)
        if _far_apart(qx, qy) and sim < 0.75:
            return None
        if x.key[-1] == "%":
            # a share needs what it is a share of: 'a tax rate of 35.7 percent' / 'the 2014 tax rate: 30 percent'
            # and closer clauses than a count: a story holds many shares of different things
            cx = context_words(ax.report.text, x.quantity) | named_after(ax, x.quantity)
            cy = context_words(ay.report.text, y.quantity) | named_after(ay, y.quantity)
            if not (cx & cy) or (sim < MIN_SIM["share"] and not bridged) or not _share_a_name(ax, ay, refs, x, y):
                return None
        if x.key[-1] in ("usd", "eur", "gbp", "distance"):
            cx = context_words(ax.report.text, x.quantity) | named_after(ax, x.quantity)
            cy = context_words(ay.report.text, y.quantity) | named_after(ay, y.quantity)
            if not (cx & cy) and (sim < 0.7 or _far_apart(qx, qy) or (cx and cy and sim < SUM_OF_OTHER)):
                # sums and distances of different things ('state taxes' / 'federal taxes'); however alike the
                # clauses, 'a $43,000 Rolex watch' is not '$750,000 in campaign funds', and when both say
                # what they are of, 'paid $43,885,310 in federal taxes' is not 'made $14,959,450 in
                # charitable contributions' in the next clause of one sentence
                return None
    return sim


_OTHER_TIME = re.compile(r"\b(?:in|since|last)\s+(?:(?:19|20)\d\d|January|February|March|April|May|June|July|August|"
                         r"September|October|November|December|year|month)\b|\b(?:can|could|would)\b")


_GENERAL = re.compile(r"\b(?:can|could|would|may|might)\b", re.I)


def _this_event(analyses, refs, v: Value) -> bool:
    """The clause holding a value says nothing that puts it in another event (another year or month) or in
    general ('a magnitude 6 quake can cause severe damage')."""
    claim = refs[v.ref].claim
    return not _OTHER_TIME.search(claim.text)


def _exact(q: Quantity) -> Optional[float]:
    return q.low if q.low is not None and q.low == q.high else None


def _part_of(values: list[Value], part: Value, whole: Value, refs) -> bool:
    """``part`` and the other figures of the same key in its clause add up to ``whole``."""
    w, p = _exact(whole.quantity), _exact(part.quantity)
    if w is None or p is None or p >= w:
        return False
    clause = refs[part.ref].claim.span
    siblings = [_exact(v.quantity) for v in values if v is not part and v.report == part.report
                and v.quantity is not None and clause.start <= v.span.start < clause.end]
    siblings = [x for x in siblings if x is not None]
    return any(abs(p + x - w) < 1e-9 for x in siblings) or (len(siblings) > 1 and abs(p + sum(siblings) - w) < 1e-9)


def _far_apart(a: Quantity, b: Quantity) -> bool:
    """Figures so far apart that they are more likely two facts than one disputed fact (26,000 dead in an
    earlier quake against 10 in this one)."""
    lo_hi = sorted([(a.low if a.low is not None else 0.0, a.high), (b.low if b.low is not None else 0.0, b.high)],
                   key=lambda iv: iv[0])
    (lo1, hi1), (lo2, _) = lo_hi
    if hi1 is not None and hi1 < lo2:
        if hi1 == 0:
            return False          # 'no one was hurt' against 'two people were injured': none has no ratio
        return lo2 / max(hi1, 1e-9) > MAX_RATIO
    # overlapping only through an open or very wide bound ('three' against 'as many as 100'): compare the
    # figures each gives
    na, nb = _nominal_value(a), _nominal_value(b)
    return bool(na and nb) and max(na, nb) / max(min(na, nb), 1e-9) > MAX_RATIO


def _same_figure(a: Quantity, b: Quantity) -> bool:
    """Both give one figure of 10 or more (bounds and hedges aside)."""
    na, nb = _nominal_value(a), _nominal_value(b)
    return na is not None and nb is not None and na == nb and na >= 10 and a.hedge != "vague" and b.hedge != "vague"


def _nominal_value(q: Quantity) -> Optional[float]:
    if q.hedge == "vague":
        return None
    return q.low if q.low is not None else q.high


def in_metres(q: Quantity, pad: bool = False) -> Quantity:
    """The distance in metres; with ``pad`` an exact figure is taken as good to half a unit ('36 miles' is
    35.5-36.5 miles), so '36 miles' and '35 miles' touch rather than clash."""
    f = METRES.get(q.unit or "")
    if not f:
        return q
    half = 0.5 if pad and not q.approx and q.low is not None and q.low == q.high and float(q.low).is_integer() else 0
    return dataclasses.replace(q, low=None if q.low is None else (q.low - half) * f,
                               high=None if q.high is None else (q.high + half) * f, unit="m")


_FIGURE = re.compile(r"[$€£]|\d")
_FUNCTION = {"of", "to", "the", "a", "an", "at", "in", "on", "for", "by", "with", "was", "is", "are", "be", "been"}
_LIST_BREAK = re.compile(r"[,;]|\band\b")


_NAMED_WHERE = ("ORG", "FAC", "GPE", "LOC", "PRODUCT", "WORK_OF_ART")


def named_after(a: Analysis, q: Quantity, reach: int = 80) -> set[str]:
    """The shops, places and things named soon after a figure, before the next figure ('$10,977.74 worth of
    televisions, DVD players and DVDs at Best Buy'): where or on what a sum was spent."""
    text = a.report.text
    after = text[q.span.end:q.span.end + reach]
    cut = _FIGURE.search(after)
    end = q.span.end + (cut.start() if cut else len(after))
    return {m.canonical.lower() for m in a.mentions
            if m.label in _NAMED_WHERE and q.span.end <= m.span.start and m.span.end <= end}


def context_words(text: str, q: Quantity) -> set[str]:
    """Content words around a figure: what a sum is of ('$13,625,777 in state taxes'). The window stops at the
    figures either side, and at the comma or 'and' that lists the next one ('earned roughly $141 million and
    paid nearly $44 million in federal taxes': the taxes are the second sum's). Before the figure only the
    nearest word that is not a preposition or article counts ('earned', 'paid', 'rate' of), and not a name:
    further back is whose sum it is or when, not what it is; names after it stay ('on Martha's Vineyard')."""
    before = text[max(0, q.span.start - 25):q.span.start]
    cuts = list(_FIGURE.finditer(before)) + list(_LIST_BREAK.finditer(before))
    if cuts:
        before = before[max(m.end() for m in cuts):]
    elif q.span.start - 25 > 0 and text[q.span.start - 26].isalpha():
        before = before.split(" ", 1)[-1]          # a word cut by the window is no word
    after = text[q.span.end:q.span.end + 40]
    cut = _FIGURE.search(after)
    if cut:
        # a list of sums ('$15 million to charity, and paid $13.6 million'): this one's words end at the list break
        brk = _LIST_BREAK.search(after, 0, cut.start())
        after = after[:brk.start() if brk else cut.start()]
    # before the figure only the word next to it ('earned', 'paid'): further back is who did it, or when
    near = next((w for w in reversed(re.findall(r"[A-Za-z]+", before)) if w.lower() not in _FUNCTION), None)
    words = [w for w in [near] if w and len(w) >= 3 and not w[0].isupper()] + \
        re.findall(r"[A-Za-z]{4,}", after)
    return {_verb_class(w) or w.lower().rstrip("s") for w in words if w.lower() not in _STOP}


def _bearing_word(q: str) -> str:
    m = re.search(r"(north|south|east|west)(?:-?(east|west))?", q)
    return (m.group(1) + (m.group(2) or "")) if m else ""


_MONEY = ("usd", "eur", "gbp")
_TOLLS = ("killed", "injured", "missing", "arrested")
_MEASURE = re.compile(r"\s+(?:in|of)\s+(?P<m>(?:(?:adjusted|total|net|gross|taxable|pre-?tax|after-?tax|annual|"
                      r"combined|operating)\s+){0,3}(?:income|revenues?|sales|profits?|earnings|assets|"
                      r"compensation|salary|salaries|turnover))\b", re.I)


def money_measure(text: str, q: Quantity) -> Optional[str]:
    """What a sum measures when the words right after it say so ('$139 million in adjusted gross income',
    '$2 billion in sales'): income that is adjusted and gross is not a plain 'earned $141 million'."""
    m = _MEASURE.match(text, q.span.end)
    return re.sub(r"\s+", " ", m.group("m").lower()) if m else None


def compare_values(x: Value, y: Value) -> tuple[Optional[str], str]:
    if x.cause is not None:
        return compare_words(x, y)
    if x.place is not None:
        qx, qy = x.qualifier, y.qualifier
        name = x.place.name or x.place.text
        if qx is None and qy is None:
            return None, "both name the place only"
        if qx is not None and qy is not None and qx[0] == qy[0]:
            return "agree", f"both put it {qx[0].split(':', 1)[1]} {name}"
        if qx is not None and qy is not None and qx[0].startswith("bearing") and qy[0].startswith("bearing") \
                and _bearing_word(qx[0]) != _bearing_word(qy[0]):
            return None, "different bearings: the direction rule compares them"
        wx = f"\u201c{qx[0].split(':', 1)[1]} {x.place.text}\u201d" if qx else f"\u201c{x.place.text}\u201d"
        wy = f"\u201c{qy[0].split(':', 1)[1]} {y.place.text}\u201d" if qy else f"\u201c{y.place.text}\u201d"
        return "partial", f"the same place ({name}) at different precision: {wx} against {wy}"
    if x.quantity is not None:
        if x.key[-1] == "distance":
            # unpadded first: 'about 150' nautical miles against '150' agrees as a hedged figure would
            verdict, reason = compare_quantities(in_metres(x.quantity), in_metres(y.quantity))
            if verdict != "agree":
                verdict, reason = compare_quantities(in_metres(x.quantity, pad=True), in_metres(y.quantity, pad=True))
            return verdict, f"{reason} (converted to metres)"
        if x.key[-1] == "duration":
            verdict, _ = compare_quantities(x.quantity, y.quantity)
            return verdict, {"agree": "both give the same length of time",
                             "partial": "compatible lengths of time at different precision",
                             "conflict": "the lengths of time cannot both hold"}[verdict] + \
                f": \u201c{x.quantity.text}\u201d against \u201c{y.quantity.text}\u201d"
        verdict, reason = compare_quantities(x.quantity, y.quantity)
        if verdict == "conflict" and x.key[1] == "people" and x.event in _TOLLS and x.event == y.event \
                and x.source and y.source and same_name(x.source, y.source):
            # 'Police said 12 people were injured' / 'Police said 18 people had been injured': one source's count,
            # given differently in two reports, is most often a toll updated between them
            return "partial", (f"{reason}; both reports attribute it to {x.source}, so it may be a toll that "
                               "changed between the reports: compare when each was written")
        if x.measure != y.measure and verdict == "conflict":
            if x.measure and y.measure:
                return None, f"different measures: {x.measure} and {y.measure}"
            named = x.measure or y.measure
            return "partial", (f"{reason}, but only one names what it measures ({named}): the other may count "
                               "another measure of the same sum")
        return verdict, reason
    if x.key == ("time", "years"):
        if x.time.start == y.time.start and x.time.end == y.time.end:
            return "agree", f"both give {_years(x.time)}"
        return "conflict", (f"the spans of years differ: {_years(x.time)} (\u201c{x.time.text}\u201d) against "
                            f"{_years(y.time)} (\u201c{y.time.text}\u201d)")
    mx, my = _undated_month(x.time), _undated_month(y.time)
    if mx is not None and my is not None:
        # no date to resolve them against: months of the year ('early December' / 'in November-end')
        if mx == my:
            return "agree", f"both give {_MONTHS[mx - 1].title()}"
        return "conflict", f"different months: \u201c{x.time.text}\u201d against \u201c{y.time.text}\u201d"
    if (mx is None) != (my is None) and (x.time.granularity == "month" or y.time.granularity == "month") \
            and not (x.time.resolved and y.time.resolved):
        return None, "a month without a date against a time that is not one"
    dx, dy = _calendar_day(x.time), _calendar_day(y.time)
    if dx is not None and dy is not None:
        # two dates written out ('on November 18' / 'On November 19'): one day or two
        if dx == dy:
            return "agree", f"both give {x.time.text}"
        return "conflict", f"different dates: \u201c{x.time.text}\u201d against \u201c{y.time.text}\u201d"
    if x.time.resolved and y.time.resolved:
        return compare_times(x.time, y.time)
    return compare_floating(x.time, y.time, x.context, y.context)


def _years(t: TimeRef) -> str:
    return f"{t.start[:4]}\u2013{int(t.end[:4]) - 1}"


def normalised(v: Value) -> str:
    """The value alone: '300 or more', '2024-12-01 evening', 'Sunday (no date to resolve it against)'."""
    if v.place is not None:
        words = v.qualifier[0].split(":", 1)[1] + " " if v.qualifier else ""
        return f"{words}{v.place.name or v.place.text}"
    if v.key == ("time", "years"):
        return _years(v.time)
    if v.cause is not None:
        return v.cause[2] if v.key == ("outcome", "charge") else v.cause[0]
    if v.quantity is None:
        t = v.time
        d = describe_time(t)
        return d[d.index("(") + 1:-1] if "(" in d else t.text
    q = v.quantity
    if v.key[-1] == "duration":
        return q.text
    value = describe_quantity(q)
    if q.counted and value.endswith(" " + q.counted):
        value = value[:-len(q.counted) - 1]
    return value


def describe(v: Value) -> str:
    """The words as written, then the normalised value: '“at least three hundred” (300 or more)'."""
    if v.place is not None:
        return f"\u201c{normalised(v)}\u201d"
    if v.key == ("time", "years"):
        return f"\u201c{v.time.text}\u201d ({_years(v.time)})"
    if v.cause is not None:
        return f"\u201c{v.text}\u201d"
    if v.quantity is None:
        return describe_time(v.time)
    q, value = v.quantity, normalised(v)
    if re.sub(r"\W", "", value.lower()) == re.sub(r"\W", "", q.text.lower()):
        return f"\u201c{q.text}\u201d"
    return f"\u201c{q.text}\u201d ({value})"


def fact_groups(analyses: Sequence[Analysis], refs: list[ClaimRef], sims: np.ndarray) -> list[list[Value]]:
    """Values stating one fact across reports: each group holds at most one value per report."""
    values = collect_values(analyses, refs)
    by_key: dict[tuple, list[Value]] = {}
    for v in values:
        by_key.setdefault(v.key, []).append(v)
    groups: list[list[Value]] = []
    for key, vs in sorted(by_key.items(), key=lambda kv: str(kv[0])):
        reports = sorted({v.report for v in vs})
        if len(reports) < 2:
            continue
        of_report: dict[int, list[Value]] = {}
        for v in vs:
            of_report.setdefault(v.report, []).append(v)
        scores = {(id(x), id(y)): s for x in vs for y in vs if x.report < y.report
                  for s in [_comparable(vs, x, y, refs, analyses, sims)] if s is not None}
        edges, match = _match_pairs(reports, of_report, scores)
        if len(reports) >= 3:
            # a third report settles what two reports' clauses leave open: "fell about 600m" and "fell 700
            # meters" both match "fallen 2,000ft" best, so they are one fact, and "about 200m" and "150 meters"
            # (both matched to "200ft") are another, however loosely their own clauses compare
            bonus = {}
            strong = {k: z for k, z in match.items() if _score(scores, k[0], z) >= BRIDGE_MIN}
            for x in vs:
                for y in vs:
                    if x.report >= y.report or x.quantity is None:
                        continue
                    third = [rc for rc in reports if rc not in (x.report, y.report)
                             and (id(x), rc) in strong and (id(y), rc) in strong]
                    match_ = strong
                    agree = sum(match_[id(x), rc] == match_[id(y), rc] for rc in third)
                    if not third:
                        continue
                    if (id(x), id(y)) not in scores and agree == len(third):
                        b = _comparable(vs, x, y, refs, analyses, sims, bridged=True)
                        if b is None:
                            continue
                        scores[id(x), id(y)] = b
                    if (id(x), id(y)) in scores:
                        bonus[id(x), id(y)] = BRIDGE * (2 * agree - len(third))
            edges, match = _match_pairs(reports, of_report, scores, bonus)

        # join the pairwise matches into facts, strongest first, one value per report in a fact, each value
        # comparable with every other value of its fact
        def ok(u, v):
            return (id(u), id(v)) in scores or (id(v), id(u)) in scores
        fact_of: dict[int, list[Value]] = {}
        for s, x, y in sorted(edges, key=lambda e: -e[0]):
            gx, gy = fact_of.get(id(x)), fact_of.get(id(y))
            if gx is None and gy is None:
                g = [x, y]
                groups.append(g)
                fact_of[id(x)] = fact_of[id(y)] = g
            elif gx is not None and gy is None:
                if all(v.report != y.report and ok(v, y) for v in gx):
                    gx.append(y)
                    fact_of[id(y)] = gx
            elif gy is not None and gx is None:
                if all(v.report != x.report and ok(v, x) for v in gy):
                    gy.append(x)
                    fact_of[id(x)] = gy
            elif gx is not gy and not ({v.report for v in gx} & {v.report for v in gy}) and all(
                    ok(u, v) for u in gx for v in gy):
                gx.extend(gy)
                for v in gy:
                    fact_of[id(v)] = gx
                groups.remove(gy)
        # a report's other values for the same fact ('overnight' and 'early on Monday morning') join it when
        # they are comparable with every value of the other reports in it
        grouped = {id(v) for g in groups for v in g}
        for v in vs:
            if id(v) in grouped:
                continue
            best = None
            for g in groups:
                if g[0].key != key or v.report not in {u.report for u in g}:
                    continue
                others = [u for u in g if u.report != v.report]
                siblings = [u for u in g if u.report == v.report]
                if any(compare_values(u, v)[0] == "conflict" for u in siblings) and not (
                        v.cause is not None and v.source and all(u.source and not same_name(u.source, v.source)
                                                                 for u in siblings)):
                    # a report's two different figures are two facts, not one; but a report can carry two
                    # accounts of one fact, each from its own source ('police said' / 'Witnesses said')
                    continue
                sims_ = [scores.get((id(u), id(v)), scores.get((id(v), id(u)))) for u in others]
                if others and None not in sims_ and (best is None or min(sims_) > best[0]):
                    best = (min(sims_), g)
            if best:
                best[1].append(v)
                grouped.add(id(v))
        _prefer_agreeing(groups, vs, key, grouped)
    groups = _one_per_story(groups)
    for g in groups:
        g.sort(key=lambda v: (v.report, v.span.start))
        if g and g[0].key == ("outcome", "charge"):
            # a report's charges that compare with none of the others' (another arrest) are not this fact's
            g[:] = [v for v in g if any(compare_values(v, u)[0] for u in g if u.report != v.report)]
    return [g for g in groups if len({v.report for v in g}) >= 2]


def _prefer_agreeing(groups: list[list[Value]], vs: list[Value], key: tuple, grouped: set) -> None:
    """A report that says what the others say in one place and something else in another ('brought her to
    Jamaica Hospital Medical Center, where Chohan ... died' / 'The unidentified woman was pronounced dead at Mount
    Sinai Hospital') states the others' fact with the first: the second is about someone else. Only for values
    read from words, where a report's two values of one key are not two figures of one count."""
    for g in groups:
        if not g or g[0].key != key or g[0].cause is None:
            continue
        for n, v in enumerate(g):
            others = [u for u in g if u.report != v.report]
            if not others or all(compare_values(v, u)[0] != "conflict" for u in others):
                continue
            spare = next((w for w in vs if w.report == v.report and id(w) not in grouped
                          and all(compare_values(w, u)[0] == "agree" for u in others)), None)
            if spare is not None:
                grouped.discard(id(v))
                grouped.add(id(spare))
                g[n] = spare


ONE_PER_STORY = {("outcome", "armed")}


def _one_per_story(groups: list[list[Value]]) -> list[list[Value]]:
    """A story's facts of which it holds one (whether the man the police shot was armed) are one finding however
    the reports' values paired up: each report's accounts once, every account with its source."""
    out, merged = [], {}
    for g in groups:
        key = g[0].key if g else None
        if key not in ONE_PER_STORY:
            out.append(g)
            continue
        if key not in merged:
            merged[key] = []
            out.append(merged[key])
        seen = {(v.report, v.cause[0], v.source) for v in merged[key]}
        merged[key] += [v for v in g if (v.report, v.cause[0], v.source) not in seen]
    return out


BRIDGE = 0.1     # what agreeing (or disagreeing) with a third report's match adds to (takes from) a pair's score
BRIDGE_MIN = 0.6  # only a third report's close matches settle anything


def _score(scores, a: int, b: int) -> float:
    return scores.get((a, b), scores.get((b, a), 0.0))


def _tie_rank(x: Value, y: Value) -> tuple[int, float]:
    verdict = compare_values(x, y)[0]
    gap = 0.0
    if x.quantity is not None:
        na, nb = _nominal_value(x.quantity), _nominal_value(y.quantity)
        if na and nb and na > 0 and nb > 0:
            gap = abs(math.log(na / nb))
    return {"agree": 0, "partial": 1, None: 2, "conflict": 3}[verdict], gap


def _match_pairs(reports, of_report, scores, bonus=None):
    """Within each pair of reports, values matched one-to-one, best score first. Returns the matches as
    (score, x, y) and, for each value, the value it matched in each other report."""
    bonus = bonus or {}
    edges, match = [], {}
    for ra, rb in combinations(reports, 2):
        cands = []
        for x in of_report[ra]:
            for y in of_report[rb]:
                s = scores.get((id(x), id(y)))
                if s is not None:
                    cands.append((s + bonus.get((id(x), id(y)), 0.0), s, x, y))
        # equal scores (two figures of one clause against one of another: 'earned roughly $141 million ... and
        # paid nearly $44 million' against 'paid $43 million'): the values that agree, then the nearer figures
        cands.sort(key=lambda c: (-c[0], _tie_rank(c[2], c[3]), c[2].span.start, c[3].span.start))
        used: set[int] = set()
        for _, s, x, y in cands:
            if id(x) in used or id(y) in used:
                continue
            used |= {id(x), id(y)}
            edges.append((s, x, y))
            match[id(x), rb] = id(y)
            match[id(y), ra] = id(x)
    return edges, match


def fact_name(key: tuple, event: Optional[str] = None) -> str:
    if (name := phrase_name(key)) is not None:
        return name
    if key[0] == "time":
        return "time"
    if key[0] == "place":
        return "place"
    if key[1] == "measure":
        return {"usd": "amount (US$)", "duration": "length of time", "%": "share (percent)", "eur": "amount (EUR)",
                "gbp": "amount (GBP)",
                "caliber": "calibre of the gun"}.get(key[2], key[2])
    if key[1] == "people":
        return f"number {event}" if event else "number of people"
    return f"number of {plural(key[2])}" + (f" {event}" if event else "")


def plural(noun: str) -> str:
    irregular = {"man": "men", "woman": "women", "person": "people", "child": "children", "militiaman": "militiamen",
                 "gunman": "gunmen", "policeman": "policemen", "foot": "feet"}
    if noun in irregular:
        return irregular[noun]
    if re.search(r"[^aeiou]y$", noun):
        return noun[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", noun):
        return noun + "es"
    return noun + "s"


def verdict_of(group: list[Value]) -> tuple[str, str, tuple[Value, Value]]:
    """The strongest verdict over the pairs of a fact ('conflict' > 'partial' > 'agree'), its reason and pair."""
    rank = {"conflict": 3, "partial": 2, "agree": 1}
    best = None
    for x, y in combinations(group, 2):
        if x.report == y.report:
            continue
        v, reason = compare_values(x, y)
        if v and (best is None or rank[v] > rank[best[0]]):
            best = (v, reason, (x, y))
    return best if best else ("agree", "the values are compatible", (group[0], group[1]))
