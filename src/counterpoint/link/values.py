"""One value a report states, as the fact comparison holds it: a count, a measure, a time, a place, or words
read from the text ('choked on smoke', 'was expected to be indicted'), each held by the smallest claim that holds
it; and the event words a count is tied to."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from ..model import Analysis, Place, Quantity, Span, TimeRef

if TYPE_CHECKING:
    from .align import ClaimRef


# Event words a count is tied to, with the class of what such a count counts.
EVENTS = {
    "killed": re.compile(r"\b(?:kill\w*|dead|died|dies|die|deaths?|death toll|fatalit\w*|lives|bodies|perish\w*|"
                         r"slain|toll)\b", re.I),
    "injured": re.compile(r"\b(?:injur\w*|hurt|wound\w*|casualt\w*|hospitali[sz]\w*|treat(?:ed|ment))\b", re.I),
    "missing": re.compile(r"\b(?:missing|unaccounted)\b", re.I),
    "arrested": re.compile(r"\b(?:arrest\w*|detain\w*|captur\w*|custody|held)\b", re.I),
    "evacuated": re.compile(r"\b(?:evacuat\w*|displac\w*|homeless|moved from their homes|fled)\b", re.I),
    "rescued": re.compile(r"\b(?:rescu\w*|saved)\b", re.I),
    "trapped": re.compile(r"\b(?:trapped|hid|hiding|holed up|barricaded|locked themselves)\b", re.I),
    # a crowd's size: the gathering words, not who gathered ('protesters' are counted, and may be the killed)
    "gathered": re.compile(r"\b(?:(?i:gather\w*|crowds?|rall(?:y|ies|ied)|vigils?|turned out|turnout|took to the "
                           r"streets|attend(?:ed|ing|ance)|demonstrat(?:e|ed|es|ing)|protests?|protest(?:ed|ing)|"
                           r"march(?:ed|es|ing))|march)\b"),      # 'march' in lower case: not the month
}


@dataclass
class Value:
    ref: int                 # index into the claim refs (the most specific claim holding the value)
    report: int
    key: tuple
    quantity: Optional[Quantity] = None
    time: Optional[TimeRef] = None
    place: Optional[Place] = None
    qualifier: Optional[tuple[str, Span]] = None   # how precisely a place is given ('seven km east of', 'outskirts')
    context: str = ""                 # text just before a time ("about" 5:30 p.m.)
    source: Optional[str] = None      # who the report attributes the value to
    event: Optional[str] = None       # a count's event (killed, injured ...); a time's clause's (move, meet ...)
    also: tuple = ()                  # where else the report states the same value (restatements), as Spans
    also_refs: tuple = ()             # the claims of those restatements
    cause: Optional[tuple[str, Span, str]] = None   # how people died: (class, span, words)
    measure: Optional[str] = None     # what a sum measures, when the report names it ('in adjusted gross income')

    @property
    def text(self) -> str:
        if self.cause is not None:
            return self.cause[2]
        if self.place is not None and self.qualifier is not None:
            return self.qualifier[0].split(":", 1)[1] + " " + self.place.text
        return (self.quantity or self.time or self.place).text

    @property
    def span(self) -> Span:
        if self.cause is not None:
            return self.cause[1]
        if self.qualifier is not None:
            q = self.qualifier[1]
            p = self.place.span
            return Span(p.report, min(q.start, p.start), max(q.end, p.end))
        return (self.quantity or self.time or self.place).span


def claim_holding(refs_of_report: list[tuple[int, ClaimRef]], span: Span, overlap: bool = False) -> Optional[int]:
    """The smallest of a report's claims that holds ``span`` (or, with ``overlap``, touches it)."""
    sizes = [(r.claim.span.end - r.claim.span.start, i) for i, r in refs_of_report
             if (r.claim.span.overlaps(span) if overlap else r.claim.span.contains(span))]
    return min(sizes)[1] if sizes else None


def sentence_of(a: Analysis, pos: int) -> tuple[int, int]:
    """(start, end) of the analysed sentence holding offset ``pos`` of the report's text; the whole text when no
    sentence holds it."""
    starts = [s.span.start for s in a.sentences]
    k = bisect.bisect_right(starts, pos) - 1
    if k >= 0 and pos < a.sentences[k].span.end:
        return a.sentences[k].span.start, a.sentences[k].span.end
    return 0, len(a.report.text)


def read_matches(a: Analysis, k: int, mine, rx: re.Pattern, value, overlap: bool = True) -> list[Value]:
    """One value per match of ``rx`` in a report's text, held by the smallest claim holding (with ``overlap``,
    touching) the match. ``value(m, span)`` gives the value's key and fields, or None to skip the match."""
    out = []
    for m in rx.finditer(a.report.text):
        span = Span(a.report.id, m.start(), m.end())
        got = value(m, span)
        if got is None:
            continue
        ref = claim_holding(mine, span, overlap=overlap)
        if ref is not None:
            key, fields = got
            out.append(Value(ref, k, key, **fields))
    return out
