"""Batch on Dask against single-process `add`, on the first N articles of the AllSides corpus.

    python benchmarks/bench_batch.py --n 400 [--partition-size 25] [--repeat 2] [--json-out out/bench_batch.json]

Measures, on the same N articles (the corpus lines as they are, gzipped):
  * `add` in one process (ingest + analysis + grouping features + grouping + SQLite writes), models loaded first;
  * `batch` on a LocalCluster of 1 and of 2 worker processes (ingest on the driver, analysis + features +
    Parquet on the workers, grouping after the map), models loaded on the workers first (timed apart);
  * speed-up of 2 workers over 1 (aim >= 1.7x on 2 cores) and Dask overhead of 1 worker over `add` (aim < 15%);
  * peak resident memory of each worker process, and its resident memory with the models loaded;
  * identical analyses: the analysis hash of every report from `add` (read back from its store), batch-1 and
    batch-2.
Throughput counts analysed reports per second of the timed phase; cluster start and model loading are reported
separately. Each run also records CPU seconds (user + system of every thread of the process, and for batch of the
driver with its scheduler plus every nanny and worker process) and the 1-minute load average at its start and end:
on a shared machine wall time is inflated by other load, CPU time much less. ``--repeat R`` runs each
configuration R times, interleaved in rotated order, and reports medians.

``--proxy`` replaces the Analyzer by a stand-in (the spaCy parse, sentences and entity mentions only) on every
side alike, for measuring the Dask machinery while the full Analyzer cannot be imported; its figures are labelled
as such and are not the pipeline's.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import CORPUS, peak_rss_mb  # noqa: E402


def sample(path: Path, n: int) -> int:
    """The first n lines of the corpus, as they are, gzipped."""
    count = 0
    with gzip.open(CORPUS, "rb") as src, gzip.open(path, "wb") as dst:
        for line in src:
            if not line.strip():
                continue
            dst.write(line)
            count += 1
            if count >= n:
                break
    return count


class ProxyAnalyzer:
    """spaCy parse + sentences + entity mentions (see --proxy)."""

    def __init__(self, settings) -> None:
        from counterpoint.analyze.nlp import get_nlp
        self.nlp = get_nlp(settings)
        self.batch_size = settings.batch_size

    def analyze_many(self, reports):
        from counterpoint import PIPELINE_VERSION
        from counterpoint.analyze.entities import extract_mentions
        from counterpoint.model import Analysis, Sentence, Span
        reports = list(reports)
        for r, doc in zip(reports, self.nlp.pipe([r.text for r in reports], batch_size=self.batch_size)):
            mentions, aliases = extract_mentions(doc, r.id)
            sents = tuple(Sentence(Span(r.id, s.start_char, s.end_char), s.text) for s in doc.sents)
            yield Analysis(report=r, pipeline_version=PIPELINE_VERSION, sentences=sents, mentions=tuple(mentions),
                           aliases=tuple(aliases))


def proxy_factory(settings):
    return ProxyAnalyzer(settings)


FACTORY = None      # None: the real Analyzer; proxy_factory with --proxy


def run_add(src: Path, tmp: Path) -> dict:
    from counterpoint import PIPELINE_VERSION
    from counterpoint.batch.schema import analysis_hash
    from counterpoint.config import Settings
    from counterpoint.corpus import Corpus, add_sources
    from counterpoint.embed import get_embedder
    from counterpoint.store import open_store
    from counterpoint.analyze import Analyzer
    settings = Settings(db=str(tmp / "add.db"))
    if Path(settings.db).exists():
        Path(settings.db).unlink()
    t = time.perf_counter()
    analyzer = FACTORY(settings) if FACTORY else Analyzer(settings)     # what Corpus builds for `add`
    get_embedder()
    load = time.perf_counter() - t
    computed: dict[str, str] = {}
    corpus = Corpus(open_store(settings.db), settings, analyzer=_Recording(analyzer, computed))
    try:
        load0 = os.getloadavg()[0]
        cpu0 = _cpu_s(include_children=False)
        t = time.perf_counter()
        res = add_sources([str(src)], settings, corpus=corpus)
        secs = time.perf_counter() - t
        cpu = _cpu_s(include_children=False) - cpu0
        hashes = {}
        for a_id in _report_ids(corpus.store):
            a = corpus.store.get_analysis(a_id, PIPELINE_VERSION)
            if a is not None:
                hashes[a_id] = analysis_hash(a)
    finally:
        corpus.store.close()
    return {"seconds": round(secs, 2), "cpu_s": round(cpu, 2), "loadavg_1m": [load0, os.getloadavg()[0]],
            "model_load_s": round(load, 2), "added": res.added,
            "analysed": res.analysed, "rejected": len(res.rejected), "reports_per_s": round(res.analysed / secs, 2),
            "process_peak_rss_mb": round(peak_rss_mb(), 1), "hashes": hashes,
            "store_roundtrip_mismatches": sum(1 for k, h in computed.items() if hashes.get(k) != h)}


class _Recording:
    """The analyser `add` runs, noting the hash of each analysis it hands to the store (to tell a difference in
    the computation from one in the store's round trip)."""

    def __init__(self, analyzer, hashes: dict) -> None:
        self.analyzer, self.hashes = analyzer, hashes

    def analyze_many(self, reports):
        from counterpoint.batch.schema import analysis_hash
        for a in self.analyzer.analyze_many(reports):
            self.hashes[a.report.id] = analysis_hash(a)
            yield a


def _cpu_s(include_children: bool = True) -> float:
    """CPU seconds (user + system, all threads) of this process and, with ``include_children``, of its live
    child processes (a LocalCluster's nannies and workers): unlike wall time, not inflated by other load."""
    import psutil
    me = psutil.Process()
    procs = [me] + (me.children(recursive=True) if include_children else [])
    total = 0.0
    for p in procs:
        try:
            c = p.cpu_times()
            total += c.user + c.system
        except psutil.NoSuchProcess:
            pass
    return total


def _report_ids(store) -> list[str]:
    import sqlalchemy as sa
    with store.engine.connect() as conn:
        return [r[0] for r in conn.execute(sa.text("SELECT id FROM reports"))]


def run_batch_n(src: Path, out: Path, workers: int, partition_size: int) -> dict:
    from distributed import Client, LocalCluster
    import logging
    from counterpoint.batch.driver import _warm, run_batch
    from counterpoint.batch.read import read_rows
    from counterpoint.config import Settings
    t = time.perf_counter()
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                           scheduler_kwargs={"dashboard": False}, silence_logs=logging.ERROR)
    client = Client(cluster)
    start = time.perf_counter() - t
    try:
        t = time.perf_counter()
        _warm(client, Settings(), FACTORY, None)            # models loaded on every worker, timed apart
        load = time.perf_counter() - t
        rss_models = client.run(lambda: __import__("psutil").Process().memory_info().rss / 2**20)
        load0 = os.getloadavg()[0]
        cpu0 = _cpu_s()
        res = run_batch([str(src)], out, Settings(), client=client, partition_size=partition_size,
                        analyzer_factory=FACTORY, warm_workers=False)
        cpu = _cpu_s() - cpu0
        rss_loaded = client.run(lambda: __import__("psutil").Process().memory_info().rss / 2**20)
        peaks = client.run(lambda: __import__("resource").getrusage(
            __import__("resource").RUSAGE_SELF).ru_maxrss / 1024)
    finally:
        client.close()
        cluster.close()
    hashes = {r["id"]: r["analysis_hash"] for r in read_rows(out, columns=["id", "analysis_hash"])}
    timed = res.map_seconds + res.group_seconds
    return {"workers": workers, "cluster_start_s": round(start, 2), "model_load_s": round(load, 2),
            "cpu_s": round(cpu, 2), "loadavg_1m": [load0, os.getloadavg()[0]],
            "worker_rss_models_mb": sorted(round(v, 1) for v in rss_models.values()),
            "map_s": round(res.map_seconds, 2), "group_s": round(res.group_seconds, 2),
            "seconds": round(timed, 2), "reports": res.reports, "rejected": res.rejected,
            "partitions": res.partitions, "failed": res.failed,
            "reports_per_s": round(res.reports / timed, 2) if timed else None,
            "worker_rss_end_mb": sorted(round(v, 1) for v in rss_loaded.values()),
            "worker_peak_rss_mb": sorted(round(v, 1) for v in peaks.values()), "hashes": hashes}


