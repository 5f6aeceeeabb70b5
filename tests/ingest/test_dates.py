"""Published values and datelines -> ISO dates."""
import datetime as dt

import pytest

from counterpoint.ingest.dates import find_dateline, normalise_published


@pytest.mark.parametrize("text, expected", [
    ("BEIRUT, Dec. 2, 2024 (Reuters) - Hundreds of fighters crossed.", "2024-12-02"),
    ("KYIV, Ukraine, Sept. 3, 2023 (AP) — Russian drones struck.", "2023-09-03"),
    ("Monday, 2 December 2024\nHundreds of fighters crossed.", "2024-12-02"),
    ("Syria news\nPublished: 2024-12-02\nHundreds of fighters crossed.", "2024-12-02"),
    ("Posted on December 1st, 2024 at 10:00\nText.", "2024-12-01"),
    ("Updated: Dec 3, 2024\nPublished: Dec 1, 2024\nText.", "2024-12-01"),
    ("Updated: Dec 3, 2024\nText of the report.", "2024-12-03"),
])
def test_datelines(text, expected):
    assert find_dateline(text) == expected


@pytest.mark.parametrize("text", [
    "On Monday, Dec. 2, 2024, militias crossed the border.",        # an event date in a sentence
    "March 5, 2021 was the day the talks began.",
    "Militias crossed.\nMore text.\nMore.\nMore.\nMore.\nMore.\nPublished: 2024-12-02",  # too far down
    "No date at all in this report.",
    "BEIRUT, Feb. 30, 2024 (Reuters) - impossible day.",
])
def test_no_dateline(text):
    assert find_dateline(text) is None


@pytest.mark.parametrize("value, expected", [
    ("2024-12-02", "2024-12-02"),
    (" 2024-12-02 ", "2024-12-02"),
    ("2024-12-02T10:30:00Z", "2024-12-02T10:30:00+00:00"),
    ("2024-12-02 10:30", "2024-12-02T10:30:00"),
    ("2 December 2024", "2024-12-02"),
    ("Dec. 2, 2024", "2024-12-02"),
    ("7/23/17", "2017-07-23"),
    (dt.date(2024, 12, 2), "2024-12-02"),
])
def test_normalise_published(value, expected):
    assert normalise_published(value) == expected


@pytest.mark.parametrize("value, message", [
    ("yesterday", "cannot read 'yesterday'"),
    ("2024-13-01", "cannot read"),
    ("12/1/16", "ambiguous"),
    ("1850-01-01", "out of range"),
    ("", "empty"),
    (20241202, "expected a date string"),
])
def test_bad_published(value, message):
    with pytest.raises(ValueError, match=message):
        normalise_published(value)
