"""The comparison as Markdown, in the same order as the HTML page: reports, notes, conflicts, partials,
agreements, single-source claims (each with its values and quoted evidence: report key, name, offsets), then
entities, quotes, attributions, places and framing.

Report text is untrusted: every string from a report is put on one line and has Markdown and HTML
punctuation backslash-escaped, so a report cannot inject raw HTML, links or structure into the document.
"""
from __future__ import annotations

import re

from ..model import Comparison
from .common import ReportIndex, clean, grouped_findings, kind_title, letter, short
from .contract import to_contract

# Links, emphasis, code, tables and raw HTML/entities need these; line-start syntax cannot occur because every
# line of untrusted text follows a prefix written here.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def md(text: object, n: int = 0) -> str:
    """One line of untrusted text, safe inside Markdown (and any HTML it is turned into)."""
    s = short(str(text), n) if n else clean(str(text) if text is not None else "")
    return _MD_SPECIAL.sub(r"\\\1", s)


def _cell(text: object, n: int = 0) -> str:
    return md(text, n) if text not in (None, "") else "\u2013"


def render_markdown(cmp: Comparison) -> str:
    names = ReportIndex(cmp.reports)
    data = to_contract(cmp, include_layers=False)
    out: list[str] = []
    add = out.append
    n = len(cmp.reports)
    add(f"# Comparison of {n} report{'' if n == 1 else 's'}")
    add("")
    add("| Key | Title | Outlet | Published | Path / URL | Id |")
    add("|---|---|---|---|---|---|")
    for i, r in enumerate(cmp.reports):
        where = " ".join(md(x) for x in (r.path, r.url) if x) or "\u2013"
        add(f"| {letter(i)} | {_cell(r.title)} | {_cell(r.outlet)} | {_cell(r.published or 'unknown')} | {where} "
            f"| `{md(r.id)}` |")
    add("")
    if cmp.notes:
        add("**Notes**")
        add("")
        for note in cmp.notes:
            add(f"- {md(note)}")
        add("")

    groups = grouped_findings(cmp)
    counts = ", ".join(f"{len(fs)} {k}" for k, fs in groups) or "none"
    add(f"## Findings ({len(cmp.findings)}: {counts})")
    add("")
    for kind, findings in groups:
        add(f"### {kind_title(kind)} ({len(findings)})")
        add("")
        for f in findings:
            slot = f" \u00b7 {md(f.slot)}" if f.slot else ""
            add(f"#### {md(f.kind)}{slot}: {md(f.summary)}")
            add("")
            if f.rule:
                add(f"*Rule:* {md(f.rule)}  ")
            reports = ", ".join(md(names.label(r)) for r in f.reports) or "none"
            add(f"*Reports:* {reports}; *independent origins:* {f.origins}")
            add("")
            for v in f.values:
                value = f" = {md(v.value, 80)}" if v.value and clean(v.value) != clean(v.text) else ""
                who = f"per {md(v.attributed_to, 80)}" if v.attributed_to else "no source named"
                add(f"- **{names.letter(v.report)}** ({md(names.name(v.report))}): \u201c{md(v.text, 160)}\u201d"
                    f"{value} \u2014 {who}")
            if f.values:
                add("")
            for e in f.evidence:
                s = e.span
                text = names.text(s.report)
                quoted = text[s.start:s.end] if text is not None and s.end <= len(text) else e.text
                add(f"> \u201c{md(quoted, 300)}\u201d \u2014 {names.letter(s.report)} "
                    f"({md(names.name(s.report))}), {s.start}\u2013{s.end}")
                add(">")
            if f.evidence:
                out.pop()
                add("")

    add(f"## Entities ({len(data['entities'])})")
    add("")
    if data["entities"]:
        keys = [letter(i) for i in range(n)]
        add("| Name | Kind | " + " | ".join(keys) + (" | " if keys else "") + "Forms |")
        add("|---|---|" + "---:|" * len(keys) + "---|")
        rows = sorted(data["entities"], key=lambda e: (-len(e["mentions"]), e["name"].casefold(), e["name"]))
        for e in rows:
            counts_ = " | ".join(str(e["counts"].get(r.id, 0)) for r in cmp.reports)
            forms = ", ".join(md(x, 60) for x in sorted({m["text"] for m in e["mentions"]})[:8])
            add(f"| {md(e['name'])} | {md(e['kind'])} | {counts_}{' | ' if keys else ''}{forms or '–'} |")
        add("")

    add(f"## Quotes ({len(data['quotes'])})")
    add("")
    for q in data["quotes"]:
        kind = "direct" if q["direct"] else "indirect"
        cue = f", {md(q['cue'])}" if q["cue"] else ""
        add(f"- **{names.letter(q['report'])}** {q['start']}\u2013{q['end']} ({kind}{cue}) "
            f"{md(q['speaker'] or 'unknown speaker')}: \u201c{md(q['text'], 300)}\u201d")
    if data["quotes"]:
        add("")
    add(f"## Attributions ({len(data['attributions'])})")
    add("")
    for a in data["attributions"]:
        extra = ", ".join(md(x) for x in dict.fromkeys((a.get("kind"), a.get("cue"), a.get("hedge"))) if x)
        add(f"- **{names.letter(a['report'])}** {a['start']}\u2013{a['end']} {md(a['source'])}"
            f"{f' ({extra})' if extra else ''}: \u201c{md(a.get('text', ''), 160)}\u201d")
    if data["attributions"]:
        add("")
    add(f"## Places ({len(data['places'])})")
    add("")
    for p in data["places"]:
        where = (f"{md(p['name'])} ({p['lat']:.4f}, {p['lon']:.4f})" if p["resolved"] else "unresolved")
        add(f"- **{names.letter(p['report'])}** {p['start']}\u2013{p['end']} \u201c{md(p['text'])}\u201d: {where}")
    if data["places"]:
        add("")
    add(f"## Framing ({len(data['framing'])})")
    add("")
    for t in data["framing"]:
        target = f" \u2192 {md(t['target'])}" if t.get("target") else ""
        add(f"- **{names.letter(t['report'])}** {t['start']}\u2013{t['end']} \u201c{md(t['text'])}\u201d "
            f"({md(t.get('kind'))}){target}")
    if data["framing"]:
        add("")
    if data["removed"]:
        add(f"## Removed as boilerplate ({len(data['removed'])})")
        add("")
        for rm in data["removed"]:
            add(f"- **{names.letter(rm['report'])}** {rm['start']}\u2013{rm['end']}: {md(rm['reason'])}")
        add("")
    if cmp.origins:
        add("## Origins")
        add("")
        for g in cmp.origins:
            add("- " + ", ".join(md(names.label(r)) for r in g))
        add("")
    return "\n".join(out).rstrip("\n") + "\n"

