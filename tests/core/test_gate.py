"""The accuracy gate: floors, a ceiling on unmatched findings, a data hash, comments ignored."""
from counterpoint.eval.gate import check

BASE = {"_note": "floors a little under the measured figures",
        "dev": {"data": "abc", "must": 0.72, "should": 0.27, "conflict_partial": 0.27, "unmatched_per_case": 1.1}}


def measured(**over):
    m = {"data": "abc", "must": 0.733, "should": 0.286, "conflict_partial": 0.283, "unmatched_per_case": 1.0}
    m.update(over)
    return {"dev": m}


def test_figures_at_or_above_the_floors_pass():
    assert check(measured(), BASE) == []


def test_a_drop_or_more_false_alarms_fail():
    assert check(measured(must=0.70), BASE) == ["dev: must 0.700 fell below the floor 0.720"]
    assert check(measured(unmatched_per_case=1.5), BASE)[0].startswith("dev: unmatched conflict/partial")


def test_changed_data_is_reported_instead_of_compared():
    got = check(measured(data="xyz", must=0.1), BASE)
    assert len(got) == 1 and "data changed" in got[0]
