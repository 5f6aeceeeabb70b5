"""Who says what: direct quotes, indirect speech, "according to", and hedges, on the spaCy parse.

One pass builds :class:`Record` s (source span, cue span, content segments, kind, hedge), one per cue; the
public :func:`extract_attributions` turns them into the model's :class:`Quote` and :class:`Attribution`.

- Direct quotes come from the quote marks (:mod:`.quotes`); each finds its cue after the closing mark
  ("“...,” Fidan said"), or among the quote's syntactic ancestors ("Fidan said his government will “...”",
  "describing them as “...”" -> the subject of the governing clause), or at the end of the previous sentence
  ("He said:"), or it continues the quote just before it by the same speaker.
- Indirect speech: a cue verb with a clausal complement ("X said (that) ...", "X confirmed that ...",
  "X was quoted as saying ..."), an infinitive for intention verbs ("X vowed to ..."), or a parenthetical cue
  after the content ("..., the monitor said.").
- "according to X, ..." and hedge adverbs (reportedly, allegedly, purportedly): a hedge adverb on a verb no named
  source governs gives an attribution to "unnamed reports".
Speakers keep the surface span ("He", "Fidan"); the name is resolved safely: a pronoun to the nearest preceding
PERSON (he/she) or to the last named speaker, a surname to the fuller name mentioned earlier in the document.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..model import Attribution, Quote, Span
from .nlp import doc_text
from .names import TITLES, name_tokens, same_token
from .quotes import find_quote_marks

# Verbs that introduce what someone said, wrote, thinks or intends (lemmas).
SPEECH_VERBS_BASE = {
    "say", "tell", "add", "note", "claim", "insist", "argue", "explain", "write", "tweet", "post", "report",
    "confirm", "deny", "announce", "state", "declare", "warn", "predict", "suggest", "believe", "think", "know",
    "feel", "hope", "fear", "expect", "acknowledge", "admit", "assert", "allege", "contend", "maintain",
    "reply", "respond", "ask", "urge", "describe", "speculate", "estimate", "indicate", "reveal", "learn",
    "recall", "promise", "pledge", "vow", "threaten", "agree", "complain", "stress", "emphasize", "emphasise",
    "concede", "worry", "doubt", "wonder", "testify", "quip", "joke", "boast", "continue", "conclude",
    "observe", "remark", "mention", "comment", "caution", "counter", "retort", "signal", "hint", "imply",
    "guess", "reckon", "assume", "understand", "realize", "realise", "tout", "brag", "lament", "grumble",
    "muse", "scream", "shout", "yell", "exclaim", "whisper", "announce", "proclaim", "affirm", "reiterate",
    "reaffirm", "show", "find", "conclude", "determine", "decide", "demand", "propose", "recommend", "order",
    "plan", "want", "intend", "seek", "refuse", "decline", "promise", "imagine", "pray",
    "charge", "accuse", "inform", "assure", "remind", "notify", "advise", "caution", "question", "wish",
    "calculate", "project", "forecast", "speculate", "theorize", "posit", "opine", "declare", "write",
    "blog", "email", "text", "wonder", "see", "read", "hear", "point", "insinuate", "quote", "answer", "repeat",
    "rubbish", "trash", "scoff", "concur", "retort", "muse", "sum", "boom",
    "thunder", "snap", "bellow", "roar", "shriek", "cry", "sob", "plead", "beg", "gush", "sigh", "marvel",
    "recount", "relate", "describe", "elaborate", "clarify", "quote", "chime", "interject", "rule", "contend",
}
# Cues that only introduce direct quotes ("he continued, “...”"), never indirect speech.
QUOTE_ONLY = {"continue", "read", "hear", "sum", "boom", "thunder", "snap", "bellow", "roar", "shriek", "cry",
              "sob", "gush", "sigh", "marvel", "chime", "interject"}
# Cues whose infinitive complement is the content ("vowed to return").
INTENT_VERBS = {"promise", "pledge", "vow", "threaten", "plan", "want", "intend", "seek", "refuse", "decline",
                "hope", "expect", "agree", "wish", "decide", "propose", "demand",
                "urge", "ask", "tell", "order", "advise", "remind", "warn"}
# Plain speech verbs whose complement may be misparsed as an object ("said at least three hundred ... used").
SAY_CORE = {"say", "tell", "claim", "insist", "add", "report", "state", "write", "tweet", "argue", "warn",
            "confirm", "announce", "allege", "believe", "think", "predict", "acknowledge", "admit"}
# Cues whose content may be a noun phrase: "X criticized Clinton's record", "X called the show “...”".
NOMINAL_CUES = {"criticize", "criticise", "praise", "call", "accuse", "denounce", "endorse", "support", "oppose",
                "defend", "slam", "blast", "attack", "blame", "condemn", "thank", "mention", "discuss", "describe",
                "question", "reject", "dismiss", "applaud", "welcome", "cite", "recommend", "propose", "announce",
                "deny", "acknowledge", "admit", "confirm", "predict", "promise", "demand", "ask", "urge", "tout",
                "mock", "ridicule", "dispute", "challenge", "reference", "highlight", "pledge", "vow", "warn",
                "decry", "lament", "hail", "insult", "label", "brand", "dub", "characterize", "portray",
                "refer", "talk", "speak", "complain", "argue", "insist", "write", "tweet", "add", "declare", "state",
                "report", "reveal", "note", "stress", "emphasize", "recall", "suggest", "claim", "tell", "say",
                "express", "voice", "signal", "favor", "prefer", "want", "need", "expect", "fear", "predict",
                "estimate"}
SPEECH_VERBS = SPEECH_VERBS_BASE | NOMINAL_CUES
# Cues only with a particular object: "put the epicentre at 58km" (an estimate), "handed down charges to X"
# (an accusation); their content is that object, as for the nominal cues.
OBJECT_CUES = {"put", "hand", "file", "bring", "level", "lodge", "press"}
# Cues of thinking and wanting: inside someone else's reported content they are part of it.
WEAK_CUES = {"want", "know", "think", "believe", "see", "expect", "plan", "need", "feel", "hope", "fear", "seek",
             "favor", "prefer", "understand", "realize", "wish", "intend", "decide", "guess", "imagine", "agree"}
# Evidential verbs: "..., suggesting that ..." has no speaker of its own.
EVIDENTIAL = {"suggest", "indicate", "show", "signal", "imply", "mean", "reveal", "find"}
NOT_SOURCES = {"us", "you", "me", "him", "them", "that", "which", "this", "there", "what", "it"}
# Cue verbs that cast doubt on what they introduce.
HEDGE_VERBS = {"speculate", "insist", "claim", "allege", "purport", "contend"}
HEDGE_ADVERBS = {"reportedly", "allegedly", "purportedly", "supposedly", "ostensibly"}
PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "him", "her", "them"}
SUBJ = ("nsubj", "nsubjpass", "csubj")
UNNAMED = "unnamed reports"
# People a report quotes by role alone: "a senior fire department official", "one union official", "a family
# friend". Their speaker is marked "(unnamed)", as analysts mark anonymous sourcing.
ROLE_NOUNS = {"official", "officer", "spokesman", "spokeswoman", "spokesperson", "aide", "witness", "friend",
              "manager", "employee", "worker", "source", "resident", "neighbor", "neighbour", "diplomat", "analyst",
              "lawyer", "attorney", "investigator", "detective", "doctor", "nurse", "man", "woman", "person",
              "relative", "colleague", "survivor", "passenger", "soldier", "commander", "guard", "staffer",
              "insider", "expert", "observer", "activist", "member", "executive", "negotiator", "adviser",
              "advisor", "prosecutor", "student", "teacher", "officials", "sources", "witnesses", "residents"}
UNNAMED_MARK = " (unnamed)"


@dataclass
class Record:
    """One attribution relation found in the parse; offsets are character offsets into ``doc.text``."""
    cue: Optional[tuple[int, int]]
    cue_lemma: Optional[str]
    source: Optional[tuple[int, int]]       # where the source appears (the pronoun/surname itself)
    source_name: Optional[str]
    content: list[tuple[int, int]]          # segments: the reported clause, or the quotes' contents
    kind: str                               # quote | said | according_to | hedge
    hedge: Optional[str] = None
    quotes: list[tuple[int, int]] = field(default_factory=list)   # direct quotes (content without marks)
    cue_token: Optional[int] = None

    @property
    def content_envelope(self) -> Optional[tuple[int, int]]:
        if not self.content:
            return None
        return min(s for s, _ in self.content), max(e for _, e in self.content)


# ----------------------------------------------------------------------------------------------- helpers

def _tok_span(tokens) -> Optional[tuple[int, int]]:
    toks = [t for t in tokens if not t.is_space]
    while toks and (toks[0].is_punct and toks[0].text not in "“\"‘(") :
        toks = toks[1:]
    while toks and toks[-1].is_punct and toks[-1].text not in "”\"’)":
        toks = toks[:-1]
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _subtree_span(tok, exclude=()) -> Optional[tuple[int, int]]:
    """The contiguous stretch of ``tok``'s subtree, cut before any excluded token."""
    ex = {t.i for e in exclude for t in e.subtree}
    toks = [t for t in tok.subtree if t.i not in ex]
    if not toks:
        return None
    # keep the contiguous run that contains tok
    idx = [t.i for t in toks]
    lo = hi = tok.i
    s = set(idx)
    while lo - 1 in s:
        lo -= 1
    while hi + 1 in s:
        hi += 1
    doc = tok.doc
    return _tok_span(doc[lo:hi + 1])


