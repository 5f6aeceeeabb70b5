"""Fact-level comparison: counts keyed by what they count and their event, times read without a calendar."""
import pytest

from counterpoint.link.facts import quantity_event
from counterpoint.link.slots import compare_floating, compare_quantities, floating_time
from counterpoint.model import Quantity, Span, TimeRef
from tests.link import compare_pair, kinds_of


def _q(text, full, low, high, hedge="exact", approx=False, counted=None):
    s = full.index(text)
    return Quantity(Span("r", s, s + len(text)), text, low, high, approx, hedge, counted)


def _t(text, granularity="day"):
    return TimeRef(Span("r", 0, len(text)), text, None, None, granularity, False)


@pytest.mark.parametrize("full, number, event", [
    ("killing 10 people and injuring 80.", "10", "killed"),
    ("killing 10 people and injuring 80.", "80", "injured"),
    ("Ten people are killed and about 50 hurt.", "about 50", "injured"),
    ("Qeshm Gov. Heidar Alishvandi said 50 were injured.", "50", "injured"),
    ("Sixty residents were moved from their homes", "Sixty", "evacuated"),
    ("The quake struck 120 villages", "120", None),
    ("Seven employees were trapped near the shooter", "Seven", "trapped"),
])
def test_quantity_event_is_the_nearest_event_word_in_the_clause(full, number, event):
    assert quantity_event(full, _q(number, full, 1, 1)) == event


def test_at_least_n_against_n_agrees_but_a_lower_floor_is_partial():
    t = "at least 10 and 10 and at least 7 and at least 6"
    assert compare_quantities(_q("at least 10", t, 10, None, "at_least"), _q("10", t[12:], 10, 10))[0] == "agree"
    assert compare_quantities(_q("at least 7", t, 7, None, "at_least"), _q("at least 6", t, 6, None, "at_least"))[0] \
        == "partial"
    assert compare_quantities(_q("10", t, 5, 5), _q("10", t, 2, 2))[0] == "conflict"


@pytest.mark.parametrize("a, b, ctx_b, verdict", [
    (("Friday afternoon", "part_of_day"), ("5:30 p.m.", "minute"), "The bomb detonated around ", "partial"),
    (("about 2045 GMT", "minute"), ("8.49pm", "minute"), "", "partial"),
    (("Friday", "day"), ("Sunday", "day"), "", "conflict"),
    (("Friday", "day"), ("Saturday", "day"), "", "partial"),      # adjacent days touch, as calendar days do
    (("Friday night", "part_of_day"), ("early Saturday", "day"), "", "partial"),
    (("Friday", "day"), ("Friday", "day"), "", "agree"),
    (("10:30 a.m.", "minute"), ("3 p.m.", "minute"), "", "conflict"),
    (("this morning", "day"), ("Friday afternoon", "part_of_day"), "", None),   # no common day: no verdict
])
def test_times_compare_by_weekday_and_time_of_day_without_a_date(a, b, ctx_b, verdict):
    got, reason = compare_floating(_t(*a), _t(*b), "", ctx_b)
    assert got == verdict, reason


def test_floating_time_reads_weekday_part_and_clock():
    assert floating_time(_t("Friday afternoon", "part_of_day")) == (4, 720, 1080, "part")
    assert floating_time(_t("5:30 p.m.", "minute")) == (None, 1050, 1051, "clock")
    assert floating_time(_t("5:30 p.m.", "minute"), "around ")[1:3] == (1020, 1081)
    assert floating_time(_t("three days", "duration")) is None


@pytest.mark.slow
def test_casualty_counts_are_compared_fact_by_fact_across_reports():
    """The real pipeline: a report's 'killing 10 and injuring 80' against another's 'Ten killed and about 50
    hurt' is a conflict on the injured and not on the dead, whatever the sentences look like as wholes."""
    a = ("A powerful earthquake struck the island on Sunday, destroying homes in seven villages and killing "
         "10 people and injuring 80. Rescue teams reached the area by helicopter.")
    b = ("Ten people are killed and about 50 hurt as a strong earthquake levels villages on the island. "
         "The governor said relief supplies were on their way.")
    cmp = compare_pair(a, b, "2005-11-28")
    quantity = [f for f in cmp.findings if f.slot == "quantity"]
    injured = [f for f in quantity if f.kind == "conflict"]
    assert len(injured) == 1, [f.summary for f in quantity]
    texts = {e.text for e in injured[0].evidence}
    assert "80" in texts and "about 50" in texts
    assert "injured" in injured[0].summary
    assert not any(f.kind == "conflict" and any(e.text in ("10", "Ten") for e in f.evidence) for f in quantity)


@pytest.mark.parametrize("text, value", [("home to 120, 000 people", 120000), ("The 6. 1-magnitude quake", 6.1),
                                         ("Sixty residents were moved", 60), ("1,500 troops", 1500)])
def test_numbers_as_tokenised_text_writes_them(text, value):
    from counterpoint.analyze.quantities import _PATTERN, parse_number
    m = next(_PATTERN.finditer(text))
    assert parse_number(m.group("core")) == value


def test_unique_lists_single_source_details_and_skips_compared_figures():
    from counterpoint.config import Settings
    from counterpoint.link import compare
    from counterpoint.model import Analysis, Claim, Report, Sentence, content_hash

    def analysis(text, claims):
        rid = content_hash(text)
        built = []
        for n, c in enumerate(claims):
            s = text.index(c)
            built.append(Claim(f"{rid}:c{n}", Span(rid, s, s + len(c)), c, n, predicate="charge",
                               terms=("charge", "grimm", "fraud")))
        sents = tuple(Sentence(c.span, c.text) for c in built)
        return Analysis(Report(rid, text, path=f"{rid}.txt"), "1", sentences=sents, claims=tuple(built))

    a = analysis("Mr. Grimm, 44, was charged with fraud.", ["Mr. Grimm, 44, was charged with fraud."])
    b = analysis("Grimm was charged with fraud.", ["Grimm was charged with fraud."])
    cmp = compare([a, b], Settings(embeddings=False, align_threshold=0.3))
    uniques = [f for f in cmp.findings if f.kind == "unique"]
    assert [u.evidence[0].span.report for u in uniques] == [a.report.id]
    assert any(e.text == "44" for e in uniques[0].evidence) and "44" in uniques[0].summary


