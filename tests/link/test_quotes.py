"""One quotation worded differently in two reports."""
import pytest

from counterpoint.link.quotes import differences, words
from tests.link import compare_pair


def test_words_fold_apostrophes_contractions_initials_and_insertions():
    assert words("We ’ ve learned from the F.B.I. that these (local) officers can ’ t wait") == \
        "we have learned from the fbi that these officers can not wait".split()


@pytest.mark.parametrize("a, b, want", [
    ("We have learned something important since the days that I served in Vietnam",
     "We have learned something very important since the days that I served in Vietnam", [("", "very")]),
    ("used money that shouldn't have been used,", "I did these things. I used money that should have been used "
     "for my campaign.", [("shouldn't", "should")]),
    # quoting less is no difference, nor a lone 'and', nor contractions
    ("the army will withdraw from the city by June and then it will talk",
     "the army will withdraw from the city by June", []),
    ("Tom Brady, George Clooney, James Bond, the president have nothing on Mo.",
     "Tom Brady, George Clooney, James Bond and the president have nothing on Mo.", []),
    ("We're going to rebuild every house in this town", "We are going to rebuild every house in this town", []),
])
def test_differences_inside_the_shared_stretch(a, b, want):
    assert differences(a, b) == want


def test_different_quotations_are_not_compared():
    assert differences("We will rebuild every house in this town, every one of them",
                       "The army has no plans to leave the city before the winter") is None
    assert differences("Stop, stop", "Stop, wait") is None          # too short to be sure


def test_a_misquotation_is_a_conflict_with_both_wordings():
    a = ('Blumenthal said: "We have learned something important since the days that I served in Vietnam." '
         'He spoke in Norwalk.')
    b = ('Blumenthal told the group: "We have learned something very important since the days that I served in '
         'Vietnam." The event was in 2008.')
    cmp = compare_pair(a, b, "2010-05-18")
    found = [f for f in cmp.findings if f.kind == "conflict" and f.slot == "other"]
    assert found and "very" in found[0].summary, [f.summary for f in cmp.findings]
    assert {e.span.report for e in found[0].evidence} == {r.id for r in cmp.reports}


@pytest.mark.parametrize("a, b", [
    ("We’ll hear what he has to say tomorrow about his anti jobs policies and the rest", "We’ll hear what he has "
     "to say tomorrow about his antijobs polices and the rest"),
    ("My own view is that he will speak eloquently but move onto the next thing", "My own view is that he will "
     "speak eloquently but move on to the next thing"),
    ("The private sector's doing fine and the jobs are coming back", "The private sector is doing fine and the "
     "jobs are coming back"),
    ("There's no question that the man who's been in office longest knows", "There's no question that the man "
     "who has been in office longest knows"),
])
def test_spelling_spacing_and_contractions_are_no_difference(a, b):
    assert differences(a, b) == []
