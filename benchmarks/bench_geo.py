"""Toponym resolution and end-to-end geoparsing on GeoWebNews and TR-News.

    python benchmarks/bench_geo.py [--data DIR] [--limit N] [--json] [--misses N]

(a) resolution (plus a diagnostic that accepts country/division answers within 500 km, since our centroids
    come from countrystatecity, not GeoNames): each gold toponym span is resolved with ``resolve_span`` and the report's own context
    (countries it names, points of its unambiguous places); accuracy = share within 161 km of gold. The
    "most populous" line is the naive reference: the biggest exact gazetteer match for the span text.
(b) end-to-end: our detection (``resolve_places``) against the gold spans (overlap, one to one): toponym
    P/R/F1, and accuracy@161km over the gold toponyms (a gold toponym we miss or leave unresolved is wrong).
    GeoWebNews gold includes demonyms ("Irish" -> Ireland), which we deliberately never call places; F1 is
    given with and without them.
Reference (Gritta et al. 2019): most-populous baseline on GeoWebNews ~0.34 acc@161; best ensemble ~0.86.
The data stay outside the repository.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from counterpoint.analyze.gazetteer import DEMONYMS, fold, get_gazetteer  # noqa: E402
from counterpoint.analyze.nlp import get_nlp  # noqa: E402
from counterpoint.analyze.places import document_context, resolve_places, resolve_span  # noqa: E402
from counterpoint.eval.geo import Scores, km, match_spans, prf, read_geowebnews, read_trnews  # noqa: E402

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "geo"


def run(name, docs, nlp, gaz, misses):
    res, base, e2e, area = Scores(), Scores(), Scores(), Scores()
    tp = fp = fn = tp_nd = fn_nd = 0
    miss = Counter()
    for doc_g, doc in zip(docs, nlp.pipe(d.text for d in docs)):
        ctx = document_context(doc, gaz)
        for g in doc_g.toponyms:
            c = resolve_span(doc, g.start, g.end, ctx, gaz)
            d = None if c is None else km(c.lat, c.lon, g.lat, g.lon)
            res.add(d)
            # Countries and divisions are points by convention, and our sources' centroids are not GeoNames'
            # (United States 38,-97 vs 39.76,-98.5: 235 km): a diagnostic with 500 km for area-level answers.
            area.add(0.0 if d is not None and c.kind != "city" and d <= 500 else d)
            if d is None or d > 161:
                miss[(g.text, c.name if c else None, c.country if c else None, g.name)] += 1
            cands = gaz.lookup(g.text, fuzzy=False)
            b = max(cands, key=lambda x: x.population) if cands else None
            base.add(None if b is None else km(b.lat, b.lon, g.lat, g.lon))
        places = resolve_places(doc, doc_g.id, gaz)
        found = [(p.span.start, p.span.end) for p in places]
        m = match_spans(doc_g.toponyms, found)
        tp += len(m)
        fp += len(found) - len(m)
        fn += len(doc_g.toponyms) - len(m)
        demonym = [fold(g.text) in DEMONYMS for g in doc_g.toponyms]
        tp_nd += sum(1 for gi in m if not demonym[gi])
        fn_nd += sum(1 for gi, g in enumerate(doc_g.toponyms) if gi not in m and not demonym[gi])
        for gi, g in enumerate(doc_g.toponyms):
            p = places[m[gi]] if gi in m else None
            e2e.add(None if p is None or p.lat is None else km(p.lat, p.lon, g.lat, g.lon))
    out = {"dataset": name, "documents": len(docs), "resolution": res.as_dict(),
           "resolution_areas_500km": area.as_dict(),
           "most_populous": base.as_dict(), "end_to_end": {"toponyms": prf(tp, fp, fn),
           "toponyms_without_demonyms": prf(tp_nd, fp, fn_nd), "accuracy": e2e.as_dict()}}
    if misses:
        out["misses"] = [f"{n}x {t!r} -> {r} ({cc}); gold {gn}" for (t, r, cc, gn), n in miss.most_common(misses)]
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT, help="folder with GWN.xml, gwn_full.txt, TR-News.xml")
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents of each dataset")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--misses", type=int, default=0, help="list the N most frequent resolution misses")
    ap.add_argument("--dataset", choices=("gwn", "trnews", "both"), default="both")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"{args.data}: not a folder; pass --data", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    gaz = get_gazetteer()
    t_gaz = time.perf_counter() - t0
    nlp = get_nlp()
    t_nlp = time.perf_counter() - t0 - t_gaz
    results = []
    sets = []
    if args.dataset in ("gwn", "both"):
        sets.append(("GeoWebNews", read_geowebnews(args.data)))
    if args.dataset in ("trnews", "both"):
        sets.append(("TR-News", read_trnews(args.data / "TR-News.xml")))
    for name, docs in sets:
        t = time.perf_counter()
        r = run(name, docs[: args.limit] if args.limit else docs, nlp, gaz, args.misses)
        r["seconds"] = round(time.perf_counter() - t, 1)
        results.append(r)
    summary = {"gazetteer_load_s": round(t_gaz, 2), "nlp_load_s": round(t_nlp, 2), "results": results}
    if args.json:
        print(json.dumps(summary, indent=1))
        return 0
    print(f"gazetteer {t_gaz:.2f} s, spaCy + ruler {t_nlp:.2f} s")
    for r in results:
        a, b, e = r["resolution"], r["most_populous"], r["end_to_end"]
        print(f"{r['dataset']}: {r['documents']} documents, {a['n']} gold toponyms ({r['seconds']} s)")
        print(f"  resolution on gold spans  acc@161km {a['acc161']:.3f}  median {a['median_km']} km  "
              f"AUC {a['auc']:.3f}  unresolved {a['unresolved']}")
        print(f"  same, countries/divisions within 500 km (diagnostic) acc {r['resolution_areas_500km']['acc161']:.3f}")
        print(f"  most populous reference   acc@161km {b['acc161']:.3f}")
        t, tn = e["toponyms"], e["toponyms_without_demonyms"]
        print(f"  end to end  toponym P {t['precision']:.3f} R {t['recall']:.3f} F1 {t['f1']:.3f}"
              f"  (without demonyms R {tn['recall']:.3f} F1 {tn['f1']:.3f})"
              f"  acc@161km {e['accuracy']['acc161']:.3f}")
        for line in r.get("misses", []):
            print("   ", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
