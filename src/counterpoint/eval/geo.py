"""Toponym resolution gold data (GeoWebNews, TR-News) and metrics.

GeoWebNews (Gritta et al. 2019): ``GWN.xml`` holds the 200 article texts; ``gwn_full.txt`` the geocoding gold,
one line per article in the XML's order: ``name,,surface,,lat,,lon,,start,,end||...``.
TR-News (Kamalloo & Rafiei 2018): ``TR-News.xml`` with per-article ``<toponym>`` elements (phrase, start, end,
gaztag lat/lon). The data stay outside the repository; pass the folder that holds them.
"""
from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from ..errors import CounterpointError

ACC_KM = 161.0      # the customary "accuracy within 100 miles"


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    text: str
    lat: float
    lon: float
    name: str = ""


@dataclass
class GeoDoc:
    id: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)


class GeoDataError(CounterpointError):
    pass


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(min(1.0, math.sqrt(a)))


def read_geowebnews(folder: Path) -> list[GeoDoc]:
    folder = Path(folder)
    xml, gold = folder / "GWN.xml", folder / "gwn_full.txt"
    for f in (xml, gold):
        if not f.is_file():
            raise GeoDataError(f"{f}: not found (GeoWebNews needs GWN.xml and gwn_full.txt)")
    articles = ET.parse(xml).getroot().findall("article")
    lines = gold.read_text(encoding="utf-8").split("\n")
    docs = []
    for art, line in zip(articles, lines):
        text = art.findtext("text") or ""
        doc = GeoDoc(id=f"gwn-{art.get('file')}", text=text)
        for item in line.split("||"):
            if not item.strip():
                continue
            f = item.split(",,")
            if len(f) != 6:
                raise GeoDataError(f"{gold}: bad item {item!r}")
            start, end = int(f[4]), int(f[5])
            if start < 0 or text[start:end] != f[1]:
                continue        # a few gold offsets are broken (negative); skipped, not repaired
            doc.toponyms.append(GoldToponym(start, end, f[1], float(f[2]), float(f[3]), f[0]))
        doc.toponyms.sort(key=lambda t: (t.start, t.end))
        docs.append(doc)
    return docs


def read_trnews(path: Path) -> list[GeoDoc]:
    path = Path(path)
    if not path.is_file():
        raise GeoDataError(f"{path}: not found")
    docs = []
    for art in ET.parse(path).getroot().findall("article"):
        text = art.findtext("text") or ""
        doc = GeoDoc(id=f"trn-{art.get('docid')}", text=text)
        for tp in art.find("toponyms") or ():
            lat, lon = tp.findtext("gaztag/lat"), tp.findtext("gaztag/lon")
            if lat is None or lon is None:
                continue
            start, end = int(tp.findtext("start")), int(tp.findtext("end"))
            phrase = tp.findtext("phrase") or ""
            if text[start:end] != phrase:
                continue        # a few offsets are off; those toponyms are skipped, not guessed
            doc.toponyms.append(GoldToponym(start, end, phrase, float(lat), float(lon),
                                            tp.findtext("gaztag/name") or ""))
        doc.toponyms.sort(key=lambda t: (t.start, t.end))
        docs.append(doc)
    return docs


@dataclass
class Scores:
    n: int = 0
    within: int = 0
    unresolved: int = 0
    errors_km: list[float] = field(default_factory=list)

    def add(self, dist: Optional[float]) -> None:
        self.n += 1
        if dist is None:
            self.unresolved += 1
            self.errors_km.append(20038.0)      # half the circumference: the worst possible error
        else:
            self.errors_km.append(dist)
            if dist <= ACC_KM:
                self.within += 1

    @property
    def accuracy(self) -> float:
        return self.within / self.n if self.n else 0.0

    def auc(self) -> float:
        """Area under the curve of log errors (Gritta et al.; lower is better)."""
        if not self.errors_km:
            return 0.0
        top = math.log(20039)
        return sum(math.log(e + 1) / top for e in self.errors_km) / len(self.errors_km)

    def as_dict(self) -> dict:
        errs = sorted(self.errors_km)
        return {"n": self.n, "acc161": round(self.accuracy, 4), "unresolved": self.unresolved,
                "median_km": round(errs[len(errs) // 2], 1) if errs else None, "auc": round(self.auc(), 4)}


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def match_spans(gold: Iterable[GoldToponym], found: list[tuple[int, int]]) -> dict[int, int]:
    """Gold index -> found index for overlapping spans, one to one, earliest first."""
    out: dict[int, int] = {}
    used: set[int] = set()
    for gi, g in enumerate(gold):
        for fi, (s, e) in enumerate(found):
            if fi not in used and s < g.end and g.start < e:
                out[gi] = fi
                used.add(fi)
                break
    return out
