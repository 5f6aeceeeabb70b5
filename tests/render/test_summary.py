from counterpoint.model import Comparison
from counterpoint.render import render_summary

from . import make_comparison


def test_counts_then_conflicts_partials_agreements_unique():
    out = render_summary(make_comparison())
    lines = out.splitlines()
    assert lines[0] == "counterpoint: 2 reports, 5 findings (2 conflict, 1 partial, 1 agreement, 1 unique)"
    order = [out.index(s) for s in ("CONFLICTS (2)", "PARTIAL AGREEMENTS (1)", "AGREEMENTS (1)",
                                    "SINGLE-SOURCE CLAIMS (1)")]
    assert order == sorted(order)
    assert "\u201cAbout 200\u201d = 200 (approx), per Syrian Observatory" in out
    assert "\u201cat least three hundred\u201d = >= 300, per Iraqi security officials" in out
    assert "+ [actor] Both say Iraqi fighters crossed into Syria. (A, B; 2 origins)" in out
    assert "* A: Only report-a says Iran would provide support." in out
    assert "test note: hand-built" in out
    wide = render_summary(make_comparison(), width=200)
    assert ("1 entity, 1 quote, 2 attributions, 3 places (1 unresolved), 2 framing terms, "
            "1 boilerplate span removed") in wide
    assert "\x1b[" not in out


def test_width_and_color():
    out = render_summary(make_comparison(), width=60)
    assert max(len(line) for line in out.splitlines()) <= 60
    colored = render_summary(make_comparison(), color=True)
    assert "\x1b[31m" in colored and "\x1b[0m" in colored


def test_control_characters_from_reports_are_stripped():
    cmp = make_comparison(outlet_b="Evil\x1b[2J\x1b]0;title\x07 Outlet\u202e")
    out = render_summary(cmp)
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "Evil[2J]0;title Outlet" in out


def test_single_report_note():
    cmp = make_comparison()
    out = render_summary(Comparison(cmp.reports[:1], cmp.analyses[:1]))
    assert "only one report: nothing to compare" in out
    assert "1 report, 0 findings (no findings)" in out
    noted = render_summary(Comparison(cmp.reports[:1], cmp.analyses[:1],
                                      notes=("only one report: nothing to compare; its analysis is shown",)))
    assert noted.count("only one report") == 1
    assert "analysis: 0 claims" in noted


def test_deterministic():
    assert render_summary(make_comparison()) == render_summary(make_comparison())
    assert render_summary(Comparison((), ())).strip().endswith("no reports")
