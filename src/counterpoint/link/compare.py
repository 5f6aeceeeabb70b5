"""The comparison: align claims across reports, compare their slots with typed rules, and write findings.

Findings: agreement (the same fact, compatible), conflict (the same fact, incompatible values), partial
(compatible at different precision, or only partly overlapping), unique (a claim only one report makes), and
relation conflicts (an actor counted on both sides). Every finding names the rule that fired, in words, and
carries evidence spans in every report involved.
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from itertools import combinations
from typing import Optional, Sequence

import numpy as np

from ..config import Settings
from ..model import Analysis, Comparison, Evidence, Finding, FramingTerm, SlotValue, Span
from .align import ClaimRef, align
from .entities import link_entities
from .origins import origin_groups, origin_key
from .relations import relation_conflicts
from .slots import (compare_directions, compare_places, compare_quantities, compare_routes, compare_times,
                    count_class, describe_quantity, describe_time, event_class)

ORDER = {"conflict": 0, "partial": 1, "agreement": 2, "unique": 3}
RANK = {"conflict": 3, "partial": 2, "agree": 1}
MIN_UNIQUE_WORDS = 6
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
    text_x, text_y = ax.report.text, ay.report.text
    # quantities that count the same thing for the same event
    for i in x.claim.quantities:
        qx = ax.quantities[i]
        for j in y.claim.quantities:
            qy = ay.quantities[j]
            cx, cy = count_class(qx.counted), count_class(qy.counted)
            same_unit = qx.unit and qx.unit == qy.unit
            if not (same_unit or (cx and cx == cy)):
                continue
            ex = event_class(text_x[max(0, qx.span.start - 60):qx.span.end + 60])
            ey = event_class(text_y[max(0, qy.span.start - 60):qy.span.end + 60])
            if ex != ey:
                continue
            verdict, reason = compare_quantities(qx, qy)
            if verdict:
                yield ("quantity", verdict, reason, qx.span, qy.span, describe_quantity(qx), describe_quantity(qy),
                       qx.text, qy.text)
    # times
    tx = [ax.times[i] for i in x.claim.times if ax.times[i].resolved]
    ty = [ay.times[i] for i in y.claim.times if ay.times[i].resolved]
    best = None
    for t1 in tx:
        for t2 in ty:
            verdict, reason = compare_times(t1, t2)
            if verdict and (best is None or RANK[verdict] < RANK[best[0]]):
                best = (verdict, reason, t1, t2)
    if best:
        v, reason, t1, t2 = best
        yield ("time", v, reason, t1.span, t2.span, describe_time(t1), describe_time(t2), t1.text, t2.text)
    # places (cities, regions; countries only agree)
    px = [ax.places[i] for i in x.claim.places if ax.places[i].resolved and ax.places[i].kind != "country"]
    py = [ay.places[i] for i in y.claim.places if ay.places[i].resolved and ay.places[i].kind != "country"]
    if px and py:
        results = [(compare_places(p1, p2), p1, p2) for p1 in px for p2 in py]
        agreeing = [r for r in results if r[0][0] == "agree"]
        if not agreeing:
            conflicts = [r for r in results if r[0][0] in ("conflict", "partial")]
            if conflicts and len(px) == 1 and len(py) == 1:
                (v, reason), p1, p2 = conflicts[0]
                yield ("place", v, reason, p1.span, p2.span, p1.name, p2.name, p1.text, p2.text)
    # routes and bearings, read from the clauses
    sx, sy = x.claim.span, y.claim.span
    for fn in (compare_routes, compare_directions):
        v, reason, mx, my = fn(text_x[sx.start:sx.end], text_y[sy.start:sy.end])
        if v and v != "agree":
            s1 = Span(sx.report, sx.start + mx[0], sx.start + mx[1])
            s2 = Span(sy.report, sy.start + my[0], sy.start + my[1])
            yield ("place", v, reason, s1, s2, text_x[s1.start:s1.end], text_y[s2.start:s2.end],
                   text_x[s1.start:s1.end], text_y[s2.start:s2.end])
    # outcome: one says it happened, the other that it did not
    if x.claim.predicate == y.claim.predicate and x.claim.negated != y.claim.negated and x.claim.predicate not in (
            "be", "have"):
        yield ("outcome", "conflict", f"one report says \u201c{x.claim.predicate}\u201d happened, the other that it did not",
               x.claim.predicate_span, y.claim.predicate_span, x.claim.text, y.claim.text, "", "")


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
            if slot == "quantity":
                key = (slot, count_class(b.analyses[x.report].quantities[0].counted) if False else None)
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


def _cross_quantities(b: _Builder, refs: list[ClaimRef], clusters: list[list[int]], sims: np.ndarray,
                      compared: set[tuple]) -> None:
    """Counts of the same thing for the same event in claims that did not align as wholes (e.g. 'killing 10 and
    injuring 80' against 'Fifty were injured'). Only the best counterpart per quantity is compared."""
    cluster_of = {i: k for k, c in enumerate(clusters) for i in c}
    items = []
    for idx, ref in enumerate(refs):
        a = b.analyses[ref.report]
        for qi in ref.claim.quantities:
            q = a.quantities[qi]
            cls = count_class(q.counted) or (q.unit if q.unit in ("magnitude",) else None)
            ev = event_class(a.report.text[max(0, q.span.start - 60):q.span.end + 60])
            if cls and (ev or q.unit == "magnitude"):
                items.append((idx, ref, q, cls, ev))
    done = set()
    for (i1, r1, q1, c1, e1), (i2, r2, q2, c2, e2) in combinations(items, 2):
        if r1.report == r2.report or c1 != c2 or e1 != e2:
            continue
        if cluster_of.get(i1) == cluster_of.get(i2):
            continue
        key = (q1.span.report, q1.span.start, q2.span.report, q2.span.start)
        if key in compared or key in done or float(sims[i1, i2]) < 0.45:
            continue
        verdict, reason = compare_quantities(q1, q2)
        if verdict == "conflict" or (verdict == "partial" and float(sims[i1, i2]) >= 0.6):
            done.add(key)
            kind = verdict
            vals = (f"{_label(b.analyses, r1.report)}: {describe_quantity(q1)}; "
                    f"{_label(b.analyses, r2.report)}: {describe_quantity(q2)}")
            b.add(kind, "quantity", f"Quantity {'conflict' if kind == 'conflict' else 'differs'} ({e1 or c1}): {vals}.",
                  reason, [q1.span, r1.claim.span, q2.span, r2.claim.span],
                  [SlotValue(q1.span.report, q1.text, describe_quantity(q1), r1.claim.source),
                   SlotValue(q2.span.report, q2.text, describe_quantity(q2), r2.claim.source)], [r1, r2],
                  float(sims[i1, i2]))


def _unique(b: _Builder, refs: list[ClaimRef], clusters: list[list[int]]) -> None:
    for cluster in clusters:
        if len(cluster) != 1:
            continue
        ref = refs[cluster[0]]
        c = ref.claim
        words = re.findall(r"[A-Za-z]\w+", c.text)
        if len(words) < MIN_UNIQUE_WORDS or (c.predicate in SPEECH_ONLY and not c.quantities and not c.entities):
            continue
        src = f" (per {c.source})" if c.source else ""
        b.add("unique", None, f"Only {_label(b.analyses, ref.report)} says{src}: \u201c{_short(c.text)}\u201d",
              "no claim in another report aligns with this one", [c.span],
              [SlotValue(c.span.report, c.text, None, c.source)], [ref])


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
    _cross_quantities(b, refs, clusters, sims, compared)
    for spans, summary, rule in relation_conflicts(analyses):
        b.add("conflict", "actor", summary, rule, spans)
    _unique(b, refs, clusters)
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
    import dataclasses
    kept = tuple(t for t in a.framing if t in keep)
    return dataclasses.replace(a, framing=kept)


def _groups(b: _Builder) -> list[list[str]]:
    groups = defaultdict(list)
    for rid, g in b.origin_of.items():
        groups[g].append(rid)
    return sorted(sorted(v) for v in groups.values())
