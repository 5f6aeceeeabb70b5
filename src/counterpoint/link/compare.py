"""The comparison: align claims across reports, compare their slots with typed rules, and write findings.

Findings: agreement (the same fact, compatible), conflict (the same fact, incompatible values), partial
(compatible at different precision, or only partly overlapping), unique (a claim only one report makes), and
relation conflicts (an actor counted on both sides). Every finding names the rule that fired, in words, and
carries evidence spans in every report involved.
"""
from __future__ import annotations

import bisect
import dataclasses
import hashlib
import re
from collections import defaultdict
from itertools import combinations
from typing import Optional, Sequence

import numpy as np

from ..analyze.claims import LIGHT_VERBS
from ..config import Settings
from ..model import Analysis, Comparison, Evidence, Finding, FramingTerm, SlotValue, Span
from .align import ClaimRef, align
from .attributes import attribute_conflicts
from .entities import link_entities
from .facts import (_quantity_key, claim_event, describe, fact_groups, fact_name, normalised, quantity_event,
                    verdict_of)
from .origins import origin_groups, origin_key
from .relations import relation_conflicts
from .quotes import wording_conflicts
from .slots import AVOIDING, DIRECTION, OFFICIAL, compare_directions, compare_places, compare_routes

ORDER = {"conflict": 0, "partial": 1, "agreement": 2, "unique": 3}
RANK = {"conflict": 3, "partial": 2, "agree": 1}
SPEECH_ONLY = {"say", "tell", "add", "state", "note"}


def _ev(analyses: Sequence[Analysis], span: Span) -> Evidence:
    text = next(a.report.text for a in analyses if a.report.id == span.report)
    return Evidence(span, text[span.start:span.end])


def _fid(kind: str, slot: Optional[str], spans: Sequence[Span]) -> str:
    key = kind + "|" + str(slot) + "|" + ";".join(f"{s.report}:{s.start}:{s.end}" for s in sorted(spans))
    return "f" + hashlib.sha1(key.encode()).hexdigest()[:10]


def _short(text: str, n: int = 140) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


def _label(analyses: Sequence[Analysis], idx: int) -> str:
    r = analyses[idx].report
    return r.outlet or r.title or (r.path.rsplit("/", 1)[-1] if r.path else r.id)


class _Builder:
    def __init__(self, analyses: Sequence[Analysis], settings: Settings):
        self.analyses = analyses
        self.settings = settings
        self.findings: list[Finding] = []
        self.origin_of = origin_groups(analyses, settings)

    def origins(self, refs: Sequence[ClaimRef]) -> int:
        return len({origin_key(self.analyses, r, self.origin_of) for r in refs})

    def add(self, kind, slot, summary, rule, spans, values=(), refs=(), score=0.0):
        spans = [s for s in spans if s is not None]
        reports = tuple(sorted({s.report for s in spans}))
        self.findings.append(Finding(
            id=_fid(kind, slot, spans), kind=kind, slot=slot, summary=summary, rule=rule,
            evidence=tuple(_ev(self.analyses, s) for s in spans), values=tuple(values), reports=reports,
            origins=self.origins(refs) if refs else len(reports), score=round(score, 3)))


def _slot_pairs(b: _Builder, x: ClaimRef, y: ClaimRef):
    """Yield (slot, verdict, reason, span_x, span_y, value_x, value_y) for comparable slot values."""
    ax, ay = b.analyses[x.report], b.analyses[y.report]
    # places (cities, regions; countries only agree)
    # a place conflict needs the same kind of event (a movement, an attack) put in two towns
    px = [ax.places[i] for i in x.claim.places if ax.places[i].resolved and ax.places[i].kind == "city"]
    py = [ay.places[i] for i in y.claim.places if ay.places[i].resolved and ay.places[i].kind == "city"]
    same_event = claim_event(x.claim) is not None and claim_event(x.claim) == claim_event(y.claim)
    if px and py and same_event:
        results = [(compare_places(p1, p2), p1, p2) for p1 in px for p2 in py]
        agreeing = [r for r in results if r[0][0] == "agree"]
        if not agreeing:
            conflicts = [r for r in results if r[0][0] in ("conflict", "partial")]
            if conflicts and len(px) == 1 and len(py) == 1:
                (v, reason), p1, p2 = conflicts[0]
                yield ("place", v, reason, p1.span, p2.span, p1.name, p2.name, p1.text, p2.text)
    # outcome: one says it happened, the other that it did not
    # (not within quotes or questions: 'he had not served' against 'I served', quoted, is a claim about a claim)
    if x.claim.predicate == y.claim.predicate and x.claim.negated != y.claim.negated and x.claim.predicate not in (
            "be", "have") and not (x.claim.quoted or y.claim.quoted or "?" in x.claim.text + y.claim.text) \
            and not (_in_quote(ax, x.claim.predicate_span) or _in_quote(ay, y.claim.predicate_span)):
        yield ("outcome", "conflict", f"one report says \u201c{x.claim.predicate}\u201d happened, the other that it did not",
               x.claim.predicate_span, y.claim.predicate_span, x.claim.text, y.claim.text, "", "")


