"""Reading a batch output folder back: analyses (as ``Analysis`` objects or plain rows) and rejections."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator, Optional

from ..model import Analysis


def run_partitions_of(out) -> list[str]:
    """The part files of the last run in ``out`` (from run.json), in input order."""
    out = Path(out)
    try:
        return list(json.loads((out / "run.json").read_text(encoding="utf-8"))["partitions"])
    except FileNotFoundError:
        return sorted(p.name for p in (out / "analyses").glob("part-*.parquet"))


def read_rows(out, kind: str = "analyses", columns: Optional[list[str]] = None) -> Iterator[dict]:
    """Rows of ``analyses`` or ``rejected`` in input order."""
    import pyarrow.parquet as pq
    out = Path(out)
    for name in run_partitions_of(out):
        path = out / kind / name
        if path.exists():
            yield from pq.read_table(path, columns=columns).to_pylist()


def read_analyses(out) -> Iterator[Analysis]:
    from . import schema
    for row in read_rows(out, "analyses"):
        yield schema.row_analysis(row)


def read_rejected(out) -> list[tuple[str, str]]:
    return [(r["source"], r["reason"]) for r in read_rows(out, "rejected")]
