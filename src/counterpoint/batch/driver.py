"""The batch driver: plan partitions, map the per-report pipeline over them on Dask, then group stories.

    from counterpoint.batch import run_batch
    result = run_batch(["articles.jsonl.gz"], "out/", workers=2)

Flow (one way, like the rest of counterpoint):

1. The driver streams the sources through ingest (the same ``iter_sources`` as ``add``) and cuts the stream into
   partitions (:mod:`.partition`). A partition whose Parquet file already exists under ``out/analyses`` (same
   fingerprint) is skipped: that is how a rerun resumes.
2. The others go to the cluster a few at a time (at most ``2 x workers + 2`` in flight, so memory stays bounded
   however large the corpus): each window is a ``dask.bag`` with one planned partition per bag partition,
   ``map_partitions(run_partitions)`` analyses it on a worker and writes its Parquet files (:mod:`.worker`).
   Tasks are submitted with ``retries``; a worker that dies costs only the partitions it held, which the
   scheduler runs again on another worker.
3. Each finished partition is appended to ``out/_manifest.jsonl`` (fingerprint, counts, worker, seconds).
4. After the map, the driver reads the grouping features back in input order and groups stories with
   ``link.stories.StoryGrouper`` (``out/stories.parquet``), and with ``db`` writes every partition into the store
   through ``Corpus.write_batch``: the store, its grouping and its stories end up as ``counterpoint add`` leaves
   them.
5. ``out/run.json`` lists this run's partitions; part files of earlier runs over other input are removed.
"""
from __future__ import annotations

import itertools
import json
import logging
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional, Sequence

from .. import PIPELINE_VERSION
from ..config import Settings
from ..errors import UsageError
from . import schema
from .partition import Partition, PlanStats, partitions, salt_for
from .worker import AnalyzerFactory, run_partitions, warm, write_atomic

MANIFEST = "_manifest.jsonl"
RUN = "run.json"
BAG_PARTITIONS = 8      # planned partitions per submitted bag


@dataclass(frozen=True)
class BatchProgress:
    partitions_done: int          # computed or skipped
    reports_done: int             # analysed rows in finished partitions
    rejected: int
    total: Optional[int]          # estimated number of inputs; None when unknown
    elapsed: float
    computed_now: int = 0         # analysed by this run (not found done from an earlier one)

    @property
    def rate(self) -> float:
        return self.computed_now / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> Optional[float]:
        if not self.total or self.rate <= 0:
            return None
        return max(0.0, (self.total - self.reports_done - self.rejected) / self.rate)


@dataclass
class BatchResult:
    out: str
    partitions: int = 0
    computed: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)        # "partition 3: KilledWorker(...)"
    reports: int = 0                                         # analysed rows (this run and earlier ones)
    analysed_now: int = 0                                    # of which analysed by this run
    rejected: int = 0
    rejected_sample: list[str] = field(default_factory=list)
    duplicates: int = 0
    stories: Optional[int] = None
    store: Optional[dict] = None                             # counts written to --db
    workers: int = 0
    dashboard: Optional[str] = None
    warm_seconds: float = 0.0
    map_seconds: float = 0.0
    group_seconds: float = 0.0
    seconds: float = 0.0
    interrupted: bool = False
    worker_peak_rss_mb: dict = field(default_factory=dict)  # worker -> MiB, from the partitions it ran

    @property
    def ok(self) -> bool:
        return not self.failed and not self.interrupted


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def connect(scheduler: Optional[str] = None, workers: Optional[int] = None, *, dashboard: bool = True):
    """(client, cluster): a client of the scheduler at ``scheduler``, or of a new LocalCluster of ``workers``
    processes with one thread each (spaCy and onnxruntime are not made faster by threads in one process)."""
    from distributed import Client, LocalCluster
    if scheduler:
        if workers:
            raise UsageError("give --scheduler or --workers, not both (the scheduler's workers are used)")
        try:
            return Client(scheduler, timeout="20s"), None
        except (OSError, TimeoutError) as exc:
            raise UsageError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); is dask-scheduler "
                             "running there?") from None
    n = workers or default_workers()
    if n < 1:
        raise UsageError("--workers must be at least 1")
    show = dashboard and _has_bokeh()
    # The scheduler always serves HTTP (health, metrics; the dashboard with bokeh); with no address it takes
    # 8787 and only warns when another cluster holds it. :8787 when free (the usual link), else any free port.
    address = ":8787" if show and _port_free(8787) else ":0"
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=address,
                           scheduler_kwargs={"dashboard": show}, silence_logs=logging.ERROR)
    return Client(cluster), cluster