def test_distances_compare_in_metres():
    from counterpoint.link.facts import Value, compare_values
    t = "fell 200ft and about 200m and 2,000ft and about 600m"
    ft200 = _q("200ft", t, 200, 200)
    m200 = _q("about 200m", t, 200, 200, "approx", True)
    ft2000 = _q("2,000ft", t, 2000, 2000)
    m600 = _q("about 600m", t, 600, 600, "approx", True)
    key = ("quantity", "measure", "distance")

    def v(q, unit):
        import dataclasses
        return Value(0, 0, key, quantity=dataclasses.replace(q, unit=unit))
    assert compare_values(v(ft200, "ft"), v(m200, "m"))[0] == "conflict"      # 61 m against about 200 m
    assert compare_values(v(ft2000, "ft"), v(m600, "m"))[0] == "partial"      # 610 m is about 600 m
    assert "metres" in compare_values(v(ft200, "ft"), v(m200, "m"))[1]


def test_ages_ranges_and_hyphenated_scales_in_extraction():
    import spacy
    from counterpoint.analyze.quantities import extract_quantities
    nlp = spacy.blank("en")
    got = {q.text: q for q in extract_quantities(nlp("Robert Buckley, 32, died. Three or four robbers made off "
                                                     "with $137-million of jewels."), "r")}
    assert "32" not in got                                   # an age in apposition is not a count
    assert (got["Three or four"].low, got["Three or four"].high) == (3, 4)
    assert got["$137-million"].low == 137_000_000 and got["$137-million"].unit == "usd"


def test_rounded_figures_are_partial_and_approximate_ones_agree_with_the_exact_one():
    t = "$13.6 million and $13,625,777 and nearly $15 million and $15 million and $14 million"
    rounded = _q("$13.6 million", t, 13_600_000, 13_600_000)
    rounded = Quantity(rounded.span, rounded.text, rounded.low, rounded.high, False, "exact", None, None, "usd",
                       "13.6 million")
    exact = _q("$13,625,777", t, 13_625_777, 13_625_777)
    assert compare_quantities(rounded, exact)[0] == "partial"          # compatible at different precision
    nearly = _q("nearly $15 million", t, 15e6, 15e6, "approx", True)
    assert compare_quantities(nearly, _q("$15 million", t, 15e6, 15e6))[0] == "agree"
    other = Quantity(rounded.span, "$12 million", 12e6, 12e6, False, "exact", None, None, "usd", "12 million")
    assert compare_quantities(other, exact)[0] == "conflict"


def test_clock_times_in_different_zones_never_conflict():
    assert compare_floating(_t("1023 GMT", "minute"), _t("1:53 p.m.", "minute"))[0] is None
    assert compare_floating(_t("about 2045 GMT", "minute"), _t("8.49pm", "minute"), "", "")[0] == "partial"
    assert compare_floating(_t("10:30 a.m.", "minute"), _t("3 p.m.", "minute"))[0] == "conflict"


def test_place_qualifiers_say_how_precisely_a_place_is_given():
    from counterpoint.link.facts import Value, compare_values, place_qualifier
    from counterpoint.model import Place

    def place(text, name):
        s = text.index(name)
        return Place(Span("r", s, s + len(name)), name, name, 26.8, 55.9, "IR", "city", "gn:1")
    cases = {
        "which struck seven km (4 miles) east of Dargahan": ("bearing", "seven km (4 miles) east of"),
        "the quake on the outskirts of Dargahan, a small town": ("part", "the outskirts of"),
        "on Stadiou Street, downtown Athens": ("street", "Stadiou Street, downtown"),
        "a group on East 52nd street in Brooklyn": ("street", "East 52nd street in"),
        "a Harry Winston boutique on a posh Athens avenue": ("street", "a street of"),
        "in central Athens": ("part", "central"),
        "in the Dargahan area": None,
        "the Brooklyn neighborhood": None,
    }
    for text, want in cases.items():
        name = next(n for n in ("Dargahan", "Athens", "Brooklyn") if n in text)
        got = place_qualifier(text, place(text, name))
        assert (got[:2] if got else None) == want, text
        if got and got[1] == "a street of":      # named after the place: the span is both
            assert text[got[2].start:got[2].end] == "Athens avenue"
        elif got:
            assert text[got[2].start:got[2].end] == got[1]

    def value(text, name):
        p = place(text, name)
        q = place_qualifier(text, p)
        return Value(0, 0, ("place", "gn:1"), place=p, qualifier=(q[0] + ":" + q[1].lower(), q[2]) if q else None)
    bearing = value("seven km east of Dargahan", "Dargahan")
    plain = value("in the Dargahan area", "Dargahan")
    assert compare_values(bearing, plain)[0] == "partial"
    assert compare_values(plain, value("near Dargahan town", "Dargahan"))[0] is None   # both plain: no finding
    assert compare_values(value("150 miles east of Dargahan", "Dargahan"),
                          value("150 miles west of Dargahan", "Dargahan"))[0] is None   # the bearing rule's job


