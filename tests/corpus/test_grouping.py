"""Story grouping on hand-built reports and features (no language model: a hashing embedder)."""
from __future__ import annotations

import numpy as np

from counterpoint.eval.grouping import bcubed, strip_ecbplus_header
from counterpoint.link.stories import (GroupingParams, ReportFeatures, StoryGrouper, featurize, group_reports,
                                       report_keys)
from tests.corpus import synthetic_reports
from tests.store import QUAKE, QUAKE2, SHOOTING, SHOOTING2, HashEmbedder, report


def _feat(rid, keys, day=None, emb=None):
    v = np.zeros(384, dtype=np.float32)
    v[0] = 1.0
    return ReportFeatures(rid, keys, v if emb is None else emb, day, None, rid)


def test_same_event_joins_and_different_events_stay_apart():
    reps = [report(QUAKE), report(SHOOTING), report(QUAKE2), report(SHOOTING2)]
    groups = group_reports(reps, embedder=HashEmbedder())
    assert sorted(map(sorted, groups)) == sorted([sorted([reps[0].id, reps[2].id]),
                                                  sorted([reps[1].id, reps[3].id])])


def test_synthetic_stream_is_grouped_by_event():
    rows = synthetic_reports()
    reps = [report(r["text"], title=r["title"], outlet=r["outlet"], published=r["date"]) for r in rows]
    gold = {r.id: row["event"] for r, row in zip(reps, rows)}
    score = bcubed(group_reports(reps, embedder=HashEmbedder()), gold)
    assert score.f1 >= 0.95, score


def test_the_same_kind_of_event_a_month_later_is_another_story():
    a = report(QUAKE, published="2024-01-02")
    b = report(QUAKE2, published="2024-01-03")
    later = report(QUAKE2 + " Aftershocks continued.", published="2024-02-10")
    groups = group_reports([a, b, later], embedder=HashEmbedder())
    assert sorted(map(len, groups)) == [1, 2]


def test_a_bridging_report_merges_two_stories():
    g = StoryGrouper(GroupingParams())
    a1 = g.add(_feat("a1", {"e:alpha": 1.0}))
    b1 = g.add(_feat("b1", {"e:beta": 1.0}))
    assert a1.created and b1.created and a1.story_id != b1.story_id
    bridge = g.add(_feat("ab", {"e:alpha": 0.7071, "e:beta": 0.7071}))
    assert bridge.story_id == a1.story_id and bridge.merged == (b1.story_id,)
    assert g.groups() == [["a1", "b1", "ab"]]
    later = g.add(_feat("b2", {"e:beta": 1.0}))
    assert later.story_id == a1.story_id          # the merged story's postings still lead to the winner


def test_restore_rebuilds_the_same_state():
    rows = synthetic_reports(6, 4)
    reps = [report(r["text"], title=r["title"], published=r["date"]) for r in rows]
    feats = featurize(reps, embedder=HashEmbedder())
    whole = StoryGrouper()
    out = [whole.add(f) for f in feats]
    half = StoryGrouper()
    first = [half.add(f) for f in feats[:10]]
    rebuilt = StoryGrouper()
    for f, a in zip(feats[:10], first):
        rebuilt.restore(f, half.story_of[f.report_id])
    rest = [rebuilt.add(f) for f in feats[10:]]
    assert [(a.story_id, a.seq) for a in out[10:]] == [(a.story_id, a.seq) for a in rest]
    assert whole.groups() == rebuilt.groups()


def test_candidates_come_from_the_index_not_every_story():
    g = StoryGrouper()
    for i in range(300):
        g.add(_feat(f"r{i}", {f"e:name{i}": 1.0}, day=i * 30))
    assert len(g.stories) == 300
    assert g._candidates(_feat("x", {"e:name7": 1.0}, day=7 * 30)) == [g.story_of["r7"]]
    assert g._candidates(_feat("y", {"e:name7": 1.0}, day=7 * 30 + 400)) == []   # outside the time window


