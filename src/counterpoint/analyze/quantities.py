"""Counts and measures as intervals with a hedge and the thing counted.

``extract_quantities(doc, report_id)`` finds number expressions with a pattern layer over the text (digits,
number words, vague amounts, hedges, ranges) and uses the spaCy parse for what is counted and for the cases
that are not counts.

Intervals (``low``/``high``; ``None`` is open):

* exact "three provinces" -> [3, 3]; approx "about 200" -> [200, 200] with approx=True, hedge "approx" (the
  comparison widens approximate values itself);
* "at least 300" -> [300, None] at_least; "more than 40"/"over 40" -> [40, None] more_than; "fewer than 10"/
  "under 10" -> [None, 10] less_than; "up to 50"/"at most 50"/"as many as 50" -> [None, 50] at_most;
* ranges "between 20 and 30", "20-30", "20 to 30" -> [20, 30] hedge "range";
* vague amounts, hedge "vague": a couple [2, 3], a few / a handful [2, 5], several [3, 9], dozens [24, 99],
  scores [40, 99], hundreds [200, 999], thousands [2000, 9999], tens of thousands [20000, 99999], hundreds of
  thousands [200000, 999000], millions [2e6, 9.99e6]; "several hundred" multiplies: [300, 900]; "a dozen" is
  exactly 12 (exact, or approx with "about").

Not counts (skipped): numbers inside a time expression (years, dates, "three days", "the 1990s" -- they belong
to ``extract_times``) or a spaCy DATE/TIME/ORDINAL entity, ages ("aged 45", "45-year-old", "45 years old"),
times of day ("3 p.m."), hyphenated modifiers ("three-way talks"), bare "one" (a pronoun more often than a
count), and identifiers ("Resolution 2254", "F-16").

``counted`` is the lemma of the head noun ("troops" -> "troop"), reached through "of the ..." ("three hundred
of the militia fighters" -> "fighter"); measures get ``unit`` (km, mi, m, kg, t, %, usd, eur, gbp, magnitude)
and no ``counted``.
"""
from __future__ import annotations

import re
from typing import Optional

from ..model import Quantity, Span
from .nlp import doc_text

_WORDNUM = (r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
            r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?![a-z])")
_SCALE = r"(?:hundred|thousand|million|billion|trillion)"
# Digits, also as tokenised text re-joined with spaces writes them ("120, 000", "6. 1"): a group of three digits
# after ", " continues the number; one digit after ". " is a decimal only after a single digit (a sentence that
# ends in a one-digit number and starts the next with one is rarer than a magnitude like "5. 9").
_DIGITS = r"(?:\d{1,3}(?:,\s?\d{3}(?!\d))+|\d\.\s\d(?!\d)|\d+)(?:\.\d+)?"
_CORE = (rf"(?:{_DIGITS}(?:[\s-](?:{_SCALE}|dozen))?(?![\w.,]*\d)"
         rf"|(?:a\s|an\s)?(?:{_WORDNUM}(?:[\s-](?:and\s)?(?:{_WORDNUM}|{_SCALE}))*|{_SCALE}(?:\s{_WORDNUM})?)"
         rf"(?:\s{_SCALE})*(?:\sdozen)?|a\sdozen|dozen)")
_VAGUE = (r"(?:(?:tens|hundreds)\sof\s(?:thousands|millions)|tens|hundreds|thousands|millions|billions|dozens|"
          r"scores|(?:several|a\sfew|a\scouple\sof|a\scouple|a\shandful\sof|a\shandful)(?:\s(?:hundred|thousand|"
          r"million|dozen))?)")
_HEDGE = (r"(?:about|around|roughly|approximately|some|nearly|almost|an\sestimated|estimated|close\sto|"
          r"at\sleast|no\sfewer\sthan|no\sless\sthan|more\sthan|over|upwards\sof|in\sexcess\sof|just\sover|"
          r"fewer\sthan|less\sthan|under|just\sunder|up\sto|at\smost|no\smore\sthan|as\smany\sas|as\sfew\sas)")
