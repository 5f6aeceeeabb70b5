"""Shared helpers for store and corpus tests: backends (SQLite always, PostgreSQL when
COUNTERPOINT_TEST_PG_URL is set; see scripts/start_postgres.sh) and a cheap deterministic embedder."""
from __future__ import annotations

import hashlib
import os
import re
import uuid

import numpy as np
import pytest

from counterpoint.model import Report, content_hash

PG_ENV = "COUNTERPOINT_TEST_PG_URL"
PG_SKIP = (f"PostgreSQL tests need {PG_ENV} (a server on loopback: "
           f"eval \"$(scripts/start_postgres.sh)\")")


def pg_url() -> str | None:
    return os.environ.get(PG_ENV)


def fresh_pg_url() -> str:
    """A URL to a new, empty schema on the test server (dropped by the caller through drop_pg_schema)."""
    import sqlalchemy as sa
    base = pg_url()
    if not base:
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail("CI=true: " + PG_SKIP)    # under CI (.ci/run) the PostgreSQL tests must really run
        pytest.skip(PG_SKIP)
    schema = "t_" + uuid.uuid4().hex[:12]
    url = base.replace("postgresql://", "postgresql+psycopg://", 1) if base.startswith("postgresql://") else base
    eng = sa.create_engine(url)
    with eng.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    eng.dispose()
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


def drop_pg_schema(url: str) -> None:
    import sqlalchemy as sa
    schema = re.search(r"search_path%3D(\w+)", url).group(1)
    base = url.split("?")[0].replace("postgresql://", "postgresql+psycopg://", 1)
    eng = sa.create_engine(base)
    with eng.begin() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    eng.dispose()


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    """A fresh store location on each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
    else:
        url = fresh_pg_url()
        yield url
        drop_pg_schema(url)


class HashEmbedder:
    """Deterministic bag-of-words vectors (hashing trick): similar texts get close vectors; no model load."""
    dim = 384

    def encode(self, texts, batch_size: int = 32):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in re.findall(r"[a-z]+", t.lower()):
                if len(w) < 4:
                    continue
                seed = int.from_bytes(hashlib.sha1(w.encode()).digest()[:4], "little")
                out[i] += np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
            n = np.linalg.norm(out[i])
            out[i] = out[i] / n if n else out[i]
        return out


def report(text: str, **meta) -> Report:
    return Report(id=content_hash(text), text=text, **meta)


QUAKE = ("A magnitude 6.1 earthquake struck Aceh province in Indonesia on Tuesday, killing 12 people and "
         "destroying hundreds of homes near Takengon, officials of the disaster agency said.")
QUAKE2 = ("The Aceh earthquake of magnitude 6.1 killed at least 12 people in Indonesia, the disaster agency "
          "said, as rescuers searched the rubble of homes around Takengon.")
SHOOTING = ("A gunman opened fire at a shopping mall in Omaha, Nebraska, killing eight people before turning "
            "the rifle on himself, police chief Thomas Warren said.")
SHOOTING2 = ("Police chief Thomas Warren said the Omaha mall gunman killed eight people at the Westroads "
             "shopping centre in Nebraska before shooting himself with the rifle.")
