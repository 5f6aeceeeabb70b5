"""Corpus library: idempotent adds, analysis cache, bad lines, interruption safety (SIGKILL), watch."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from counterpoint import PIPELINE_VERSION
from counterpoint.config import Settings
from counterpoint.corpus import Corpus, add_sources, list_stories, parse_every, stories_json, watch
from counterpoint.errors import UsageError
from counterpoint.model import Analysis
from counterpoint.store import open_store
from tests.corpus import synthetic_reports, write_manifest
from tests.store import HashEmbedder, db_url  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parents[2]


class FakeAnalyzer:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def analyze_many(self, reports):
        for r in reports:
            self.seen.append(r.id)
            yield Analysis(report=r, pipeline_version=PIPELINE_VERSION)


def _corpus(db, analyze=False, analyzer=None):
    return Corpus(open_store(db), Settings(db=db), analyze=analyze, analyzer=analyzer, embedder=HashEmbedder())


def test_add_twice_changes_nothing(db_url, tmp_path):
    manifest = write_manifest(tmp_path / "m.jsonl", synthetic_reports(4, 3))
    c = _corpus(db_url)
    try:
        first = add_sources([str(manifest)], c.settings, corpus=c)
        assert (first.added, first.duplicates, first.rejected) == (12, 0, [])
        stories = list_stories(c.store)
        assert len(stories) == 4 and all(s.report_count == 3 for s in stories)
        before = c.store.dump()
        c2 = _corpus(db_url)
        again = add_sources([str(manifest)], c.settings, corpus=c2)
        c2.store.close()
        assert (again.added, again.duplicates) == (0, 12)
        assert c.store.dump() == before
    finally:
        c.store.close()


def test_stories_json_shape(tmp_path):
    db = str(tmp_path / "s.db")
    manifest = write_manifest(tmp_path / "m.jsonl", synthetic_reports(2, 2))
    c = _corpus(db)
    add_sources([str(manifest)], c.settings, corpus=c)
    data = stories_json(list_stories(c.store))
    c.store.close()
    assert set(data) == {"stories"} and len(data["stories"]) == 2
    s = data["stories"][0]
    assert {"id", "title", "first_seen", "last_seen", "reports"} <= set(s)
    assert set(s["reports"][0]) == {"id", "path", "title", "outlet", "published"}
    assert s["reports"][0]["path"].startswith(str(manifest))        # as given when added
    assert s["first_seen"] <= s["last_seen"]


def test_bad_lines_are_rejected_one_by_one(tmp_path):
    rows = synthetic_reports(2, 2)
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 8)
    manifest = write_manifest(tmp_path / "m.jsonl", rows, extra_lines=(
        '{"text": "broken',                                                            # line 5
        json.dumps({"text": ""}),                                                     # 6
        json.dumps({"text": rows[0]["text"]}),                                        # 7: duplicate entry
        json.dumps({"text": "Der Bundestag hat am Donnerstag ein neues Gesetz zur Energiepolitik beschlossen, "
                            "das nach langen Verhandlungen zwischen den Parteien zustande kam."}),  # 8
        json.dumps({"path": "blob.bin"}),                                             # 9: binary file
        json.dumps({"text": "Binary \x00\x01\x02\x03 bytes \x00\x00 inline, and long enough to pass the "
                            "length check of the manifest reader."}),                 # 10: binary content
        json.dumps({"text": rows[1]["text"] + " A later line is still read."})))      # 11: added
    c = _corpus(str(tmp_path / "s.db"))
    result = add_sources([str(manifest)], c.settings, corpus=c)
    c.store.close()
    assert result.added == 5 and result.duplicates == 1
    by_line = {r.source.split(":")[-1].split()[0]: r.reason for r in result.rejected}
    assert set(by_line) == {"5", "6", "8", "9", "10"}, result.rejected
    assert "JSON" in by_line["5"]
    assert "text" in by_line["6"]
    assert "language" in by_line["8"]
    assert "binary" in by_line["9"] and "binary" in by_line["10"]


def test_analyses_are_cached_and_only_missing_ones_computed(tmp_path):
    db = str(tmp_path / "s.db")
    manifest = write_manifest(tmp_path / "m.jsonl", synthetic_reports(2, 2))
    c0 = _corpus(db, analyze=False)
    add_sources([str(manifest)], Settings(db=db), corpus=c0)
    c0.store.close()
    fake = FakeAnalyzer()
    c = _corpus(db, analyze=True, analyzer=fake)
    result = add_sources([str(manifest)], c.settings, corpus=c)
    assert result.added == 0 and result.analysed == 4 and len(fake.seen) == 4
    fake2 = FakeAnalyzer()
    c2 = _corpus(db, analyze=True, analyzer=fake2)
    add_sources([str(manifest)], c.settings, corpus=c2)
    c2.store.close()
    assert fake2.seen == []
    assert c.store.counts()["analyses"] == 4
    c.store.close()


def test_story_comparison_uses_cached_analyses(tmp_path):
    from counterpoint.corpus import story_comparison
    db = str(tmp_path / "s.db")
    manifest = write_manifest(tmp_path / "m.jsonl", synthetic_reports(2, 2))
    c = _corpus(db, analyze=True, analyzer=FakeAnalyzer())
    add_sources([str(manifest)], c.settings, corpus=c)
    story = list_stories(c.store)[0]
    cmp = story_comparison(c.store, story.id[:6], c.settings, analyzer=FakeAnalyzer())
    assert sorted(r.id for r in cmp.reports) == sorted(r.id for r in story.reports)
    with pytest.raises(UsageError):
        story_comparison(c.store, "nope", c.settings)
    c.store.close()


def test_stop_between_batches_leaves_a_consistent_store(tmp_path):
    import threading
    db = str(tmp_path / "s.db")
    manifest = write_manifest(tmp_path / "m.jsonl", synthetic_reports(4, 4))
    stop = threading.Event()
    stop.set()
    c = _corpus(db)
    part = add_sources([str(manifest)], c.settings, corpus=c, stop=stop, batch_size=5)
    assert part.interrupted and part.added == 5
    c2 = _corpus(db)
    rest = add_sources([str(manifest)], c.settings, corpus=c2)
    c2.store.close()
    assert rest.added == 11 and rest.duplicates == 5
    counts = c.store.counts()
    assert counts["reports"] == counts["memberships"] == 16
    c.store.close()


def test_keyboard_interrupt_inside_a_batch_rolls_it_back(tmp_path):
    db = str(tmp_path / "s.db")
    rows = synthetic_reports(3, 3)
    manifest = write_manifest(tmp_path / "m.jsonl", rows)
    c = _corpus(db)
    calls = {"n": 0}
    real = c.store.transaction

    def flaky():
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real()
    c.store.transaction = flaky
    part = add_sources([str(manifest)], c.settings, corpus=c, batch_size=4)
    assert part.interrupted and c.store.counts()["reports"] == 4
    c.store.transaction = real
    rest = add_sources([str(manifest)], c.settings, corpus=c)
    assert rest.added == 5
    c.store.close()


_CHILD = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {root!r})
    from counterpoint.config import Settings
    from counterpoint.corpus import Corpus, add_sources
    from counterpoint.store import open_store, sql
    from tests.store import HashEmbedder
    db, manifest, pause, hang_at = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
    if hang_at:
        # hang inside a write transaction once `hang_at` memberships of this run were written (reports,
        # features and memberships of the batch in flight are in the open transaction, not committed): the
        # parent kills us there, so the kill lands mid-transaction
        real_assign, rows = sql.SqlTx.assign_many, [0]
        def assign_many(self, items):
            real_assign(self, items)
            rows[0] += len(items)
            if rows[0] >= hang_at:
                print("in-tx", rows[0], flush=True)
                time.sleep(120)
        sql.SqlTx.assign_many = assign_many
    corpus = Corpus(open_store(db), Settings(db=db), analyze=False, embedder=HashEmbedder())
    def progress(p):
        print(p.added, flush=True)
        time.sleep(pause)
    add_sources([manifest], corpus.settings, corpus=corpus, progress=progress, batch_size=3)
    print("done", flush=True)
""")


