"""Helpers shared by the benchmark scripts: timing, peak memory, data location."""
from __future__ import annotations

import gzip
import json
import os
import resource
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COUNTERPOINT_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "data" / "corpus" / "allsides-articles.jsonl.gz"


def peak_rss_mb() -> float:
    """Peak resident memory of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def median_time(fn, repeat: int = 5) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), times


def corpus_articles(limit: int | None = None, min_chars: int = 200):
    """Articles of the AllSides corpus (title, outlet, date, natural text), in file order."""
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        n = 0
        for line in fh:
            d = json.loads(line)
            text = (d.get("content_original") or "").strip()
            if len(text) < min_chars:
                continue
            yield {"id": d.get("ID"), "text": text, "title": d.get("title"), "outlet": d.get("source"),
                   "published": d.get("date") or None, "topic": d.get("topic")}
            n += 1
            if limit and n >= limit:
                return
