"""Cross-report entities: one entity per real person / group / place, with every mention.

Canonical names from each report are merged when they name the same thing up to articles and transliteration
("Bashar al-Assad" / "Bashar Assad", "Abbas Araghchi" / "Abbas Araqchi"); places also merge when the gazetteer
resolved them to the same entry ("Bou Kamal" / "Albukamal").
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from typing import Sequence

import re

import numpy as np
from rapidfuzz import fuzz

from ..analyze.names import name_tokens, names_match, same_token, translit_key
from ..model import Analysis, Entity, Mention, Span

KIND = {"PERSON": "person", "ORG": "organization", "NORP": "group", "GPE": "place", "LOC": "place",
        "FAC": "place", "EVENT": "event"}


# Common English nicknames, so that "Bill Hakim" and "William Hakim" can be one person.
NICKNAMES = {
    "bill": "william", "billy": "william", "will": "william", "bob": "robert", "bobby": "robert", "rob": "robert",
    "jim": "james", "jimmy": "james", "mike": "michael", "tom": "thomas", "tommy": "thomas", "dick": "richard",
    "rick": "richard", "joe": "joseph", "dave": "david", "dan": "daniel", "danny": "daniel", "chris": "christopher",
    "tony": "anthony", "sandi": "sandra", "sandy": "sandra", "liz": "elizabeth", "beth": "elizabeth",
    "kate": "katherine", "katie": "katherine", "andy": "andrew", "steve": "steven", "ed": "edward", "ted": "edward",
    "jerry": "gerald", "larry": "lawrence", "pete": "peter", "sam": "samuel", "ben": "benjamin", "matt": "matthew",
    "nick": "nicholas", "alex": "alexander", "jack": "john", "hank": "henry", "fred": "frederick", "al": "albert",
    "greg": "gregory", "jeff": "jeffrey", "ken": "kenneth", "ron": "ronald", "don": "donald", "pat": "patrick",
    "charlie": "charles", "chuck": "charles", "jenny": "jennifer", "sue": "susan", "peggy": "margaret",
    "maggie": "margaret", "debbie": "deborah", "becky": "rebecca", "cathy": "catherine", "mo": "maurice",
}


_EXPAND = [(re.compile(r"\bU\.?\s?S\.?(?=\s|$)"), "United States"), (re.compile(r"\bU\.?\s?K\.?(?=\s|$)"), "United Kingdom"),
           (re.compile(r"\bMt\.?(?=\s)"), "Mount"), (re.compile(r"/"), " ")]
_MINOR = {"of", "the", "and", "for", "de", "la", "on", "in"}


def _expanded(name: str) -> str:
    for rx, full in _EXPAND:
        name = rx.sub(full, name)
    return re.sub(r"\s+", " ", name).strip()


def is_acronym_of(short: str, long_: str) -> bool:
    """'USGS' for 'United States Geological Survey', 'OSP' for 'Oregon State Police'."""
    s = short.replace(".", "").replace(" ", "")
    if not (2 <= len(s) <= 6 and s.isupper()):
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", _expanded(long_)) if w.lower() not in _MINOR]
    return len(words) == len(s) and "".join(w[0].upper() for w in words) == s


def same_name(a: str, b: str) -> bool:
    """``names_match``, also when the given names are a nickname and its full form, for 'U.S.' against 'United
    States', and for an acronym against the name it stands for."""
    if names_match(a, b):
        return True
    ea, eb = _expanded(a), _expanded(b)
    if (ea, eb) != (a, b) and names_match(ea, eb):
        return True
    if is_acronym_of(a, b) or is_acronym_of(b, a):
        return True
    ta, tb = name_tokens(a), name_tokens(b)
    if len(ta) < 2 or len(tb) < 2:
        return False
    fa = [NICKNAMES.get(t, t) for t in ta]
    fb = [NICKNAMES.get(t, t) for t in tb]
    return (fa, fb) != (ta, tb) and names_match(" ".join(fa), " ".join(fb))


