import json

import pytest

from counterpoint.config import resolve_settings, Settings
from counterpoint.errors import ConfigError
from counterpoint.model import (Analysis, Claim, Quantity, Removed, Report, Span, content_hash, from_dict,
                                to_dict)


def test_span_validation_and_overlap():
    with pytest.raises(ValueError):
        Span("r", 5, 2)
    assert Span("r", 0, 5).overlaps(Span("r", 4, 9))
    assert not Span("r", 0, 5).overlaps(Span("r", 5, 9))
    assert not Span("r", 0, 5).overlaps(Span("s", 0, 5))


def test_json_round_trip_nested():
    text = "About 200 troops crossed."
    rid = content_hash(text)
    report = Report(rid, text, path="a.txt", removed=(Removed(Span(rid, 0, 1), "test"),))
    a = Analysis(report=report, pipeline_version="1",
                 quantities=(Quantity(Span(rid, 0, 9), "About 200", 200.0, 200.0, True, "approx", "troop"),),
                 claims=(Claim("c0", Span(rid, 0, 24), text[:24], 0, quantities=(0,), entities=("X",)),))
    data = json.loads(json.dumps(to_dict(a)))
    back = from_dict(Analysis, data)
    assert back == a
    assert isinstance(back.claims[0].quantities, tuple)


def test_content_hash_is_stable():
    assert content_hash("abc") == content_hash("abc") != content_hash("abd")
    assert len(content_hash("x")) == 16


def test_settings_layers(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[counterpoint]\nmax_bytes = 100\nembeddings = false\n")
    s = resolve_settings(cfg, env={"COUNTERPOINT_MAX_BYTES": "200"}, align_threshold=0.7)
    assert s.max_bytes == 200 and s.embeddings is False and s.align_threshold == 0.7
    assert resolve_settings(None, env={}) == Settings()
    with pytest.raises(ConfigError):
        resolve_settings(None, env={"COUNTERPOINT_MAX_BYTES": "lots"})
    bad = tmp_path / "bad.toml"
    bad.write_text("nonsense = 1\n")
    with pytest.raises(ConfigError):
        resolve_settings(bad, env={})
