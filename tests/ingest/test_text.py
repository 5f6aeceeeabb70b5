"""Decoding, binary detection, emptiness and language checks."""
import codecs

import pytest

from counterpoint.ingest.text import check_language, check_not_empty, decode, detect_language, is_binary

ENGLISH = ("Hundreds of fighters from Iran-backed Iraqi militias entered Syria overnight to support the "
           "government in its battle against rebels who captured Aleppo last week.")
FRENCH = ("Des centaines de combattants des milices irakiennes soutenues par l'Iran sont entrés en Syrie "
          "pendant la nuit pour soutenir le gouvernement dans sa bataille contre les rebelles.")


def test_utf8_and_bom_variants_decode_to_the_same_text():
    text = "Café “quoted” — Araqchi\nsecond line"
    assert decode(text.encode("utf-8")) == text
    assert decode(codecs.BOM_UTF8 + text.encode("utf-8")) == text
    assert decode(text.encode("utf-16")) == text          # with BOM
    assert decode(text.encode("cp1252")) == text


def test_latin1_fallback_only_when_it_looks_like_text():
    assert decode("naïve façade".encode("latin-1")) == "naïve façade"
    with pytest.raises(ValueError, match="cannot decode"):
        decode(b"\x81\x8d\x8f\x90\x9d" * 40)


def test_newlines_read_as_python_text_mode_does():
    assert decode(b"a\r\nb\rc\n") == "a\nb\nc\n"


def test_binary_detection():
    assert is_binary(b"PK\x03\x04\x00\x00 some zip")
    assert not is_binary("plain text".encode("utf-16"))
    assert not is_binary(b"plain text\n")
    with pytest.raises(ValueError, match="binary"):
        decode(b"\x00\x01\x02\x03" * 100)


def test_empty_and_whitespace_only():
    with pytest.raises(ValueError, match="empty"):
        check_not_empty(" \n\t ")
    check_not_empty("x")
    with pytest.raises(ValueError, match="too short"):
        check_not_empty("abc", min_chars=10)


def test_language_is_judged_only_with_enough_letters():
    assert detect_language("Oui, merci.") is None
    assert detect_language(ENGLISH) == "en"
    assert check_language(ENGLISH) == "en"
    with pytest.raises(ValueError, match="unsupported language: fr"):
        check_language(FRENCH)