def _run_child(script, db, manifest, pause, kill_after=None, hang_at=0):
    proc = subprocess.Popen([sys.executable, str(script), db, str(manifest), str(pause), str(hang_at)],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)
    if kill_after is None and not hang_at:
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0 and out.strip().endswith("done")
        return []
    lines = []
    for line in proc.stdout:
        lines.append(line.strip())
        if (hang_at and line.startswith("in-tx")) or \
                (kill_after is not None and line.strip().isdigit() and int(line) >= kill_after):
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=60)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    return lines


def _reference_store(db_url, tmp_path):
    if db_url.startswith("postgresql"):
        from tests.store import fresh_pg_url
        return fresh_pg_url()
    return str(tmp_path / "reference.db")


def _drop_reference(db_url, reference):
    if db_url.startswith("postgresql"):
        from tests.store import drop_pg_schema
        drop_pg_schema(reference)


def _kill_setup(db_url, tmp_path):
    """Synthetic reports in a manifest, the child script that adds them, and an empty reference store."""
    rows = synthetic_reports(8, 5)
    manifest = write_manifest(tmp_path / "m.jsonl", rows)
    script = tmp_path / "child.py"
    script.write_text(_CHILD.format(root=str(ROOT)))
    return rows, manifest, script, _reference_store(db_url, tmp_path)