def _has_bokeh() -> bool:
    import importlib.util
    return importlib.util.find_spec("bokeh") is not None


def _port_free(port: int) -> bool:
    import socket
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("", port))
        except OSError:
            return False
    return True


def dashboard_link(client) -> Optional[str]:
    """The dashboard's address when it answers (without bokeh a scheduler serves only its health and metrics
    endpoints under the same port, and the /status page is missing)."""
    import urllib.request
    try:
        if "dashboard" not in client.scheduler_info().get("services", {}):
            return None
        link = client.dashboard_link
        with urllib.request.urlopen(link, timeout=2) as resp:
            return link if resp.status == 200 else None
    except Exception:     # no dashboard is not an error
        return None


def _analyzer_name(factory: Optional[Callable]) -> str:
    if factory is None:
        return "counterpoint.Analyzer"
    return f"{getattr(factory, '__module__', '?')}.{getattr(factory, '__qualname__', repr(factory))}"


def _read_manifest(out: Path) -> dict[str, dict]:
    done: dict[str, dict] = {}
    try:
        with open(out / MANIFEST, encoding="utf-8") as fh:
            for line in fh:
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:       # a line cut short by a killed driver
                    continue
                done[entry.get("file", "")] = entry
    except FileNotFoundError:
        pass
    return done


def _append_manifest(out: Path, entry: dict) -> None:
    with open(out / MANIFEST, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, sort_keys=True) + "\n")
        fh.flush()


def _summary_from_files(out: Path, part: Partition) -> dict:
    import pyarrow.parquet as pq
    rej = out / "rejected" / part.name
    return {"partition": part.index, "fingerprint": part.fingerprint, "file": part.name,
            "reports": pq.ParquetFile(out / "analyses" / part.name).metadata.num_rows,
            "rejected": pq.ParquetFile(rej).metadata.num_rows if rej.exists() else 0}


def run_batch(sources: Sequence[str], out: str | os.PathLike, settings: Optional[Settings] = None, *,
              scheduler: Optional[str] = None, workers: Optional[int] = None, client=None,
              partition_size: int = 100, db: Optional[str] = None, retries: int = 3,
              progress: Optional[Callable[[BatchProgress], None]] = None,
              on_event: Optional[Callable[[str], None]] = None,
              on_partition: Optional[Callable[[dict], None]] = None,
              analyzer_factory: Optional[AnalyzerFactory] = None, embedder_factory=None,
              published: Optional[str] = None, outlet: Optional[str] = None,
              group: bool = True, warm_workers: bool = True, total: Optional[int] = None) -> BatchResult:
    """Analyse ``sources`` on a Dask cluster into Parquet files under ``out``; see the module docstring.

    ``client``: an existing ``distributed.Client`` (else one is made from ``scheduler`` / ``workers``).
    ``analyzer_factory(settings)`` returns the analyser a worker uses (default: the process-wide
    ``Analyzer``); tests pass a light stand-in. ``on_event`` receives one-line notices (dashboard link, warm-up),
    ``on_partition`` each finished partition's summary."""
    from ..ingest import iter_sources
    if not sources:
        raise UsageError("no sources given")
    if partition_size < 1:
        raise UsageError("--partition-size must be at least 1")
    settings = settings or Settings()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "analyses").mkdir(exist_ok=True)
    result = BatchResult(out=str(out))
    say = on_event or (lambda msg: None)
    t0 = time.perf_counter()
    own = client is None
    cluster = None
    if own:
        client, cluster = connect(scheduler, workers)
    try:
        result.dashboard = dashboard_link(client)
        if result.dashboard:
            say(f"Dask dashboard: {result.dashboard}")
        result.workers = len(client.scheduler_info().get("workers", {}))
        if result.workers == 0:
            say("the scheduler has no workers yet; partitions wait until one connects")

        def warm_up() -> float:
            """Load the models on every worker, once, before the first partition that needs computing (a
            rerun with nothing left to do loads nothing); returns the seconds it took."""
            if not warm_workers or result.warm_seconds or not client.scheduler_info().get("workers"):
                return 0.0
            tw = time.perf_counter()
            _warm(client, settings, analyzer_factory, embedder_factory)
            result.warm_seconds = time.perf_counter() - tw
            say(f"models loaded on {len(client.scheduler_info().get('workers', {}))} worker(s) in "
                f"{result.warm_seconds:.1f} s")
            return result.warm_seconds

        stats = PlanStats()
        items = iter_sources(list(sources), settings, published=published, outlet=outlet)
        plan = partitions(items, partition_size, salt_for(settings, _analyzer_name(analyzer_factory)), stats)
        tm = time.perf_counter()
        names = _map(client, plan, out, settings, result, retries=retries, progress=progress,
                     on_partition=on_partition, analyzer_factory=analyzer_factory,
                     embedder_factory=embedder_factory, total=total, start=tm, warm_up=warm_up)
        result.map_seconds = time.perf_counter() - tm - result.warm_seconds
        result.duplicates = stats.duplicates
    finally:
        if own:
            client.close()
            if cluster is not None:
                cluster.close()
    if not result.interrupted:
        _write_run(out, names, result, complete=not result.failed)
    if result.interrupted or result.failed:
        result.seconds = time.perf_counter() - t0
        return result
    tg = time.perf_counter()
    if group:
        result.stories = group_stories(out, names)
    if db:
        result.store = write_store(out, names, settings.replace(db=db))
    result.group_seconds = time.perf_counter() - tg
    result.rejected_sample = [f"{r['source']}: {r['reason']}"
                              for r in itertools.islice(_iter_rows(out, names, "rejected"), 20)]
    _remove_stale(out, set(names))
    result.seconds = time.perf_counter() - t0
    _write_run(out, names, result, complete=True)
    return result


