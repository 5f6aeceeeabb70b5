"""Facts read from a report's words rather than from its figures and dates: how people died, the charges, a
drink-driving record, where someone died, hid or fell, damage to a building, a wounded person's condition, whether
someone was armed, where a legal step stands, how long roads stayed closed, how many were disguised, counts of
none, gun calibres. Each reader is a regular expression whose matches become values of the smallest claim that
holds them (``values.read_matches``); ``compare_words`` gives the verdict for two values of one kind.

A reader is written by hand where no library reads the thing: these are news idioms ('pronounced dead at Kings
County Hospital', 'this is his second DWI'), not entities or dependency patterns a parser labels.
"""
from __future__ import annotations

import re
from typing import Optional

from ..model import Analysis, Quantity, Span
from .values import EVENTS, Value, claim_holding, read_matches, sentence_of


# Firearm calibres: '.357 Magnum', 'a .38 caliber revolver', 'a. 38 caliber' (tokenised text), '9mm handgun'.
_CALIBER = re.compile(r"(?:(?<=\sa)\.\s?|(?<![\w.])\.)(?P<n>\d{2,3})(?=[\s-]*(?:caliber|calibre|magnum|special)\b)|"
                      r"\b(?P<mm>\d{1,2}(?:\.\d)?)\s?mm(?=\s+(?:handgun|pistol|gun|rifle|round|bullet)s?\b)", re.I)


def _caliber_values(a: Analysis, k: int, mine) -> list[Value]:
    """Firearm calibres as measures: '.357' against '.38' is two guns."""
    out = []
    for m in _CALIBER.finditer(a.report.text):
        number = m.group("n") or m.group("mm")
        s = m.start("n") if m.group("n") else m.start("mm")
        e = m.end("n") if m.group("n") else m.end()
        span = Span(a.report.id, m.start(), e)
        ref = claim_holding(mine, span)
        if ref is None:
            continue
        value = float("0." + number) if m.group("n") else float(number)
        q = Quantity(span, a.report.text[span.start:span.end], value, value, unit="mm" if m.group("mm") else "cal",
                     value_text=a.report.text[s:e])
        out.append(Value(ref, k, ("quantity", "measure", "caliber"), quantity=q))
    return out


# How people died, in classes that cannot both be true of one death ('choked on smoke' / 'were burnt to death')
CAUSES = {
    "smoke": r"chok(?:ed|ing) on (?:the )?smoke|smoke inhalation|suffocat\w*|asphyxi\w*",
    "fire": r"burn(?:ed|t) (?:to death|alive)|died in the (?:fire|flames|blaze)",
    "shot": r"shot (?:dead|to death|and killed)|gunshot wounds?|died of (?:a )?gunshot",
    "stabbed": r"stabbed (?:to death)?|knife wounds?",
    "drowned": r"drown(?:ed|ing)",
    "crushed": r"crushed (?:to death)?|trampled",
    "fell": r"fell to (?:his|her|their) deaths?",
}
_CAUSE = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in CAUSES.items()), re.I)


# Whether someone was equipped, prepared or trained well enough: 'well equipped' / 'ill-equipped', 'their
# equipment and preparation was limited'
_READINESS = re.compile(
    r"(?P<well>\bwell[- ](?P<t1>equipped|prepared|trained)|\b(?:properly|adequately|fully)\s+(?P<t2>equipped|prepared|"
    r"trained))|(?P<ill>\b(?:ill|poorly|badly|under)[- ](?P<t3>equipped|prepared|trained)|\b(?P<t4>equipment|gear|"
    r"preparation|training)(?:\s+and\s+\w+)?\s+(?:was|were)\s+(?:limited|inadequate|poor|lacking))", re.I)
_READINESS_TOPIC = {"equipment": "equipped", "gear": "equipped", "preparation": "prepared", "training": "trained"}


def _readiness_values(a: Analysis, k: int, mine) -> list[Value]:
    def value(m, span):
        topic = next(t for t in (m.group("t1"), m.group("t2"), m.group("t3"), m.group("t4")) if t).lower()
        topic = _READINESS_TOPIC.get(topic, topic)
        return ("outcome", topic), {"cause": ("well" if m.group("well") else "ill", span, m.group(0))}
    return read_matches(a, k, mine, _READINESS, value, overlap=False)


