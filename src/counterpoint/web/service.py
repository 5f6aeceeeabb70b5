"""What the pages and their JSON twins call: one function per page, over the library.

Compares are CPU-bound (spaCy, the embedder): at most ``max_concurrent`` run at once and at most
``max_waiting`` wait behind them; beyond that the caller gets Busy (503 with Retry-After) instead of an
ever-growing queue. Analyses are cached in memory by Report (text and metadata), results of page compares
by id, story comparisons by their member ids.
"""
from __future__ import annotations

import dataclasses
import hashlib
import threading
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Optional, Sequence

from ..config import Settings
from ..errors import InputError, StoreError, UsageError
from ..model import Analysis, Comparison, Report
from .settings import WebSettings

MAX_CACHED_TEXT = 200_000
MAX_CONFLICT_SCAN = 200            # stories compared per request to filter by has_conflicts (cached after)          # longer reports are analysed every time rather than held in memory


class Busy(Exception):
    """Too many compares waiting."""


class NotFound(Exception):
    pass


class TooFew(Exception):
    """Fewer than two usable reports; ``rejected`` says why the others were refused."""

    def __init__(self, message: str, rejected: Sequence[Any]):
        super().__init__(message)
        self.rejected = list(rejected)


@dataclass
class Item:
    """One report as the user gave it: text, or a URL to fetch, or an uploaded file."""
    text: Optional[str] = None
    title: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[str] = None
    url: Optional[str] = None
    fetch: bool = False               # text is empty and url given: fetch it
    filename: Optional[str] = None
    data: Optional[bytes] = None      # an uploaded file's bytes
    label: str = ""


@dataclass
class Result:
    id: str
    comparison: Comparison
    rejected: list = field(default_factory=list)     # (source, reason)
    notices: list[str] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)   # story ids the reports were added to (if stored)


class _LRU(OrderedDict):
    def __init__(self, size: int):
        super().__init__()
        self.size = size
        self.lock = threading.Lock()

    def get_item(self, key):
        with self.lock:
            if key in self:
                self.move_to_end(key)
                return self[key]
        return None

    def put(self, key, value) -> None:
        with self.lock:
            self[key] = value
            self.move_to_end(key)
            while len(self) > self.size:
                self.popitem(last=False)


