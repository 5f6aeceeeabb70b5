"""View models for the pages: plain dicts and lists built from a Comparison, so templates only lay out.

Nothing here marks text as safe: the templates escape every value (autoescape), and URLs go through
``safe_url`` before they become links.
"""
from __future__ import annotations

import math
import string
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Iterable, Optional, Sequence
from urllib.parse import urlsplit

from ..model import Analysis, Comparison, Report

KIND_ORDER = ("conflict", "partial", "agreement", "unique")
KIND_TITLES = {"conflict": "Conflicts", "partial": "Partial agreements", "agreement": "Agreements",
               "unique": "Single-source claims"}
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2")


def safe_url(url: Optional[str]) -> Optional[str]:
    """The URL when it is a plain http(s) URL (fit for an href), else None: javascript:, data: and the like
    are shown as text only."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc and not any(c in url for c in "\"'<>` \n\r\t"):
        return url.strip()
    return None


def label_of(n: int) -> str:
    letters = string.ascii_uppercase
    return letters[n] if n < 26 else letters[n // 26 - 1] + letters[n % 26]


def report_name(r: Report) -> str:
    return r.title or r.outlet or (r.path.rsplit("/", 1)[-1] if r.path else None) or r.id


def span_id(report: str, start: int, end: int) -> str:
    return f"s-{report}-{start}-{end}"


# ---------------------------------------------------------------- text with highlights

@dataclass
class Segment:
    text: str
    classes: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)     # ids of spans starting here
    title: str = ""


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    cls: str
    finding: Optional[str] = None
    title: str = ""


def segment(text: str, marks: Iterable[Mark], report: Optional[str] = None) -> list[Segment]:
    """Cut ``text`` at every mark boundary; each piece lists the marks covering it (flat, never nested)."""
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    starts: dict[int, list[Mark]] = defaultdict(list)
    for m in marks:
        starts[m.start].append(m)
    out: list[Segment] = []
    active: list[Mark] = []
    for a, b in zip(cuts, cuts[1:]):
        active = [m for m in active if m.end > a] + starts.get(a, [])
        seg = Segment(text[a:b])
        seen_cls: list[str] = []
        for m in active:
            if m.cls not in seen_cls:
                seen_cls.append(m.cls)
            if m.finding and m.finding not in seg.findings:
                seg.findings.append(m.finding)
        seg.classes = sorted(seen_cls, key=_class_rank)
        seg.title = "; ".join(dict.fromkeys(m.title for m in active if m.title))
        if report is not None:     # evidence spans get an id, so a finding can link to them
            seg.anchors = sorted({span_id(report, m.start, m.end) for m in starts.get(a, []) if m.finding})
        out.append(seg)
    return out


def _class_rank(cls: str) -> int:
    order = ["ev-conflict", "ev-partial", "ev-agreement", "ev-unique"]
    return order.index(cls) if cls in order else len(order)


# ---------------------------------------------------------------- the story (or compare result) page

def story_view(cmp: Comparison) -> dict:
    reports = list(cmp.reports)
    labels = {r.id: label_of(n) for n, r in enumerate(reports)}
    colors = {r.id: PALETTE[n % len(PALETTE)] for n, r in enumerate(reports)}
    by_id = {a.report.id: a for a in cmp.analyses}

    groups: dict[str, list[dict]] = {k: [] for k in KIND_ORDER}
    marks: dict[str, list[Mark]] = defaultdict(list)
    for n, f in enumerate(cmp.findings, 1):
        ev = [{"report": e.span.report, "label": labels.get(e.span.report, "?"), "text": e.text,
               "start": e.span.start, "end": e.span.end,
               "anchor": span_id(e.span.report, e.span.start, e.span.end)} for e in f.evidence]
        values = [{"label": labels.get(v.report, "?"), "text": v.text, "value": v.value,
                   "attributed_to": v.attributed_to} for v in f.values]
        groups.setdefault(f.kind, []).append({"id": f.id, "n": n, "kind": f.kind, "slot": f.slot,
                                              "summary": f.summary, "rule": f.rule, "evidence": ev,
                                              "values": values, "origins": f.origins})
        for e in f.evidence:
            marks[e.span.report].append(Mark(e.span.start, e.span.end, f"ev-{f.kind}", f.id,
                                             f"{f.kind}: {f.summary}"))
    for r in reports:
        for rm in r.removed:
            marks[r.id].append(Mark(rm.span.start, rm.span.end, "removed", None, f"not analysed: {rm.reason}"))
        a = by_id.get(r.id)
        for t in (a.framing if a else ()):
            marks[r.id].append(Mark(t.span.start, t.span.end, "framing", None, f"framing ({t.kind})"))

    report_cols = []
    for r in reports:
        segs = segment(r.text, marks[r.id], r.id)
        report_cols.append({"id": r.id, "label": labels[r.id], "name": report_name(r), "report": r,
                            "url": safe_url(r.url), "color": colors[r.id], "segments": segs})

    return {
        "reports": report_cols,
        "labels": labels,
        "groups": [{"kind": k, "title": KIND_TITLES[k], "findings": groups.get(k, [])} for k in KIND_ORDER],
        "counts": {k: len(groups.get(k, [])) for k in KIND_ORDER},
        "entities": entities_view(cmp, labels),
        "timeline": timeline_view(cmp.analyses, labels, colors),
        "map": map_view(cmp.analyses, labels, colors),
        "origins": origins_view(cmp, labels),
        "framing": framing_view(cmp.analyses, labels),
        "notes": list(cmp.notes),
    }


def entities_view(cmp: Comparison, labels: dict[str, str]) -> list[dict]:
    out = []
    for e in cmp.entities:
        per = Counter(labels.get(m.span.report, "?") for m in e.mentions)
        names = sorted({m.text for m in e.mentions})
        out.append({"id": e.id, "name": e.name, "kind": e.kind, "names": names[:8],
                    "per_report": sorted(per.items()), "total": len(e.mentions), "reports": len(per)})
    out.sort(key=lambda x: (-x["reports"], -x["total"], x["name"]))
    return out


def origins_view(cmp: Comparison, labels: dict[str, str]) -> dict:
    groups = [[labels.get(r, r) for r in g] for g in cmp.origins]
    cites = []
    for a in cmp.analyses:
        sources = Counter(at.source for at in a.attributions if at.source)
        for q in a.quotes:
            if q.speaker:
                sources[q.speaker] += 0      # named as a speaker; counted with its attributions
        cites.append({"label": labels.get(a.report.id, "?"), "sources": sorted(sources.items(),
                                                                              key=lambda x: (-x[1], x[0]))})
    return {"groups": groups, "independent": len(cmp.origins) or len(cmp.reports), "cites": cites}


def framing_view(analyses: Sequence[Analysis], labels: dict[str, str]) -> list[dict]:
    rows: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for a in analyses:
        for t in a.framing:
            terms = rows[t.target or "(general)"][labels.get(a.report.id, "?")]
            if t.text not in terms:
                terms.append(t.text)
    return [{"target": target, "terms": sorted(per.items())} for target, per in sorted(rows.items())]


def _parse(value: Optional[str]) -> Optional[datetime]:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt.replace(tzinfo=None)


WINDOW_DAYS = 31


def timeline_view(analyses: Sequence[Analysis], labels: dict[str, str], colors: dict[str, str]) -> dict:
    """Resolved times as bars on one axis (an SVG drawn by the template); unresolved ones listed with why."""
    items, unresolved = [], []
    for a in analyses:
        for t in a.times:
            start, end = _parse(t.start), _parse(t.end)
            if t.resolved and start is not None:
                items.append((start, end, a.report.id, t))
            else:
                unresolved.append({"label": labels.get(a.report.id, "?"), "text": t.text, "note": t.note or ""})
    if not items:
        return {"bars": [], "unresolved": unresolved, "ticks": [], "width": 0, "height": 0, "cut": False}
    # The event's own days: when some times start long before the latest one (a war "since 2011", "this
    # year"), the axis covers the WINDOW_DAYS up to the latest start, and the older ones sit at its left
    # edge, marked as earlier; a period running past the axis is cut at its right end.
    latest = max(s for s, _, _, _ in items)
    lo = min(s for s, _, _, _ in items if (latest - s).days <= WINDOW_DAYS)
    cut = any(s < lo for s, _, _, _ in items)
    hi = max(min(e or s, latest + timedelta(days=7)) for s, e, _, _ in items if s >= lo)
    span_s = max((hi - lo).total_seconds(), 86400.0)
    width, left, row_h = 760, 60, 18
    inner = width - left - 200
    items.sort(key=lambda x: (x[0], labels.get(x[2], ""), x[3].span.start))
    bars = []
    for n, (s, e, rid, t) in enumerate(items):
        earlier = s < lo
        x = left + (s - lo).total_seconds() / span_s * inner
        x2 = left + min(((e or s) - lo).total_seconds(), span_s) / span_s * inner
        if earlier:
            x, x2 = left, left + 8.0
        text = f"{t.text} ({s.date().isoformat()}, earlier)" if earlier else t.text
        bars.append({"x": round(x, 1), "w": round(max(x2 - x, 3.0), 1), "y": 10 + n * row_h,
                     "color": colors.get(rid, "#555"), "label": labels.get(rid, "?"), "text": text,
                     "earlier": earlier,
                     "value": t.value or (t.start or "")[:16], "anchor": span_id(rid, t.span.start, t.span.end),
                     "title": f"{labels.get(rid, '?')}: {t.text} = {t.start} .. {t.end or 'open'}"})
    ticks = []
    days = max(1, math.ceil(span_s / 86400))
    step = max(1, days // 6)
    day0 = lo.replace(hour=0, minute=0, second=0, microsecond=0)
    for d in range(0, days + 2, step):
        moment = day0.fromordinal(day0.toordinal() + d)
        x = left + (moment - lo).total_seconds() / span_s * inner
        if left - 1 <= x <= left + inner + 1:
            ticks.append({"x": round(x, 1), "text": moment.date().isoformat()})
    return {"bars": bars, "unresolved": unresolved, "ticks": ticks, "width": width, "cut": cut,
            "height": 30 + len(bars) * row_h}


def map_view(analyses: Sequence[Analysis], labels: dict[str, str], colors: dict[str, str]) -> dict:
    """Resolved places as a lon/lat scatter (equirectangular) with a graticule: no tiles, no network."""
    pts: dict[tuple[float, float, str], dict] = {}
    unresolved = []
    for a in analyses:
        for p in a.places:
            if p.resolved and p.lat is not None and p.lon is not None:
                key = (round(p.lat, 3), round(p.lon, 3), p.name or p.text)
                entry = pts.setdefault(key, {"lat": p.lat, "lon": p.lon, "name": p.name or p.text,
                                             "reports": [], "texts": [], "anchor":
                                             span_id(a.report.id, p.span.start, p.span.end),
                                             "color": colors.get(a.report.id, "#555")})
                lab = labels.get(a.report.id, "?")
                if lab not in entry["reports"]:
                    entry["reports"].append(lab)
                if p.text not in entry["texts"]:
                    entry["texts"].append(p.text)
            else:
                unresolved.append({"label": labels.get(a.report.id, "?"), "text": p.text})
    points = sorted(pts.values(), key=lambda p: (p["name"], p["lat"], p["lon"]))
    if not points:
        return {"points": [], "unresolved": unresolved, "grid": [], "width": 0, "height": 0}
    lat0, lat1 = min(p["lat"] for p in points), max(p["lat"] for p in points)
    lon0, lon1 = min(p["lon"] for p in points), max(p["lon"] for p in points)
    pad = max(1.0, 0.15 * max(lat1 - lat0, lon1 - lon0))
    lat0, lat1, lon0, lon1 = max(-90, lat0 - pad), min(90, lat1 + pad), max(-180, lon0 - pad), min(180, lon1 + pad)
    # keep degrees square at the middle latitude
    coslat = max(0.2, math.cos(math.radians((lat0 + lat1) / 2)))
    w_deg, h_deg = (lon1 - lon0) * coslat, lat1 - lat0
    width = 760
    height = max(200, min(560, round(width * h_deg / max(w_deg, 1e-6))))
    sx, sy = width / (lon1 - lon0), height / (lat1 - lat0)
    for p in points:
        p["x"] = round((p["lon"] - lon0) * sx, 1)
        p["y"] = round((lat1 - p["lat"]) * sy, 1)
        p["r"] = 4 + 2 * len(p["reports"])
    _place_labels(points, width, height)
    step = _nice_step(max(lat1 - lat0, lon1 - lon0))
    grid = []
    v = math.ceil(lon0 / step) * step
    while v <= lon1:
        grid.append({"x1": round((v - lon0) * sx, 1), "y1": 0, "x2": round((v - lon0) * sx, 1), "y2": height,
                     "text": f"{abs(v):g}°{'E' if v >= 0 else 'W'}", "tx": round((v - lon0) * sx + 2, 1),
                     "ty": height - 4})
        v += step
    v = math.ceil(lat0 / step) * step
    while v <= lat1:
        grid.append({"x1": 0, "y1": round((lat1 - v) * sy, 1), "x2": width, "y2": round((lat1 - v) * sy, 1),
                     "text": f"{abs(v):g}°{'N' if v >= 0 else 'S'}", "tx": 2, "ty": round((lat1 - v) * sy - 2, 1)})
        v += step
    return {"points": points, "unresolved": unresolved, "grid": grid, "width": width, "height": height}


LABEL_CHAR_W, LABEL_H = 6.3, 13      # font-size 11 in the map's SVG


def _place_labels(points: list[dict], width: float, height: float) -> None:
    """Give each point a label position that overlaps no label placed before it (places named by more
    reports first), to the right of the dot or, near the right edge, to its left; a point whose label would
    collide keeps only its tooltip and its row in the table under the map (``label`` False)."""
    boxes: list[tuple[float, float, float, float]] = []
    for p in sorted(points, key=lambda p: (-len(p["reports"]), p["name"])):
        text = f"{p['name']} ({''.join(p['reports'])})"
        w = len(text) * LABEL_CHAR_W
        p["label"], p["label_text"], p["anchor_end"] = False, text, False
        for end in (False, True):
            x0 = p["x"] - p["r"] - 2 - w if end else p["x"] + p["r"] + 2
            y0 = min(max(p["y"] - LABEL_H / 2, 0), height - LABEL_H)
            if x0 < 0 or x0 + w > width:
                continue
            box = (x0, y0, x0 + w, y0 + LABEL_H)
            if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
                continue
            boxes.append(box)
            p["label"], p["anchor_end"] = True, end
            p["lx"], p["ly"] = round(x0 + w if end else x0, 1), round(y0 + LABEL_H - 3, 1)
            break


def _nice_step(extent: float) -> float:
    for step in (0.5, 1, 2, 5, 10, 20, 30, 45):
        if extent / step <= 8:
            return step
    return 60


# ---------------------------------------------------------------- the report page

LAYERS = ("mention", "quantity", "time", "place", "quote", "attribution", "claim", "framing", "removed")


def report_view(report: Report, analysis: Optional[Analysis]) -> dict:
    marks: list[Mark] = [Mark(rm.span.start, rm.span.end, "removed", None, f"not analysed: {rm.reason}")
                         for rm in report.removed]
    layers: dict[str, list[dict]] = {k: [] for k in LAYERS}
    if analysis is not None:
        for m in analysis.mentions:
            marks.append(Mark(m.span.start, m.span.end, "mention", None, f"{m.label}: {m.canonical}"))
            layers["mention"].append({"text": m.text, "detail": f"{m.label} → {m.canonical}", "span": m.span})
        for q in analysis.quantities:
            rng = f"[{_num(q.low)}, {_num(q.high)}] {q.hedge}" + (f" {q.counted}" if q.counted else "")
            marks.append(Mark(q.span.start, q.span.end, "quantity", None, rng))
            layers["quantity"].append({"text": q.text, "detail": rng, "span": q.span})
        for t in analysis.times:
            d = f"{t.start or '?'} .. {t.end or 'open'}" if t.resolved else f"unresolved: {t.note or ''}"
            marks.append(Mark(t.span.start, t.span.end, "time", None, d))
            layers["time"].append({"text": t.text, "detail": d, "span": t.span})
        for p in analysis.places:
            d = f"{p.name} ({p.lat:.3f}, {p.lon:.3f})" if p.resolved and p.lat is not None else "unresolved"
            marks.append(Mark(p.span.start, p.span.end, "place", None, d))
            layers["place"].append({"text": p.text, "detail": d, "span": p.span})
        for q in analysis.quotes:
            d = f"{'direct' if q.direct else 'indirect'}; speaker: {q.speaker or 'unknown'}"
            marks.append(Mark(q.span.start, q.span.end, "quote", None, d))
            layers["quote"].append({"text": q.text, "detail": d, "span": q.span})
        for at in analysis.attributions:
            d = f"source: {at.source} ({at.kind})"
            marks.append(Mark(at.span.start, at.span.end, "attribution", None, d))
            layers["attribution"].append({"text": at.span.text(report.text), "detail": d, "span": at.span})
        for c in analysis.claims:
            d = " · ".join(x for x in (c.actor, c.predicate, c.object) if x) or "claim"
            if c.negated:
                d += " (negated)"
            if c.source:
                d += f" — per {c.source}"
            layers["claim"].append({"text": c.text, "detail": d, "span": c.span})
        for t in analysis.framing:
            d = f"{t.kind}" + (f" → {t.target}" if t.target else "")
            marks.append(Mark(t.span.start, t.span.end, "framing", None, d))
            layers["framing"].append({"text": t.text, "detail": d, "span": t.span})
    for rm in report.removed:
        layers["removed"].append({"text": rm.span.text(report.text)[:200], "detail": rm.reason, "span": rm.span})
    return {"report": report, "name": report_name(report), "url": safe_url(report.url),
            "segments": segment(report.text, marks), "layers": layers,
            "notes": list(analysis.notes) if analysis else ["not analysed yet"],
            "pipeline": analysis.pipeline_version if analysis else None}


def _num(v: Optional[float]) -> str:
    if v is None:
        return "∞"
    return f"{v:g}"