def test_fact_names_use_real_plurals():
    from counterpoint.link.facts import fact_name
    assert fact_name(("quantity", "count", "woman")) == "number of women"
    assert fact_name(("quantity", "count", "robber"), "arrested") == "number of robbers arrested"
    assert fact_name(("quantity", "count", "city")) == "number of cities"


def test_distances_in_whole_units_are_good_to_half_a_unit():
    from counterpoint.link.facts import Value, compare_values
    import dataclasses
    t = "36 miles and 35 miles and 30 miles"
    key = ("quantity", "measure", "distance")
    v = lambda text, n: Value(0, 0, key, quantity=dataclasses.replace(_q(text, t, n, n), unit="mi"))
    assert compare_values(v("36 miles", 36), v("35 miles", 35))[0] == "partial"    # 35.5-36.5 touches 34.5-35.5
    assert compare_values(v("36 miles", 36), v("30 miles", 30))[0] == "conflict"


def test_a_source_only_one_report_cites_is_a_single_source_detail():
    from counterpoint.config import Settings
    from counterpoint.link import compare
    from counterpoint.model import Analysis, Attribution, Claim, Report, Sentence, content_hash

    def analysis(text, claim, source=None):
        rid = content_hash(text)
        s = text.index(claim)
        c = Claim(f"{rid}:c0", Span(rid, s, s + len(claim)), claim, 0, predicate="investigate",
                  terms=("grimm", "investigation", "finance"))
        atts = ()
        if source:
            i = text.index(source)
            atts = (Attribution(Span(rid, i, i + len(source)), source, Span(rid, s, s + len(claim)), "announce"),)
        return Analysis(Report(rid, text, path=f"{rid}.txt"), "1", sentences=(Sentence(Span(rid, 0, len(text)), text),),
                        claims=(c,), attributions=atts)

    a = analysis("The House Ethics Committee announced that Grimm was under investigation for campaign finance.",
                 "Grimm was under investigation for campaign finance", "House Ethics Committee")
    b = analysis("Grimm was under investigation for campaign finance.", "Grimm was under investigation for campaign finance")
    cmp = compare([a, b], Settings(embeddings=False, align_threshold=0.3))
    assert any(f.kind == "agreement" for f in cmp.findings)
    uniques = [f for f in cmp.findings if f.kind == "unique"]
    assert len(uniques) == 1 and "House Ethics Committee" in uniques[0].summary
    assert any(e.text == "House Ethics Committee" for e in uniques[0].evidence)


def test_same_place_name_agrees_and_a_month_does_not_touch_a_day():
    from counterpoint.link.slots import compare_places, compare_times
    from counterpoint.model import Place
    a = Place(Span("r", 0, 7), "Norfolk", "Norfolk", 36.85, -76.29, "US", "city", "g1")
    b = Place(Span("s", 0, 7), "Norfolk", "Norfolk", 52.6, 1.0, "GB", "admin1", "g2")
    assert compare_places(a, b)[0] == "agree"          # one name: the gazetteer's two readings are not a dispute
    may = TimeRef(Span("r", 0, 7), "mid May", "2013-05-01T00:00:00", "2013-06-01T00:00:00", "month", True)
    apr30 = TimeRef(Span("s", 0, 8), "April 30", "2013-04-30T00:00:00", "2013-05-01T00:00:00", "day", True)
    assert compare_times(may, apr30)[0] == "conflict"


def test_calibres_are_read_as_measures():
    from counterpoint.link.phrases import _CALIBER
    got = [m.group("n") or m.group("mm") for m in _CALIBER.finditer(
        "He pointed a .357 caliber revolver; police said a. 38 caliber gun; a 9mm handgun; she had a .357 Magnum. "
        "The score was 3.38 points.")]
    assert got == ["357", "38", "9", "357"]


def test_at_least_and_more_than_the_same_figure_differ_at_the_bound():
    t = "at least $10,000 and more than $10,000 and $43,000 and $43,350"
    a = _q("at least $10,000", t, 10_000, None, "at_least")
    b = _q("more than $10,000", t, 10_000, None, "more_than")
    assert compare_quantities(a, b)[0] == "partial"
    round_ = Quantity(a.span, "$43,000", 43_000, 43_000, False, "exact", None, None, "usd", "43,000")
    exact = Quantity(a.span, "$43,350", 43_350, 43_350, False, "exact", None, None, "usd", "43,350")
    assert compare_quantities(round_, exact)[0] == "partial"


def test_parts_that_add_up_to_the_other_reports_total_are_not_a_conflict():
    from counterpoint.link.align import ClaimRef
    from counterpoint.link.facts import Value, _part_of
    from counterpoint.model import Claim
    t = "Marines nabbed 12 Somali and 11 Yemeni pirates."
    claim = Claim("c", Span("r", 0, len(t)), t, 0)
    refs = [ClaimRef(0, claim), ClaimRef(1, Claim("d", Span("s", 0, 10), "23 pirates", 0))]
    key = ("quantity", "count", "pirate")
    twelve = Value(0, 0, key, quantity=_q("12", t, 12, 12))
    eleven = Value(0, 0, key, quantity=_q("11", t, 11, 11))
    total = Value(1, 1, key, quantity=Quantity(Span("s", 0, 2), "23", 23, 23))
    assert _part_of([twelve, eleven, total], twelve, total, refs)
    assert not _part_of([twelve, total], twelve, total, refs)        # no sibling: a plain conflict


