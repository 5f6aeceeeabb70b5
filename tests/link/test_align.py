"""Claim alignment: the array scoring of a pair of reports equals pair_score, claim pair by claim pair."""
import random

import numpy as np

from counterpoint.link.align import ClaimRef, PRUNE_COS, W_SOURCE, _Features, named_source, pair_score
from counterpoint.model import Analysis, Claim, Quantity, Report, Span, content_hash

TERMS = ["ent:assad", "ent:iran", "fighter", "enter", "cross", "kill", "troop", "ent:aleppo", "village", "quake"]
PREDS = ["enter", "cross", "kill", "be", "say", None, "strike", "hit"]
NOUNS = ["fighters", "troops", "people", "villages", None]
SOURCES = ["John Suthers", "police", None, "Syrian Observatory for Human Rights", "officials"]


def _report(k: int, rng: random.Random) -> Analysis:
    text = f"report {k} " * 40
    r = Report(id=content_hash(text), text=text, path=f"r{k}.txt")
    quantities = tuple(Quantity(Span(r.id, i, i + 1), "3", 3, 3, counted=rng.choice(NOUNS)) for i in range(4))
    claims = []
    for c in range(rng.randint(0, 9)):
        terms = tuple(sorted(rng.sample(TERMS, rng.randint(0, 5))))
        qs = tuple(sorted(rng.sample(range(4), rng.randint(0, 2))))
        claims.append(Claim(f"c{k}-{c}", Span(r.id, c, c + 2), "x", c, predicate=rng.choice(PREDS), terms=terms,
                            quantities=qs, source=rng.choice(SOURCES)))
    return Analysis(report=r, pipeline_version="test", claims=tuple(claims), quantities=quantities)


def test_array_scores_equal_pair_score():
    rng = random.Random(7)
    analyses = [_report(k, rng) for k in range(6)]
    refs = [ClaimRef(i, c) for i, a in enumerate(analyses) for c in a.claims]
    feats = _Features(refs, analyses)
    by = {}
    for i, r in enumerate(refs):
        by.setdefault(r.report, []).append(i)
    checked = 0
    for ra in by:
        for rb in by:
            if ra >= rb:
                continue
            ia, ib = np.array(by[ra]), np.array(by[rb])
            cos = np.array([[rng.uniform(-0.2, 1.0) for _ in ib] for _ in ia])
            got = feats.scores(ia, ib, cos)
            for x, i in enumerate(ia):
                for y, j in enumerate(ib):
                    assert abs(got[x, y] - pair_score(refs[i], refs[j], float(cos[x, y]), analyses)) < 1e-12
                    checked += 1
    assert checked > 100 and PRUNE_COS > 0


def test_one_named_source_adds_to_the_score_and_generic_ones_do_not():
    assert named_source(Claim("a", Span("r", 0, 1), "x", 0, source="John Suthers")) == "john suthers"
    assert named_source(Claim("a", Span("r", 0, 1), "x", 0, source="Syrian Observatory for Human Rights"))
    assert named_source(Claim("a", Span("r", 0, 1), "x", 0, source="police")) is None
    assert named_source(Claim("a", Span("r", 0, 1), "x", 0, source="Iraqi security officials")) is None
    rng = random.Random(1)
    a, b = _report(1, rng), _report(2, rng)
    ca = Claim("a", Span(a.report.id, 0, 1), "x", 0, terms=("merit",), source="John Suthers")
    cb = Claim("b", Span(b.report.id, 0, 1), "x", 0, terms=("merit",), source="John Suthers")
    cc = Claim("c", Span(b.report.id, 0, 1), "x", 0, terms=("merit",), source="MPP")
    analyses = [a, b]
    same = pair_score(ClaimRef(0, ca), ClaimRef(1, cb), 0.6, analyses)
    other = pair_score(ClaimRef(0, ca), ClaimRef(1, cc), 0.6, analyses)
    assert abs(same - other - W_SOURCE) < 1e-12
