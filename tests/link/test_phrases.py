"""Values read from words (link/phrases.py): where someone died, hid or fell, damage, condition, armed or not,
legal steps, road closures, drink-driving records, counts of none, how many were disguised."""
import pytest

from counterpoint.model import Span
from tests.link import compare_pair, kinds_of


@pytest.mark.parametrize("record, kind", [("this is his second DWI", "conflict"), ("this is his fourth DUI", "agreement")])
def test_a_drink_driving_record_given_as_an_ordinal_counts_the_earlier_offences(record, kind):
    a = "The driver fled the parking lot. State records show Lasalle has three prior DUI convictions."
    b = f"The driver fled the parking lot. According to his police record, {record}, police said."
    assert kinds_of(a, b, "Number of prior drink-driving") == [kind]


@pytest.mark.parametrize("b_died, kind", [
    ("the teenager was pronounced dead at Kings County Hospital", "partial"),
    ("the teenager was taken to Kings County Hospital, where he was pronounced dead", "partial"),
    ("the teenager was rushed to a local hospital and died", "agreement"),
])
def test_where_someone_died_named_against_an_unnamed_hospital_is_partial(b_died, kind):
    a = "Police shot Kimani Gray, 16, in Brooklyn on Saturday. Gray was rushed to a hospital but was declared dead on arrival."
    b = f"Police shot Kimani Gray, 16, in Brooklyn on Saturday, and {b_died}."
    assert kinds_of(a, b, "Where they died", "2013-03-12") == [kind]


def test_two_named_hospitals_conflict():
    from counterpoint.link.phrases import _compare_death_places
    from counterpoint.link.values import Value
    def died(where):
        return Value(0, 0, ("place", "death"), cause=(where, Span("r", 0, 1), where))
    assert _compare_death_places(died("Kings County Hospital"), died("Kings County Hospital"))[0] == "agree"
    assert _compare_death_places(died("Kings County Hospital"), died("Brookdale Hospital"))[0] == "conflict"


def test_damage_to_one_building_is_compared_by_severity():
    a = ("A strong earthquake struck Qeshm island on Sunday. One of the major hospitals on the island, in the "
         "village of Jeyhian, was destroyed. The island's airport was also damaged.")
    b = ("A strong earthquake struck Qeshm island on Sunday. State TV said the island's airport sustained minor "
         "damage, and part of a hospital collapsed.")
    found = {f.summary.split(" differs")[0].split(" agrees")[0]: f.kind for f in compare_pair(a, b, "2008-09-10").findings
             if f.summary.startswith("Damage to")}
    assert found == {"Damage to the hospital": "partial", "Damage to the airport": "agreement"}


def test_destroyed_against_minor_damage_conflicts():
    from counterpoint.link.phrases import _compare_damage
    from counterpoint.link.values import Value
    def hit(severity):
        return Value(0, 0, ("outcome", "damage", "bridge"), cause=(severity, Span("r", 0, 1), severity))
    assert _compare_damage(hit("total"), hit("minor"))[0] == "conflict"
    assert _compare_damage(hit("some"), hit("total"))[0] == "partial"
    assert _compare_damage(hit("some"), hit("minor"))[0] == "agree"


@pytest.mark.parametrize("b_condition, kind", [
    ("He was later transferred to Jefferson and listed in stable condition.", "partial"),
    ("He remained in intensive care at Jefferson University Hospital on Friday.", "agreement"),
])
def test_a_wounded_persons_condition_is_compared_by_class(b_condition, kind):
    a = "A woman shot two co-workers dead at a plant on Thursday, critically injuring a third co-worker, police said."
    b = f"A woman shot two co-workers dead at a plant on Thursday. A third was shot in the neck. {b_condition}"
    assert kinds_of(a, b, "Condition of", "2010-09-10") == [kind]


@pytest.mark.parametrize("b_hid, kind", [
    ("Seven other workers were hiding in a closet nearby.", "partial"),
    ("Seven other workers had locked themselves in an office nearby.", "agreement"),
])
def test_where_people_hid_is_compared_by_room(b_hid, kind):
    a = ("A woman shot three co-workers at a plant on Thursday. Officers freed seven people who had locked "
         "themselves in an office next to the shooter.")
    b = f"A woman shot three co-workers at a plant on Thursday. {b_hid}"
    assert kinds_of(a, b, "Where they hid", "2010-09-10") == [kind]


@pytest.mark.parametrize("b_words, kind", [("some disguised as women", "partial"), ("three disguised as women", "conflict"),
                                           ("two disguised as women", "agreement")])
def test_how_many_were_disguised_is_a_count(b_words, kind):
    a = "Four armed robbers --two dressed as women --made off with $108 million of diamonds from a famed Paris store."
    b = f"Armed robbers-{b_words}-snatched $108 million worth of diamond rings from a Harry Winston boutique in Paris."
    assert kinds_of(a, b, "Number disguised as women", "2008-12-05") == [kind]


@pytest.mark.parametrize("b_fall, kind", [("he slipped and fell about 200m down a steep icy gully", "partial"),
                                          ("he slipped and fell from the ridgeline", "agreement")])
def test_where_a_fall_was_is_compared_by_what_it_was_from(b_fall, kind):
    a = "A climber died on Friday in the national park after slipping and falling 200ft from a ridge."
    b = f"A climber died on Friday in the national park after {b_fall}."
    assert kinds_of(a, b, "Where the fall", "2013-09-14") == [kind]


