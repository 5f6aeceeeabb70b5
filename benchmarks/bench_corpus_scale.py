"""Corpus scale: ingest, grouping features, grouping, store writes at 5k / 10k / 20k / all articles of the
AllSides corpus, on SQLite and PostgreSQL; add-with-analysis throughput on a sample.

    python benchmarks/bench_corpus_scale.py --pg "$COUNTERPOINT_TEST_PG_URL" [--limit N] [--analysis-sample 200]
        [--embedding-cache DIR] [--keys-only] [--json-out FILE]

``--embedding-cache DIR``: lead-text embeddings computed beforehand (``part_*.npz`` with ``ids`` and ``vecs``,
the same model and text as featurize uses; on two shared cores the model runs at about 5 reports/s, so the
embeddings of 37k articles take hours): features then cost the key extraction only, and the run is limited
to the reports that have a cached embedding. ``--keys-only``: no embeddings at all (zero vectors,
``key_weight=1``), a variant for measuring how the grouping's cost grows on the whole corpus.

One pass over the stream, with cumulative timings taken at each checkpoint (a grouping that were quadratic
would show segment throughput falling as the store grows). Features (embedding + keys) are computed once and
reused for both backends, so the backends are compared on grouping + writes only.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from counterpoint.config import Settings  # noqa: E402
from counterpoint.corpus import AddResult, Corpus  # noqa: E402
from counterpoint.ingest import iter_manifest  # noqa: E402
from counterpoint.link.stories import GroupingParams, featurize, lead_text  # noqa: E402
from counterpoint.store import open_store  # noqa: E402

DEFAULT = Path(__file__).resolve().parents[2] / "shared/data/corpus/allsides-articles.jsonl.gz"
BATCH = 64


class LookupEmbedder:
    """Embeddings by lead text, from a precomputed table (see --embedding-cache), or zeros (--keys-only)."""
    dim = 384

    def __init__(self, table=None) -> None:
        self.table = table
        self.by_text: dict = {}

    def prepare(self, reports, params) -> None:
        self.by_text = {} if self.table is None else \
            {lead_text(r, params.lead_chars): self.table[r.id] for r in reports}

    def encode(self, texts, batch_size: int = 32):
        import numpy as np
        if self.table is None:
            return np.zeros((len(texts), self.dim), dtype=np.float32)
        return np.stack([self.by_text[t] for t in texts])


def load_cache(folder: str) -> dict:
    import numpy as np
    table = {}
    for part in sorted(Path(folder).glob("part_*.npz")):
        with np.load(part) as z:
            for rid, vec in zip(z["ids"], z["vecs"]):
                table[str(rid)] = vec
    return table


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def checkpoints(n: int) -> list[int]:
    return [c for c in (5000, 10000, 20000) if c < n] + [n]


def store_size(store, path: str | None) -> int:
    if path:
        return sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))
    import sqlalchemy as sa
    with store.engine.connect() as conn:
        return int(conn.execute(sa.text(
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'")).scalar() or 0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--pg", default=os.environ.get("COUNTERPOINT_TEST_PG_URL"))
    ap.add_argument("--analysis-sample", type=int, default=0)
    ap.add_argument("--json-out")
    ap.add_argument("--embedding-cache")
    ap.add_argument("--keys-only", action="store_true")
    args = ap.parse_args()
    settings = Settings()
    out: dict = {"corpus": args.corpus, "load_avg_start": os.getloadavg()}
    table = load_cache(args.embedding_cache) if args.embedding_cache else None
    embedder = LookupEmbedder(table) if (table is not None or args.keys_only) else None
    if table is not None:
        out["embedding_cache"] = {"folder": args.embedding_cache, "reports": len(table)}

    t0 = time.perf_counter()
    reports, rejected, seen = [], 0, set()
    for item in iter_manifest(args.corpus, settings):
        if hasattr(item, "reason"):
            rejected += 1
            continue
        if item.id in seen:
            continue
        if table is not None and item.id not in table:
            break                      # the cache holds a prefix of the corpus: stop where it ends
        seen.add(item.id)
        reports.append(item)
        if args.limit and len(reports) >= args.limit:
            break
    t_ingest = time.perf_counter() - t0
    n = len(reports)
    out["ingest"] = {"reports": n, "rejected_or_duplicate_lines": rejected, "seconds": round(t_ingest, 1),
                     "per_s": round(n / t_ingest, 1)}
    print(f"ingest: {n} reports ({rejected} rejected) in {t_ingest:.1f}s = {n / t_ingest:.0f}/s", flush=True)

    marks = checkpoints(n)
    params = GroupingParams(key_weight=1.0) if args.keys_only else GroupingParams()
    out["params"] = repr(params)
    out["features_from"] = ("keys only, zero embeddings" if args.keys_only else
                            "keys computed, embeddings from the cache" if table is not None else "featurize")
    t0 = time.perf_counter()
    feats, feat_marks = [], {}
    for i in range(0, n, BATCH):
        if isinstance(embedder, LookupEmbedder):
            embedder.prepare(reports[i:i + BATCH], params)
        feats.extend(featurize(reports[i:i + BATCH], params=params, embedder=embedder))
        for m in marks:
            if len(feats) >= m and m not in feat_marks:
                feat_marks[m] = time.perf_counter() - t0
                print(f"features: {m} in {feat_marks[m]:.0f}s ({m / feat_marks[m]:.1f}/s) rss {rss_mb():.0f} MB",
                      flush=True)
    out["features"] = {str(m): {"seconds": round(s, 1), "per_s": round(m / s, 1)} for m, s in feat_marks.items()}

    backends = [("sqlite", None)] + ([("postgresql", args.pg)] if args.pg else [])
    out["backends"] = {}
    for name, url in backends:
        tmp = tempfile.mkdtemp(prefix="cp-bench-")
        path = os.path.join(tmp, "bench.db") if url is None else None
        if url is not None:
            import sqlalchemy as sa
            schema = f"bench_{os.getpid()}"
            base = url.replace("postgresql://", "postgresql+psycopg://", 1)
            eng = sa.create_engine(base)
            with eng.begin() as conn:
                conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
                conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
            eng.dispose()
            db = f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
        else:
            db = path
        store = open_store(db)
        corpus = Corpus(store, settings, analyze=False, params=params)
        grouper = corpus.grouper
        result = AddResult()
        t0 = time.perf_counter()
        group_s = group_cpu = 0.0
        rows = {}
        orig_add = grouper.add

        def timed_add(f):
            nonlocal group_s, group_cpu
            t, c = time.perf_counter(), time.process_time()
            a = orig_add(f)
            group_s += time.perf_counter() - t
            group_cpu += time.process_time() - c
            return a
        grouper.add = timed_add
        last_t, last_g, last_c, last_n = 0.0, 0.0, 0.0, 0
        for i in range(0, n, BATCH):
            corpus.write_batch(reports[i:i + BATCH], feats[i:i + BATCH], [], result)
            done = min(n, i + BATCH)
            for m in marks:
                if done >= m and str(m) not in rows:
                    el = time.perf_counter() - t0
                    seg_n = m - last_n
                    rows[str(m)] = {"seconds": round(el, 1), "per_s": round(m / el, 1),
                                    "segment_per_s": round(seg_n / (el - last_t), 1),
                                    "grouping_s": round(group_s, 2),
                                    "grouping_segment_per_s": round(seg_n / max(group_s - last_g, 1e-9), 1),
                                    "grouping_cpu_s": round(group_cpu, 2),
                                    "grouping_segment_per_cpu_s": round(seg_n / max(group_cpu - last_c, 1e-9), 1),
                                    "load_avg": os.getloadavg()[0],
                                    "stories": len(grouper.stories), "rss_mb": round(rss_mb())}
                    print(f"{name}: {m}: group+write {el:.1f}s ({m / el:.0f}/s; segment {rows[str(m)]['segment_per_s']}/s)"
                          f" grouping alone {group_s:.1f}s (segment {rows[str(m)]['grouping_segment_per_s']}/s) "
                          f"stories {len(grouper.stories)} rss {rss_mb():.0f} MB", flush=True)
                    last_t, last_g, last_c, last_n = el, group_s, group_cpu, m
        size = store_size(store, path)
        counts = store.counts()
        out["backends"][name] = {"checkpoints": rows, "store_bytes": size, "counts": counts,
                                 "merges": result.stories_merged}
        print(f"{name}: store {size / 1e6:.1f} MB, {counts}", flush=True)
        store.close()

    if args.analysis_sample:
        try:
            from counterpoint.analyze import Analyzer
            sample = reports[:args.analysis_sample]
            an = Analyzer(settings)
            an.analyze(sample[0])
            tmp = tempfile.mkdtemp(prefix="cp-bench-an-")
            store = open_store(os.path.join(tmp, "an.db"))
            corpus = Corpus(store, settings, analyze=True, params=params, analyzer=an)
            t0 = time.perf_counter()
            r = corpus.add(sample, batch_size=32)
            el = time.perf_counter() - t0
            out["add_with_analysis"] = {"reports": r.added, "seconds": round(el, 1), "per_s": round(r.added / el, 2)}
            print(f"add with analysis (sqlite): {r.added} in {el:.1f}s = {r.added / el:.2f}/s", flush=True)
            store.close()
        except Exception as exc:  # noqa: BLE001 - report and go on
            print(f"add with analysis: not measured ({exc.__class__.__name__}: {exc})", flush=True)
    out["peak_rss_mb"] = round(rss_mb())
    out["load_avg_end"] = os.getloadavg()
    print(json.dumps(out, indent=1))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
