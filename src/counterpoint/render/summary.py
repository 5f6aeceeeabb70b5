"""The terminal summary: counts per kind, then conflicts and partials with each report's value and source,
then one line per agreement and single-source claim, then notes.

Report strings have control characters and bidi overrides removed before they reach the terminal, so a
report cannot move the cursor, recolour or rewrite the screen. Colour is only added when asked for.
"""
from __future__ import annotations

import textwrap

from ..model import Comparison, Finding
from .common import ReportIndex, clean, grouped_findings, kind_title, letter, report_name, short, value_line

_COLORS = {"conflict": "31", "partial": "33", "agreement": "32", "unique": "36", "head": "1", "dim": "2"}


class _Out:
    def __init__(self, color: bool, width: int):
        self.color = color
        self.width = max(int(width), 40)
        self.lines: list[str] = []

    def paint(self, text: str, style: str) -> str:
        code = _COLORS.get(style)
        return f"\x1b[{code}m{text}\x1b[0m" if self.color and code else text

    def line(self, text: str, indent: int = 0, style: str = "", hang: int = 2) -> None:
        pad = " " * indent
        wrapped = textwrap.wrap(text, width=self.width, initial_indent=pad, subsequent_indent=pad + " " * hang,
                                break_long_words=True, break_on_hyphens=False) or [pad]
        self.lines.extend(self.paint(w, style) if style else w for w in wrapped)

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")


def _slot(f: Finding) -> str:
    return f"[{f.slot}] " if f.slot else ""


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _layer_counts(cmp: Comparison) -> str:
    def total(name: str) -> int:
        return sum(len(getattr(a, name)) for a in cmp.analyses)
    unresolved = sum(1 for a in cmp.analyses for p in a.places if not (p.resolved and p.lat is not None))
    places = _n(total("places"), "place", "places") + (f" ({unresolved} unresolved)" if unresolved else "")
    return ", ".join([_n(len(cmp.entities), "entity", "entities"), _n(total("quotes"), "quote", "quotes"),
                      _n(total("attributions"), "attribution", "attributions"), places,
                      _n(total("framing"), "framing term", "framing terms"),
                      _n(sum(len(r.removed) for r in cmp.reports), "boilerplate span", "boilerplate spans")
                      + " removed"])


def render_summary(cmp: Comparison, *, color: bool = False, width: int = 100) -> str:
    names = ReportIndex(cmp.reports)
    o = _Out(color, width)
    groups = dict(grouped_findings(cmp))
    n = len(cmp.reports)
    counts = ", ".join(f"{len(fs)} {k}" for k, fs in groups.items()) or "no findings"
    o.line(f"counterpoint: {n} report{'' if n == 1 else 's'}, {len(cmp.findings)} finding"
           f"{'' if len(cmp.findings) == 1 else 's'} ({counts})", style="head")
    for i, r in enumerate(cmp.reports):
        bits = [clean(report_name(r))]
        if r.title and r.title != report_name(r):
            bits.append(short(r.title, 70))
        bits.append(clean(r.published) if r.published else "date unknown")
        if r.path and clean(r.path) != bits[0]:
            bits.append(clean(r.path))
        o.line(f"{letter(i)}  " + " | ".join(bits), indent=2, hang=3)
    o.line(_layer_counts(cmp), indent=2, style="dim")
    if cmp.notes:
        o.blank()
        o.line("Notes", style="head")
        for note in cmp.notes:
            o.line(f"- {clean(note)}", indent=2)

    for kind in ("conflict", "partial"):
        if kind not in groups:
            continue
        o.blank()
        o.line(f"{kind_title(kind).upper()} ({len(groups[kind])})", style=kind)
        for f in groups[kind]:
            mark = "!" if kind == "conflict" else "~"
            o.line(f"{mark} {_slot(f)}{short(f.summary, 300)}", indent=2, hang=2)
            if f.rule:
                o.line(f"why: {short(f.rule, 300)}", indent=6, hang=2, style="dim")
            for v in f.values:
                o.line(value_line(v, names), indent=6, hang=4)
            if not f.values:
                for e in f.evidence:
                    o.line(f"{names.letter(e.span.report)} {e.span.start}-{e.span.end}: "
                           f"\u201c{short(e.text, 120)}\u201d", indent=6, hang=4)

    for kind, fs in groups.items():
        if kind in ("conflict", "partial"):
            continue
        o.blank()
        o.line(f"{kind_title(kind).upper()} ({len(fs)})", style=kind)
        for f in fs:
            if kind == "agreement":
                where = ", ".join(names.letter(r) for r in f.reports)
                origin = f"{f.origins} origin{'' if f.origins == 1 else 's'}"
                o.line(f"+ {_slot(f)}{short(f.summary, 160)} ({where}; {origin})", indent=2, hang=4)
            elif kind == "unique":
                who = names.letter(f.reports[0]) if f.reports else "?"
                o.line(f"* {who}: {short(f.summary, 160)}", indent=2, hang=4)
            else:
                o.line(f"- {_slot(f)}{short(f.summary, 160)}", indent=2, hang=4)

    analyses = {a.report.id: a for a in cmp.analyses}
    if n == 1 and not cmp.findings and not cmp.notes:
        o.blank()
        o.line("only one report: nothing to compare")
    if n == 1 and cmp.reports[0].id in analyses:
        a = analyses[cmp.reports[0].id]
        o.line(f"analysis: {len(a.claims)} claims, {len(a.quantities)} quantities, {len(a.times)} times, "
               f"{len(a.places)} places, {len(a.quotes)} quotes, {len(a.attributions)} attributions",
               indent=2)
    if n == 0:
        o.blank()
        o.line("no reports")
    return "\n".join(o.lines).rstrip("\n") + "\n"