def _in_quote(a: Analysis, span: Optional[Span]) -> bool:
    """The words are quoted ('She claimed the shootings "didn't happen."'): someone's claim, not the report's."""
    return span is not None and any(q.direct and q.span.start <= span.start and span.end <= q.span.end
                                    for q in a.quotes)


def _misplaced_countries(b: _Builder) -> None:
    """'possibly at Djibouti in Ivory Coast': a report that puts one country inside another contradicts every
    report naming that country (Djibouti is on the Horn of Africa). Only countries: a town missing from the
    gazetteer could have been taken for a namesake elsewhere."""
    for k, a in enumerate(b.analyses):
        places = sorted((p for p in a.places if p.resolved and p.kind == "country" and p.country),
                        key=lambda p: p.span.start)
        for p, q in zip(places, places[1:]):
            between = a.report.text[p.span.end:q.span.start]
            if not re.fullmatch(r",?\s+in\s+(?:the\s+)?", between) or p.country == q.country:
                continue
            others = [(j, o) for j, oa in enumerate(b.analyses) if j != k
                      for o in oa.places if o.gazetteer_id == p.gazetteer_id]
            if not others:
                continue
            seen, spans, names = set(), [Span(a.report.id, p.span.start, q.span.end)], [_label(b.analyses, k)]
            for j, o in others:
                if j not in seen:
                    seen.add(j)
                    spans.append(o.span)
                    names.append(_label(b.analyses, j))
            b.add("conflict", "place",
                  f"Where {p.name or p.text} is: {names[0]} puts it in {q.name or q.text}; "
                  f"{', '.join(names[1:])} name{'s' if len(names) == 2 else ''} {p.name or p.text}, a country of "
                  f"its own.", f"{p.name or p.text} and {q.name or q.text} are two countries: one cannot be in the "
                  "other", spans)


def _attributed(b: _Builder, ref: ClaimRef) -> Optional[str]:
    return ref.claim.source


