"""One quotation, worded differently in two reports: "We have learned something important since the days that I
served in Vietnam" against "... something very important ...". The same words cannot have been said both ways,
so a fact-checker wants to see it.

Direct quotes of different reports are compared word by word (difflib on words folded to lower case, without
punctuation, with the tokenised-apostrophe spelling of the corpus joined up: "We ’ ve" is "we've"). Two quotes
are one quotation when their common words cover at least ``MIN_SHARED`` of the shorter one and at least
``MIN_WORDS`` words; they differ when a word is changed, added or dropped strictly inside the stretch both
quote. One quote being a part of the other (a report quoting less) is no difference, nor are contractions
("we are" / "we're", "sector's" / "sector is"), initials ("FBI" / "F.B.I."), a writer's bracketed insertions, a
lone "and", "the" or "who", or one word spelt or spaced differently ("onto" / "on to", "polices" / "policies").
"""
from __future__ import annotations

import difflib
import re
from typing import Sequence

from ..model import Analysis, Span

MIN_WORDS = 6
MIN_SHARED = 0.8
_APOSTROPHE = re.compile(r"\s*[’'‘`]\s*")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CONTRACTIONS = {"we're": "we are", "i'm": "i am", "it's": "it is", "don't": "do not", "can't": "can not",
                 "cannot": "can not", "won't": "will not", "didn't": "did not", "isn't": "is not",
                 "we've": "we have", "i've": "i have", "they're": "they are", "you're": "you are",
                 "that's": "that is", "there's": "there is", "he's": "he is", "she's": "she is", "who's": "who is",
                 "doesn't": "does not", "wasn't": "was not", "aren't": "are not", "we'll": "we will",
                 "i'll": "i will", "they've": "they have", "couldn't": "could not", "wouldn't": "would not"}


_EDITORIAL = re.compile(r"\([^)]{0,40}\)|\[[^\]]{0,40}\]")
_INITIALS = re.compile(r"\b(?:[a-z]\.\s?){2,}")
# words whose presence or absence alone says nothing of what was said ("James Bond, the president" / "James
# Bond and the president")
TRIVIAL = {"and", "the", "a", "an", "of", "to", "in", "that", "who", "which", "or", "but", "so", "then", "well", "um",
           "uh", "oh"}


def words(text: str) -> list[str]:
    """Folded words of a quote: contractions expanded, initials joined ("F.B.I." is "fbi"), and a writer's
    insertions in brackets ("these (local) supervisors") left out."""
    t = _EDITORIAL.sub(" ", text.lower())
    t = _INITIALS.sub(lambda m: re.sub(r"[.\s]", "", m.group(0)) + " ", t)
    t = _APOSTROPHE.sub("'", t)
    out: list[str] = []
    for w in _WORD.findall(t):
        out.extend(_CONTRACTIONS.get(w, w).split())
    return out


def differences(a: str | list[str], b: str | list[str]) -> list[tuple[str, str]] | None:
    """(words of a, words of b) for each change strictly inside the stretch both quote, or None when the two are
    not one quotation. An empty list: one quotation, worded alike. Takes texts or their ``words``."""
    wa = words(a) if isinstance(a, str) else a
    wb = words(b) if isinstance(b, str) else b
    if min(len(wa), len(wb)) < MIN_WORDS:
        return None
    sm = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    blocks = [m for m in sm.get_matching_blocks() if m.size]
    shared = sum(m.size for m in blocks)
    if not blocks or shared < MIN_WORDS or shared < MIN_SHARED * min(len(wa), len(wb)):
        return None
    first, last = blocks[0], blocks[-1]
    lo_a, lo_b = first.a, first.b
    hi_a, hi_b = last.a + last.size, last.b + last.size
    out = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal" or i1 < lo_a or j1 < lo_b or i2 > hi_a or j2 > hi_b:
            continue
        if i1 == lo_a and j1 == lo_b or i2 == hi_a and j2 == hi_b:
            continue          # at an end of the shared stretch: one report quotes less
        if set(wa[i1:i2]) | set(wb[j1:j2]) <= TRIVIAL or _spelling(wa[i1:i2], wb[j1:j2]):
            continue
        out.append((" ".join(wa[i1:i2]), " ".join(wb[j1:j2])))
    return out


def _spelling(a: list[str], b: list[str]) -> bool:
    """The same words spelt or spaced differently: 'on to' / 'onto', 'anti jobs' / 'antijobs', 'polices' /
    'policies', 'employee' / 'employees', "sector's" / 'sector is'."""
    from rapidfuzz.distance import Levenshtein
    ja, jb = "".join(a), "".join(b)
    if not ja or not jb:
        return False
    if ja == jb or {ja, jb} == {"is", "has"}:      # "who's" is "who is" or "who has"
        return True
    if min(len(ja), len(jb)) >= 5 and Levenshtein.distance(ja, jb) <= 1 + min(len(ja), len(jb)) // 12:
        return True
    for x, y in ((a, b), (b, a)):
        if len(x) == 1 and len(y) == 2 and x[0].endswith("'s") and x[0][:-2] == y[0] and y[1] in ("is", "has"):
            return True
    return False


def wording_conflicts(analyses: Sequence[Analysis], label=lambda k: f"report {k + 1}"
                      ) -> list[tuple[list[Span], str, str]]:
    """(evidence spans, summary, rule) for each quotation that reports word differently: one finding per
    quotation, holding every report's wording of it that differs from the first report's."""
    found = []
    quotes = [(k, q, w, set(w)) for k, a in enumerate(analyses) for q in a.quotes if q.direct
              for w in [words(q.text)] if len(w) >= MIN_WORDS]
    covered: set[tuple[int, int]] = set()
    for x, (ka, qa, wa, sa) in enumerate(quotes):
        if (ka, qa.span.start) in covered:
            continue
        spans, changes = [qa.span], []
        for kb, qb, wb, sb in quotes[x + 1:]:
            if kb == ka or (kb, qb.span.start) in covered or any(s.report == qb.span.report for s in spans):
                continue
            # the words both share bound what difflib can find in common: most pairs stop here
            if len(sa & sb) < MIN_SHARED * min(len(sa), len(sb)):
                continue
            diff = differences(wa, wb)
            if diff:
                spans.append(qb.span)
                covered.add((kb, qb.span.start))
                for u, v in diff:
                    if u and v:
                        changes.append(f"\u201c{u}\u201d in {label(ka)}, \u201c{v}\u201d in {label(kb)}")
                    elif v:
                        changes.append(f"\u201c{v}\u201d only in {label(kb)}")
                    else:
                        changes.append(f"\u201c{u}\u201d only in {label(ka)}")
        if len(spans) < 2:
            continue
        covered.add((ka, qa.span.start))
        short = qa.text if len(qa.text) <= 90 else qa.text[:87] + "..."
        found.append((spans, f"The quotation \u201c{short.rstrip(' ,')}\u201d is worded differently: "
                             f"{'; '.join(dict.fromkeys(changes[:3]))}.",
                      f"one quotation (at least {int(MIN_SHARED * 100)}% of its words shared) differs inside the "
                      "stretch both reports quote"))
    return found