_CUR = r"(?:US\$|\$|€|£)"
_PATTERN = re.compile(
    rf"(?<![\w$€£.,-])(?:(?P<hedge>{_HEDGE})\s)?(?P<cur>{_CUR}\s?)?"
    rf"(?:between\s(?P<a>{_CORE})\sand\s(?:{_CUR}\s?)?(?P<b>{_CORE})"
    rf"|(?P<a2>{_WORDNUM})\sor\s(?P<b2>{_WORDNUM})(?=\s[a-z])"
    rf"|(?P<r1>{_DIGITS})\s?(?:-|–|to)\s?(?P<r2>{_DIGITS})(?![\w-])"
    rf"|(?P<vague>{_VAGUE})|(?P<core>{_CORE}))"
    rf"(?P<pct>\s?(?:%|percent\b|per\scent\b))?",
    re.I)

HEDGES = {"about": "approx", "around": "approx", "roughly": "approx", "approximately": "approx", "some": "approx",
          "nearly": "approx", "almost": "approx", "an estimated": "approx", "estimated": "approx",
          "close to": "approx", "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least",
          "more than": "more_than", "over": "more_than", "upwards of": "more_than", "in excess of": "more_than",
          "just over": "more_than", "fewer than": "less_than", "less than": "less_than", "under": "less_than",
          "just under": "less_than", "up to": "at_most", "at most": "at_most", "no more than": "at_most",
          "as many as": "at_most", "as few as": "at_least"}
VAGUE = {"a couple": (2, 3), "a couple of": (2, 3), "a few": (2, 5), "a handful": (2, 5), "a handful of": (2, 5),
         "several": (3, 9), "dozens": (24, 99), "scores": (40, 99), "tens": (20, 99), "hundreds": (200, 999),
         "thousands": (2000, 9999), "millions": (2_000_000, 9_990_000), "billions": (2e9, 9.99e9),
         "tens of thousands": (20_000, 99_999), "tens of millions": (20e6, 99.9e6),
         "hundreds of thousands": (200_000, 999_000), "hundreds of millions": (200e6, 999e6)}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1e6, "billion": 1e9, "trillion": 1e12, "dozen": 12}
UNITS = {"km": "km", "kilometer": "km", "kilometre": "km", "mile": "mi", "meter": "m", "metre": "m", "m": "m",
         "foot": "ft", "feet": "ft", "ft": "ft", "kg": "kg", "kilogram": "kg", "ton": "t", "tonne": "t",
         "percent": "%", "%": "%", "dollar": "usd", "euro": "eur", "pound": "gbp", "magnitude": "magnitude",
         "degree": "deg", "hectare": "ha", "acre": "acre", "barrel": "bbl", "liter": "l", "litre": "l",
         "cm": "cm", "mm": "mm", "kilometers": "km", "miles": "mi"}
_UNIT_AFTER = re.compile(r"[\s-]?(km|kilometers?|kilometres?|miles?|meters?|metres?|m|ft|feet|kg|kilograms?|tons?|"
                         r"tonnes?|magnitude|degrees?|hectares?|acres?|barrels?|liters?|litres?|cm|mm|dollars?|euros?"
                         r")\b", re.I)
CURRENCY = {"$": "usd", "us$": "usd", "€": "eur", "£": "gbp"}
_NOT_COUNT_AFTER = re.compile(r"^(?:-|\s)(?:year|month|week|day)s?[- ]old|^\s?(?:years?|months?)\s+old|"
                              r"^\s?(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock)|^-(?!magnitude|strength|km|kilomet|mile|met|foot|feet|ton)[a-z]|"
                              r"^:\d|^\s?(?:st|nd|rd|th)\b", re.I)