def _cluster_findings(b: _Builder, refs: list[ClaimRef], cluster: list[int], sims: np.ndarray) -> set[tuple]:
    members = [refs[i] for i in cluster]
    names = ", ".join(_label(b.analyses, r.report) for r in members)
    per_slot: dict[tuple, dict] = {}
    compared: set[tuple] = set()
    for x, y in combinations(members, 2):
        for slot, verdict, reason, sx, sy, vx, vy, tx, ty in _slot_pairs(b, x, y):
            key = (slot,)
            cur = per_slot.get(key)
            if cur is None or RANK[verdict] > RANK[cur["verdict"]]:
                per_slot[key] = {"verdict": verdict, "reason": reason, "items": {}}
                cur = per_slot[key]
            if RANK[verdict] == RANK[cur["verdict"]]:
                cur["items"].setdefault(x.report, (x, sx, vx, tx))
                cur["items"].setdefault(y.report, (y, sy, vy, ty))
            compared.add((sx.report, sx.start, sy.report, sy.start))
    any_conflict = False
    for (slot, *_), info in sorted(per_slot.items(), key=lambda kv: str(kv[0])):
        if info["verdict"] == "agree":
            continue
        kind = "conflict" if info["verdict"] == "conflict" else "partial"
        any_conflict = True
        items = [info["items"][k] for k in sorted(info["items"])]
        spans, values = [], []
        for ref, span, value, text in items:
            spans += [span, ref.claim.span]
            values.append(SlotValue(ref.claim.span.report, text or value, value, _attributed(b, ref)))
        vals = "; ".join(f"{_label(b.analyses, r.report)}: {v}" + (f" (per {r.claim.source})" if r.claim.source else "")
                         for r, _, v, _ in items)
        summary = f"{slot.capitalize()} {'conflict' if kind == 'conflict' else 'differs'}: {vals}."
        b.add(kind, slot, summary, info["reason"], spans, values, [r for r, *_ in items])
    # The event itself: agreed by the reports in the cluster.
    texts = [_short(r.claim.text, 110) for r in members]
    lead = min(texts, key=len)
    summary = f"{len({r.report for r in members})} reports say: \u201c{lead}\u201d"
    if any_conflict:
        summary += " (details differ: see the conflicts and partials)"
    score = float(np.mean([sims[i, j] for i, j in combinations(cluster, 2)])) if len(cluster) > 1 else 1.0
    b.add("agreement", None, summary, f"aligned claims ({names}), similarity {score:.2f}, no slot in conflict"
          if not any_conflict else f"aligned claims ({names}), similarity {score:.2f}",
          [r.claim.span for r in members], [SlotValue(r.claim.span.report, r.claim.text, None, r.claim.source)
                                            for r in members], members, score)
    return compared


def _flag_agreements(b: _Builder) -> None:
    """Aligned claims that a fact finding sets against each other ('No one was hurt in the blast' / 'Two people
    were injured in the blast') are not an agreement without a word: the agreement says details differ."""
    differing = [f for f in b.findings if f.kind in ("conflict", "partial")]
    spans_of: dict[str, list[tuple[int, int, int]]] = defaultdict(list)     # report -> (start, end, finding)
    for k, d in enumerate(differing):
        for e in d.evidence:
            spans_of[e.span.report].append((e.span.start, e.span.end, k))
    for v in spans_of.values():
        v.sort()
    for n, f in enumerate(b.findings):
        if f.kind != "agreement" or f.slot is not None or "details differ" in f.summary:
            continue
        reports_of: dict[int, set] = defaultdict(set)      # differing finding -> reports where it is inside
        for e in f.evidence:
            c, held = e.span, spans_of.get(e.span.report, [])
            for start, end, k in held[bisect.bisect_left(held, (c.start, -1, -1)):]:
                if start > c.end:
                    break
                if end <= c.end:
                    reports_of[k].add(c.report)
        hit = min((k for k, rs in reports_of.items() if len(rs) >= 2), default=None)
        if hit is not None:
            b.findings[n] = dataclasses.replace(
                f, summary=f.summary + " (details differ: see the conflicts and partials)",
                rule=f.rule.replace(", no slot in conflict", f"; {differing[hit].slot or 'a detail'} differs"))


def _fact_findings(b: _Builder, refs: list[ClaimRef], sims: np.ndarray, compared: set[tuple]) -> None:
    """Counts, measures and times stated as one fact in several reports (see ``facts``), whether or not their
    claims aligned as wholes."""
    kinds = {"conflict": "conflict", "partial": "partial", "agree": "agreement"}
    for group in fact_groups(b.analyses, refs, sims):
        verdict, reason, (vx, vy) = verdict_of(group)
        slot = group[0].key[0]
        if slot == "place" and verdict == "agree" and group[0].place is not None and not all(
                v.qualifier for v in group):
            continue      # two reports naming the same town is no finding of its own (a hiding place is)
        kind = kinds[verdict]
        name = fact_name(group[0].key, next((v.event for v in group if v.event), None))
        members = [refs[v.ref] for v in group]
        vals = "; ".join(f"{_label(b.analyses, v.report)}: {describe(v)}" + (f" (per {v.source})" if v.source else "")
                         for v in group)
        word = {"conflict": "conflict", "partial": "differs", "agreement": "agrees"}[kind]
        spans = [v.span for v in group] + [sp for v in group for sp in v.also]
        b.add(kind, slot, f"{name[0].upper() + name[1:]} {word}: {vals}.", reason, spans,
              [SlotValue(v.span.report, v.text, normalised(v), v.source) for v in group], members,
              float(np.mean([sims[x.ref, y.ref] for x, y in combinations(group, 2) if x.report != y.report])))


