"""The JSON output contract (``examples/README.md``): ``to_contract``, ``render_json``, ``validate_contract``.

Every span is emitted as ``report`` (report id), ``start``, ``end`` (Python string offsets, end exclusive) and
``text``, and ``text`` is always the slice of the report text at those offsets, so the contract can never cite
words the report does not contain at that place.
"""
from __future__ import annotations

import re

import json
import math
from functools import lru_cache
from importlib import resources
from typing import Any, Optional

from ..model import Analysis, Comparison, Span, to_dict
from .common import ReportIndex

SCHEMA_ID = "counterpoint.comparison/1"
LAYER_NAMES = ("sentences", "quantities", "times", "claims", "mentions", "relations")


def _slice(names: ReportIndex, span: Span, fallback: str) -> str:
    text = names.text(span.report)
    if text is None or span.end > len(text):
        return fallback
    return text[span.start:span.end]


def _span(names: ReportIndex, span: Span, fallback: str = "", **more: Any) -> dict[str, Any]:
    return {"report": span.report, "start": span.start, "end": span.end,
            "text": _slice(names, span, fallback), **more}


def _finite(x: Any) -> Any:
    """JSON has no inf/nan; an open bound is already None (unknown) in the model, so map them to None."""
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {k: _finite(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_finite(v) for v in x]
    return x


def _pos(item: dict[str, Any]) -> tuple:
    return (item["start"], item["end"])


def _analyses_in_order(cmp: Comparison, names: ReportIndex) -> list[Analysis]:
    return sorted(cmp.analyses, key=lambda a: names.rank(a.report.id))


def _reports(cmp: Comparison) -> list[dict[str, Any]]:
    return [{"id": r.id, "path": r.path, "title": r.title, "outlet": r.outlet, "published": r.published,
             "published_source": r.published_source, "url": r.url, "language": r.language,
             "length": len(r.text)} for r in cmp.reports]


def _entities(cmp: Comparison, names: ReportIndex) -> list[dict[str, Any]]:
    out = []
    for e in cmp.entities:
        mentions = sorted((_span(names, m.span, m.text, label=m.label, canonical=m.canonical) for m in e.mentions),
                          key=lambda m: (names.rank(m["report"]), m["start"], m["end"]))
        counts: dict[str, int] = {}
        for m in mentions:
            counts[m["report"]] = counts.get(m["report"], 0) + 1
        out.append({"id": e.id, "name": e.name, "kind": e.kind, "mentions": mentions, "counts": counts})
    return out


def _findings(cmp: Comparison, names: ReportIndex) -> list[dict[str, Any]]:
    return [{"id": f.id, "kind": f.kind, "slot": f.slot, "summary": f.summary,
             "evidence": [_span(names, e.span, e.text) for e in f.evidence],
             "rule": f.rule,
             "values": [{"report": v.report, "text": v.text, "value": v.value, "attributed_to": v.attributed_to}
                        for v in f.values],
             "reports": list(f.reports), "origins": f.origins, "score": f.score} for f in cmp.findings]


_ACCORDING = re.compile(r"\b(?:[Aa]ccording to|[Pp]er|[Cc]iting|[Qq]uoting)\s+(?:the\s+)?")
_WHEN = re.compile(r"\s*(?:on\s+|late\s+|early\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
                   r"yesterday|today|tonight|last night|this morning)\b")
_PHRASE_END = re.compile(r"[.;:!?\n“”\"]|,\s|\s(?:that|and|but|as|who|which|when|while)\s")


def attribution_phrase(text: str, at) -> str:
    """The attribution as the report words it: from the source to the end of its cue's phrase ('Police said on
    Saturday', 'Marfin bank officials told Reuters', 'According to the Britain-based Syrian Observatory ...'),
    with the resolved source in brackets when the words do not name it ('He said [Abbas Araghchi]')."""
    start, end = at.span.start, at.span.end
    lead = _ACCORDING.search(text, max(0, start - 25), start)
    if lead and lead.end() == start:
        start = lead.start()                   # 'according to police', not 'police'
    cs = at.content_span
    if cs is not None and end <= cs.start <= end + 60:
        stop = cs.start                       # 'Police said on Saturday | they were likely ...'
    else:
        stop = min(len(text), end + 40)       # '..., police said on Saturday.'
    tail = text[end:stop]
    cut = _PHRASE_END.search(tail)
    if cut:
        tail = tail[:cut.start()]
    elif stop < len(text) and text[stop].isalnum() and " " in tail:
        tail = tail[:tail.rindex(" ")]         # end on a word, not inside one
    when = _WHEN.match(text, end + len(tail))
    if when and not cut:
        tail += when.group(0)                  # 'police said | on Saturday they were ...': when they said it
    phrase = (text[start:end] + tail).strip(" ,\u2014-")
    phrase = re.sub(r"\s+", " ", phrase)
    name = at.source or ""
    last = name.split()[-1].lower() if name.split() else ""
    if last and last not in phrase.lower():
        phrase += f" [{name}]"
    return phrase


def _per_report(cmp: Comparison, names: ReportIndex) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in ("quotes", "attributions", "places", "framing")}
    for a in _analyses_in_order(cmp, names):
        quotes = []
        for q in a.quotes:
            quotes.append(_span(names, q.span, q.text, speaker=q.speaker, cue=q.cue, direct=q.direct,
                                speaker_start=q.speaker_span.start if q.speaker_span else None,
                                speaker_end=q.speaker_span.end if q.speaker_span else None,
                                cue_start=q.cue_span.start if q.cue_span else None,
                                cue_end=q.cue_span.end if q.cue_span else None))
        atts = []
        for at in a.attributions:
            cs = at.content_span
            atts.append(_span(names, at.span, "", source=attribution_phrase(a.report.text, at), name=at.source,
                              kind=at.kind, hedge=at.hedge, cue=at.cue,
                              content_start=cs.start if cs else None, content_end=cs.end if cs else None))
        places = []
        for p in a.places:
            # A place counts as resolved only with a name and both coordinates; otherwise all three are unknown.
            ok = bool(p.resolved and p.name is not None and p.lat is not None and p.lon is not None)
            places.append(_span(names, p.span, p.text, name=p.name, lat=p.lat if ok else None,
                                lon=p.lon if ok else None, resolved=ok, country=p.country, kind=p.kind,
                                gazetteer_id=p.gazetteer_id))
        framing = [_span(names, t.span, t.text, target=t.target, kind=t.kind) for t in a.framing]
        for key, items in (("quotes", quotes), ("attributions", atts), ("places", places), ("framing", framing)):
            out[key] += sorted(items, key=_pos)
    return out


