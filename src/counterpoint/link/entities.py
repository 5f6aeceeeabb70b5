"""Cross-report entities: one entity per real person / group / place, with every mention.

Canonical names from each report are merged when they name the same thing up to articles and transliteration
("Bashar al-Assad" / "Bashar Assad", "Abbas Araghchi" / "Abbas Araqchi"); places also merge when the gazetteer
resolved them to the same entry ("Bou Kamal" / "Albukamal").
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from typing import Sequence

from ..analyze.names import names_match
from ..model import Analysis, Entity, Mention

KIND = {"PERSON": "person", "ORG": "organization", "NORP": "group", "GPE": "place", "LOC": "place",
        "FAC": "place", "EVENT": "event"}


def _family(label: str) -> str:
    return {"GPE": "place", "LOC": "place", "FAC": "place", "NORP": "norp"}.get(label, "actor")


def link_entities(analyses: Sequence[Analysis]) -> list[Entity]:
    # Group mentions by (report, canonical) first: within-report resolution already merged those.
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    place_key: dict[tuple[str, str], str] = {}
    for a in analyses:
        for m in a.mentions:
            groups[(a.report.id, m.canonical)].append(m)
        for p in a.places:
            if p.resolved and p.gazetteer_id:
                for m in a.mentions:
                    if m.span.overlaps(p.span):
                        place_key[(a.report.id, m.canonical)] = p.gazetteer_id
    keys = sorted(groups, key=lambda k: (-len(k[1]), k))
    parent = {k: k for k in keys}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def label_of(k):
        labels = Counter(m.label for m in groups[k])
        return labels.most_common(1)[0][0]

    for i, k1 in enumerate(keys):
        for k2 in keys[i + 1:]:
            if find(k1) == find(k2):
                continue
            f1, f2 = _family(label_of(k1)), _family(label_of(k2))
            if (f1 == "norp") != (f2 == "norp"):
                continue
            same = False
            if k1 in place_key and k2 in place_key:
                same = place_key[k1] == place_key[k2]
            elif names_match(k1[1], k2[1]):
                same = k1[0] != k2[0] or True
            if same:
                parent[find(k2)] = find(k1)
    clusters: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for k in keys:
        clusters[find(k)].append(k)
    entities = []
    for members in clusters.values():
        mentions = sorted((m for k in members for m in groups[k]), key=lambda m: (m.span.report, m.span.start))
        names = Counter(k[1] for k in members)
        name = max(names, key=lambda n: (len(n.split()), names[n], -len(n), n))
        labels = Counter(m.label for m in mentions)
        kind = KIND.get(labels.most_common(1)[0][0], "other")
        eid = "e" + hashlib.sha1(f"{kind}:{name}".encode()).hexdigest()[:10]
        entities.append(Entity(eid, name, kind, tuple(mentions)))
    entities.sort(key=lambda e: (-len({m.span.report for m in e.mentions}), -len(e.mentions), e.name))
    return entities
