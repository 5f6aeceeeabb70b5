"""Corpus mode as library functions: add sources to a store (ingest -> analyse -> group), list stories, compare
one story, watch sources. The CLI (cli_corpus) is a thin layer over these.

Interruption safety: reports are written in batches, each batch one transaction holding the reports, their
analyses, grouping features, story memberships and story rows. A killed process loses at most the batch in
flight; a rerun skips what is stored (reports are keyed by content hash), rebuilds the grouper from the stored
features and groups the rest in the same order, so the store ends up as an uninterrupted run leaves it.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence

from . import PIPELINE_VERSION
from .config import Settings
from .errors import StoreError, UsageError
from .link.stories import (GROUPING_VERSION, GroupingParams, ReportFeatures, StoryGrouper, featurize,
                           features_from_row)
from .model import Analysis, Comparison, Report
from .store import FeatureRow, SqlStore, StoryInfo, open_store


@dataclass(frozen=True)
class Rejected:
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass
class AddResult:
    added: int = 0
    duplicates: int = 0
    rejected: list = field(default_factory=list)       # ingest Rejection objects (source, reason)
    notices: list[str] = field(default_factory=list)
    analysed: int = 0
    stories_created: int = 0
    stories_merged: int = 0
    interrupted: bool = False

    @property
    def seen(self) -> int:
        return self.added + self.duplicates + len(self.rejected)


@dataclass(frozen=True)
class Progress:
    done: int                 # inputs handled so far (added + duplicates + rejected)
    added: int
    total: Optional[int]      # estimated number of inputs; None when unknown
    elapsed: float            # seconds

    @property
    def rate(self) -> float:
        return self.done / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> Optional[float]:
        if self.total is None or self.rate <= 0:
            return None
        return max(0.0, (self.total - self.done) / self.rate)


ProgressFn = Callable[[Progress], None]


class Corpus:
    """A store plus the in-memory story index rebuilt from it."""

    def __init__(self, store: SqlStore, settings: Optional[Settings] = None, *, analyze: bool = True,
                 params: GroupingParams = GroupingParams(), analyzer=None, embedder=None) -> None:
        self.store = store
        self.settings = settings or Settings()
        self.analyze = analyze
        self.params = params
        self._analyzer = analyzer
        self._embedder = embedder
        self._grouper: Optional[StoryGrouper] = None

    # -- lazy parts
    @property
    def analyzer(self):
        if self._analyzer is None:
            from .analyze import Analyzer
            self._analyzer = Analyzer(self.settings)
        return self._analyzer

    @property
    def grouper(self) -> StoryGrouper:
        if self._grouper is None:
            g = StoryGrouper(self.params)
            for row, story in self.store.iter_features():
                if row.version != GROUPING_VERSION:
                    raise StoreError(f"store {self.store.url}: grouping features of version {row.version} "
                                     f"(this counterpoint groups with version {GROUPING_VERSION}); "
                                     "add the reports to a new store")
                f = features_from_row(row.report_id, row.day, row.published, row.title, row.terms,
                                      row.embedding)
                g.restore(f, story or "s-orphan")
            g.seq = self.store.next_seq()
            self._grouper = g
        return self._grouper

    # -- adding
    def add(self, items: Iterable, *, progress: Optional[ProgressFn] = None, total: Optional[int] = None,
            stop: Optional[threading.Event] = None, batch_size: int = 32) -> AddResult:
        """Add a stream of Reports (and ingest Rejections, which are counted and reported). Stops cleanly
        between batches when ``stop`` is set; a KeyboardInterrupt inside a batch rolls that batch back."""
        result = AddResult()
        start = time.monotonic()
        seen: set[str] = set()
        batch: list[Report] = []

        def report_progress() -> None:
            if progress is not None:
                progress(Progress(result.seen, result.added, total, time.monotonic() - start))

        def flush() -> None:
            if batch:
                self._add_batch(batch, result)
                batch.clear()
            report_progress()

        try:
            for item in items:
                if not isinstance(item, Report):
                    result.rejected.append(item)
                    continue
                if item.id in seen:
                    result.duplicates += 1
                    continue
                seen.add(item.id)
                batch.append(item)
                if len(batch) >= batch_size:
                    flush()
                    if stop is not None and stop.is_set():
                        result.interrupted = True
                        return result
            flush()
        except KeyboardInterrupt:
            self._grouper = None      # the batch in flight was rolled back; rebuild from the store
            result.interrupted = True
        return result

    def _add_batch(self, batch: list[Report], result: AddResult) -> None:
        existing = self.store.existing(r.id for r in batch)
        new = [r for r in batch if r.id not in existing]
        result.duplicates += len(batch) - len(new)
        analyses: dict[str, Analysis] = {}
        if self.analyze:
            have = self.store.analysed([r.id for r in batch], PIPELINE_VERSION)
            todo = [r for r in batch if r.id not in have]
            if todo:
                done, failed = analyze_safely(self.analyzer, todo)
                for a in done:
                    analyses[a.report.id] = a
                for r, exc in failed:
                    result.notices.append(f"{r.path or r.id}: analysis failed ({exc}); added, grouped from "
                                          "its text alone")
        feats = featurize(new, [analyses.get(r.id) for r in new], self.params, self._embedder)
        self.write_batch(new, feats, list(analyses.values()), result)

    def write_batch(self, new: Sequence[Report], feats: Sequence[ReportFeatures], analyses: Sequence[Analysis],
                    result: AddResult) -> None:
        """Group new reports (features computed) and write them, their analyses and stories in one
        transaction."""
        grouper = self.grouper
        try:
            with self.store.transaction() as tx:
                # group the whole batch first, then write it with one statement per kind: merges in the order
                # they happened (they rewrite stored memberships), then every membership this batch created or
                # moved, at its final story, then the stories it touched
                assigned = [grouper.add(f) for f in feats]
                tx.add_reports([(r, a.seq) for r, a in zip(new, assigned)])
                tx.put_features_many([_feature_row(f, a.seq) for f, a in zip(feats, assigned)])
                touched: dict[str, None] = {}
                final: dict[str, None] = {}
                for a in assigned:
                    for loser in a.merged:
                        tx.merge_story(loser, a.joined or a.story_id)
                    final[a.report_id] = None
                    touched[a.joined or a.story_id] = None
                    for rid, sid in a.moved:            # a split moved these reports to another story
                        final[rid] = None
                        touched[sid] = None
                    result.stories_created += a.created + len({sid for _, sid in a.moved})
                    result.stories_merged += len(a.merged)
                tx.assign_many([(rid, grouper.story_of[rid], grouper.seq_of[rid]) for rid in final])
                for rid in final:
                    touched[grouper.story_of[rid]] = None
                for an in analyses:
                    tx.put_analysis(an)
                tx.upsert_stories([_story_row(grouper, sid) for sid in touched if sid in grouper.stories])
        except BaseException:
            self._grouper = None
            raise
        result.added += len(new)
        result.analysed += len(analyses)


def analyze_safely(analyzer, reports: Sequence[Report]) -> tuple[list[Analysis], list[tuple[Report, str]]]:
    """Analyse a batch; when the batch fails, analyse its reports one by one so that one report the pipeline
    cannot handle costs only its own analysis. Returns (analyses, [(report, reason)])."""
    try:
        return list(analyzer.analyze_many(reports)), []
    except Exception:  # noqa: BLE001 - retried one by one below, each failure reported
        pass
    done: list[Analysis] = []
    failed: list[tuple[Report, str]] = []
    for r in reports:
        try:
            done.extend(analyzer.analyze_many([r]))
        except Exception as exc:  # noqa: BLE001 - reported to the user with the report it belongs to
            failed.append((r, f"{exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"))
    return done, failed


def _feature_row(f: ReportFeatures, seq: int) -> FeatureRow:
    import numpy as np
    return FeatureRow(f.report_id, seq, GROUPING_VERSION, f.day, f.published, f.title,
                      {k: round(float(v), 6) for k, v in f.keys.items()},
                      np.asarray(f.embedding, dtype=np.float32).tobytes())


def _story_row(grouper: StoryGrouper, sid: str) -> StoryInfo:
    st = grouper.stories[sid]
    return StoryInfo(st.id, st.title, st.first_seen, st.last_seen, len(st.members), st.created_seq)


# ---------------------------------------------------------------- estimates and entry points

def estimate_total(inputs: Sequence[str]) -> Optional[int]:
    """A quick count of the reports the inputs hold (lines of manifests, files in folders) for the ETA."""
    import gzip
    from .ingest.files import list_folder
    total = 0
    for src in inputs:
        p = Path(src)
        name = p.name.lower()
        try:
            if p.is_dir():
                total += len(list_folder(p))
            elif p.is_file() and name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".csv", ".csv.gz")):
                opener = gzip.open if name.endswith(".gz") else open
                with opener(p, "rb") as fh:
                    n = sum(1 for line in fh if line.strip())
                total += n - 1 if ".csv" in name else n
            elif p.is_file():
                total += 1
            else:
                return None
        except (OSError, EOFError, ValueError):
            return None
    return total


def open_corpus(settings: Settings, **kwargs) -> Corpus:
    return Corpus(open_store(settings.db), settings, **kwargs)


def add_sources(inputs: Sequence[str], settings: Settings, *, store: Optional[SqlStore] = None,
                analyze: bool = True, progress: Optional[ProgressFn] = None,
                stop: Optional[threading.Event] = None, published: Optional[str] = None,
                outlet: Optional[str] = None, batch_size: int = 32, corpus: Optional[Corpus] = None,
                fetch=None) -> AddResult:
    """Ingest ``inputs`` and add what is new to the store at ``settings.db`` (or ``store``)."""
    from .ingest import iter_sources
    if not inputs:
        raise UsageError("no sources given")
    own = corpus is None and store is None
    corpus = corpus or Corpus(store or open_store(settings.db), settings, analyze=analyze)
    try:
        total = estimate_total(inputs) if progress is not None else None
        return corpus.add(iter_sources(list(inputs), settings, published=published, outlet=outlet, fetch=fetch),
                          progress=progress, total=total, stop=stop, batch_size=batch_size)
    finally:
        if own:
            corpus.store.close()


def list_stories(store: SqlStore, *, since: Optional[str] = None, search: Optional[str] = None) -> list[StoryInfo]:
    if since:
        from .ingest.dates import normalise_published
        try:
            since = normalise_published(since)[:10]
        except ValueError:
            raise UsageError(f"--since: {since!r} is not a date (use YYYY-MM-DD)") from None
    return store.list_stories(since=since, search=search)


def stories_json(stories: Sequence[StoryInfo]) -> dict:
    return {"stories": [{
        "id": s.id, "title": s.title, "first_seen": s.first_seen, "last_seen": s.last_seen,
        "report_count": s.report_count, "outlets": list(s.outlets),
        "reports": [{"id": r.id, "path": r.path, "title": r.title, "outlet": r.outlet, "published": r.published}
                    for r in s.reports]} for s in stories]}


def story_analyses(store: SqlStore, story: StoryInfo, settings: Settings, analyzer=None) -> list[Analysis]:
    """The story's analyses: cached ones for this pipeline version, the others computed and cached now."""
    reports = store.get_reports([r.id for r in story.reports])
    out: dict[str, Analysis] = {}
    missing: list[Report] = []
    for r in reports:
        a = store.get_analysis(r.id, PIPELINE_VERSION)
        if a is None:
            missing.append(r)
        else:
            out[r.id] = a
    if missing:
        if analyzer is None:
            from .analyze import Analyzer
            analyzer = Analyzer(settings)
        fresh, _failed = analyze_safely(analyzer, missing)   # a report the pipeline fails on is left out
        with store.transaction() as tx:
            for a in fresh:
                tx.put_analysis(a)
                out[a.report.id] = a
    return [out[r.id] for r in reports if r.id in out]