def test_a_third_report_settles_which_figures_are_one_fact(monkeypatch):
    """Report 1's '2,000ft' and '200ft' each match one figure of reports 2 and 3 closely; reports 2 and 3's own
    clauses compare the wrong way round (600m is nearer 150m than 700m). Their matches to report 1 decide."""
    from counterpoint.link import facts
    key = ("quantity", "measure", "distance")
    texts = {0: ["2000ft", "200ft"], 1: ["600m", "200m"], 2: ["700m", "150m"]}
    vals = {}
    for r, ts in texts.items():
        full = " ".join(ts)
        for t in ts:
            n = float(t.rstrip("ftm"))
            vals[t] = facts.Value(r, len(vals), key, quantity=Quantity(Span(str(r), full.index(t),
                                                                         full.index(t) + len(t)), t, n, n))
    close = {("2000ft", "600m"): .64, ("2000ft", "700m"): .63, ("200ft", "200m"): .62, ("200ft", "150m"): .65,
             ("600m", "150m"): .54, ("200m", "700m"): .58}
    monkeypatch.setattr(facts, "collect_values", lambda analyses, refs: list(vals.values()))

    def comparable(values, x, y, refs, analyses, sims, bridged=False):
        s = close.get((x.text, y.text), close.get((y.text, x.text)))
        return s if s is not None else (0.5 if bridged else None)
    monkeypatch.setattr(facts, "_comparable", comparable)
    groups = facts.fact_groups([None, None, None], [], None)
    got = sorted(sorted(v.text for v in g) for g in groups)
    assert got == [["150m", "200ft", "200m"], ["2000ft", "600m", "700m"]]


def test_about_a_distance_agrees_with_the_same_whole_distance():
    from counterpoint.link.facts import Value, compare_values
    key = ("quantity", "measure", "distance")
    t = "about 150 nautical miles off Aden; 150 nautical miles west of Aden; 160 nautical miles"
    import dataclasses
    about = Value(0, 0, key, quantity=dataclasses.replace(_q("about 150", t, 150, 150, hedge="approx", approx=True),
                                                           unit="mi"))
    whole = Value(1, 1, key, quantity=Quantity(Span("s", 0, 3), "150", 150, 150, unit="mi"))
    other = Value(1, 1, key, quantity=Quantity(Span("s", 0, 3), "160", 160, 160, unit="mi"))
    assert compare_values(about, whole)[0] == "agree"
    assert compare_values(about, other)[0] != "agree"


def test_the_same_figure_of_ten_or_more_is_evidence_of_one_fact():
    from counterpoint.link.facts import _same_figure
    t = "at least $10,000 and more than $10,000 and two and two and dozens"
    assert _same_figure(_q("at least $10,000", t, 10000, None, hedge="at_least"),
                        Quantity(Span("s", 0, 5), "more than $10,000", 10000, None, hedge="more_than"))
    assert not _same_figure(_q("two", t, 2, 2), Quantity(Span("s", 0, 3), "two", 2, 2))
    assert not _same_figure(_q("dozens", t, 24, 99, hedge="vague"), Quantity(Span("s", 0, 3), "dozens", 24, 99,
                                                                              hedge="vague"))


def test_a_figure_a_report_restates_is_evidence_everywhere_it_is_given():
    """The real pipeline: report b gives 80 injured twice; the conflict shows both places. A bare decimal in a
    sentence about magnitude is read as a magnitude."""
    from counterpoint.link.facts import _bare_magnitude
    a = ("A powerful earthquake struck the island on Sunday, killing 10 people and injuring 50. "
         "Rescue teams reached the area by helicopter.")
    b = ("An earthquake struck the island on Sunday, killing 10 people and injuring 80, officials said. "
         "The governor said relief supplies were on their way. In all, 80 people were injured in the quake.")
    cmp = compare_pair(a, b, "2005-11-28")
    injured = [f for f in cmp.findings if f.kind == "conflict" and f.slot == "quantity"]
    assert injured, [f.summary for f in cmp.findings]
    texts = [e.text for e in injured[0].evidence]
    assert texts.count("80") == 2 and "50" in texts
    from counterpoint.model import Analysis, Report, Sentence, content_hash
    text = "Tehran's center put the quake's magnitude at 5.9, but the USGS said it was 6.1. Prices rose 2.5 percent."
    r = Report(id=content_hash(text), text=text)
    sents = (Sentence(Span(r.id, 0, 81), text[:81]), Sentence(Span(r.id, 82, len(text)), text[82:]))
    an = Analysis(report=r, pipeline_version="t", sentences=sents)
    i = text.index("6.1")
    assert _bare_magnitude(an, Quantity(Span(r.id, i, i + 3), "6.1", 6.1, 6.1))
    j = text.index("2.5")
    assert not _bare_magnitude(an, Quantity(Span(r.id, j, j + 3), "2.5", 2.5, 2.5))


def test_a_weekday_and_a_month_either_side_of_new_year_do_not_part_two_sums():
    """'pleaded guilty on Wednesday' (2013) and 'resigned in November' (2012) date nothing the sums are of:
    the Rolex is one fact in both reports, at different precision."""
    a = ("Former Rep. Jesse Jackson Jr. pleaded guilty on Wednesday to using campaign funds to buy personal items, "
         "including a $43,000 Rolex watch. He was accused of spending $750,000 in campaign funds.")
    b = ("Jackson, who resigned from Congress in November, used $750,000 in campaign money to buy items including "
         "a $43,350 gold-plated men's Rolex watch.")
    cmp = compare_pair(a, b, "2013-02-20")
    rolex = [f for f in cmp.findings if f.slot == "quantity" and {"$43,000", "$43,350"} <= {e.text for e in f.evidence}]
    assert rolex and rolex[0].kind == "partial", [f.summary for f in cmp.findings]
    assert not any(f.kind == "conflict" and {"$43,000", "$750,000"} <= {e.text for e in f.evidence}
                   for f in cmp.findings)


