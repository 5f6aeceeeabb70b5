"""What reports say about a person, compared across reports: age and where they live.

News writes these in a few fixed shapes right next to the name: "Robert Buckley, 32, died", "31-year-old Robert
Buckley", "Anthony LaSalle, 36, of Minneapolis", "Chohan, who lived half a mile away in South Ozone Park". Read
from the text beside each linked mention, they are compared per person: two ages, or two places of residence that
are not the same place and do not contain each other, cannot both be right.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence

from ..model import Analysis, Entity, Place, Span
from .slots import _km as slots_km

_AGE_AFTER = re.compile(r"^,\s*(?:aged\s+)?(?P<age>\d{1,3}),")
_AGE_BEFORE = re.compile(r"(?P<age>\d{1,3})-year-old\s+(?:[a-z]+\s+){0,3}$")
_PLACE_WORDS = r"(?P<place>(?:[A-Z][\w'’.-]+)(?:\s(?:[A-Z][\w'’.-]+))*)"
_HOME_AFTER = re.compile(r"^,\s*(?:\d{1,3},\s*)?(?:of|from)\s+" + _PLACE_WORDS)
_LIVED_AFTER = re.compile(r"^,?\s*who\s+(?:lived|lives|resided|resides)\b[^.;]{0,40}?\b(?:in|at)\s+" + _PLACE_WORDS)


@dataclass(frozen=True)
class Attribute:
    entity: Entity
    report: str
    kind: str            # age | home
    value: str
    span: Span


def read_attributes(analyses: Sequence[Analysis], entities: Sequence[Entity]) -> list[Attribute]:
    text_of = {a.report.id: a.report.text for a in analyses}
    out: list[Attribute] = []
    for e in entities:
        if e.kind != "person":
            continue
        for m in e.mentions:
            text = text_of[m.span.report]
            after = text[m.span.end:m.span.end + 90]
            before = text[max(0, m.span.start - 40):m.span.start]
            age = _AGE_AFTER.match(after)
            if age:
                s = m.span.end + age.start("age")
                out.append(Attribute(e, m.span.report, "age", age.group("age"), Span(m.span.report, s, s + len(age.group("age")))))
            age = _AGE_BEFORE.search(before)
            if age:
                s = m.span.start - len(before) + age.start("age")
                out.append(Attribute(e, m.span.report, "age", age.group("age"),
                                     Span(m.span.report, s, s + len(age.group("age")))))
            for rx in (_HOME_AFTER, _LIVED_AFTER):
                home = rx.match(after)
                if home:
                    s = m.span.end + home.start("place")
                    out.append(Attribute(e, m.span.report, "home", home.group("place").rstrip(".’'"),
                                         Span(m.span.report, s, s + len(home.group("place").rstrip(".’'")))))
    return out


def _place_at(analyses: Sequence[Analysis], span: Span) -> Optional[Place]:
    for a in analyses:
        if a.report.id == span.report:
            for p in a.places:
                if p.span.overlaps(span) and p.resolved and p.lat is not None:
                    return p
    return None


def _km(a: Place, b: Place) -> float:
    return slots_km(a.lat, a.lon, b.lat, b.lon)


def _norm(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def attribute_conflicts(analyses: Sequence[Analysis], entities: Sequence[Entity]):
    """Yield (kind, person, [(attribute, ...)], reason) for each person whose age or home differs by report."""
    attrs = read_attributes(analyses, entities)
    by: dict[tuple[str, str], list[Attribute]] = {}
    for at in attrs:
        by.setdefault((at.entity.id, at.kind), []).append(at)
    for (eid, kind), items in sorted(by.items()):
        reports = sorted({a.report for a in items})
        if len(reports) < 2:
            continue
        first = {}
        for at in sorted(items, key=lambda a: (a.report, a.span.start)):
            first.setdefault(at.report, at)
        chosen = [first[r] for r in reports]
        if kind == "age":
            values = {a.value for a in chosen}
            if len(values) > 1:
                yield kind, chosen[0].entity, chosen, "one person cannot be " + " and ".join(sorted(values)) + \
                    " years old in reports of one event"
            continue
        # homes: the same place (or one inside the other) agrees
        for i, x in enumerate(chosen):
            for y in chosen[i + 1:]:
                nx, ny = _norm(x.value), _norm(y.value)
                if nx == ny or nx in ny or ny in nx:
                    continue
                px, py = _place_at(analyses, x.span), _place_at(analyses, y.span)
                if px is not None and py is not None:
                    # two towns are two homes however close (Bloomington is a suburb of Minneapolis); a town and
                    # the region or country around it are not
                    towns = px.kind == py.kind == "city"
                    if (px.gazetteer_id and px.gazetteer_id == py.gazetteer_id) or (not towns and (
                            _km(px, py) <= 25 or (px.kind != "city" or py.kind != "city") and px.country == py.country)):
                        continue
                    reason = f"{x.value} and {y.value} are different towns, {_km(px, py):,.0f} km apart"
                else:
                    reason = f"{x.value} and {y.value} are different places"
                yield kind, x.entity, [x, y], reason
                break
            else:
                continue
            break