# "21 or older", "50 or more": a floor; "10 or fewer": a ceiling
_OPEN_AFTER = re.compile(r"\s(?:or|and)\s(?:(?P<up>older|more|over|above|up|greater|higher)|"
                         r"(?P<down>fewer|less|younger|under|below))\b", re.I)
# "a crowd of 5,000", "estimated the crowd at 70", "with a population of 120,000": people, though no noun follows
_PEOPLE_BEFORE = re.compile(r"\b(?P<noun>population|crowds?|attendance|turnout)\s(?:of|at|was|is|numbered|"
                            r"(?:was\s)?estimated\sat)\s*$", re.I)
# distances written as fractions: "half a mile", "about a mile and a half", "a quarter of a mile"
_FRACTION_DISTANCE = re.compile(rf"(?<![\w-])(?:(?P<hedge>{_HEDGE})\s)?(?P<num>half\s(?:a|an)|a\squarter(?:\sof\sa)?|"
                                r"three[\s-]quarters\sof\sa|a|an)\s(?P<unit>miles?|kilomet(?:er|re)s?)"
                                r"(?P<half>\sand\sa\shalf)?(?![\w-])", re.I)
_FRACTIONS = {"half a": 0.5, "half an": 0.5, "a quarter": 0.25, "a quarter of a": 0.25, "three quarters of a": 0.75,
              "three-quarters of a": 0.75, "a": 1.0, "an": 1.0}
_AGE_APPOSITION = re.compile(r"\b[A-Z][a-z'’.-]+,\s?$")
_NOT_COUNT_BEFORE = re.compile(r"(?:\baged?|\bages|\bno\.|\bnumber|\bnr\.)\s*$", re.I)
_TIMEWORD = re.compile(r"\b(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centur(?:y|ies)|"
                       r"nights?|mornings?|\w+day|ago|old|[12]\d{3}|\d{1,2}:\d\d|a\.m\.|p\.m\.)\b|"
                       r"(?-i:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)", re.I)
_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
          "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}


def parse_number(text: str) -> Optional[float]:
    """'1,500' -> 1500, '2.5 million' -> 2.5e6, 'three hundred and fifty' -> 350, 'a dozen' -> 12."""
    t = re.sub(r"\s+", " ", text.lower().strip())
    t = re.sub(r"^an? ", "", t)
    t = re.sub(r"(?<=\d), (?=\d{3}\b)", ",", t)
    t = re.sub(r"(?<=\d)-(?=(?:hundred|thousand|million|billion|trillion|dozen)\b)", " ", t)
    t = re.sub(r"^(\d)\. (\d)\b", r"\1.\2", t)
    m = re.fullmatch(r"([\d,]+(?:\.\d+)?)(?: (hundred|thousand|million|billion|trillion|dozen))?", t)
    if m:
        return float(m.group(1).replace(",", "")) * SCALES.get(m.group(2) or "", 1)
    if t == "dozen":
        return 12.0
    total, current = 0.0, 0.0
    for w in re.split(r"[\s-]+", t):
        if w == "and":
            continue
        if w in _WORDS:
            current += _WORDS[w]
        elif w in ("hundred", "dozen"):
            current = (current or 1) * SCALES[w]
        elif w in SCALES:
            total += (current or 1) * SCALES[w]
            current = 0.0
        else:
            return None
    return total + current


def _vague_interval(text: str) -> tuple[float, float]:
    t = re.sub(r"\s+", " ", text.lower())
    if t in VAGUE:
        return VAGUE[t]
    base, scale = t.rsplit(" ", 1)
    lo, hi = VAGUE[base]
    return lo * SCALES[scale], hi * SCALES[scale]