def _cause_values(a: Analysis, k: int, mine) -> list[Value]:
    """Causes of death ('three bank workers choked on smoke'), in clauses about the dead."""
    return read_matches(a, k, mine, _CAUSE, lambda m, span: (
        ("outcome", "cause"), {"event": "killed", "cause": (m.lastgroup, span, m.group(0))}), overlap=False)


_HOSPITAL = r"(?:[A-Z][\w.'’-]+\s+){1,4}(?:Hospital|Medical Cent(?:er|re)|Infirmary|Trauma Cent(?:er|re))"
_GENERIC_HOSPITAL = r"(?:a|an|the)\s+(?:local\s+|nearby\s+|area\s+)?hospital\b"
_DIED_AT = re.compile(r"\b(?:pronounced|declared|was)\s+dead\s+(?:on\s+arrival\s+)?(?:at|in)\s+(?P<named>" + _HOSPITAL +
                      r")|\b(?:died|succumbed\s+to\s+\w+\s+injuries)\s+(?:at|in)\s+(?P<named2>" + _HOSPITAL + r")|"
                      r"\b(?:rushed|taken|transported|brought|flown)\s+(?:him\s+|her\s+|them\s+)?to\s+(?:(?P<named3>" +
                      _HOSPITAL + r")|"
                      r"(?P<generic>" + _GENERIC_HOSPITAL + r"))(?:[^.;]{0,60}?|,\s+where\s+[^.;]{0,110}?)"
                      r"\b(?:pronounced\s+dead|declared\s+dead|died)\b")     # ', where Chohan ... died'


def _death_place_values(a: Analysis, k: int, mine) -> list[Value]:
    """Where someone died, when a hospital is named or left unnamed: 'pronounced dead at Kings County Hospital'
    against 'rushed to a hospital but was declared dead on arrival'."""
    def value(m, span):
        named = m.group("named") or m.group("named2") or m.group("named3")
        where = re.sub(r"\s+", " ", named.strip()) if named else "a hospital (unnamed)"
        return ("place", "death"), {"event": "killed", "cause": (where, span, m.group(0))}
    return read_matches(a, k, mine, _DIED_AT, value)


def _compare_death_places(x: Value, y: Value) -> tuple[Optional[str], str]:
    wx, wy = x.cause[0], y.cause[0]
    if wx.endswith("(unnamed)") and wy.endswith("(unnamed)"):
        return "agree", "both say a hospital, and neither names it"
    if wx.endswith("(unnamed)") or wy.endswith("(unnamed)"):
        named = wy if wx.endswith("(unnamed)") else wx
        return "partial", f"only one report names the hospital ({named}); the other says a hospital"
    hx, hy = _hospital_words(wx), _hospital_words(wy)
    if (hx and hy and (hx <= hy or hy <= hx)) or wx.lower() == wy.lower():
        return "agree", f"both say {wx}" + ("" if wx == wy else f" ({wy})")
    return "conflict", f"two hospitals: {wx} against {wy}"


def _hospital_words(name: str) -> set[str]:
    """The words that tell one hospital from another: 'Jamaica Hospital' is 'Jamaica Hospital Medical Center', and
    'Mount Sinai Hospital' is not 'Mount Vernon Hospital'."""
    return {w for w in re.findall(r"[a-z]+", name.lower())} - {"hospital", "medical", "center", "centre", "trauma",
                                                                  "infirmary", "the", "of", "general"}


_FACILITY = (r"hospital|airport|school|mosque|church|temple|bridge|power (?:plant|station)|railway station|station|"
             r"port|harbou?r|prison|jail|dam|market|hotel|embassy|factory|refinery|stadium|university|clinic")
