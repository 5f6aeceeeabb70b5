"""Batch mode: the per-report pipeline mapped over partitions of a large corpus on a Dask cluster.

    from counterpoint.batch import run_batch, read_analyses
    result = run_batch(["articles.jsonl.gz"], "out/", workers=2)
    for analysis in read_analyses("out/"):
        ...

Layout: partition (cutting the input stream, fingerprints), worker (what runs on a Dask worker), schema (the
Parquet columns), driver (cluster, submission, resume, grouping, store), cli (``counterpoint batch``).
Dask is imported only when a batch runs, so the rest of counterpoint works without it.
"""
from __future__ import annotations

from .read import read_analyses, read_rejected, read_rows, run_partitions_of

__all__ = ["run_batch", "BatchResult", "BatchProgress", "read_analyses", "read_rejected", "read_rows",
           "run_partitions_of"]


def __getattr__(name: str):
    if name in ("run_batch", "BatchResult", "BatchProgress"):
        from . import driver
        return getattr(driver, name)
    raise AttributeError(name)
