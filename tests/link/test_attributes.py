"""A person's age and home read beside their name, compared across reports."""
from counterpoint.link.attributes import attribute_conflicts, read_attributes
from counterpoint.model import Analysis, Entity, Mention, Place, Report, Span, content_hash
from tests.link import compare_pair


def _report(text, name, places=()):
    rid = content_hash(text)
    ms = []
    i = text.find(name)
    while i >= 0:
        ms.append(Mention(Span(rid, i, i + len(name)), name, "PERSON", name))
        i = text.find(name, i + 1)
    ps = []
    for ptext, lat, lon, gid in places:
        s = text.index(ptext)
        ps.append(Place(Span(rid, s, s + len(ptext)), ptext, ptext, lat, lon, "US", "city", gid))
    return Analysis(Report(rid, text, path=f"{rid}.txt"), "1", mentions=tuple(ms), places=tuple(ps)), ms


def _entity(*mention_lists):
    return Entity("e1", "Anthony LaSalle", "person", tuple(m for ms in mention_lists for m in ms))


def test_reads_age_and_home_in_the_usual_shapes():
    a, ma = _report("Police stopped Anthony LaSalle, 36, of Bloomington, when he hit a car.", "Anthony LaSalle")
    b, mb = _report("A 31-year-old Anthony LaSalle was held. Anthony LaSalle, who lived half a mile away in "
                    "South Ozone Park, was charged.", "Anthony LaSalle")
    got = {(at.report == a.report.id, at.kind, at.value) for at in read_attributes([a, b], [_entity(ma, mb)])}
    assert got == {(True, "age", "36"), (True, "home", "Bloomington"), (False, "age", "31"),
                   (False, "home", "South Ozone Park")}


def test_different_towns_conflict_even_when_close_and_same_age_agrees():
    a, ma = _report("Anthony LaSalle, 36, of Bloomington, hit a car.", "Anthony LaSalle",
                    [("Bloomington", 44.84, -93.30, "g1")])
    c, mc = _report("Anthony LaSalle, 36, of Minneapolis, hit a car.", "Anthony LaSalle",
                    [("Minneapolis", 44.98, -93.26, "g2")])
    found = list(attribute_conflicts([a, c], [_entity(ma, mc)]))
    assert [(k, [at.value for at in items]) for k, _, items, _ in found] == [("home", ["Bloomington", "Minneapolis"])
                                                                             if a.report.id < c.report.id else
                                                                             ("home", ["Minneapolis", "Bloomington"])]
    same, ms = _report("Anthony LaSalle, 36, of Bloomington, fled.", "Anthony LaSalle",
                       [("Bloomington", 44.84, -93.30, "g1")])
    assert list(attribute_conflicts([a, same], [_entity(ma, ms)])) == []


def test_a_role_no_longer_held_against_the_same_role_held():
    a = "Blumenthal faces former WWE wrestling executive Linda McMahon in the race for the Senate."
    b = "Blumenthal faces Linda McMahon, the CEO of World Wrestling Entertainment, in the race for the Senate."
    c = "Blumenthal faces Linda McMahon, the CEO of a Stamford charity, in the race for the Senate."
    cmp = compare_pair(a, b, "2010-05-18")
    found = [f for f in cmp.findings if f.kind == "conflict" and "role" in f.summary]
    assert found and "former WWE wrestling executive" in found[0].summary, [f.summary for f in cmp.findings]
    cmp = compare_pair(a, c, "2010-05-18")
    assert not [f for f in cmp.findings if f.kind == "conflict" and "role" in f.summary]
