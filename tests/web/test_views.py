"""The story page's offline map and timeline: labels never overlap, a far-off time does not squash the
event's own days."""
from __future__ import annotations

from counterpoint import PIPELINE_VERSION
from counterpoint.model import Analysis, Place, Report, Span, TimeRef
from counterpoint.web.views import map_view, timeline_view

TEXT = "x" * 400


def _analysis(rid: str, places=(), times=()) -> Analysis:
    return Analysis(Report(id=rid, text=TEXT), PIPELINE_VERSION, places=tuple(places), times=tuple(times))


def _place(rid: str, n: int, name: str, lat: float, lon: float) -> Place:
    return Place(Span(rid, n * 10, n * 10 + 5), name, name, lat, lon)


def test_map_labels_do_not_overlap_and_stay_inside():
    near = [("Aleppo", 36.2, 37.16), ("Idlib", 35.93, 36.63), ("Hama", 35.13, 36.76), ("Homs", 34.73, 36.71),
            ("Damascus", 33.51, 36.29), ("Deir ez-Zor", 35.33, 40.14), ("Bou Kamal", 34.45, 40.92),
            ("Russia", 61.5, 105.3), ("United States", 39.8, -98.6), ("Beirut", 33.89, 35.5)]
    a = _analysis("a", [_place("a", n, *p) for n, p in enumerate(near)])
    b = _analysis("b", [_place("b", 0, *near[0]), _place("b", 1, *near[7])])
    view = map_view([a, b], {"a": "A", "b": "B"}, {"a": "#111", "b": "#222"})
    pts = view["points"]
    assert len(pts) == len(near)
    labelled = [p for p in pts if p["label"]]
    assert 0 < len(labelled) < len(pts)            # a crowded cluster: some labels had to go
    boxes = []
    for p in labelled:
        w = len(p["label_text"]) * 6.3
        x0 = p["lx"] - w if p["anchor_end"] else p["lx"]
        assert 0 <= x0 and x0 + w <= view["width"] + 0.5, p
        boxes.append((x0, p["ly"] - 10, x0 + w, p["ly"] + 3))
    for i, p in enumerate(boxes):
        for q in boxes[i + 1:]:
            assert not (p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]), (p, q)
    # places named by both reports are labelled first
    assert {"Aleppo (AB)", "Russia (AB)"} <= {p["label_text"] for p in labelled}


def _time(n: int, text: str, start: str, end: str) -> TimeRef:
    return TimeRef(Span("a", n * 10, n * 10 + 5), text, start, end, "day", True)


def test_a_far_earlier_time_is_pinned_left_and_the_event_days_fill_the_axis():
    times = [_time(0, "2011", "2011-01-01T00:00:00", "2012-01-01T00:00:00"),
             _time(1, "this year", "2024-01-01T00:00:00", "2025-01-01T00:00:00"),
             _time(2, "Sunday", "2024-12-01T00:00:00", "2024-12-02T00:00:00"),
             _time(3, "Monday", "2024-12-02T00:00:00", "2024-12-03T00:00:00")]
    view = timeline_view([_analysis("a", times=times)], {"a": "A"}, {"a": "#111"})
    bars = {b["text"].split(" (")[0]: b for b in view["bars"]}
    assert view["cut"] and bars["2011"]["earlier"] and bars["this year"]["earlier"]
    assert not bars["Sunday"]["earlier"] and not bars["Monday"]["earlier"]
    assert "2011-01-01, earlier" in bars["2011"]["text"]
    # the two event days take most of the drawing width, not a sliver at its right end
    assert bars["Monday"]["x"] - bars["Sunday"]["x"] > 100
    assert bars["Sunday"]["w"] > 100
    assert [t["text"] for t in view["ticks"]][:1] == ["2024-12-01"]


def test_close_times_keep_one_axis():
    times = [_time(0, "Sunday", "2024-12-01T00:00:00", "2024-12-02T00:00:00"),
             _time(1, "last week", "2024-11-25T00:00:00", "2024-12-02T00:00:00")]
    view = timeline_view([_analysis("a", times=times)], {"a": "A"}, {"a": "#111"})
    assert not view["cut"] and not any(b["earlier"] for b in view["bars"])