def _route_findings(b: _Builder, refs: list[ClaimRef], sims: np.ndarray) -> None:
    """Routes and bearings of one movement or event read from clauses in different reports: a named crossing
    against a route avoiding it; '150 miles east of Aden' against 'west of Aden'. Clauses are paired when they
    are similar enough to be about one event; each pair of stated routes is reported once."""
    seen: set[tuple] = set()
    if not refs:
        return
    report_of = np.array([r.report for r in refs])
    # only clauses that name a route (a crossing, or a way around one) in a movement, or a bearing, can give a
    # finding: the pairs are filtered on them first (a 200-report story has hundreds of thousands of close pairs)
    texts = [b.analyses[r.report].report.text[r.claim.span.start:r.claim.span.end] for r in refs]
    route = np.array([claim_event(r.claim) == "move" and bool(OFFICIAL.search(t) or AVOIDING.search(t))
                      for r, t in zip(refs, texts)], dtype=bool)
    bearing = np.array([bool(DIRECTION.search(t)) for t in texts], dtype=bool)
    cand = np.flatnonzero(route | bearing)
    r, g, rep = route[cand], bearing[cand], report_of[cand]
    sub = sims[np.ix_(cand, cand)]
    either = (r[:, None] & r[None, :]) | (g[:, None] & g[None, :])
    close = np.argwhere(np.triu((sub >= 0.4) & either, 1) & (rep[:, None] != rep[None, :]))
    order = sorted(((float(sub[i, j]), int(cand[i]), int(cand[j])) for i, j in close), reverse=True)
    for sim, i, j in order:
        x, y = refs[i], refs[j]
        if x.report > y.report:
            x, y = y, x
        sx, sy = x.claim.span, y.claim.span
        text_x = b.analyses[x.report].report.text
        text_y = b.analyses[y.report].report.text
        for fn, needs_move in ((compare_routes, True), (compare_directions, False)):
            if needs_move and not (claim_event(x.claim) == claim_event(y.claim) == "move"):
                continue
            v, reason, mx, my = fn(text_x[sx.start:sx.end], text_y[sy.start:sy.end])
            if not v or v == "agree":
                continue
            s1 = Span(sx.report, sx.start + mx[0], sx.start + mx[1])
            s2 = Span(sy.report, sy.start + my[0], sy.start + my[1])
            key = (fn.__name__, text_x[s1.start:s1.end].lower(), text_y[s2.start:s2.end].lower(), x.report, y.report)
            if key in seen:
                continue
            seen.add(key)
            kind = "conflict" if v == "conflict" else "partial"
            t1, t2 = text_x[s1.start:s1.end], text_y[s2.start:s2.end]
            b.add(kind, "place", f"Place {'conflict' if kind == 'conflict' else 'differs'}: "
                  f"{_label(b.analyses, x.report)}: \u201c{t1}\u201d; {_label(b.analyses, y.report)}: \u201c{t2}\u201d.",
                  reason, [s1, s2], [SlotValue(sx.report, t1, t1, x.claim.source),
                                             SlotValue(sy.report, t2, t2, y.claim.source)], [x, y], sim)


_OCCASION = (r"event|rally|speech|meeting|ceremony|gathering|fundraiser|conference|summit|concert|protest|vigil|"
             r"funeral|hearing|parade|festival|debate|forum|town hall|luncheon|dinner|breakfast")
# one occasion, not several ('three New York fundraisers')
_OCCASION_AFTER = re.compile(r"\s+(?P<noun>" + _OCCASION + r")\b", re.I)              # 'the Norwalk event'
_OCCASION_BEFORE = re.compile(r"\b(?P<noun>" + _OCCASION + r")\s+in\s+(?:the\s+)?$", re.I)   # 'event in Norfolk'


