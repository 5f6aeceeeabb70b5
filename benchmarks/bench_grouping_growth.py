"""How the cost of story grouping alone grows with the number of reports grouped (CPU time, not wall time, so
that other jobs on a shared machine distort it less).

    python benchmarks/bench_grouping_growth.py [--corpus FILE] [--embedding-cache DIR | --keys-only]
        [--limit N] [--segment 1000]

Reads the AllSides corpus in file order, computes grouping features (embeddings from the cache written for
bench_corpus_scale.py, or none with --keys-only), then groups them one by one and prints, per segment of
reports: reports per CPU-second, stories scored per report, split checks, stories, largest story. A grouping
whose cost per report grows with the store would show reports/CPU-s falling steadily; a bounded one levels off.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_corpus_scale import DEFAULT, LookupEmbedder, load_cache  # noqa: E402
from counterpoint.config import Settings  # noqa: E402
from counterpoint.ingest import iter_manifest  # noqa: E402
from counterpoint.link.stories import GroupingParams, StoryGrouper, featurize  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(DEFAULT))
    ap.add_argument("--embedding-cache")
    ap.add_argument("--keys-only", action="store_true")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--segment", type=int, default=1000)
    args = ap.parse_args()
    if not (args.embedding_cache or args.keys_only):
        ap.error("give --embedding-cache DIR or --keys-only")
    table = load_cache(args.embedding_cache) if args.embedding_cache else None
    params = GroupingParams(key_weight=1.0) if args.keys_only else GroupingParams()
    reports, seen = [], set()
    for item in iter_manifest(args.corpus, Settings()):
        if hasattr(item, "reason") or item.id in seen:
            continue
        if table is not None and item.id not in table:
            break
        seen.add(item.id)
        reports.append(item)
        if args.limit and len(reports) >= args.limit:
            break
    emb = LookupEmbedder(table)
    feats = []
    for i in range(0, len(reports), 64):
        emb.prepare(reports[i:i + 64], params)
        feats.extend(featurize(reports[i:i + 64], params=params, embedder=emb))
    print(f"{len(feats)} reports; {params}", flush=True)
    g = StoryGrouper(params)
    counts = {"score": 0, "split": 0}
    score, pair_sims = g.score, g._pair_sims

    def counted_score(f, st):
        counts["score"] += 1
        return score(f, st)

    def counted_pair_sims(members):
        counts["split"] += 1
        return pair_sims(members)
    g.score, g._pair_sims = counted_score, counted_pair_sims
    for i in range(0, len(feats), args.segment):
        part = feats[i:i + args.segment]
        c0, s0, p0 = time.process_time(), counts["score"], counts["split"]
        for f in part:
            g.add(f)
        cpu = time.process_time() - c0
        print(f"{i + len(part):6d}: {len(part) / cpu:7.0f} reports/CPU-s  stories scored/report "
              f"{(counts['score'] - s0) / len(part):5.1f}  split checks {counts['split'] - p0:4d}  "
              f"stories {len(g.stories):6d}  largest {max(len(s.members) for s in g.stories.values()):4d}  "
              f"load {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
