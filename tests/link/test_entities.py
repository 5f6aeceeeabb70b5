"""Cross-report entities: nicknames, and names the tagger missed in one report found through another report."""
from counterpoint.link.entities import link_entities, same_name
from counterpoint.model import Analysis, Mention, Report, Span, content_hash


def _analysis(text, names):
    rid = content_hash(text)
    ms = []
    for name, label in names:
        s = text.index(name)
        ms.append(Mention(Span(rid, s, s + len(name)), name, label, name))
    return Analysis(Report(rid, text, path=f"{rid}.txt"), "1", mentions=tuple(ms))


def test_nicknames_and_titles():
    assert same_name("Bill Hakim", "Trooper William Hakim")
    assert same_name("Sandi Jackson", "Sandra Jackson")
    assert not same_name("Bill Hakim", "Robert Hakim")
    assert not same_name("Bill", "William")          # a given name alone is no identity


def test_a_name_untagged_in_one_report_joins_the_entity_tagged_in_another():
    a = _analysis("Heydar Alishbandi, Governor of Qeshm island, said five villages were hit. "
                  "Mr Alishbandi told AFP more.", [])
    c = _analysis("Qeshm Gov. Heidar Alishvandi said 50 were injured.", [("Heidar Alishvandi", "PERSON")])
    entities = link_entities([a, c])
    person = next(e for e in entities if e.name == "Heidar Alishvandi")
    texts = {(m.span.report, m.text) for m in person.mentions}
    assert (a.report.id, "Heydar Alishbandi") in texts
    assert (a.report.id, "Mr Alishbandi") in texts
    for m in person.mentions:
        src = a if m.span.report == a.report.id else c
        assert src.report.text[m.span.start:m.span.end] == m.text


def test_no_mention_added_for_a_different_person():
    a = _analysis("Heydar Rostami spoke to reporters.", [])
    c = _analysis("Heidar Alishvandi said 50 were injured.", [("Heidar Alishvandi", "PERSON")])
    person = next(e for e in link_entities([a, c]) if e.name == "Heidar Alishvandi")
    assert {m.span.report for m in person.mentions} == {c.report.id}


def _with_claim(text, names):
    from counterpoint.model import Claim
    a = _analysis(text, names)
    rid = a.report.id
    claim = Claim(f"{rid}:c0", Span(rid, 0, len(text)), text, 0, predicate="wound",
                  terms=("wound", "dalton", "shoot", "plant"))
    import dataclasses
    return dataclasses.replace(a, claims=(claim,))


def test_one_person_two_given_names_is_an_actor_conflict():
    from counterpoint.config import Settings
    from counterpoint.link import compare
    b = _with_claim("Brian Dalton was wounded in the shooting at the plant.", [("Brian Dalton", "PERSON")])
    c = _with_claim("Bryant A. Dalton was wounded in the shooting at the plant.", [("Bryant A. Dalton", "PERSON")])
    cmp = compare([b, c], Settings(embeddings=False, align_threshold=0.3))
    named = [f for f in cmp.findings if f.kind == "conflict" and f.slot == "actor"]
    assert len(named) == 1 and {e.text for e in named[0].evidence} == {"Brian Dalton", "Bryant A. Dalton"}
    # a family is not one person: two Daltons in one report
    fam = _with_claim("Brian Dalton and Mary Dalton were wounded in the shooting at the plant.",
                      [("Brian Dalton", "PERSON"), ("Mary Dalton", "PERSON")])
    cmp = compare([fam, c], Settings(embeddings=False, align_threshold=0.3))
    assert not [f for f in cmp.findings if f.kind == "conflict" and f.slot == "actor"]


def test_abbreviations_and_acronyms_name_the_same_organisation():
    assert same_name("US Geological Survey", "United States Geological Survey")
    assert same_name("U. S. Geological Survey", "United States Geological Survey")
    assert same_name("USGS", "United States Geological Survey")
    assert same_name("Aoraki/Mt. Cook National Park", "Aoraki Mount Cook National Park")
    assert not same_name("USGS", "United Nations Security Council")
    assert not same_name("NATO", "National Geographic")


NAMES = ["Abbas Araghchi", "Abbas Araqchi", "Araghchi", "Bashar al-Assad", "Bashar Assad", "Assad", "Bou Kamal",
         "Abu Kamal", "Albukamal", "USGS", "United States Geological Survey", "U.S. Geological Survey", "U.S.",
         "United States", "US", "Bob Menendez", "Robert Menendez", "Menendez", "Mo Cowan", "Maurice Cowan",
         "William Cowan", "Cowen", "Heydar Alishbandi", "Heidar Alishvandi", "Mr Alishbandi", "HTS",
         "Hayat Tahrir al-Sham", "Mt. Cook", "Mount Cook", "Aoraki/Mount Cook", "NYPD", "New York Police Department",
         "Jesse Jackson Jr.", "Jesse L. Jackson Jr.", "Sandra Jackson", "Iran", "Iraq", "Qeshm", "Gheshm"]


def test_the_name_index_never_drops_a_pair_that_matches():
    """Linking compares only the pairs candidate_name_pairs offers: every matching pair must be among them."""
    from counterpoint.link.entities import candidate_name_pairs
    cands = candidate_name_pairs(NAMES)
    matching = {(min(a, b), max(a, b)) for i, a in enumerate(NAMES) for b in NAMES[i + 1:] if same_name(a, b)}
    assert len(matching) >= 15
    assert matching <= cands, sorted(matching - cands)
    assert len(cands) < len(NAMES) * (len(NAMES) - 1) / 4      # and it does rule pairs out
