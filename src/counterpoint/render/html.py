"""One self-contained HTML page for a Comparison: no scripts, no external resources, every report string escaped.

The page reads top to bottom like the Markdown: reports, notes, findings (conflicts, partials, agreements,
single-source), then the report texts side by side with each evidence span a ``<mark>`` whose id the findings
link to, framing underlined and removed boilerplate greyed, then entities, quotes, attributions and places.
Report text is untrusted: the template autoescapes, and the highlighted text is built here from
``markupsafe.escape``d pieces only.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from ..model import Comparison, Finding
from .common import (ReportIndex, basename, clean, grouped_findings, kind_title, letter,
                     report_name, safe_url, short)
from .contract import to_contract
from .segments import Highlight, segment

_ID_SAFE = re.compile(r"[^A-Za-z0-9_-]+")


def _css_word(s: Any) -> str:
    return _ID_SAFE.sub("-", str(s or "none")).strip("-").lower() or "none"


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(loader=PackageLoader("counterpoint.render", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def evidence_anchor(names: ReportIndex, rid: str, start: int, end: int) -> str:
    return f"ev-{names.letter(rid)}-{start}-{end}"


class _Page:
    def __init__(self, cmp: Comparison):
        self.cmp = cmp
        self.names = ReportIndex(cmp.reports)
        self.data = to_contract(cmp, include_layers=False)
        self.finding_ids = self._finding_ids()

    def _finding_ids(self) -> dict[int, str]:
        out: dict[int, str] = {}
        used: set[str] = set()
        for i, f in enumerate(self.cmp.findings):
            fid = "f-" + _css_word(f.id)
            if fid in used:
                fid = f"{fid}-{i}"
            used.add(fid)
            out[id(f)] = fid
        return out

    # ---------------------------------------------------------------- header and findings

    def reports(self) -> list[dict[str, Any]]:
        out = []
        for i, r in enumerate(self.cmp.reports):
            out.append({"letter": letter(i), "id": r.id, "name": report_name(r), "title": r.title,
                        "outlet": r.outlet, "published": r.published, "published_source": r.published_source,
                        "path": r.path, "file": basename(r.path), "url": r.url, "href": safe_url(r.url),
                        "language": r.language, "length": len(r.text), "removed": len(r.removed)})
        return out

    def finding(self, f: Finding) -> dict[str, Any]:
        n = self.names
        evidence = []
        for e in f.evidence:
            s = e.span
            text = n.text(s.report)
            known = text is not None and s.end <= len(text)
            evidence.append({"href": "#" + evidence_anchor(n, s.report, s.start, s.end) if known else None,
                             "letter": n.letter(s.report), "name": n.name(s.report), "start": s.start,
                             "end": s.end, "text": short(text[s.start:s.end] if known else e.text, 240)})
        values = [{"letter": n.letter(v.report), "name": n.name(v.report), "text": clean(v.text),
                   "value": clean(v.value) if v.value and clean(v.value) != clean(v.text) else None,
                   "attributed_to": v.attributed_to} for v in f.values]
        return {"anchor": self.finding_ids[id(f)], "id": f.id, "kind": f.kind, "kind_class": _css_word(f.kind),
                "slot": f.slot, "summary": f.summary, "rule": f.rule, "vals": values, "evidence": evidence,
                "reports": [n.label(r) for r in f.reports], "origins": f.origins, "score": f.score}

    def groups(self) -> list[dict[str, Any]]:
        return [{"kind": k, "kind_class": _css_word(k), "title": kind_title(k),
                 "findings": [self.finding(f) for f in fs]} for k, fs in grouped_findings(self.cmp)]

    # ---------------------------------------------------------------- highlighted texts

    def _highlights(self, rid: str) -> list[Highlight]:
        n = self.names
        hs: list[Highlight] = []
        ev: dict[tuple[int, int], list[Finding]] = {}
        for f in self.cmp.findings:
            for e in f.evidence:
                if e.span.report == rid:
                    ev.setdefault((e.span.start, e.span.end), [])
                    if f not in ev[(e.span.start, e.span.end)]:
                        ev[(e.span.start, e.span.end)].append(f)
        for (s, e), fs in sorted(ev.items()):
            hs.append(Highlight("evidence", s, e, evidence_anchor(n, rid, s, e), fs))
        for t in self.data["framing"]:
            if t["report"] == rid:
                hs.append(Highlight("framing", t["start"], t["end"], f"fr-{n.letter(rid)}-{t['start']}-{t['end']}",
                                    t))
        for rm in self.data["removed"]:
            if rm["report"] == rid:
                hs.append(Highlight("removed", rm["start"], rm["end"],
                                    f"rm-{n.letter(rid)}-{rm['start']}-{rm['end']}", rm))
        return hs

    def _open(self, h: Highlight, first: bool) -> Markup:
        ident = Markup(' id="{}"').format(h.key) if first else Markup("")
        if h.layer == "evidence":
            fs: list[Finding] = h.data
            kinds = sorted({_css_word(f.kind) for f in fs})
            cls = " ".join(["ev"] + [f"k-{k}" for k in kinds])
            title = "; ".join(f"{f.kind}: {short(f.summary, 100)}" for f in fs)
            refs = " ".join(self.finding_ids[id(f)] for f in fs)
            return Markup('<mark{} class="{}" title="{}" data-span="{}" data-findings="{}">').format(
                ident, cls, title, h.key, refs)
        if h.layer == "framing":
            t = h.data
            title = f"framing ({t.get('kind')})" + (f" \u2192 {t['target']}" if t.get("target") else "")
            return Markup('<u{} class="framing fr-{}" title="{}">').format(ident, _css_word(t.get("kind")), title)
        return Markup('<span{} class="removed" title="{}">').format(ident, "removed: " + str(h.data["reason"]))

    @staticmethod
    def _close(h: Highlight) -> Markup:
        return Markup({"evidence": "</mark>", "framing": "</u>"}.get(h.layer, "</span>"))

    def highlighted(self, rid: str, text: str) -> Markup:
        out: list[Markup] = []
        for p in segment(text, self._highlights(rid)):
            out.extend(self._open(h, h.key in p.first) for h in p.covering)
            out.append(escape(p.text))
            out.extend(self._close(h) for h in reversed(p.covering))
        return Markup("").join(out)

    def columns(self) -> list[dict[str, Any]]:
        return [{"letter": letter(i), "name": report_name(r), "id": r.id, "html": self.highlighted(r.id, r.text)}
                for i, r in enumerate(self.cmp.reports)]

    # ---------------------------------------------------------------- tables

    def entities(self) -> list[dict[str, Any]]:
        rows = []
        for e in self.data["entities"]:
            counts = [e["counts"].get(r.id, 0) for r in self.cmp.reports]
            forms = sorted({m["text"] for m in e["mentions"]})
            rows.append({"name": e["name"], "kind": e["kind"], "counts": counts, "total": sum(e["counts"].values()),
                         "forms": ", ".join(short(x, 60) for x in forms[:8])})
        return sorted(rows, key=lambda r: (-r["total"], r["name"].casefold(), r["name"]))

    def rows(self, key: str) -> list[dict[str, Any]]:
        return [{**item, "letter": self.names.letter(item["report"]), "text": short(item.get("text", ""), 300)}
                for item in self.data[key]]

    def render(self) -> str:
        return _env().get_template("comparison.html.j2").render(
            reports=self.reports(), notes=list(self.cmp.notes),
            total=len(self.cmp.findings), groups=self.groups(), columns=self.columns(),
            entities=self.entities(), quotes=self.rows("quotes"), attributions=self.rows("attributions"),
            places=self.rows("places"), framing=self.rows("framing"), removed=self.rows("removed"),
            origins=[[self.names.label(r) for r in g] for g in self.cmp.origins])


def render_html(cmp: Comparison) -> str:
    """The comparison as one self-contained HTML file (inline CSS, no JavaScript, no external resources)."""
    return _Page(cmp).render()