class Service:
    def __init__(self, settings: Settings, web: WebSettings, fetch: Optional[Callable] = None):
        self.settings = settings
        self.web = web
        self.fetch = fetch
        self._slots = threading.BoundedSemaphore(web.max_concurrent)
        self._waiting = 0
        self._wait_lock = threading.Lock()
        self.results = _LRU(web.results_kept)
        self.analyses = _LRU(256)
        self.story_cache = _LRU(128)
        self._store = None
        self._corpus = None
        self._store_lock = threading.Lock()
        self._embedder_ready = False

    def _configure_embedder(self) -> None:
        """Make the process-wide embedder use ``web.embed_threads`` threads per call, unless it was loaded
        already. With several compares in flight, one onnxruntime thread each beats onnxruntime's default
        (a thread per core, spinning against each other): 2x per sentence measured on 2 loaded cores."""
        if self._embedder_ready:
            return
        self._embedder_ready = True
        if not self.settings.embeddings or not self.web.embed_threads:
            return
        from .. import embed
        with embed._LOCK:
            if embed._EMBEDDER is None:
                embed._EMBEDDER = embed.Embedder(threads=self.web.embed_threads)

    # ------------------------------------------------------------ the work slot
    @contextmanager
    def slot(self) -> Iterator[None]:
        with self._wait_lock:
            if self._waiting >= self.web.max_waiting + self.web.max_concurrent:
                raise Busy("too many compares in progress; try again shortly")
            self._waiting += 1
        try:
            with self._slots:
                yield
        finally:
            with self._wait_lock:
                self._waiting -= 1

    # ------------------------------------------------------------ store
    @property
    def has_store(self) -> bool:
        return self.web.db is not None

    def store(self):
        if self.web.db is None:
            raise NotFound("no store: start the server with --db to keep stories")
        with self._store_lock:
            if self._store is None:
                from ..store import open_store
                self._store = open_store(self.web.db)
            return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    # ------------------------------------------------------------ compare
    def reports_from(self, items: Sequence[Item]) -> tuple[list[Report], list]:
        """Reports from what the user gave, and (source, reason) for each one refused. Same text twice:
        kept once."""
        from ..ingest import iter_sources, make_report
        from ..ingest.files import build_reports, kind_of
        from ..ingest.report import Given, Rejection
        from ..ingest.web import is_url
        reports: list[Report] = []
        rejected: list[tuple[str, str]] = []
        for n, it in enumerate(items, 1):
            name = it.label or it.filename or it.url or f"report-{n}"
            try:
                if it.data is not None:
                    kind = kind_of(it.filename or "")
                    if kind == "manifest":
                        raise InputError(name, "manifests are not accepted here (they name files on the "
                                               "server); upload the report files themselves")
                    given = Given(outlet=_clean(it.outlet), title=_clean(it.title),
                                  published=_published(it.published, name), published_source="request")
                    got = build_reports(name, it.data, kind, self.settings, given)
                elif it.fetch:
                    if not is_url(it.url or ""):      # never a path: that would read the server's files
                        raise InputError(name, "only http:// and https:// URLs can be fetched")
                    got = list(iter_sources([it.url or ""], self.settings, published=it.published,
                                            outlet=it.outlet, fetch=self.fetch))
                    if it.title:
                        got = [dataclasses.replace(r, title=_clean(it.title)) if isinstance(r, Report) else r
                               for r in got]
                else:
                    got = [make_report(it.text or "", path=name, title=it.title, outlet=it.outlet,
                                       published=it.published,
                                       published_source="request" if it.published else None,
                                       url=it.url, settings=self.settings)]
            except InputError as exc:
                rejected.append((exc.source, exc.reason))
                continue
            except UsageError as exc:
                rejected.append((name, str(exc).lstrip("-")))
                continue
            for r in got:
                if isinstance(r, Rejection):
                    rejected.append((r.source, r.reason))
                elif all(r.id != x.id for x in reports):
                    reports.append(r)
        return reports, rejected

    def analyse(self, reports: Sequence[Report]) -> list[Analysis]:
        """Analyses of the reports, from the in-memory cache where the same Report was analysed before."""
        from ..api import analyze_reports
        found = {r: self.analyses.get_item(r) for r in reports}
        todo = [r for r, a in found.items() if a is None]
        if todo:
            for r, a in zip(todo, analyze_reports(todo, self.settings)):
                found[r] = a
                if len(r.text) <= MAX_CACHED_TEXT:
                    self.analyses.put(r, a)
        return [found[r] for r in reports]

    def compare(self, items: Sequence[Item], *, keep: bool = False) -> Result:
        if len(items) > self.web.max_reports:
            raise UsageError(f"too many reports ({len(items)}); the limit is {self.web.max_reports}")
        with self.slot():
            self._configure_embedder()
            reports, rejected = self.reports_from(items)
            if len(reports) < 2:
                raise TooFew(f"need at least two usable reports to compare, got {len(reports)}", rejected)
            from ..link import compare
            cmp = compare(self.analyse(reports), self.settings)
            rid = "r" + hashlib.sha256("|".join(sorted(r.id for r in reports)).encode()).hexdigest()[:12]
            result = Result(rid, cmp, rejected)
            if keep:
                result.stories = self._keep(cmp)
        self.results.put(rid, result)
        return result

    def _keep(self, cmp: Comparison) -> list[str]:
        """Add the compared reports to the store, grouped into stories, with the analyses just made (one
        transaction, through the corpus library); the ids of the stories they are in now."""
        from ..corpus import AddResult, Corpus
        from ..link.stories import featurize
        store = self.store()
        with self._store_lock:
            if self._corpus is None:
                self._corpus = Corpus(store, self.settings, analyze=False)
            corpus = self._corpus
            ids = [r.id for r in cmp.reports]
            existing = store.existing(ids)
            new = [r for r in cmp.reports if r.id not in existing]
            by_id = {a.report.id: a for a in cmp.analyses}
            versions = {a.pipeline_version for a in cmp.analyses}
            have = set().union(*(store.analysed(ids, v) for v in versions))
            if new:
                feats = featurize(new, [by_id.get(r.id) for r in new], corpus.params)
                corpus.write_batch(new, feats, [a for a in cmp.analyses if a.report.id not in have], AddResult())
        want = set(ids)
        return [s.id for s in store.list_stories() if want & {m.id for m in s.reports}]

    def result(self, rid: str) -> Result:
        r = self.results.get_item(rid)
        if r is None:
            raise NotFound(f"no compare result {rid!r} (results are kept in memory for a while only)")
        return r

    # ------------------------------------------------------------ stories
    def stories(self, *, q: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
                outlet: Optional[str] = None, has_conflicts: Optional[bool] = None, limit: int = 50,
                offset: int = 0) -> dict:
        from ..corpus import list_stories
        store = self.store()
        until_day = _day(until, "until") if until else None
        rows = list_stories(store, since=since or None, search=(q or "").strip() or None)
        if until_day:
            rows = [s for s in rows if (s.first_seen or "")[:10] <= until_day]
        if outlet:
            want = outlet.strip().lower()
            rows = [s for s in rows if any(want in o.lower() for o in s.outlets)]
        out, conflicts = [], {}
        skipped = scanned = 0
        for s in rows:
            if has_conflicts is not None:
                scanned += 1
                if scanned > MAX_CONFLICT_SCAN:     # each needs a comparison: bound the work per request
                    break
                n = self.conflict_count(s)
                if (n > 0) != has_conflicts:
                    continue
                conflicts[s.id] = n
            if skipped < offset:
                skipped += 1
                continue
            out.append(s)
            if len(out) >= limit:
                break
        return {"stories": out, "conflicts": conflicts, "total": None if has_conflicts is not None else len(rows)}

    def conflict_count(self, story) -> int:
        if story.report_count < 2:
            return 0
        cmp = self.story_comparison(story)
        return sum(1 for f in cmp.findings if f.kind == "conflict")

    def story(self, story_id: str):
        s = self.store().get_story(story_id)
        if s is None:
            raise NotFound(f"no story {story_id!r}")
        return s, self.story_comparison(s)

    def story_comparison(self, story) -> Comparison:
        key = (story.id, tuple(r.id for r in story.reports))
        cmp = self.story_cache.get_item(key)
        if cmp is None:
            from ..corpus import story_comparison
            from ..api import get_analyzer
            with self.slot():
                cmp = story_comparison(self.store(), story.id, self.settings, get_analyzer(self.settings))
            self.story_cache.put(key, cmp)
        return cmp

    # ------------------------------------------------------------ reports
    def report(self, report_id: str) -> tuple[Report, Optional[Analysis]]:
        with self.results.lock:
            kept = list(self.results.values())
        for res in kept:
            for a in res.comparison.analyses:
                if a.report.id == report_id:
                    return a.report, a
        if self.has_store:
            from .. import PIPELINE_VERSION
            store = self.store()
            r = store.get_report(report_id)
            if r is not None:
                return r, store.get_analysis(report_id, PIPELINE_VERSION)
        raise NotFound(f"no report {report_id!r}")


def _clean(v: Optional[str]) -> Optional[str]:
    return " ".join(v.split()) or None if v else None


def _published(value: Optional[str], name: str) -> Optional[str]:
    if value is None or not str(value).strip():
        return None
    from ..ingest.dates import normalise_published
    try:
        return normalise_published(value)
    except ValueError as exc:
        raise InputError(name, str(exc)) from None


def _day(value: str, what: str) -> str:
    from ..ingest.dates import normalise_published
    try:
        return normalise_published(value)[:10]
    except ValueError:
        raise UsageError(f"{what}: {value!r} is not a date (use YYYY-MM-DD)") from None
