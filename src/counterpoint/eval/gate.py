"""The accuracy gate CI runs when ../shared is present: scores must not fall below pinned floors.

Floors live in `benchmarks/baseline.json` with the SHA-256 of the data they were measured on, as trafilatura
does: when the data changes the gate says so instead of comparing figures that no longer mean the same thing.

    python -m counterpoint.eval.gate --shared ../shared [--baseline benchmarks/baseline.json] [--update]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from ..config import Settings
from .cases import evaluate_dir

ROOT = Path(__file__).resolve().parents[3]


def data_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(folder)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def measure(shared: Path, settings: Settings) -> dict:
    out = {}
    for name, folder in (("seed-pair", shared / "examples" / "seed-pair"), ("dev", shared / "examples" / "dev")):
        if not folder.is_dir():
            continue
        rep = evaluate_dir(folder, settings)
        t = rep.total()
        cases = max(1, len(rep.cases))
        out[name] = {
            "data": data_hash(folder),
            "must": t["must"][0] / max(1, t["must"][1]),
            "should": t["should"][0] / max(1, t["should"][1]),
            "conflict_partial": t["conflict_partial"][0] / max(1, t["conflict_partial"][1]),
            "unmatched_per_case": t["unmatched_conflicts"] / cases,
            "counts": t,
        }
    return out


def check(measured: dict, baseline: dict, slack: float = 1e-9) -> list[str]:
    problems = []
    for name, floors in baseline.items():
        if name.startswith("_"):
            continue            # comments ("_note")
        got = measured.get(name)
        if got is None:
            continue
        if floors.get("data") and floors["data"] != got["data"]:
            problems.append(f"{name}: data changed ({floors['data']} -> {got['data']}); re-measure and update the baseline")
            continue
        for key in ("must", "should", "conflict_partial"):
            if key in floors and got[key] + slack < floors[key]:
                problems.append(f"{name}: {key} {got[key]:.3f} fell below the floor {floors[key]:.3f}")
        if "unmatched_per_case" in floors and got["unmatched_per_case"] > floors["unmatched_per_case"] + slack:
            problems.append(f"{name}: unmatched conflict/partial findings per case {got['unmatched_per_case']:.2f} "
                            f"rose above the ceiling {floors['unmatched_per_case']:.2f}")
    return problems


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--baseline", type=Path, default=ROOT / "benchmarks" / "baseline.json")
    ap.add_argument("--update", action="store_true", help="write the measured figures as the new floors")
    args = ap.parse_args(argv)
    if not (args.shared / "examples").is_dir():
        print(f"accuracy gate: {args.shared}/examples not found; skipped")
        return 0
    measured = measure(args.shared, Settings())
    for name, m in measured.items():
        c = m["counts"]
        print(f"accuracy {name}: must {c['must'][0]}/{c['must'][1]}  should {c['should'][0]}/{c['should'][1]}  "
              f"conflict+partial {c['conflict_partial'][0]}/{c['conflict_partial'][1]}  "
              f"unmatched {c['unmatched_conflicts']}")
    if args.update:
        floors = {n: {k: (round(v, 4) if isinstance(v, float) else v) for k, v in m.items() if k != "counts"}
                  for n, m in measured.items()}
        floors["_note"] = "measured floors, no margin: lower them a little before committing (see git log)"
        args.baseline.write_text(json.dumps(floors, indent=1) + "\n")
        print(f"wrote {args.baseline}")
        return 0
    baseline = json.loads(args.baseline.read_text())
    problems = check(measured, baseline)
    for p in problems:
        print("accuracy gate FAILED: " + p)
    if not problems:
        print("accuracy gate passed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