def test_keys_use_analysis_mentions_when_given():
    from counterpoint.model import Analysis, Mention, Span
    r = report("The minister met the delegation in the capital.")
    an = Analysis(report=r, pipeline_version="1", mentions=(Mention(Span(r.id, 4, 12), "minister", "PERSON",
                                                                    "Jane Example"),))
    assert "e:jane example" in report_keys(r, an)
    assert "e:jane example" not in report_keys(r)


def test_ecbplus_header_is_dropped():
    text = ("http://www.example. com/2013/05/02/story\nLindsay Lohan checks into rehab\nMay 2, 2013 | 5: 03pm\n"
            "Lindsay Lohan has checked into rehab.\n")
    assert strip_ecbplus_header(text) == "Lindsay Lohan checks into rehab\nLindsay Lohan has checked into rehab.\n"


def test_bcubed():
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    assert bcubed([["a", "b"], ["c", "d"]], gold).f1 == 1.0
    one = bcubed([["a", "b", "c", "d"]], gold)
    assert (one.precision, one.recall) == (0.5, 1.0)
    singles = bcubed([], gold)
    assert (singles.precision, singles.recall) == (1.0, 0.5)


def _two_events(n_each=6):
    """Two similar events sharing a strong name (e:alpha), each with its own names; one report bridges them
    early. Interleaved, as a stream would deliver them."""
    a = [_feat(f"a{i}", _unit({"e:alpha": 1.0, "e:rahman": 1.0, "e:mannheim": 1.0, f"w:a{i}": 0.3}))
         for i in range(n_each)]
    b = [_feat(f"b{i}", _unit({"e:alpha": 1.0, "e:thompson": 1.0, "e:bern": 1.0, f"w:b{i}": 0.3}))
         for i in range(n_each)]
    return [x for pair in zip(a, b) for x in pair]


def _unit(keys):
    n = sum(v * v for v in keys.values()) ** 0.5
    return {k: v / n for k, v in keys.items()}


def test_a_story_holding_two_similar_events_splits():
    params = GroupingParams(key_weight=1.0, threshold=0.25, split_ratio=0.8)
    g = StoryGrouper(params)
    out = [g.add(f) for f in _two_events()]
    assert out[1].story_id == out[0].story_id            # b0 first joins a0's story (they share "alpha")
    groups = sorted(sorted(x) for x in g.groups())
    assert groups == [[f"a{i}" for i in range(6)], [f"b{i}" for i in range(6)]]
    assert g.story_of["a0"] == out[0].story_id           # the part with the oldest report keeps the id
    moved = [m for a in out for m in a.moved]
    assert moved and all(sid != out[0].story_id for _, sid in moved)
    never = StoryGrouper(GroupingParams(key_weight=1.0, threshold=0.25, split_ratio=0.0))
    for f in _two_events():
        never.add(f)
    assert len(never.groups()) == 1                      # without the split check they stay mixed


def test_one_event_does_not_split():
    params = GroupingParams(key_weight=1.0, threshold=0.25, split_ratio=0.8)
    g = StoryGrouper(params)
    for i in range(20):
        g.add(_feat(f"r{i}", _unit({"e:alpha": 1.0, "e:rahman": 1.0, f"w:x{i % 3}": 0.8, f"w:y{i}": 0.3})))
    assert len(g.groups()) == 1


def test_restore_after_a_split_rebuilds_the_same_state():
    params = GroupingParams(key_weight=1.0, threshold=0.25, split_ratio=0.8)
    feats = _two_events(8)
    whole = StoryGrouper(params)
    out = [whole.add(f) for f in feats]
    half = StoryGrouper(params)
    for f in feats[:13]:
        half.add(f)
    assert len(half.groups()) == 2                       # the split happened in the first part
    rebuilt = StoryGrouper(params)
    for f in feats[:13]:
        rebuilt.restore(f, half.story_of[f.report_id])
    rest = [rebuilt.add(f) for f in feats[13:]]
    assert [(a.story_id, a.seq) for a in out[13:]] == [(a.story_id, a.seq) for a in rest]
    assert whole.groups() == rebuilt.groups()
