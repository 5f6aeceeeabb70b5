"""Boilerplate lines in plain text: recorded as Removed spans, never cut out of the text.

Line-based and conservative: a line is boilerplate only when the whole (short) line matches one of the
patterns below, so a news sentence that merely contains "comments" or "share" is never touched. Offsets are
into the original text; adjacent lines with the same reason are merged into one span.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..model import Removed, Span

MAX_LINE = 200   # longer lines are prose, never boilerplate

_I = re.IGNORECASE
_RULES: list[tuple[str, re.Pattern]] = [
    ("comment-section footer", re.compile(
        r"^(?:comments?(?:\s*\(\d+\))?|\d+\s+comments?|show comments|view comments|load comments|"
        r"leave a (?:comment|reply)|add a comment|post a comment|join the (?:conversation|discussion)|"
        r"comment on this (?:story|article)|conversation|discussion)[\s:.!]*$", _I)),
    ("comment-section footer", re.compile(
        r"^(?:please\s+)?(?:let us know if you(?:'|’)re having (?:issues|problems|trouble) with commenting|"
        r"(?:you must )?(?:log|sign) ?in to (?:comment|post|reply)|"
        r"comments? (?:are|is) (?:closed|moderated|disabled)|"
        r"(?:read|see) our (?:comment(?:ing)? policy|community (?:guidelines|standards))).*$", _I)),
    ("share/subscribe prompt", re.compile(
        r"^(?:share (?:this|on|via)\b|share:?$|tweet this\b|email this\b|print this\b|"
        r"subscribe\b|sign up (?:for|to)\b|get (?:our|the) (?:free )?(?:daily |weekly )?newsletter|"
        r"(?:join|subscribe to) our (?:\w+ )?(?:newsletter|mailing list|channel)|"
        r"follow us\b|follow @\w+|like us on facebook|download (?:our|the) app\b|"
        r"support (?:our|independent) journalism\b|(?:facebook|twitter|x|whatsapp|linkedin|reddit|email)"
        r"(?:\s*[|/·•,]\s*(?:facebook|twitter|x|whatsapp|linkedin|reddit|email|print))+)", _I)),
    ("copyright line", re.compile(
        r"^(?:©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4}))|all rights reserved\.?\s*$", _I)),
    ("click-here prompt", re.compile(r"^(?:\W*)click here\b|\bclick here (?:to|for)\b", _I)),
    ("read-more link", re.compile(
        r"^(?:read more|read also|also read|more from|related(?: stories| articles| coverage)?|"
        r"recommended|see also|watch)\s*(?:[:>»|–—-]|$)|^read more\b", _I)),
    ("advertisement", re.compile(
        r"^(?:advertisement|advertising|sponsored(?: content)?|ad|story continues below(?: advertisement)?|"
        r"article continues below(?: advertisement)?)[\s:.]*$", _I)),
    ("photo credit", re.compile(
        r"^\(?(?:photo(?:graph)?s?|image|picture|credit|file photo)(?:\s+credits?)?\s*(?::|by\b)|"
        r"^\((?:ap|afp|reuters|getty|epa)\b[^)]*\bphoto\b[^)]*\)\s*$|"
        r"[/|]\s*(?:getty images|afp|reuters|ap photo|shutterstock|epa)(?: via getty images)?\s*\)?\s*$|"
        r"\b(?:reuters|afp|ap|epa)/[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}\s*\)?\s*$", _I)),
]


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line's non-blank content."""
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            yield pos + lead, pos + lead + len(stripped)
        pos += len(raw) + 1


def classify_line(line: str) -> str | None:
    """The boilerplate reason for one stripped line, or None for news text."""
    if len(line) > MAX_LINE:
        return None
    for reason, pattern in _RULES:
        if pattern.search(line):
            return reason
    return None


def find_boilerplate(text: str, report_id: str) -> tuple[Removed, ...]:
    """Removed spans for the boilerplate lines of ``text`` (a report's id for the spans)."""
    found: list[tuple[int, int, str]] = []
    for start, end in _lines(text):
        reason = classify_line(text[start:end])
        if reason is None:
            continue
        if found and found[-1][2] == reason and not text[found[-1][1]:start].strip():
            found[-1] = (found[-1][0], end, reason)
        else:
            found.append((start, end, reason))
    return tuple(Removed(Span(report_id, s, e), r) for s, e, r in found)
