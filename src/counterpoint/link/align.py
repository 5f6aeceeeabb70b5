"""Claim alignment across reports: which claims in different reports state the same fact.

Score = cosine of sentence embeddings (all-MiniLM-L6-v2) + small bonuses for shared entities, the same
predicate and comparable quantities. Within each pair of reports claims are matched one-to-one (greedy on the
score, above a threshold), so two claims of one report about different facts are never merged; matches are
then joined across reports into clusters holding at most one claim per report.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

from ..config import Settings
from ..model import Analysis, Claim
from .slots import COUNT_CLASSES, count_class

# Verbs folded into event classes, so "entered" / "crossed" / "slipped into" compare as one movement.
VERB_CLASSES = {
    "move": {"enter", "cross", "travel", "slip", "move", "arrive", "deploy", "head", "reach", "drive", "send",
             "dispatch", "go", "march", "advance", "flee", "withdraw", "return", "bounce"},
    "meet": {"meet", "visit", "talk", "hold", "host", "receive"},
    "attack": {"attack", "strike", "bomb", "shell", "fire", "hit", "raid", "target", "assault", "launch", "explode",
               "detonate", "blast", "blow"},
    "kill": {"kill", "die", "dead", "murder", "slay"},
    "injure": {"injure", "wound", "hurt", "treat"},
    "capture": {"capture", "seize", "take", "control", "overrun", "reclaim", "fall", "nab", "arrest", "detain"},
    "lead": {"lead", "spearhead", "head", "command"},
    "support": {"support", "help", "aid", "assist", "back", "reinforce"},
    "quake": {"jolt", "shake", "rock", "strike", "hit", "quake", "felt", "feel"},
    "charge": {"charge", "plead", "accuse", "indict", "convict", "sentence"},
    "fall": {"fall", "fell", "plunge", "plummet", "tumble", "drop"},
}
_VERB_OF = {v: k for k, vs in VERB_CLASSES.items() for v in vs}
W_COS, W_TERMS, W_PRED, W_QUANT = 0.55, 0.45, 0.06, 0.06
W_SOURCE = 0.08      # both claims attributed to one named person or body ("John Suthers")
COS_ALONE, COS_ALONE_MARGIN = 0.72, 0.15
PRUNE_COS = 0.25


_COUNT_OF = {m: "cls:" + name for name, members in COUNT_CLASSES.items() for m in members}


def _fold_term(term: str) -> str:
    if term in _COUNT_OF:
        return _COUNT_OF[term]
    if term in _VERB_OF:
        return "verb:" + _VERB_OF[term]
    return term


@lru_cache(maxsize=131072)
def folded_terms(terms: tuple[str, ...]) -> frozenset:
    return frozenset(_fold_term(t) for t in terms)


def term_overlap(a: Claim, b: Claim) -> float:
    ta, tb = folded_terms(a.terms), folded_terms(b.terms)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / (len(ta | tb) ** 0.5 * min(len(ta), len(tb)) ** 0.5)


@dataclass
class ClaimRef:
    report: int          # index into analyses
    claim: Claim


def claim_vectors(analyses: Sequence[Analysis], settings: Settings) -> tuple[list[ClaimRef], np.ndarray]:
    refs = [ClaimRef(i, c) for i, a in enumerate(analyses) for c in a.claims]
    if not refs:
        return refs, np.zeros((0, 384), dtype=np.float32)
    if settings.embeddings:
        from ..embed import get_embedder
        vecs = get_embedder().encode([r.claim.text for r in refs])
    else:  # bag of words fallback (tests without the model, or a user who turned embeddings off)
        vocab: dict[str, int] = {}
        rows = []
        for r in refs:
            words = [w.lower() for w in r.claim.text.split() if len(w) > 3]
            rows.append([vocab.setdefault(w, len(vocab)) for w in words])
        vecs = np.zeros((len(refs), max(1, len(vocab))), dtype=np.float32)
        for i, row in enumerate(rows):
            for j in row:
                vecs[i, j] = 1
        vecs /= np.clip(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9, None)
    return refs, vecs


def pair_score(a: ClaimRef, b: ClaimRef, cos: float, analyses: Sequence[Analysis]) -> float:
    """The alignment score of two claims, the rule as written. ``align`` computes the same, a pair of reports at
    a time, through ``_Features.scores``; tests/link/test_align.py holds the two equal."""
    ca, cb = a.claim, b.claim
    # a very close paraphrase aligns on its embedding alone, whatever the parse made of its terms
    score = W_COS * cos + W_TERMS * term_overlap(ca, cb)
    if cos >= COS_ALONE:
        score = max(score, cos - COS_ALONE_MARGIN)
    pa, pb = _VERB_OF.get(ca.predicate or "", ca.predicate), _VERB_OF.get(cb.predicate or "", cb.predicate)
    if pa and pa == pb and pa not in ("be", "have", "say"):
        score += W_PRED
    qa = {count_class(analyses[a.report].quantities[i].counted) for i in ca.quantities}
    qb = {count_class(analyses[b.report].quantities[i].counted) for i in cb.quantities}
    if (qa & qb) - {None}:
        score += W_QUANT
    sa, sb = named_source(ca), named_source(cb)
    if sa is not None and sa == sb:
        score += W_SOURCE
    return score


def named_source(c: Claim) -> str | None:
    """The claim's source when it is a name of two or more capitalised words, not 'police' or 'officials'."""
    words = (c.source or "").split()
    if len(words) >= 2 and all(w[:1].isupper() for w in words if w.lower() not in ("of", "the", "and", "for")):
        return " ".join(words).lower()
    return None


