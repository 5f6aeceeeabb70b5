"""Story grouping quality: B-cubed P/R/F1 of documents against the gold grouping.

    python benchmarks/bench_grouping.py [--shared ../shared] [--analysis] [--shuffled]

ECB+ topics 1-35 at subtopic level (each topic's *ecb documents one story, *ecbplus another; the URL and date
lines at the top of *ecbplus texts dropped), all 772 documents into one grouper in path order; BASIL
2010-2015, each triplet one story, all 180 articles in date order. Thresholds are GroupingParams' defaults,
fixed once after tuning on these dev splits. ``--analysis`` also runs with the full spaCy Analysis (entity
mentions and places as names); ``--shuffled`` adds a run in a seeded random order (order sensitivity).
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from counterpoint.eval.grouping import bcubed, read_basil, read_ecbplus  # noqa: E402
from counterpoint.link.stories import GroupingParams, StoryGrouper, featurize  # noqa: E402


def score(docs, analyses=None, order=None):
    params = GroupingParams()
    t0 = time.perf_counter()
    feats = featurize([d.report for d in docs], analyses, params)
    t1 = time.perf_counter()
    g = StoryGrouper(params)
    for i in (order if order is not None else range(len(docs))):
        g.add(feats[i])
    t2 = time.perf_counter()
    return bcubed(g.groups(), {d.report.id: d.story for d in docs}), t1 - t0, t2 - t1


def line(name, b, tf, tg, n):
    return (f"{name:<28} P={b.precision:.3f} R={b.recall:.3f} F1={b.f1:.3f}  clusters {b.clusters} "
            f"(gold {b.gold})  features {n / tf:.0f}/s, grouping {n / max(tg, 1e-9):.0f}/s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--analysis", action="store_true")
    ap.add_argument("--shuffled", action="store_true")
    args = ap.parse_args()
    data = Path(args.shared) / "data"
    sets = {"ECB+ 1-35 (subtopics)": read_ecbplus(data / "ecbplus/text"),
            "BASIL 2010-2015": read_basil(data / "basil/text")}
    print(f"params: {GroupingParams()}")
    for name, docs in sets.items():
        b, tf, tg = score(docs)
        print(line(name + " text", b, tf, tg, len(docs)), flush=True)
        if args.shuffled:
            order = list(range(len(docs)))
            random.Random(0).shuffle(order)
            b, tf, tg = score(docs, order=order)
            print(line(name + " text shuffled", b, tf, tg, len(docs)), flush=True)
        if args.analysis:
            from counterpoint.analyze import Analyzer
            t0 = time.perf_counter()
            from counterpoint.corpus import analyze_safely
            done, failed = analyze_safely(Analyzer(), [d.report for d in docs])   # as `add` does
            by_id = {a.report.id: a for a in done}
            analyses = [by_id.get(d.report.id) for d in docs]                   # None: grouped from text
            ta = time.perf_counter() - t0
            if failed:
                print(f"  analysis failed on {len(failed)} documents (grouped from their text): "
                      f"{failed[0][0].path}: {failed[0][1]}", flush=True)
            b, tf, tg = score(docs, analyses)
            print(line(name + " analysis", b, tf, tg, len(docs)) + f"  (analysis {len(docs) / ta:.1f}/s)",
                  flush=True)


if __name__ == "__main__":
    main()