def _subject(verb, max_up: int = 3):
    """The subject of ``verb``, walking up through subject-less participles / infinitives / conjuncts."""
    v = verb
    if verb.lemma_.lower() in EVIDENTIAL:
        max_up = 0
    for _ in range(max_up + 1):
        subjs = [c for c in v.children if c.dep_ in SUBJ]
        # two subjects ("UPDATE: AARP CEO A. Barry Rand said"): the one nearest before the verb
        before = [c for c in subjs if c.i < v.i]
        subj = before[-1] if before else (subjs[0] if subjs else None)
        if subj is None and v.dep_ == "acl" and v.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return v.head      # "officials describing them as ..."
        if subj is not None:
            return subj
        if v.dep_ in ("advcl", "xcomp", "conj", "pcomp", "acl") and v.head.i != v.i:
            v = v.head
            if v.dep_ == "prep":
                v = v.head
            continue
        break
    return None


def _naming(tok) -> bool:
    """'what's called', 'what is known as': a name given, with nobody giving it."""
    kids = list(tok.children)
    return any(c.lower_ == "what" for c in kids) and not any(c.dep_ == "nsubj" for c in kids)


def _inverted_speaker(cue):
    """'“..., ” recalled Benson.': right after a closing quote the parser may take the speaker for the verb's
    object."""
    doc = cue.doc
    closes = ("”", '"', "’")
    if cue.i < 2 or cue.lemma_.lower() in ("tell", "inform", "brief", "ask") or not (
            doc[cue.i - 1].text in closes or (doc[cue.i - 1].text == "," and doc[cue.i - 2].text in closes)):
        return None         # "..., told ISNA": the one told is no speaker
    for t in doc[cue.i + 1: cue.i + 4]:
        if t.head.i == cue.i and t.dep_ in ("dobj", "attr", "npadvmod", "oprd", "appos") and t.pos_ in ("PROPN", "NOUN"):
            return t
        if t.dep_ not in ("det", "compound", "amod"):
            break
    return None


def _trailing_speaker(cue):
    """A source the parser hung off the content: "..., the governor of Qeshm, Mehdi iran-Nejad, told ISNA."

    Only for a subject-less cue right after a comma; the source is the outermost apposition ending there."""
    doc = cue.doc
    if cue.i < 3 or doc[cue.i - 1].text != ",":
        return None
    tok = doc[cue.i - 2]
    if tok.pos_ not in ("PROPN", "NOUN"):
        return None
    seen = 0
    while tok.dep_ in ("appos", "pobj", "prep", "compound", "conj") and tok.head.i != tok.i and seen < 6:
        if tok.dep_ == "appos" and tok.head.dep_ not in ("pobj", "appos", "compound"):
            break
        tok = tok.head
        seen += 1
    if tok.dep_ not in ("appos", "npadvmod") or tok.pos_ not in ("NOUN", "PROPN"):
        return None
    if max(t.i for t in tok.subtree) != cue.i - 2:
        return None
    return tok


def _put_estimate(tok) -> bool:
    """"The US Geological Survey put the epicentre at about 58km": an estimate, attributed to the subject."""
    if tok.pos_ != "VERB" or not any(c.dep_ == "dobj" for c in tok.children):
        return False
    return any(c.dep_ == "prep" and c.lower_ == "at" and any(t.like_num for t in c.subtree) for c in tok.children)


def _charging(tok) -> bool:
    """"The county attorney's office handed down charges to Lasalle", "prosecutors filed charges": the one who
    charges states the accusation."""
    return tok.pos_ == "VERB" and any(c.dep_ == "dobj" and c.lemma_.lower() == "charge" and c.pos_ == "NOUN"
                                      for c in tok.children)


def _preceding_person(cue):
    """A subject-less cue after a named person with no other subject between ("At that event, ..., Blumenthal,
    advocating for troops returning from war, clearly says, “...”"): the person is the speaker."""
    doc = cue.doc
    lo = sent_start(cue)
    for j in range(cue.i - 1, lo - 1, -1):
        t = doc[j]
        if t.dep_ in SUBJ or t.text in ("“", "”", '"', ";"):
            return None
        if t.ent_type_ == "PERSON":      # walking back, the first token met is the name's last
            ent = next(e for e in doc.ents if e.start <= j < e.end)
            root = ent.root
            if root.dep_ in ("dobj", "pobj", "poss", "dative", "attr"):
                return None
            return root
    return None


# Words of office before a name ("EU Commissioner Olli Rehn"): the name module's titles, and more offices.
TITLE_WORDS = {t.rstrip(".") for t in TITLES} | {
    "commissioner", "chairwoman", "chair", "spokesperson", "justice", "sheriff", "ambassador", "finance", "vice",
    "councilman", "councilwoman", "detective", "inspector", "superintendent", "economic", "monetary", "affairs",
    "police", "state", "chancellor", "premier", "head", "capt", "maj"}


