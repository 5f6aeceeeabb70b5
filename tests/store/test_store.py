"""The store on SQLite and PostgreSQL: migrations, idempotent reports, analysis cache, stories, listing."""
from __future__ import annotations

import sqlalchemy as sa
import pytest

from counterpoint import PIPELINE_VERSION
from counterpoint.errors import StoreError
from counterpoint.model import Analysis, Mention, Span
from counterpoint.store import FeatureRow, StoryInfo, db_url as to_url, open_store
from counterpoint.store.schema import MIGRATIONS
from tests.store import QUAKE, SHOOTING, db_url, report  # noqa: F401  (fixture)


def test_migrations_are_recorded_once(db_url):
    with open_store(db_url) as s:
        assert s.migrations() == sorted(name for name, _ in MIGRATIONS)
    with open_store(db_url) as s:   # reopening applies nothing new
        assert s.migrations() == sorted(name for name, _ in MIGRATIONS)
        assert s.counts() == {"reports": 0, "analyses": 0, "stories": 0, "memberships": 0}


def test_same_report_twice_changes_nothing(db_url):
    r = report(QUAKE, path="a.txt", title="Quake", outlet="AP", published="2024-01-02")
    with open_store(db_url) as s:
        with s.transaction() as tx:
            assert tx.add_report(r, 0) is True
        before = s.dump()
        with s.transaction() as tx:
            assert tx.add_report(r, 1) is False
        assert s.dump() == before
        assert s.get_report(r.id) == r
        assert s.existing([r.id, "nope"]) == {r.id}
        assert s.next_seq() == 1


def test_failed_transaction_keeps_nothing(db_url):
    a, b = report(QUAKE), report(SHOOTING)
    with open_store(db_url) as s:
        with pytest.raises(RuntimeError):
            with s.transaction() as tx:
                tx.add_report(a, 0)
                raise RuntimeError("boom")
        with pytest.raises(StoreError):
            with s.transaction() as tx:
                tx.add_report(b, 0)
                tx.add_report(a, 0)        # seq is unique: the whole transaction fails
        assert s.counts()["reports"] == 0


def test_analysis_cache_by_version(db_url):
    r = report(QUAKE)
    an = Analysis(report=r, pipeline_version=PIPELINE_VERSION,
                  mentions=(Mention(Span(r.id, 24, 28), "Aceh", "GPE", "Aceh"),))
    with open_store(db_url) as s:
        with s.transaction() as tx:
            tx.add_report(r, 0)
            tx.put_analysis(an)
            tx.put_analysis(an)            # overwrite, not duplicate
        assert s.get_analysis(r.id, PIPELINE_VERSION) == an
        assert s.get_analysis(r.id, "other") is None
        assert s.analysed([r.id], PIPELINE_VERSION) == {r.id}
        assert s.analysed([r.id], "other") == set()
        assert s.counts()["analyses"] == 1


def test_stories_membership_merge_and_listing(db_url):
    q, g = report(QUAKE, path="q.txt", title="Aceh quake", outlet="AP", published="2024-01-02"), \
        report(SHOOTING, path="s.txt", title="Omaha mall shooting", outlet="Reuters", published="2024-02-03")
    with open_store(db_url) as s:
        with s.transaction() as tx:
            for i, r in enumerate((q, g)):
                tx.add_report(r, i)
                tx.put_features(FeatureRow(r.id, i, "1", 19000 + i, r.published, r.title, {"w:x": 1.0},
                                           b"\x00" * 8))
                tx.assign(r.id, f"s{i}", i)
                tx.upsert_story(StoryInfo(f"s{i}", r.title, r.published, r.published, 1, i))
        stories = s.list_stories()
        assert [x.id for x in stories] == ["s1", "s0"]          # most recent first
        assert stories[1].reports[0].path == "q.txt"
        assert [x.id for x in s.list_stories(since="2024-02-01")] == ["s1"]
        assert [x.id for x in s.list_stories(search="ACEH")] == ["s0"]
        assert [x.id for x in s.list_stories(search="reuters")] == ["s1"]
        assert s.get_story("s1").outlets == ("Reuters",)
        rows = list(s.iter_features())
        assert [(row.report_id, story) for row, story in rows] == [(q.id, "s0"), (g.id, "s1")]
        with s.transaction() as tx:
            tx.merge_story("s1", "s0")
            tx.upsert_story(StoryInfo("s0", "Aceh quake", "2024-01-02", "2024-02-03", 2, 0))
        assert [x.id for x in s.list_stories()] == ["s0"]
        assert len(s.get_story("s0").reports) == 2
        assert s.get_story("s1") is None


def test_url_forms(tmp_path):
    assert to_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    assert to_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert to_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    assert to_url(None).startswith("sqlite:///") and to_url(None).endswith("counterpoint.db")


def test_unreachable_server_is_a_store_error():
    with pytest.raises(StoreError, match="cannot open store"):
        open_store("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")


def test_a_newer_migration_is_applied_to_an_old_store(tmp_path, monkeypatch):
    from counterpoint.store import schema
    path = str(tmp_path / "old.db")
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
    with open_store(path) as s:
        assert s.migrations() == ["0001_initial"]
    monkeypatch.undo()
    with open_store(path) as s:
        assert s.migrations() == ["0001_initial", "0002_indexes"]
        insp = sa.inspect(s.engine)
        assert "ix_reports_published" in {i["name"] for i in insp.get_indexes("reports")}
