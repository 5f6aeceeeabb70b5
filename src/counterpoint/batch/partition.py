"""Cutting the input stream into partitions, and the fingerprint that names each one.

The driver reads the sources with the same ingest as ``counterpoint add`` (:func:`counterpoint.ingest.iter_sources`,
streaming, gzip accepted), drops texts already seen earlier in the stream (as ``add`` does), and cuts the stream
into partitions of ``size`` reports; ingest rejections ride along in the partition where they occurred, so they
are written with it. Only a bounded number of partitions is held in memory at a time (the driver pulls from this
generator as workers free up).

A partition's fingerprint hashes everything its result depends on: the pipeline and grouping versions, the
analysis settings, the analyser's name, and each item in order (the full Report, or the rejection). A rerun over
the same input cuts the same partitions with the same fingerprints and skips those whose Parquet file exists;
input appended at the end leaves earlier partitions untouched.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Optional, Sequence

from .. import PIPELINE_VERSION
from ..config import Settings
from ..model import Report, to_dict

# settings that change what a worker computes (ingest settings act on the Reports, which are hashed whole)
_ANALYSIS_SETTINGS = ("spacy_model",)


@dataclass(frozen=True)
class Rejected:
    """An input rejected by ingest (the same source and reason as ingest's Rejection)."""
    source: str
    reason: str


@dataclass
class Partition:
    index: int
    items: list = field(default_factory=list)   # Report | Rejected, in input order
    fingerprint: str = ""

    @property
    def reports(self) -> list[Report]:
        return [x for x in self.items if isinstance(x, Report)]

    @property
    def n_reports(self) -> int:
        return sum(1 for x in self.items if isinstance(x, Report))

    @property
    def name(self) -> str:
        return f"part-{self.index:06d}-{self.fingerprint[:16]}.parquet"


@dataclass
class PlanStats:
    items: int = 0
    reports: int = 0
    duplicates: int = 0
    ingest_rejected: int = 0


def fingerprint(items: Sequence, salt: str) -> str:
    h = hashlib.sha256(salt.encode("utf-8"))
    for x in items:
        if isinstance(x, Report):
            blob = json.dumps(to_dict(x), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            h.update(b"R" + blob.encode("utf-8", "surrogatepass"))
        else:
            h.update(b"X" + json.dumps([x.source, x.reason], ensure_ascii=False).encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def salt_for(settings: Settings, analyzer_name: str) -> str:
    from ..link.stories import GROUPING_VERSION
    parts = {"pipeline": PIPELINE_VERSION, "grouping": GROUPING_VERSION, "analyzer": analyzer_name,
             **{k: getattr(settings, k) for k in _ANALYSIS_SETTINGS}}
    return json.dumps(parts, sort_keys=True)


def partitions(items: Iterable, size: int, salt: str, stats: Optional[PlanStats] = None) -> Iterator[Partition]:
    """Partitions of ``size`` reports each from a stream of Reports and ingest Rejections."""
    if size < 1:
        raise ValueError("partition size must be at least 1")
    stats = stats if stats is not None else PlanStats()
    seen: set[str] = set()
    current = Partition(0)
    count = 0

    def close(p: Partition) -> Partition:
        p.fingerprint = fingerprint(p.items, salt)
        return p

    for item in items:
        stats.items += 1
        if isinstance(item, Report):
            if item.id in seen:
                stats.duplicates += 1
                continue
            seen.add(item.id)
            if count >= size:
                yield close(current)
                current, count = Partition(current.index + 1), 0
            current.items.append(item)
            count += 1
            stats.reports += 1
        else:
            stats.ingest_rejected += 1
            current.items.append(Rejected(str(getattr(item, "source", "?")), str(getattr(item, "reason", item))))
    if current.items:
        yield close(current)
