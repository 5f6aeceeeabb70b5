from counterpoint.render.segments import Highlight, segment


def test_pieces_rebuild_text_and_nest_outermost_first():
    text = "abcdefghij"
    hs = [Highlight("evidence", 2, 6, "e1"), Highlight("evidence", 4, 9, "e2"), Highlight("framing", 5, 7, "f"),
          Highlight("removed", 8, 10, "r")]
    pieces = segment(text, hs)
    assert "".join(p.text for p in pieces) == text
    got = [(p.start, p.end, [h.key for h in p.covering], sorted(p.first)) for p in pieces]
    assert got == [(0, 2, [], []), (2, 4, ["e1"], ["e1"]), (4, 5, ["e1", "e2"], ["e2"]),
                   (5, 6, ["e1", "e2", "f"], ["f"]), (6, 7, ["e2", "f"], []), (7, 8, ["e2"], []),
                   (8, 9, ["r", "e2"], ["r"]), (9, 10, ["r"], [])]


def test_same_start_longer_span_outside_and_clamping():
    pieces = segment("hello", [Highlight("evidence", 0, 2, "short"), Highlight("evidence", 0, 4, "long"),
                               Highlight("evidence", 3, 99, "clamped"), Highlight("evidence", 7, 9, "gone"),
                               Highlight("evidence", 2, 2, "empty"), Highlight("evidence", 0, 1, "short")])
    assert [[h.key for h in p.covering] for p in pieces] == [["long", "short"], ["long"], ["long", "clamped"],
                                                           ["clamped"]]
    assert "".join(p.text for p in pieces) == "hello"
    assert segment("", [Highlight("evidence", 0, 3, "x")]) == []