def _titled_name(subj) -> Optional[str]:
    """The name in a PROPN run the tagger typed wrong: "EU Commissioner Olli Rehn" -> "Olli Rehn"."""
    doc = subj.doc
    lo = subj.i
    while lo - 1 >= 0 and doc[lo - 1].pos_ == "PROPN" and doc[lo - 1].head.i == subj.i \
            and doc[lo - 1].dep_ == "compound":
        lo -= 1
    run = list(doc[lo:subj.i + 1])
    cut = max((k for k, t in enumerate(run) if t.lower_.rstrip(".") in TITLE_WORDS or t.ent_type_ == "ORG"),
              default=None)
    if cut is None or cut == len(run) - 1:
        return None
    name = run[cut + 1:]
    if not all(t.text[:1].isupper() and t.is_alpha for t in name):
        return None
    return " ".join(t.text for t in name)


def _source_span(subj) -> Optional[tuple[int, int]]:
    """The source expression: the subject's subtree without relative clauses and trailing appositive commas."""
    drop = [c for c in subj.children if c.i > subj.i and (c.dep_ in ("relcl", "acl", "advmod", "npadvmod") or (
        c.dep_ == "prep" and c.lower_ not in ("of", "for", "at", "with", "from", "in")))]
    return _subtree_span(subj, exclude=drop)


def _cue_span(verb) -> tuple[int, int]:
    """The cue verb with its auxiliaries/negation right before it and a particle right after ("has said")."""
    doc = verb.doc
    lo = verb.i
    while lo - 1 >= 0 and doc[lo - 1].head.i == verb.i and doc[lo - 1].dep_ in ("aux", "auxpass", "neg"):
        lo -= 1
    hi = verb.i
    if hi + 1 < len(doc) and doc[hi + 1].head.i == verb.i and doc[hi + 1].dep_ == "prt":
        hi += 1
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


class _Names:
    """Safe name resolution within one document: pronouns, surnames and titles to earlier full names."""

    def __init__(self, doc, quoted=()) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.quoted = list(quoted)
        persons = [e for e in doc.ents if e.label_ == "PERSON"]
        surnames = {name_tokens(e.text)[-1] for e in persons if name_tokens(e.text)}
        # a surname the tagger typed elsewhere as an organisation or place ("Cowan said"): a person all the same
        self.persons = sorted(persons + [e for e in doc.ents if e.label_ in ("ORG", "GPE", "NORP") and len(e) == 1
                                         and name_tokens(e.text) and name_tokens(e.text)[-1] in surnames],
                              key=lambda e: e.start)
        self.surnamed = {e.start for e in self.persons if e.label_ != "PERSON"}
        # he/she antecedents: persons in subject position (or antecedents of "who said"), not inside quotes
        self.subject_persons = [e for e in self.persons if (_is_subjectish(e.root) or _relcl_antecedent(e.root))
                                and not self._in_quote(e.start_char)]
        self.named = [e for e in doc.ents if e.label_ in ("PERSON", "ORG")]
        self.speakers: list[tuple[int, str]] = []     # (char offset, resolved name) of named speakers so far
        self.gender: dict[str, str] = {}              # full name -> "he" / "she", from honorifics and pronouns
        self.titles: list[tuple[int, set, str]] = []  # (offset, title words, full name) of each PERSON mention
        for e in self.persons:
            name = self._full_text(e)
            words = _title_words(e)
            if words:
                self.titles.append((e.start_char, words, name))
            hon = doc[e.start - 1].lower_.rstrip(".") if e.start > 0 else ""
            hon = e[0].lower_.rstrip(".") if e[0].lower_.rstrip(".") in HONORIFICS else hon
            if hon in HONORIFICS:
                self.gender.setdefault(self.fuller(name, e.start_char + 1), HONORIFICS[hon])

    def _in_quote(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.quoted)

    def _full_text(self, ent) -> str:
        """The entity's text, with the period of a final "Jr."/"Sr." the tokenizer left outside."""
        text = _clean_name(ent.text)
        end = ent.end_char
        if text.split()[-1:] and text.split()[-1].lower() in ("jr", "sr") and self.text[end:end + 1] == ".":
            text += "."
        return text

    def fuller(self, name: str, before: int) -> str:
        """A surname-only name -> the longest earlier PERSON name ending in a matching token."""
        toks = name_tokens(name)
        if len(toks) != 1 or len(toks[0]) < 3:
            return name
        best = name
        for e in self.persons:
            if e.start_char >= before:
                break
            if self._in_quote(e.start_char):
                continue
            etoks = [t for t in name_tokens(e.text) if t.rstrip(".") not in SUFFIXES]
            full = self._full_text(e)
            if len(etoks) >= 2 and same_token(etoks[-1], toks[0]) and len(full) > len(best):
                best = full
        return _clean_name(best) if best is name else best

    def pronoun(self, tok) -> Optional[str]:
        low = tok.lower_
        if low in ("he", "she", "him", "her"):
            want = "she" if low in ("she", "her") else "he"
            cands = [e for e in self.subject_persons if e.end_char <= tok.idx]
            # sentence by sentence backwards; within a sentence the main clause's subject comes first
            # ("Cowan said Patrick offered him the job. He said ..." is Cowan), then the latest
            cands.sort(key=lambda e: (sent_start(e[0]), _main_subject(e.root), e.start_char), reverse=True)
            for e in cands:
                if sent_start(tok) - sent_start(e[0]) >= 200:     # not from far back
                    break
                name = self.fuller(self._full_text(e), e.start_char)
                if self.gender.get(name, want) != want:
                    continue
                self.gender.setdefault(name, want)
                return name
        if low == "it":
            # "when a national outlet, Slate magazine, produced a profile ..., it said": the organisation that
            # is the subject earlier in the same sentence
            for j in range(tok.i - 1, sent_start(tok) - 1, -1):
                t = self.doc[j]
                if t.dep_ == "nsubj" and t.pos_ in ("NOUN", "PROPN") and not self._in_quote(t.idx):
                    org = next((e for e in self.doc.ents if e.label_ == "ORG" and e.start >= t.left_edge.i
                                and e.end <= t.right_edge.i + 1), None)
                    if org is not None:
                        name = _clean_name(org.text)
                        nxt = self.doc[org.end] if org.end < len(self.doc) else None
                        if nxt is not None and nxt.pos_ == "NOUN" and nxt.dep_ == "appos" and nxt.head.i == t.i:
                            name += " " + nxt.text       # "a national outlet, Slate magazine,"
                        return name
                    break
        if low in ("they", "it", "them"):
            prior = [n for off, n in self.speakers if off < tok.idx]
            if prior:
                return prior[-1]
        return None

    def by_title(self, subj) -> Optional[str]:
        """"the governor", "the commissioner" -> the last person introduced with that title earlier."""
        det = next((c for c in subj.children if c.dep_ == "det"), None)
        if det is None or det.lower_ not in ("the", "this"):
            return None
        if any(c.dep_ in ("compound", "amod", "poss", "prep") for c in subj.children):
            return None
        head = subj.lemma_.lower()
        for off, words, name in reversed(self.titles):
            if off < subj.idx and head in words:
                return name
        return None

    def name_of(self, subj, span: tuple[int, int]) -> Optional[str]:
        doc = self.doc
        if subj.lower_ in PRONOUNS and subj.pos_ == "PRON":
            return self.pronoun(subj)
        s, e = span
        ents = [x for x in doc.ents if x.start_char >= s and x.end_char <= e and x.label_ in ("PERSON", "ORG")]
        # the entity the head sits in, else the longest PERSON, else the longest ORG
        head_ent = next((x for x in ents if x.start <= subj.i < x.end), None)
        persons = [x for x in ents if x.label_ == "PERSON"]
        if head_ent is not None and head_ent.label_ != "PERSON" and persons and \
                persons[-1].start >= head_ent.end and persons[-1].start - head_ent.end <= 2:
            head_ent = persons[-1]      # "Bloomington Police Sgt. Marty Earley": a title before the name
        if head_ent is None and subj.pos_ == "PROPN" and subj.ent_type_ not in ("PERSON", "ORG"):
            titled = _titled_name(subj)
            if titled:
                return self.fuller(titled, s)
        pick = head_ent or (max(persons, key=len) if persons else (max(ents, key=len) if ents else None))
        if head_ent is None and subj.pos_ == "NOUN" and pick is not None:
            # a common-noun head: a name in apposition is the source ("her nephew, Ravi Singh"); a name that
            # only modifies it is not ("Grimm's lawyer", "an AARP spokeswoman", "the ISNA news agency")
            appos = [x for x in persons if x.start > subj.i and x.root.dep_ == "appos"]
            pick = appos[-1] if appos else None
        if pick is not None and pick.label_ == "PERSON" and pick[-1].lower_.rstrip(".") in TITLE_ABBREV:
            # "Police Sgt." split off as its own sentence: the name follows the period
            nxt = next((x for x in doc.ents if x.label_ == "PERSON" and 0 < x.start - pick.end <= 1
                        and self.text[pick.end_char:x.start_char].strip() in (".", "")), None)
            if nxt is not None:
                pick = nxt
        if pick is not None:
            if pick.label_ == "PERSON" or pick.start in self.surnamed:
                return self.fuller(self._full_text(pick), pick.start_char)
            return _clean_name(pick.text)
        titled = self.by_title(subj)
        if titled:
            return titled
        # a common-noun source: the head with its left modifiers ("Iraqi security officials")
        left = [t for t in subj.subtree if t.i <= subj.i and t.dep_ not in ("det", "punct", "predet")]
        if not left:
            return None
        lo = left[0].i
        right = subj.i
        for c in subj.children:   # keep a "for/of" phrase: "a spokesman for the campaign"
            if c.i > subj.i and c.dep_ == "prep" and c.lower_ in ("for", "of", "at", "with", "in"):
                right = max(right, max(t.i for t in c.subtree))
        text = doc[lo:right + 1].text
        return _clean_name(text) or None


