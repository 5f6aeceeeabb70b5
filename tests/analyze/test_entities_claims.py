"""Within-report names, claims, framing and relations on the seed pair (real spaCy model)."""
from pathlib import Path

import pytest

from counterpoint.analyze.claims import extract_claims
from counterpoint.analyze.entities import extract_mentions
from counterpoint.analyze.framing import extract_framing
from counterpoint.analyze.names import names_match, translit_key
from counterpoint.analyze.nlp import get_nlp
from counterpoint.analyze.relations import extract_relations

SEED = Path(__file__).resolve().parents[2] / "examples" / "seed-pair"


@pytest.fixture(scope="module")
def docs():
    nlp = get_nlp()
    return {k: nlp((SEED / f"report-{k}.txt").read_text(encoding="utf-8")) for k in "ab"}


def test_names_match_transliterations_and_particles():
    assert names_match("Abbas Araghchi", "Abbas Araqchi")
    assert names_match("Bashar al-Assad", "Bashar Assad")
    assert names_match("Assad", "Bashar al-Assad")
    assert names_match("Mehdi Irannejad", "Mehdi iran-Nejad")
    assert not names_match("Hakan Fidan", "Recep Tayyip Erdogan")
    assert not names_match("Iraq", "Iran")
    assert translit_key("Araghchi") == translit_key("Araqchi")


def test_within_report_resolution(docs):
    ma, aliases_a = extract_mentions(docs["a"], "a")
    mb, aliases_b = extract_mentions(docs["b"], "b")
    assert ("Assad", "Bashar al-Assad") in aliases_a
    assert ("HTS", "Hayat Tahrir al-Sham") in aliases_b
    assert ("Fidan", "Hakan Fidan") in aliases_b
    assert ("Araghchi", "Abbas Araqchi") in aliases_b      # b spells the surname both ways
    assert not any(m.canonical == "Iraq" and m.text == "Iraqi" for m in mb)   # demonyms stay apart
    for m in ma + mb:
        text = docs[m.span.report].text
        assert text[m.span.start:m.span.end] == m.text


def test_claims_carry_spans_sources_and_hedges(docs):
    doc = docs["b"]
    mentions, _ = extract_mentions(doc, "b")
    claims = extract_claims(doc, "b", mentions, [], [], [], [], [])
    first = claims[0]
    assert first.text.startswith("Hundreds of Iran-backed Shiite militia fighters")
    assert first.hedge == "reportedly"
    assert first.predicate == "cross"
    for c in claims:
        assert doc.text[c.span.start:c.span.end] == c.text
    assert any(c.source == "Associated Press" and c.predicate == "prompt" for c in claims)


def test_framing_terms_tied_to_actors(docs):
    mb, _ = extract_mentions(docs["b"], "b")
    terms = {t.text: t for t in extract_framing(docs["b"], "b", mb)}
    assert terms["dictator Bashar Assad"].target == "Bashar Assad"
    assert "Assad regime" in terms
    assert "brutal al-Qaeda offshoot" in terms
    assert terms["stubbornly insisting"].target == "Bashar Assad"


def test_relations_allies_and_partners(docs):
    ma, _ = extract_mentions(docs["a"], "a")
    mb, _ = extract_mentions(docs["b"], "b")
    ra = {(r.subject, r.relation, r.object) for r in extract_relations(docs["a"], "a", ma)}
    rb = {(r.subject, r.relation, r.object) for r in extract_relations(docs["b"], "b", mb)}
    assert ("Turkey", "ally_of", "Bashar al-Assad") in ra
    assert ("Turkey", "partner_of", "Hayat Tahrir al-Sham") in rb
    assert any(r[1] == "leads" and r[0] == "Hayat Tahrir al-Sham" for r in ra)


def test_relation_whose_object_precedes_its_actor_keeps_a_valid_span():
    """'the group the army fights': a relative clause puts the object first; the span still runs forward."""
    from counterpoint.analyze.nlp import get_nlp
    from counterpoint.analyze.relations import extract_relations
    doc = get_nlp()("These are the rebels whom the Syrian army fights every day. The army fights the rebels.")
    for r in extract_relations(doc, "r", []):
        assert 0 <= r.span.start < r.span.end <= len(doc.text)
        assert doc.text[r.span.start:r.span.end] == r.text