def _median(xs):
    import statistics
    return round(statistics.median(xs), 3) if xs else None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--partition-size", type=int, default=25)
    ap.add_argument("--repeat", type=int, default=1, help="runs of each configuration, interleaved (medians)")
    ap.add_argument("--json-out")
    ap.add_argument("--skip-add", action="store_true")
    ap.add_argument("--proxy", action="store_true", help="spaCy-only stand-in for the Analyzer (labelled)")
    args = ap.parse_args()
    global FACTORY
    FACTORY = proxy_factory if args.proxy else None
    if not CORPUS.exists():
        sys.exit(f"corpus not found: {CORPUS} (set COUNTERPOINT_SHARED)")
    kinds = ["batch_1", "batch_2"] + ([] if args.skip_add else ["add"])
    runs: dict[str, list[dict]] = {k: [] for k in kinds}
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        src = tmp / "sample.jsonl.gz"
        n = sample(src, args.n)
        result: dict = {"analyzer": "PROXY: spaCy parse + mentions only" if args.proxy else "counterpoint Analyzer",
                        "articles": n, "partition_size": args.partition_size, "cpus": os.cpu_count(),
                        "repeat": args.repeat, "loadavg_start": os.getloadavg()}
        for i in range(args.repeat):
            for kind in kinds[i % len(kinds):] + kinds[:i % len(kinds)]:     # rotated: load drift spreads out
                if kind == "add":
                    one = run_add(src, tmp)
                else:
                    one = run_batch_n(src, tmp / f"{kind}-{i}", int(kind[-1]), args.partition_size)
                one["kind"] = kind
                runs[kind].append(one)
                print(json.dumps({k: v for k, v in one.items() if k != "hashes"}), flush=True)
        ref = (runs.get("add") or runs["batch_1"])[0]["hashes"]
        first = runs["batch_1"][0]["hashes"]
        result["hash_mismatches_vs_batch_1"] = {
            f"{k}-{i}": sum(1 for rid, h in r["hashes"].items() if first.get(rid) != h)
            for k, rs in runs.items() for i, r in enumerate(rs)}
        result["hash_mismatches_vs_" + ("add" if "add" in runs else "batch_1")] = {
            f"{k}-{i}": sum(1 for rid, h in r["hashes"].items() if ref.get(rid) != h) + abs(len(ref) - len(r["hashes"]))
            for k, rs in runs.items() for i, r in enumerate(rs)}
        result["reports_hashed"] = len(ref)
        for k, rs in runs.items():
            result[k] = {"median_seconds": _median([r["seconds"] for r in rs]),
                         "median_cpu_s": _median([r["cpu_s"] for r in rs]),
                         "median_reports_per_s": _median([r["reports_per_s"] for r in rs]),
                         "runs": [{x: v for x, v in r.items() if x != "hashes"} for r in rs]}
        b1, b2 = result["batch_1"]["median_seconds"], result["batch_2"]["median_seconds"]
        result["speedup_2_over_1"] = round(b1 / b2, 3)
        if "add" in runs:
            a = result["add"]
            result["dask_overhead_1_worker_vs_add"] = round(b1 / a["median_seconds"] - 1, 3)
            result["dask_cpu_overhead_1_worker_vs_add"] = round(result["batch_1"]["median_cpu_s"]
                                                                / a["median_cpu_s"] - 1, 3)
            result["dask_cpu_overhead_2_workers_vs_add"] = round(result["batch_2"]["median_cpu_s"]
                                                                 / a["median_cpu_s"] - 1, 3)
        result["loadavg_end"] = os.getloadavg()
    text = json.dumps(result, indent=1)
    print(text)
    if args.json_out:
        Path(args.json_out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json_out).write_text(text)
        Path(args.json_out + ".hashes.json").write_text(json.dumps(
            {f"{k}-{i}": r["hashes"] for k, rs in runs.items() for i, r in enumerate(rs)}))


if __name__ == "__main__":
    main()
