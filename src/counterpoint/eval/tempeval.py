"""TempEval-3 (TBAQ-cleaned TimeML) gold reader and TIMEX scorer.

Reads each ``.tml`` file's ``<TEXT>`` with the tags stripped (offsets are Python string indices into that plain
text), the document creation time (``<DCT>``) and the gold ``TIMEX3`` spans with type and value. Scores a
system's :class:`~counterpoint.model.TimeRef` list against them:

* span strict P/R/F1: exact (start, end) match;
* span relaxed P/R/F1: any character overlap (each gold and each system span matched at most once);
* value P/R/F1: a system time counts when it overlaps a gold TIMEX (relaxed match) and its ``value``, after
  normalisation, equals gold's value. P = correct / system times, R = correct / gold TIMEXes. This is the
  TempEval-3 "value F1" up to its tokenisation (TempEval-3 matches tokens, we match characters).

The gold data is not part of the repository; it is read from wherever the caller points.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTR = re.compile(r'([A-Za-z_]+)="([^"]*)"')


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str          # DATE | TIME | DURATION | SET
    value: str


@dataclass(frozen=True)
class TimeMLDoc:
    doc_id: str
    path: str
    text: str
    dct: Optional[str]          # ISO date of the document creation time
    timexes: tuple[GoldTimex, ...]


def _strip(fragment: str) -> tuple[str, list[GoldTimex]]:
    """Plain text of a TimeML fragment and the TIMEX3 elements in it (offsets into the plain text)."""
    out: list[str] = []
    pos = 0
    length = 0
    open_timex: Optional[tuple[int, dict]] = None
    timexes: list[GoldTimex] = []
    for m in _TAG.finditer(fragment):
        chunk = html.unescape(fragment[pos:m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name, attrs, selfclosing = m.group(1), m.group(2), m.group(3), m.group(4)
        if name != "TIMEX3" or selfclosing:
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(attrs)))
        elif open_timex is not None:
            start, a = open_timex
            text = "".join(out)[start:length]
            timexes.append(GoldTimex(start, length, text, a.get("type", ""), a.get("value", "")))
            open_timex = None
    out.append(html.unescape(fragment[pos:]))
    return "".join(out), timexes


def read_tml(path: Path) -> TimeMLDoc:
    raw = Path(path).read_text(encoding="utf-8")
    m = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    if m is None:
        raise ValueError(f"{path}: no <TEXT> element")
    text, timexes = _strip(m.group(1))
    dct = None
    d = re.search(r"<DCT>\s*<TIMEX3([^>]*)>", raw)
    if d:
        dct = dict(_ATTR.findall(d.group(1))).get("value")
    doc_id = re.search(r"<DOCID>(.*?)</DOCID>", raw)
    return TimeMLDoc(doc_id.group(1).strip() if doc_id else Path(path).stem, str(path), text, dct, tuple(timexes))


def read_tempeval(root: Path, limit: Optional[int] = None) -> Iterator[TimeMLDoc]:
    """All ``.tml`` documents under ``root`` in sorted path order."""
    paths = sorted(Path(root).rglob("*.tml"))
    if not paths:
        raise FileNotFoundError(f"{root}: no .tml files (expected TBAQ-cleaned with AQUAINT/ and TimeBank/)")
    for p in paths[:limit] if limit else paths:
        yield read_tml(p)


# ------------------------------------------------------------------ scoring

def normalise_value(value: Optional[str]) -> str:
    """Compare TIMEX values case-insensitively, without a trailing time-zone or seconds noise."""
    if not value:
        return ""
    v = value.strip().upper()
    v = re.sub(r"(T\d\d:\d\d):00$", r"\1", v)
    v = re.sub(r"-W0(\d)\b", r"-W\1", v)
    return v


@dataclass
class PRF:
    tp: int = 0
    system: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.system if self.system else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "system": self.system, "gold": self.gold}


@dataclass
class TimexScores:
    strict: PRF = field(default_factory=PRF)
    relaxed: PRF = field(default_factory=PRF)
    value: PRF = field(default_factory=PRF)
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)   # (doc, gold text, gold, ours)

    def as_dict(self) -> dict:
        return {"span_strict": self.strict.as_dict(), "span_relaxed": self.relaxed.as_dict(),
                "value": self.value.as_dict()}


def _pairs(gold: Sequence[GoldTimex], system: Sequence) -> list[tuple[int, int]]:
    """Greedy one-to-one overlap matching: the largest overlaps first, ties by position."""
    cands = []
    for i, g in enumerate(gold):
        for j, s in enumerate(system):
            ov = min(g.end, s.span.end) - max(g.start, s.span.start)
            if ov > 0:
                cands.append((-ov, i, j))
    cands.sort()
    used_g, used_s, out = set(), set(), []
    for _, i, j in cands:
        if i not in used_g and j not in used_s:
            used_g.add(i)
            used_s.add(j)
            out.append((i, j))
    return out


def score_document(doc: TimeMLDoc, times: Iterable, scores: TimexScores) -> TimexScores:
    """Add one document's figures to ``scores`` (times: TimeRef-like with .span and .value)."""
    times = list(times)
    gold = doc.timexes
    for prf in (scores.strict, scores.relaxed, scores.value):
        prf.system += len(times)
        prf.gold += len(gold)
    exact = {(g.start, g.end) for g in gold}
    scores.strict.tp += sum(1 for t in times if (t.span.start, t.span.end) in exact)
    pairs = _pairs(gold, times)
    scores.relaxed.tp += len(pairs)
    matched = {}
    for i, j in pairs:
        matched[i] = j
        if normalise_value(times[j].value) == normalise_value(gold[i].value):
            scores.value.tp += 1
        else:
            scores.misses.append((doc.doc_id, gold[i].text, gold[i].value,
                                  f"{times[j].text!r} -> {times[j].value}"))
    for i, g in enumerate(gold):
        if i not in matched:
            scores.misses.append((doc.doc_id, g.text, g.value, "(no span)"))
    return scores
