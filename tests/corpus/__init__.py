"""Corpus-mode tests: small synthetic news streams built by hand."""
from __future__ import annotations

import json
from pathlib import Path

CITIES = ["Takengon", "Omaha", "Valparaiso", "Kisumu", "Tromso", "Hilo", "Cusco", "Gdansk", "Oaxaca", "Darwin",
          "Ibadan", "Kochi"]
PEOPLE = ["Maria Okafor", "Thomas Warren", "Ines Duarte", "Kenji Mori", "Lena Petrov", "Samuel Adeyemi",
          "Priya Raman", "Jonas Berg", "Aisha Kamara", "Diego Salas", "Hana Novak", "Omar Haddad"]
KINDS = [("earthquake", "struck", "magnitude"), ("flood", "swept through", "river level"),
         ("fire", "destroyed", "hectares")]
PHRASES = [
    "The {kind} {verb} {city} on {date}, killing {n} people, said {person}, the regional governor.",
    "{person} said {n} people died when the {kind} {verb} {city}; rescuers were still searching on {date}.",
    "In {city}, {n} people were killed by the {kind}, according to governor {person}.",
    "Officials in {city} raised the toll of the {kind} to {n}; {person} asked for national help.",
    "Residents of {city} described the {kind} that killed {n}; governor {person} visited shelters.",
]


def synthetic_reports(events: int = 12, per_event: int = 5) -> list[dict]:
    """``events`` distinct events (same kinds of disaster in different places, with different people and
    tolls), ``per_event`` differently worded reports each, interleaved; gold story = event index."""
    rows = []
    for j in range(per_event):
        for i in range(events):
            kind, verb, _ = KINDS[i % len(KINDS)]
            day = 1 + (i * 2) % 27
            text = " ".join(PHRASES[(j + k) % len(PHRASES)] for k in range(3)).format(
                kind=kind, verb=verb, city=CITIES[i], person=PEOPLE[i], n=10 + 7 * i, date=f"March {day}")
            rows.append({"text": text, "title": f"{kind.title()} in {CITIES[i]} ({j})",
                         "outlet": f"outlet{j}", "date": f"2024-03-{day + j % 2:02d}", "event": i})
    return rows


def write_manifest(path: Path, rows: list[dict], extra_lines: tuple[str, ...] = ()) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps({k: v for k, v in row.items() if k != "event"}) + "\n")
        for line in extra_lines:
            fh.write(line + "\n")
    return path