def _occasion_places(a: Analysis, claim) -> list[tuple[str, object, Span]]:
    """The towns a clause names as the place of an occasion, with the words that say so: 'the Norwalk event',
    'a 2008 event in Norfolk'."""
    out = []
    text = a.report.text
    for i in claim.places:
        p = a.places[i]
        if not (p.resolved and p.kind == "city" and p.lat is not None):
            continue
        after = _OCCASION_AFTER.match(text, p.span.end)
        before = None if after else _OCCASION_BEFORE.search(text, max(0, p.span.start - 40), p.span.start)
        if after:
            out.append((after.group("noun").lower(), p, Span(p.span.report, p.span.start, after.end())))
        elif before:
            out.append((before.group("noun").lower(), p, Span(p.span.report, before.start(), p.span.end)))
    return out


def _town(p) -> str:
    return re.sub(r"\W", "", (p.name or p.text).lower())


def _occasion_findings(b: _Builder, refs: list[ClaimRef], sims: np.ndarray) -> None:
    """One occasion put in two towns: 'he had misspoken about his service during the Norwalk event' / 'he had
    misspoken at a 2008 event in Norfolk'. The clauses must report the same act (one content verb, or a cosine
    of 0.6) of the same occasion (event, rally, speech ...), and neither report may tie that occasion to the
    other's town as well. All reports naming either town for it are one finding."""
    tied = [(_occasion_places(b.analyses[r.report], r.claim) if r.claim.places else []) for r in refs]
    towns: dict[tuple[int, str], set] = defaultdict(set)
    for r, found in zip(refs, tied):
        for noun, p, _ in found:
            towns[(r.report, noun)].add(_town(p))
    done: set[tuple] = set()
    for i, j in combinations([k for k, t in enumerate(tied) if t], 2):
        x, y = refs[i], refs[j]
        if x.report == y.report:
            continue
        same_act = (x.claim.predicate == y.claim.predicate and x.claim.predicate not in LIGHT_VERBS | SPEECH_ONLY) or sims[i, j] >= 0.6
        if not same_act:
            continue
        for nx, px, _ in tied[i]:
            for ny, py, _ in tied[j]:
                if nx != ny or compare_places(px, py)[0] != "conflict":
                    continue
                if _town(px) in towns[(y.report, ny)] or _town(py) in towns[(x.report, nx)]:
                    continue
                pair = frozenset((_town(px), _town(py)))
                if (nx, pair) in done:
                    continue
                done.add((nx, pair))
                seen, spans, values, parts = set(), [], [], []
                for r, t in zip(refs, tied):
                    for n, p, words in t:
                        if n != nx or _town(p) not in pair or (r.report, _town(p)) in seen:
                            continue
                        seen.add((r.report, _town(p)))
                        spans.append(words)
                        values.append(SlotValue(p.span.report, p.text, p.name or p.text, r.claim.source))
                        parts.append(f"{_label(b.analyses, r.report)}: \u201c{p.text}\u201d")
                reason = compare_places(px, py)[1]
                b.add("conflict", "place", f"Where the {nx} was: {'; '.join(parts)}.",
                      f"the same {nx} is put in two towns: {reason}", spans, values, [x, y], float(sims[i, j]))


_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\s?\d+)*")
DETAIL_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "LAW"}


def _numbers(text: str) -> set[str]:
    return {re.sub(r"[,\s]", "", m.group(0)).rstrip(".") for m in _NUMBER.finditer(text)}