def test_what_a_sum_is_of_stops_at_the_next_figure_and_leaves_out_whose_it_is():
    from counterpoint.link.facts import context_words
    t = ("Hillary and Bill Clinton earned roughly $141 million and paid nearly $44 million in federal income "
         "taxes. Jackson spent $5,687.75 on Martha's Vineyard Holistic Retreat.")
    first = context_words(t, _q("roughly $141 million", t, 141e6, 141e6))
    assert "earned" in first and not first & {"taxe", "federal", "income", "clinton", "bill"}
    second = context_words(t, _q("nearly $44 million", t, 44e6, 44e6))
    assert {"paid", "federal", "taxe"} <= second
    third = context_words(t, _q("$5,687.75", t, 5687.75, 5687.75))
    assert {"martha", "vineyard", "retreat"} <= third and "jackson" not in third


def test_equal_scores_match_the_values_that_agree():
    """Two figures of one clause against one figure of another: the clause scores are equal, so the pair
    whose values are compatible is matched, not the first in the text."""
    from counterpoint.link import facts
    key = ("quantity", "measure", "usd")

    def val(r, i, text, n):
        return facts.Value(i, r, key, quantity=Quantity(Span(str(r), 0, len(text)), text, n, n, unit="usd"))
    income, taxes = val(0, 0, "$141 million", 141e6), val(0, 1, "$44 million", 44e6)
    other = val(1, 2, "$43 million", 43e6)
    scores = {(id(income), id(other)): 0.77, (id(taxes), id(other)): 0.77}
    edges, _ = facts._match_pairs([0, 1], {0: [income, taxes], 1: [other]}, scores)
    assert [(x.text, y.text) for _, x, y in edges] == [("$44 million", "$43 million")]


def test_two_sums_that_say_what_they_are_of_differently_are_two_facts():
    """Alike clauses (cosine over 0.7), sums of different things: not one disputed sum."""
    from counterpoint.embed import get_embedder
    a = "Last year the couple made $14,959,450 in charitable contributions."
    b = "Last year the couple paid $43,885,310 in federal taxes."
    va, vb = get_embedder().encode([a, b])
    assert 0.7 <= float(va @ vb) < 0.8       # the case the context words decide
    cmp = compare_pair(a, b, "2015-07-31")
    assert not any(f.kind == "conflict" and f.slot == "quantity" for f in cmp.findings), \
        [f.summary for f in cmp.findings]


def test_crowd_sizes_and_further_groups():
    from counterpoint.link.facts import _another, context_words, quantity_event
    t = "More than 100 people joined together for a candlelit vigil. NBC New York estimated the crowd at 70."
    assert quantity_event(t, _q("More than 100", t, 100, None)) == "gathered"
    assert quantity_event(t, _q("70", t, 70, 70)) == "gathered"
    far = "Police put the march, to mark a 24-hour nationwide strike, at roughly 30,000 people."
    assert quantity_event(far, _q("roughly 30,000", far, 30000, 30000)) == "gathered"
    assert quantity_event("Ten people were killed at the rally.", _q("Ten", "Ten people were killed at the rally.",
                                                                    10, 10)) == "killed"
    assert quantity_event("It happened in March, when 40 people fell ill.",
                          _q("40", "It happened in March, when 40 people fell ill.", 40, 40)) is None
    t2 = "In Thessaloniki another 20,000 people marched. In Athens 30,000 people marched."
    assert _another(t2, _q("20,000", t2, 20000, 20000)) and not _another(t2, _q("30,000", t2, 30000, 30000))
    t6 = "Several justices had concerns. The court's other two female justices, Elena Kagan and Sonia Sotomayor, spoke."
    assert _another(t6, _q("two", t6, 2, 2)) and not _another(t6, _q("Several", t6, 3, 9))
    t3 = "They also donated $15 million to charity, and paid $13.6 million in state taxes."
    assert context_words(t3, _q("$15 million", t3, 15e6, 15e6)) == {"donated", "charity"}
    t5 = "By 2085 it will be able to pay 74 percent of promised benefits; a tax rate of 35.7 percent."
    assert "pay" in context_words(t5, _q("74 percent", t5, 74, 74)) and "able" not in context_words(
        t5, _q("74 percent", t5, 74, 74))
    assert "rate" in context_words(t5, _q("35.7 percent", t5, 35.7, 35.7))
    t7 = "tax increases alone can't keep the program's $2.6 trillion trust fund from running out of money"
    assert context_words(t7, _q("$2.6 trillion", t7, 2.6e12, 2.6e12)) == {"trust", "fund", "running"}
    t4 = "The larger boat, a 10-metre dhow, is named the Salahaddin."
    assert "salahaddin" in context_words(t4, _q("10-metre", t4, 10, 10))


def test_distances_said_of_the_same_thing_compare_across_loosely_alike_clauses():
    from counterpoint.link.facts import context_words
    t = "sailing 150 nautical miles west of Aden; 13 nautical miles from the warship"
    assert not context_words(t, _q("150", t, 150, 150)) & context_words(t, _q("13", t, 13, 13))
    a = "The victim, a mother of two, lived half a mile away from the crash site, neighbours said."
    b = "A friend said she had moved about a mile and a half away five or six years ago."
    cmp = compare_pair(a, b, "2013-09-14")
    assert any(f.kind == "conflict" and {"half a mile", "about a mile and a half"} <= {e.text for e in f.evidence}
               for f in cmp.findings), [f.summary for f in cmp.findings]


