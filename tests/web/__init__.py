"""Helpers for the web tests: a cheap stand-in analyser (regex sentences, content terms, a few quantity and
time patterns) so API tests need no spaCy; the browser and acceptance tests use the real pipeline."""
from __future__ import annotations

import re
from pathlib import Path

from counterpoint import PIPELINE_VERSION
from counterpoint.model import Analysis, Claim, Place, Quantity, Sentence, Span, TimeRef

SEED = Path(__file__).resolve().parents[2] / "examples" / "seed-pair"
STOP = set("the a an of to in on and or for from into with at by as is was were be been are that this it its "
           "their they them who which said says have has had not but than more most about least some".split())
NUMBERS = {"two hundred": 200, "three hundred": 300, "hundreds": None}
QTY = re.compile(r"\b(about|at least|nearly|some)?\s*(\d+|two hundred|three hundred)\s+(?:of the\s+)?(?:\w+\s+)?"
                 r"(fighters|troops|people)\b", re.I)
DAYS = {"sunday": "2024-12-01", "monday": "2024-12-02"}
PLACES = {"Aleppo": (36.2, 37.16), "Damascus": (33.51, 36.29), "Bou Kamal": (34.45, 40.92)}


def fake_analyze(reports, settings=None, progress=None):
    out = []
    for r in reports:
        sents, claims, qs, ts, ps = [], [], [], [], []
        for n, m in enumerate(re.finditer(r"[^.!?\n]+[.!?]?", r.text)):
            s, e = m.start(), m.end()
            if not m.group().strip():
                continue
            sents.append(Sentence(Span(r.id, s, e), m.group()))
            qidx, tidx = [], []
            for q in QTY.finditer(m.group()):
                value = q.group(2).lower()
                num = NUMBERS.get(value) if value in NUMBERS else float(value)
                hedge = {"about": "approx", "at least": "at_least"}.get((q.group(1) or "").lower(), "exact")
                low, high = num, (None if hedge == "at_least" else num)
                qidx.append(len(qs))
                qs.append(Quantity(Span(r.id, s + q.start(), s + q.end()), q.group(), low, high,
                                   hedge == "approx", hedge, "fighter"))
            for d in re.finditer(r"\b(Sunday|Monday)\b", m.group()):
                day = DAYS[d.group().lower()]
                tidx.append(len(ts))
                ts.append(TimeRef(Span(r.id, s + d.start(), s + d.end()), d.group(), day + "T00:00:00",
                                  None, "day", True, value=day))
            for name, (lat, lon) in PLACES.items():
                for p in re.finditer(re.escape(name), m.group()):
                    ps.append(Place(Span(r.id, s + p.start(), s + p.end()), name, name, lat, lon, "SY", "city"))
            words = {w.lower().rstrip("s") for w in re.findall(r"[A-Za-z]+", m.group())}
            terms = tuple(sorted(w for w in words if len(w) > 3 and w not in STOP))
            claims.append(Claim(f"{r.id}:c{n}", Span(r.id, s, e), m.group(), len(sents) - 1, predicate="cross",
                                quantities=tuple(qidx), times=tuple(tidx), terms=terms))
        out.append(Analysis(r, PIPELINE_VERSION, sentences=tuple(sents), quantities=tuple(qs), times=tuple(ts),
                            places=tuple(ps), claims=tuple(claims)))
    return out


def seed_items(published="2024-12-02"):
    return [{"text": (SEED / f"report-{k}.txt").read_text(encoding="utf-8"), "published": published,
             "title": f"Report {k.upper()}"} for k in "ab"]


class FakeAnalyzer:
    def __init__(self, settings=None):
        self.settings = settings

    def analyze_many(self, reports):
        return iter(fake_analyze(list(reports)))


def use_fake_analyzer(monkeypatch) -> None:
    """Route every analysis the web app asks for to ``fake_analyze``."""
    import counterpoint.api as api
    monkeypatch.setattr(api, "analyze_reports", fake_analyze)
    monkeypatch.setattr(api, "get_analyzer", lambda settings: FakeAnalyzer(settings))
