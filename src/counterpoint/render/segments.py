"""Split a report text at every highlight boundary so overlapping highlights render as properly nested tags.

A highlight is a layer (``removed``, ``evidence``, ``framing``) over ``[start, end)``. The text is cut at every
start and end; each piece lists the highlights covering it, outermost first (by layer, then earlier start,
then longer span). A renderer opens one element per covering highlight around each piece, so tags always
nest and no piece is ever inside a tag it should not be. A highlight's first piece is marked ``first`` so
that its anchor id is written exactly once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

LAYER_RANK = {"removed": 0, "evidence": 1, "framing": 2}


@dataclass(frozen=True)
class Highlight:
    layer: str                 # removed | evidence | framing
    start: int
    end: int
    key: str                   # unique per highlight: the anchor id where it has one
    data: Any = field(default=None, compare=False)

    def order(self) -> tuple:
        return (LAYER_RANK.get(self.layer, 9), self.start, -self.end, self.key)


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    text: str
    covering: tuple[Highlight, ...]   # outermost first
    first: frozenset[str]             # keys of highlights that begin in this piece


def segment(text: str, highlights: Iterable[Highlight]) -> list[Piece]:
    """Pieces that together are exactly ``text``; highlights are clamped to the text and empty ones dropped."""
    n = len(text)
    hs = []
    seen = set()
    for h in highlights:
        s, e = max(0, min(h.start, n)), max(0, min(h.end, n))
        if e <= s or h.key in seen:
            continue
        seen.add(h.key)
        hs.append(Highlight(h.layer, s, e, h.key, h.data))
    hs.sort(key=Highlight.order)
    cuts = sorted({0, n} | {h.start for h in hs} | {h.end for h in hs})
    pieces: list[Piece] = []
    started: set[str] = set()
    for a, b in zip(cuts, cuts[1:]):
        cover = tuple(h for h in hs if h.start <= a and b <= h.end)
        first = frozenset(h.key for h in cover if h.key not in started)
        started |= first
        pieces.append(Piece(a, b, text[a:b], cover, first))
    return pieces
