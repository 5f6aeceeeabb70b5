"""The contract feeds the shared case scorer: a Comparison built from the seed pair's gold findings, rendered by
to_contract, must score every gold finding as found (field names, offsets, report ids and paths line up)."""
import importlib.util
import json
from pathlib import Path

import pytest

from counterpoint.model import (Analysis, Attribution, Comparison, Entity, Evidence, Finding, FramingTerm, Mention,
                                Place, Quote, Removed, Report, Span, content_hash)
from counterpoint.render import render_json, to_contract, validate_contract

SHARED = Path(__file__).resolve().parents[3] / "shared"
CASE = SHARED / "examples" / "seed-pair"
SCORER = SHARED / "tools" / "score_cases.py"

pytestmark = pytest.mark.skipif(not (CASE / "expected.json").is_file() or not SCORER.is_file(),
                                reason="the shared seed-pair gold and scorer are not next to this checkout")


def _scorer():
    spec = importlib.util.spec_from_file_location("score_cases", SCORER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)

    def load_case(case_dir):   # the scorer's own reader leaves files open (a ResourceWarning, an error here)
        gold = json.loads((Path(case_dir) / "expected.json").read_text(encoding="utf-8"))
        return gold, {k: (Path(case_dir) / r["path"]).read_text(encoding="utf-8") for k, r in gold["reports"].items()}
    mod.load_case = load_case
    return mod


def _find(rid, text, sub):
    i = text.index(sub)
    return Span(rid, i, i + len(sub))


def gold_comparison():
    gold = json.loads((CASE / "expected.json").read_text(encoding="utf-8"))
    texts, ids = {}, {}
    for key, rep in gold["reports"].items():
        texts[key] = (CASE / rep["path"]).read_text(encoding="utf-8")
        ids[key] = content_hash(texts[key])
    parts = {k: {"mentions": [], "quotes": [], "attributions": [], "framing": [], "places": [], "removed": []}
             for k in texts}
    findings, entities = [], []
    for g in gold["findings"]:
        kind = g["kind"]
        if kind in ("agreement", "conflict", "partial"):
            ev = [Evidence(_find(ids[k], texts[k], s), s) for k, subs in g["evidence"].items() for s in subs]
            findings.append(Finding(g["id"], kind, g.get("slot"), g["what"], tuple(ev),
                                    reports=tuple(sorted({e.span.report for e in ev}))))
        elif kind == "unique":
            k = g["report"]
            for n, s in enumerate(g["evidence"][k]):
                findings.append(Finding(f"{g['id']}-{n}", "unique", None, g["what"],
                                        (Evidence(_find(ids[k], texts[k], s), s),), reports=(ids[k],)))
        elif kind == "same_entity":
            ms = []
            for k, names in g["mentions"].items():
                for name in names:
                    m = Mention(_find(ids[k], texts[k], name), name, "PERSON", name)
                    ms.append(m)
                    parts[k]["mentions"].append(m)
            entities.append(Entity(g["id"], g["mentions"][next(iter(g["mentions"]))][0], "PERSON", tuple(ms)))
        elif kind == "quote":
            for q in g["quotes"]:
                k = q["report"]
                s = _find(ids[k], texts[k], q["starts"])
                parts[k]["quotes"].append(Quote(s, q["starts"], q["speaker"], None, "said", None, True))
        elif kind == "attribution":
            for k, names in g["sources"].items():
                for name in names:
                    parts[k]["attributions"].append(Attribution(Span(ids[k], 0, 1), name))
        elif kind == "framing":
            for k, terms in g["terms"].items():
                for t in terms:
                    parts[k]["framing"].append(FramingTerm(_find(ids[k], texts[k], t), t))
        elif kind == "boilerplate":
            for k, subs in g["evidence"].items():
                for s in subs:
                    sp = _find(ids[k], texts[k], s)
                    parts[k]["removed"].append(Removed(Span(ids[k], sp.start, len(texts[k])), "comments footer"))
        elif kind == "places":
            for p in g["places"]:
                for k in texts:
                    if p["name"] in texts[k]:
                        parts[k]["places"].append(Place(_find(ids[k], texts[k], p["name"]), p["name"], p["name"],
                                                        p["lat"], p["lon"]))
                        break
    reports, analyses = [], []
    for k, rep in gold["reports"].items():
        r = Report(ids[k], texts[k], path=str(CASE / rep["path"]), published=rep["published"],
                   removed=tuple(parts[k]["removed"]))
        reports.append(r)
        analyses.append(Analysis(r, "gold", mentions=tuple(parts[k]["mentions"]), quotes=tuple(parts[k]["quotes"]),
                                 attributions=tuple(parts[k]["attributions"]), framing=tuple(parts[k]["framing"]),
                                 places=tuple(parts[k]["places"])))
    return Comparison(tuple(reports), tuple(analyses), tuple(entities), tuple(findings))


def test_gold_built_comparison_scores_everything_found():
    cmp = gold_comparison()
    data = json.loads(render_json(cmp, include_layers=False))
    validate_contract(data)
    assert data == to_contract(cmp, include_layers=False)
    results, extra = _scorer().score(str(CASE), data)
    assert [r for r in results if r["status"] != "found"] == []
    assert extra == []


def test_gold_built_comparison_renders_in_every_format():
    from counterpoint.render import render_html, render_markdown, render_summary

    from .test_html import parse
    cmp = gold_comparison()
    t = parse(render_html(cmp))
    assert t.columns == [r.text for r in cmp.reports]
    assert all(h[1:] in t.ids for h in t.hrefs if h.startswith("#"))
    assert render_markdown(cmp).count("\n> \u201c") >= len(cmp.findings)
    assert "AGREEMENTS" in render_summary(cmp)
