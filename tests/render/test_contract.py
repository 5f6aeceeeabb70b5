import json
import math

import jsonschema
import pytest

from counterpoint.model import Comparison, Finding, Quantity, Evidence, Span
from counterpoint.render import SCHEMA_ID, load_schema, render_json, to_contract, validate_contract

from . import TEXT_A, TEXT_B, make_comparison


@pytest.fixture
def cmp():
    return make_comparison()


def texts(cmp):
    return {r.id: r.text for r in cmp.reports}


def all_spans(data):
    for e in data["entities"]:
        yield from e["mentions"]
    for f in data["findings"]:
        yield from f["evidence"]
    for key in ("quotes", "attributions", "places", "framing"):
        yield from data[key]


def test_contract_validates_and_has_documented_fields(cmp):
    data = to_contract(cmp, include_layers=False)
    validate_contract(data)
    assert data["schema"] == SCHEMA_ID
    assert [r["path"] for r in data["reports"]] == ["cases/report-a.txt", "cases/report-b.txt"]
    for r in data["reports"]:
        assert {"id", "path", "title", "outlet", "published"} <= r.keys()
    f = next(f for f in data["findings"] if f["id"] == "f-count")
    assert {"id", "kind", "slot", "summary", "evidence", "rule", "values", "reports", "origins"} <= f.keys()
    assert f["values"][0] == {"report": cmp.reports[0].id, "text": "About 200", "value": "200 (approx)",
                              "attributed_to": "Syrian Observatory"}
    assert data["quotes"][0]["speaker"] == "Abbas Araghchi" and data["quotes"][0]["direct"] is True
    att = data["attributions"][0]
    assert {"report", "source", "start", "end", "hedge", "kind", "cue", "content_start", "content_end"} <= att.keys()
    assert data["notes"] == ["test note: hand-built"]
    assert data["origins"] == [[cmp.reports[0].id], [cmp.reports[1].id]]
    assert "layers" not in data


def test_every_span_text_is_the_report_slice(cmp):
    data = to_contract(cmp)
    t = texts(cmp)
    n = 0
    for s in all_spans(data):
        assert 0 <= s["start"] <= s["end"] <= len(t[s["report"]])
        assert s["text"] == t[s["report"]][s["start"]:s["end"]]
        n += 1
    assert n > 15
    for rm in data["removed"]:
        assert t[rm["report"]][rm["start"]:rm["end"]] == "Comments (12) | Share this article"


def test_places_keep_unresolved_with_null_coordinates(cmp):
    places = to_contract(cmp)["places"]
    by_text = {p["text"]: p for p in places}
    assert by_text["Bou Kamal"]["resolved"] is True and by_text["Bou Kamal"]["lat"] == pytest.approx(34.45)
    road = by_text["dirt road"]
    assert road["resolved"] is False and road["lat"] is None and road["lon"] is None and road["name"] is None


def test_items_sorted_by_report_then_offset(cmp):
    data = to_contract(cmp)
    order = {r["id"]: i for i, r in enumerate(data["reports"])}
    for key in ("quotes", "attributions", "places", "framing", "removed"):
        keys = [(order[x["report"]], x["start"], x["end"]) for x in data[key]]
        assert keys == sorted(keys), key


def test_layers_per_report(cmp):
    data = to_contract(cmp, include_layers=True)
    validate_contract(data)
    assert list(data["layers"]) == [r.id for r in cmp.reports]
    la = data["layers"][cmp.reports[0].id]
    for key in ("sentences", "quantities", "times", "claims", "mentions", "relations"):
        assert isinstance(la[key], list)
    assert la["mentions"][0]["span"]["start"] == TEXT_A.index("Abbas Araghchi")
    assert la["text"] == TEXT_A and la["pipeline_version"] == "test-1"


def test_open_quantity_bound_is_json_null():
    cmp = make_comparison()
    a = cmp.analyses[0]
    q = Quantity(Span(a.report.id, 0, 9), "About 200", 180.0, math.inf, hedge="at_least")
    import dataclasses
    cmp = dataclasses.replace(cmp, analyses=(dataclasses.replace(a, quantities=(q,)),) + cmp.analyses[1:])
    text = render_json(cmp, include_layers=True)
    assert "Infinity" not in text
    assert json.loads(text)["layers"][a.report.id]["quantities"][0]["high"] is None


def test_render_json_is_deterministic_and_round_trips(cmp):
    one = render_json(cmp, include_layers=True)
    assert one == render_json(make_comparison(), include_layers=True)
    data = json.loads(one)
    validate_contract(data)
    assert data == json.loads(json.dumps(to_contract(cmp)))
    assert one.startswith('{\n "schema": "counterpoint.comparison/1"')
    assert render_json(cmp, include_layers=False) != one


