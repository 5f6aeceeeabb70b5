"""The phrase ruler before the NER: EntityRuler semantics without tokenizing 15,000 patterns at start-up."""
import json

import pytest

from counterpoint.analyze.nlp import PhraseRuler, get_nlp


def test_longest_match_on_token_boundaries_only():
    import spacy
    nlp = spacy.blank("en")
    ruler = PhraseRuler()
    ruler.add_patterns([{"label": "GPE", "pattern": "York"}, {"label": "GPE", "pattern": "New York"},
                        {"label": "GPE", "pattern": "Iraq"}, {"label": "ORG", "pattern": "Hamas"},
                        {"label": "GPE", "pattern": "Hamas"}])
    doc = ruler(nlp("Iraqis in New York and York met Hamas officials in Iraq."))
    assert [(e.text, e.label_) for e in doc.ents] == [("New York", "GPE"), ("York", "GPE"), ("Hamas", "ORG"),
                                                      ("Iraq", "GPE")]


def test_a_match_replaces_the_entity_it_overlaps():
    import spacy
    from spacy.tokens import Span
    nlp = spacy.blank("en")
    doc = nlp("Fighters crossed at Bou Kamal on Sunday.")
    doc.ents = [Span(doc, 4, 5, label="ORG"), Span(doc, 6, 7, label="DATE")]      # "Kamal", "Sunday"
    ruler = PhraseRuler()
    ruler.add_patterns([{"label": "GPE", "pattern": "Bou Kamal"}])
    assert [(e.text, e.label_) for e in ruler(doc).ents] == [("Bou Kamal", "GPE"), ("Sunday", "DATE")]


def test_token_patterns_are_refused():
    with pytest.raises(ValueError):
        PhraseRuler().add_patterns([{"label": "ORG", "pattern": [{"LOWER": "hts"}]}])


@pytest.mark.slow
def test_the_pipeline_tags_gazetteer_places_and_groups():
    doc = get_nlp()("Hayat Tahrir al-Sham fighters moved from Idlib towards Albukamal.")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("Hayat Tahrir al-Sham", "ORG") in ents and ("Idlib", "GPE") in ents


@pytest.mark.slow
def test_the_pattern_cache_is_rebuilt_when_damaged(tmp_path, monkeypatch):
    from counterpoint.analyze import gazetteer
    monkeypatch.setattr(gazetteer, "_PATTERNS", None)
    path = gazetteer._patterns_path(tmp_path)
    path.write_text("{not json", encoding="utf-8")
    pats = gazetteer.ruler_patterns(cache_dir=tmp_path)
    assert len(pats) > 1000 and json.loads(path.read_text(encoding="utf-8")) == pats
    monkeypatch.setattr(gazetteer, "_PATTERNS", None)
    assert gazetteer.ruler_patterns(cache_dir=tmp_path) == pats
