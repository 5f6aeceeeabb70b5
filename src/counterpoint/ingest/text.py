"""Bytes -> text: encoding, binary detection, emptiness and language checks.

Every check raises :class:`ValueError` with a short reason; the caller adds the source name (InputError /
Rejection). Newlines are translated the way Python's text mode reads a file (``\\r\\n`` and ``\\r`` -> ``\\n``)
so offsets match ``Path.read_text()``, which is how users and the case scorer read the same files.
"""
from __future__ import annotations

import codecs
from typing import Optional

SNIFF = 8192              # bytes looked at for the binary check
MIN_LANGUAGE_LETTERS = 40  # fewer letters than this: too short to judge the language
LANGUAGE_CONFIDENCE = 0.9  # reject only when the detector is this sure it is not English
LANGUAGE_SAMPLE = 5000     # characters given to the detector

_CONTROL_OK = {"\t", "\n", "\r", "\f", "\v"}


def looks_like_text(text: str) -> bool:
    """True when almost no characters are control characters or replacement/unassigned code points."""
    if not text:
        return True
    sample = text[:SNIFF]
    bad = sum(1 for ch in sample
              if (ch < " " and ch not in _CONTROL_OK) or "\x7f" <= ch <= "\x9f" or ch == "\ufffd")
    return bad / len(sample) < 0.01


def is_binary(data: bytes) -> bool:
    """NUL bytes (outside UTF-16 text) or many control bytes in the first few KB."""
    head = data[:SNIFF]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    if not head:
        return False
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 11, 27))
    return control / len(head) > 0.05


def decode(data: bytes, declared: Optional[str] = None) -> str:
    """Decode bytes to text, trying a declared charset, then UTF-8 (BOM aware), UTF-16 with BOM, cp1252 and
    latin-1 (the last two only when the result looks like text). Raises ValueError otherwise."""
    if is_binary(data):
        raise ValueError("binary file (not text)")
    candidates: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        candidates.append("utf-8-sig")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates.append("utf-16")
    if declared:
        candidates.append(declared)
    candidates += ["utf-8", "cp1252", "latin-1"]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if looks_like_text(text):
            return normalise_newlines(text)
    raise ValueError("cannot decode the bytes as text (tried utf-8, utf-16 with BOM, cp1252, latin-1); "
                     "save the file as UTF-8")


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def check_not_empty(text: str, min_chars: int = 1) -> None:
    if sum(1 for ch in text if not ch.isspace()) < max(min_chars, 1):
        raise ValueError("empty (no text)" if not text.strip() else f"too short (fewer than {min_chars} characters)")


_IDENTIFIER = None


def _identifier():
    global _IDENTIFIER
    if _IDENTIFIER is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
        _IDENTIFIER = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _IDENTIFIER


def detect_language(text: str) -> Optional[str]:
    """ISO 639-1 code, or None when there are too few letters to judge or the detector is unsure."""
    sample = text[:LANGUAGE_SAMPLE]
    if sum(1 for ch in sample if ch.isalpha()) < MIN_LANGUAGE_LETTERS:
        return None
    lang, prob = _identifier().classify(sample)
    if lang != "en" and prob < LANGUAGE_CONFIDENCE:
        return None
    return lang


def check_language(text: str) -> Optional[str]:
    """The detected language; raises ValueError when the text is confidently not English."""
    lang = detect_language(text)
    if lang is not None and lang != "en":
        raise ValueError(f"unsupported language: {lang} (counterpoint reads English reports)")
    return lang
