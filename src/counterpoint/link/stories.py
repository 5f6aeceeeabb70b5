"""Story grouping: incremental, one report at a time, sub-quadratic.

Each report becomes a :class:`ReportFeatures`: a sparse vector of weighted keys (content words, and names:
entity mentions from the Analysis when there is one, capitalised word sequences otherwise; weights are
log-tf times an inverse frequency taken from general English word frequencies, so a weight never depends on
what else is in the store), a sentence embedding of the title and lead, and the publication day.

A story keeps the sum of its members' key vectors and embeddings (its centroid), and the span of its days.
A new report is scored against candidate stories only: those sharing one of its strongest keys within the
time window (an inverted index bucketed by week), never against every story. Score =
``key_weight * cos(keys) + (1 - key_weight) * cos(embedding)``, minus a time penalty when the report's day is
far from every day of the story (the same kind of event weeks later is another story). The report joins the
best story at or over ``threshold``, else founds a new one; every other candidate at or over
``merge_threshold`` is merged into the oldest of them (a bridging report).

The join threshold is low (reports about the same kind of event in the same place join), so a story can take
in two similar but different events (two Klitschko fights, two fires at the same supermarket chain). When a
story reaches one of a few sizes (6, 8, 12, 18, ... up to ``split_max``), its members' pairwise similarities
are split in two by average linkage; when the halves are clearly apart (mean similarity across them below
``split_ratio`` times the mean within the weaker half) the story splits, the part holding its oldest report
keeping the story's id. Later reports then choose between the parts. The cost is bounded: a check is
quadratic in the story's size only, not in the store's, and runs O(log size) times per story.

Grouping is deterministic for a given order of reports, and the state can be rebuilt from stored features and
memberships (:meth:`StoryGrouper.restore`).

Thresholds were tuned once on the ECB+ (topics 1-35) and BASIL dev splits; see ``benchmarks/bench_grouping.py``.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Iterable, Optional, Sequence

import numpy as np

from ..model import Analysis, Report, content_hash

GROUPING_VERSION = "2"   # 2: names weigh 1.5x (was 2x); stories split
DIM = 384


@dataclass(frozen=True)
class GroupingParams:
    threshold: float = 0.25         # join the best story at or above this score
    merge_threshold: float = 0.55   # a report this close to two stories bridges them
    key_weight: float = 0.6         # share of the key (lexical) cosine in the score; the rest is embedding
    entity_boost: float = 1.5       # names count this much more than common words
    max_keys: int = 60              # strongest keys kept per report
    probe_keys: int = 20            # strongest keys used to find candidate stories
    max_candidates: int = 64        # candidates scored in full (the ones sharing most probe keys)
    max_posting: int = 400          # a probe key found in more stories than this (in the window) finds none:
                                    # too common to tell stories apart, and it keeps the cost per report bounded
    lead_chars: int = 700           # title + this much of the text is embedded
    text_chars: int = 6000          # keys are read from this much of the text
    window_days: int = 4            # no time penalty within this many days of a member's day
    max_gap_days: int = 21          # beyond this gap a report never joins the story
    time_penalty: float = 0.25      # penalty reached at max_gap_days (linear from window_days)
    bucket_days: int = 7            # inverted-index time bucket
    linkage: str = "average"        # average: mean cosine to the members; centroid: cosine to their sum
    year_weight: float = 1.0        # weight factor of years named in the text (y:2013); 0 to ignore
    number_weight: float = 2.0      # weight factor of other numbers (n:23, n:6.1); 0 to ignore
    split_ratio: float = 0.8        # a story splits in two when the mean similarity across the halves is below
                                    # this share of the mean similarity within the weaker half; 0: never split
    split_min: int = 3              # each half of a split has at least this many reports
    split_max: int = 128            # stories larger than this are not checked for a split (cost bound)


@dataclass
class ReportFeatures:
    report_id: str
    keys: dict[str, float]          # unit-normalised weighted keys
    embedding: np.ndarray           # unit vector (float32)
    day: Optional[int] = None       # days since 1970-01-01; None when the date is unknown
    published: Optional[str] = None
    title: Optional[str] = None


@dataclass(frozen=True)
class Assignment:
    report_id: str
    seq: int                        # order of addition (the report's seq in the store)
    story_id: str
    created: bool                   # the report founded a new story
    merged: tuple[str, ...] = ()    # stories merged into story_id because of this report
    score: float = 0.0
    moved: tuple[tuple[str, str], ...] = ()   # (report id, story id) of other reports a split moved
    joined: Optional[str] = None    # the story joined (and merged into) before a split; None: story_id


@dataclass
class _Story:
    id: str
    created_seq: int
    title: Optional[str]
    keys: dict[str, float] = field(default_factory=dict)
    sqnorm: float = 0.0
    emb: np.ndarray = field(default_factory=lambda: np.zeros(DIM, dtype=np.float64))
    days: list[int] = field(default_factory=list)       # sorted known days of members
    first_seen: Optional[str] = None
    last_seen: Optional[str] = None
    members: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- text features

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w]|[.,]\d)")
_SENT_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+")
_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP", "WORK_OF_ART", "PRODUCT", "LAW"}


# spaCy's English stop words (copied, so that grouping from text alone does not import spaCy), plus words
# that are frequent in news whatever the event
_STOP = frozenset((
    "a about above across after afterwards again against all almost alone along already also although always am "
    "among amongst amount an and another any anyhow anyone anything anyway anywhere are around as at back be "
    "became because become becomes becoming been before beforehand behind being below beside besides between "
    "beyond both bottom but by ca call can cannot could did do does doing done down due during each eight either "
    "eleven else elsewhere empty enough even ever every everyone everything everywhere except few fifteen fifty "
    "first five for former formerly forty four from front full further get give go had has have he hence her "
    "here hereafter hereby herein hereupon hers herself him himself his how however hundred i if in indeed into "
    "is it its itself just keep last latter latterly least less made make many may me meanwhile might mine more "
    "moreover most mostly move much must my myself name namely neither never nevertheless next nine no nobody "
    "none noone nor not nothing now nowhere n‘t of off often on once one only onto or other others otherwise our "
    "ours ourselves out over own part per perhaps please put quite rather re really regarding same say see seem "
    "seemed seeming seems serious several she should show side since six sixty so some somehow someone something "
    "sometime sometimes somewhere still such take ten than that the their them themselves then thence there "
    "thereafter thereby therefore therein thereupon these they third this those though three through throughout "
    "thru thus to together too top toward towards twelve twenty two under unless until up upon us used using "
    "various very via was we well were what whatever when whence whenever where whereafter whereas whereby "
    "wherein whereupon wherever whether which while whither who whoever whole whom whose why will with within "
    "without would yet you your yours yourself yourselves ‘d ‘ll ‘m ‘re ‘s ‘ve"
).split())
_NEWS_STOP = frozenset("""said says say told mr mrs ms dr also would could one two new year years time like just
    people according week day monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december today yesterday last first story news
    report reported percent via getty images photo ap reuters image video click read""".split())


_ALL_STOP = _STOP | _NEWS_STOP


def _stopwords() -> frozenset[str]:
    return _ALL_STOP


@lru_cache(maxsize=200_000)
def _idf(word: str) -> float:
    """Inverse frequency from general English (wordfreq Zipf scale: 7 = 'the', 3 = rare)."""
    from wordfreq import zipf_frequency
    z = zipf_frequency(word, "en")
    return min(6.0, max(0.3, 7.0 - z)) if z > 0 else 5.0


def _norm_word(w: str) -> str:
    w = w.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    return w


def _capitalised_names(text: str, stop: frozenset[str]) -> list[str]:
    """Sequences of capitalised words (a text-only stand-in for entity mentions). A sentence-initial ordinary
    word ("The", "After") is dropped from the front of a run."""
    names: list[str] = []

    def flush(run: list[str], initial: bool) -> None:
        if run and initial and run[0].lower() in stop:
            run = run[1:]
        if run:
            names.append(" ".join(run))

    for sent in _SENT_END.split(text.replace("\n", ". \n")):
        run: list[str] = []
        initial = True
        run_initial = True
        for m in _WORD.finditer(sent):
            tok = m.group()
            if tok[0].isupper():
                if not run:
                    run_initial = initial
                run.append(tok)
            else:
                flush(run, run_initial)
                run = []
            initial = False
        flush(run, run_initial)
    return [n for n in names if n.lower() not in stop]


def lead_text(report: Report, chars: int) -> str:
    body = report.text.strip()
    head = body[:chars]
    cut = head.rfind(". ")
    if cut > chars // 2:
        head = head[:cut + 1]
    if report.title and not body.startswith(report.title):
        return f"{report.title}. {head}"
    return head


def report_keys(report: Report, analysis: Optional[Analysis] = None,
                params: GroupingParams = GroupingParams()) -> dict[str, float]:
    """Weighted, unit-normalised keys of one report (content words ``w:``, names ``e:``)."""
    stop = _stopwords()
    text = report.text[:params.text_chars]
    if report.title and not report.text.startswith(report.title):
        text = report.title + ".\n" + text
    counts: Counter[str] = Counter()
    for m in _WORD.finditer(text):
        tok = m.group()
        low = tok.lower()
        if len(low) < 3 or low in stop:
            continue
        counts["w:" + _norm_word(tok)] += 1
    if params.year_weight:
        for m in _YEAR.finditer(text):
            counts["y:" + m.group()] += 1
    if params.number_weight:
        for m in _NUMBER.finditer(text):
            num = m.group().replace(",", "")
            if not _YEAR.fullmatch(num) and not (num.isdigit() and int(num) <= 12):
                counts["n:" + num] += 1
    if analysis is not None:
        names = [m.canonical for m in analysis.mentions if m.label in _ENTITY_LABELS]
        names += [p.name for p in analysis.places if p.name]
    else:
        names = _capitalised_names(text, stop)
    for name in names:
        key = " ".join(_norm_word(w) for w in _WORD.findall(name))
        if key and key not in stop:
            counts["e:" + key] += 1
    weights: dict[str, float] = {}
    for key, n in counts.items():
        if key.startswith("y:"):
            weights[key] = (1.0 + math.log(n)) * 3.0 * params.year_weight
            continue
        if key.startswith("n:"):
            weights[key] = (1.0 + math.log(n)) * 3.0 * params.number_weight
            continue
        words = key[2:].split()
        idf = max(_idf(w) for w in words) + (0.5 if len(words) > 1 else 0.0)
        wt = (1.0 + math.log(n)) * idf
        if key.startswith("e:"):
            wt *= params.entity_boost
        weights[key] = wt
    top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:params.max_keys]
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    return {k: w / norm for k, w in top}


def _day(published: Optional[str]) -> Optional[int]:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal() - 719163
    except ValueError:
        return None


def featurize(reports: Sequence[Report], analyses: Optional[Sequence[Optional[Analysis]]] = None,
              params: GroupingParams = GroupingParams(), embedder=None) -> list[ReportFeatures]:
    """Features for a batch of reports (the embeddings are computed in one call)."""
    if embedder is None:
        from ..embed import get_embedder
        embedder = get_embedder()
    analyses = list(analyses) if analyses is not None else [None] * len(reports)
    # one text per call: no padding, so a report's vector never depends on the batch it came in (a rerun after
    # an interruption batches differently and must store the same bytes); batching buys nothing on CPU here
    vecs = [embedder.encode([lead_text(r, params.lead_chars)])[0] for r in reports]
    out = []
    for r, a, v in zip(reports, analyses, vecs):
        out.append(ReportFeatures(r.id, report_keys(r, a, params), np.asarray(v, dtype=np.float32),
                                  _day(r.published), r.published[:10] if r.published else None,
                                  story_title(r)))
    return out


def story_title(report: Report) -> str:
    if report.title and report.title.strip():
        return report.title.strip()
    first = report.text.strip().split("\n", 1)[0]
    first = _SENT_END.split(first, 1)[0]
    return first if len(first) <= 120 else first[:117].rstrip() + "..."


# ---------------------------------------------------------------- the grouper

class StoryGrouper:
    def __init__(self, params: GroupingParams = GroupingParams()) -> None:
        self.params = params
        self.stories: dict[str, _Story] = {}
        self.alias: dict[str, str] = {}                     # merged story -> the story it went into
        self.index: dict[str, dict[Optional[int], set[str]]] = defaultdict(lambda: defaultdict(set))
        self.story_of: dict[str, str] = {}                  # report -> story
        self.seq_of: dict[str, int] = {}                    # report -> its seq (order of addition)
        self.feats: dict[str, ReportFeatures] = {}          # members' features, kept for split checks
        self.seq = 0

    # -- bookkeeping
    def _find(self, sid: str) -> str:
        while sid in self.alias:
            sid = self.alias[sid]
        return sid

    def _bucket(self, day: Optional[int]) -> Optional[int]:
        return None if day is None else day // self.params.bucket_days

    def _add_to(self, st: _Story, f: ReportFeatures) -> None:
        for k, w in f.keys.items():
            old = st.keys.get(k, 0.0)
            st.keys[k] = old + w
            st.sqnorm += 2 * old * w + w * w
        st.emb += f.embedding
        if f.day is not None:
            st.days.append(f.day)
            st.days.sort()
        if f.published:
            st.first_seen = min(st.first_seen or f.published, f.published)
            st.last_seen = max(st.last_seen or f.published, f.published)
        if st.title is None and f.title:
            st.title = f.title
        st.members.append(f.report_id)
        bucket = self._bucket(f.day)
        for k in self._probe(f):
            self.index[k][bucket].add(st.id)
        self.story_of[f.report_id] = st.id
        if self.params.split_ratio > 0:
            if len(st.members) <= self.params.split_max:
                self.feats[f.report_id] = f
            elif st.members[0] in self.feats or f.report_id in self.feats:
                for rid in st.members:      # never checked for a split again: free its members' features
                    self.feats.pop(rid, None)

    def _probe(self, f: ReportFeatures) -> list[str]:
        return [k for k, _ in sorted(f.keys.items(), key=lambda kv: (-kv[1], kv[0]))[:self.params.probe_keys]]

    def _new_story(self, f: ReportFeatures, seq: int, story_id: Optional[str] = None) -> _Story:
        sid = story_id or "s" + content_hash("story:" + f.report_id)[:12]
        self.alias.pop(sid, None)        # a story merged away earlier can come back through a split
        st = _Story(sid, seq, f.title)
        self.stories[sid] = st
        return st

    # -- scoring
    def _candidates(self, f: ReportFeatures) -> list[str]:
        p = self.params
        hits: Counter[str] = Counter()
        if f.day is None:
            buckets = None
        else:
            reach = (p.max_gap_days + p.bucket_days - 1) // p.bucket_days
            b = f.day // p.bucket_days
            buckets = [None] + list(range(b - reach, b + reach + 1))
        for k in self._probe(f):
            posting = self.index.get(k)
            if not posting:
                continue
            groups = posting.values() if buckets is None else (posting.get(b_) for b_ in buckets)
            seen: set[str] = set()
            for g in groups:
                if g:
                    seen.update(g)
                    if len(seen) > p.max_posting:
                        break
            if len(seen) > p.max_posting:
                continue
            for sid in seen:
                hits[self._find(sid)] += 1
        ranked = sorted(hits.items(), key=lambda kv: (-kv[1], self.stories[kv[0]].created_seq))
        return [sid for sid, _ in ranked[:p.max_candidates]]

    def _time_penalty(self, f: ReportFeatures, st: _Story) -> float:
        p = self.params
        if f.day is None or not st.days:
            return 0.0
        i = np.searchsorted(st.days, f.day)
        gap = min(abs(st.days[j] - f.day) for j in (i - 1, i) if 0 <= j < len(st.days))
        if gap <= p.window_days:
            return 0.0
        if gap > p.max_gap_days:
            return math.inf
        return p.time_penalty * (gap - p.window_days) / (p.max_gap_days - p.window_days)

    def score(self, f: ReportFeatures, st: _Story) -> float:
        p = self.params
        dot = sum(w * st.keys.get(k, 0.0) for k, w in f.keys.items())
        edot = float(np.dot(f.embedding, st.emb))
        if p.linkage == "average":
            n = len(st.members) or 1
            kcos, ecos = dot / n, edot / n
        else:
            kcos = dot / math.sqrt(st.sqnorm or 1.0)
            ecos = edot / (float(np.linalg.norm(st.emb)) or 1.0)
        return p.key_weight * kcos + (1 - p.key_weight) * ecos - self._time_penalty(f, st)

    # -- public
    def add(self, f: ReportFeatures) -> Assignment:
        """Group one new report; returns where it went. A report already grouped is left where it is."""
        if f.report_id in self.story_of:
            return Assignment(f.report_id, -1, self._find(self.story_of[f.report_id]), False)
        seq = self.seq
        self.seq += 1
        self.seq_of[f.report_id] = seq
        scored = [(self.score(f, self.stories[sid]), sid) for sid in self._candidates(f)]
        scored.sort(key=lambda x: (-x[0], self.stories[x[1]].created_seq))
        if not scored or scored[0][0] < self.params.threshold:
            st = self._new_story(f, seq)
            self._add_to(st, f)
            return Assignment(f.report_id, seq, st.id, True, (), scored[0][0] if scored else 0.0)
        best_score, best = scored[0]
        group = [best] + [sid for s, sid in scored[1:] if s >= self.params.merge_threshold] \
            if best_score >= self.params.merge_threshold else [best]
        group.sort(key=lambda sid: self.stories[sid].created_seq)
        winner = self.stories[group[0]]
        for sid in group[1:]:
            self._merge(self.stories[sid], winner)
        self._add_to(winner, f)
        moved = self._maybe_split(winner)
        final = self.story_of[f.report_id]
        return Assignment(f.report_id, seq, final, False, tuple(group[1:]), best_score,
                          tuple((rid, sid) for rid, sid in moved if rid != f.report_id), winner.id)

    def _merge(self, loser: _Story, winner: _Story) -> None:
        for k, w in loser.keys.items():
            old = winner.keys.get(k, 0.0)
            winner.keys[k] = old + w
            winner.sqnorm += 2 * old * w + w * w
        winner.emb += loser.emb
        winner.days = sorted(winner.days + loser.days)
        for a, b in ((winner.first_seen, loser.first_seen),):
            winner.first_seen = min(x for x in (a, b) if x) if (a or b) else None
        winner.last_seen = max((x for x in (winner.last_seen, loser.last_seen) if x), default=None)
        winner.members.extend(loser.members)
        winner.members.sort(key=lambda rid: self.seq_of.get(rid, 0))
        for rid in loser.members:
            self.story_of[rid] = winner.id
        self.alias[loser.id] = winner.id
        del self.stories[loser.id]
        # postings of the loser resolve through the alias; the winner also takes its buckets over time

    # -- splitting
    def _pair_sims(self, members: Sequence[str]) -> np.ndarray:
        """Pairwise similarity (key cosine and embedding cosine, weighted as in ``score``) of reports."""
        vocab: dict[str, int] = {}
        rows = [self.feats[rid].keys for rid in members]
        for keys in rows:
            for k in keys:
                vocab.setdefault(k, len(vocab))
        K = np.zeros((len(members), max(len(vocab), 1)), dtype=np.float64)
        for i, keys in enumerate(rows):
            for k, w in keys.items():
                K[i, vocab[k]] = w
        E = np.stack([self.feats[rid].embedding for rid in members]).astype(np.float64)
        w = self.params.key_weight
        return w * (K @ K.T) + (1 - w) * (E @ E.T)

    def _split_parts(self, members: list[str], sims: np.ndarray) -> list[list[str]]:
        """Recursive two-way average-linkage split of ``members`` while the halves are clearly apart."""
        p = self.params
        n = len(members)
        if n < 2 * p.split_min:
            return [members]
        from scipy.cluster.hierarchy import fcluster, linkage
        from scipy.spatial.distance import squareform
        dist = np.clip(1.0 - sims, 0.0, None)
        dist = (dist + dist.T) / 2
        np.fill_diagonal(dist, 0.0)
        labels = fcluster(linkage(squareform(dist, checks=False), "average"), 2, "maxclust")
        a = [i for i in range(n) if labels[i] == labels[0]]
        b = [i for i in range(n) if labels[i] != labels[0]]
        if len(a) < p.split_min or len(b) < p.split_min:
            return [members]

        def within(ix: list[int]) -> float:
            sub = sims[np.ix_(ix, ix)]
            return float((sub.sum() - np.trace(sub)) / (len(ix) * (len(ix) - 1)))
        cross = float(sims[np.ix_(a, b)].mean())
        if cross >= p.split_ratio * min(within(a), within(b)):
            return [members]
        out: list[list[str]] = []
        for ix in (a, b):
            out.extend(self._split_parts([members[i] for i in ix], sims[np.ix_(ix, ix)]))
        return out

    def _maybe_split(self, st: _Story) -> list[tuple[str, str]]:
        """Split ``st`` when its members form clearly separate groups (two similar events that one early report
        bridged). Checked when the story reaches one of the sizes 6, 8, 12, 18, 26, ... (x1.4 each) up to
        ``split_max``, so the cost per report stays bounded. Returns (report, story) of the reports moved out."""
        p = self.params
        n = len(st.members)
        if p.split_ratio <= 0 or n > p.split_max or n not in _split_sizes(2 * p.split_min, p.split_max):
            return []
        members = sorted(st.members, key=lambda rid: self.seq_of.get(rid, 0))
        parts = self._split_parts(members, self._pair_sims(members))
        if len(parts) == 1:
            return []
        parts.sort(key=lambda part: self.seq_of.get(part[0], 0))
        del self.stories[st.id]
        moved: list[tuple[str, str]] = []
        for i, part in enumerate(parts):
            first = self.feats[part[0]]
            new = self._new_story(first, self.seq_of.get(part[0], 0), st.id if i == 0 else None)
            if i == 0:
                new.title = st.title
            for rid in part:
                self._add_to(new, self.feats[rid])
                if i > 0:
                    moved.append((rid, new.id))
        return moved

    def restore(self, f: ReportFeatures, story_id: str) -> None:
        """Rebuild state from the store: put a report back into the story it was stored in (in seq order)."""
        if f.report_id in self.story_of:
            return
        st = self.stories.get(story_id) or self._new_story(f, self.seq, story_id)
        self.seq_of[f.report_id] = self.seq
        self.seq += 1
        self._add_to(st, f)

    def story(self, story_id: str) -> _Story:
        return self.stories[self._find(story_id)]

    def groups(self) -> list[list[str]]:
        return [list(st.members) for st in sorted(self.stories.values(), key=lambda s: s.created_seq)]


@lru_cache(maxsize=16)
def _split_sizes(start: int, stop: int) -> frozenset[int]:
    sizes, n = set(), float(start)
    while n <= stop:
        sizes.add(int(n))
        n = n * 1.4 + 0.5
    return frozenset(sizes)


def group_reports(reports: Sequence[Report], analyses: Optional[Sequence[Optional[Analysis]]] = None,
                  params: GroupingParams = GroupingParams(), embedder=None) -> list[list[str]]:
    """Group a batch of reports from text alone (or with their analyses), in the given order."""
    g = StoryGrouper(params)
    for f in featurize(reports, analyses, params, embedder):
        g.add(f)
    return g.groups()


def features_from_row(report_id: str, day: Optional[int], published: Optional[str], title: Optional[str],
                      keys: dict[str, float], embedding: bytes) -> ReportFeatures:
    return ReportFeatures(report_id, keys, np.frombuffer(embedding, dtype=np.float32).copy(), day, published,
                          title)


def iter_batches(items: Iterable, size: int):
    batch = []
    for x in items:
        batch.append(x)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
