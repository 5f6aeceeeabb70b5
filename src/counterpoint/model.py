"""The data model: frozen dataclasses with a JSON round-trip.

Every extracted value carries a :class:`Span` into the report text exactly as read (Python string offsets,
end exclusive). ``None`` means *unknown* and is kept as such; nothing is guessed silently.
"""
from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from typing import Any, Optional, Union


@dataclass(frozen=True, order=True)
class Span:
    report: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span {self.start}..{self.end} in {self.report}")

    def text(self, report_text: str) -> str:
        return report_text[self.start:self.end]

    def overlaps(self, other: "Span") -> bool:
        return self.report == other.report and self.start < other.end and other.start < self.end

    def contains(self, other: "Span") -> bool:
        return self.report == other.report and self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class Removed:
    """A stretch of the text kept out of analysis (boilerplate), with the reason."""
    span: Span
    reason: str


@dataclass(frozen=True)
class Report:
    id: str                      # stable hash of the text
    text: str                    # exactly as read
    path: Optional[str] = None   # as given by the user / manifest
    title: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[str] = None   # ISO date (YYYY-MM-DD) or datetime; None = unknown
    published_source: Optional[str] = None  # manifest | flag | html | feed | dateline
    url: Optional[str] = None
    removed: tuple[Removed, ...] = ()
    language: Optional[str] = None


@dataclass(frozen=True)
class Sentence:
    span: Span
    text: str


@dataclass(frozen=True)
class Mention:
    span: Span
    text: str
    label: str               # PERSON, ORG, NORP, GPE, LOC, FAC, EVENT, ...
    canonical: str           # the name this mention resolves to within its report


@dataclass(frozen=True)
class Quantity:
    span: Span
    text: str
    low: Optional[float]     # None: open below
    high: Optional[float]    # None: open above
    approx: bool = False
    hedge: str = "exact"     # exact | approx | at_least | at_most | more_than | less_than | vague | range
    counted: Optional[str] = None   # head noun of what is counted ("troops"), lemma
    counted_span: Optional[Span] = None
    unit: Optional[str] = None      # for measures: km, m, ft, %, usd ...
    value_text: Optional[str] = None


@dataclass(frozen=True)
class TimeRef:
    span: Span
    text: str
    start: Optional[str]     # ISO datetime, inclusive; None when unresolved
    end: Optional[str]       # ISO datetime, exclusive; None when open or unresolved
    granularity: str         # minute | hour | part_of_day | night | day | week | month | year | decade | open
    resolved: bool
    note: Optional[str] = None   # why unresolved, or how it was resolved
    value: Optional[str] = None  # TIMEX3-like value: 2024-12-02, 2024-W48, 2024-01, 2011...


@dataclass(frozen=True)
class Place:
    span: Span
    text: str
    name: Optional[str]      # gazetteer name; None when unresolved
    lat: Optional[float]
    lon: Optional[float]
    country: Optional[str] = None    # ISO-2 code
    kind: Optional[str] = None       # city | admin1 | country | region | feature
    gazetteer_id: Optional[str] = None
    resolved: bool = True


@dataclass(frozen=True)
class Quote:
    span: Span               # the quoted content (without the quote marks for direct quotes)
    text: str
    speaker: Optional[str]   # resolved speaker name (canonical within the report)
    speaker_span: Optional[Span]
    cue: Optional[str]       # said, told, insisted ...
    cue_span: Optional[Span]
    direct: bool


@dataclass(frozen=True)
class Attribution:
    span: Span               # the source expression
    source: str              # resolved source name
    content_span: Optional[Span] = None
    cue: Optional[str] = None
    kind: str = "said"       # quote | said | according_to | hedge
    hedge: Optional[str] = None   # reportedly, speculated, insisted, claimed ...


@dataclass(frozen=True)
class Claim:
    id: str
    span: Span               # the clause (or sentence)
    text: str
    sentence: int            # index into Analysis.sentences
    actor: Optional[str] = None
    actor_span: Optional[Span] = None
    predicate: Optional[str] = None      # lemma of the main verb
    predicate_span: Optional[Span] = None
    object: Optional[str] = None
    object_span: Optional[Span] = None
    negated: bool = False
    quantities: tuple[int, ...] = ()     # indices into Analysis.quantities
    times: tuple[int, ...] = ()          # indices into Analysis.times
    places: tuple[int, ...] = ()         # indices into Analysis.places
    entities: tuple[str, ...] = ()       # canonical names mentioned in the clause
    source: Optional[str] = None         # who it is attributed to
    hedge: Optional[str] = None
    quoted: bool = False                 # the clause is inside a direct quote
    terms: tuple[str, ...] = ()          # content keys (lemmas, entity keys) the alignment compares


@dataclass(frozen=True)
class Relation:
    """An actor relation a report states: ally_of, partner_of, fights, backs."""
    span: Span
    subject: str
    relation: str
    object: str
    text: str


@dataclass(frozen=True)
class FramingTerm:
    span: Span
    text: str
    target: Optional[str] = None    # the entity or fact it colours
    kind: str = "evaluative"        # label | evaluative | intensifier | hedge


@dataclass(frozen=True)
class Analysis:
    report: Report
    pipeline_version: str
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    times: tuple[TimeRef, ...] = ()
    places: tuple[Place, ...] = ()
    quotes: tuple[Quote, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    claims: tuple[Claim, ...] = ()
    relations: tuple[Relation, ...] = ()
    framing: tuple[FramingTerm, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()    # (alias, canonical) learned in this report
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entity:
    """One real person / group / place across reports."""
    id: str
    name: str
    kind: str
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class Evidence:
    span: Span
    text: str


@dataclass(frozen=True)
class SlotValue:
    report: str
    text: str
    value: Optional[str] = None          # normalised value in words ("200 (approx)", "2024-12-01")
    attributed_to: Optional[str] = None


@dataclass(frozen=True)
class Finding:
    id: str
    kind: str                 # agreement | conflict | partial | unique
    slot: Optional[str]       # quantity | time | place | actor | outcome | relation | other | None
    summary: str
    evidence: tuple[Evidence, ...]
    rule: Optional[str] = None
    values: tuple[SlotValue, ...] = ()
    reports: tuple[str, ...] = ()
    origins: int = 0
    score: float = 0.0


@dataclass(frozen=True)
class Comparison:
    reports: tuple[Report, ...]
    analyses: tuple[Analysis, ...]
    entities: tuple[Entity, ...] = ()
    findings: tuple[Finding, ...] = ()
    origins: tuple[tuple[str, ...], ...] = ()   # groups of report ids sharing one origin
    notes: tuple[str, ...] = ()


# ---------------------------------------------------------------- JSON round-trip

def to_dict(obj: Any) -> Any:
    """Dataclass -> plain JSON-able structure (tuples become lists)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_dict(x) for x in obj]
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    return obj


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _convert(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _convert(args[0], value) if len(args) == 1 else value
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_convert(args[0], v) for v in value)
        return tuple(_convert(a, v) for a, v in zip(args, value))
    if dataclasses.is_dataclass(tp):
        return from_dict(tp, value)
    if tp is float and isinstance(value, int):
        return float(value)
    return value


T = typing.TypeVar("T")


def from_dict(cls: type[T], data: dict) -> T:
    """Plain structure -> dataclass; the inverse of :func:`to_dict`."""
    hints = _hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name in data:
            kwargs[f.name] = _convert(hints[f.name], data[f.name])
    return cls(**kwargs)


def content_hash(text: str) -> str:
    """The stable report id: first 16 hex digits of the SHA-256 of the UTF-8 text."""
    import hashlib
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
