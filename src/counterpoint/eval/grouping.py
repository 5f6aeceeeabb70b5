"""Gold story groupings (ECB+ subtopics, BASIL triplets) and the B-cubed document clustering metric."""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from ..model import Report, content_hash


@dataclass(frozen=True)
class GoldDoc:
    report: Report
    story: str          # gold story label


_URL = re.compile(r"^\s*(https?://|www\.)\S*", re.I)
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_LINE = re.compile(
    rf"({_MONTH}\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b"
    rf"|\b\d{{4}}-\d{{2}}-\d{{2}}\b|^\s*\w+\s*[-–]\s*{_MONTH}\s+\d{{1,2}}\b)", re.I)


def strip_ecbplus_header(text: str, look: int = 4) -> str:
    """Drop the URL line that starts every ``*ecbplus`` text and date lines among the next few lines (a
    file-format quirk the ``*ecb`` texts lack; a grouping must not key on it)."""
    lines = text.split("\n")
    if lines and _URL.match(lines[0]):
        lines = lines[1:]
    keep: list[str] = []
    for i, line in enumerate(lines):
        if i < look and len(line) < 90 and _DATE_LINE.search(line):
            continue
        keep.append(line)
    return "\n".join(keep).strip("\n") + "\n"


def read_ecbplus(root: Path, topics: Iterable[int] = range(1, 36)) -> list[GoldDoc]:
    """ECB+ plain texts (``root`` = .../ecbplus/text): each topic's ``*ecb`` documents are one story, its
    ``*ecbplus`` documents another. Sorted by path."""
    docs: list[GoldDoc] = []
    for topic in topics:
        folder = Path(root) / str(topic)
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            sub = "ecbplus" if path.stem.endswith("ecbplus") else "ecb"
            if sub == "ecbplus":
                text = strip_ecbplus_header(text)
            rel = f"{topic}/{path.name}"
            docs.append(GoldDoc(Report(id=content_hash(text), text=text, path=rel), f"{topic}_{sub}"))
    return docs


def read_basil(root: Path, years: Iterable[int] = range(2010, 2016)) -> list[GoldDoc]:
    """BASIL (``root`` = .../basil/text with ``triplets.json``): each triplet one story. Sorted by date, path."""
    root = Path(root)
    triplets = json.loads((root / "triplets.json").read_text(encoding="utf-8"))
    wanted = {str(y) for y in years}
    docs: list[GoldDoc] = []
    for tid, members in triplets.items():
        for m in members:
            if m["file"].split("/", 1)[0] not in wanted:
                continue
            text = (root / m["file"]).read_text(encoding="utf-8")
            docs.append(GoldDoc(Report(id=content_hash(text), text=text, path=m["file"], title=m.get("title"),
                                       outlet=m.get("outlet"), published=m.get("published"), url=m.get("url")),
                                tid))
    docs.sort(key=lambda d: (d.report.published or "", d.report.path or ""))
    return docs


@dataclass(frozen=True)
class BCubed:
    precision: float
    recall: float
    f1: float
    clusters: int
    gold: int


def bcubed(predicted: Sequence[Sequence[str]], gold: Mapping[str, str]) -> BCubed:
    """B-cubed precision/recall/F1 of a document clustering against gold labels (doc id -> story).
    Documents missing from ``predicted`` count as singletons."""
    cluster_of: dict[str, int] = {}
    for i, members in enumerate(predicted):
        for d in members:
            cluster_of[d] = i
    n = len(predicted)
    for d in gold:
        if d not in cluster_of:
            cluster_of[d] = n
            n += 1
    by_cluster: dict[int, list[str]] = defaultdict(list)
    by_gold: dict[str, list[str]] = defaultdict(list)
    for d, story in gold.items():
        by_cluster[cluster_of[d]].append(d)
        by_gold[story].append(d)
    p = r = 0.0
    for d, story in gold.items():
        c = by_cluster[cluster_of[d]]
        both = sum(1 for x in c if gold[x] == story)
        p += both / len(c)
        r += both / len(by_gold[story])
    p /= max(len(gold), 1)
    r /= max(len(gold), 1)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return BCubed(p, r, f, len(by_cluster), len(by_gold))