def test_render_json_keeps_unicode(cmp):
    assert "\u201c" not in TEXT_A  # the fixture's own quotes are ASCII; check a non-ASCII value survives
    c = make_comparison(title_a="Milícias atravessam — Síria")
    assert "Milícias atravessam — Síria" in render_json(c)


def test_schema_is_draft_2020_12():
    schema = load_schema()
    assert schema["$schema"].endswith("/draft/2020-12/schema")
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("breakage", [
    lambda d: d.pop("findings"),
    lambda d: d.__setitem__("schema", "counterpoint.comparison/2"),
    lambda d: d["findings"][0].__setitem__("kind", "maybe"),
    lambda d: d["findings"][0]["evidence"][0].__setitem__("start", -1),
    lambda d: d["findings"][0]["evidence"][0].pop("text"),
    lambda d: d["quotes"][0].pop("speaker"),
    lambda d: d["places"][0].__setitem__("lat", 123.0),
    lambda d: d["reports"][0].pop("published"),
    lambda d: d["removed"][0].pop("reason"),
])
def test_schema_rejects_broken_contracts(cmp, breakage):
    data = to_contract(cmp)
    breakage(data)
    with pytest.raises(jsonschema.ValidationError):
        validate_contract(data)


def test_semantic_checks_reject_reversed_span_and_unknown_report(cmp):
    data = to_contract(cmp)
    data["framing"][0]["start"], data["framing"][0]["end"] = 10, 5
    with pytest.raises(jsonschema.ValidationError, match="before start"):
        validate_contract(data)
    data = to_contract(cmp)
    data["findings"][0]["evidence"][0]["report"] = "nope"
    with pytest.raises(jsonschema.ValidationError, match="not in reports"):
        validate_contract(data)


def test_empty_comparison_validates():
    data = to_contract(Comparison((), ()))
    validate_contract(data)
    assert data["findings"] == [] and data["layers"] == {}


def test_evidence_outside_known_reports_keeps_given_text():
    cmp = make_comparison(extra_findings=(
        Finding("f-x", "unique", None, "elsewhere", (Evidence(Span("zzz", 0, 3), "abc"),)),))
    f = next(f for f in to_contract(cmp)["findings"] if f["id"] == "f-x")
    assert f["evidence"][0]["text"] == "abc"


def test_fields_the_scorer_reads_have_the_right_types(cmp):
    # the shared scorer concatenates place text and name for resolved places, and reads speaker/source strings
    data = to_contract(cmp)
    for p in data["places"]:
        if p["lat"] is not None:
            assert isinstance(p["name"], str) and isinstance(p["text"], str)
    assert all(isinstance(a["source"], str) for a in data["attributions"])
    assert TEXT_B.endswith(TEXT_B[data["removed"][0]["start"]:])


def test_attribution_source_is_the_phrase_as_written_with_the_resolved_name():
    from counterpoint.model import Attribution, Span
    from counterpoint.render.contract import attribution_phrase
    text = "Roads stayed closed, police said on Saturday. He said the fire was out. Police said they found it."
    said = Attribution(Span("r", 21, 27), "police", None, "say")
    assert attribution_phrase(text, said) == "police said on Saturday"
    he = Attribution(Span("r", 46, 48), "Gregg Hastings", Span("r", 54, 70), "say")
    assert attribution_phrase(text, he) == "He said [Gregg Hastings]"
    before = Attribution(Span("r", 71, 77), "police", Span("r", 83, 97), "say")
    assert attribution_phrase(text, before) == "Police said"


def test_an_according_to_attribution_keeps_its_words():
    from counterpoint.model import Attribution, Span
    from counterpoint.render.contract import attribution_phrase
    text = "The driver fled, according to police. According to the documents, he paid."
    s = text.index("police")
    assert attribution_phrase(text, Attribution(Span("r", s, s + 6), "police", None, "accord")) == \
        "according to police"
    s = text.index("documents")
    assert attribution_phrase(text, Attribution(Span("r", s, s + 9), "documents", None, "accord")) \
        .startswith("According to the documents")


def test_an_attribution_phrase_keeps_when_it_was_said():
    from counterpoint.model import Attribution, Span
    from counterpoint.render.contract import attribution_phrase
    text = "Roads were closed and police said on Saturday they were likely to remain closed."
    s = text.index("police")
    content = text.index("on Saturday")
    at = Attribution(Span("r", s, s + 6), "police", Span("r", content, len(text) - 1), "say")
    assert attribution_phrase(text, at) == "police said on Saturday"
