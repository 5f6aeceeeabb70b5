"""The Store interface: what corpus mode needs from a database, independent of the backend."""
from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional, Protocol, Sequence

from ..model import Analysis, Report


@dataclass(frozen=True)
class StoryReport:
    id: str
    path: Optional[str]
    title: Optional[str]
    outlet: Optional[str]
    published: Optional[str]


@dataclass(frozen=True)
class StoryInfo:
    id: str
    title: Optional[str]
    first_seen: Optional[str]
    last_seen: Optional[str]
    report_count: int
    created_seq: int
    reports: tuple[StoryReport, ...] = ()

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(sorted({r.outlet for r in self.reports if r.outlet}))


@dataclass(frozen=True)
class FeatureRow:
    """Stored grouping features of one report (see link.stories)."""
    report_id: str
    seq: int
    version: str
    day: Optional[int]
    published: Optional[str]
    title: Optional[str]
    terms: dict[str, float]
    embedding: bytes


class StoreTx(Protocol):
    """Writes inside one transaction: all of them are kept, or none."""

    def add_report(self, report: Report, seq: int) -> bool: ...
    def put_analysis(self, analysis: Analysis) -> None: ...
    def put_features(self, row: FeatureRow) -> None: ...
    def assign(self, report_id: str, story_id: str, seq: int) -> None: ...
    def upsert_story(self, story: StoryInfo) -> None: ...
    def merge_story(self, loser: str, winner: str) -> None: ...
    def set_meta(self, key: str, value: str) -> None: ...


class Store(Protocol):
    url: str

    def transaction(self) -> AbstractContextManager[StoreTx]: ...
    def close(self) -> None: ...
    def migrations(self) -> list[str]: ...
    def existing(self, ids: Iterable[str]) -> set[str]: ...
    def next_seq(self) -> int: ...
    def get_report(self, report_id: str) -> Optional[Report]: ...
    def get_reports(self, ids: Sequence[str]) -> list[Report]: ...
    def analysed(self, ids: Sequence[str], version: str) -> set[str]: ...
    def get_analysis(self, report_id: str, version: str) -> Optional[Analysis]: ...
    def iter_features(self) -> Iterator[tuple[FeatureRow, Optional[str]]]: ...
    def get_meta(self, key: str) -> Optional[str]: ...
    def list_stories(self, since: Optional[str] = None, search: Optional[str] = None) -> list[StoryInfo]: ...
    def get_story(self, story_id: str) -> Optional[StoryInfo]: ...
    def counts(self) -> dict[str, int]: ...
    def dump(self) -> dict[str, list[tuple]]: ...
