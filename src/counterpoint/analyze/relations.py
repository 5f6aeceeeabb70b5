"""Actor relations a report states: ally_of, partner_of, backs, fights, leads.

From dependency patterns: "Assad's allies in Iran, Turkey, and Russia" -> (Iran|Turkey|Russia, ally_of, Assad);
"Turkey ... partnered with HTS" -> (Turkey, partner_of, HTS); "Iran-backed militias" -> (Iran, backs, militias);
"help Assad battle a surprise offensive" -> (Assad, fights, offensive); "spearheaded by HTS" -> (HTS, leads, ...).
The comparison checks them against each other across reports.
"""
from __future__ import annotations

from typing import Sequence

from ..model import Mention, Relation, Span
from .nlp import doc_text

ALLY_NOUNS = {"ally", "allies", "partner", "partners", "backer", "backers", "patron", "friend"}
FIGHT_VERBS = {"fight", "battle", "attack", "combat", "oppose", "bomb", "strike", "target", "defeat"}
LEAD_VERBS = {"lead", "spearhead", "head", "command"}
PARTNER_VERBS = {"partner", "ally", "side", "cooperate", "team"}
BACK_VERBS = {"back", "support", "arm", "fund", "help", "aid", "assist"}


def _entity(tok, mentions: Sequence[Mention]) -> str | None:
    for m in mentions:
        if m.span.start <= tok.idx < m.span.end and m.label in ("PERSON", "ORG", "GPE", "NORP"):
            return m.canonical
    return None


def _label(tok, mentions: Sequence[Mention]) -> str | None:
    for m in mentions:
        if m.span.start <= tok.idx < m.span.end:
            return m.label
    return None


def _name(tok, mentions) -> str:
    ent = _entity(tok, mentions)
    if ent:
        return ent
    if tok.lower_ in ("which", "who", "that") and tok.head.dep_ == "relcl":
        return _name(tok.head.head, mentions)
    return tok.lemma_.lower()


def _conjuncts(tok) -> list:
    return [tok, *tok.conjuncts]


def extract_relations(doc, report_id: str, mentions: Sequence[Mention]) -> list[Relation]:
    out: list[Relation] = []
    text = doc_text(doc)     # once: Doc.text re-joins every token on each access

    def add(subj_tok, rel, obj_name, anchor_lo, anchor_hi, subj_name=None):
        subj = subj_name or _name(subj_tok, mentions)
        if not subj or subj == obj_name:
            return
        lo, hi = min(anchor_lo, anchor_hi), max(anchor_lo, anchor_hi)   # the object may stand before the actor
        s, e = doc[lo].idx, doc[hi].idx + len(doc[hi].text)
        out.append(Relation(Span(report_id, s, e), subj, rel, obj_name, text[s:e]))

    for tok in doc:
        low = tok.lower_
        # "X's allies in A, B and C" / "allies of X such as A"
        if low in ALLY_NOUNS and tok.pos_ == "NOUN":
            owner = next((c for c in tok.children if c.dep_ == "poss"), None)
            if owner is None:
                owner = next((c for c in tok.children if c.dep_ == "compound" and _entity(c, mentions)), None)
                if owner is not None:   # "its erstwhile HTS allies": too indirect to read safely
                    continue
            members = []
            for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "like", "including")):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    members += _conjuncts(pobj)
            if owner is not None and members:
                owner_name = _name(owner, mentions)
                lo = min([owner.i] + [m.i for m in members])
                hi = max([tok.i] + [m.i for m in members])
                for m in members:
                    add(m, "ally_of", owner_name, lo, hi)
        lemma = tok.lemma_.lower() if tok.pos_ == "VERB" else ""
        if lemma in PARTNER_VERBS or lemma in FIGHT_VERBS or lemma in LEAD_VERBS:
            subj = next((c for c in tok.children if c.dep_ in ("nsubj",)), None)
            if subj is None and tok.dep_ == "conj":
                subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            if lemma in PARTNER_VERBS and subj is not None:
                for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"):
                    for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                        add(subj, "partner_of", _name(pobj, mentions), min(subj.i, tok.i), pobj.i)
            if lemma in FIGHT_VERBS:
                obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
                actor = subj
                if actor is None and tok.dep_ in ("xcomp", "ccomp"):
                    # "help Assad battle an offensive": Assad is the object of help
                    actor = next((c for c in tok.head.children if c.dep_ in ("dobj", "nsubj")), None)
                if actor is None:
                    actor = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                if obj is not None and actor is not None:
                    add(actor, "fights", _name(obj, mentions), min(actor.i, tok.i), obj.i)
            if lemma in LEAD_VERBS and tok.dep_ in ("acl", "relcl") or (lemma in LEAD_VERBS and any(
                    c.dep_ == "agent" for c in tok.children)):
                agent = next((c for c in tok.children if c.dep_ == "agent"), None)
                if agent is not None:
                    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                    if pobj is not None:
                        led = tok.head if tok.dep_ in ("acl", "relcl") else next(
                            (c for c in tok.children if c.dep_ == "nsubjpass"), None)
                        if led is not None:
                            # "called HTS": the real name is inside the agent phrase
                            named = next((t for t in pobj.subtree if _entity(t, mentions) and _label(t, mentions)
                                          in ("ORG", "PERSON")), None) or next(
                                (t for t in pobj.subtree if _entity(t, mentions)), pobj)
                            led_name = led.lemma_.lower() if not _entity(led, mentions) else _name(led, mentions)
                            if led.lower_ in ("which", "who", "that"):
                                led_name = led.head.head.lemma_.lower()
                            add(named, "leads", led_name, min(led.i, tok.i), max(t.i for t in pobj.subtree))
        # "Iran-backed militias"
        if low.endswith("-backed") or (tok.lower_ == "backed" and tok.i > 0 and doc[tok.i - 1].text == "-"):
            backer = tok if low.endswith("-backed") else doc[tok.i - 2]
            name = _entity(backer, mentions) or backer.text.split("-")[0]
            add(backer, "backs", tok.head.lemma_.lower(), tok.i, tok.head.i, subj_name=name)
    uniq = {(r.subject, r.relation, r.object, r.span.start): r for r in out}
    return sorted(uniq.values(), key=lambda r: (r.span.start, r.relation))
