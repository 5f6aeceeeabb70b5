"""Direct quotations: pairing quote marks in raw text, robust to odd counts and to multi-paragraph quotes.

Curly marks are directional; straight ``"`` marks are paired by their surroundings (an opener follows a space or
a bracket, a closer precedes a space or punctuation). A mark left open at the end of a paragraph is dropped,
unless the next paragraph opens a quote again (the news convention for a quote running over paragraphs), in
which case the quote ends at the paragraph end and is marked ``continued``. Nothing here raises on unbalanced
marks: an unmatched mark is simply not a quote.
"""
from __future__ import annotations

from dataclasses import dataclass

OPENERS = "“„«"
CLOSERS = "”»"
STRAIGHT = '"'


@dataclass(frozen=True)
class QuoteMarks:
    start: int          # first character of the content (after the opening mark)
    end: int            # end of the content (the closing mark's index), exclusive
    closed: bool = True     # False: ran to the paragraph end and continues in the next paragraph

    @property
    def outer(self) -> tuple[int, int]:
        return self.start - 1, self.end + (1 if self.closed else 0)


def _looks_opening(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-:;/") and not after.isspace()


def _looks_closing(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-'’")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_quote_marks(text: str, min_chars: int = 2) -> list[QuoteMarks]:
    """Spans of quoted content in ``text`` (marks excluded), in text order."""
    out: list[QuoteMarks] = []
    open_at: int | None = None

    def emit(s: int, e: int, closed: bool = True) -> None:
        s2, e2 = _trim(text, s, e)
        if e2 - s2 >= min_chars:
            out.append(QuoteMarks(s2, e2, closed))

    n = len(text)
    for i, c in enumerate(text):
        if c == "\n":
            if open_at is not None:
                j = i
                while j < n and text[j].isspace():
                    j += 1
                if j < n and text[j] in OPENERS + STRAIGHT and j > i:
                    emit(open_at + 1, i, closed=False)
                open_at = None
        elif c in OPENERS:
            open_at = i          # an earlier unclosed opener is abandoned
        elif c in CLOSERS:
            if open_at is not None:
                emit(open_at + 1, i)
                open_at = None
        elif c == STRAIGHT:
            if open_at is None:
                if not _looks_closing(text, i) or _looks_opening(text, i):
                    open_at = i
            elif text[open_at] == STRAIGHT or text[open_at] in OPENERS:
                if _looks_opening(text, i) and not _looks_closing(text, i):
                    open_at = i   # a second opener: the first mark was stray
                else:
                    emit(open_at + 1, i)
                    open_at = None
    return out
