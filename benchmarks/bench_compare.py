"""Speed of `compare` (issue 3): cold whole-process compare of the seed pair, warm in-process compare of two
reports, and compare of 10 / 25 / 50 reports of one story (articles of the corpus sharing topic and date).

    .venv/bin/python benchmarks/bench_compare.py [--repeat 5] [--sizes 10,25,50] [--json]

Medians over --repeat runs; the machine is noisy, so read ratios rather than single figures.
"""
from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import tempfile
import time

from _common import ROOT, median_time, peak_rss_mb, corpus_articles


def cold(repeat: int) -> float:
    exe = str(ROOT / ".venv" / "bin" / "counterpoint")
    out = tempfile.mktemp(suffix=".json")

    def run():
        subprocess.run([exe, "compare", str(ROOT / "examples/seed-pair/reports.jsonl"), "-f", "json", "-o", out],
                       check=True, capture_output=True)
    run()  # page cache
    return median_time(run, repeat)[0]


def one_story(n: int) -> list[dict]:
    by_key = collections.defaultdict(list)
    for a in corpus_articles():
        if a["published"]:
            by_key[(a["topic"], a["published"])].append(a)
    best = max(by_key.values(), key=len)
    topic = best[0]["topic"]
    if len(best) < n:   # pad with the same topic on the nearest dates
        pool = sorted((a for k, v in by_key.items() if k[0] == topic for a in v if a not in best),
                      key=lambda a: a["published"])
        best = best + pool
    return best[:n]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--sizes", default="10,25,50")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    from counterpoint.api import compare_reports, compare_sources, get_analyzer
    from counterpoint.config import Settings
    from counterpoint.ingest import make_report
    settings = Settings()
    res = {"cold_seed_pair_s": cold(args.repeat)}
    t = time.perf_counter()
    get_analyzer(settings)
    compare_sources([str(ROOT / "examples/seed-pair/reports.jsonl")], settings)   # load models, warm caches
    res["model_load_s"] = time.perf_counter() - t
    from counterpoint.embed import get_embedder
    embedder = get_embedder()

    def fresh(fn):
        # the embedder caches vectors by text: each timed run starts without them, as new reports would
        def run():
            embedder.clear_cache()
            return fn()
        return run
    res["warm_seed_pair_s"] = median_time(
        fresh(lambda: compare_sources([str(ROOT / "examples/seed-pair/reports.jsonl")], settings)), args.repeat)[0]
    sizes = [int(s) for s in args.sizes.split(",") if s]
    articles = one_story(max(sizes))
    for n in sizes:
        reports = [make_report(a["text"], path=f"{a['id']}.txt", title=a["title"], outlet=a["outlet"],
                               published=a["published"], settings=settings) for a in articles[:n]]
        reps = max(1, args.repeat // (2 if n >= 25 else 1))
        res[f"compare_{n}_reports_s"] = median_time(fresh(lambda: compare_reports(reports, settings)), reps)[0]
        res[f"compare_{n}_reports_words"] = sum(len(r.text.split()) for r in reports)
    res["peak_rss_mb"] = peak_rss_mb()
    if args.json:
        print(json.dumps(res, indent=1))
    else:
        for k, v in res.items():
            print(f"{k:28s} {v:10.3f}" if isinstance(v, float) else f"{k:28s} {v:10d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