def _warm(client, settings, analyzer_factory, embedder_factory) -> None:
    """Load the models on every worker at once (in the worker's task thread, not its event loop)."""
    addrs = list(client.scheduler_info().get("workers", {}))
    futs = [client.submit(warm, settings, analyzer_factory, embedder_factory, workers=[a],
                          allow_other_workers=False, pure=False, key=f"counterpoint-warm-{i}-{time.time_ns()}")
            for i, a in enumerate(addrs)]
    client.gather(futs)


def _map(client, plan: Iterator[Partition], out: Path, settings: Settings, result: BatchResult, *, retries: int,
         progress, on_partition, analyzer_factory, embedder_factory, total: Optional[int], start: float,
         warm_up: Callable[[], float] = lambda: 0.0) -> list[str]:
    import dask.bag as db
    from distributed import as_completed
    done_before = _read_manifest(out)
    names: list[str] = []
    in_flight: dict = {}          # future -> Partition
    pending: list[Partition] = []
    ac = as_completed()
    reports_done = rejected_done = 0
    plan_left = True

    def report() -> None:
        if progress is not None:
            progress(BatchProgress(result.computed + result.skipped, reports_done, rejected_done, total,
                                   time.perf_counter() - start - result.warm_seconds, result.analysed_now))

    def limit() -> int:
        return 2 * max(1, len(client.scheduler_info().get("workers", {}))) + 2

    def refill() -> None:
        nonlocal plan_left, reports_done, rejected_done
        while plan_left and len(pending) < limit() - len(in_flight):
            part = next(plan, None)
            if part is None:
                plan_left = False
                break
            names.append(part.name)
            result.partitions += 1
            if (out / "analyses" / part.name).exists():
                summary = done_before.get(part.name) or _summary_from_files(out, part)
                result.skipped += 1
                result.reports += summary["reports"]
                result.rejected += summary["rejected"]
                reports_done += summary["reports"]
                rejected_done += summary["rejected"]
                report()
                continue
            pending.append(part)
        if pending:
            warm_up()
        while pending:      # bags of a few partitions: each graph sent to the scheduler stays small
            window, pending[:] = pending[:BAG_PARTITIONS], pending[BAG_PARTITIONS:]
            bag = db.from_sequence(window, npartitions=len(window))
            mapped = bag.map_partitions(run_partitions, str(out), settings, analyzer_factory, embedder_factory)
            futures = client.compute(mapped.to_delayed(), retries=retries)
            for fut, part in zip(futures, window):
                in_flight[fut] = part
                ac.add(fut)

    try:
        refill()
        while in_flight:
            fut = next(ac)
            part = in_flight.pop(fut)
            try:
                summary = fut.result()[0]
            except Exception as exc:       # retries spent (or KilledWorker): this partition only
                result.failed.append(f"partition {part.index}: {type(exc).__name__}: {str(exc)[:200]}")
                refill()
                continue
            summary["pipeline_version"] = PIPELINE_VERSION
            _append_manifest(out, summary)
            result.computed += 1
            result.reports += summary["reports"]
            result.analysed_now += summary["reports"]
            result.rejected += summary["rejected"]
            reports_done += summary["reports"]
            rejected_done += summary["rejected"]
            w = summary.get("worker", "?")
            result.worker_peak_rss_mb[w] = max(result.worker_peak_rss_mb.get(w, 0.0), summary.get("peak_rss_mb", 0))
            if on_partition is not None:
                on_partition(summary)
            report()
            refill()
    except KeyboardInterrupt:
        result.interrupted = True
        for fut in list(in_flight):
            fut.cancel()
    report()
    return names


