"""Hand-built Comparisons for the renderer tests (no models loaded)."""
from __future__ import annotations

from counterpoint.model import (Analysis, Attribution, Comparison, Entity, Evidence, Finding, FramingTerm, Mention,
                                Place, Quote, Removed, Report, Sentence, SlotValue, Span, content_hash)

TEXT_A = ("About 200 Iraqi fighters crossed into Syria overnight through the Bou Kamal crossing, "
          "the Syrian Observatory said. Foreign Minister Abbas Araghchi said Iran would \"provide any support "
          "needed\" to the Assad regime.")
TEXT_B = ("Iraqi security officials said at least three hundred militia fighters used a dirt road to slip into "
          "Syria on Sunday. Iranian Foreign Minister Abbas Araqchi confirmed it.\n\n"
          "Comments (12) | Share this article")


def span(rid: str, text: str, needle: str, nth: int = 0) -> Span:
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    return Span(rid, i, i + len(needle))


def ev(rid: str, text: str, needle: str) -> Evidence:
    return Evidence(span(rid, text, needle), needle)


def make_comparison(text_a: str = TEXT_A, text_b: str = TEXT_B, *, title_a: str = "Militias cross into Syria",
                    url_a: str | None = "https://example.org/a?x=1&y=2", outlet_b: str | None = "Daily B",
                    extra_findings: tuple[Finding, ...] = ()) -> Comparison:
    a_id, b_id = content_hash(text_a), content_hash(text_b)
    footer = span(b_id, text_b, "Comments (12) | Share this article")
    ra = Report(id=a_id, text=text_a, path="cases/report-a.txt", title=title_a, outlet=None,
                published="2024-12-02", published_source="manifest", url=url_a)
    rb = Report(id=b_id, text=text_b, path="cases/report-b.txt", title=None, outlet=outlet_b,
                published="2024-12-02", removed=(Removed(footer, "comment-section footer"),))
    qa_ = span(a_id, text_a, "provide any support needed")
    analysis_a = Analysis(
        report=ra, pipeline_version="test-1",
        sentences=(Sentence(Span(a_id, 0, text_a.index(". ") + 1), text_a[:text_a.index(". ") + 1]),),
        mentions=(Mention(span(a_id, text_a, "Abbas Araghchi"), "Abbas Araghchi", "PERSON", "Abbas Araghchi"),),
        places=(Place(span(a_id, text_a, "Bou Kamal"), "Bou Kamal", "Abu Kamal", 34.45, 40.92, "SY", "city"),
                Place(span(a_id, text_a, "Syria"), "Syria", "Syria", 35.0, 38.0, "SY", "country")),
        quotes=(Quote(qa_, qa_.text(text_a), "Abbas Araghchi", span(a_id, text_a, "Abbas Araghchi"), "said",
                      span(a_id, text_a, "said", 1), True),),
        attributions=(Attribution(span(a_id, text_a, "the Syrian Observatory"), "Syrian Observatory",
                                  Span(a_id, 0, 84), "said", "said"),),
        framing=(FramingTerm(span(a_id, text_a, "regime"), "regime", "Assad", "label"),),
    )
    analysis_b = Analysis(
        report=rb, pipeline_version="test-1",
        mentions=(Mention(span(b_id, text_b, "Abbas Araqchi"), "Abbas Araqchi", "PERSON", "Abbas Araqchi"),),
        places=(Place(span(b_id, text_b, "dirt road"), "dirt road", None, None, None, resolved=False),),
        attributions=(Attribution(span(b_id, text_b, "Iraqi security officials"), "Iraqi security officials",
                                  None, "said", "said", hedge=None),),
        framing=(FramingTerm(span(b_id, text_b, "militia fighters"), "militia fighters", "Iraqi fighters",
                             "label"),),
    )
    agree = Finding("f-agree", "agreement", "actor", "Both say Iraqi fighters crossed into Syria.",
                    (ev(a_id, text_a, "Iraqi fighters crossed into Syria"),
                     ev(b_id, text_b, "militia fighters used a dirt road to slip into Syria")),
                    rule="same actor and action", reports=(a_id, b_id), origins=2, score=0.8)
    conflict = Finding("f-count", "conflict", "quantity", "Quantity conflict (fighters): about 200 vs at least 300.",
                       (ev(a_id, text_a, "About 200"), ev(b_id, text_b, "at least three hundred")),
                       rule="the intervals [180, 220] and [300, inf) do not overlap",
                       values=(SlotValue(a_id, "About 200", "200 (approx)", "Syrian Observatory"),
                               SlotValue(b_id, "at least three hundred", ">= 300", "Iraqi security officials")),
                       reports=(a_id, b_id), origins=2, score=0.9)
    # Overlaps the agreement evidence in report A ("Syria overnight through the Bou Kamal crossing").
    place = Finding("f-place", "conflict", "place", "Place conflict: Bou Kamal crossing vs a dirt road.",
                    (ev(a_id, text_a, "Syria overnight through the Bou Kamal crossing"),
                     ev(b_id, text_b, "dirt road")),
                    rule="different routes", values=(SlotValue(a_id, "Bou Kamal", "Abu Kamal"),
                                                     SlotValue(b_id, "a dirt road", None)),
                    reports=(a_id, b_id), origins=2)
    partial = Finding("f-time", "partial", "time", "Time differs: overnight vs Sunday.",
                      (ev(a_id, text_a, "overnight"), ev(b_id, text_b, "on Sunday")),
                      rule="the spans touch", values=(SlotValue(a_id, "overnight", "2024-12-01T18/2024-12-02T06"),
                                                      SlotValue(b_id, "on Sunday", "2024-12-01")),
                      reports=(a_id, b_id), origins=2)
    unique = Finding("f-uniq", "unique", None, "Only report-a says Iran would provide support.",
                     (ev(a_id, text_a, "Iran would \"provide any support needed\" to the Assad regime"),),
                     reports=(a_id,), origins=1)
    entities = (Entity("e-araghchi", "Abbas Araghchi", "PERSON",
                       (analysis_a.mentions[0], analysis_b.mentions[0])),)
    # Deliberately not in reading order: the renderers must put conflicts first.
    findings = (agree, unique, partial, conflict, place) + extra_findings
    return Comparison((ra, rb), (analysis_a, analysis_b), entities, findings, ((a_id,), (b_id,)),
                      ("test note: hand-built",))