_SEVERITY = {"destroyed": "total", "flattened": "total", "razed": "total", "levelled": "total", "leveled": "total",
             "collapsed": "total", "demolished": "total", "partially destroyed": "part", "partly destroyed": "part",
             "badly damaged": "part", "heavily damaged": "part", "severely damaged": "part",
             "seriously damaged": "part", "major damage": "part", "heavy damage": "part", "severe damage": "part",
             "extensive damage": "part", "serious damage": "part", "part collapsed": "part",
             "minor damage": "minor", "slight damage": "minor", "light damage": "minor", "slightly damaged": "minor",
             "lightly damaged": "minor", "damaged": "some", "damage": "some"}
_HARM = (r"partially destroyed|partly destroyed|(?:badly|heavily|severely|seriously|slightly|lightly) damaged|"
         r"destroyed|flattened|razed|levell?ed|collapsed|demolished|damaged")
_DAMAGE = re.compile(
    r"\b(?P<part>part of\s+)?(?:a|an|the|its|one of the)\s+(?:[\w'’-]+\s+){0,3}?(?P<f>" + _FACILITY + r")(?:s|es)?\b"
    r"(?:(?P<gap>[^.;]{0,60}?)\b(?:was|were|is|are|has been|had been)\s+(?:also\s+|badly\s+|partly\s+)?"
    r"(?P<harm>" + _HARM + r")\b|\s+(?:also\s+)?(?:sustained|suffered)\s+(?P<deg>minor|slight|light|major|heavy|"
    r"severe|extensive|serious)?\s*damage\b|\s+(?P<fell>collapsed)\b)", re.I)


def _damage_values(a: Analysis, k: int, mine) -> list[Value]:
    """How badly a building was hit: 'one of the major hospitals ... was destroyed' / 'part of a hospital
    collapsed'; 'the island's airport was also damaged' / 'sustained minor damage'. One value per facility."""
    def value(m, span):
        if m.group("gap") and re.search(r"\b(?:and|but|while|which|who|where)\b", m.group("gap")):
            return None          # the verb is another clause's
        if m.group("harm"):
            harm = m.group("harm").lower()
        elif m.group("fell"):
            harm = "collapsed"
        else:
            harm = f"{m.group('deg').lower()} damage" if m.group("deg") else "damage"
        if m.group("part") and harm == "collapsed":
            harm = "part collapsed"
        return ("outcome", "damage", m.group("f").lower()), {"cause": (_SEVERITY[harm], span, m.group(0))}
    return read_matches(a, k, mine, _DAMAGE, value)


def _compare_damage(x: Value, y: Value) -> tuple[Optional[str], str]:
    sx, sy = x.cause[0], y.cause[0]
    what = x.key[2]
    words = f"\u201c{x.text}\u201d against \u201c{y.text}\u201d"
    if sx == sy or "some" in (sx, sy) and "total" not in (sx, sy):
        return "agree", f"the {what} was hit alike: {words}"
    if {sx, sy} == {"total", "minor"}:
        return "conflict", f"destroyed, and only slightly damaged: {words}"
    return "partial", f"the damage to the {what} is described at different severity: {words}"


_CONDITION = re.compile(
    r"\b(?:in|listed in|is in|was in|remains in|remained in)\s+(?:a\s+)?(?P<c>critical|serious|stable|fair|good|grave|"
    r"satisfactory)(?:\s+but\s+stable)?\s+condition\b|\b(?P<adv>critically|seriously|gravely)\s+(?:injur\w+|wound\w+|"
    r"hurt)\b|\b(?:in|remained in|remains in|was in|is in)\s+(?P<icu>intensive care)\b|"
    r"\b(?P<life>(?:non-)?life-threatening)\s+(?:injuries|wounds)\b", re.I)
_CONDITION_CLASS = {"critical": "critical", "grave": "critical", "critically": "critical", "gravely": "critical",
                    "intensive care": "critical", "life-threatening": "critical", "serious": "serious",
                    "seriously": "serious", "stable": "stable", "fair": "stable", "good": "stable",
                    "satisfactory": "stable", "non-life-threatening": "stable"}


