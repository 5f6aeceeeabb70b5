"""The Store on SQLAlchemy Core: SQLite (one file, the default) or PostgreSQL (a URL).

Every write goes through :meth:`SqlStore.transaction`; SQLite runs in WAL mode so a killed process leaves the
last committed transaction and nothing of the one in flight.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence

import sqlalchemy as sa

from ..errors import StoreError
from ..model import Analysis, Report, from_dict, to_dict
from . import schema as S
from .base import FeatureRow, StoryInfo, StoryReport

_CHUNK = 500   # ids per IN (...) query


def default_db_path() -> Path:
    import platformdirs
    return Path(platformdirs.user_data_dir("counterpoint")) / "counterpoint.db"


def db_url(db: Optional[str]) -> str:
    """``None`` -> the default SQLite file; a path -> SQLite; ``postgresql://`` (psycopg 3) or any SQLAlchemy URL."""
    if db is None or str(db).strip() == "":
        path = default_db_path()
    elif "://" in str(db):
        url = str(db)
        if url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://"):]
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        return url
    else:
        path = Path(db).expanduser()
    return f"sqlite:///{path}"


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class SqlTx:
    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def add_report(self, report: Report, seq: int) -> bool:
        if self.conn.execute(sa.select(S.reports.c.id).where(S.reports.c.id == report.id)).first():
            return False
        self.conn.execute(S.reports.insert().values(
            id=report.id, seq=seq, path=report.path, title=report.title, outlet=report.outlet,
            published=report.published, url=report.url, data=_dumps(to_dict(report))))
        return True

    def put_analysis(self, analysis: Analysis) -> None:
        key = (S.analyses.c.report_id == analysis.report.id) & \
              (S.analyses.c.pipeline_version == analysis.pipeline_version)
        data = _dumps(to_dict(analysis))
        if self.conn.execute(S.analyses.update().where(key).values(data=data)).rowcount == 0:
            self.conn.execute(S.analyses.insert().values(report_id=analysis.report.id,
                                                         pipeline_version=analysis.pipeline_version, data=data))

    def put_features(self, row: FeatureRow) -> None:
        self.conn.execute(S.features.delete().where(S.features.c.report_id == row.report_id))
        self.conn.execute(S.features.insert().values(
            report_id=row.report_id, seq=row.seq, version=row.version, day=row.day,
            published=row.published, title=row.title,
            terms=_dumps(row.terms), embedding=row.embedding))

    def assign(self, report_id: str, story_id: str, seq: int) -> None:
        t = S.story_members
        if self.conn.execute(t.update().where(t.c.report_id == report_id)
                             .values(story_id=story_id, seq=seq)).rowcount == 0:
            self.conn.execute(t.insert().values(report_id=report_id, story_id=story_id, seq=seq))

    def upsert_story(self, story: StoryInfo) -> None:
        t = S.stories
        values = dict(title=story.title, first_seen=story.first_seen, last_seen=story.last_seen,
                      report_count=story.report_count, created_seq=story.created_seq)
        if self.conn.execute(t.update().where(t.c.id == story.id).values(**values)).rowcount == 0:
            self.conn.execute(t.insert().values(id=story.id, **values))

    def merge_story(self, loser: str, winner: str) -> None:
        self.conn.execute(S.story_members.update().where(S.story_members.c.story_id == loser)
                          .values(story_id=winner))
        self.conn.execute(S.stories.delete().where(S.stories.c.id == loser))

    # -- bulk forms (one round trip per statement kind, not per row): what Corpus.write_batch uses
    def _have(self, column, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(ids), _CHUNK):
            found.update(r[0] for r in self.conn.execute(sa.select(column).where(column.in_(list(ids[i:i + _CHUNK])))))
        return found

    def add_reports(self, items: Sequence[tuple[Report, int]]) -> set[str]:
        """Insert the reports not stored yet (with their seq); returns the ids inserted."""
        have = self._have(S.reports.c.id, [r.id for r, _ in items])
        rows, added = [], set()
        for r, seq in items:
            if r.id in have or r.id in added:
                continue
            added.add(r.id)
            rows.append(dict(id=r.id, seq=seq, path=r.path, title=r.title, outlet=r.outlet,
                             published=r.published, url=r.url, data=_dumps(to_dict(r))))
        if rows:
            self.conn.execute(S.reports.insert(), rows)
        return added

    def put_features_many(self, rows: Sequence[FeatureRow]) -> None:
        if not rows:
            return
        ids = [r.report_id for r in rows]
        for i in range(0, len(ids), _CHUNK):
            self.conn.execute(S.features.delete().where(S.features.c.report_id.in_(ids[i:i + _CHUNK])))
        self.conn.execute(S.features.insert(), [dict(
            report_id=r.report_id, seq=r.seq, version=r.version, day=r.day, published=r.published,
            title=r.title, terms=_dumps(r.terms), embedding=r.embedding) for r in rows])

    def assign_many(self, items: Sequence[tuple[str, str, int]]) -> None:
        """(report id, story id, seq) memberships, inserted or updated."""
        if not items:
            return
        t = S.story_members
        have = self._have(t.c.report_id, [rid for rid, _, _ in items])
        upd = [dict(b_rid=rid, b_sid=sid, b_seq=seq) for rid, sid, seq in items if rid in have]
        ins = [dict(report_id=rid, story_id=sid, seq=seq) for rid, sid, seq in items if rid not in have]
        if upd:
            self.conn.execute(t.update().where(t.c.report_id == sa.bindparam("b_rid"))
                              .values(story_id=sa.bindparam("b_sid"), seq=sa.bindparam("b_seq")), upd)
        if ins:
            self.conn.execute(t.insert(), ins)

    def upsert_stories(self, stories: Sequence[StoryInfo]) -> None:
        if not stories:
            return
        t = S.stories
        have = self._have(t.c.id, [st.id for st in stories])

        def values(st: StoryInfo) -> dict:
            return dict(title=st.title, first_seen=st.first_seen, last_seen=st.last_seen,
                        report_count=st.report_count, created_seq=st.created_seq)
        upd = [dict(b_id=st.id, **{f"b_{k}": v for k, v in values(st).items()}) for st in stories if st.id in have]
        ins = [dict(id=st.id, **values(st)) for st in stories if st.id not in have]
        if upd:
            self.conn.execute(t.update().where(t.c.id == sa.bindparam("b_id")).values(
                **{k: sa.bindparam(f"b_{k}") for k in ("title", "first_seen", "last_seen", "report_count",
                                                       "created_seq")}), upd)
        if ins:
            self.conn.execute(t.insert(), ins)

    def set_meta(self, key: str, value: str) -> None:
        t = S.meta
        if self.conn.execute(t.update().where(t.c.key == key).values(value=value)).rowcount == 0:
            self.conn.execute(t.insert().values(key=key, value=value))


