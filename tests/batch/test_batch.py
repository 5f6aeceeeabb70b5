"""The Dask batch driver on a real LocalCluster (2 worker processes): Parquet output, rejections, resume,
a worker killed mid-run, the CLI, and identical analyses from batch and from ``add``'s Analyzer.

Most tests inject a light analyser (``FakeAnalyzer``) and embedder so they run in seconds; the identity test
loads the real models (skipped while the Analyzer cannot be imported). The sample is the first articles of
``../shared/data/corpus/allsides-articles.jsonl.gz`` when present, else generated English texts.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

import cloudpickle  # noqa: E402
import numpy as np  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from counterpoint import PIPELINE_VERSION  # noqa: E402
from counterpoint.batch import read_analyses, read_rejected, read_rows  # noqa: E402
from counterpoint.batch.driver import run_batch  # noqa: E402
from counterpoint.config import Settings  # noqa: E402
from counterpoint.model import Analysis, Sentence, Span, content_hash  # noqa: E402

pytestmark = [pytest.mark.dask]

# workers unpickle the stand-ins below by value (they cannot import this test module by name)
cloudpickle.register_pickle_by_value(sys.modules[__name__])

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("COUNTERPOINT_SHARED", ROOT.parent / "shared")) / "data/corpus/allsides-articles.jsonl.gz"
SAMPLE = 60

TOPICS = [("storm", "coast", "Governor Alice Moreno", "evacuated"), ("strike", "port", "union leader Tom Reyes",
          "walked out"), ("election", "capital", "commissioner Ruth Obi", "voted"),
          ("wildfire", "valley", "fire chief Sam Lund", "burned")]


class FakeAnalyzer:
    """Stands in for Analyzer: sentences split on '. '; a text containing POISON raises; ``delay`` per report."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay

    def analyze_many(self, reports):
        for r in reports:
            if "POISON" in r.text:
                raise ValueError("poisoned report")
            if self.delay:
                time.sleep(self.delay)
            spans, start = [], 0
            for part in r.text.split(". "):
                spans.append(Sentence(Span(r.id, start, start + len(part)), part))
                start += len(part) + 2
            yield Analysis(report=r, pipeline_version=PIPELINE_VERSION, sentences=tuple(spans))


_FAKES: dict = {}


def fake_analyzer(settings):
    return _FAKES.setdefault("fast", FakeAnalyzer())


def slow_analyzer(settings):
    return _FAKES.setdefault("slow", FakeAnalyzer(delay=0.08))


class HashEmbedder:
    def encode(self, texts, batch_size: int = 32):
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().split():
                out[i, int(hashlib.md5(w.encode()).hexdigest()[:6], 16) % 384] += 1.0
            out[i] /= max(1e-9, float(np.linalg.norm(out[i])))
        return out


def hash_embedder():
    return HashEmbedder()


def generated_rows(n: int) -> list[dict]:
    rows = []
    for i in range(n):
        kind, place, person, verb = TOPICS[i % len(TOPICS)]
        rows.append({"text": f"Thousands of residents {verb} as the {kind} reached the {place} on Tuesday. "
                             f"{person} said {100 + i} people were affected in district {i}. "
                             f"Officials expect the situation around the {place} to improve by the weekend, "
                             f"and they asked people to follow the news for updates.",
                     "title": f"{kind.title()} update {i}", "source": f"Outlet {i % 3}", "date": "2024-05-0" + str(1 + i % 9)})
    return rows


def sample_rows(n: int = SAMPLE) -> list[dict]:
    """The first ``n`` usable articles of the shared corpus, or generated ones without ../shared."""
    if not CORPUS.exists():
        return generated_rows(n)
    rows = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            text = (d.get("content_original") or "").strip()
            if 300 <= len(text) <= 6000:
                rows.append({"text": text, "title": d.get("title"), "source": d.get("source"), "date": d.get("date")})
            if len(rows) >= n:
                break
    return rows


def write_jsonl_gz(path: Path, rows: list[dict], extra: tuple[str, ...] = ()) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
        for line in extra:
            fh.write(line + "\n")
    return path


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster
    import logging
    # any free port for the scheduler's HTTP server (the default 8787 may be another cluster's), no dashboard
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                           scheduler_kwargs={"dashboard": False}, silence_logs=logging.CRITICAL)
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def rows():
    return sample_rows()


BAD = ('{"text": "broken', json.dumps({"text": "   "}),
       json.dumps({"text": "POISON in this otherwise fine English report about the storm and the coast, which "
                           "officials said would reopen on Friday after the damage was assessed."}))


def run(sources, out, client, **kw):
    kw.setdefault("analyzer_factory", fake_analyzer)
    kw.setdefault("embedder_factory", hash_embedder)
    kw.setdefault("partition_size", 8)
    return run_batch([str(s) for s in sources], out, Settings(), client=client, **kw)