def _condition_values(a: Analysis, k: int, mine) -> list[Value]:
    """How a wounded person is: 'critically injuring a third co-worker', 'listed in stable condition',
    'remained in intensive care'."""
    def value(m, span):
        word = (m.group("c") or m.group("adv") or m.group("icu") or m.group("life")).lower()
        return ("outcome", "condition"), {"event": "injured", "cause": (_CONDITION_CLASS[word], span, m.group(0))}
    return read_matches(a, k, mine, _CONDITION, value)


_ROOM = (r"break room|storeroom|store room|stockroom|conference room|classroom|bathroom|restroom|locker room|office|"
         r"closet|cupboard|basement|cellar|attic|kitchen|cafeteria|freezer|vault|room")
_HID_IN = re.compile(r"\b(?:hid|hiding|hidden|locked themselves|locked himself|locked herself|"
                     r"barricaded(?: themselves)?|holed up|sheltered|sheltering|took refuge|taking refuge)\s+"
                     r"(?:\w+\s+){0,2}?(?:in|inside|under)\s+"
                     r"(?:a|an|the|their|his|her)\s+(?:[\w-]+\s+)?(?P<room>" + _ROOM + r")\b", re.I)


def _hiding_values(a: Analysis, k: int, mine) -> list[Value]:
    """Where people hid: 'locked themselves in an office next to the shooter' / 'hiding in a closet nearby'."""
    def value(m, span):
        room = re.sub(r"\s+", " ", m.group("room").lower()).replace("store room", "storeroom")
        return ("place", "hiding"), {"event": "trapped", "cause": (room, span, m.group(0))}
    return read_matches(a, k, mine, _HID_IN, value)


_DISGUISED = re.compile(r"\b(?P<n>[A-Za-z]+|\d+)\s+(?:of them\s+|of the\s+\w+\s+)?(?:were\s+|was\s+)?"
                        r"(?:dressed|disguised)\s+"
                        r"(?:up\s+)?as\s+(?P<as>(?:police\s+)?[a-z]+)\b", re.I)
_OPEN_MANY = {"some": 2.0, "many": 3.0, "most": 2.0, "all": 1.0}     # 'some disguised as women': two or more


def _disguise_values(a: Analysis, k: int, mine) -> list[Value]:
    """How many were disguised, and as whom: 'Four armed robbers --two dressed as women' / 'Armed robbers-some
    disguised as women'."""
    from ..analyze.quantities import VAGUE, parse_number

    def value(m, span):
        word = m.group("n").lower()
        if word in VAGUE:                # 'several' is 3-9, as everywhere
            (low, high), hedge = VAGUE[word], "vague"
        elif word in _OPEN_MANY:
            low, high, hedge = _OPEN_MANY[word], None, "vague"
        elif (n := parse_number(word)) is not None:
            low, high, hedge = float(n), float(n), "exact"
        else:
            return None
        q = Quantity(span, m.group(0), low, high, hedge=hedge, counted=None)
        return ("quantity", "count", "disguised as " + m.group("as").lower()), {"quantity": q}
    return read_matches(a, k, mine, _DISGUISED, value)


_FELL_FROM = re.compile(
    r"\b(?:fell|falls?|falling|fallen|slipped|slipping|plunged|plunging|tumbled|tumbling)\s+(?:[\w.,-]+\s+){0,3}?"
    r"(?P<how>from|down|into|off|over)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?P<what>ridge(?:line)?|gully|couloir|cliff|"
    r"crevasse|slope|ledge|bluff|ravine|gorge|balcony|roof|rooftop|window|bridge|ladder|scaffold(?:ing)?|stairs|"
    r"staircase|stairwell|shaft|embankment|waterfall|face|summit)\b", re.I)
_FALL_SAME = {"ridgeline": "ridge", "couloir": "gully", "rooftop": "roof", "staircase": "stairs", "stairwell": "stairs",
              "scaffolding": "scaffold"}


def _fall_values(a: Analysis, k: int, mine) -> list[Value]:
    """Where someone fell from or into: 'falling 200ft from a ridge' / 'fell about 200m down a steep icy gully'."""
    def value(m, span):
        what = m.group("what").lower()
        return ("place", "fall"), {"event": "killed", "cause": (_FALL_SAME.get(what, what), span, m.group(0))}
    return read_matches(a, k, mine, _FELL_FROM, value)


