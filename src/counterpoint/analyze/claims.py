"""Claims: clause-level units (actor, predicate, object, quantities, times, places, source, hedge).

A clause is a verb with its own subject (the sentence root, a coordinated verb with a subject, an adverbial or
complement clause). Reported speech is unwrapped: for "Iraqi officials said that X", the claim is X with source
"Iraqi officials". These are the units the comparison aligns across reports.
"""
from __future__ import annotations

from typing import Optional, Sequence

from ..model import Attribution, Claim, Mention, Place, Quantity, Quote, Span, TimeRef
from .nlp import doc_text

SUBJ = {"nsubj", "nsubjpass", "csubj", "expl"}
CLAUSE_DEPS = {"ROOT", "conj", "ccomp", "advcl", "relcl", "parataxis"}
SPEECH = {"say", "tell", "confirm", "report", "add", "state", "announce", "claim", "insist", "speculate",
          "describe", "note", "warn", "explain", "deny", "allege", "argue", "believe", "suggest", "accord"}
HEDGES = {"reportedly", "allegedly", "purportedly", "apparently", "possibly", "likely", "unconfirmed",
          "speculated", "claimed", "insisted", "rumored", "rumoured", "supposedly", "may", "might", "could"}
MIN_TOKENS = 4


def _is_clause_head(tok) -> bool:
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    if tok.dep_ == "ROOT":
        return True
    if tok.pos_ == "VERB" and tok.dep_ in ("pcomp", "acl", "xcomp") and any(c.dep_ == "nsubj" for c in tok.children):
        return True   # "within hours of Araghchi meeting with Assad": a clause of its own
    if tok.dep_ not in CLAUSE_DEPS:
        return False
    if tok.dep_ in ("conj", "advcl", "relcl"):
        return any(c.dep_ in SUBJ for c in tok.children) or tok.dep_ == "relcl"
    return True


def _clause_tokens(head, heads: set) -> list:
    out, stack = [], [head]
    while stack:
        t = stack.pop()
        out.append(t)
        for c in t.children:
            if c.i in heads and c is not head:
                continue
            stack.append(c)
    return sorted(out, key=lambda t: t.i)


CONTENT_POS = {"NOUN", "PROPN", "NUM", "VERB", "ADJ"}
LIGHT_VERBS = {"be", "have", "do", "say", "make", "get", "go", "come", "take", "seem"}


def entity_key(name: str, label: str) -> str:
    """A key two reports share for one entity: places and demonyms by their first letters ("Iraq"/"Iraqi"),
    people and groups by the transliteration key of the last name token."""
    from .names import name_tokens, translit_key
    toks = name_tokens(name)
    if not toks:
        return "ent:" + name.lower()
    if label in ("GPE", "NORP", "LOC") and len(toks) == 1:
        return "ent:" + toks[0][:4]
    return "ent:" + translit_key(toks[-1])


def mention_at(mentions: Sequence[Mention], token_starts: Sequence[int]) -> dict[int, Mention]:
    """Token start offset -> the first mention (in list order) covering it; built once per document."""
    import bisect
    out: dict[int, Mention] = {}
    for m in mentions:
        k = bisect.bisect_left(token_starts, m.span.start)
        while k < len(token_starts) and token_starts[k] < m.span.end:
            out.setdefault(token_starts[k], m)
            k += 1
    return out


def claim_terms(toks, mentions: Sequence[Mention], at: Optional[dict[int, Mention]] = None) -> tuple[str, ...]:
    terms = set()
    if at is None:
        at = mention_at(mentions, sorted(t.idx for t in toks))
    for t in toks:
        m = at.get(t.idx)
        if m is not None:
            terms.add(entity_key(m.canonical, m.label))
            continue
        if t.pos_ in CONTENT_POS and not t.is_stop and t.lemma_.lower() not in LIGHT_VERBS and len(t.text) > 1:
            terms.add(t.lemma_.lower())
    return tuple(sorted(terms))


def _phrase(tok) -> tuple[str, int, int]:
    toks = sorted(tok.subtree, key=lambda t: t.i)
    s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    return tok.doc[toks[0].i:toks[-1].i + 1].text, s, e     # Span.text: Doc.text rebuilds the whole text


def _inside(span: Span, start: int, end: int) -> bool:
    return start <= span.start and span.end <= end