def _name_conflicts(b: _Builder, refs: list[ClaimRef], sims: np.ndarray, entities) -> None:
    """One person, two names: in two reports the only person with a surname has different given names
    ('Brian Dalton' / 'Bryant A. Dalton') and the clauses naming them say similar things."""
    from ..analyze.names import name_tokens, same_token
    from .entities import same_name
    by_report: dict[str, list] = defaultdict(list)
    for e in entities:
        if e.kind != "person":
            continue
        for rid in {m.span.report for m in e.mentions}:
            by_report[rid].append(e)
    claims_of: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(refs):
        claims_of[b.analyses[r.report].report.id].append(i)
    done: set[tuple] = set()
    rids = sorted(by_report)
    tokens = {id(e): name_tokens(e.name) for es in by_report.values() for e in es}
    # how many people of each report share each one's surname (once per report, not per pair of reports)
    namesakes = {(rid, id(e)): sum(1 for o in es if tokens[id(o)] and tokens[id(e)]
                                   and same_token(tokens[id(o)][-1], tokens[id(e)][-1]))
                 for rid, es in by_report.items() for e in es}
    for x, rx in enumerate(rids):
        for ry in rids[x + 1:]:
            for ex in by_report[rx]:
                tx = tokens[id(ex)]
                if len(tx) < 2 or len(tx[-1]) < 4:
                    continue
                for ey in by_report[ry]:
                    ty = tokens[id(ey)]
                    if ey is ex or len(ty) < 2 or not same_token(tx[-1], ty[-1]) or same_name(ex.name, ey.name):
                        continue
                    if namesakes[(rx, id(ex))] != 1 or namesakes[(ry, id(ey))] != 1:
                        continue       # a family, or two people of one name: not one person
                    mx = [m for m in ex.mentions if m.span.report == rx]
                    my = [m for m in ey.mentions if m.span.report == ry]
                    cx = [i for i in claims_of[rx] if any(refs[i].claim.span.contains(m.span) for m in mx)]
                    cy = [i for i in claims_of[ry] if any(refs[i].claim.span.contains(m.span) for m in my)]
                    best = max((float(sims[i, j]) for i in cx for j in cy), default=0.0)
                    key = tuple(sorted((ex.name, ey.name)))
                    proper = all(re.fullmatch(r"(?:[A-Z][\w.'’-]*\s?)+", e.name) for e in (ex, ey))
                    if best < 0.5 or key in done or not proper:
                        continue
                    done.add(key)
                    fx = next(m for m in mx if len(name_tokens(m.text)) >= 2) if any(
                        len(name_tokens(m.text)) >= 2 for m in mx) else mx[0]
                    fy = next(m for m in my if len(name_tokens(m.text)) >= 2) if any(
                        len(name_tokens(m.text)) >= 2 for m in my) else my[0]
                    lx = _label(b.analyses, next(i for i, a in enumerate(b.analyses) if a.report.id == rx))
                    ly = _label(b.analyses, next(i for i, a in enumerate(b.analyses) if a.report.id == ry))
                    b.add("conflict", "actor", f"One person, two names? {lx}: {fx.text}; {ly}: {fy.text}.",
                          f"the only {ty[-1].capitalize()} in each report, in similar clauses (similarity {best:.2f}), "
                          f"with different given names", [fx.span, fy.span],
                          [SlotValue(rx, fx.text, ex.name, None), SlotValue(ry, fy.text, ey.name, None)], (), best)


