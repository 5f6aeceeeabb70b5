"""Property tests against the OpenAPI spec (schemathesis): whatever a client sends, no 5xx, and every
error uses the one JSON shape. Analysis is the stand-in (the real one is exercised by the browser tests)."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from counterpoint.config import Settings
from counterpoint.web import create_app

from . import use_fake_analyzer

_DIR = tempfile.mkdtemp(prefix="cp-web-prop-")
APP = create_app(Settings(embeddings=False, align_threshold=0.3, language_check=False),
                 str(Path(_DIR) / "stories.db"))
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", APP, headers={"host": "127.0.0.1:8000"})


@pytest.fixture(scope="module", autouse=True)
def _fake_analysis():
    """The stand-in analyser while this module's tests run, and only then: patched at import time it would
    replace the real Analyzer for every test collected in the same session."""
    with pytest.MonkeyPatch.context() as mp:
        use_fake_analyzer(mp)
        yield


def teardown_module() -> None:
    APP.state.service.close()
    shutil.rmtree(_DIR, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case):
    response = case.call(headers={"host": "127.0.0.1:8000"})
    assert response.status_code < 500, (case.method, case.path, response.status_code, response.text[:300])
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error"} and {"code", "message"} <= set(body["error"]), body
