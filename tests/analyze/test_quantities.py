"""Quantities on the seed pair and hand-built sentences: intervals, hedges, what is counted, non-counts."""
from __future__ import annotations

from pathlib import Path

import pytest

from counterpoint.analyze.nlp import get_nlp
from counterpoint.analyze.quantities import extract_quantities, parse_number

SEED = Path(__file__).resolve().parents[3] / "shared" / "examples" / "seed-pair"


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


@pytest.fixture(scope="module")
def seed(nlp):
    if not SEED.is_dir():
        pytest.skip("seed pair not available")
    out = {}
    for key in ("a", "b"):
        text = (SEED / f"report-{key}.txt").read_text(encoding="utf-8")
        out[key] = (text, extract_quantities(nlp(text), key))
    return out


def find(qs, text):
    hits = [q for q in qs if q.text == text]
    assert hits, f"{text!r} not in {[q.text for q in qs]}"
    return hits[0]


def quantities(nlp, text):
    return extract_quantities(nlp(text), "t")


def test_seed_about_200_troops(seed):
    text, qs = seed["a"]
    q = find(qs, "about 200")
    assert (q.low, q.high, q.approx, q.hedge, q.counted) == (200, 200, True, "approx", "troop")
    assert q.counted_span.text(text) == "troops"
    assert text[q.span.start:q.span.end] == q.text


def test_seed_hundreds_of_fighters(seed):
    for key in ("a", "b"):
        text, qs = seed[key]
        q = find(qs, "Hundreds")
        assert (q.low, q.high, q.hedge, q.counted) == (200, 999, "vague", "fighter")


def test_seed_at_least_three_hundred_through_of_the(seed):
    text, qs = seed["b"]
    q = find(qs, "at least three hundred")
    assert (q.low, q.high, q.hedge, q.counted) == (300, None, "at_least", "fighter")
    assert q.counted_span.text(text) == "fighters"


def test_seed_dozens_of_towns_three_provinces(seed):
    _, qs = seed["b"]
    q = find(qs, "dozens")
    assert (q.low, q.high, q.hedge, q.counted) == (24, 99, "vague", "town")
    q = find(qs, "three")
    assert (q.low, q.high, q.hedge, q.counted) == (3, 3, "exact", "province")


def test_seed_no_years_or_ordinals(seed):
    for key in ("a", "b"):
        _, qs = seed[key]
        texts = [q.text for q in qs]
        assert "2011" not in texts and "second" not in texts
        assert [q.span.start for q in qs] == sorted(q.span.start for q in qs)


@pytest.mark.parametrize("sentence, text, low, high, hedge, counted, unit", [
    ("More than 40 rockets hit the base.", "More than 40", 40, None, "more_than", "rocket", None),
    ("Up to 50 men were held.", "Up to 50", None, 50, "at_most", "man", None),
    ("At most 12 boats left.", "At most 12", None, 12, "at_most", "boat", None),
    ("Fewer than 10 guards stayed.", "Fewer than 10", None, 10, "less_than", "guard", None),
    ("Between 20 and 30 people died.", "Between 20 and 30", 20, 30, "range", "people", None),
    ("Police said 20-30 protesters were hurt.", "20-30", 20, 30, "range", "protester", None),
    ("Five people and two villagers were hurt.", "Five", 5, 5, "exact", "people", None),
    ("Five people and two villagers were hurt.", "two", 2, 2, "exact", "villager", None),
    ("Thousands of refugees fled.", "Thousands", 2000, 9999, "vague", "refugee", None),
    ("Tens of thousands of refugees fled.", "Tens of thousands", 20000, 99999, "vague", "refugee", None),
    ("Scores of homes burned.", "Scores", 40, 99, "vague", "home", None),
    ("A dozen houses burned.", "A dozen", 12, 12, "exact", "house", None),
    ("Several cars burned.", "Several", 3, 9, "vague", "car", None),
    ("Several hundred protesters marched.", "Several hundred", 300, 900, "vague", "protester", None),
    ("A 5.6 magnitude quake struck.", "5.6 magnitude", 5.6, 5.6, "exact", None, "magnitude"),
    ("It struck 7 km from the town.", "7 km", 7, 7, "exact", None, "km"),
    ("Donors pledged $2 million in aid.", "$2 million", 2_000_000, 2_000_000, "exact", None, "usd"),
    ("Prices rose 40 percent in a day.", "40 percent", 40, 40, "exact", None, "%"),
    ("The army sent 1,500 soldiers.", "1,500", 1500, 1500, "exact", "soldier", None),
])
def test_intervals_and_hedges(nlp, sentence, text, low, high, hedge, counted, unit):
    q = find(quantities(nlp, sentence), text)
    assert (q.low, q.high, q.hedge, q.counted, q.unit) == (low, high, hedge, counted, unit)


@pytest.mark.parametrize("sentence", [
    "A 45-year-old man was arrested.",
    "The man, aged 45, was arrested.",
    "The man, 45 years old, was arrested.",
    "It was his second trip.",
    "The blast came at 3 p.m. local time.",
    "The war began in 2011.",
    "They met on Dec. 1 in the capital.",
    "They met on December 1, 2024 in the capital.",
    "The siege lasted three days.",
    "The council passed Resolution 2254.",
    "They joined three-way talks.",
])
def test_non_counts(nlp, sentence):
    assert quantities(nlp, sentence) == []


def test_approx_keeps_stated_figure(nlp):
    q = find(quantities(nlp, "Nearly 300 people fled."), "Nearly 300")
    assert (q.low, q.high, q.approx, q.hedge) == (300, 300, True, "approx")


def test_parse_number():
    assert parse_number("three hundred and fifty") == 350
    assert parse_number("2.5 million") == 2_500_000
    assert parse_number("a dozen") == 12
    assert parse_number("twenty-five") == 25
    assert parse_number("banana") is None


@pytest.mark.parametrize("sentence, text, low, high, hedge, unit, counted", [
    ("Anyone 21 or older can legally buy it.", "21 or older", 21, None, "at_least", None, None),
    ("Groups of 10 or fewer may meet.", "10 or fewer", None, 10, "at_most", None, None),
    ("She lived half a mile away.", "half a mile", 0.5, 0.5, "exact", "mi", None),
    ("She had moved about a mile and a half away.", "about a mile and a half", 1.5, 1.5, "approx", "mi", None),
    ("The camp is a quarter of a mile from the road.", "a quarter of a mile", 0.25, 0.25, "exact", "mi", None),
    ("NBC New York estimated the crowd at 70.", "70", 70, 70, "exact", None, "people"),
    ("The island has a population of 120,000.", "120,000", 120000, 120000, "exact", None, "people"),
])
def test_open_bounds_fractions_of_a_mile_and_crowds(nlp, sentence, text, low, high, hedge, unit, counted):
    q = find(quantities(nlp, sentence), text)
    assert (q.low, q.high, q.hedge, q.unit, q.counted) == (low, high, hedge, unit, counted)


def test_a_bare_a_mile_is_no_distance(nlp):
    assert not [q for q in quantities(nlp, "They won by a mile, after a mile-long queue.") if q.unit == "mi"]