HONORIFICS = {"mr": "he", "mrs": "she", "ms": "she", "miss": "she", "sir": "he", "madam": "she"}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
# Abbreviated titles, spelled out so that "Gov. Deval Patrick" is "the governor" later.
TITLE_ABBREV = {"gov": "governor", "sen": "senator", "rep": "representative", "lt": "lieutenant",
                "sgt": "sergeant", "gen": "general", "insp": "inspector", "capt": "captain", "cpl": "corporal",
                "dr": "doctor", "adm": "admiral", "col": "colonel", "maj": "major", "det": "detective",
                "supt": "superintendent", "cmdr": "commander", "pres": "president", "amb": "ambassador"}


def _title_words(ent) -> set:
    """Title nouns of a PERSON mention: the words right before it in its noun phrase ("Police commissioner
    Charles Ramsey", "Gov. Deval Patrick") and its appositions ("Benson, a managing editor")."""
    doc = ent.doc
    words = set()
    i = ent.start - 1
    while i >= 0 and ent.start - i <= 5:
        t = doc[i]
        if t.is_punct and t.text != ".":
            break
        if t.ent_type_ == "PERSON" or t.pos_ not in ("NOUN", "PROPN", "ADJ", "PUNCT"):
            break
        if t.text != ".":
            w = t.lower_.rstrip(".")
            words.add(TITLE_ABBREV.get(w, t.lemma_.lower()))
        i -= 1
    for t in ent:
        w = t.lower_.rstrip(".")
        if w in TITLE_ABBREV:
            words.add(TITLE_ABBREV[w])
    root = ent.root
    for c in root.children:
        if c.dep_ == "appos" and c.pos_ == "NOUN":
            words.add(c.lemma_.lower())
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        words.add(root.head.lemma_.lower())
    return words


def _quoted_as(cue):
    """The object of an active "X quoted Y as saying", from the cue "quoted" or "saying"."""
    verb = cue
    if cue.lemma_ == "say" and cue.head.lower_ == "as" and cue.head.head.lemma_ == "quote":
        verb = cue.head.head
    if verb.lemma_ != "quote":
        return None
    if not any(c.lower_ == "as" for c in verb.children):
        return None
    return next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ in ("PROPN", "NOUN")), None)


def _relcl_antecedent(tok) -> bool:
    """``tok`` is the antecedent of a relative clause whose subject is "who" ("Scalia, who said ...")."""
    for c in tok.children:
        if c.dep_ == "relcl" and any(g.dep_ == "nsubj" and g.lower_ == "who" for g in c.children):
            return True
    return _who_after(tok) is not None


def _who_after(tok):
    """"the ire of Justice Antonin Scalia who said": the parser hangs the clause on "ire", not on the name."""
    doc = tok.doc
    j = tok.i + 1
    if j < len(doc) and doc[j].text == ",":
        j += 1
    if j < len(doc) and doc[j].lower_ == "who" and doc[j].dep_ == "nsubj" and doc[j].head.dep_ == "relcl" \
            and tok.ent_type_ == "PERSON" and (tok.i + 1 >= len(doc) or doc[tok.i + 1].ent_iob_ != "I"):
        return doc[j]
    return None


def _main_subject(tok) -> bool:
    """The person is the subject of the sentence's main clause (not of a reported or relative clause)."""
    subj = _subject_token(tok)
    if subj is None:
        return _relcl_antecedent(tok)
    v = subj.head
    while v.dep_ == "conj" and v.head.i != v.i:
        v = v.head
    return v.dep_ == "ROOT"


def _subject_token(tok):
    """The subject ``tok`` stands in, through appositions, compounds and conjuncts; None if it is none."""
    for _ in range(3):
        if tok.dep_ in SUBJ:
            return tok
        if tok.dep_ not in ("appos", "compound", "conj"):
            return None
        tok = tok.head
    return None


def _is_subjectish(tok) -> bool:
    return _subject_token(tok) is not None


def _clean_name(text: str) -> str:
    t = text.strip().strip(",;:—–-()").strip()
    if t.startswith(("the ", "The ")):
        t = t[4:]
    if t.endswith("’s") or t.endswith("'s"):
        t = t[:-2]
    return " ".join(t.split())


# Sentence bounds per token, computed once per Doc: spaCy's Token.sent walks doc.sents on every call, and the
# builders below ask it inside loops over tokens (a fifth of the analysis time of a short report).
def _sent_bounds(doc) -> list:
    bounds = doc.user_data.get("counterpoint_sent_bounds")
    if bounds is None or len(bounds) != len(doc):
        bounds = [(0, len(doc))] * len(doc)
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                bounds[i] = (sent.start, sent.end)
        doc.user_data["counterpoint_sent_bounds"] = bounds
    return bounds


