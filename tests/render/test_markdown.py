from counterpoint.model import Comparison
from counterpoint.render import render_markdown

from . import TEXT_A, make_comparison


def test_sections_in_reading_order():
    md = render_markdown(make_comparison())
    heads = [line for line in md.splitlines() if line.startswith("### ")]
    assert heads == ["### Conflicts (2)", "### Partial agreements (1)", "### Agreements (1)",
                     "### Single-source claims (1)"]
    assert md.index("Quantity conflict") < md.index("Time differs") < md.index("Both say") < md.index("Only report-a")
    for h in ("## Entities (1)", "## Quotes (1)", "## Attributions (2)", "## Places (3)", "## Framing (2)",
              "## Removed as boilerplate (1)"):
        assert h in md
    assert md.startswith("# Comparison of 2 reports\n") and md.endswith("\n") and not md.endswith("\n\n")


def test_evidence_quoted_with_report_names_and_offsets():
    cmp = make_comparison()
    md = render_markdown(cmp)
    s = TEXT_A.index("About 200")
    assert f"> \u201cAbout 200\u201d \u2014 A (Militias cross into Syria), {s}\u2013{s + 9}" in md
    assert "> \u201cat least three hundred\u201d \u2014 B (Daily B), 30\u201352" in md
    assert "- **A** (Militias cross into Syria): \u201cAbout 200\u201d = 200 (approx) \u2014 per Syrian Observatory" in md
    assert "*Rule:* the intervals \\[180, 220\\] and \\[300, inf) do not overlap" in md
    assert "test note: hand-built" in md
    assert "| Abbas Araghchi | PERSON | 1 | 1 | Abbas Araghchi, Abbas Araqchi |" in md


def test_untrusted_text_cannot_inject_html_or_links():
    evil = "<script>alert(1)</script> [click](javascript:alert(1)) | *x* &amp;"
    md = render_markdown(make_comparison(title_a=evil, outlet_b="Outlet\nwith newline"))
    assert "<script>" not in md and "\\<script\\>" in md
    assert "[click]" not in md and "\\[click\\]" in md
    assert "\\&amp;" in md and "\\*x\\*" in md and "\\|" in md
    assert "Outlet with newline" in md


def test_deterministic_and_empty():
    assert render_markdown(make_comparison()) == render_markdown(make_comparison())
    md = render_markdown(Comparison((), ()))
    assert md.startswith("# Comparison of 0 reports") and "## Findings (0: none)" in md