_LEGAL_STEP = r"indicted|charged|arrested|arraigned|sentenced|convicted|extradited|released|freed|deported"
_STEP_DUE = re.compile(r"\b(?:expected|likely|set|due|poised|about|going)\s+to\s+be\s+(?:\w+\s+)?(?P<v>" + _LEGAL_STEP +
                       r")\b|\bwill\s+(?:soon\s+)?be\s+(?P<v2>" + _LEGAL_STEP + r")\b", re.I)
_STEP_DONE = re.compile(r"\b(?:has|have|had)\s+(?:already\s+|now\s+)?[\"“]?been\s+(?:\w+\s+)?(?P<v>" + _LEGAL_STEP +
                        r")\b", re.I)


def _step_values(a: Analysis, k: int, mine) -> list[Value]:
    """Where a legal step stands: 'was expected to be indicted' against 'has already "been secretly indicted'."""
    def reader(status):
        def value(m, span):
            verb = (m.group("v") or m.groupdict().get("v2") or "").lower()
            return (("outcome", "step", verb), {"cause": (status, span, m.group(0))}) if verb else None
        return value
    return (read_matches(a, k, mine, _STEP_DUE, reader("expected"))
            + read_matches(a, k, mine, _STEP_DONE, reader("done")))


_NONE = re.compile(r"\b(?:no|zero)\s+(?:(?:other|further|serious|major|reported|immediate)\s+)?(?P<what>injuries|"
                   r"casualties|deaths|fatalities|arrests)\b|\b(?:no one|no-one|nobody|none)\s+(?:else\s+)?"
                   r"(?:was|were|had been|has been|have been|is|are)\s+(?:\w+\s+)?(?P<ev>hurt|injured|killed|wounded|"
                   r"arrested|hospitali[sz]ed|detained)\b", re.I)


def _none_values(a: Analysis, k: int, mine) -> list[Value]:
    """A count of none: 'no injuries were reported', 'no one was hurt', 'there were no arrests'."""
    def value(m, span):
        word = (m.group("what") or m.group("ev")).lower()
        event = next((e for e, rx in EVENTS.items() if rx.search(word)), None)
        if event is None:
            return None
        q = Quantity(span, m.group(0), 0.0, 0.0, counted=(m.group("what") or "").lower().rstrip("s") or None)
        return ("quantity", "people"), {"quantity": q, "event": event}
    return read_matches(a, k, mine, _NONE, value, overlap=False)


_GUN = r"(?:gun|revolver|pistol|handgun|rifle|shotgun|firearm|weapon)"
_UNARMED = re.compile(r"\b(?:did not|didn't|never|does not|doesn't|had no)\s+(?:have|carry|hold|own|point)?\s*"
                      r"(?:a|any)?\s*" + _GUN + r"\b|\b(?:was|were|is|are)\s+unarmed\b", re.I)
_ARMED = re.compile(r"\b(?:pointed|pointing|brandished|brandishing|pulled|drew|aimed|aiming|carrying|waving|"
                    r"produced)\s+"
                    r"(?:a|an|his|her|the)\s+(?:[\w.'’-]+\s+){0,4}?" + _GUN + r"\b|\b(?:the|a|his|her)\s+" + _GUN +
                    r"\s+was\s+(?:found|recovered)\b|\barmed\s+with\s+(?:a|an)\b", re.I)
_HYPOTHETICAL = re.compile(r"\b(?:if|whether|doubt\w*|thought|believed|could|would)\b", re.I)


def _armed_values(a: Analysis, k: int, mine) -> list[Value]:
    """Whether someone was armed: 'after pointing a gun at two plainclothes officers' / 'The gun was found at the
    scene' against 'Witnesses said that Gray ... did not have a gun'. Not in questions or suppositions ('even if
    he had a gun', 'they thought he was grabbing back to get a gun')."""
    text = a.report.text

    def reader(armed):
        def value(m, span):
            start, end = sentence_of(a, m.start())
            if text[start:end].rstrip().endswith("?") or _HYPOTHETICAL.search(text, start, m.start()):
                return None
            return ("outcome", "armed"), {"cause": (armed, span, m.group(0))}
        return value
    return read_matches(a, k, mine, _ARMED, reader("armed")) + read_matches(a, k, mine, _UNARMED, reader("unarmed"))