def _variants(name: str) -> list[tuple[str, ...]]:
    """The token lists ``same_name`` compares for a name: as written, expanded ('U.S.'), nicknames folded."""
    toks = tuple(name_tokens(name))
    out = {toks, tuple(name_tokens(_expanded(name)))}
    if len(toks) >= 2:
        out.add(tuple(name_tokens(" ".join(NICKNAMES.get(t, t) for t in toks))))
    return [v for v in out if v]


def _initials(name: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", _expanded(name)) if w.lower() not in _MINOR]
    return "".join(w[0].upper() for w in words)


def candidate_name_pairs(names: Sequence[str]) -> set[tuple[str, str]]:
    """Every pair of distinct names for which ``same_name`` can be true (a superset; sorted within a pair).

    ``names_match`` needs the last tokens, or all tokens run together, to be the same token up to
    transliteration (equal, equal transliteration keys, or a fuzzy ratio of 88 or more); ``same_name`` adds the
    expanded and nickname-folded forms of the names and acronyms. Each of those is an index lookup, and the
    fuzzy ratios are computed all against all at once by rapidfuzz."""
    from rapidfuzz import process
    keys_of: dict[str, set[str]] = defaultdict(set)      # a comparable string -> names it comes from
    for n in names:
        for v in _variants(n):
            for s in {v[-1], "".join(v)}:
                keys_of[s].add(n)
    out: set[tuple[str, str]] = set()

    def add_group(group) -> None:
        group = sorted(group)
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                out.add((a, b))

    for group in keys_of.values():
        if len(group) > 1:
            add_group(group)
    long_ = [s for s in keys_of if len(s) >= 4]
    by_translit: dict[str, set[str]] = defaultdict(set)
    for s in long_:
        by_translit[translit_key(s)] |= keys_of[s]
    for group in by_translit.values():
        if len(group) > 1:
            add_group(group)
    if len(long_) > 1:
        scores = process.cdist(long_, long_, scorer=fuzz.ratio, score_cutoff=88, dtype=np.uint8, workers=1)
        for i, j in zip(*np.nonzero(scores)):
            if i < j:
                add_group(keys_of[long_[i]] | keys_of[long_[j]])
    by_initials: dict[str, set[str]] = defaultdict(set)
    for n in names:
        by_initials[_initials(n)].add(n)
    for n in names:
        short = n.replace(".", "").replace(" ", "")
        if 2 <= len(short) <= 6 and short.isupper():
            for m in by_initials.get(short, ()):
                if m != n:
                    out.add((min(n, m), max(n, m)))
    return out


# Capitalised name sequences ("Heydar Alishbandi", "Mehdi iran-Nejad", "Mr Alishbandi") to look for the names
# of the story's people in reports where the tagger missed them.
_NAME_SEQ = re.compile(r"\b[A-Z][a-z]+(?:[ -](?:[A-Z][\w'’]+|[a-z]+-[A-Z][\w'’]+))+")


def _propagate(analyses: Sequence[Analysis], entities: list[Entity]) -> list[Entity]:
    """Add mentions of a person named in two or more words in one report wherever another report writes the
    same name (up to transliteration) and the tagger did not mark it: one entity, every mention."""
    people = [e for e in entities if e.kind == "person" and len(name_tokens(e.name)) >= 2]
    if not people:
        return entities
    extra: dict[str, list[Mention]] = {e.id: [] for e in people}
    people_toks = [(e, name_tokens(e.name)[-1], "".join(name_tokens(e.name))) for e in people]
    for a in analyses:
        covered = [m.span for m in a.mentions]
        removed = [r.span for r in a.report.removed]
        for m in _NAME_SEQ.finditer(a.report.text):
            span = Span(a.report.id, m.start(), m.end())
            # a tagged mention that covers the sequence wins; a shorter one inside it ("Mehdi" as ORG) does not
            if any(c.start <= span.start and span.end <= c.end for c in covered) or any(
                    span.overlaps(r) for r in removed):
                continue
            text = m.group(0)
            toks = name_tokens(text)
            titled = len(toks) == 1 and len(name_tokens(text, drop_titles=False)) == 2 and len(toks[0]) >= 5
            if len(toks) < 2 and not titled:
                continue
            # the cheap token test first: it rules out nearly every person
            joined = "".join(toks)
            hits = [e for e, last, whole in people_toks if (same_token(toks[-1], last) or same_token(joined, whole))
                    and (titled or same_name(text, e.name))]
            if len(hits) == 1:
                e = hits[0]
                extra[e.id].append(Mention(span, text, "PERSON", e.name))
    out = []
    for e in entities:
        more = extra.get(e.id)
        if more:
            mentions = tuple(sorted(e.mentions + tuple(more), key=lambda m: (m.span.report, m.span.start)))
            e = Entity(e.id, e.name, e.kind, mentions)
        out.append(e)
    return out


def _family(label: str) -> str:
    return {"GPE": "place", "LOC": "place", "FAC": "place", "NORP": "norp"}.get(label, "actor")


def link_entities(analyses: Sequence[Analysis]) -> list[Entity]:
    # Group mentions by (report, canonical) first: within-report resolution already merged those.
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    place_key: dict[tuple[str, str], str] = {}
    for a in analyses:
        for m in a.mentions:
            groups[(a.report.id, m.canonical)].append(m)
        for p in a.places:
            if p.resolved and p.gazetteer_id:
                for m in a.mentions:
                    if m.span.overlaps(p.span):
                        place_key[(a.report.id, m.canonical)] = p.gazetteer_id
    keys = sorted(groups, key=lambda k: (-len(k[1]), k))
    parent = {k: k for k in keys}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    norp = {k: _family(Counter(m.label for m in groups[k]).most_common(1)[0][0]) == "norp" for k in keys}
    name_pairs: dict[tuple[str, str], bool] = {}

    def names_same(a: str, b: str) -> bool:
        key = (a, b) if a <= b else (b, a)
        if key not in name_pairs:
            name_pairs[key] = a == b or same_name(a, b)
        return name_pairs[key]

    def union(k1, k2):
        r1, r2 = find(k1), find(k2)
        if r1 != r2:
            parent[r2] = r1

    # Two mentions are one entity when their places resolve to one gazetteer entry, or (when not both are
    # resolved places) their names match. The result is the connected components of that relation, so only
    # pairs that can match are looked at: comparing every name with every other grows with the square of a
    # story's names (50 reports: over half a million pairs, seconds of work).
    by_place: dict[tuple[str, bool], list] = defaultdict(list)
    for k in keys:
        if k in place_key:
            by_place[(place_key[k], norp[k])].append(k)
    for ks in by_place.values():
        for k in ks[1:]:
            union(ks[0], k)
    by_name: dict[str, list] = defaultdict(list)
    for k in keys:
        by_name[k[1]].append(k)
    pairs = [(n, n) for n in by_name] + sorted(candidate_name_pairs(list(by_name)))
    for n1, n2 in pairs:
        if not names_same(n1, n2):
            continue
        for k1 in by_name[n1]:
            for k2 in by_name[n2]:
                if k1 != k2 and norp[k1] == norp[k2] and not (k1 in place_key and k2 in place_key):
                    union(k1, k2)
    clusters: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for k in keys:
        clusters[find(k)].append(k)
    entities = []
    for members in clusters.values():
        mentions = sorted((m for k in members for m in groups[k]), key=lambda m: (m.span.report, m.span.start))
        names = Counter(k[1] for k in members)
        name = max(names, key=lambda n: (len(n.split()), names[n], -len(n), n))
        labels = Counter(m.label for m in mentions)
        kind = KIND.get(labels.most_common(1)[0][0], "other")
        eid = "e" + hashlib.sha1(f"{kind}:{name}".encode()).hexdigest()[:10]
        entities.append(Entity(eid, name, kind, tuple(mentions)))
    entities = _propagate(analyses, entities)
    entities.sort(key=lambda e: (-len({m.span.report for m in e.mentions}), -len(e.mentions), e.name))
    return entities
