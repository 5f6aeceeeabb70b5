"""Time extraction and normalisation on TempEval-3 (TBAQ-cleaned: AQUAINT + TimeBank, 256 documents).

    python benchmarks/bench_tempeval.py [--data DIR] [--limit N] [--json] [--misses N]

Each document's <TEXT> (tags stripped) goes through the spaCy pipeline and ``extract_times`` with the DCT as
the publication date. Prints span strict / relaxed P/R/F1 and value P/R/F1 (a value counts when our span
overlaps a gold TIMEX3 and our ``value`` equals gold's). The gold data stays outside the repository.
Reference (TempEval-3 test set, a different split): HeidelTime value F1 ~0.78.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from counterpoint.analyze.nlp import get_nlp  # noqa: E402
from counterpoint.analyze.times import extract_times  # noqa: E402
from counterpoint.eval.tempeval import TimexScores, read_tempeval, score_document  # noqa: E402

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "tempeval3" / "TBAQ-cleaned"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT, help="TBAQ-cleaned folder (AQUAINT/ and TimeBank/)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents (sorted by path)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--misses", type=int, default=0, help="print the N most frequent value misses")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"{args.data}: not a folder; pass --data TBAQ-cleaned", file=sys.stderr)
        return 2
    docs = list(read_tempeval(args.data, args.limit))
    nlp = get_nlp()
    scores = TimexScores()
    t0 = time.perf_counter()
    chars = 0
    for doc in docs:
        sdoc = nlp(doc.text)
        chars += len(doc.text)
        score_document(doc, extract_times(sdoc, doc.doc_id, doc.dct), scores)
    secs = time.perf_counter() - t0
    result = {"documents": len(docs), "gold_timex": scores.value.gold, "seconds": round(secs, 2),
              **scores.as_dict()}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"TempEval-3 TBAQ-cleaned: {len(docs)} documents, {scores.value.gold} gold TIMEX3, "
              f"{secs:.1f} s ({chars / secs:.0f} chars/s incl. spaCy)")
        for name, prf in (("span strict", scores.strict), ("span relaxed", scores.relaxed),
                          ("value", scores.value)):
            print(f"  {name:<13} P={prf.precision:.3f} R={prf.recall:.3f} F1={prf.f1:.3f}  "
                  f"(tp {prf.tp}, system {prf.system}, gold {prf.gold})")
    if args.misses:
        counts = Counter((g, v, ours) for _, g, v, ours in scores.misses)
        for (g, v, ours), n in counts.most_common(args.misses):
            print(f"  {n:3d}  {g!r} gold {v}  ours {ours}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
