"""The indexed attribute-ruler match returns what spaCy's Matcher-based one returns, token for token."""
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "examples"
SENTENCES = [
    "I'd say he isn't coming, but they're not sure whether it will rain.",
    "Something happened to anyone who said nothing; everybody knew it.",
    "The U.S. Geological Survey put the magnitude at 5.9 -- it's been 25 years since the last one.",
    "“We've learned from Columbine,” the commissioner said.\n\nThose officers did an outstanding job.",
    "",
]


def _texts():
    files = sorted(EXAMPLES.glob("*/report-*.txt")) + sorted(EXAMPLES.glob("dev/case-0*/report-*.txt"))
    return SENTENCES + [f.read_text(encoding="utf-8") for f in files]


def test_indexed_match_equals_spacys_match():
    from counterpoint.analyze.nlp import IndexedAttributeMatch, _load_model
    nlp = _load_model("auto")
    ruler = nlp.get_pipe("attribute_ruler")
    fast = IndexedAttributeMatch(ruler)
    assert len(fast.residual) < len(ruler.patterns) / 4          # most patterns go through the index
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        docs = list(nlp.pipe(_texts()))
    assert len(docs) > 5
    for doc in docs:
        assert fast(doc) == type(ruler).match(ruler, doc)


def test_the_pipeline_uses_it_and_tags_as_before():
    from counterpoint.analyze.nlp import IndexedAttributeMatch, _load_model, get_nlp
    nlp = get_nlp()
    assert isinstance(nlp.get_pipe("attribute_ruler").match, IndexedAttributeMatch)
    plain = _load_model("auto")
    for text in SENTENCES[:4]:
        a, b = nlp(text), plain(text)
        assert [(t.pos_, str(t.morph), t.lemma_) for t in a] == [(t.pos_, str(t.morph), t.lemma_) for t in b]
