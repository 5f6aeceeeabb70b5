"""Entity mentions and within-report name resolution.

"Assad" -> "Bashar al-Assad" (surname of a full name in the report), "HTS" -> "Hayat Tahrir al-Sham" (from a
"(HTS)" definition or the curated acronyms), "Araghchi" -> "Abbas Araqchi" (transliteration of the surname),
"President Assad" -> the person. Pronouns are left alone here (quotes resolve their speakers separately).
"""
from __future__ import annotations

import re

from ..model import Mention, Span
from .nlp import doc_text
from .lexicon import ORGANISATIONS
from .names import fold, name_tokens, names_match, same_token

ENTITY_LABELS = {"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
# Acronyms the curated list defines (acronym -> full name); a definition in the text wins.
KNOWN_ACRONYMS = {
    "HTS": "Hayat Tahrir al-Sham", "PMF": "Popular Mobilization Forces", "SOHR": "Syrian Observatory for Human Rights",
    "IRGC": "Islamic Revolutionary Guard Corps", "SDF": "Syrian Democratic Forces", "ISIS": "Islamic State",
    "ISIL": "Islamic State", "USGS": "U.S. Geological Survey", "AP": "Associated Press",
    "AFP": "Agence France-Presse", "UN": "United Nations", "EU": "European Union",
}
_TRIM = re.compile(r"^(?:the|a|an)\s+", re.I)


def _clean(text: str) -> str:
    text = text.strip().strip(",.;:")
    text = re.sub(r"[’']s$", "", text)
    return _TRIM.sub("", text).strip()


def _acronym_of(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and w[0].isupper()]
    return "".join(w[0] for w in words)


def extract_mentions(doc, report_id: str) -> tuple[list[Mention], list[tuple[str, str]]]:
    """Named-entity mentions with canonical names, and the (alias, canonical) pairs learned on the way."""
    raw = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        text = _clean(ent.text)
        if not text or not any(c.isalpha() for c in text):
            continue
        start = ent.start_char + ent.text.find(text) if text in ent.text else ent.start_char
        raw.append((start, start + len(text), text, ent.label_))
    aliases: dict[str, str] = {}
    # "(HTS)" definitions: the entity right before a parenthesised acronym.
    for m in re.finditer(r"\(([A-Z][A-Z\-]{1,9})\)", doc_text(doc)):
        acr = m.group(1)
        before = [r for r in raw if r[1] <= m.start() and m.start() - r[1] <= 3]
        if before and _acronym_of(before[-1][2]).upper().startswith(acr.replace("-", "")[:2]):
            aliases[acr] = before[-1][2]
    fulls = [r for r in raw if len(name_tokens(r[2])) >= 2]
    org_names = {n for n, _ in ORGANISATIONS}
    mentions: list[Mention] = []
    for start, end, text, label in raw:
        canonical = text
        if text in aliases:
            canonical = aliases[text]
        elif text in KNOWN_ACRONYMS and text not in org_names - set(KNOWN_ACRONYMS):
            full = KNOWN_ACRONYMS[text]
            canonical = next((f[2] for f in fulls if names_match(f[2], full)), full)
        elif label in ("PERSON", "ORG") or len(name_tokens(text)) == 1:
            toks = name_tokens(text)
            if toks:
                # Prefer the longest full name in the report that this name is a part of.
                best = None
                for f in fulls:
                    if not _compatible(label, f[3]):
                        continue
                    if (f[0], f[1]) == (start, end):
                        continue
                    if names_match(text, f[2]) and len(name_tokens(f[2])) > len(toks):
                        if best is None or len(f[2]) > len(best[2]) or (f[0] < best[0] and len(f[2]) == len(best[2])):
                            best = f
                if best is not None:
                    canonical = best[2]
        label_out = label
        mentions.append(Mention(Span(report_id, start, end), text, label_out, canonical))
    # Canonical names that are themselves variants of an earlier canonical (b: "Abbas Araqchi" then
    # "Araghchi") are folded to the first full form.
    firsts: list[str] = []
    first_label: dict[str, str] = {}
    remap: dict[str, str] = {}
    for m in mentions:
        c = m.canonical
        if c in remap:
            continue
        target = next((f for f in firsts if f != c and _compatible(m.label, first_label[f]) and names_match(c, f)
                       and len(name_tokens(f)) >= len(name_tokens(c))), None)
        remap[c] = target or c
        if target is None:
            firsts.append(c)
            first_label[c] = m.label
    out = [Mention(m.span, m.text, _label_for(m, mentions, remap), remap[m.canonical]) for m in mentions]
    learned = sorted({(m.text, m.canonical) for m in out if fold(m.text) != fold(m.canonical)})
    return out, learned


def _compatible(a: str, b: str) -> bool:
    """Demonyms (NORP) never merge with places or people: 'Iraqi' is not 'Iraq'."""
    return (a == "NORP") == (b == "NORP")


def _label_for(m: Mention, mentions: list[Mention], remap: dict[str, str]) -> str:
    """Majority label of the entity (spaCy sm tags 'Assad' ORG now and then)."""
    if m.label not in ("PERSON", "ORG"):
        return m.label
    target = remap[m.canonical]
    labels = [x.label for x in mentions if remap[x.canonical] == target and x.label in ("PERSON", "ORG")]
    full = [x.label for x in mentions if remap[x.canonical] == target and x.text == target]
    if full:
        return full[0]
    return max(set(labels), key=labels.count) if labels else m.label


__all__ = ["extract_mentions", "same_token"]
