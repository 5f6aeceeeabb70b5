"""Toponyms in a report, resolved against the offline gazetteer with the report's own country context.

Detection: entities labelled GPE/LOC/FAC, plus names the small model misses or mislabels ("Aleppo" as NORP or
PERSON, "Bou Kamal" as ORG) when the gazetteer knows them and the context says place ("city of X", "in X",
"X province", "X border crossing"). Demonyms ("Syrian") are never places but count as country context.

Resolution: exact gazetteer names first, transliteration matches (Bou Kamal ~ Abu Kamal) when there is no exact
one; candidates in countries the report names win, then places near the report's other unambiguous places, then
population and kind. A toponym with no acceptable candidate is kept as ``Place(resolved=False)``; nothing is
guessed silently. One sense per name per report.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

from ..model import Place, Span
from .nlp import doc_text
from .gazetteer import (DEMONYMS, REGION_DEMONYMS, STATE_ABBREVIATIONS, Candidate, Gazetteer, fold,
                        get_gazetteer)

PLACE_LABELS = ("GPE", "LOC", "FAC")
OTHER_LABELS = ("PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT")

ADMIN_WORDS = frozenset({"province", "governorate", "state", "region", "district", "county", "oblast",
                         "prefecture", "department", "provinces", "governorates"})
CITY_WORDS = frozenset({"city", "town", "village", "municipality"})
AFTER_CUES = ADMIN_WORDS | CITY_WORDS | frozenset({"border", "crossing", "countryside", "area", "airport",
                                                   "suburb", "suburbs", "outskirts", "region", "valley"})
OF_CUES = frozenset({"city", "town", "village", "province", "governorate", "region", "district", "state",
                     "suburb", "outskirts", "countryside", "capital", "port", "county"})
LOCATIVE_PREPS = frozenset({"in", "near", "outside", "from", "into", "to", "across", "around", "at", "toward",
                            "towards", "via", "through", "inside", "between", "north", "south", "east", "west"})
_CONNECTORS = frozenset({"al", "el", "ad", "ed", "as", "es", "ash", "ar", "az", "ez", "at", "an", "en", "de",
                         "del", "da", "do", "di", "la", "le", "les", "los", "of", "upon", "on", "sur", "bin", "ibn"})
_TRAIL = re.compile(r"(?:['’]s|['’])$")
_LEAD = re.compile(r"^(?:the|The|THE)\s+")
_COMMON_WORD_ZIPF = 4.0
_NOT_PLACES = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                         "january", "february", "march", "april", "may", "june", "july", "august", "september",
                         "october", "november", "december", "god", "allah", "christmas", "easter", "ramadan",
                         "eid", "internet", "web", "twitter", "facebook", "congress", "parliament", "senate",
                         "army", "police", "government", "president", "minister", "king", "queen", "prince"})


def _common(word: str) -> bool:
    if fold(word) in _NOT_PLACES:
        return True
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        return False
    return zipf_frequency(word.lower(), "en") >= _COMMON_WORD_ZIPF


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(min(1.0, math.sqrt(a)))


# ---------------------------------------------------------------------------------------------- resolution

@dataclass
class Context:
    """What a report says about where it is: countries named (with counts) and anchor points."""
    countries: Counter
    points: list[tuple[float, float]]

    @classmethod
    def empty(cls) -> "Context":
        return cls(Counter(), [])


def _kind_prior(c: Candidate, hint: Optional[str]) -> float:
    if hint == "admin1":
        return {"admin1": 2.5, "city": 0.5}.get(c.kind, 0.0)
    if hint == "city":
        return {"city": 2.0}.get(c.kind, -1.0)
    return {"country": 2.0, "region": 1.0, "admin1": -1.0, "city": 0.0}[c.kind]


def score(c: Candidate, ctx: Context, hint: Optional[str] = None, similarity: float = 1.0) -> float:
    s = math.log10(max(c.population, 1)) + _kind_prior(c, hint)
    if c.country and ctx.countries.get(c.country):
        s += 3.0 + min(ctx.countries[c.country], 5) * 0.3
    if ctx.points and c.kind in ("city", "admin1"):
        d = min(km(c.lat, c.lon, la, lo) for la, lo in ctx.points)
        s += 2.5 if d < 150 else 1.5 if d < 400 else 0.0
    if not c.exact:
        s -= 2.0
    return s


def _seat(c: Candidate, gaz: Gazetteer) -> Candidate:
    """A first-level division named after its capital ("Hama province") is placed at that capital: a centroid
    can lie 50 km from where the news happens. The candidate stays an admin1 with its own id."""
    if c.kind != "admin1":
        return c
    best = None
    for o in gaz.lookup(c.name, fuzzy=False):
        if o.kind == "city" and o.country == c.country and km(o.lat, o.lon, c.lat, c.lon) < 200:
            if best is None or o.population > best.population:
                best = o
    if best is None or best.population < 20_000:
        return c
    return Candidate(c.name, best.lat, best.lon, c.country, c.kind, c.population, c.id, c.exact)


def candidates_for(name: str, gaz: Gazetteer) -> list[Candidate]:
    """Exact candidates, or transliteration candidates when there is no exact one."""
    found = gaz.lookup(name)
    exact = [c for c in found if c.exact]
    return exact or found


def resolve_name(name: str, context_countries: Iterable[str] = (), context_points: Sequence = (),
                 kind_hint: Optional[str] = None, gazetteer: Optional[Gazetteer] = None,
                 context: Optional[Context] = None) -> Optional[Candidate]:
    """The best gazetteer candidate for a toponym ``name`` (None when there is none).

    ``context_countries``: ISO-2 codes of countries the surrounding text names (repeat a code to weigh it);
    ``context_points``: (lat, lon) of places already resolved nearby; ``kind_hint``: "city" or "admin1" when
    the text says so ("city of X", "X province")."""
    gaz = gazetteer or get_gazetteer()
    if context is None:
        context = Context(Counter(c for c in context_countries if c), list(context_points))
    clean = _clean(name)
    if not clean:
        return None
    key = fold(clean)
    if DEMONYMS.get(key):
        cands = [c for c in gaz.lookup(_country_name(DEMONYMS[key], gaz), fuzzy=False) if c.kind == "country"]
        return cands[0] if cands else None
    if key in REGION_DEMONYMS:
        cands = [c for c in gaz.lookup(REGION_DEMONYMS[key], fuzzy=False) if c.kind == "region"]
        return cands[0] if cands else None
    if clean in STATE_ABBREVIATIONS or clean + "." in STATE_ABBREVIATIONS:
        full = STATE_ABBREVIATIONS.get(clean) or STATE_ABBREVIATIONS[clean + "."]
        cands = [c for c in gaz.lookup(full, fuzzy=False) if c.kind == "admin1"]
        return cands[0] if cands else None
    cands = candidates_for(clean, gaz)
    if not cands:
        cands, kind_hint = _inner_candidates(clean, gaz, kind_hint)
    if not cands:
        return None
    best = max(cands, key=lambda c: (score(c, context, kind_hint), c.id))
    return _seat(best, gaz)


_ADMIN_SUFFIX = re.compile(r"\s+(?:County|Parish|Province|Governorate|District|Region|Oblast|Prefecture|"
                           r"Municipality|Borough|Township|State)$", re.I)


def _inner_candidates(name: str, gaz: Gazetteer, hint: Optional[str]) -> tuple[list[Candidate], Optional[str]]:
    """For a name the gazetteer lacks: the name without its admin suffix ("Orange County" -> Orange, as an
    admin1 when the gazetteer has one), else the longest capitalised toponym inside it ("Dubai World Cup" ->
    Dubai, "University of Arizona" -> Arizona). Countries and regions are not taken from inside names."""
    m = _ADMIN_SUFFIX.search(name)
    if m:
        inner = name[: m.start()]
        cands = [c for c in gaz.lookup(inner, fuzzy=False) if c.kind in ("admin1", "city")]
        if cands:
            return cands, "admin1"
    words = name.split()
    for n in range(len(words) - 1, 0, -1):
        for i in range(0, len(words) - n + 1):
            part = " ".join(words[i:i + n])
            if not part[:1].isupper() or not part[-1:].isalpha() or _common(part) or \
                    all(_common(w) for w in part.split()):
                continue
            cands = [c for c in gaz.lookup(part, fuzzy=False) if c.kind in ("admin1", "city")]
            if cands:
                return cands, hint
    return [], hint


_COUNTRY_NAMES: dict[str, str] = {}


def _country_name(iso: str, gaz: Gazetteer) -> str:
    if not _COUNTRY_NAMES:
        for row in gaz.rows:
            if row[4] == "country":
                _COUNTRY_NAMES[row[3]] = row[0]
    return _COUNTRY_NAMES.get(iso, iso)


def _clean(text: str) -> str:
    t = _LEAD.sub("", text.strip())
    t = _TRAIL.sub("", t).strip(" ,.;:-\n\t\"“”")
    return t


# ---------------------------------------------------------------------------------------------- detection

@dataclass
class Mention:
    start: int          # character offsets of the toponym text
    end: int
    text: str
    hint: Optional[str]
    source: str         # "ent" (a place entity), "mislabelled", "gazetteer"
    strong_cue: bool


def _cues(doc, start_tok: int, end_tok: int) -> tuple[Optional[str], bool, bool, int]:
    """(kind hint, strong cue, weak cue, end token including a trailing admin/city word)."""
    hint, strong, weak, new_end = None, False, False, end_tok
    if end_tok < len(doc):
        nxt = doc[end_tok].lower_
        if nxt in AFTER_CUES:
            strong = True
            if nxt in ADMIN_WORDS:
                hint, new_end = "admin1", end_tok + 1
            elif nxt in CITY_WORDS:
                hint = "city"
    if start_tok >= 2 and doc[start_tok - 1].lower_ == "of" and doc[start_tok - 2].lower_ in OF_CUES:
        strong = True
        w = doc[start_tok - 2].lower_
        hint = hint or ("city" if w in CITY_WORDS or w in ("capital", "port", "suburb") else
                        "admin1" if w in ADMIN_WORDS else None)
    if start_tok >= 1 and doc[start_tok - 1].lower_ in LOCATIVE_PREPS:
        weak = True
    return hint, strong, weak, new_end


def _strip_span(doc, start: int, end: int) -> tuple[int, int]:
    while start < end and doc[start].lower_ in ("the",):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s", "'", "’")):
        end -= 1
    return start, end


def _capitalised_runs(doc, taken: list[bool]) -> Iterable[tuple[int, int]]:
    """Maximal runs of capitalised tokens (with al-/de/of connectors and hyphens inside) not already taken."""
    i, n = 0, len(doc)
    while i < n:
        t = doc[i]
        if taken[i] or not t.text[:1].isupper() or t.is_punct:
            i += 1
            continue
        j = i + 1
        while j < n and not taken[j]:
            u = doc[j]
            if u.text[:1].isupper() and not u.is_punct:
                j += 1
            elif (u.text in ("-", "‐") or u.lower_ in _CONNECTORS) and j + 1 < n and not taken[j + 1] \
                    and doc[j + 1].text[:1].isupper():
                j += 2
            else:
                break
        yield i, j
        i = j


def _gazetteer_subspans(doc, start: int, end: int, gaz: Gazetteer) -> Iterable[tuple[int, int]]:
    """Longest gazetteer (exact) matches inside tokens start..end, left to right, up to 5 tokens."""
    i = start
    while i < end:
        for j in range(min(end, i + 5), i, -1):
            text = doc[i:j].text
            if doc[i].text[:1].isupper() and doc[j - 1].text[:1].isupper() and gaz.exact.get(fold(text)) is not None:
                yield i, j
                i = j
                break
        else:
            i += 1


def detect(doc, gaz: Gazetteer) -> list[Mention]:
    out: list[Mention] = []
    taken = [False] * len(doc)
    # Words of names the model calls people: a place entity made of them that no gazetteer knows is a person
    # mislabelled ("Araghchi meeting with Assad" -> GPE).
    person_words = {fold(t.text) for ent in doc.ents if ent.label_ == "PERSON" for t in ent}
    for ent in doc.ents:
        s, e = _strip_span(doc, ent.start, ent.end)
        if s >= e:
            continue
        text = doc[s:e].text
        if ent.label_ in PLACE_LABELS:
            if fold(text) in DEMONYMS:
                continue
            if all(fold(t.text) in person_words for t in doc[s:e]) and not gaz.lookup(text, fuzzy=False):
                continue
            hint, strong, _weak, e2 = _cues(doc, s, e)
            span = doc[s:e2]
            out.append(Mention(span.start_char, span.end_char, text, hint, "ent", strong))
        elif ent.label_ in OTHER_LABELS:
            m = _mislabelled(doc, s, e, ent.label_, gaz)
            if m:
                out.append(m)
        for k in range(ent.start, ent.end):
            taken[k] = True
    for s, e in _capitalised_runs(doc, taken):
        found = False
        for a, b in _gazetteer_subspans(doc, s, e, gaz):
            m = _unlabelled(doc, a, b, gaz)
            if m:
                out.append(m)
                found = True
        if not found:       # a spelling only the transliteration index knows, where the context says place
            m = _unlabelled(doc, s, e, gaz, fuzzy=True)
            if m:
                out.append(m)
    out.sort(key=lambda m: (m.start, m.end))
    return out


def _mislabelled(doc, s: int, e: int, label: str, gaz: Gazetteer) -> Optional[Mention]:
    """A PERSON/ORG/NORP entity that is really a place: the whole name is in the gazetteer and the context
    says place (NORP: a big enough place is enough, demonyms excluded)."""
    text = doc[s:e].text
    if fold(text) in DEMONYMS or (e - s == 1 and _common(text)):
        return None
    cands = candidates_for(text, gaz)
    if not cands:
        return None
    hint, strong, weak, e2 = _cues(doc, s, e)
    biggest = max(c.population for c in cands)
    exact = any(c.exact for c in cands)
    ok = strong or (exact and weak and biggest >= 100_000) or \
        (label == "NORP" and exact and biggest >= 100_000)
    if not ok:
        return None
    span = doc[s:e2]
    return Mention(span.start_char, span.end_char, text, hint, "mislabelled", strong)


def _unlabelled(doc, s: int, e: int, gaz: Gazetteer, fuzzy: bool = False) -> Optional[Mention]:
    """A capitalised name outside any entity that the gazetteer knows: kept when it is not a common word
    and either the context says place or the place is large (country, division, city of 100,000+)."""
    text = doc[s:e].text
    if fold(text) in DEMONYMS:
        return None
    words = [t.text for t in doc[s:e] if t.text[:1].isupper()]
    if all(_common(w) for w in words):
        return None
    hint, strong, weak, e2 = _cues(doc, s, e)
    if fuzzy and not strong:
        return None
    cands = candidates_for(text, gaz) if fuzzy else gaz.lookup(text, fuzzy=False)
    if not cands:
        return None
    big = any(c.kind in ("country", "region") or (c.kind == "city" and c.population >= 100_000) for c in cands)
    if not (strong or (weak and (big or any(c.kind == "admin1" for c in cands))) or (big and e - s > 1)):
        return None
    span = doc[s:e2]
    return Mention(span.start_char, span.end_char, text, hint, "gazetteer", strong)


# ---------------------------------------------------------------------------------------------- the stage

def report_context(doc, mentions: Sequence[Mention], gaz: Gazetteer) -> Context:
    """Countries the report names (as places or as demonyms)."""
    ctx = Context.empty()
    for m in mentions:
        for c in gaz.lookup(_clean(m.text), fuzzy=False):
            if c.kind == "country":
                ctx.countries[c.country] += 1
                break
    for ent in doc.ents:
        if ent.label_ in ("NORP", "GPE"):
            iso = DEMONYMS.get(fold(_clean(ent.text)))
            if iso:
                ctx.countries[iso] += 1
    return ctx


def resolve_span(doc, start: int, end: int, ctx: Context, gazetteer: Optional[Gazetteer] = None
                 ) -> Optional[Candidate]:
    """Resolve the toponym at characters ``start..end`` of ``doc`` (e.g. a gold span) with the report context
    from :func:`document_context`; cue words around it ("X province", "city of X") are read from ``doc``."""
    gaz = gazetteer or get_gazetteer()
    span = doc.char_span(start, end, alignment_mode="expand")
    hint = None
    if span is not None:
        hint = _cues(doc, span.start, span.end)[0]
    return resolve_name(doc_text(doc)[start:end], kind_hint=hint, gazetteer=gaz, context=ctx)


def document_context(doc, gazetteer: Optional[Gazetteer] = None, mentions: Optional[list[Mention]] = None
                     ) -> Context:
    """Countries the report names and the points of its unambiguous places."""
    gaz = gazetteer or get_gazetteer()
    mentions = detect(doc, gaz) if mentions is None else mentions
    ctx = report_context(doc, mentions, gaz)
    # a first-level division named without ambiguity ("Kentucky", "Ky.", "Alberta") says which country the
    # report is in, even when the report never names the country itself (local news)
    implicit = Counter()
    for m in mentions:
        clean = _clean(m.text)
        full = STATE_ABBREVIATIONS.get(clean) or STATE_ABBREVIATIONS.get(clean + ".")
        found = gaz.lookup(full or clean, fuzzy=False)
        cands = [c for c in found if c.kind in ("admin1", "country")]
        big_city = any(c.kind == "city" and c.population >= 100_000 for c in found)
        if len(cands) == 1 and cands[0].kind == "admin1" and cands[0].country and (full or not big_city):
            implicit[cands[0].country] += 1
    for iso, n in implicit.items():
        if not ctx.countries.get(iso):
            ctx.countries[iso] += min(n, 2)
    seen = set()
    for m in mentions:
        key = fold(_clean(m.text))
        if key in seen:
            continue
        seen.add(key)
        cands = candidates_for(key, gaz)
        if len(cands) == 1 and cands[0].kind in ("city", "admin1"):
            c = _seat(cands[0], gaz)
            ctx.points.append((c.lat, c.lon))
        elif cands:     # a state or province the report names ("Kentucky") anchors its towns
            c = resolve_name(key, gazetteer=gaz, context=Context(ctx.countries, []))
            if c is not None and c.kind == "admin1" and c.country and ctx.countries.get(c.country):
                ctx.points.append((c.lat, c.lon))
    return ctx


def resolve_places(doc, report_id: str, gazetteer: Optional[Gazetteer] = None) -> list[Place]:
    """Places named in ``doc`` with coordinates; unresolved toponyms kept with ``resolved=False``."""
    gaz = gazetteer or get_gazetteer()
    mentions = detect(doc, gaz)
    ctx = document_context(doc, gaz, mentions)
    hints: dict[str, Optional[str]] = {}
    for m in mentions:      # one sense per name per report; a cue anywhere ("Hama province") counts
        key = fold(_clean(m.text))
        if m.hint or key not in hints:
            hints[key] = m.hint or hints.get(key)
    chosen = {k: resolve_name(k, kind_hint=h, gazetteer=gaz, context=ctx) for k, h in hints.items()}
    places: list[Place] = []
    full = doc_text(doc)     # once: Doc.text re-joins every token on each access
    for m in mentions:
        c = chosen.get(fold(_clean(m.text)))
        span = Span(report_id, m.start, m.end)
        text = full[m.start:m.end]
        if c is None:
            places.append(Place(span=span, text=text, name=None, lat=None, lon=None, resolved=False))
        else:
            places.append(Place(span=span, text=text, name=c.name, lat=round(c.lat, 5), lon=round(c.lon, 5),
                                country=c.country, kind=c.kind, gazetteer_id=c.id))
    return places