_CLOSED = re.compile(r"\b(?:were|was|are|is|been|be|remained|stayed)\s+(?:closed|shut|sealed off|cordoned off)\s+"
                     r"(?:until|till)\s+(?P<until>(?:about\s+|around\s+)?[^.;,]{3,40}?)(?=[.;,]|$)|"
                     r"\b(?:remain|stay)\s+(?:closed|shut|sealed off|cordoned off)\s+(?:for\s+)?"
                     r"(?P<open>some time|a number of hours|several hours|hours|days|several days|the rest of the day|"
                     r"indefinitely|until further notice)\b", re.I | re.M)
_CLOSED_WHAT = re.compile(r"\b(?:roads?|streets?|highways?|motorways?|airports?|schools?|stations?|border|bridges?|"
                          r"area|they)\b", re.I)


def _closure_values(a: Analysis, k: int, mine) -> list[Value]:
    """How long roads (an airport, schools ...) stayed closed: 'closed until about 1630 GMT on Saturday' against
    'likely to remain closed for some time'."""
    text = a.report.text

    def value(m, span):
        if not _CLOSED_WHAT.search(text, sentence_of(a, m.start())[0], m.start()):
            return None
        until = m.group("until")
        return ("outcome", "closure"), {"cause": ("until " + until.strip() if until else "open-ended", span,
                                                  m.group(0))}
    return read_matches(a, k, mine, _CLOSED, value)


# What someone is charged with, pleads guilty to or is accused of, as classes of offence
_CHARGED = re.compile(r"\b(?:charged (?:with|in)|pleaded (?:not )?guilty (?:on \w+ )?to|pleads (?:not )?guilty to|"
                      r"accused of|indicted (?:on|for)|convicted of|arrested (?:for|on charges? of)|charges? of|"
                      r"guilty plea was to)\b", re.I)
OFFENCES = {
    "murder": r"(?<!attempted )murder", "attempted murder": r"attempted murder", "manslaughter": r"manslaughter",
    "homicide": r"homicide", "assault": r"assault", "drunk driving": r"\bDWI\b|\bDUI\b|driving (?:drunk|while "
    r"intoxicated|under the influence)|drunk(?:en)? driving", "leaving the scene": r"leaving the scene",
    "fraud": r"fraud", "conspiracy": r"conspiracy|conspiring", "false tax returns": r"false (?:\w+ ){0,3}tax",
    "theft": r"theft|larceny", "robbery": r"robbery", "burglary": r"burglary", "kidnapping": r"kidnapping",
    "rape": r"\brape\b", "terrorism": r"terrorism", "perjury": r"perjury", "obstruction": r"obstruction",
    "bribery": r"brib(?:ery|es?)", "weapons": r"weapons? (?:charges?|possession)|possession of a (?:weapon|firearm)",
    "disorderly conduct": r"disorderly conduct", "resisting arrest": r"resisting arrest", "piracy": r"piracy",
}
_OFFENCE = re.compile("|".join(f"(?P<o{i}>{rx})" for i, rx in enumerate(OFFENCES.values())), re.I)
_OFFENCE_NAMES = list(OFFENCES)
HOMICIDE = {"murder", "manslaughter", "homicide"}


def _charge_values(a: Analysis, k: int, mine) -> list[Value]:
    """The charges a report names, as one value: the offences after 'charged with', 'pleaded guilty to', 'accused
    of' ... up to the end of the sentence, each phrase as evidence."""
    text = a.report.text
    found: set[str] = set()
    spans: list[Span] = []
    ref = None
    for m in _CHARGED.finditer(text):
        end = min([i for i in (text.find(c, m.end()) for c in ".;\n") if i >= 0] + [m.end() + 160])
        hits = [(o.lastgroup, o) for o in _OFFENCE.finditer(text, m.end(), end)]
        if not hits:
            continue
        span = Span(a.report.id, m.start(), hits[-1][1].end())
        held = claim_holding(mine, span, overlap=True)
        if held is None:
            continue
        found |= {_OFFENCE_NAMES[int(g[1:])] for g, _ in hits}
        spans.append(span)
        ref = held if ref is None else ref
    if not spans:
        return []
    words = ", ".join(sorted(found))
    return [Value(ref, k, ("outcome", "charge"), cause=(frozenset(found), spans[0], words), also=tuple(spans[1:]))]


