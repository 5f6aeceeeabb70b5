"""What reports say about a person, compared across reports: age, where they live, and a role held or no longer held.

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
_ROLE_WORDS = (r"(?:CEO|chief executive|chief|president|chairman|chairwoman|chair|head|director|founder|executive|"
               r"leader|secretary|minister|governor|senator|mayor|commissioner|spokesman|spokeswoman|owner)")
# "former WWE wrestling executive Linda McMahon": a role no longer held, written before the name
_FORMER_BEFORE = re.compile(r"\b(?P<role>(?:former|ex-)\s*(?:[\w.&'’-]+\s+){0,5}?" + _ROLE_WORDS + r")\s+$")
# "McMahon, the CEO of World Wrestling Entertainment": a role, written after the name
_ROLE_AFTER = re.compile(r"^,\s*(?P<role>(?:the\s+)?(?P<former>former\s+)?" + _ROLE_WORDS +
                         r"\s+(?:of|at)\s+(?:the\s+)?(?P<org>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,5}))")
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
            former = _FORMER_BEFORE.search(text[max(0, m.span.start - 70):m.span.start])
            if former:
                s = m.span.start - len(text[max(0, m.span.start - 70):m.span.start]) + former.start("role")
                out.append(Attribute(e, m.span.report, "former role", former.group("role"),
                                     Span(m.span.report, s, s + len(former.group("role")))))
            role = _ROLE_AFTER.match(after)
            if role and not role.group("former"):
                s = m.span.end + role.start("role")
                out.append(Attribute(e, m.span.report, "role", role.group("role"),
                                     Span(m.span.report, s, s + len(role.group("role")))))
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
        if kind in ("role", "former role"):
            continue          # compared together below
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
    # a role one report says is held and another says is no longer held, for one organisation
    for eid in sorted({at.entity.id for at in attrs if at.kind == "former role"}):
        formers = [a for a in attrs if a.entity.id == eid and a.kind == "former role"]
        currents = [a for a in attrs if a.entity.id == eid and a.kind == "role"]
        pair = next(((f, c) for f in formers for c in currents
                     if f.report != c.report and _same_body(f.value, c.value)), None)
        if pair:
            f, c = pair
            yield "role", f.entity, [f, c], (f"\u201c{f.value}\u201d is a role no longer held; \u201c{c.value}\u201d "
                                             "is the same role held now")


def _same_body(former: str, current: str) -> bool:
    """The organisation of a current role is named in the former one ('WWE' / 'World Wrestling Entertainment')."""
    from .entities import is_acronym_of
    m = _ROLE_AFTER.match(", " + current)
    org = m.group("org") if m else current
    words = {w.lower() for w in re.findall(r"[A-Za-z][\w&'’-]+", former) if w[0].isupper() and w.lower() != "former"}
    org_words = {w.lower() for w in re.findall(r"[A-Za-z][\w&'’-]+", org) if w[0].isupper()}
    return bool(words & org_words) or any(is_acronym_of(w, org) for w in re.findall(r"\b[A-Z]{2,6}\b", former))
