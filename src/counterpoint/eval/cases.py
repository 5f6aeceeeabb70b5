"""`counterpoint eval`: run compare on annotated cases and score them.

A case is a folder with the reports, a `reports.jsonl` manifest and an `expected.json` of gold findings. The
scoring rules are those of the shared scorer (`score_cases.py`, described in examples/README.md) applied to the
JSON contract, so users can measure counterpoint on their own annotated cases; a test checks that both agree.
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..config import Settings
from ..errors import InputError

CLAIM_KINDS = {"agreement", "conflict", "partial"}


def _gold_spans(text: str, sub: str) -> list[tuple[int, int]]:
    out, i = [], text.find(sub)
    while i >= 0:
        out.append((i, i + len(sub)))
        i = text.find(sub, i + 1)
    return out


def _overlaps(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def load_case(case_dir: Path) -> tuple[dict, dict[str, str]]:
    try:
        gold = json.loads((case_dir / "expected.json").read_text(encoding="utf-8"))
        texts = {k: (case_dir / r["path"]).read_text(encoding="utf-8") for k, r in gold["reports"].items()}
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(str(case_dir), f"not a usable case ({exc})") from None
    return gold, texts


def score_case(gold: dict, texts: dict[str, str], out: dict) -> tuple[list[dict], list[dict]]:
    """(results per gold finding, system conflict/partial findings that match no gold finding)."""
    by_name = {os.path.basename(r["path"]): r["id"] for r in out.get("reports", []) if r.get("path")}
    rid = {k: by_name[os.path.basename(r["path"])] for k, r in gold["reports"].items()
           if os.path.basename(r["path"]) in by_name}
    findings = out.get("findings", [])

    def spans_of(items, report_id):
        return [(e["start"], e["end"]) for e in items if e.get("report") == report_id]

    def hits(f, report_id, targets):
        return any(_overlaps(s, t) for s in spans_of(f.get("evidence", []), report_id) for t in targets)

    def targets(key, strings):
        return [sp for s in strings for sp in _gold_spans(texts[key], s)]

    results, used = [], set()
    for g in gold["findings"]:
        kind, status, detail = g["kind"], "missed", ""
        if any(k not in rid for k in g.get("evidence", {})):
            detail = "report not in output"
        elif kind in CLAIM_KINDS:
            want = {k: targets(k, v) for k, v in g["evidence"].items()}
            best = None
            for i, f in enumerate(findings):
                if f.get("kind") not in CLAIM_KINDS:
                    continue
                n = sum(hits(f, rid[k], t) for k, t in want.items())
                if n >= min(2, len(want)):
                    if f["kind"] == kind:
                        best = (i, "found")
                        break
                    if {f["kind"], kind} == {"conflict", "partial"} and best is None:
                        best = (i, "wrong kind")
            if best:
                used.add(best[0])
                status, detail = best[1], findings[best[0]].get("summary", "")[:120]
        elif kind == "unique":
            key = g["report"]
            parts = [any(f.get("kind") == "unique" and hits(f, rid[key], _gold_spans(texts[key], s)) for f in findings)
                     for s in g["evidence"][key]]
            status = "found" if all(parts) else ("partly" if any(parts) else "missed")
            detail = f"{sum(parts)}/{len(parts)}"
        elif kind == "same_entity":
            for e in out.get("entities", []):
                ok = True
                for key, names in g["mentions"].items():
                    if key not in rid:
                        ok = False
                        break
                    ms = [(m["start"], m["end"]) for m in e.get("mentions", []) if m.get("report") == rid[key]]
                    for n in names:
                        if not any(_overlaps(m, t) for m in ms for t in _gold_spans(texts[key], n)):
                            ok = False
                if ok:
                    status, detail = "found", e.get("name", "")
                    break
        elif kind == "quote":
            parts = []
            for q in g["quotes"]:
                key = q["report"]
                last = q["speaker"].split()[-1].lower()
                parts.append(any(o.get("report") == rid.get(key) and _overlaps((o["start"], o["end"]), t)
                                 and last in (o.get("speaker") or "").lower()
                                 for o in out.get("quotes", []) for t in _gold_spans(texts[key], q["starts"])))
            status = "found" if all(parts) else ("partly" if any(parts) else "missed")
            detail = f"{sum(parts)}/{len(parts)}"
        elif kind == "attribution":
            parts = []
            for key, names in g["sources"].items():
                have = [(a.get("source") or "").lower() for a in out.get("attributions", []) if a.get("report") == rid.get(key)]
                have += [(q.get("speaker") or "").lower() for q in out.get("quotes", []) if q.get("report") == rid.get(key)]
                for n in names:
                    words = [w for w in n.lower().replace("the ", "").split() if len(w) > 2]
                    parts.append(any(all(w in h for w in words[-2:]) for h in have))
            status = "found" if all(parts) else ("partly" if any(parts) else "missed")
            detail = f"{sum(parts)}/{len(parts)}"
        elif kind == "framing":
            parts = []
            for key, terms in g["terms"].items():
                spans = spans_of(out.get("framing", []), rid.get(key))
                for term in terms:
                    parts.append(any(_overlaps(s, t) for s in spans for t in _gold_spans(texts[key], term)))
            status = "found" if all(parts) else ("partly" if any(parts) else "missed")
            detail = f"{sum(parts)}/{len(parts)}"
        elif kind == "boilerplate":
            parts = []
            for key, strings in g["evidence"].items():
                t = targets(key, strings)
                removed = spans_of(out.get("removed", []), rid[key])
                covered = all(any(r[0] <= x[0] and x[1] <= r[1] for r in removed) for x in t)
                leaked = any(hits(f, rid[key], t) for f in findings)
                parts.append(covered and not leaked)
            status = "found" if all(parts) else "missed"
        elif kind == "places":
            parts = []
            for p in g["places"]:
                parts.append(any(
                    o.get("lat") is not None and o.get("lon") is not None
                    and p["name"].lower() in ((o.get("text") or "") + " " + (o.get("name") or "")).lower()
                    and _km(p["lat"], p["lon"], o["lat"], o["lon"]) <= 25 for o in out.get("places", [])))
            status = "found" if all(parts) else ("partly" if any(parts) else "missed")
            detail = f"{sum(parts)}/{len(parts)}"
        results.append({"id": g["id"], "level": g["level"], "kind": kind, "status": status, "detail": detail})
    extra = [f for i, f in enumerate(findings) if f.get("kind") in ("conflict", "partial") and i not in used]
    return results, extra


def summarize(results: list[dict], extra: list[dict]) -> dict:
    def frac(level=None, kinds=None):
        rs = [r for r in results if (level is None or r["level"] == level) and (kinds is None or r["kind"] in kinds)]
        return [sum(r["status"] == "found" for r in rs), len(rs)]
    return {"must": frac("must"), "should": frac("should"), "conflict_partial": frac(None, {"conflict", "partial"}),
            "unmatched_conflicts": len(extra)}


@dataclass
class EvalReport:
    cases: dict[str, dict] = field(default_factory=dict)        # case -> summary
    results: dict[str, list] = field(default_factory=dict)      # case -> per-gold results
    extras: dict[str, list] = field(default_factory=dict)       # case -> unmatched conflict/partial findings

    def total(self) -> dict:
        allr = [r for rs in self.results.values() for r in rs]
        alle = [e for es in self.extras.values() for e in es]
        return summarize(allr, alle)

    def summary_dict(self) -> dict:
        return {"total": self.total(), "cases": self.cases}

    def text(self) -> str:
        lines = []
        for case, rs in self.results.items():
            for r in rs:
                lines.append(f"{case}\t{r['level']}\t{r['kind']}\t{r['id']}\t{r['status']}\t{r['detail']}")
            for f in self.extras[case]:
                ev = "; ".join(e.get("text", "")[:60] for e in f.get("evidence", []))
                lines.append(f"{case}\tunmatched\t{f.get('kind')}\t{f.get('slot')}\t{f.get('summary', '')[:100]}\t{ev}")
        s = self.total()
        lines.append(f"must {s['must'][0]}/{s['must'][1]}  should {s['should'][0]}/{s['should'][1]}  "
                     f"conflict+partial {s['conflict_partial'][0]}/{s['conflict_partial'][1]}  "
                     f"unmatched conflict/partial findings {s['unmatched_conflicts']}")
        return "\n".join(lines)


def run_case(case_dir: Path, settings: Settings) -> dict:
    """The JSON contract of `counterpoint compare CASE/reports.jsonl`."""
    from ..api import compare_sources
    from ..render import to_contract
    result = compare_sources([str(case_dir / "reports.jsonl")], settings)
    return to_contract(result.comparison, include_layers=False)


def evaluate_dir(root: Path, settings: Settings, out_dir: Optional[Path] = None) -> EvalReport:
    root = Path(root)
    if (root / "expected.json").is_file():
        cases = [root]
    else:
        cases = sorted(p for p in root.iterdir() if (p / "expected.json").is_file())
    if not cases:
        raise InputError(str(root), "no case folders (with expected.json) found")
    report = EvalReport()
    for case in cases:
        gold, texts = load_case(case)
        out = run_case(case, settings)
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            (out_dir / f"{case.name}.json").write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")
        results, extra = score_case(gold, texts, out)
        report.results[case.name] = results
        report.extras[case.name] = extra
        report.cases[case.name] = summarize(results, extra)
    return report