def _unique(b: _Builder, refs: list[ClaimRef], clusters: list[list[int]], entities) -> None:
    """Single-source claims, one finding per sentence at most: the clauses no other report aligns with, and the
    details only this report gives (a figure, an age, a date, a name no other report mentions), even inside a
    sentence whose main claim other reports carry."""
    aligned = {i for c in clusters if len(c) > 1 for i in c}
    # values already set against another report's (a conflicting figure is not a single-source detail)
    compared = [e.span for f in b.findings if f.slot in ("quantity", "time", "place", "actor") for e in f.evidence]
    reports_of_entity = {}
    for e in entities:
        for m in e.mentions:
            reports_of_entity.setdefault(e.id, set()).add(m.span.report)
    solo_mentions: dict[str, list] = defaultdict(list)
    for e in entities:
        if len(reports_of_entity.get(e.id, ())) == 1 and e.kind in DETAIL_LABELS:
            for m in e.mentions:
                solo_mentions[m.span.report].append(m)
    refs_of: dict[int, list] = defaultdict(list)
    for i, r in enumerate(refs):
        refs_of[r.report].append((i, r))

    def stated(o, q):
        return (q.low, q.high, q.unit, _quantity_key(o, q), quantity_event(o.report.text, q))

    # what each report states, computed once: a value is "elsewhere" when a report other than this one has it
    numbers_in: dict[str, set[int]] = defaultdict(set)
    stated_in: dict[tuple, set[int]] = defaultdict(set)
    for k, o in enumerate(b.analyses):
        for n in _numbers(o.report.text) | {f"{v:g}" for q in o.quantities for v in (q.low, q.high) if v is not None}:
            numbers_in[n].add(k)
        for q in o.quantities:
            stated_in[stated(o, q)].add(k)

    def source_key(name: str) -> str:
        words = re.findall(r"[a-z]{3,}", (name or "").lower())
        return words[-1].rstrip("s") if words else ""

    cited_in: dict[str, set[int]] = defaultdict(set)
    for k, o in enumerate(b.analyses):
        for at in o.attributions:
            cited_in[source_key(at.source)].add(k)

    for k, a in enumerate(b.analyses):
        # a figure is corroborated when another report gives it for the same fact ('12 arrested' is not
        # corroborated by '12 injured'); bare numbers outside any quantity by their digits
        other_numbers = {n for n, ks in numbers_in.items() if ks - {k}}
        other_stated = {st for st, ks in stated_in.items() if ks - {k}}
        quantity_spans = {q.span: q for q in a.quantities}
        removed = [r.span for r in a.report.removed]
        mine = refs_of.get(k, [])
        units = [s.span for s in a.sentences] or sorted({r.claim.span for _, r in mine})
        for ss in units:
            if any(r.start <= ss.start and ss.end <= r.end for r in removed):
                continue
            clauses = [r for i, r in mine if i not in aligned and ss.start <= r.claim.span.start < ss.end]
            # keep the widest unaligned clauses: a sentence-level claim covers its sub-clauses
            clauses = [r for r in clauses if not any(o is not r and o.claim.span.contains(r.claim.span)
                                                     for o in clauses)]
            words = sum(len(re.findall(r"[A-Za-z]\w+", r.claim.text)) for r in clauses)
            if clauses and (words < 4 or all(r.claim.predicate in SPEECH_ONLY and not r.claim.quantities
                                             and not r.claim.entities for r in clauses)):
                clauses = []
            details: list[tuple[Span, str]] = []
            text = a.report.text
            for qspan, q in quantity_spans.items():
                if ss.start <= qspan.start < ss.end and not any(qspan.overlaps(c) for c in compared) \
                        and stated(a, q) not in other_stated and re.search(r"\d", q.text):
                    details.append((qspan, q.text))
            for m in _NUMBER.finditer(text, ss.start, ss.end):
                value = re.sub(r"[,\s]", "", m.group(0)).rstrip(".")
                span = Span(a.report.id, m.start(), m.end())
                if any(span.overlaps(qs) for qs in quantity_spans):
                    continue
                if value not in other_numbers and not any(span.overlaps(c) for c in compared):
                    details.append((span, m.group(0)))
            for m in solo_mentions.get(a.report.id, ()):
                if ss.start <= m.span.start < ss.end:
                    details.append((m.span, m.text))
            # a source only this report cites, even for a fact others carry ('officials said Friday')
            for at in a.attributions:
                key = source_key(at.source)
                if ss.start <= at.span.start < ss.end and key and not (cited_in.get(key, set()) - {k}) \
                        and at.kind != "hedge":
                    details.append((at.span, "per " + (at.source or a.report.text[at.span.start:at.span.end])))
            if not clauses and not details:
                continue
            spans = [r.claim.span for r in clauses] + [sp for sp, _ in details]
            if not clauses:
                spans.append(ss)
            sources = sorted({r.claim.source for r in clauses if r.claim.source})
            src = f" (per {', '.join(sources)})" if sources else ""
            label = _label(b.analyses, k)
            if clauses:
                said = " … ".join(_short(r.claim.text, 140 // len(clauses)) for r in clauses)
                summary = f"Only {label} says{src}: \u201c{said}\u201d"
                rule = "no claim in another report aligns with this one"
            else:
                summary = f"Only {label} gives: " + ", ".join(dict.fromkeys(t for _, t in details))
                rule = "no other report gives these details"
            if details and clauses:
                summary += " (details only here: " + ", ".join(dict.fromkeys(t for _, t in details)) + ")"
                rule += "; no other report gives these details"
            b.add("unique", None, summary, rule, spans,
                  [SlotValue(a.report.id, r.claim.text, None, r.claim.source) for r in clauses]
                  + [SlotValue(a.report.id, t, None, None) for _, t in details],
                  clauses or [])


def compare_framing(analyses: Sequence[Analysis]) -> list[FramingTerm]:
    """Framing terms one report uses and the others do not (all of them when there is one report)."""
    from ..analyze.framing import EVALUATIVE, LABELS
    if len(analyses) < 2:
        return [t for a in analyses for t in a.framing]
    out = []
    for a in analyses:
        others = " ".join(o.report.text.lower() for o in analyses if o is not a)
        for t in a.framing:
            cues = [w for w in re.findall(r"[a-z][a-z\-]+", t.text.lower()) if w in LABELS or w in EVALUATIVE]
            if cues and all(re.search(r"\b" + re.escape(w) + r"\b", others) for w in cues):
                continue
            out.append(t)
    return out


def compare(analyses: Sequence[Analysis], settings: Settings | None = None) -> Comparison:
    settings = settings or Settings()
    analyses = sorted(analyses, key=lambda a: (a.report.path or "", a.report.id))
    notes: list[str] = []
    entities = link_entities(analyses)
    b = _Builder(analyses, settings)
    if len(analyses) < 2:
        notes.append("only one report: nothing to compare; its analysis is shown")
        return Comparison(tuple(a.report for a in analyses), tuple(analyses), tuple(entities), (),
                          tuple(tuple(g) for g in _groups(b)), tuple(notes))
    refs, clusters, sims = align(analyses, settings)
    compared: set[tuple] = set()
    for cluster in clusters:
        if len(cluster) > 1:
            compared |= _cluster_findings(b, refs, cluster, sims)
    _fact_findings(b, refs, sims, compared)
    _route_findings(b, refs, sims)
    _occasion_findings(b, refs, sims)
    for spans, summary, rule in relation_conflicts(analyses):
        b.add("conflict", "actor", summary, rule, spans)
    for spans, summary, rule in wording_conflicts(analyses, lambda k: _label(analyses, k)):
        texts = {s.report: next(a for a in analyses if a.report.id == s.report).report.text for s in spans}
        b.add("conflict", "other", summary, rule, spans,
              [SlotValue(s.report, texts[s.report][s.start:s.end], None, None) for s in spans])
    _misplaced_countries(b)
    for kind, person, items, reason in attribute_conflicts(analyses, entities):
        what = {"age": "age", "home": "home", "role": "role"}[kind]
        vals = "; ".join(f"{_label(analyses, next(i for i, a in enumerate(analyses) if a.report.id == at.report))}: "
                         f"{at.value}" for at in items)
        b.add("conflict", "actor", f"{person.name}'s {what} differs: {vals}.", reason, [at.span for at in items],
              [SlotValue(at.report, at.value, at.value, None) for at in items])
    _name_conflicts(b, refs, sims, entities)
    _flag_agreements(b)
    _unique(b, refs, clusters, entities)
    shared = sum(1 for c in clusters if len(c) > 1)
    if shared == 0:
        notes.append("the reports do not appear to cover the same event: no claim in one aligns with a claim "
                     "in another")
    for a in analyses:
        if not a.claims:
            notes.append(f"{_label(analyses, analyses.index(a))}: no sentences with claims")
    findings = sorted({f.id: f for f in b.findings}.values(),
                      key=lambda f: (ORDER[f.kind], -len(f.reports), f.evidence[0].span.report,
                                     f.evidence[0].span.start, f.id))
    framing = compare_framing(analyses)
    analyses2 = tuple(a if not a.framing else _with_framing(a, framing) for a in analyses)
    return Comparison(tuple(a.report for a in analyses), analyses2, tuple(entities), tuple(findings),
                      tuple(tuple(g) for g in _groups(b)), tuple(notes))


def _with_framing(a: Analysis, keep: Sequence[FramingTerm]) -> Analysis:
    kept = tuple(t for t in a.framing if t in keep)
    return dataclasses.replace(a, framing=kept)


def _groups(b: _Builder) -> list[list[str]]:
    groups = defaultdict(list)
    for rid, g in b.origin_of.items():
        groups[g].append(rid)
    return sorted(sorted(v) for v in groups.values())