def _iter_rows(out: Path, names: Sequence[str], kind: str, columns: Optional[list[str]] = None) -> Iterator[dict]:
    """Rows of this run's ``analyses`` or ``rejected`` files, in input order."""
    import pyarrow.parquet as pq
    for name in names:
        path = out / kind / name
        if not path.exists():
            continue
        for row in pq.read_table(path, columns=columns).to_pylist():
            yield row


def group_stories(out: Path, names: Sequence[str]) -> int:
    """Group this run's reports into stories, in input order (as ``add`` does); writes ``stories.parquet``."""
    from ..link.stories import GroupingParams, StoryGrouper
    grouper = StoryGrouper(GroupingParams())
    cols = ["id", "day", "feature_published", "feature_title", "keys", "embedding"]
    for row in _iter_rows(out, names, "analyses", cols):
        f = schema.row_features(row)
        if f is not None:
            grouper.add(f)
    stories = sorted(grouper.stories.values(), key=lambda s: s.created_seq)
    rows = [{"story_id": s.id, "title": s.title, "first_seen": s.first_seen, "last_seen": s.last_seen,
             "report_count": len(s.members), "report_ids": list(s.members)} for s in stories]
    write_atomic(schema.table(rows, schema.STORIES), out / "stories.parquet")
    return len(rows)


def write_store(out: Path, names: Sequence[str], settings: Settings) -> dict:
    """Write this run's reports, analyses and grouping into the store (``Corpus.write_batch``: one transaction
    per partition, reports already stored are skipped, stories grouped in input order as ``add`` groups them)."""
    import pyarrow.parquet as pq
    from ..corpus import AddResult, Corpus
    from ..store import open_store
    store = open_store(settings.db)
    corpus = Corpus(store, settings)
    res = AddResult()
    try:
        for name in names:
            path = out / "analyses" / name
            ids = pq.read_table(path, columns=["id"]).column("id").to_pylist()
            if not ids:
                continue
            existing = store.existing(ids)
            analysed = store.analysed(ids, PIPELINE_VERSION)
            if len(existing) == len(ids) and len(analysed) == len(ids):
                res.duplicates += len(ids)
                continue
            rows = pq.read_table(path).to_pylist()
            new = [r for r in rows if r["id"] not in existing]
            res.duplicates += len(rows) - len(new)
            corpus.write_batch([schema.row_report(r) for r in new], [schema.row_features(r) for r in new],
                               [schema.row_analysis(r) for r in rows if r["id"] not in analysed], res)
    finally:
        store.close()
    return {"added": res.added, "already_stored": res.duplicates, "analyses_written": res.analysed,
            "stories_created": res.stories_created, "stories_merged": res.stories_merged}


def _write_run(out: Path, names: Sequence[str], result: BatchResult, complete: bool) -> None:
    data = {"complete": complete, "pipeline_version": PIPELINE_VERSION, "partitions": list(names),
            "result": {k: v for k, v in asdict(result).items() if k != "rejected_sample"}}
    tmp = out / f".{RUN}.tmp"
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, out / RUN)


def _remove_stale(out: Path, keep: set[str]) -> None:
    """Part files from earlier runs over other input (or another pipeline version) are not this run's; temporary
    files left by a worker killed while writing are debris (every partition of this run is done)."""
    for kind in ("analyses", "rejected"):
        folder = out / kind
        if folder.is_dir():
            for p in folder.glob("part-*.parquet"):
                if p.name not in keep:
                    p.unlink()
            for p in folder.glob(".part-*.tmp"):
                p.unlink(missing_ok=True)
