"""compare() on hand-built analyses: the rules fire on the slots, evidence points into the texts."""
import pytest

from counterpoint.config import Settings
from counterpoint.link import compare
from counterpoint.model import Analysis, Claim, Quantity, Report, Span, TimeRef, content_hash
from tests.link import compare_pair

SETTINGS = Settings(embeddings=False, align_threshold=0.3)


def _analysis(text, claims, quantities=(), times=(), published="2024-12-02", path=None):
    rid = content_hash(text)
    rep = Report(rid, text, path=path or f"{rid}.txt", published=published)
    built = []
    for n, (ctext, qidx, tidx, terms) in enumerate(claims):
        start = text.index(ctext)
        built.append(Claim(f"{rid}:c{n}", Span(rid, start, start + len(ctext)), ctext, n, predicate="cross",
                           quantities=qidx, times=tidx, terms=terms))
    qs = []
    for qtext, low, high, hedge, approx, counted in quantities:
        s = text.index(qtext)
        qs.append(Quantity(Span(rid, s, s + len(qtext)), qtext, low, high, approx, hedge, counted))
    ts = []
    for ttext, start, end, gran in times:
        s = text.index(ttext)
        ts.append(TimeRef(Span(rid, s, s + len(ttext)), ttext, start, end, gran, True))
    return Analysis(rep, "1", claims=tuple(built), quantities=tuple(qs), times=tuple(ts))


A_TEXT = "About 200 Iraqi fighters crossed into Syria on Monday. The weather in Paris was mild and pleasant today."
B_TEXT = "At least 300 Iraqi fighters crossed into Syria on Sunday. Officials in Rome opened a new museum of ancient art."


def _pair():
    a = _analysis(A_TEXT, [("About 200 Iraqi fighters crossed into Syria on Monday", (0,), (0,),
                            ("cross", "fighter", "ent:iraq", "ent:syri")),
                           ("The weather in Paris was mild and pleasant today", (), (), ("weather", "mild", "pleasant"))],
                  [("About 200", 200, 200, "approx", True, "fighter")],
                  [("on Monday", "2024-12-02T00:00:00", "2024-12-03T00:00:00", "day")], path="a.txt")
    b = _analysis(B_TEXT, [("At least 300 Iraqi fighters crossed into Syria on Sunday", (0,), (0,),
                            ("cross", "fighter", "ent:iraq", "ent:syri")),
                           ("Officials in Rome opened a new museum of ancient art", (), (), ("museum", "art", "open"))],
                  [("At least 300", 300, None, "at_least", False, "fighter")],
                  [("on Sunday", "2024-12-01T00:00:00", "2024-12-02T00:00:00", "day")], path="b.txt")
    return a, b


def test_quantity_conflict_and_time_partial_with_evidence():
    a, b = _pair()
    cmp = compare([a, b], SETTINGS)
    kinds = [(f.kind, f.slot) for f in cmp.findings]
    assert ("conflict", "quantity") in kinds
    assert ("partial", "time") in kinds          # Monday and Sunday touch at midnight
    conflict = next(f for f in cmp.findings if f.kind == "conflict")
    texts = {e.text for e in conflict.evidence}
    assert "About 200" in texts and "At least 300" in texts
    for f in cmp.findings:
        for e in f.evidence:
            src = a if e.span.report == a.report.id else b
            assert src.report.text[e.span.start:e.span.end] == e.text
    # conflicts come first, unique claims last
    order = [f.kind for f in cmp.findings]
    assert order.index("conflict") < order.index("agreement") < order.index("unique")


def test_unrelated_claims_are_unique_not_merged():
    a, b = _pair()
    cmp = compare([a, b], SETTINGS)
    uniques = [f for f in cmp.findings if f.kind == "unique"]
    assert {u.evidence[0].text for u in uniques} == {"The weather in Paris was mild and pleasant today",
                                                     "Officials in Rome opened a new museum of ancient art"}