def _time_spans(doc) -> list[tuple[int, int]]:
    from .times import _candidates
    spans = [(s, e) for s, e, name, _, _ in _candidates(doc_text(doc)) if name not in ("now", "set")]
    # spaCy's small model also tags "between 20 and 30" as DATE: trust its DATE/TIME only with a time word in it
    spans += [(e.start_char, e.end_char) for e in doc.ents
              if e.label_ == "ORDINAL" or (e.label_ in ("DATE", "TIME") and _TIMEWORD.search(e.text))
              or e.label_ in ("LAW", "PRODUCT", "WORK_OF_ART", "FAC", "ORG", "PERSON", "EVENT")]
    return spans


def _counted(doc, end_char: int):
    """The head noun counted by the number ending at ``end_char``: (lemma, token) or (None, None)."""
    span = doc.char_span(end_char - 1, end_char, alignment_mode="expand")
    if span is None:
        return None, None
    tok = span[-1]
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ == "of":
        pobj = [c for c in nxt.children if c.dep_ == "pobj"]
        if pobj and pobj[0].pos_ in ("NOUN", "PROPN"):
            return pobj[0], pobj[0]
        for t in doc[nxt.i + 1: nxt.i + 6]:
            if t.pos_ == "NOUN" and not (t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "NOUN"):
                return t, t
        return None, None
    head = tok.head
    if head.pos_ == "NOUN" and tok.i < head.i <= tok.i + 5 and tok.dep_ in ("nummod", "quantmod", "compound", "amod",
                                                                           "nmod", "nsubj", "npadvmod"):
        return head, head
    for t in doc[tok.i + 1: tok.i + 5]:
        if t.pos_ in ("ADJ", "PROPN") or (t.pos_ == "NOUN" and t.dep_ == "compound") or t.is_punct and t.text == "-":
            continue
        if t.pos_ == "NOUN":
            return t, t
        break
    return None, None


