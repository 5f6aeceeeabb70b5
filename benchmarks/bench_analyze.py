"""Analysis throughput (issue 2): reports/s and tokens/s of the full per-report analysis against the bare spaCy
pipeline on the same texts, with one process and with two, plus peak memory.

    .venv/bin/python benchmarks/bench_analyze.py [--n 200] [--json]

Texts: the first --n articles of the AllSides corpus (content_original). "Bare" is spacy.load of the same model
with nlp.pipe; "ours" is counterpoint's Analyzer (entity ruler + all extractors). Two processes split the texts
in halves, each loading its models once.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import time

from _common import corpus_articles, peak_rss_mb


def _bare(texts: list[str]) -> tuple[int, float, float]:
    import spacy
    from counterpoint.analyze.nlp import CANDIDATE_MODELS
    nlp = None
    for name in CANDIDATE_MODELS:
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    t = time.perf_counter()
    tokens = sum(len(d) for d in nlp.pipe(texts, batch_size=16))
    return tokens, time.perf_counter() - t, peak_rss_mb()


def _ours(texts: list[str]) -> tuple[int, float, float]:
    from counterpoint.analyze import Analyzer
    from counterpoint.config import Settings
    from counterpoint.model import Report, content_hash
    an = Analyzer(Settings())
    an.analyze(Report(content_hash("warm up"), "Warm up the gazetteer in Aleppo on Monday.", published="2024-12-02"))
    reports = [Report(content_hash(t), t, published="2020-01-01") for t in texts]
    t = time.perf_counter()
    words = 0
    for a in an.analyze_many(reports):
        words += 1
    elapsed = time.perf_counter() - t
    return sum(len(x.split()) for x in texts), elapsed, peak_rss_mb()


def run(kind: str, texts: list[str], procs: int) -> dict:
    fn = _bare if kind == "bare" else _ours
    if procs == 1:
        tokens, elapsed, rss = fn(texts)
        return {"reports_s": len(texts) / elapsed, "elapsed_s": elapsed, "peak_rss_mb": rss, "tokens": tokens}
    halves = [texts[i::procs] for i in range(procs)]
    ctx = mp.get_context("spawn")
    t = time.perf_counter()
    with ctx.Pool(procs) as pool:
        out = pool.map(fn, halves)
    wall = max(o[1] for o in out)     # model loading excluded: the slowest worker's analysis time
    return {"reports_s": len(texts) / wall, "elapsed_s": wall, "peak_rss_mb": max(o[2] for o in out),
            "tokens": sum(o[0] for o in out), "wall_with_load_s": time.perf_counter() - t}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    texts = [a["text"] for a in corpus_articles(args.n)]
    res = {"articles": len(texts)}
    for procs in (1, 2):
        bare = run("bare", texts, procs)
        ours = run("ours", texts, procs)
        ntok = bare["tokens"]
        res[f"{procs}proc"] = {
            "bare_reports_s": round(bare["reports_s"], 2), "bare_tokens_s": round(ntok / bare["elapsed_s"]),
            "ours_reports_s": round(ours["reports_s"], 2), "ours_tokens_s": round(ntok / ours["elapsed_s"]),
            "ratio_ours_to_bare": round(ours["reports_s"] / bare["reports_s"], 3),
            "bare_peak_rss_mb": round(bare["peak_rss_mb"]), "ours_peak_rss_mb": round(ours["peak_rss_mb"]),
        }
    print(json.dumps(res, indent=1) if args.json else "\n".join(f"{k}: {v}" for k, v in res.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