def extract_claims(doc, report_id: str, mentions: Sequence[Mention], quantities: Sequence[Quantity],
                   times: Sequence[TimeRef], places: Sequence[Place], quotes: Sequence[Quote],
                   attributions: Sequence[Attribution]) -> list[Claim]:
    claims: list[Claim] = []
    text_all = doc_text(doc)     # once: each Doc.text access joins every token again
    at = mention_at(mentions, [t.idx for t in doc])
    for s_index, sent in enumerate(doc.sents):
        if not sent.text.strip():
            continue
        heads = {t.i for t in sent if _is_clause_head(t)}
        if not heads and sum(1 for t in sent if t.pos_ in CONTENT_POS) >= MIN_TOKENS:
            # a headline or a sentence the parser gave no verb clause ("Four armed robbers --two dressed as
            # women --made off with ..."): the sentence itself is the claim
            heads = {sent.root.i}
        for h in sorted(heads):
            head = doc[h]
            # A speech verb whose complement is its own clause: the complement is the claim.
            if head.lemma_ in SPEECH and any(c.dep_ == "ccomp" and c.i in heads for c in head.children):
                continue
            toks = [t for t in _clause_tokens(head, heads) if not t.is_space]
            content = [t for t in toks if not t.is_punct]
            if len(content) < MIN_TOKENS:
                continue
            start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            while end > start and text_all[end - 1] in " ,;:—–-":
                end -= 1
            subj = next((c for c in head.children if c.dep_ in SUBJ), None)
            if subj is None and head.dep_ in ("conj", "xcomp") and head.head is not None:
                subj = next((c for c in head.head.children if c.dep_ in SUBJ), None)
            obj = next((c for c in head.children if c.dep_ in ("dobj", "attr", "oprd")), None)
            if obj is None:
                prep = next((c for c in head.children if c.dep_ in ("prep", "agent")), None)
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
            actor = actor_span = None
            if subj is not None:
                text, s, e = _phrase(subj)
                actor_span = Span(report_id, s, e)
                head_tok = subj.idx
                inner = [m for m in mentions if m.span.start <= head_tok < m.span.end]
                actor = inner[0].canonical if inner else text
            object_ = object_span = None
            if obj is not None:
                text, s, e = _phrase(obj)
                object_, object_span = text, Span(report_id, s, e)
            source = hedge = None
            quoted = False
            # the attribution whose content holds this clause; failing that, one whose content starts inside it
            # (never the clause's own subject: 'X entered Syria to support ...' is not X's account)
            holding = [a for a in attributions if a.content_span is not None
                       and a.content_span.start <= start < a.content_span.end]
            inside = [a for a in attributions if a.content_span is not None and start <= a.content_span.start < end
                      and (head.lemma_ in SPEECH or not (actor_span is not None
                                                         and actor_span.start <= a.span.start < actor_span.end))]
            for a in holding[:1] or inside[:1]:
                source, hedge = a.source, a.hedge or hedge
            for q in quotes:
                if q.direct and q.span.start <= start and end <= q.span.end + 1:
                    quoted = True
                    source = source or q.speaker
            # A speech verb right above this clause names its source.
            if source is None and head.dep_ == "ccomp" and head.head.lemma_ in SPEECH:
                sp = next((c for c in head.head.children if c.dep_ in SUBJ), None)
                if sp is not None:
                    text, s, e = _phrase(sp)
                    inner = [m for m in mentions if _inside(m.span, s, e)]
                    source = inner[0].canonical if inner else text
            for t in sent:
                if t.lower_ in HEDGES and (t.lower_ not in ("may", "might", "could") or t.head.i in [x.i for x in toks]):
                    hedge = hedge or t.lower_
            span = Span(report_id, start, end)
            claims.append(Claim(
                id=f"{report_id}:c{len(claims)}", span=span, text=text_all[start:end], sentence=s_index,
                actor=actor, actor_span=actor_span, predicate=head.lemma_.lower(),
                predicate_span=Span(report_id, head.idx, head.idx + len(head.text)),
                object=object_, object_span=object_span,
                negated=any(c.dep_ == "neg" for c in head.children),
                quantities=tuple(i for i, q in enumerate(quantities) if _inside(q.span, start, end)),
                times=tuple(i for i, t in enumerate(times) if _inside(t.span, start, end)),
                places=tuple(i for i, p in enumerate(places) if _inside(p.span, start, end)),
                entities=tuple(sorted({m.canonical for m in mentions if _inside(m.span, start, end)})),
                source=source, hedge=hedge, quoted=quoted, terms=claim_terms(toks, mentions, at)))
    return claims
