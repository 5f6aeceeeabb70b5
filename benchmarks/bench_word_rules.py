"""Where the comparison rules read from words fire, on every ECB+ story and BASIL triplet, for a person to read.

    python benchmarks/bench_word_rules.py [--shared ../shared] [--per-story 8] [--all]

The rules of ``link/phrases.py`` (and the occasion, measure and toll rules of ``facts`` / ``compare``) were
written on the 20 dev cases, which were drawn from these stories with three reports each. This compares every
ECB+ story (topics 1-35, each topic's *ecb and *ecbplus documents as two stories, at most ``--per-story``
reports each) and every BASIL triplet of 2010-2015, and prints each conflict or partial those rules raise, with
the story: on the dev cases' stories with more reports, and on the stories no dev case holds. There are no gold
findings here, so each line is to be read as a real discrepancy or a false alarm. ``--all`` prints every
conflict and partial instead. The counts at the end are by kind of finding.
"""
from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from _common import SHARED  # noqa: E402
from counterpoint.api import analyze_reports  # noqa: E402
from counterpoint.config import Settings  # noqa: E402
from counterpoint.eval.grouping import read_basil, read_ecbplus  # noqa: E402
from counterpoint.link import compare  # noqa: E402

WORD_RULES = ("Where they died", "Damage to", "Condition of", "Where they hid", "Where the fall", "Whether",
              "How long it stayed closed", "Number of prior", "Number disguised", "Where the ")
RULE_WORDS = ("only one names what it measures", "may be a toll")


def from_word_rules(f) -> bool:
    return f.summary.startswith(WORD_RULES) or any(w in f.rule for w in RULE_WORDS)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--per-story", type=int, default=8)
    ap.add_argument("--all", action="store_true", help="print every conflict and partial, not only the word rules'")
    args = ap.parse_args(argv)
    ecb, basil = args.shared / "data" / "ecbplus" / "text", args.shared / "data" / "basil" / "text"
    if not ecb.is_dir() and not basil.is_dir():
        print(f"no ECB+ or BASIL texts under {args.shared / 'data'}", file=sys.stderr)
        return 2
    stories: dict[str, list] = collections.defaultdict(list)
    if ecb.is_dir():
        for d in read_ecbplus(ecb):
            stories["ecb+ " + d.story].append(d.report)
    if basil.is_dir():
        for d in read_basil(basil):
            stories["basil " + d.story].append(d.report)
    settings = Settings()
    counts: collections.Counter = collections.Counter()
    t0 = time.perf_counter()
    for n, (sid, reports) in enumerate(sorted(stories.items()), 1):
        out = compare(analyze_reports(reports[:args.per_story], settings), settings)
        for f in out.findings:
            if f.kind in ("conflict", "partial") and (args.all or from_word_rules(f)):
                counts[f"{f.kind}: {f.summary.split(':')[0]}"] += 1
                print(f"{sid}\t{f.kind}\t{f.summary[:300]}")
        if n % 20 == 0:
            print(f"... {n}/{len(stories)} stories, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    print(f"\n{len(stories)} stories in {time.perf_counter() - t0:.0f} s")
    for k, v in counts.most_common():
        print(f"{v:4d}  {k}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
