"""Direct quotations: pairing quote marks in raw text, robust to odd counts and to multi-paragraph quotes.

Work is paragraph by paragraph (a paragraph is a line; wire copy often puts one sentence on a line):

* Curly marks are directional. Straight ``"`` marks are paired in order when a paragraph holds an even number
  of them and no curly marks (the common case, whatever the spacing: ``lost, "the official said``); otherwise
  each is read by its surroundings: an opener follows a space or a bracket, a closer follows punctuation
  (``lost, "``) or precedes a space or punctuation.
* A mark left open at the end of a paragraph:
  - when the next paragraph opens a quote again (the news convention for a quote running over paragraphs),
    the quote ends at the paragraph end and is marked ``continued`` (``closed=False``);
  - when one of the next few paragraphs closes it first (a closing mark before any opening one, that
    paragraph holding an odd number of marks), the quote runs over the paragraphs to that closing mark;
  - otherwise it is dropped.
Nothing here raises on unbalanced marks: an unmatched mark is simply not a quote.
"""
from __future__ import annotations

from dataclasses import dataclass

OPENERS = "“„«"
CLOSERS = "”»"
STRAIGHT = '"'
MARKS = OPENERS + CLOSERS + STRAIGHT
# How far an unclosed quote may run on looking for its closing mark.
MAX_RUN_PARAGRAPHS = 6
MAX_RUN_CHARS = 2500


@dataclass(frozen=True)
class QuoteMarks:
    start: int          # first character of the content (after the opening mark)
    end: int            # end of the content (the closing mark's index), exclusive
    closed: bool = True     # False: ran to the paragraph end and continues in the next paragraph
    open_mark: int = -1     # index of the opening mark (-1: start - 1)
    close_mark: int = -1    # index of the closing mark (-1: end, or none when not closed)

    @property
    def outer(self) -> tuple[int, int]:
        lo = self.open_mark if self.open_mark >= 0 else self.start - 1
        if not self.closed:
            return lo, self.end
        return lo, (self.close_mark if self.close_mark >= 0 else self.end) + 1


def _looks_opening(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-:;/") and not after.isspace()


def _looks_closing(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-'’"):
        return True
    # detokenised wire copy: `lost, "the official said`
    return before == " " and i >= 2 and text[i - 2] in ",.!?"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, s = [], 0
    n = len(text)
    while s <= n:
        e = text.find("\n", s)
        if e < 0:
            e = n
        out.append((s, e))
        s = e + 1
    return out


def _is_closer(text: str, i: int) -> bool:
    c = text[i]
    return c in CLOSERS or (c == STRAIGHT and _looks_closing(text, i) and not _looks_opening(text, i)) or (
        c == STRAIGHT and _looks_closing(text, i) and text[i - 1] == " ")


def _pair_paragraph(text: str, marks: list[int], open_at: int | None):
    """Pair the marks of one paragraph; returns (pairs [(open, close)], still-open opener or None)."""
    pairs: list[tuple[int, int]] = []
    straight_only = all(text[i] == STRAIGHT for i in marks)
    if open_at is None and straight_only and marks and len(marks) % 2 == 0:
        return [(marks[k], marks[k + 1]) for k in range(0, len(marks), 2)], None
    for i in marks:
        c = text[i]
        if c in OPENERS:
            open_at = i          # an earlier unclosed opener is abandoned
        elif c in CLOSERS:
            if open_at is not None:
                pairs.append((open_at, i))
                open_at = None
        else:
            if open_at is None:
                if not _looks_closing(text, i) or _looks_opening(text, i):
                    open_at = i
            elif _looks_opening(text, i) and not _looks_closing(text, i):
                open_at = i      # a second opener: the first mark was stray
            else:
                pairs.append((open_at, i))
                open_at = None
    return pairs, open_at


def find_quote_marks(text: str, min_chars: int = 2) -> list[QuoteMarks]:
    """Spans of quoted content in ``text`` (marks excluded), in text order."""
    out: list[QuoteMarks] = []

    def emit(s: int, e: int, closed: bool = True) -> None:
        s2, e2 = _trim(text, s, e)
        if e2 - s2 >= min_chars:
            out.append(QuoteMarks(s2, e2, closed, s - 1, e if closed else -1))

    paras = _paragraphs(text)
    marks_in = [[i for i in range(s, e) if text[i] in MARKS] if any(m in text[s:e] for m in MARKS) else []
                for s, e in paras]
    p = 0
    carried: int | None = None      # an opener carried over from an earlier paragraph
    skip_to = 0                     # marks of paragraph p before this index are already used
    while p < len(paras):
        s, e = paras[p]
        marks = [i for i in marks_in[p] if i >= skip_to]
        pairs, open_at = _pair_paragraph(text, marks, carried)
        carried = None
        for a, b in pairs:
            emit(a + 1, b)
        if open_at is None:
            p += 1
            continue
        # an opener left open at the paragraph end
        q = p + 1
        while q < len(paras) and not text[paras[q][0]:paras[q][1]].strip():
            q += 1
        if q < len(paras) and text[paras[q][0]:paras[q][1]].lstrip()[:1] in OPENERS + STRAIGHT:
            emit(open_at + 1, e, closed=False)      # the quote goes on in the next paragraph
            p += 1
            continue
        # look for the paragraph that closes it
        closed_at = None
        r = p + 1
        while r < len(paras) and r - p <= MAX_RUN_PARAGRAPHS and paras[r][0] - open_at <= MAX_RUN_CHARS:
            ms = marks_in[r]
            if ms:
                first = ms[0]
                if len(ms) % 2 == 1 and _is_closer(text, first) and text[first] not in OPENERS:
                    closed_at = first
                break
            r += 1
        if closed_at is None:
            p += 1
            continue
        emit(open_at + 1, closed_at)
        p = r
        skip_to = closed_at + 1
    return out