@pytest.mark.parametrize("b_step, kind", [
    ('The Washington Post reports that Grimm has already "been secretly indicted by a federal grand jury.', "partial"),
    ("Grimm is expected to be indicted by a federal grand jury in Brooklyn.", "agreement"),
])
def test_a_legal_step_expected_against_one_done_is_partial(b_step, kind):
    a = ("Representative Michael Grimm of Staten Island was expected to be indicted on federal fraud charges "
         "after a lengthy investigation, people with knowledge of the case said.")
    b = f"Representative Michael Grimm of Staten Island faces federal fraud charges. {b_step}"
    assert kinds_of(a, b, "Whether indicted", "2014-04-25") == [kind]


@pytest.mark.parametrize("b_toll, kind", [("Two people were injured in the blast, witnesses said.", "conflict"),
                                          ("No injuries were reported after the blast, police said.", "agreement")])
def test_none_hurt_is_a_count_of_zero(b_toll, kind):
    a = "A bomb exploded outside a bank in Woodburn on Wednesday. No one was hurt in the blast, police said."
    b = f"A bomb exploded outside a bank in Woodburn on Wednesday. {b_toll}"
    assert kinds_of(a, b, "Number injured", "2008-12-13") == [kind]


def test_armed_against_unarmed_conflicts_and_a_report_can_carry_both_accounts():
    a = ("Kimani Gray was shot and killed on Saturday night after pointing a gun at two officers, police said. "
         "Witnesses said that Gray, who was running for his life when he was shot, did not have a gun.")
    b = "Officers shot and killed Kimani Gray on Saturday night. The gun was found at the scene, said the NYPD."
    found = [f for f in compare_pair(a, b, "2013-03-12").findings if f.summary.startswith("Whether armed")]
    assert [f.kind for f in found] == ["conflict"]
    assert [v.text for v in found[0].values] == ["pointing a gun", "did not have a gun", "The gun was found"]
    assert [v.attributed_to for v in found[0].values] == ["police", "Witnesses", "NYPD"]


def test_a_gun_in_a_question_or_a_supposition_says_nothing():
    a = "Police shot Gray on Saturday. What is he pointing a gun at over six police? Even if he had a gun, he ran."
    b = "Police shot Gray on Saturday. He did not have a gun, witnesses said."
    assert not [f for f in compare_pair(a, b, "2013-03-12").findings if f.summary.startswith("Whether armed")]


@pytest.mark.parametrize("b_closed, kind", [
    ("Police said on Saturday the roads were likely to remain closed for some time.", "partial"),
    ("Police said roads in the area were closed until about 1630 GMT on Saturday.", "agreement"),
])
def test_how_long_roads_stayed_closed(b_closed, kind):
    a = "A car bomb exploded in Oslo on Friday. Roads in the area were closed until about 1630 GMT on Saturday."
    b = f"A car bomb exploded in Oslo on Friday. {b_closed}"
    assert kinds_of(a, b, "How long it stayed closed") == [kind]


def test_whether_armed_is_one_finding_however_the_values_paired_up():
    from counterpoint.link.facts import _one_per_story
    from counterpoint.link.values import Value

    def said(report, armed, source, at=0):
        return Value(0, report, ("outcome", "armed"), cause=(armed, Span(str(report), at, at + 1), armed), source=source)
    first = [said(0, "armed", "police"), said(1, "unarmed", "witnesses")]
    second = [said(0, "armed", "police", at=5), said(2, "armed", "police"), said(1, "unarmed", "witnesses", at=9)]
    other = [Value(0, 0, ("outcome", "cause"), cause=("shot", Span("0", 0, 1), "shot")),
             Value(0, 1, ("outcome", "cause"), cause=("shot", Span("1", 0, 1), "shot"))]
    merged = _one_per_story([first, other, second])
    assert len(merged) == 2 and merged[1] is other
    assert [(v.report, v.cause[0]) for v in merged[0]] == [(0, "armed"), (1, "unarmed"), (2, "armed")]


def test_one_hospital_named_more_or_less_fully_agrees():
    from counterpoint.link.phrases import _compare_death_places
    from counterpoint.link.values import Value

    def died(where):
        return Value(0, 0, ("place", "death"), cause=(where, Span("r", 0, 1), where))
    assert _compare_death_places(died("Jamaica Hospital"), died("Jamaica Hospital Medical Center"))[0] == "agree"
    assert _compare_death_places(died("Jamaica Hospital"), died("Mount Sinai Hospital"))[0] == "conflict"
    assert _compare_death_places(died("Mount Vernon Hospital"), died("Mount Sinai Hospital"))[0] == "conflict"


def test_a_report_that_also_says_what_the_others_say_is_compared_through_that():
    a = "A hit-and-run driver killed Raj Chohan in Queens on Friday. Chohan was pronounced dead at Jamaica Hospital."
    b = ("A hit-and-run driver killed Raj Chohan in Queens on Friday. Emergency workers brought her to Jamaica "
         "Hospital Medical Center, where Chohan – an immigrant from India who leaves behind a husband – died later "
         "that night. In another crash, the unidentified woman was pronounced dead at Mount Sinai Hospital.")
    assert kinds_of(a, b, "Where they died", "2013-09-14") == ["agreement"]


def test_a_supposition_is_read_over_the_whole_sentence_not_from_the_last_full_stop():
    a = "Police shot Gray on Saturday. Even if Mr. Gray pointed a gun at the officers, he was running away."
    b = "Police shot Gray on Saturday. He did not have a gun, witnesses said."
    assert kinds_of(a, b, "Whether armed", "2013-03-12") == []
