"""The per-report analysis: one spaCy pass, then our extractors over the same Doc.

Boilerplate recorded at ingest (Report.removed) is blanked with spaces of the same length before parsing, so
offsets stay those of the original text and nothing inside a removed span is analysed.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from .. import PIPELINE_VERSION
from ..config import Settings
from ..model import Analysis, Report, Sentence, Span
from .attribution import extract_attributions
from .claims import extract_claims
from .entities import extract_mentions
from .framing import extract_framing
from .nlp import get_nlp
from .places import resolve_places
from .quantities import extract_quantities
from .relations import extract_relations
from .times import extract_times


def blank_removed(report: Report) -> str:
    """The text with removed spans replaced by spaces (newlines kept), same length as the original."""
    if not report.removed:
        return report.text
    chars = list(report.text)
    for r in report.removed:
        for i in range(r.span.start, min(r.span.end, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


class Analyzer:
    """Analyse reports; the spaCy pipeline and gazetteer are loaded once per process."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.nlp = get_nlp(self.settings)

    def analyze(self, report: Report) -> Analysis:
        return next(self.analyze_many([report]))

    def analyze_many(self, reports: Iterable[Report]) -> Iterator[Analysis]:
        reports = iter(reports)
        buffer: list[Report] = []

        def flush() -> Iterator[Analysis]:
            texts = [blank_removed(r) for r in buffer]
            for report, doc in zip(buffer, self.nlp.pipe(texts, batch_size=self.settings.batch_size)):
                yield self._analyze_doc(report, doc)
            buffer.clear()

        for report in reports:
            buffer.append(report)
            if len(buffer) >= self.settings.batch_size:
                yield from flush()
        if buffer:
            yield from flush()

    def _analyze_doc(self, report: Report, doc) -> Analysis:
        rid = report.id
        sentences = tuple(Sentence(Span(rid, s.start_char, s.end_char), s.text) for s in doc.sents
                          if s.text.strip())
        mentions, aliases = extract_mentions(doc, rid)
        quantities = extract_quantities(doc, rid)
        times = extract_times(doc, rid, report.published)
        places = resolve_places(doc, rid)
        quotes, attributions = extract_attributions(doc, rid)
        quotes = [_canonical_speaker(q, mentions) for q in quotes]
        attributions = [_canonical_source(a, mentions) for a in attributions]
        claims = extract_claims(doc, rid, mentions, quantities, times, places, quotes, attributions)
        relations = extract_relations(doc, rid, mentions)
        framing = extract_framing(doc, rid, mentions)
        notes = []
        if report.published is None:
            notes.append("no publication date: relative times are left unresolved")
        if not sentences:
            notes.append("no sentences to analyse")
        return Analysis(report=report, pipeline_version=PIPELINE_VERSION, sentences=sentences,
                        mentions=tuple(mentions), quantities=tuple(quantities), times=tuple(times),
                        places=tuple(places), quotes=tuple(quotes), attributions=tuple(attributions),
                        claims=tuple(claims), relations=tuple(relations), framing=tuple(framing),
                        aliases=tuple(aliases), notes=tuple(notes))


def _resolve_name(name: str | None, span: Span | None, mentions) -> str | None:
    if name is None:
        return None
    from .names import names_match
    if span is not None:
        for m in mentions:
            if m.span.overlaps(span) and m.label in ("PERSON", "ORG", "GPE") and names_match(m.text, name):
                return m.canonical
    for m in mentions:
        if m.label in ("PERSON", "ORG") and names_match(m.text, name):
            if len(m.canonical) >= len(name):
                return m.canonical
    return name


def _canonical_speaker(q, mentions):
    import dataclasses
    return dataclasses.replace(q, speaker=_resolve_name(q.speaker, q.speaker_span, mentions))


def _canonical_source(a, mentions):
    import dataclasses
    return dataclasses.replace(a, source=_resolve_name(a.source, a.span, mentions) or a.source)