def _removed(cmp: Comparison, names: ReportIndex) -> list[dict[str, Any]]:
    out = []
    for r in cmp.reports:
        out += sorted(({"report": rm.span.report, "start": rm.span.start, "end": rm.span.end, "reason": rm.reason}
                       for rm in r.removed), key=_pos)
    return out


def _layers(cmp: Comparison, names: ReportIndex) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for a in _analyses_in_order(cmp, names):
        layer = {k: to_dict(getattr(a, k)) for k in LAYER_NAMES}
        layer["aliases"] = [list(x) for x in a.aliases]
        layer["notes"] = list(a.notes)
        layer["pipeline_version"] = a.pipeline_version
        layer["text"] = a.report.text
        out[a.report.id] = layer
    return out


def to_contract(cmp: Comparison, *, include_layers: bool = True) -> dict[str, Any]:
    """The comparison as the documented JSON contract (plain dicts and lists, deterministic order).

    ``include_layers`` adds ``layers``: per report id, the analysis pieces (sentences, quantities, times,
    claims, mentions, relations, aliases, notes, pipeline_version, text) as ``model.to_dict`` writes them.
    """
    names = ReportIndex(cmp.reports)
    per = _per_report(cmp, names)
    out: dict[str, Any] = {
        "schema": SCHEMA_ID,
        "reports": _reports(cmp),
        "entities": _entities(cmp, names),
        "findings": _findings(cmp, names),
        "quotes": per["quotes"],
        "attributions": per["attributions"],
        "places": per["places"],
        "framing": per["framing"],
        "removed": _removed(cmp, names),
        "origins": [list(g) for g in cmp.origins],
        "notes": list(cmp.notes),
    }
    if include_layers:
        out["layers"] = _layers(cmp, names)
    return _finite(out)


def render_json(cmp: Comparison, **kw: Any) -> str:
    """The contract as JSON text (``kw`` goes to :func:`to_contract`): one-space indent, UTF-8 kept as is, keys
    in the contract's fixed order, lists in a fixed order, so the same Comparison gives the same bytes."""
    return json.dumps(to_contract(cmp, **kw), indent=1, ensure_ascii=False, allow_nan=False) + "\n"


# ---------------------------------------------------------------- validation

@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    """The packaged JSON Schema (draft 2020-12) of the contract."""
    path = resources.files("counterpoint").joinpath("schema", "comparison.schema.json")
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator():
    import jsonschema
    schema = load_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_contract(data: dict) -> None:
    """Check ``data`` against the packaged schema, then what a schema cannot say: spans are ordered
    (start <= end) and every ``report`` names a report listed in ``reports``.

    Raises ``jsonschema.ValidationError`` on the first problem (the best match for schema errors).
    """
    import jsonschema
    error = jsonschema.exceptions.best_match(_validator().iter_errors(data))
    if error is not None:
        raise error
    ids = {r["id"] for r in data["reports"]}

    def check(item: dict, where: str) -> None:
        rid: Optional[str] = item.get("report")
        if rid is not None and rid not in ids:
            raise jsonschema.ValidationError(f"{where}: report {rid!r} is not in reports")
        if "start" in item and "end" in item and item["end"] < item["start"]:
            raise jsonschema.ValidationError(f"{where}: end {item['end']} before start {item['start']}")

    for i, e in enumerate(data["entities"]):
        for j, m in enumerate(e["mentions"]):
            check(m, f"entities[{i}].mentions[{j}]")
    for i, f in enumerate(data["findings"]):
        for j, ev in enumerate(f["evidence"]):
            check(ev, f"findings[{i}].evidence[{j}]")
        for j, v in enumerate(f.get("values", [])):
            check(v, f"findings[{i}].values[{j}]")
    for key in ("quotes", "attributions", "places", "framing", "removed"):
        for i, item in enumerate(data[key]):
            check(item, f"{key}[{i}]")
