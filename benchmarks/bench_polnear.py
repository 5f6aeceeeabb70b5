"""Attribution extraction on PolNeAR (source / cue / content spans of attribution relations).

    python benchmarks/bench_polnear.py [--data DIR] [--split dev] [--limit N] [--json] [--misses N]

Each article goes through the spaCy pipeline and ``find_records`` (the relation layer under
``extract_attributions``). Prints, per role, P/R/F1 for exact spans (after trimming whitespace, quote marks and
edge punctuation) and for overlapping spans (each span matched at most once). The headline is source F1
(overlap). Reference: textacy's direct quotations alone find about 0.16 of PolNeAR attributions.
The gold data stays outside the repository.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from counterpoint.analyze.attribution import find_records  # noqa: E402
from counterpoint.analyze.nlp import get_nlp  # noqa: E402
from counterpoint.eval.polnear import ROLES, PolnearScores, read_polnear, score_spans, system_spans  # noqa: E402

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT, help="PolNeAR folder holding dev/ and train/")
    ap.add_argument("--split", default="dev", choices=("train", "dev", "test"))
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--misses", type=int, default=0, help="print N random missed gold sources / cues")
    args = ap.parse_args(argv)

    docs = list(read_polnear(args.data, args.split, args.limit))
    nlp = get_nlp()
    scores = PolnearScores()
    misses: dict[str, list[str]] = {r: [] for r in ROLES}
    false: dict[str, list[str]] = {r: [] for r in ROLES}
    t0 = time.perf_counter()
    for d, doc in zip(docs, nlp.pipe([d.text for d in docs], batch_size=16)):
        records = find_records(doc, univocal=True)
        sys_spans = system_spans(records)
        scores.documents += 1
        scores.gold_attributions += len(d.attributions)
        scores.system_attributions += len(records)
        for role in ROLES:
            gold = d.spans(role)
            c, miss, fp = score_spans(d.text, sys_spans[role], gold)
            scores.roles[role].add(c)
            if args.misses:
                for j in miss:
                    g = gold[j]
                    s = max(0, g[0][0] - 60)
                    misses[role].append(f"{d.text[g[0][0]:g[-1][1]]!r}  <<  {d.text[s:g[-1][1] + 60]!r}")
                for i in fp:
                    g = sys_spans[role][i]
                    s = max(0, g[0][0] - 60)
                    false[role].append(f"{d.text[g[0][0]:g[-1][1]]!r}  <<  {d.text[s:g[-1][1] + 60]!r}")
    elapsed = time.perf_counter() - t0
    out = scores.as_dict()
    out.update(split=args.split, seconds=round(elapsed, 1))
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        print(f"PolNeAR {args.split}: {scores.documents} articles, {scores.gold_attributions} gold attributions, "
              f"{scores.system_attributions} found, {elapsed:.1f} s")
        print(f"{'role':8} {'gold':>6} {'sys':>6}   {'exact P':>7} {'R':>6} {'F1':>6}   {'overlap P':>9} {'R':>6} {'F1':>6}")
        for role in ROLES:
            c = scores.roles[role]
            ep, er, ef = c.prf("exact")
            op, orr, of = c.prf("overlap")
            print(f"{role:8} {c.gold:6d} {c.system:6d}   {ep:7.3f} {er:6.3f} {ef:6.3f}   {op:9.3f} {orr:6.3f} {of:6.3f}")
        print(f"headline: source F1 (overlap) = {scores.roles['source'].prf('overlap')[2]:.3f}; "
              f"exact = {scores.roles['source'].prf('exact')[2]:.3f}")
    if args.misses:
        rng = random.Random(0)
        for role in ("source", "cue"):
            for title, pool in (("missed", misses[role]), ("spurious", false[role])):
                print(f"\n--- {title} {role} ({len(pool)}) ---")
                for line in rng.sample(pool, min(args.misses, len(pool))):
                    print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