_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
             "tenth": 10}
_DRINK = r"DWI|DUI|OWI|OUI|drunk[- ]driving|drink[- ]driving"
_NTH_OFFENCE = re.compile(r"\b(?:his|her|their)\s+(?P<ord>second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
                          r"tenth|[2-9](?:nd|rd|th))\s+(?P<kind>" + _DRINK + r")(?:\s+(?:arrest|conviction|"
                          r"offen[cs]e|charge)s?)?\b", re.I)
_PRIOR_OFFENCES = re.compile(r"\b(?P<n>\w+)\s+(?:prior|previous|earlier|past)\s+(?P<kind>" + _DRINK +
                             r")(?:\s+(?:arrest|conviction|offen[cs]e|charge)s|s)\b", re.I)


def _prior_values(a: Analysis, k: int, mine) -> list[Value]:
    """A driver's drink-driving record as a count of earlier offences: 'three prior DUI convictions' is three,
    'this is his second DWI' is one. Only drink-driving, where an ordinal is the usual way to give the record."""
    from ..analyze.quantities import parse_number

    def value(m, span):
        if "ord" in m.groupdict():
            o = m.group("ord").lower()
            n = (_ORDINALS.get(o) or int(o[0])) - 1
        elif (n := parse_number(m.group("n"))) is None:
            return None
        q = Quantity(span, m.group(0), float(n), float(n), counted="offence")
        return ("quantity", "count", "prior drink-driving offence"), {"quantity": q}
    return (read_matches(a, k, mine, _NTH_OFFENCE, value, overlap=False)
            + read_matches(a, k, mine, _PRIOR_OFFENCES, value, overlap=False))


def _compare_charges(x: Value, y: Value) -> tuple[Optional[str], str]:
    sx, sy = x.cause[0], y.cause[0]
    if sx & HOMICIDE and sy & HOMICIDE and ("murder" in sx) != ("murder" in sy):
        has, lacks = (x, y) if "murder" in sx else (y, x)
        return "conflict", (f"one names a murder charge ({has.text}); the other lists the killing's charges without "
                            f"it ({lacks.text})")
    if sx <= sy or sy <= sx:
        return "agree", f"the charges agree: {x.text} and {y.text}" + ("" if sx == sy else " (one names fewer)")
    if not sx & sy:
        # nothing in common is most often two arrests ('grand larceny' at the looted store, 'disorderly
        # conduct' at the vigil), not one charge named two ways
        return None, f"different charges, most likely of different people: {x.text} and {y.text}"
    return "partial", f"the charges are named differently: {x.text} against {y.text}"


def phrase_values(a: Analysis, k: int, mine) -> list[Value]:
    """Every phrase reader's values for report ``k`` (``mine``: its claim refs)."""
    return (_cause_values(a, k, mine) + _charge_values(a, k, mine) + _prior_values(a, k, mine)
            + _death_place_values(a, k, mine) + _damage_values(a, k, mine) + _condition_values(a, k, mine)
            + _hiding_values(a, k, mine) + _disguise_values(a, k, mine) + _fall_values(a, k, mine)
            + _step_values(a, k, mine) + _none_values(a, k, mine) + _armed_values(a, k, mine)
            + _closure_values(a, k, mine) + _readiness_values(a, k, mine) + _caliber_values(a, k, mine))


