"""Framing terms: the labels and evaluative words a report attaches to an actor or a fact.

A lexicon word alone is not a framing term: each one is tied to the entity or clause it colours ("dictator"
-> Bashar Assad; "brutal al-Qaeda offshoot" -> Hayat Tahrir al-Sham; "stubbornly insisting" -> Assad). The
comparison then keeps the wording one report uses and another does not for the same actor or fact.
"""
from __future__ import annotations

import re
from typing import Sequence

from ..model import FramingTerm, Mention, Span
from .nlp import doc_text

# Labels put on actors (nouns used as titles or descriptors).
LABELS = {
    "dictator", "regime", "tyrant", "strongman", "autocrat", "despot", "warlord", "thug", "thugs", "terrorist",
    "terrorists", "militant", "militants", "jihadist", "jihadists", "extremist", "extremists", "insurgent",
    "insurgents", "rebel", "rebels", "offshoot", "radical", "radicals", "islamist",
    "islamists", "puppet", "junta", "mob", "rioters", "protesters", "activist", "activists", "hardliner",
    "hardliners", "zealot", "zealots", "cronies", "henchmen", "propaganda", "occupation", "occupiers",
}
# Evaluative adjectives / adverbs / verbs (intensity, judgement).
EVALUATIVE = {
    "brutal", "brutally", "massive", "embarrassment", "humiliating", "humiliation", "stubborn", "stubbornly",
    "amazing", "routed", "heartless", "shocking", "outrageous", "disgraceful", "reckless", "ruthless",
    "notorious", "infamous", "so-called", "moribund", "evidently", "slammed", "blasted", "lashed", "bloody",
    "bloodthirsty", "savage", "heroic", "valiant", "cowardly", "vicious", "devastating", "catastrophic",
    "staggering", "stunning", "swift", "surprising", "unwavering", "steadfast", "desperate", "desperately",
    "disastrous", "scandal", "scandalous", "controversial", "failed", "failing", "embattled", "beleaguered",
    "draconian", "harsh", "extreme", "radical", "fanatical", "hateful", "vile", "lavish", "lavishly",
    "ridiculous", "absurd", "disgrace", "pathetic", "crushing", "terrorize", "terrorized", "slaughter",
    "massacre", "butcher", "butchered", "pleaded", "begged", "erstwhile", "nominally", "jihadist",
}
_WORD = re.compile(r"[A-Za-z][A-Za-z\-’']*")


def _target(tok, mentions: Sequence[Mention]) -> str | None:
    """The entity a token colours: one it is part of / attached to, else the clause subject's entity."""
    def ent_at(t):
        for m in mentions:
            if m.span.start <= t.idx < m.span.end:
                return m.canonical
        return None
    for t in [tok, *tok.children, tok.head, *tok.head.children, tok.head.head]:
        found = ent_at(t)
        if found:
            return found
    verb = tok.head if tok.head.pos_ in ("VERB", "AUX") else tok.head.head
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            for t in c.subtree:
                found = ent_at(t)
                if found:
                    return found
    return None


def _extend(tok) -> tuple[int, int]:
    """A readable phrase around the word: adjective + noun, adverb + verb, label + name, verb + 'with ...'."""
    doc = tok.doc
    lo, hi = tok.i, tok.i
    if tok.i + 1 < len(doc) and doc[tok.i + 1].ent_iob_ == "B" and doc[tok.i + 1].ent_type_ in ("PERSON", "ORG"):
        j = tok.i + 1
        while j + 1 < len(doc) and doc[j + 1].ent_iob_ == "I":
            j += 1
        return doc[lo].idx, doc[j].idx + len(doc[j].text)
    if tok.dep_ in ("amod", "advmod", "compound", "nmod") and abs(tok.head.i - tok.i) <= 3:
        lo, hi = min(lo, tok.head.i), max(hi, tok.head.i)
    if tok.pos_ == "NOUN" and tok.dep_ in ("compound", "nmod") and tok.head.ent_type_:
        # "dictator Bashar Assad": the label and the whole name
        j = tok.head.i
        while j + 1 < len(doc) and doc[j + 1].ent_iob_ == "I":
            j += 1
        hi = max(hi, j)
        k = lo
        while k - 1 >= 0 and doc[k - 1].ent_iob_ == "I":
            k -= 1
        lo = k
    if tok.pos_ == "NOUN":
        for c in tok.children:
            if c.dep_ in ("amod", "compound") and c.i < tok.i:
                lo = min(lo, c.i)
    if tok.pos_ == "VERB":
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "with" and c.i == tok.i + 1:
                hi = max(hi, max(t.i for t in c.subtree))
            if c.dep_ == "advmod" and c.i == tok.i - 1:
                lo = c.i
    if tok.pos_ == "ADV" and tok.head.pos_ == "VERB" and tok.head.i == tok.i + 1:
        hi = tok.head.i
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


def extract_framing(doc, report_id: str, mentions: Sequence[Mention]) -> list[FramingTerm]:
    out: dict[tuple[int, int], FramingTerm] = {}
    text = None
    for tok in doc:
        low = tok.lower_
        if low not in LABELS and low not in EVALUATIVE:
            continue
        if tok.is_sent_start and low in LABELS and tok.dep_ in ("nsubj", "nsubjpass") and low in (
                "insurgents", "rebels", "militants", "protesters"):
            # A bare plural subject ("Insurgents, led by ...") is how both sides name them: not framing.
            continue
        kind = "label" if low in LABELS else "evaluative"
        target = _target(tok, mentions)
        if kind == "label" and target is None and low not in ("regime", "dictator", "jihadist", "offshoot"):
            continue
        start, end = _extend(tok)
        key = (start, end)
        if any(s <= start and end <= e for (s, e) in out):
            continue
        for k in [k for k in out if start <= k[0] and k[1] <= end]:
            del out[k]
        text = doc_text(doc) if text is None else text      # once: Doc.text re-joins every token on each access
        out[key] = FramingTerm(Span(report_id, start, end), text[start:end], target, kind)
    return sorted(out.values(), key=lambda f: (f.span.start, f.span.end))