class _Features:
    """What pair_score reads of each claim, as arrays, so that a pair of reports is scored in a few matrix
    operations instead of one Python call per pair of claims (50 reports: about a million pairs)."""

    def __init__(self, refs: list[ClaimRef], analyses: Sequence[Analysis]) -> None:
        vocab: dict[str, int] = {}
        self.term_ids = [np.array(sorted({vocab.setdefault(t, len(vocab)) for t in folded_terms(r.claim.terms)}),
                                 dtype=np.int64) for r in refs]
        self.sizes = np.array([len(t) for t in self.term_ids], dtype=np.float64)
        preds: dict[str, int] = {}
        self.pred = np.full(len(refs), -1, dtype=np.int64)
        sources: dict[str, int] = {}
        self.source = np.full(len(refs), -1, dtype=np.int64)
        for k, r in enumerate(refs):
            src = named_source(r.claim)
            if src is not None:
                self.source[k] = sources.setdefault(src, len(sources))
        classes: dict[str, int] = {}
        self.quantity_ids = []
        for k, r in enumerate(refs):
            c = r.claim
            p = _VERB_OF.get(c.predicate or "", c.predicate)
            if p and p not in ("be", "have", "say"):
                self.pred[k] = preds.setdefault(p, len(preds))
            cls = {count_class(analyses[r.report].quantities[qi].counted) for qi in c.quantities} - {None}
            self.quantity_ids.append(np.array(sorted(classes.setdefault(x, len(classes)) for x in cls),
                                              dtype=np.int64))

        self._dense: dict[tuple[int, bytes], tuple[np.ndarray, np.ndarray]] = {}

    def _matrix(self, ids: list, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The ids of ``rows`` (one report's claims) as a 0/1 matrix over the ids they use, made once."""
        key = (id(ids), rows.tobytes())
        if key not in self._dense:
            cols = np.unique(np.concatenate([ids[i] for i in rows])) if len(rows) else np.zeros(0, np.int64)
            m = np.zeros((len(rows), cols.size))
            for r, i in enumerate(rows):
                m[r, np.searchsorted(cols, ids[i])] = 1.0
            self._dense[key] = (cols, m)
        return self._dense[key]

    def _shared(self, ids: list, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
        """How many ids each pair (ia[x], ib[y]) has in common."""
        ca, ma = self._matrix(ids, ia)
        cb, mb = self._matrix(ids, ib)
        _, xa, xb = np.intersect1d(ca, cb, assume_unique=True, return_indices=True)
        if xa.size == 0:
            return np.zeros((len(ia), len(ib)))
        return ma[:, xa] @ mb[:, xb].T

    def overlaps(self, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
        """term_overlap for every pair (ia[x], ib[y])."""
        inter = self._shared(self.term_ids, ia, ib)
        sa, sb = self.sizes[ia][:, None], self.sizes[ib][None, :]
        union = sa + sb - inter
        denom = union ** 0.5 * np.minimum(sa, sb) ** 0.5
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.where((sa > 0) & (sb > 0), inter / np.where(denom > 0, denom, 1.0), 0.0)
        return out

    def scores(self, ia: np.ndarray, ib: np.ndarray, cos: np.ndarray) -> np.ndarray:
        """pair_score for every pair, in the same order of operations."""
        score = W_COS * cos + W_TERMS * self.overlaps(ia, ib)
        score = np.where(cos >= COS_ALONE, np.maximum(score, cos - COS_ALONE_MARGIN), score)
        pa, pb = self.pred[ia][:, None], self.pred[ib][None, :]
        score = score + np.where((pa == pb) & (pa >= 0), W_PRED, 0.0)
        score = score + np.where(self._shared(self.quantity_ids, ia, ib) > 0, W_QUANT, 0.0)
        sa, sb = self.source[ia][:, None], self.source[ib][None, :]
        score = score + np.where((sa == sb) & (sa >= 0), W_SOURCE, 0.0)
        return score


def align(analyses: Sequence[Analysis], settings: Settings) -> tuple[list[ClaimRef], list[list[int]], np.ndarray]:
    """(claims, clusters as lists of indices into claims, cosine matrix)."""
    refs, vecs = claim_vectors(analyses, settings)
    n = len(refs)
    sims = vecs @ vecs.T if n else np.zeros((0, 0))
    by_report: dict[int, list[int]] = {}
    for i, r in enumerate(refs):
        by_report.setdefault(r.report, []).append(i)
    parent = list(range(n))
    members: dict[int, set[int]] = {i: {refs[i].report} for i in range(n)}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    edges = []
    reports = sorted(by_report)
    feats = _Features(refs, analyses)
    for x, ra in enumerate(reports):
        for rb in reports[x + 1:]:
            ia, ib = np.array(by_report[ra]), np.array(by_report[rb])
            # every pair of the two reports scored at once (pair_score, as arrays); only pairs whose embeddings
            # are not far apart count (a pair under PRUNE_COS would need its terms to overlap by two thirds)
            cos = sims[np.ix_(ia, ib)].astype(np.float64)
            score = feats.scores(ia, ib, cos)
            keep = (cos >= PRUNE_COS) & (score >= settings.align_threshold)
            cands = [(float(score[x_, y_]), int(ia[x_]), int(ib[y_])) for x_, y_ in zip(*np.nonzero(keep))]
            cands.sort(reverse=True)
            used_i, used_j = set(), set()
            for s, i, j in cands:
                if i in used_i or j in used_j:
                    continue
                used_i.add(i)
                used_j.add(j)
                edges.append((s, i, j))
    edges.sort(reverse=True)
    for s, i, j in edges:
        ri, rj = find(i), find(j)
        if ri == rj or members[ri] & members[rj]:
            continue
        parent[rj] = ri
        members[ri] |= members.pop(rj)
    clusters: dict[int, list[int]] = {}
    for i in range(n):
        clusters.setdefault(find(i), []).append(i)
    return refs, sorted(clusters.values(), key=lambda c: min(c)), sims
