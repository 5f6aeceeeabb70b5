"""Boilerplate lines become Removed spans with offsets into the untouched text."""
import pytest

from counterpoint.ingest.boilerplate import classify_line, find_boilerplate


def covered(text, removed, needle):
    start = text.index(needle)
    end = start + len(needle)
    return any(r.span.start <= start and end <= r.span.end for r in removed)


def test_comment_footer_lines_are_one_span():
    text = "Officials said on Monday the talks would resume.\nCOMMENTS\n" \
           "Please let us know if you're having issues with commenting."
    removed = find_boilerplate(text, "r1")
    assert len(removed) == 1
    assert removed[0].reason == "comment-section footer"
    assert covered(text, removed, "COMMENTS")
    assert covered(text, removed, "Please let us know if you're having issues with commenting.")
    assert not covered(text, removed, "talks would resume")
    assert removed[0].span.report == "r1"


@pytest.mark.parametrize("line, reason", [
    ("Share this article", "share/subscribe prompt"),
    ("Subscribe to our newsletter", "share/subscribe prompt"),
    ("Sign up for our daily briefing", "share/subscribe prompt"),
    ("Follow us on Twitter", "share/subscribe prompt"),
    ("Facebook | Twitter | Email", "share/subscribe prompt"),
    ("© 2024 Example News Ltd. All rights reserved.", "copyright line"),
    ("Copyright 2024 The Associated Press.", "copyright line"),
    ("Click here to read the full statement", "click-here prompt"),
    ("Read more: Syria's war explained", "read-more link"),
    ("READ MORE", "read-more link"),
    ("Advertisement", "advertisement"),
    ("Photo: John Smith/Reuters", "photo credit"),
    ("(AP Photo/Ghaith Alsayed)", "photo credit"),
    ("Fighters near Aleppo on Sunday. REUTERS/Mahmoud Hassano", "photo credit"),
])
def test_boilerplate_lines(line, reason):
    assert classify_line(line) == reason


@pytest.mark.parametrize("line", [
    "The minister's comments drew sharp criticism from opposition lawmakers on Monday.",
    "Comments by the Iraqi prime minister suggested Baghdad was worried about the offensive.",
    "Shares of the state oil company fell 3 percent after the announcement.",
    "Copyright lawsuits against the broadcaster were dismissed last year.",
    "Readers followed the developments closely as rebels advanced on Hama.",
    "Hundreds of fighters entered Syria overnight to support the government.",
    "The photographer was detained at the border for two days.",
])
def test_news_sentences_stay(line):
    assert classify_line(line) is None
    text = line + "\nAnother sentence of the report follows here."
    assert find_boilerplate(text, "r") == ()


def test_text_is_never_altered_and_spans_point_at_the_lines():
    text = "  Advertisement  \nReal news line.\n\u00a9 2024 Outlet\n"
    removed = find_boilerplate(text, "r")
    assert [text[r.span.start:r.span.end] for r in removed] == ["Advertisement", "\u00a9 2024 Outlet"]
    assert [r.reason for r in removed] == ["advertisement", "copyright line"]


def test_long_lines_are_prose():
    line = "Subscribe " + "word " * 60
    assert classify_line(line.strip()) is None