def test_parquet_rows_rejections_and_stories(client, rows, tmp_path):
    src = write_jsonl_gz(tmp_path / "a.jsonl.gz", rows + rows[:2], BAD)
    res = run([src], tmp_path / "out", client)
    assert res.ok, res.failed
    assert res.duplicates == 2
    assert res.reports == len(rows) and res.computed == res.partitions == (len(rows) + 1 + 7) // 8
    rejected = dict(read_rejected(tmp_path / "out"))
    assert len(rejected) == 3 and res.rejected == 3
    assert any("broken JSON" in r for r in rejected.values())
    assert any(r == "analysis failed (ValueError: poisoned report)" for r in rejected.values())
    got = list(read_rows(tmp_path / "out", columns=["id", "path", "text", "pipeline_version", "outlet"]))
    assert [r["id"] for r in got] == [content_hash(r["text"]) for r in got]
    assert len({r["id"] for r in got}) == len(rows)
    assert {r["pipeline_version"] for r in got} == {PIPELINE_VERSION}
    assert got[0]["path"] == f"{src}:1" and got[0]["outlet"] == rows[0]["source"]
    a = next(read_analyses(tmp_path / "out"))
    assert a.report.text == rows[0]["text"] and a.sentences
    stories = pq.read_table(tmp_path / "out" / "stories.parquet").to_pylist()
    assert sum(s["report_count"] for s in stories) == len(rows) == res.reports
    manifest = [json.loads(x) for x in (tmp_path / "out" / "_manifest.jsonl").read_text().splitlines()]
    assert len(manifest) == res.partitions and all(m["pipeline_version"] == PIPELINE_VERSION for m in manifest)
    assert not list((tmp_path / "out" / "analyses").glob(".*tmp"))


def test_rerun_skips_done_partitions_and_appends(client, rows, tmp_path):
    src = write_jsonl_gz(tmp_path / "a.jsonl.gz", rows[:20])
    first = run([src], tmp_path / "out", client)
    assert (first.computed, first.skipped, first.reports) == (3, 0, 20)
    again = run([src], tmp_path / "out", client)
    assert (again.computed, again.skipped, again.reports) == (0, 3, 20)
    assert first.warm_seconds > 0 and again.warm_seconds == 0      # nothing to compute: no models loaded
    write_jsonl_gz(src, rows[:30])                 # ten more at the end: partition 2 changes, 3 is new
    more = run([src], tmp_path / "out", client)
    assert (more.computed, more.skipped, more.reports) == (2, 2, 30)
    assert len(list((tmp_path / "out" / "analyses").glob("part-*.parquet"))) == 4     # the stale one removed
    assert sorted(a.report.id for a in read_analyses(tmp_path / "out")) == sorted(
        content_hash(r["text"]) for r in rows[:30])