def story_comparison(store: SqlStore, story_id: str, settings: Settings, analyzer=None) -> Comparison:
    """The comparison of one story's reports (computed from the cached analyses, so it follows new members)."""
    story = store.get_story(story_id)
    if story is None:
        raise UsageError(f"no story {story_id!r} in {store!r}; `counterpoint stories` lists them")
    from .link import compare
    return compare(story_analyses(store, story, settings, analyzer), settings)


def watch(inputs: Sequence[str], settings: Settings, *, every: float, iterations: Optional[int] = None,
          corpus: Optional[Corpus] = None, on_round: Optional[Callable[[int, AddResult], None]] = None,
          stop: Optional[threading.Event] = None, sleep: Callable[[float], None] = time.sleep,
          analyze: bool = True, fetch=None) -> Iterator[AddResult]:
    """Poll ``inputs`` every ``every`` seconds and add what is new; ``iterations`` bounds the rounds (None:
    until ``stop`` is set). Yields each round's result."""
    if every <= 0:
        raise UsageError("--every must be positive")
    own = corpus is None
    corpus = corpus or Corpus(open_store(settings.db), settings, analyze=analyze)
    try:
        n = 0
        while iterations is None or n < iterations:
            result = add_sources(inputs, settings, corpus=corpus, stop=stop, fetch=fetch)
            n += 1
            if on_round is not None:
                on_round(n, result)
            yield result
            if (stop is not None and stop.is_set()) or (iterations is not None and n >= iterations):
                break
            sleep(every)
    finally:
        if own:
            corpus.store.close()


def parse_every(text: str) -> float:
    """'10m', '30s', '2h', '1d' or plain seconds -> seconds."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    t = str(text).strip().lower()
    try:
        if t and t[-1] in units:
            value = float(t[:-1]) * units[t[-1]]
        else:
            value = float(t)
    except ValueError:
        raise UsageError(f"--every: {text!r} is not a duration (e.g. 30s, 10m, 2h)") from None
    if value <= 0:
        raise UsageError("--every must be positive")
    return value