def compare_words(x: Value, y: Value) -> tuple[Optional[str], str]:
    """The verdict on two values read from words (``Value.cause`` set) with one key."""
    if x.key == ("outcome", "charge"):
        return _compare_charges(x, y)
    if x.key == ("place", "death"):
        return _compare_death_places(x, y)
    if x.key[:2] == ("outcome", "damage"):
        return _compare_damage(x, y)
    if x.key == ("outcome", "closure"):
        if x.cause[0] == y.cause[0] or "open-ended" == x.cause[0] == y.cause[0]:
            return "agree", f"both say: \u201c{x.text}\u201d and \u201c{y.text}\u201d"
        if "open-ended" in (x.cause[0], y.cause[0]):
            return "partial", (f"one gives when it reopened, the other only that it would stay closed: \u201c{x.text}"
                               f"\u201d against \u201c{y.text}\u201d (the later report may know more)")
        return "partial", f"two reopening times: \u201c{x.text}\u201d against \u201c{y.text}\u201d"
    if x.key == ("outcome", "armed"):
        if x.cause[0] == y.cause[0]:
            return "agree", f"both say {x.cause[0]}: \u201c{x.text}\u201d and \u201c{y.text}\u201d"
        return "conflict", f"one account says armed, the other not: \u201c{x.text}\u201d against \u201c{y.text}\u201d"
    if x.key[:2] == ("outcome", "step"):
        if x.cause[0] == y.cause[0]:
            return "agree", f"both say it {'is expected' if x.cause[0] == 'expected' else 'has happened'}"
        return "partial", (f"one says it is expected, the other that it has happened: \u201c{x.text}\u201d against "
                           f"\u201c{y.text}\u201d (the later report may be an update)")
    if x.key == ("place", "fall"):
        if x.cause[0] == y.cause[0]:
            return "agree", f"both say a fall from or into the {x.cause[0]}"
        return "partial", (f"the fall is described from different places: \u201c{x.text}\u201d against "
                           f"\u201c{y.text}\u201d (a fall from a ridge may end in a gully)")
    if x.key == ("place", "hiding"):
        if x.cause[0] == y.cause[0]:
            return "agree", f"both say they hid in the {x.cause[0]}"
        return "partial", (f"two hiding places: \u201c{x.text}\u201d against \u201c{y.text}\u201d (one room may be "
                           "inside or next to the other)")
    if x.key == ("outcome", "condition"):
        if x.cause[0] == y.cause[0]:
            return "agree", f"both describe the wounded alike: \u201c{x.text}\u201d and \u201c{y.text}\u201d"
        return "partial", (f"the condition is described differently ({x.cause[0]} against {y.cause[0]}): "
                           f"\u201c{x.text}\u201d against \u201c{y.text}\u201d; a condition changes, so compare when "
                           "each was written")
    if x.key[0] == "outcome" and x.key[1] in ("equipped", "prepared", "trained"):
        if x.cause[0] == y.cause[0]:
            return "agree", f"both say: \u201c{x.text}\u201d and \u201c{y.text}\u201d"
        return "conflict", f"one says well {x.key[1]}, the other not: \u201c{x.text}\u201d against \u201c{y.text}\u201d"
    # how people died
    if x.cause[0] == y.cause[0]:
        return "agree", f"both say how they died: \u201c{x.text}\u201d and \u201c{y.text}\u201d"
    return "conflict", (f"two causes of death that cannot both be true of one death: \u201c{x.text}\u201d "
                        f"against \u201c{y.text}\u201d")


def phrase_name(key: tuple) -> Optional[str]:
    """What a finding on values of ``key`` is about, for the keys the phrase readers give ('where they died')."""
    names = {("outcome", "cause"): "cause of death", ("outcome", "charge"): "charges",
             ("outcome", "condition"): "condition of the wounded", ("outcome", "armed"): "whether armed",
             ("outcome", "closure"): "how long it stayed closed", ("place", "fall"): "where the fall was",
             ("place", "hiding"): "where they hid", ("place", "death"): "where they died"}
    if key in names:
        return names[key]
    if key[:2] == ("outcome", "step"):
        return f"whether {key[2]}"
    if key[:2] == ("outcome", "damage"):
        return f"damage to the {key[2]}"
    if key[0] == "outcome":
        return f"how well {key[1]}"
    if len(key) > 2 and key[1] == "count" and key[2].startswith("disguised as "):
        return f"number {key[2]}"
    return None