def test_folder_and_csv_sources(client, rows, tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    for i, r in enumerate(rows[:5]):
        (folder / f"r{i}.txt").write_text(r["text"], encoding="utf-8")
    import csv
    with open(tmp_path / "b.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, ["text", "title", "source", "date"])
        w.writeheader()
        for r in rows[5:9]:
            w.writerow(r)
    res = run([folder, tmp_path / "b.csv"], tmp_path / "out", client, partition_size=3)
    assert res.ok and res.reports == 9 and res.partitions == 3
    paths = [r["path"] for r in read_rows(tmp_path / "out", columns=["path"])]
    assert paths[0] == f"{folder}/r0.txt" and paths[-1].startswith(f"{tmp_path / 'b.csv'}:")


def test_cli_usage_errors(tmp_path):
    from typer.testing import CliRunner
    from counterpoint.cli import app            # `counterpoint batch` is a command of the main CLI
    runner = CliRunner()
    r = runner.invoke(app, ["batch", "--help"])
    assert r.exit_code == 0 and "--scheduler" in r.output
    r = runner.invoke(app, ["batch", str(tmp_path), "--out", str(tmp_path / "o"), "--workers", "2",
                            "--scheduler", "tcp://127.0.0.1:1"])
    assert r.exit_code == 2 and "not both" in r.output
    r = runner.invoke(app, ["batch", str(tmp_path), "--out", str(tmp_path / "o"), "--partition-size", "0"])
    assert r.exit_code == 2


def test_db_store_equals_add(client, rows, tmp_path):
    """--db: the store batch leaves is the store `add` leaves (same analyser and embedder on both sides)."""
    from counterpoint.corpus import Corpus, add_sources
    from counterpoint.store import open_store
    src = write_jsonl_gz(tmp_path / "a.jsonl.gz", rows[:24] + rows[:1], BAD[:2])
    res = run([src], tmp_path / "out", client, db=str(tmp_path / "batch.db"))
    assert res.ok and res.store["added"] == 24
    db_add = str(tmp_path / "add.db")
    corpus = Corpus(open_store(db_add), Settings(db=db_add), analyzer=FakeAnalyzer(), embedder=HashEmbedder())
    try:
        added = add_sources([str(src)], corpus.settings, corpus=corpus)
        assert added.added == 24
        want = corpus.store.dump()
    finally:
        corpus.store.close()
    again = run([src], tmp_path / "out", client, db=str(tmp_path / "batch.db"))      # a rerun adds nothing
    assert again.computed == 0 and again.store["added"] == 0
    store = open_store(str(tmp_path / "batch.db"))
    try:
        assert store.dump() == want
    finally:
        store.close()


def _real_analyzer_or_skip():
    try:
        from counterpoint.analyze import Analyzer  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"the Analyzer cannot be imported yet ({exc})")


def test_same_analyses_as_add(client, rows, tmp_path):
    """The real models: batch rows hold the very analyses and grouping features `counterpoint add` stores.

    The reference is `add` itself (``add_sources`` into a fresh SQLite store, with the Analyzer and embedder that
    ``Corpus`` builds), not a module-level helper another test could have patched in this process."""
    _real_analyzer_or_skip()
    from counterpoint.batch.schema import analysis_hash, analysis_json
    from counterpoint.corpus import Corpus, add_sources
    from counterpoint.store import open_store
    src = write_jsonl_gz(tmp_path / "a.jsonl.gz", rows[:6])
    res = run([src], tmp_path / "out", client, analyzer_factory=None, embedder_factory=None, partition_size=4)
    assert res.ok and res.reports == 6
    batch = {r["id"]: r for r in read_rows(tmp_path / "out")}
    db = str(tmp_path / "add.db")
    corpus = Corpus(open_store(db), Settings(db=db))
    try:
        added = add_sources([str(src)], corpus.settings, corpus=corpus)
        assert added.added == added.analysed == 6
        stored = {rid: corpus.store.get_analysis(rid, PIPELINE_VERSION) for rid in batch}
        feats = {row.report_id: row for row, _story in corpus.store.iter_features()}
    finally:
        corpus.store.close()
    assert None not in stored.values() and set(feats) == set(batch)
    assert all(a.mentions and a.claims for a in stored.values()), "the reference is not the real pipeline"
    for rid, a in stored.items():
        assert batch[rid]["analysis_hash"] == analysis_hash(a), rid
    by_batch = [analysis_json(a) for a in read_analyses(tmp_path / "out")]
    assert by_batch == [analysis_json(stored[rid]) for rid in batch]
    for rid, f in feats.items():
        assert batch[rid]["embedding"] == f.embedding
        keys = json.loads(batch[rid]["keys"])
        assert {k: round(float(v), 6) for k, v in keys.items()} == f.terms     # the store keeps 6 decimals
        assert (batch[rid]["day"], batch[rid]["feature_title"]) == (f.day, f.title)


def broken_analyzer(settings):
    raise RuntimeError("spaCy model missing")


def test_a_model_error_fails_partitions_not_reports(client, rows, tmp_path):
    """An error that is not about one report fails the partition (no report is marked rejected for it); the
    run reports it and a rerun with working models finishes the job."""
    src = write_jsonl_gz(tmp_path / "a.jsonl.gz", rows[:10])
    res = run([src], tmp_path / "out", client, analyzer_factory=broken_analyzer, retries=0, warm_workers=False)
    assert not res.ok and len(res.failed) == 2 and "spaCy model missing" in res.failed[0]
    assert res.rejected == 0 and not list((tmp_path / "out" / "analyses").glob("part-*"))
    again = run([src], tmp_path / "out", client)
    assert again.ok and again.reports == 10 and again.computed == 2


def test_cli_runs_on_a_scheduler(client, rows, tmp_path):
    """`counterpoint batch SOURCES --out DIR --scheduler ADDR --db URL` end to end, with the real models."""
    _real_analyzer_or_skip()
    from typer.testing import CliRunner
    from counterpoint.cli import app
    src = write_jsonl_gz(tmp_path / "a.jsonl.gz", rows[:4], BAD[:1])
    r = CliRunner().invoke(app, ["batch", str(src), "--out", str(tmp_path / "o"), "--scheduler",
                                 client.scheduler.address, "--db", str(tmp_path / "s.db"), "--no-progress"])
    assert r.exit_code == 1, r.output          # one input rejected
    assert "4 reports analysed" in r.output and "broken JSON" in r.output
    assert "store: 4 added" in r.output


def test_killed_worker_costs_only_its_partitions(client, rows, tmp_path):
    src = write_jsonl_gz(tmp_path / "a.jsonl.gz", rows)
    killed: list[int] = []

    def kill_one(summary: dict) -> None:
        if killed:
            return
        pids = client.run(os.getpid)                      # {address: pid} of the live workers
        victim = sorted(pids.values())[0]
        os.kill(victim, signal.SIGKILL)
        killed.append(victim)

    res = run([src], tmp_path / "out", client, analyzer_factory=slow_analyzer, partition_size=5,
              on_partition=kill_one)
    assert killed, "no worker was killed"
    assert res.ok, res.failed
    assert res.reports == len(rows) and res.computed == res.partitions
    ids = [r["id"] for r in read_rows(tmp_path / "out", columns=["id"])]
    assert sorted(ids) == sorted(content_hash(r["text"]) for r in rows)
    assert not list((tmp_path / "out").glob("*/.part-*.tmp"))