@pytest.mark.parametrize("full, text, low_days, high_days, hedge", [
    ("a two-year FBI investigation", "two-year", 730.5, 730.5, "exact"),
    ("began more than two years ago", "more than two years", 730.5, None, "more_than"),
    ("About 10 minutes after she was escorted out", "About 10 minutes", 10 / 1440, 10 / 1440, "approx"),
    ("a sentence of 46 to 57 months in prison", "57 months", 46 * 30.44, 57 * 30.44, "range"),
    ("carries a maximum of three years in prison", "three years", None, 3 * 365.25, "at_most"),
])
def test_lengths_of_time_are_measures_in_days(full, text, low_days, high_days, hedge):
    from counterpoint.link.facts import duration_quantity
    s = full.index(text)
    q = duration_quantity(TimeRef(Span("r", s, s + len(text)), text, None, None, "duration", False), full)
    assert q.hedge == hedge and q.unit == "day"
    for got, want in ((q.low, low_days), (q.high, high_days)):
        assert (got is None and want is None) or abs(got - want) < 1e-6


@pytest.mark.parametrize("full, text", [("years of war", "years"), ("a second person", "a second"),
                                        ("in the 15 years since they left", "15 years"),
                                        ("for several hours", "several hours")])
def test_vague_lengths_ordinals_and_times_since_are_not_measured(full, text):
    from counterpoint.link.facts import duration_quantity
    s = full.index(text)
    assert duration_quantity(TimeRef(Span("r", s, s + len(text)), text, None, None, "duration", False), full) is None


def test_lengths_of_time_compare_and_a_term_is_its_persons():
    a = "Lt. Vanore said she was outside for about 10 minutes before she returned with a gun."
    b = "Commissioner Ramsey said she was outside for nine minutes before she came back with a gun."
    cmp = compare_pair(a, b, "2010-09-10")
    found = [f for f in cmp.findings if f.slot == "quantity" and "length of time" in f.summary.lower()]
    assert found and found[0].kind == "partial", [f.summary for f in cmp.findings]
    a = "Prosecutors recommended that Jesse Jackson Jr. receive a sentence of 46 to 57 months in prison."
    b = "The charge against Sandra Jackson carries a maximum of three years in prison."
    cmp = compare_pair(a, b, "2013-02-20")
    assert not [f for f in cmp.findings if f.kind == "conflict" and f.slot == "quantity"], \
        [f.summary for f in cmp.findings]


def test_spans_of_years_of_one_named_person_conflict_end_to_end():
    a = "Cowan is the second black senator from Massachusetts after Edward Brooke, who served from 1967 to 1979."
    b = "He is the state's first black senator since Edward Brooke, a Republican, held the seat from 1966 to 1978."
    c = "Edward Brooke served in the Senate from 1967 to 1979."
    cmp = compare_pair(a, b, "2013-01-30")
    years = [f for f in cmp.findings if f.slot == "time" and "1966" in f.summary]
    assert years and years[0].kind == "conflict", [f.summary for f in cmp.findings]
    cmp = compare_pair(a, c, "2013-01-30")
    assert not [f for f in cmp.findings if f.kind == "conflict"], [f.summary for f in cmp.findings]


def test_a_dateline_stamp_and_months_apart_are_no_time_conflict():
    a = ("16 September 2013 Last updated at 12:42 GMT\nBriton dies in New Zealand's Aoraki Mount Cook fall\n"
         "A British climber has died on New Zealand's highest mountain. The climber died on Friday, police said.")
    b = "A British climber died on Friday after falling on Aoraki Mount Cook, police said."
    cmp = compare_pair(a, b, "2013-09-16")
    assert not [f for f in cmp.findings if f.kind == "conflict" and f.slot == "time"], [f.summary for f in cmp.findings]
    a = ("The island was shaken by a strong earthquake. A 6.4-magnitude quake hit the town of Zarand in February, "
         "killing hundreds of people.")
    b = "A powerful earthquake hit southern Iran on Sunday, killing ten people."
    cmp = compare_pair(a, b, "2005-11-28")
    assert not [f for f in cmp.findings if f.kind == "conflict" and f.slot == "time"], [f.summary for f in cmp.findings]


def test_another_quakes_magnitude_and_a_general_one_are_not_this_quakes():
    a = ("An earthquake of magnitude 5.9 struck Qeshm island on Sunday. A 6.4-magnitude quake hit the town of "
         "Zarand in February, killing hundreds of people.")
    b = ("The quake on Qeshm island on Sunday had a magnitude of 5.9, officials said. A magnitude 6 quake can "
         "cause severe damage.")
    cmp = compare_pair(a, b, "2005-11-28")
    assert not [f for f in cmp.findings if f.kind == "conflict" and "magnitude" in f.summary.lower()], \
        [f.summary for f in cmp.findings]


def test_sums_spent_at_one_named_shop_are_one_fact():
    a = ("Jackson spent $4,272.78 on a cruise, $2,306.08 at Walt Disney World, over $10,000 at Best Buy and "
         "$3,544.00 at a boutique.")
    b = "From 2007 to 2011, Mr. Jackson bought $10,977.74 worth of televisions, DVD players and DVDs at Best Buy."
    cmp = compare_pair(a, b, "2013-02-20")
    found = [f for f in cmp.findings
             if f.slot == "quantity" and {"over $10,000", "$10,977.74"} <= {e.text for e in f.evidence}]
    assert found and found[0].kind == "partial", [f.summary for f in cmp.findings]


def test_a_time_in_the_frame_of_a_reported_claim_is_compared_with_the_claim():
    a = ("The most recent projections from the Social Security Administration, issued last month, indicate that "
         "the trust fund will run out in 2036.")
    b = ("Trustees of the Social Security and Medicare Trust Fund last week warned the Social Security Trust Fund "
         "will be exhausted in 2036.")
    cmp = compare_pair(a, b, "2011-06-17")
    found = [f for f in cmp.findings
             if f.slot == "time" and {"last month", "last week"} <= {e.text for e in f.evidence}]
    assert found and found[0].kind == "conflict", [f.summary for f in cmp.findings]


