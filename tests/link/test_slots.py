from counterpoint.link.slots import (compare_directions, compare_places, compare_quantities, compare_routes,
                                     compare_times, count_class, event_class)
from counterpoint.model import Place, Quantity, Span, TimeRef

S = Span("r", 0, 1)


def q(low, high, hedge="exact", approx=False, counted=None, unit=None, text="x"):
    return Quantity(S, text, low, high, approx, hedge, counted, None, unit)


def t(start, end, gran, text="t"):
    return TimeRef(S, text, start, end, gran, True)


def test_about_200_vs_at_least_300_conflict():
    verdict, reason = compare_quantities(q(200, 200, "approx", True, "troop", text="about 200"),
                                         q(300, None, "at_least", counted="fighter", text="at least three hundred"))
    assert verdict == "conflict"
    assert "about 200" in reason and "300 or more" in reason


def test_hundreds_vs_at_least_300_is_partial_not_conflict():
    assert compare_quantities(q(200, 999, "vague"), q(300, None, "at_least"))[0] == "partial"


def test_dozens_vs_about_40_partial():
    assert compare_quantities(q(24, 99, "vague"), q(40, 40, "approx", True))[0] == "partial"


def test_equal_counts_agree_and_unequal_exact_counts_conflict():
    assert compare_quantities(q(5, 5), q(5, 5))[0] == "agree"
    assert compare_quantities(q(5, 5), q(2, 2))[0] == "conflict"


def test_count_classes_fold_synonyms():
    assert count_class("troop") == count_class("fighter") == count_class("militiaman")
    assert count_class("troop") != count_class("village")
    assert event_class("killing 10 people") == "dead"
    assert event_class("injured two people") == "injured"


def test_overnight_vs_sunday_touch_is_partial():
    night = t("2024-12-01T18:00:00", "2024-12-02T06:00:00", "night")
    sunday = t("2024-12-01T00:00:00", "2024-12-02T00:00:00", "day")
    assert compare_times(night, sunday)[0] == "partial"
    morning = t("2024-12-02T06:00:00", "2024-12-02T12:00:00", "part_of_day")
    verdict, reason = compare_times(morning, sunday)
    assert verdict == "partial" and "touch" in reason


def test_sunday_evening_within_sunday_agrees_and_far_days_conflict():
    sunday = t("2024-12-01T00:00:00", "2024-12-02T00:00:00", "day")
    evening = t("2024-12-01T18:00:00", "2024-12-02T00:00:00", "part_of_day")
    assert compare_times(evening, sunday)[0] == "agree"
    other = t("2024-11-18T00:00:00", "2024-11-19T00:00:00", "day")
    assert compare_times(other, sunday)[0] == "conflict"


def test_unresolved_time_not_compared():
    u = TimeRef(S, "on Monday", None, None, "day", False)
    assert compare_times(u, u)[0] is None


def test_places():
    aleppo = Place(S, "Aleppo", "Aleppo", 36.2, 37.16, "SY", "city")
    damascus = Place(S, "Damascus", "Damascus", 33.51, 36.29, "SY", "city")
    assert compare_places(aleppo, aleppo)[0] == "agree"
    verdict, reason = compare_places(aleppo, damascus)
    assert verdict == "conflict" and "km apart" in reason


def test_route_crossing_vs_dirt_road():
    a = "about 200 Iraqi troops traveled into Syria at the Bou Kamal border crossing early on Monday"
    b = "at least three hundred fighters used a dirt road to avoid border guards and slip into Syria"
    verdict, reason, ma, mb = compare_routes(a, b)
    assert verdict == "conflict" and "Bou Kamal" in reason
    assert "Bou Kamal" in a[ma[0]:ma[1]] and b[mb[0]:mb[1]] == "dirt road"
    assert compare_routes(a, a)[0] is None


def test_opposite_bearings():
    v, reason, _, _ = compare_directions("around 150 nautical miles east of Aden", "sailing 150 nautical miles west of Aden")
    assert v == "conflict"
    assert compare_directions("150 miles east of Aden", "150 miles east of Aden")[0] == "agree"
