"""Name normalisation shared by within-report resolution and cross-report linking.

Transliterations of Arabic and Persian names vary ("Araghchi"/"Araqchi", "al-Assad"/"Assad",
"Bou Kamal"/"Abu Kamal"); we compare names through a key that drops articles and folds common variants.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

PARTICLES = {"al", "el", "al-", "el-", "the", "bin", "ibn", "de", "van", "von", "da"}
TITLES = {
    "president", "prime", "minister", "foreign", "king", "queen", "prince", "sheikh", "gen", "gen.", "general",
    "col", "col.", "colonel", "lt", "lt.", "sgt", "sgt.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.",
    "sen", "sen.", "senator", "rep", "rep.", "representative", "gov", "gov.", "governor", "mayor", "judge",
    "chief", "commander", "secretary", "spokesman", "spokeswoman", "ayatollah", "pope", "former", "deputy",
    "defense", "defence", "interior", "attorney", "officer", "director", "leader", "dictator", "chairman",
}


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, strip accents and punctuation, normalise apostrophes and dashes."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = t.replace("’", "'").replace("‘", "'").lower()
    t = re.sub(r"'s\b", "", t)
    t = re.sub(r"[^\w\s-]", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def name_tokens(text: str, drop_titles: bool = True) -> list[str]:
    return list(_name_tokens(text, drop_titles))


@lru_cache(maxsize=65536)
def _name_tokens(text: str, drop_titles: bool = True) -> tuple[str, ...]:
    toks = []
    for tok in re.split(r"[\s-]+", fold(text)):
        if not tok or tok in PARTICLES:
            continue
        if drop_titles and tok in TITLES:
            continue
        toks.append(tok)
    return tuple(toks)


@lru_cache(maxsize=65536)
def translit_key(token: str) -> str:
    """Fold transliteration variants of one name token: gh/q/k, ou/u/oo, doubled letters, vowels after the first."""
    t = token.lower()
    t = re.sub(r"^(al|el)(?=[a-z]{3,})", "", t) if len(t) > 6 and t[:2] in ("al", "el") else t
    t = t.replace("gh", "q").replace("kh", "h").replace("q", "k").replace("ck", "k").replace("c", "k")
    t = t.replace("ph", "f").replace("sh", "s").replace("dh", "d").replace("th", "t").replace("j", "y")
    t = re.sub(r"(.)\1+", r"\1", t)
    if not t:
        return t
    return t[0] + re.sub(r"[aeiouy]", "", t[1:])


def surname(text: str) -> str | None:
    toks = name_tokens(text)
    return toks[-1] if toks else None


@lru_cache(maxsize=65536)
def same_token(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) < 4 or len(b) < 4:
        return False
    return translit_key(a) == translit_key(b) or fuzz.ratio(a, b) >= 88


@lru_cache(maxsize=65536)
def names_match(a: str, b: str) -> bool:
    """Two full names of one person/group: same tokens up to transliteration, or one's tokens within the other's."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return False
    if same_token("".join(ta), "".join(tb)):
        return True
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if not same_token(short[-1], long_[-1]):
        return False
    used = 0
    for tok in short:
        if not any(same_token(tok, other) for other in long_):
            return False
        used += 1
    return used == len(short)