def test_two_causes_of_death_that_cannot_both_be_true():
    a = ("Police said two women and one man working for a Marfin bank branch choked on smoke after protesters "
         "set the building on fire.")
    b = "SKY-TV reports that the three bank employees were burnt to death after protesters set the bank on fire."
    c = "Three bank employees died of smoke inhalation after protesters set the bank on fire, police said."
    cmp = compare_pair(a, b, "2010-05-05")
    found = [f for f in cmp.findings if f.slot == "outcome" and "cause of death" in f.summary.lower()]
    assert found and found[0].kind == "conflict", [f.summary for f in cmp.findings]
    cmp = compare_pair(a, c, "2010-05-05")
    assert not [f for f in cmp.findings if f.kind == "conflict"], [f.summary for f in cmp.findings]


def test_charges_a_murder_charge_against_the_listed_charges_and_other_arrests_apart():
    from counterpoint.api import compare_texts
    a = ("The driver was charged with vehicular manslaughter, criminally negligent homicide, driving drunk and "
         "leaving the scene of a fatal accident, police said.")
    b = ("A drunk driver who mowed down a grandmother has been charged in her murder, according to police. He was "
         "charged with criminally negligent homicide and vehicular manslaughter.")
    c = "The driver was charged with vehicular manslaughter and criminally negligent homicide, police said."
    d = "A man was arrested for disorderly conduct at the vigil, police said."

    def charges(*texts):
        cmp = compare_texts([{"text": t, "published": "2013-09-14"} for t in texts]).comparison
        return [f for f in cmp.findings if f.summary.startswith("Charges")]
    found = charges(a, b)
    assert found and found[0].kind == "conflict" and "murder" in found[0].rule
    found = charges(a, c)
    assert found and found[0].kind == "agreement"          # one names fewer
    assert not charges(a, d)                                # another arrest


def test_age_limits_differ_exactly_at_the_bound():
    from counterpoint.link.facts import _age_limit
    t = "allows recreational marijuana for adults over 21; anyone 21 or older can buy it; 21 people came"
    assert _age_limit(t, _q("over 21", t, 21, None, hedge="more_than"))
    assert _age_limit(t, _q("21 or older", t, 21, None, hedge="at_least"))
    assert not _age_limit(t, _q("21", t[t.index("21 people"):], 21, 21, counted="people"))
    a = "Colorado's law allows recreational marijuana for adults over 21, the lawsuit says."
    b = "Under Colorado's law anyone 21 or older can legally purchase recreational marijuana, the lawsuit says."
    cmp = compare_pair(a, b, "2014-12-18")
    found = [f for f in cmp.findings if f.slot == "quantity" and f.summary.startswith("Age")]
    assert found and found[0].kind == "partial", [f.summary for f in cmp.findings]


def test_shares_of_the_same_thing_compare_and_shares_of_different_things_do_not():
    a = "Last year, the Clintons paid an effective federal tax rate of 35.7 percent, the returns show."
    b = "Jeb Bush released what he said was the Clintons' 2014 tax rate: 30 percent."
    cmp = compare_pair(a, b, "2015-07-31")
    found = [f for f in cmp.findings if f.slot == "quantity" and f.kind == "conflict" and "percent" in f.summary]
    assert found, [f.summary for f in cmp.findings]
    c = "Last year, the Clintons donated over 10 percent of their income to charity, the returns show."
    cmp = compare_pair(a, c, "2015-07-31")
    assert not [f for f in cmp.findings if f.slot == "quantity" and f.kind == "conflict"], \
        [f.summary for f in cmp.findings]


@pytest.mark.parametrize("text, want", [("November 18", (None, 11, 18)), ("23 October", (None, 10, 23)),
                                        ("Sept. 14, 2013", (2013, 9, 14)), ("the 18th", None), ("Friday", None)])
def test_dates_written_out(text, want):
    from counterpoint.link.facts import _calendar_day
    assert _calendar_day(_t(text, "day")) == want


def test_two_dates_written_out_for_one_event_conflict():
    a = "Then, on November 18, the frigate had sunk a Thai trawler that pirates had commandeered."
    b = "On November 19, the frigate sank a pirate vessel after being fired upon."
    cmp = compare_pair(a, b)
    found = [f for f in cmp.findings
             if f.slot == "time" and {"November 18", "November 19"} <= {e.text for e in f.evidence}]
    assert found and found[0].kind == "conflict", [f.summary for f in cmp.findings]


def test_well_equipped_against_ill_equipped():
    a = "Police said Mr Buckley was well equipped at the time but was an inexperienced climber."
    b = "Buckley was an inexperienced and reportedly ill-equipped mountain climber with rental gear."
    c = "Police said Buckley was well-equipped for the climb."
    cmp = compare_pair(a, b, "2013-09-16")
    found = [f for f in cmp.findings if f.slot == "outcome" and "equipped" in f.summary]
    assert found and found[0].kind == "conflict", [f.summary for f in cmp.findings]
    cmp = compare_pair(a, c, "2013-09-16")
    assert not [f for f in cmp.findings if f.kind == "conflict"], [f.summary for f in cmp.findings]


