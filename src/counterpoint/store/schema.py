"""Tables and named, recorded migrations (SQLAlchemy Core; the same schema on SQLite and PostgreSQL).

A migration is a name plus a function of one connection; ``migrate`` runs, in order, every migration whose name
is not yet in ``cp_migrations`` and records it in the same transaction, so a store is never half-migrated.
Never edit a released migration: add a new one.
"""
from __future__ import annotations

from typing import Callable

import sqlalchemy as sa

metadata = sa.MetaData()

migrations_table = sa.Table(
    "cp_migrations", metadata,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("applied_at", sa.String(40), nullable=False),
)

# One row per distinct report text (id = content hash). ``seq`` is the order of addition (set by the writer,
# not a database sequence, so that a rolled-back batch leaves no gap and a rerun numbers reports the same way).
reports = sa.Table(
    "reports", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("seq", sa.Integer, nullable=False, unique=True),
    sa.Column("path", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("published", sa.String(40)),
    sa.Column("url", sa.Text),
    sa.Column("data", sa.Text, nullable=False),          # JSON of model.Report (to_dict)
)

# Cached analyses: one per (report, pipeline version); a new version re-analyses, old rows stay until pruned.
analyses = sa.Table(
    "analyses", metadata,
    sa.Column("report_id", sa.String(64), sa.ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("pipeline_version", sa.String(40), primary_key=True),
    sa.Column("data", sa.Text, nullable=False),          # JSON of model.Analysis (to_dict)
)

# What the story grouper needs to rebuild its in-memory index when a store is reopened.
features = sa.Table(
    "grouping_features", metadata,
    sa.Column("report_id", sa.String(64), sa.ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("version", sa.String(40), nullable=False),
    sa.Column("day", sa.Integer),                        # days since 1970-01-01 of the publication date
    sa.Column("published", sa.String(40)),
    sa.Column("title", sa.Text),                         # the title a story founded by this report takes
    sa.Column("terms", sa.Text, nullable=False),         # JSON {key: weight}
    sa.Column("embedding", sa.LargeBinary, nullable=False),  # float32 unit vector
)

stories = sa.Table(
    "stories", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("created_seq", sa.Integer, nullable=False),  # seq of the founding report: older story wins a merge
    sa.Column("title", sa.Text),
    sa.Column("first_seen", sa.String(40)),
    sa.Column("last_seen", sa.String(40)),
    sa.Column("report_count", sa.Integer, nullable=False),
)

story_members = sa.Table(
    "story_members", metadata,
    sa.Column("report_id", sa.String(64), sa.ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("story_id", sa.String(64), nullable=False, index=True),
    sa.Column("seq", sa.Integer, nullable=False),
)

meta = sa.Table(
    "cp_meta", metadata,
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

_V1_TABLES = [reports, analyses, features, stories, story_members, meta]


def _m0001_initial(conn: sa.Connection) -> None:
    metadata.create_all(conn, tables=_V1_TABLES)


def _m0002_indexes(conn: sa.Connection) -> None:
    # plain DDL: an sa.Index object would attach itself to the Table and leak into 0001's create_all
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_reports_published ON reports (published)"))
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_stories_last_seen ON stories (last_seen)"))


MIGRATIONS: list[tuple[str, Callable[[sa.Connection], None]]] = [
    ("0001_initial", _m0001_initial),
    ("0002_indexes", _m0002_indexes),
]


def applied(conn: sa.Connection) -> list[str]:
    migrations_table.create(conn, checkfirst=True)
    return [r[0] for r in conn.execute(sa.select(migrations_table.c.name).order_by(migrations_table.c.name))]


def migrate(engine: sa.Engine, now: str) -> list[str]:
    """Apply pending migrations, each in its own transaction with its record. Returns the names applied."""
    done: list[str] = []
    with engine.begin() as conn:
        have = set(applied(conn))
    for name, fn in MIGRATIONS:
        if name in have:
            continue
        with engine.begin() as conn:
            if conn.execute(sa.select(migrations_table.c.name).where(migrations_table.c.name == name)).first():
                continue  # another process applied it meanwhile
            fn(conn)
            conn.execute(migrations_table.insert().values(name=name, applied_at=now))
        done.append(name)
    return done