class SqlStore:
    """A store at ``db`` (path, URL or None for the default file). Migrates on open."""

    def __init__(self, db: Optional[str] = None) -> None:
        self.url = db_url(db)
        self.is_sqlite = self.url.startswith("sqlite")
        self.engine = None
        try:
            if self.is_sqlite:
                path = Path(self.url[len("sqlite:///"):])
                if str(path) not in ("", ":memory:"):
                    path.parent.mkdir(parents=True, exist_ok=True)
                self.engine = sa.create_engine(self.url, connect_args={"timeout": 60})
                sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            else:
                self.engine = sa.create_engine(self.url, pool_pre_ping=True)
            S.migrate(self.engine, datetime.now(timezone.utc).isoformat(timespec="seconds"))
        except ModuleNotFoundError as exc:
            self.close()
            raise StoreError(f"cannot open store {self._safe_url()}: driver missing ({exc}); "
                             "for PostgreSQL install psycopg[binary]") from None
        except sa.exc.SQLAlchemyError as exc:
            self.close()
            raise StoreError(f"cannot open store {self._safe_url()}: {exc.__class__.__name__}: "
                             f"{str(exc).splitlines()[0]}") from None

    def _safe_url(self) -> str:
        try:
            return sa.engine.make_url(self.url).render_as_string(hide_password=True)
        except Exception:  # noqa: BLE001 - only used in messages
            return "<url>"

    def __repr__(self) -> str:
        return f"SqlStore({self._safe_url()})"

    # ------------------------------------------------------------ writes
    @contextmanager
    def transaction(self) -> Iterator[SqlTx]:
        try:
            with self.engine.begin() as conn:
                yield SqlTx(conn)
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"store {self._safe_url()}: write failed, nothing of it was kept "
                             f"({exc.__class__.__name__}: {str(exc).splitlines()[0]})") from None

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()

    def __enter__(self) -> "SqlStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ reads
    def _rows(self, stmt) -> list:
        with self.engine.connect() as conn:
            return list(conn.execute(stmt))

    def migrations(self) -> list[str]:
        return [r[0] for r in self._rows(sa.select(S.migrations_table.c.name).order_by(S.migrations_table.c.name))]

    def existing(self, ids: Iterable[str]) -> set[str]:
        ids = list(dict.fromkeys(ids))
        found: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(ids), _CHUNK):
                chunk = ids[i:i + _CHUNK]
                found.update(r[0] for r in conn.execute(sa.select(S.reports.c.id).where(S.reports.c.id.in_(chunk))))
        return found

    def next_seq(self) -> int:
        value = self._rows(sa.select(sa.func.max(S.reports.c.seq)))[0][0]
        return 0 if value is None else int(value) + 1

    def get_report(self, report_id: str) -> Optional[Report]:
        rows = self._rows(sa.select(S.reports.c.data).where(S.reports.c.id == report_id))
        return from_dict(Report, json.loads(rows[0][0])) if rows else None

    def get_reports(self, ids: Sequence[str]) -> list[Report]:
        """Reports in the order of ``ids`` (unknown ids are skipped)."""
        by_id: dict[str, Report] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), _CHUNK):
                for rid, data in conn.execute(sa.select(S.reports.c.id, S.reports.c.data)
                                              .where(S.reports.c.id.in_(list(ids[i:i + _CHUNK])))):
                    by_id[rid] = from_dict(Report, json.loads(data))
        return [by_id[i] for i in ids if i in by_id]

    def analysed(self, ids: Sequence[str], version: str) -> set[str]:
        """Those of ``ids`` that have an analysis for ``version``."""
        ids = list(ids)
        found: set[str] = set()
        a = S.analyses
        with self.engine.connect() as conn:
            for i in range(0, len(ids), _CHUNK):
                found.update(r[0] for r in conn.execute(sa.select(a.c.report_id).where(
                    a.c.report_id.in_(ids[i:i + _CHUNK]) & (a.c.pipeline_version == version))))
        return found

    def get_analysis(self, report_id: str, version: str) -> Optional[Analysis]:
        rows = self._rows(sa.select(S.analyses.c.data).where(
            (S.analyses.c.report_id == report_id) & (S.analyses.c.pipeline_version == version)))
        return from_dict(Analysis, json.loads(rows[0][0])) if rows else None

    def iter_features(self) -> Iterator[tuple[FeatureRow, Optional[str]]]:
        """Every report's grouping features with its story, in order of addition."""
        f, m = S.features, S.story_members
        stmt = (sa.select(f.c.report_id, f.c.seq, f.c.version, f.c.day, f.c.published, f.c.title, f.c.terms,
                          f.c.embedding, m.c.story_id)
                .select_from(f.outerjoin(m, m.c.report_id == f.c.report_id)).order_by(f.c.seq))
        with self.engine.connect() as conn:
            for rid, seq, version, day, published, title, terms, emb, story in \
                    conn.execution_options(yield_per=2000).execute(stmt):
                yield FeatureRow(rid, seq, version, day, published, title, json.loads(terms), bytes(emb)), story

    def get_meta(self, key: str) -> Optional[str]:
        rows = self._rows(sa.select(S.meta.c.value).where(S.meta.c.key == key))
        return rows[0][0] if rows else None

    def _story_infos(self, story_rows: list, conn: sa.Connection) -> list[StoryInfo]:
        ids = [r.id for r in story_rows]
        members: dict[str, list[StoryReport]] = {i: [] for i in ids}
        m, r = S.story_members, S.reports
        for i in range(0, len(ids), _CHUNK):
            stmt = (sa.select(m.c.story_id, r.c.id, r.c.path, r.c.title, r.c.outlet, r.c.published)
                    .select_from(m.join(r, r.c.id == m.c.report_id))
                    .where(m.c.story_id.in_(ids[i:i + _CHUNK])).order_by(r.c.seq))
            for sid, rid, path, title, outlet, published in conn.execute(stmt):
                members[sid].append(StoryReport(rid, path, title, outlet, published))
        return [StoryInfo(s.id, s.title, s.first_seen, s.last_seen, s.report_count, s.created_seq,
                          tuple(members[s.id])) for s in story_rows]

    def list_stories(self, since: Optional[str] = None, search: Optional[str] = None) -> list[StoryInfo]:
        """Stories, most recently seen first (then by id). ``since``: last seen on or after that ISO date.
        ``search``: case-insensitive substring of the story title or any member's title or outlet."""
        s = S.stories
        stmt = sa.select(s)
        if since:
            stmt = stmt.where(s.c.last_seen >= since)
        if search:
            pat = f"%{search.lower()}%"
            m, r = S.story_members, S.reports
            hit = (sa.select(m.c.story_id).select_from(m.join(r, r.c.id == m.c.report_id))
                   .where(sa.func.lower(r.c.title).like(pat) | sa.func.lower(r.c.outlet).like(pat)))
            stmt = stmt.where(sa.func.lower(s.c.title).like(pat) | s.c.id.in_(hit))
        stmt = stmt.order_by(s.c.last_seen.desc().nulls_last(), s.c.created_seq)
        with self.engine.connect() as conn:
            return self._story_infos(list(conn.execute(stmt)), conn)

    def get_story(self, story_id: str) -> Optional[StoryInfo]:
        """A story by id, or by a unique id prefix."""
        s = S.stories
        with self.engine.connect() as conn:
            rows = list(conn.execute(sa.select(s).where(s.c.id == story_id)))
            if not rows and story_id:
                rows = list(conn.execute(sa.select(s).where(s.c.id.like(f"{story_id}%")).limit(2)))
                if len(rows) != 1:
                    return None
            return self._story_infos(rows, conn)[0] if rows else None

    def counts(self) -> dict[str, int]:
        out = {}
        with self.engine.connect() as conn:
            for name, table in (("reports", S.reports), ("analyses", S.analyses), ("stories", S.stories),
                                ("memberships", S.story_members)):
                out[name] = int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())
        return out

    def dump(self) -> dict[str, list[tuple]]:
        """Every table's rows, sorted (migration timestamps left out): for tests that compare two stores."""
        out = {}
        with self.engine.connect() as conn:
            for table in S.metadata.sorted_tables:
                cols = [c for c in table.c if not (table is S.migrations_table and c.name == "applied_at")]
                rows = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                        for row in conn.execute(sa.select(*cols))]
                out[table.name] = sorted(rows, key=repr)
        return out


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def open_store(db: Optional[str] = None) -> SqlStore:
    """Open (creating and migrating as needed) the store at ``db``: a path, a URL, or None for the default."""
    return SqlStore(db)
