"""PolNeAR (Political News Attribution Relations) gold reader and span scorer.

PolNeAR annotates, in brat standoff, each attribution's Source / Cue / Content spans (possibly discontinuous:
``T9  Content 315 448;463 553``) tied together by an ``E`` relation. Offsets are Python string indices into the
article's ``text/<name>.txt`` (UTF-8). Articles annotated by several annotators (file suffix ``_<annotator>``)
are read once, from the first annotator's file in name order. ``Discuss`` / ``Discard`` annotations are ignored.

Scoring, per role (source, cue, content), over all spans of a document:

* exact: the system span equals the gold span after trimming whitespace, quote marks and edge punctuation
  from both (a discontinuous gold span is compared by its envelope, first start to last end);
* overlap: any character overlap with one of the gold span's segments; each gold and each system span is
  matched at most once (largest overlap first).

P = matched / system spans, R = matched / gold spans. The data stays outside the repository; point the reader
at the corpus folder (the one holding ``dev/`` and ``train/``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional, Sequence

ROLES = ("source", "cue", "content")
_TRIM = " \t\n\r\"'“”‘’.,;:—–-"

Segs = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class GoldAttribution:
    id: str
    source: Optional[Segs]
    cue: Optional[Segs]
    content: Optional[Segs]


@dataclass(frozen=True)
class PolnearDoc:
    name: str
    text: str
    attributions: tuple[GoldAttribution, ...]

    def spans(self, role: str) -> list[Segs]:
        return [getattr(a, role) for a in self.attributions if getattr(a, role)]


def _parse_ann(path: Path) -> tuple[GoldAttribution, ...]:
    spans: dict[str, tuple[str, Segs]] = {}
    rels: list[tuple[str, dict[str, str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            kind, _, offs = parts[1].partition(" ")
            try:
                segs = tuple(tuple(int(x) for x in seg.split()) for seg in offs.split(";"))
            except ValueError:
                continue
            spans[parts[0]] = (kind, tuple((s, e) for s, e in segs))  # type: ignore[misc]
        elif parts[0].startswith("E"):
            args = dict(a.split(":", 1) for a in parts[1].split() if ":" in a)
            rels.append((parts[0], args))
    out = []
    for rid, args in rels:
        role = {}
        for key, role_name in (("Source", "source"), ("Cue", "cue"), ("Content", "content")):
            ref = args.get(key)
            role[role_name] = spans[ref][1] if ref in spans else None
        out.append(GoldAttribution(rid, role["source"], role["cue"], role["content"]))
    return tuple(out)


def read_polnear(root: Path, split: str = "dev", limit: Optional[int] = None) -> Iterator[PolnearDoc]:
    """The articles of one split (``train`` / ``dev`` / ``test``) with their gold attributions, by name."""
    base = Path(root) / split
    if not (base / "attributions").is_dir():
        raise FileNotFoundError(f"no PolNeAR split at {base} (expected {base}/attributions and {base}/text)")
    seen: set[str] = set()
    n = 0
    for ann in sorted((base / "attributions").glob("*.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        if name in seen:
            continue
        txt = base / "text" / f"{name}.txt"
        if not txt.exists():
            continue
        seen.add(name)
        yield PolnearDoc(name, txt.read_text(encoding="utf-8"), _parse_ann(ann))
        n += 1
        if limit is not None and n >= limit:
            return


# ----------------------------------------------------------------------------------------------- scoring

def _norm(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    return s, e


def _overlap(a: Segs, b: Segs) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


@dataclass
class Counts:
    system: int = 0
    gold: int = 0
    exact: int = 0
    overlap: int = 0

    def add(self, other: "Counts") -> None:
        self.system += other.system
        self.gold += other.gold
        self.exact += other.exact
        self.overlap += other.overlap

    def prf(self, which: str) -> tuple[float, float, float]:
        m = getattr(self, which)
        p = m / self.system if self.system else 0.0
        r = m / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_spans(text: str, system: Sequence[Segs], gold: Sequence[Segs]) -> tuple[Counts, list[int], list[int]]:
    """Counts for one role in one document, plus the indices of unmatched gold and system spans (overlap)."""
    c = Counts(system=len(system), gold=len(gold))
    env = lambda segs: _norm(text, min(s for s, _ in segs), max(e for _, e in segs))  # noqa: E731
    gold_env = [env(g) for g in gold]
    used: set[int] = set()
    for sv in system:
        se = env(sv)
        for j, ge in enumerate(gold_env):
            if j not in used and ge == se:
                used.add(j)
                c.exact += 1
                break
    pairs = sorted(((_overlap(sv, g), i, j) for i, sv in enumerate(system) for j, g in enumerate(gold)
                    if _overlap(sv, g) > 0), reverse=True)
    sys_used: set[int] = set()
    gold_used: set[int] = set()
    for _, i, j in pairs:
        if i in sys_used or j in gold_used:
            continue
        sys_used.add(i)
        gold_used.add(j)
    c.overlap = len(gold_used)
    return c, [j for j in range(len(gold)) if j not in gold_used], [i for i in range(len(system)) if i not in sys_used]


@dataclass
class PolnearScores:
    roles: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})
    documents: int = 0
    gold_attributions: int = 0
    system_attributions: int = 0

    def as_dict(self) -> dict:
        out: dict = {"documents": self.documents, "gold_attributions": self.gold_attributions,
                     "system_attributions": self.system_attributions}
        for role, c in self.roles.items():
            out[role] = {"system": c.system, "gold": c.gold}
            for which in ("exact", "overlap"):
                p, r, f = c.prf(which)
                out[role][which] = {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}
        return out


def system_spans(records) -> dict[str, list[Segs]]:
    """Role -> spans from :func:`counterpoint.analyze.attribution.find_records` output."""
    out: dict[str, list[Segs]] = {r: [] for r in ROLES}
    for r in records:
        if r.source:
            out["source"].append((r.source,))
        if r.cue:
            out["cue"].append((r.cue,))
        if r.content:
            out["content"].append(tuple(r.content))
    return out
