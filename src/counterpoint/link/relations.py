"""Relation conflicts across reports: an actor counted on both sides.

Report X says T is an ally of A; report Y says T partnered with (or backs, or is allied to) B, and B is on the
other side from A: some report says B fights A (or A fights B), or B leads the offensive / insurgency that A's
side is fighting.
"""
from __future__ import annotations

from typing import Sequence

from ..analyze.names import names_match
from ..model import Analysis, Span

FRIENDLY = {"ally_of", "partner_of", "backs"}
INSURGENCY = {"offensive", "insurgent", "insurgency", "rebel", "rebellion", "uprising", "insurgents", "rebels"}


def _same(a: str, b: str) -> bool:
    return a == b or names_match(a, b)


def relation_conflicts(analyses: Sequence[Analysis]) -> list[tuple[list[Span], str, str]]:
    rels = [(a, r) for a in analyses for r in a.relations]
    allies_of = {r.object for _, r in rels if r.relation == "ally_of"}   # actors said to have allies

    def opposed(x: str, y: str) -> str | None:
        for _, r in rels:
            if r.relation == "fights" and ((_same(r.subject, x) and _same(r.object, y))
                                           or (_same(r.subject, y) and _same(r.object, x))):
                return f"a report says {r.subject} fights {r.object}"
        for _, r in rels:
            if r.relation == "leads" and r.object in INSURGENCY:
                if _same(r.subject, x) and any(_same(y, o) for o in allies_of):
                    return f"{x} leads the {r.object} against the side of {y}"
                if _same(r.subject, y) and any(_same(x, o) for o in allies_of):
                    return f"{y} leads the {r.object} against the side of {x}"
        return None

    out = []
    seen = set()
    for ax, rx in rels:
        if rx.relation != "ally_of":
            continue
        for ay, ry in rels:
            if ay is ax or ry.relation not in FRIENDLY or not _same(rx.subject, ry.subject):
                continue
            if _same(rx.object, ry.object):
                continue
            why = opposed(rx.object, ry.object)
            if not why:
                continue
            key = (rx.span, ry.span)
            if key in seen:
                continue
            seen.add(key)
            summary = (f"{rx.subject}'s side differs: one report counts {rx.subject} among {rx.object}'s allies, "
                       f"another says {ry.subject} {ry.relation.replace('_', ' ')} {ry.object}.")
            out.append(([rx.span, ry.span], summary, f"relation conflict: {why}"))
    return out