def extract_quantities(doc, report_id: str) -> list[Quantity]:
    """Counts and measures in ``doc`` as Quantity intervals, sorted by span start."""
    text = doc_text(doc)
    blocked = _time_spans(doc)
    out: list[Quantity] = []
    for m in _PATTERN.finditer(text):
        s, e = m.span()
        num_s = m.start("cur") if m.group("cur") else min(x for x in (m.start("a"), m.start("a2"), m.start("r1"),
                                                                           m.start("vague"), m.start("core"))
                                                           if x >= 0)
        num_e = m.end("pct") if m.group("pct") else max(m.end("b"), m.end("b2"), m.end("r2"), m.end("vague"),
                                                          m.end("core"))
        if any(bs < num_e and num_s < be for bs, be in blocked):
            continue
        after, before = text[num_e:num_e + 12], text[max(0, s - 8):s]
        if _NOT_COUNT_AFTER.match(after) or _NOT_COUNT_BEFORE.search(before):
            continue
        if _AGE_APPOSITION.search(text[max(0, s - 30):s]) and re.match(r"\s?,", after) and m.group("core") \
                and re.fullmatch(r"\d{1,3}", m.group("core")):
            continue        # "Robert Buckley, 32, died": an age, not a count
        core = m.group("core")
        hedge_word = (m.group("hedge") or "").lower()
        hedge_word = re.sub(r"\s+", " ", hedge_word)
        hedge = HEDGES.get(hedge_word, "exact")
        unit = None
        if m.group("cur"):
            unit = CURRENCY.get(m.group("cur").strip().lower())
        if m.group("pct"):
            unit = "%"
        approx = hedge == "approx"
        if m.group("vague"):
            lo, hi = _vague_interval(m.group("vague"))
            low, high = float(lo), float(hi)
            hedge = {"at_least": "at_least", "more_than": "more_than"}.get(hedge, "vague")
            if hedge != "vague":
                high = None
            approx = False
        elif m.group("a") or m.group("a2") or m.group("r1"):
            a = parse_number(m.group("a") or m.group("a2") or m.group("r1"))
            b = parse_number(m.group("b") or m.group("b2") or m.group("r2"))
            if a is None or b is None or b <= a:
                continue
            low, high, hedge = a, b, "range"
        else:
            n = parse_number(core)
            if n is None:
                continue
            if core.strip().lower() == "one" and not hedge_word:
                tok_span = doc.char_span(num_s, num_e, alignment_mode="expand")
                if tok_span is None or tok_span[-1].dep_ != "nummod":
                    continue
            if re.fullmatch(r"(?:1[6-9]|20)\d\d", core) and not hedge_word and not unit:
                continue        # a year outside any date expression ("in 2011"), not a count
            low, high = n, n
            if hedge in ("at_least", "more_than"):
                high = None
            elif hedge in ("less_than", "at_most"):
                low = None
            elif hedge == "exact" and (tail := _OPEN_AFTER.match(text, num_e)):
                hedge = "at_least" if tail.group("up") else "at_most"
                low, high = (n, None) if tail.group("up") else (None, n)
                num_e = tail.end()
        unit_m = _UNIT_AFTER.match(text, num_e)
        if unit_m and not m.group("pct"):
            unit = unit or UNITS.get(unit_m.group(1).lower().rstrip("s") if unit_m.group(1).lower() not in UNITS
                                     else unit_m.group(1).lower())
            num_e = unit_m.end()
            tok = None
        else:
            tok, head = _counted(doc, num_e) if not m.group("pct") else (None, None)
        counted = counted_span = None
        if tok is not None:
            lemma = tok.lemma_.lower()
            if lemma in UNITS or tok.lower_ in UNITS:
                unit = unit or UNITS.get(lemma, UNITS.get(tok.lower_))
            else:
                counted, counted_span = lemma, Span(report_id, tok.idx, tok.idx + len(tok.text))
        elif unit is None and (crowd := _PEOPLE_BEFORE.search(text, max(0, s - 40), s)):
            counted = "people"
            counted_span = Span(report_id, crowd.start("noun"), crowd.end("noun"))
        if unit is None:
            prev = re.search(r"magnitude(?:\s(?:of|at|was|is|put at))?[- ]?$", text[max(0, num_s - 20):num_s], re.I)
            if prev or re.match(r"-strength\b", text[num_e:num_e + 10], re.I):
                unit = "magnitude"
        if counted is None and unit is None and not m.group("vague") and not hedge_word:
            # a bare number with nothing counted: an identifier, a score or a page number more often than a count
            prev = doc.char_span(num_s, num_e, alignment_mode="expand")
            if prev is not None and prev[0].i > 0 and doc[prev[0].i - 1].pos_ == "PROPN":
                continue
        span_start = s
        out.append(Quantity(span=Span(report_id, span_start, num_e), text=text[span_start:num_e], low=low,
                            high=high, approx=approx, hedge=hedge, counted=counted, counted_span=counted_span,
                            unit=unit, value_text=text[num_s:num_e]))
    for m in _FRACTION_DISTANCE.finditer(text):
        s, e = m.span()
        if any(q.span.start < e and s < q.span.end for q in out) or any(bs < e and s < be for bs, be in blocked):
            continue
        n = _FRACTIONS[re.sub(r"\s+", " ", m.group("num").lower())] + (0.5 if m.group("half") else 0.0)
        if n == 1.0 and not m.group("hedge"):
            continue        # a bare "a mile" is as often a manner of speaking ("a mile-long queue", "by a mile")
        hedge = HEDGES.get(re.sub(r"\s+", " ", (m.group("hedge") or "").lower()), "exact")
        low, high = n, n
        if hedge in ("at_least", "more_than"):
            high = None
        elif hedge in ("less_than", "at_most"):
            low = None
        out.append(Quantity(span=Span(report_id, s, e), text=text[s:e], low=low, high=high,
                            approx=hedge == "approx", hedge=hedge, counted=None, counted_span=None,
                            unit="km" if m.group("unit").lower().startswith("kilomet") else "mi",
                            value_text=text[m.start("num"):e]))
    out.sort(key=lambda q: (q.span.start, q.span.end))
    return out