def test_single_report_says_so():
    a, _ = _pair()
    cmp = compare([a], SETTINGS)
    assert cmp.findings == ()
    assert any("only one report" in n for n in cmp.notes)


def test_unrelated_reports_say_so():
    a = _analysis("The weather in Paris was mild and pleasant today in the city.",
                  [("The weather in Paris was mild and pleasant today", (), (), ("weather", "mild"))])
    b = _analysis("Officials in Rome opened a new museum of ancient art downtown.",
                  [("Officials in Rome opened a new museum of ancient art", (), (), ("museum", "art"))])
    cmp = compare([a, b], SETTINGS)
    assert any("do not appear to cover the same event" in n for n in cmp.notes)
    assert not [f for f in cmp.findings if f.kind in ("conflict", "partial", "agreement")]


def test_deterministic():
    a, b = _pair()
    assert compare([a, b], SETTINGS) == compare([b, a], SETTINGS)


def test_quoted_denial_is_no_outcome_conflict():
    a = "The shootings happened shortly after 8:30 p.m. Thursday at the plant, police said."
    b = 'Bishop, who was charged in another campus shooting, claimed the shootings "didn\'t happen."'
    cmp = compare_pair(a, b, "2010-09-10")
    assert not [f for f in cmp.findings if f.slot == "outcome"], [f.summary for f in cmp.findings]


def test_a_country_put_inside_another_contradicts_the_reports_naming_it():
    a = "The pirates will be handed over possibly at Djibouti in Ivory Coast, the warship's next port of call."
    b = "The warship may head for Djibouti on the horn of Africa, where the pirates will be handed over."
    c = "The pirates will be handed over in Nairobi in Kenya, officials said."
    cmp = compare_pair(a, b, "2008-12-14")
    found = [f for f in cmp.findings if f.kind == "conflict" and f.slot == "place" and "Ivory Coast" in f.summary]
    assert found and len(found[0].reports) == 2, [f.summary for f in cmp.findings]
    cmp = compare_pair(c, b, "2008-12-14")
    assert not [f for f in cmp.findings if f.summary.startswith("Where")]


@pytest.mark.parametrize("b_place, conflict", [
    ("he had misspoken at a 2008 event in Norfolk, Virginia", True),
    ("he had misspoken at the 2008 event in Norwalk", False),
    ("he had misspoken at three events in Norfolk, Virginia", False),     # several occasions: not the one
])
def test_one_occasion_put_in_two_towns_conflicts(b_place, conflict):
    a = ("Mr. Blumenthal spoke to veterans in Connecticut. In an interview on Monday, the attorney general said "
         "that he had misspoken about his service during the Norwalk event.")
    b = f"Mr. Blumenthal spoke to veterans in Connecticut. The attorney general said {b_place}."
    found = [f for f in compare_pair(a, b, "2010-05-18").findings if f.summary.startswith("Where the event")]
    assert len(found) == (1 if conflict else 0)
    if conflict:
        assert found[0].kind == "conflict" and {e.text for e in found[0].evidence} == {
            "Norwalk event", "event in Norfolk"}


def test_aligned_claims_a_fact_finding_sets_apart_are_no_plain_agreement():
    a = "A bomb exploded outside a bank in Woodburn on Wednesday. No one was hurt in the blast, police said."
    b = "A bomb exploded outside a bank in Woodburn on Wednesday. Two people were injured in the blast, witnesses said."
    findings = compare_pair(a, b, "2008-12-13").findings
    hurt = [f for f in findings if f.kind == "agreement" and f.slot is None and "hurt" in f.summary]
    assert len(hurt) == 1 and "details differ" in hurt[0].summary and "no slot in conflict" not in hurt[0].rule
    plain = [f for f in findings if f.kind == "agreement" and f.slot is None and "exploded" in f.summary]
    assert "details differ" not in plain[0].summary