def sent_start(tok) -> int:
    return _sent_bounds(tok.doc)[tok.i][0]


def sent_end(tok) -> int:
    return _sent_bounds(tok.doc)[tok.i][1]


def sent_of(tok):
    s, e = _sent_bounds(tok.doc)[tok.i]
    return tok.doc[s:e]


# ----------------------------------------------------------------------------------------------- records

class _Builder:
    def __init__(self, doc, univocal: bool = False) -> None:
        self.doc = doc
        self.univocal = univocal
        self.text = doc_text(doc)        # once: Doc.text re-joins every token on each access
        self.marks = find_quote_marks(self.text)
        self.quote_chars = [(m.outer[0], m.outer[1]) for m in self.marks]
        self.names = _Names(doc, self.quote_chars)
        self.records: list[Record] = []
        self.by_cue: dict[int, Record] = {}
        self.relayed: list = []      # (verb "quoted", source span, name, cue index) of "X quoted Y as saying"

    def in_quote(self, tok) -> bool:
        return any(s <= tok.idx < e for s, e in self.quote_chars)

    def is_cue(self, tok) -> bool:
        if tok.lemma_.lower() in OBJECT_CUES:
            return _put_estimate(tok) if tok.lemma_.lower() == "put" else _charging(tok)
        # a participle modifying a noun ("first-responding officers", "so-called") introduces nothing, nor
        # does naming ("what's called “active shooter” training")
        return tok.lemma_.lower() in SPEECH_VERBS and tok.pos_ in ("VERB", "AUX") and tok.tag_ != "MD" \
            and tok.dep_ not in ("amod", "compound") and not _naming(tok)

    def speaker(self, cue) -> tuple[Optional[tuple[int, int]], Optional[str]]:
        quoted = _quoted_as(cue)
        if quoted is not None:
            # "the Daily News quoted witness Devonte Brown as saying ...": the speaker is the one quoted
            span = _source_span(quoted)
            name = self.names.name_of(quoted, span) if span else None
            if name:
                self.names.speakers.append((span[0], name))
            verb = cue if cue.lemma_ == "quote" else cue.head.head
            outer = _subject(verb)
            if outer is not None and outer.pos_ in ("PROPN", "NOUN"):
                osrc = _source_span(outer)
                oname = self.names.name_of(outer, osrc) if osrc else None
                if oname:
                    self.relayed.append((verb, osrc, oname, cue.i, "quote"))
            return span, name
        self._cited_by(cue)
        subj = _subject(cue) or _inverted_speaker(cue) or _trailing_speaker(cue) or _preceding_person(cue)
        if subj is None:
            return None, None
        if subj.dep_ == "nsubjpass" and cue.lemma_ != "quote" and subj.head.lemma_ != "quote":
            # passive cue ("it was reported that"): the agent is the source, if any; a paper it was
            # reported in is one too ("which was first reported in The Wall Street Journal")
            agent = next((c for c in subj.head.children if c.dep_ == "agent"), None)
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if pobj is None:
                pobj = next((g for c in subj.head.children if c.dep_ == "prep" and c.lower_ == "in"
                             for g in c.children if g.dep_ == "pobj" and g.ent_type_ == "ORG"), None)
            if pobj is None:
                return None, None
            subj = pobj
        if subj.lower_ in NOT_SOURCES - {"it", "that"} and subj.dep_ != "nsubj":
            return None, None
        if subj.lower_ in ("us", "you", "me"):
            return None, None
        if subj.lower_ in ("that", "which", "who", "this", "there") or subj.pos_ == "DET":
            if subj.dep_ != "nsubj" or subj.head.dep_ != "relcl":
                return None, None
            # "officials, who said ...": the span is "who", the name the antecedent's
            ante = subj.head.head
            j = subj.i - (2 if subj.i >= 2 and subj.doc[subj.i - 1].text == "," else 1)
            if j >= 0 and ante.pos_ == "NOUN" and getattr(_who_after(subj.doc[j]), "i", -1) == subj.i:
                ante = subj.doc[j]       # "the ire of Justice Antonin Scalia who said": Scalia
            ante_span = _source_span(ante) if ante.pos_ != "PROPN" else next(
                ((e.start_char, e.end_char) for e in subj.doc.ents if e.start <= ante.i < e.end), None)
            name = self.names.name_of(ante, ante_span) if ante_span else None
            if name:
                self.names.speakers.append((ante_span[0], name))
            return (subj.idx, subj.idx + len(subj.text)), name
        span = _source_span(subj)
        if span is None:
            return None, None
        name = self.names.name_of(subj, span)
        if name:
            self.names.speakers.append((span[0], name))
        if not self.univocal:
            self._extra_sources(cue, subj)
        return span, name

    def _extra_sources(self, cue, subj) -> None:
        """Coordinated subjects ("IRNA and the USGS said") and the outlet told ("he told Reuters")."""
        lemma = cue.lemma_.lower()
        for c in subj.children:
            if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN"):
                src = _subtree_span(c)
                name = self.names.name_of(c, src) if src else None
                if name:
                    self.relayed.append((cue, src, name, cue.i, lemma))
        if lemma == "tell":
            for c in cue.children:
                # the outlet told: an organisation, or a name the tagger left untyped ("told NY1")
                if c.dep_ in ("dative", "dobj") and (c.ent_type_ == "ORG" or (
                        c.pos_ == "PROPN" and not c.ent_type_ and any(ch.isdigit() or ch.isupper()
                                                                      for ch in c.text[1:]))):
                    ent = next((e for e in self.doc.ents if e.start <= c.i < e.end), None) or self.doc[c.i:c.i + 1]
                    self.relayed.append((cue, (ent.start_char, ent.end_char), _clean_name(ent.text), cue.i,
                                         lemma))

    def _cited_by(self, cue) -> None:
        """"..., state television reported, cited by AFP": the outlet that cites the source is one too."""
        for c in cue.children:
            if c.dep_ == "advcl" and c.lemma_ in ("cite", "quote") and c.tag_ == "VBN":
                agent = next((a for a in c.children if a.dep_ == "agent"), None)
                pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
                if pobj is not None and pobj.pos_ == "PROPN":
                    src = _subtree_span(pobj)
                    name = self.names.name_of(pobj, src) if src else None
                    if name:
                        self.relayed.append((c, src, name, cue.i, c.lemma_))

    def record_for_cue(self, cue, kind: str) -> Record:
        rec = self.by_cue.get(cue.i)
        if rec is not None:
            return rec
        src, name = self.speaker(cue)
        lemma = cue.lemma_.lower()
        hedge = None
        if lemma in HEDGE_VERBS:
            adv = [c for c in cue.children if c.dep_ == "advmod" and c.i == cue.i - 1 and c.lower_.endswith("ly")]
            hedge = ((adv[0].text + " ") if adv else "") + cue.text.lower()
        rec = Record(cue=_cue_span(cue), cue_lemma=lemma, source=src, source_name=name, content=[], kind=kind,
                     hedge=hedge, cue_token=cue.i)
        self.by_cue[cue.i] = rec
        self.records.append(rec)
        return rec

    # -- direct quotes

    def quote_cue(self, m):
        doc, text = self.doc, self.text
        inner = doc.char_span(m.start, m.end, alignment_mode="expand")
        if inner is None or len(inner) == 0:
            return None
        ends_open = text[m.end - 1] in ",?!—–-" if m.end > m.start else False
        after_i = inner.end
        if m.closed:
            close = m.outer[1] - 1
            while after_i < len(doc) and doc[after_i].idx <= close:
                after_i += 1
        # 1. after the closing mark: "“...,” Fidan said" / "“...,” said Fidan"
        if m.closed and after_i < len(doc):
            nxt = doc[after_i]
            comma_after = nxt.text in (",", "—", "–")
            if ends_open or comma_after or self.is_cue(nxt):
                for t in doc[after_i: min(len(doc), after_i + 10)]:
                    if t.text in ("“", '"') or (t.is_sent_start and t.i > after_i and not self.is_cue(t)) \
                            or t.text in (".", ";", "\n"):
                        break
                    if self.is_cue(t):
                        return t
        # 1b. a cue just before the opening mark: "X said, “...”", "X said in a statement: “...”"
        before = self._cue_before(m, inner)
        if before is not None:
            return before
        # 2. a cue among the quote's syntactic ancestors outside the quote; one with a subject of its own
        # before one without ("what's called")
        for tok in inner:
            if tok.head.i < inner.start or tok.head.i >= inner.end:
                a = tok.head
                seen = 0
                found = []
                while seen < 6:
                    if a.i < inner.start or a.i >= inner.end:
                        if self.is_cue(a) and not self.in_quote(a) and self._joined(m, a):
                            found.append(a)
                    if a.head.i == a.i:
                        break
                    a = a.head
                    seen += 1
                if found:
                    return found[0]
                break
        # 3. "He said:" closing the previous sentence
        first = inner[0]
        prev = first.i - 1
        while prev >= 0 and (doc[prev].is_space or doc[prev].text in ("“", '"')):
            prev -= 1
        if prev >= 0 and doc[prev].text == ":":
            cues = [t for t in reversed(doc[max(0, prev - 6):prev]) if self.is_cue(t)]
            # further back in the sentence, a cue with a subject of its own ("The commissioner says he's put
            # many officers through what's called “active shooter” training for first-responding officers:")
            cues += [t for t in reversed(doc[sent_start(doc[prev]):max(0, prev - 6)]) if self.is_cue(t)]
            if cues:
                return cues[0]
        return None

    def _joined(self, m, cue) -> bool:
        """The parse may run a quote and a cue across a sentence end ("...ka-boom.”⏎T.J. Simons ... heard the
        blast"): a cue after the quote must not follow a closing period or a line break, one before no line
        break."""
        if cue.idx >= m.outer[1]:
            between = self.text[m.outer[1]:cue.idx]
            return "\n" not in between and not (self.text[m.start:m.end].rstrip().endswith(".")
                                                 and not between.strip().startswith((",", "—", "–")))
        between = self.text[cue.idx:m.outer[0]]
        return "\n" not in between or between.rstrip().endswith(":")

    def _cue_before(self, m, inner):
        doc = self.doc
        j = inner.start - 1
        while j >= 0 and (doc[j].is_space or doc[j].idx >= m.outer[0]):
            j -= 1
        if j < 0:
            return None
        sent_start_ = sent_start(doc[j])
        punct = doc[j].text in (",", ":", "—", "–")
        first = inner[0]
        full = first.text[:1].isupper() and len(inner) >= 4
        if not (punct or full):
            return None
        lo = max(sent_start_, j - (8 if punct else 5))
        for t in reversed(doc[lo:j + 1]):
            if self.in_quote(t) or t.text in ("“", "”", '"', ".", ";"):
                break
            if self.is_cue(t) and t.lemma_.lower() not in EVIDENTIAL:
                return t
            if not punct and t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass"):
                break
        return None

    def direct_quotes(self) -> None:
        last: Optional[Record] = None
        last_end = -1
        for m in self.marks:
            cue = self.quote_cue(m)
            if cue is not None:
                rec = self.record_for_cue(cue, "quote")
                if rec.kind != "quote" and not rec.content:
                    rec.kind = "quote"
            elif last is not None and last.source_name and self._starts_sentence(m) \
                    and self._adjacent(last_end, m.start, last):
                rec = last   # the same speaker goes on
            else:
                # a quote with no speaker: kept as a record only when it is more than a scare-quote
                words = len(self.text[m.start:m.end].split())
                if words < 10 and not (words >= 4 and self._starts_sentence(m)):
                    continue
                rec = Record(cue=None, cue_lemma=None, source=None, source_name=None, content=[], kind="quote")
                self.records.append(rec)
            rec.quotes.append((m.start, m.end))
            last, last_end = rec, m.outer[1]

    def _starts_sentence(self, m) -> bool:
        """The quote opens its sentence and is a full statement, not a scare-quoted phrase."""
        tok = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if tok is None or len(tok) < 4:
            return False
        first = tok[0]
        before = [t for t in self.doc[sent_start(first):first.i] if not (t.is_punct or t.is_space)]
        return not before

    def _adjacent(self, prev_end: int, start: int, last: Record) -> bool:
        """The next quote starts its sentence within a sentence (or paragraph break) of the previous quote, and no
        other cue comes between them."""
        gap = self.text[prev_end:start - 1]
        toks = self.doc.char_span(prev_end, start - 1, alignment_mode="expand") or []
        return len(gap) < 200 and gap.count(".") + gap.count("\n") <= 3 and not any(
            self.is_cue(t) and t.i != last.cue_token for t in toks)

    # -- indirect speech

    def indirect(self) -> None:
        doc = self.doc
        for tok in doc:
            if not self.is_cue(tok) or self.in_quote(tok):
                continue
            lemma = tok.lemma_.lower()
            if lemma in QUOTE_ONLY:
                continue
            comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
            if comp is None and lemma in INTENT_VERBS:
                comp = next((c for c in tok.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
            rest = None
            if comp is None and tok.dep_ == "relcl" and any(
                    c.dep_ == "nsubjpass" and c.lower_ in ("which", "that") for c in tok.children):
                # "the stance, which was first reported in the Journal": what was reported is the antecedent
                rest = _subtree_span(tok.head, exclude=[tok])
            if comp is None and rest is None and lemma in SAY_CORE and tok.i + 3 < sent_end(tok):
                after = [t for t in doc[tok.i + 1:sent_end(tok)]]
                skip = [c for c in tok.children if c.dep_ in ("dative",) or (lemma == "tell" and c.dep_ == "dobj")]
                start_i = max([tok.i] + [max(x.i for x in c.subtree) for c in skip]) + 1
                if any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass", "relcl", "acl")
                       and t.i > start_i for t in after) and not self.in_quote(doc[start_i]):
                    rest = _tok_span(doc[start_i:sent_end(tok)])
            if comp is None and rest is None and (lemma in NOMINAL_CUES or lemma in OBJECT_CUES):
                right = [c for c in tok.children if c.i > tok.i and c.dep_ in (
                    "dobj", "oprd", "prep", "dative", "xcomp", "attr", "prt", "pcomp") and not self.in_quote(c)]
                if lemma in ("talk", "speak", "refer", "complain") and not any(
                        c.dep_ == "prep" and c.lower_ in ("about", "of", "on", "to") for c in right):
                    right = []
                if right:
                    lo = min(min(t.i for t in c.subtree) for c in right)
                    hi = max(max(t.i for t in c.subtree) for c in right)
                    rest = _tok_span(doc[lo:hi + 1])
            if comp is None and tok.lemma_ == "quote":
                # "X was quoted as saying ...": the content hangs off "saying"
                continue
            parenthetical = None
            if comp is None and tok.dep_ in ("parataxis", "ccomp", "advcl") and tok.i > tok.head.i \
                    and any(c.dep_ in SUBJ for c in tok.children) and doc[tok.i - 1].is_punct is False:
                parenthetical = tok.head      # "..., the monitor said."
            if comp is None and tok.dep_ == "ROOT":
                # "Content, X said." parsed with the content as a sibling clause (or as an unlabelled "dep"
                # when the content is a long noun phrase and clause: "Armed robbers-some disguised as
                # women-snatched $108 million ..., officials said Friday.")
                subj_ = next((c for c in tok.children if c.dep_ == "nsubj" and c.i < tok.i), None)
                after_comma = subj_ is not None and subj_.left_edge.i > 0 and doc[subj_.left_edge.i - 1].text == ","
                sib = next((c for c in tok.children if c.i < tok.i and (
                    c.dep_ in ("ccomp", "advcl", "parataxis") or (c.dep_ == "dep" and after_comma))), None)
                parenthetical = sib
            if comp is None and parenthetical is None and rest is None:
                continue
            rec = self.by_cue.get(tok.i)
            if rec is None:
                rec = self.record_for_cue(tok, "said")
            if rec.source is None and rec.source_name is None and not rec.quotes:
                # no one to attribute it to: drop
                self.records.remove(rec)
                del self.by_cue[tok.i]
                continue
            if comp is not None:
                span = _subtree_span(comp)
            elif parenthetical is None:
                span = rest
            else:
                # the head the cue hangs from, without the cue's own subtree; or a sibling clause of the cue,
                # whose subtree the cue's does not include
                span = _subtree_span(parenthetical, exclude=[tok]) if parenthetical.i == tok.head.i \
                    and parenthetical.i != tok.i else _subtree_span(parenthetical)
            if span is not None:
                rec.content = [span]
                if rec.quotes:
                    lo, hi = min(q[0] for q in rec.quotes) - 1, max(q[1] for q in rec.quotes) + 1
                    inside = sum(max(0, min(hi, e) - max(lo, s)) for s, e in rec.quotes)
                    if (lo <= span[0] and span[1] <= hi) or inside >= 0.8 * (span[1] - span[0]) \
                            or not (span[0] <= lo + 1 and hi - 1 <= span[1]):
                        rec.content = []     # the content is the quote itself (or elsewhere): keep the quotes

    def according_to(self) -> None:
        doc = self.doc
        for tok in doc:
            if tok.lower_ != "according" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
                continue
            to = doc[tok.i + 1]
            if self.in_quote(tok):
                continue
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if pobj is None:
                pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            src = _source_span(pobj)
            if src is None:
                continue
            name = self.names.name_of(pobj, src)
            head = tok.head
            sent = sent_of(tok)
            if head.i == tok.i or head.i < sent.start or head.i >= sent.end:
                head = sent.root
            content = _subtree_span(sent.root, exclude=[tok]) if head is not None else None
            if name:
                self.names.speakers.append((src[0], name))
            rec = Record(cue=(tok.idx, to.idx + len(to.text)), cue_lemma="according to", source=src,
                         source_name=name, content=[content] if content else [], kind="according_to",
                         cue_token=tok.i)
            self.records.append(rec)

    def hedges(self) -> None:
        doc = self.doc
        for tok in doc:
            if tok.lower_ not in HEDGE_ADVERBS:
                continue
            head = tok.head
            rec = self.by_cue.get(head.i)
            if rec is None:
                # a hedge inside a clause some named cue already governs is that cue's
                a, owner = head, None
                for _ in range(4):
                    if a.i in self.by_cue:
                        owner = self.by_cue[a.i]
                        break
                    if a.head.i == a.i:
                        break
                    a = a.head
                rec = owner
            if rec is not None and rec.source_name:
                rec.hedge = rec.hedge or tok.lower_
                continue
            span = _subtree_span(head) or (tok.idx, tok.idx + len(tok.text))
            self.records.append(Record(cue=(tok.idx, tok.idx + len(tok.text)), cue_lemma=tok.lower_,
                                       source=None, source_name=UNNAMED, content=[span], kind="hedge",
                                       hedge=tok.lower_, cue_token=tok.i))

    def _nested(self, r: Record, strict: bool) -> bool:
        if r.cue is None or (not strict and r.cue_lemma not in WEAK_CUES):
            return False
        for o in self.records:
            env = o.content_envelope
            if o is r or env is None or not (env[0] <= r.cue[0] < env[1]):
                continue
            mine = r.content_envelope
            if mine is None or (env[0] <= mine[0] and mine[1] <= env[1] + 1):
                return True
        return False

    def colon_speakers(self) -> None:
        """Headlines and transcripts: "Obama: I'm optimistic ...", "FALLIN: I think ..."."""
        doc = self.doc
        for sent in doc.sents:
            toks = [t for t in sent if not t.is_space]
            colon = next((t for t in toks[:7] if t.text == ":"), None)
            if colon is None or self.in_quote(colon):
                continue
            before = [t for t in toks if t.i < colon.i]
            after = [t for t in sent if t.i > colon.i and not t.is_space]
            if not before or len(after) < 3 or any(t.pos_ in ("VERB", "AUX", "NUM") for t in before):
                continue
            if not any(t.pos_ == "PROPN" and t.text[:1].isupper() for t in before) or before[0].like_num:
                continue
            src = _tok_span(before)
            content = _tok_span(after)
            if src is None or content is None:
                continue
            head = max(before, key=lambda t: (t.pos_ == "PROPN", t.i))
            name = self.names.name_of(head, src) or _clean_name(self.text[src[0]:src[1]])
            owner = next((r for r in self.records if r.source is None and r.quotes
                          and any(content[0] <= qs < content[1] for qs, _ in r.quotes)), None)
            if owner is not None:
                owner.source, owner.source_name = src, name
                owner.cue, owner.cue_lemma = (colon.idx, colon.idx + 1), ":"
                continue
            if any(r.cue and content[0] <= r.cue[0] < content[1] for r in self.records):
                continue
            self.records.append(Record(cue=(colon.idx, colon.idx + 1), cue_lemma=":", source=src, source_name=name,
                                       content=[content], kind="said", cue_token=colon.i))

    def orphan_quotes(self) -> None:
        """A quote with no cue of its own takes the speaker of the cue in the sentence just before it ("Two
        deaths were unusual, Gaskin said.⏎"We don't normally get ..."), or, when it runs on into the next
        paragraph, the speaker of the quote it continues into."""
        doc = self.doc
        sents = [s for s in doc.sents if s.text.strip()]
        starts = [s.start_char for s in sents]

        def sent_no(pos: int) -> int:
            import bisect
            return bisect.bisect_right(starts, pos) - 1

        cued = [r for r in self.records if r.cue is not None and r.source_name and r.source_name != UNNAMED
                and r.cue_lemma not in WEAK_CUES]
        orphans = [r for r in self.records if r.cue is None and r.source is None and r.quotes]
        for r in orphans:
            q0 = min(q[0] for q in r.quotes)
            k = sent_no(q0)
            if k < 0:
                continue
            # the quote must open its sentence, or follow a short lead-in ("Later in the afternoon, “...”")
            lo = max(sents[k].start_char, self.text.rfind("\n", 0, q0) + 1)
            lead = self.text[lo:q0 - 1].strip()
            if lead and not (lead.endswith(",") and len(lead.split()) <= 6 and not any(
                    t.pos_ in ("VERB", "AUX") for t in doc.char_span(lo, q0 - 1, alignment_mode="contract") or ())):
                continue
            owner = None
            prev_k = k - 1
            for o in cued:
                ok = sent_no(o.cue[0])
                if ok == prev_k and not self._quoted_between(o.cue[1], q0 - 1):
                    if owner is None or o.cue[0] > owner.cue[0]:
                        owner = o
            if owner is None and self._line_speaker(r, q0):
                continue
            if owner is None:
                # a quote running on to a later paragraph: the next quote's speaker
                nxt = min((o for o in self.records if o.quotes and o.source_name and o.cue is not None
                           and min(q[0] for q in o.quotes) > q0), key=lambda o: min(q[0] for q in o.quotes),
                          default=None)
                last_end = max(q[1] for q in r.quotes)
                if nxt is not None and any(m.start == max(q[0] for q in r.quotes) and not m.closed
                                           for m in self.marks):
                    gap = self.text[last_end:min(q[0] for q in nxt.quotes)]
                    if len(gap.strip()) <= 2:
                        owner = nxt
            if owner is None:
                continue
            owner.quotes = sorted(owner.quotes + r.quotes)
            self.records.remove(r)

    def _line_speaker(self, r: Record, q0: int) -> bool:
        """A quote opening its paragraph after a paragraph that introduces a speaker with a verb of saying or
        hearing and no quote of its own ("T.J. Simons, 17, ... also heard the blast.⏎“At first I thought it was
        thunder”"). Paragraphs, not sentences: the parser often runs the two together."""
        text, doc = self.text, self.doc
        ls = text.rfind("\n", 0, q0) + 1
        if ls == 0 or text[ls:q0].strip().strip("“\"‘'"):
            return False
        ps = text.rfind("\n", 0, ls - 1) + 1
        if self._quoted_between(ps, ls):
            return False
        span = doc.char_span(ps, ls - 1, alignment_mode="contract")
        if span is None:
            return False
        for tok in reversed(span):
            if tok.lemma_.lower() not in SPEECH_VERBS or tok.pos_ != "VERB" or tok.lemma_.lower() in WEAK_CUES:
                continue
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is None or subj.pos_ != "PROPN" or subj.ent_type_ not in ("PERSON", "ORG"):
                return False
            ent = next(e for e in doc.ents if e.start <= subj.i < e.end)
            r.source = (ent.start_char, ent.end_char)
            r.source_name = self.names.fuller(self.names._full_text(ent), ent.start_char)
            return True
        return False

    def _quoted_between(self, a: int, b: int) -> bool:
        """A quote mark's content lies between a and b (another voice came in between)."""
        return any(a <= m.start < b for m in self.marks)

    def build(self, univocal: bool = False) -> list[Record]:
        self.direct_quotes()
        self.colon_speakers()
        self.indirect()
        self.according_to()
        self.hedges()
        self.orphan_quotes()
        for verb, src, name, cue_i, lemma in self.relayed:
            inner = self.by_cue.get(cue_i)
            if inner is None or inner not in self.records or not (inner.content or inner.quotes):
                continue
            # the outlet that relays the quote is a source too ("Another news agency quoted the governor",
            # "he told the Timaru Herald"), and so is each coordinated subject ("IRNA and the USGS said")
            self.records.append(Record(cue=_cue_span(verb), cue_lemma=lemma, source=src, source_name=name,
                                       content=list(inner.content or inner.quotes), kind="said",
                                       cue_token=verb.i))
        for r in self.records:
            if r.kind == "quote" and r.quotes and not r.content:
                r.content = list(r.quotes)
        self.records = [r for r in self.records if not self._nested(r, strict=univocal)]
        self.records.sort(key=lambda r: (r.content_envelope or r.cue or (0, 0)))
        return self.records


def find_records(doc, univocal: bool = False) -> list[Record]:
    """All attribution relations in ``doc`` (sorted by content position).

    Attributions nested in another's content are kept when their cue is a speech verb ("Fidan said Turkey
    warned that ...") and dropped when it is a verb of thinking or wanting ("Sanders says he wants ...").
    ``univocal=True`` drops every nested one, as PolNeAR annotates (each token in at most one attribution).
    """
    return _Builder(doc, univocal).build(univocal)


# ----------------------------------------------------------------------------------------------- public API

def mark_unnamed(name: Optional[str]) -> Optional[str]:
    """'senior officer' -> 'senior officer (unnamed)': a source named only by a role, in lower case. Names,
    institutions ('police', 'the ministry') and statements are left as they are."""
    if not name or name == UNNAMED or name.endswith(UNNAMED_MARK):
        return name
    words = name.split()
    if words[-1].lower() in ROLE_NOUNS and not any(w[:1].isupper() for w in words):
        return name + UNNAMED_MARK
    return name


def extract_attributions(doc, report_id: str) -> tuple[list[Quote], list[Attribution]]:
    """Quotes (direct and indirect) and attributions of ``doc``, with spans into ``doc.text``."""
    text = doc_text(doc)
    quotes: list[Quote] = []
    atts: list[Attribution] = []

    def sp(x: Optional[tuple[int, int]]) -> Optional[Span]:
        return Span(report_id, x[0], x[1]) if x else None

    for r in find_records(doc):
        r.source_name = mark_unnamed(r.source_name)
        for qs, qe in r.quotes:
            quotes.append(Quote(span=Span(report_id, qs, qe), text=text[qs:qe], speaker=r.source_name,
                                speaker_span=sp(r.source), cue=r.cue_lemma, cue_span=sp(r.cue), direct=True))
            if r.source_name:
                atts.append(Attribution(span=sp(r.source) or Span(report_id, qs, qe), source=r.source_name,
                                        content_span=Span(report_id, qs, qe), cue=r.cue_lemma, kind="quote",
                                        hedge=r.hedge))
        env = r.content_envelope
        clause = env is not None and r.content != r.quotes
        if clause and r.source_name and r.kind != "hedge":
            quotes.append(Quote(span=sp(env), text=text[env[0]:env[1]], speaker=r.source_name,
                                speaker_span=sp(r.source), cue=r.cue_lemma, cue_span=sp(r.cue), direct=False))
        if clause and r.source_name:
            kind = "said" if r.kind == "quote" else r.kind
            atts.append(Attribution(span=sp(r.source) or sp(r.cue) or sp(env), source=r.source_name,
                                    content_span=sp(env), cue=r.cue_lemma, kind=kind, hedge=r.hedge))
    quotes.sort(key=lambda q: (q.span.start, q.span.end, not q.direct))
    atts.sort(key=lambda a: (a.span.start, a.span.end, a.kind))
    return quotes, atts
