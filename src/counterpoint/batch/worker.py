"""What runs on a Dask worker: one partition -> analyses + grouping features -> Parquet, written atomically.

The analysis is ``Analyzer.analyze_many`` (the code ``counterpoint add`` runs), through the per-process cached
analyser of :func:`counterpoint.api.get_analyzer`: a worker process loads the spaCy pipeline and the embedding
model once and keeps them for every later partition. A report whose analysis raises is retried alone and, if it
fails again, written as a rejected row with the reason; it never fails its partition. Errors that are not about
one report (a missing model) do fail the partition, and Dask retries it elsewhere.

Each file is written to a temporary name in the target folder, flushed to disk, then renamed: a partition's
Parquet file exists whole or not at all. The ``rejected`` file is renamed before the ``analyses`` file, which
marks the partition done.
"""
from __future__ import annotations

import os
import resource
import socket
import time
import uuid
from pathlib import Path
from typing import Callable, Optional

from ..config import Settings
from ..model import Analysis, Report
from . import schema
from .partition import Partition, Rejected

AnalyzerFactory = Callable[[Settings], object]     # -> an object with analyze_many(reports) -> Iterator[Analysis]


def default_analyzer(settings: Settings):
    from ..api import get_analyzer
    return get_analyzer(settings)


def warm(settings: Settings, analyzer_factory: Optional[AnalyzerFactory] = None, embedder_factory=None) -> dict:
    """Load the models on this worker now (called on every worker before the first partition)."""
    t = time.perf_counter()
    (analyzer_factory or default_analyzer)(settings)
    _embedder(embedder_factory)
    return {"pid": os.getpid(), "seconds": time.perf_counter() - t, "rss_mb": _rss_mb()}


def _embedder(embedder_factory):
    if embedder_factory is not None:
        return embedder_factory()
    from ..embed import get_embedder
    return get_embedder()


def _rss_mb() -> float:
    try:
        import psutil
        return psutil.Process().memory_info().rss / 2**20
    except ImportError:   # pragma: no cover - psutil comes with distributed
        return float("nan")


def peak_rss_mb() -> float:
    """Peak resident memory of this worker process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
    return f"analysis failed ({type(exc).__name__}{': ' + text if text else ''})"


def analyse(analyzer, reports: list[Report]) -> tuple[dict[str, Analysis], dict[str, str]]:
    """Analyses by report id, and the reason for each report that could not be analysed. When the batch
    raises, each report is analysed alone, so one bad report costs only itself."""
    try:
        return {a.report.id: a for a in analyzer.analyze_many(reports)}, {}
    except Exception as exc:
        if len(reports) == 1:
            return {}, {reports[0].id: _reason(exc)}
    done: dict[str, Analysis] = {}
    failed: dict[str, str] = {}
    for r in reports:
        one, bad = analyse(analyzer, [r])
        done.update(one)
        failed.update(bad)
    return done, failed


def features(reports: list[Report], analyses: dict[str, Analysis], embedder) -> tuple[dict, dict[str, str]]:
    """Story-grouping features (link.stories.featurize, as add computes them), by report id."""
    from ..link.stories import GroupingParams, featurize
    params = GroupingParams()
    try:
        return {f.report_id: f for f in featurize(reports, [analyses[r.id] for r in reports], params, embedder)}, {}
    except Exception:
        out, failed = {}, {}
        for r in reports:
            try:
                out[r.id] = featurize([r], [analyses[r.id]], params, embedder)[0]
            except Exception as exc:
                failed[r.id] = _reason(exc).replace("analysis failed", "grouping features failed")
        return out, failed


def write_atomic(table, target: Path) -> None:
    import pyarrow.parquet as pq
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.{uuid.uuid4().hex}.tmp"
    try:
        with open(tmp, "wb") as fh:
            pq.write_table(table, fh, compression="zstd")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def run_partition(part: Partition, out_dir: str, settings: Settings,
                  analyzer_factory: Optional[AnalyzerFactory] = None, embedder_factory=None) -> dict:
    """Analyse one partition and write its Parquet files; returns a summary for the driver's manifest."""
    start = time.perf_counter()
    analyzer = (analyzer_factory or default_analyzer)(settings)
    embedder = _embedder(embedder_factory)
    reports = part.reports
    analyses, failed = analyse(analyzer, reports) if reports else ({}, {})
    ok = [r for r in reports if r.id in analyses]
    feats, failed_f = features(ok, analyses, embedder) if ok else ({}, {})
    rows, rejected = [], []
    for seq, item in enumerate(part.items):
        if isinstance(item, Rejected):
            rejected.append(schema.rejected_row(part.index, seq, item.source, item.reason, "ingest"))
        elif item.id in failed or item.id in failed_f or item.id not in analyses:
            reason = failed.get(item.id) or failed_f.get(item.id) or "analysis returned nothing for this report"
            stage = "features" if item.id in failed_f else "analysis"
            rejected.append(schema.rejected_row(part.index, seq, item.path or item.url or item.id, reason, stage))
        else:
            rows.append(schema.analysis_row(part.index, seq, analyses[item.id], feats[item.id]))
    out = Path(out_dir)
    if rejected:
        write_atomic(schema.table(rejected, schema.REJECTED), out / "rejected" / part.name)
    write_atomic(schema.table(rows, schema.ANALYSES), out / "analyses" / part.name)
    return {"partition": part.index, "fingerprint": part.fingerprint, "file": part.name, "reports": len(rows),
            "rejected": len(rejected), "seconds": round(time.perf_counter() - start, 3),
            "worker": f"{socket.gethostname()}:{os.getpid()}", "peak_rss_mb": round(peak_rss_mb(), 1)}


def run_partitions(parts: list, out_dir: str, settings: Settings, analyzer_factory=None,
                   embedder_factory=None) -> list[dict]:
    """``dask.bag.Bag.map_partitions`` entry point: a bag partition holds one planned Partition."""
    return [run_partition(p, out_dir, settings, analyzer_factory, embedder_factory) for p in parts]