def test_sigkill_mid_add_then_rerun_equals_an_uninterrupted_run(db_url, tmp_path):
    rows, manifest, script, reference = _kill_setup(db_url, tmp_path)
    try:
        _run_child(script, reference, manifest, 0)
        _run_child(script, db_url, manifest, 0.05, kill_after=9)     # killed during a later batch
        with open_store(db_url) as s:
            partial = s.counts()["reports"]
        assert 9 <= partial < len(rows)
        _run_child(script, db_url, manifest, 0)
        with open_store(db_url) as s, open_store(reference) as ref:
            assert s.counts()["reports"] == len(rows)
            assert s.dump() == ref.dump()
    finally:
        _drop_reference(db_url, reference)


def test_sigkill_inside_a_write_transaction_keeps_only_committed_batches(db_url, tmp_path):
    rows, manifest, script, reference = _kill_setup(db_url, tmp_path)
    try:
        _run_child(script, reference, manifest, 0)
        # batches of 3: the 4th batch's memberships (10..12) are written in its open transaction when we kill
        lines = _run_child(script, db_url, manifest, 0, hang_at=11)
        assert lines[-1] == "in-tx 12" and "9" in lines
        with open_store(db_url) as s:
            counts = s.counts()
            # nothing of the open transaction survived the kill; every table agrees
            assert counts["reports"] == counts["memberships"] == 9, counts
            assert sum(st.report_count for st in s.list_stories()) == 9
        _run_child(script, db_url, manifest, 0)
        with open_store(db_url) as s, open_store(reference) as ref:
            assert s.counts()["reports"] == len(rows)
            assert s.dump() == ref.dump()
    finally:
        _drop_reference(db_url, reference)


def test_watch_adds_what_is_new_each_round(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    rows = synthetic_reports(3, 1)
    (folder / "a.txt").write_text(rows[0]["text"])
    (folder / "b.txt").write_text(rows[1]["text"])
    c = _corpus(str(tmp_path / "s.db"))
    slept = []

    def sleep(secs):
        slept.append(secs)
        (folder / f"c{len(slept)}.txt").write_text(rows[2]["text"] + f" Update {len(slept)}.")
    results = list(watch([str(folder)], c.settings, every=600, iterations=3, corpus=c, sleep=sleep))
    assert [r.added for r in results] == [2, 1, 1]
    assert [r.duplicates for r in results] == [0, 2, 3]
    assert slept == [600, 600]
    c.store.close()


def test_parse_every():
    assert parse_every("10m") == 600 and parse_every("30s") == 30 and parse_every("2h") == 7200
    assert parse_every("45") == 45
    for bad in ("soon", "-1m", "0"):
        with pytest.raises(UsageError):
            parse_every(bad)


def test_a_split_is_written_to_the_store_and_survives_a_reopen(db_url):
    from counterpoint.corpus import AddResult
    from counterpoint.link.stories import GroupingParams
    from tests.corpus.test_grouping import _two_events
    from tests.store import report
    params = GroupingParams(key_weight=1.0, threshold=0.25, split_ratio=0.8)
    feats = _two_events(8)
    reps = []
    for f in feats:
        r = report(f"Report {f.report_id}.", title=f.report_id)
        f.report_id = r.id
        reps.append(r)
    c = Corpus(open_store(db_url), Settings(db=db_url), analyze=False, params=params, embedder=HashEmbedder())
    try:
        result = AddResult()
        for i in range(0, len(reps), 5):
            c.write_batch(reps[i:i + 5], feats[i:i + 5], [], result)
        stories = list_stories(c.store)
        assert sorted(len(s.reports) for s in stories) == [8, 8]
        for s in stories:                                  # every story is one event, in store and grouper
            assert len({r.title[0] for r in s.reports}) == 1
            assert s.report_count == len(s.reports)
            assert {c.grouper.story_of[r.id] for r in s.reports} == {s.id}
        assert result.stories_created == 2
        c2 = Corpus(open_store(db_url), Settings(db=db_url), analyze=False, params=params)
        assert sorted(map(sorted, c2.grouper.groups())) == sorted(map(sorted, c.grouper.groups()))
        c2.store.close()
    finally:
        c.store.close()


class BrokenOnOneAnalyzer(FakeAnalyzer):
    """Fails the whole batch when it holds a report mentioning Omaha (as a pipeline bug would)."""

    def analyze_many(self, reports):
        reports = list(reports)
        if any("Omaha" in r.text for r in reports):
            raise ValueError("bad span 226..225")
        yield from super().analyze_many(reports)


def test_an_analysis_failure_costs_only_that_report_its_analysis(tmp_path):
    db = str(tmp_path / "s.db")
    manifest = write_manifest(tmp_path / "m.jsonl", synthetic_reports(3, 2))
    c = _corpus(db, analyze=True, analyzer=BrokenOnOneAnalyzer())
    result = add_sources([str(manifest)], c.settings, corpus=c)
    assert result.added == 6 and result.analysed == 4
    assert len(result.notices) == 2 and all("analysis failed (ValueError: bad span" in n for n in result.notices)
    assert c.store.counts()["analyses"] == 4 and c.store.counts()["reports"] == 6
    c.store.close()