def test_shares_and_lengths_of_time_of_different_people_are_not_compared():
    """Values of these two keys are one fact only when their sentences (or the one before) share a name."""
    from counterpoint.api import analyze_reports
    from counterpoint.config import Settings
    from counterpoint.ingest import make_report
    from counterpoint.link import facts
    from counterpoint.link.align import claim_vectors
    texts = ["In the primary, Mr. Cruz won 34 percent of the vote.",
             "Kay Bailey Hutchison is retiring. She won the seat with 54 percent of the vote.",
             "Ted Cruz won 34 percent of the vote in the primary."]
    s = Settings(embeddings=False)
    an = analyze_reports([make_report(t, path=f"r{i}.txt", settings=s) for i, t in enumerate(texts)], s)
    refs, _ = claim_vectors(an, s)
    vals = [v for v in facts.collect_values(an, refs) if v.key[-1] == "%"]
    by = {v.report: v for v in vals}
    assert set(by) == {0, 1, 2}
    assert not facts._share_a_name(an[0], an[1], refs, by[0], by[1])      # Cruz / Hutchison ("She")
    assert facts._share_a_name(an[0], an[2], refs, by[0], by[2])          # Mr. Cruz / Ted Cruz


def test_a_figure_stated_twice_is_compared_through_its_closest_statement():
    """'five villages' first comes in a clause about aid, which is unlike the other report's; its restatement
    about villages hit is close enough to be compared with 'seven villages'."""
    a = ("A strong earthquake struck the island on Sunday, damaging several villages. Red Crescent teams with "
         "tents and blankets reached five villages by boat on Monday morning. The governor said five villages "
         "had been badly hit.")
    b = "A strong earthquake struck the island on Sunday. The provincial governor said seven villages were badly hit."
    from counterpoint.api import compare_texts
    from counterpoint.config import Settings
    from counterpoint.link.align import align
    from counterpoint.link.facts import fact_groups
    analyses = sorted(compare_texts([{"text": a}, {"text": b}]).comparison.analyses, key=lambda x: x.report.text != a)
    refs, _, sims = align(analyses, Settings())
    groups = [sorted(v.text for v in g) for g in fact_groups(analyses, refs, sims)]
    assert any({"five", "seven"} <= set(g) for g in groups)


@pytest.mark.parametrize("text, figure, measure", [
    ("they earned $139 million in adjusted gross income from 2007", "$139 million", "adjusted gross income"),
    ("the chain reported $2 billion in sales last year", "$2 billion", "sales"),
    ("the Clintons earned roughly $141 million and paid taxes", "roughly $141 million", None),
    ("a $43,000 Rolex watch", "$43,000", None),
])
def test_money_measure_is_the_measure_named_right_after_a_sum(text, figure, measure):
    from counterpoint.link.facts import money_measure
    s = text.index(figure)
    assert money_measure(text, Quantity(Span("r", s, s + len(figure)), figure, 1, 1, unit="usd")) == measure


def test_sums_that_differ_where_only_one_names_its_measure_are_partial():
    a = "Hillary and Bill Clinton earned $140,937,785 from 2007 to 2014, their tax returns show."
    b = "Hillary and Bill Clinton earned $139 million in adjusted gross income from 2007 to 2014, returns show."
    found = [f for f in compare_pair(a, b, "2015-07-31").findings if f.slot == "quantity"]
    assert [f.kind for f in found] == ["partial"]
    assert "adjusted gross income" in found[0].rule


@pytest.mark.parametrize("source_b, kind", [("Police", "partial"), ("Hospital officials", "conflict")])
def test_one_sources_toll_given_differently_in_two_reports_may_have_been_updated(source_b, kind):
    a = "Protesters set fire to a bank in Athens on Wednesday. Police said 12 people were injured in the riots."
    b = f"Protesters set fire to a bank in Athens on Wednesday. {source_b} said 18 people had been injured in the riots."
    assert kinds_of(a, b, "Number injured", "2010-05-05") == [kind]


def test_n_other_things_besides_one_count_that_one_too():
    a = ("Protesters threw petrol bombs at a bank in Athens. Firefighters put out blazes in at least two buildings, "
         "the bank and a branch of the Finance Ministry.")
    b = "Protesters threw petrol bombs at a bank in Athens. Two other buildings besides the bank were set on fire."
    found = [f for f in compare_pair(a, b, "2010-05-05").findings if f.summary.startswith("Number of buildings")]
    assert [f.kind for f in found] == ["partial"]
    assert "Two other buildings besides the bank" in found[0].summary and "(3)" in found[0].summary


@pytest.mark.parametrize("b_month, kind", [("early December", "conflict"), ("November", "agreement")])
def test_months_without_a_date_to_resolve_them_compare_as_months_of_the_year(b_month, kind):
    a = "INS Mysore, which replaced stealth frigate INS Tabar in November-end, launched a helicopter."
    b = f"INS Mysore, which replaced stealth frigate INS Tabar {b_month}, may head for Djibouti."
    found = [f.kind for f in compare_pair(a, b).findings if f.slot == "time"]
    assert found == [kind]


def test_a_breakdown_in_parentheses_is_not_a_count_of_its_own():
    a = ("The Indian Navy foiled a hijack attempt on Saturday. The arrest of the 23 pirates (12 Somali and 11 "
         "Yemeni) and the arms haul is the largest such operation.")
    b = "The Indian Navy foiled a hijack attempt on Saturday and arrested 23 heavily armed Somalian and Yemeni pirates."
    assert not [f for f in compare_pair(a, b, "2008-12-14").findings if f.kind == "conflict"]


def test_a_sum_stated_twice_keeps_the_measure_either_statement_names():
    from counterpoint.link.facts import Value, _restated
    key = ("quantity", "measure", "usd")
    plain = Value(0, 0, key, quantity=Quantity(Span("r", 0, 12), "$139 Million", 139e6, 139e6, unit="usd"))
    named = Value(1, 0, key, quantity=Quantity(Span("r", 50, 62), "$139 million", 139e6, 139e6, unit="usd"),
                  measure="adjusted gross income")
    kept = _restated([plain, named])
    assert len(kept) == 1 and kept[0].measure == "adjusted gross income" and kept[0].also_refs == (1,)
