"""The JSON API in-process (TestClient) with a stand-in analyser: the contract, the one error shape, limits,
uploads, stories, reports, tokens and the host/origin guards."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from counterpoint.config import Settings
from counterpoint.errors import UsageError
from counterpoint.web import WebSettings, create_app

from . import seed_items, use_fake_analyzer

SETTINGS = Settings(embeddings=False, align_threshold=0.3, language_check=False)
A = "About 200 Iraqi fighters crossed into Syria near Aleppo on Monday. The weather in Paris was mild and pleasant today."
B = ("At least 300 Iraqi fighters crossed into Syria near Bou Kamal on Sunday. Officials in Rome opened a new museum "
     "of ancient art.")
BASE = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def mp():
    with pytest.MonkeyPatch.context() as m:
        use_fake_analyzer(m)
        yield m


@pytest.fixture(scope="module")
def client(mp, tmp_path_factory):
    db = str(tmp_path_factory.mktemp("web") / "stories.db")
    with TestClient(create_app(SETTINGS, db), base_url=BASE) as c:
        yield c


def pair(**extra):
    return {"reports": [{"text": A, "published": "2024-12-02", "title": "Report A", **extra},
                        {"text": B, "published": "2024-12-02", "title": "Report B"}]}


def assert_error(resp, status, code=None):
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"])
    assert "Traceback" not in resp.text and "File \"" not in resp.text
    if code:
        assert body["error"]["code"] == code, body


def test_compare_returns_the_contract_with_a_conflict_and_exact_evidence(client):
    resp = client.post("/api/v1/compare", json=pair())
    assert resp.status_code == 200, resp.text
    data = resp.json()
    assert data["schema"] == "counterpoint.comparison/1"
    for key in ("reports", "entities", "findings", "quotes", "attributions", "places", "framing", "removed"):
        assert isinstance(data[key], list)
    texts = {r["id"]: (A if r["title"] == "Report A" else B) for r in data["reports"]}
    conflict = next(f for f in data["findings"] if f["kind"] == "conflict")
    assert conflict["slot"] == "quantity"
    assert {e["text"] for e in conflict["evidence"]} >= {"About 200 Iraqi fighters", "At least 300 Iraqi fighters"}
    for f in data["findings"]:
        for e in f["evidence"]:
            assert texts[e["report"]][e["start"]:e["end"]] == e["text"]
    assert data["rejected"] == []
    try:                       # the contract's own validator, once render provides it
        from counterpoint.render import validate_contract
    except ImportError:
        validate_contract = None
    if validate_contract is not None:
        validate_contract({k: v for k, v in data.items() if k not in ("result_id", "rejected", "stories")})
    twin = client.get(f"/api/v1/results/{data['result_id']}").json()
    assert twin["findings"] == data["findings"]


def test_seed_pair_compares(client):
    resp = client.post("/api/v1/compare", json={"reports": seed_items()})
    assert resp.status_code == 200
    assert len(resp.json()["reports"]) == 2


@pytest.mark.parametrize("body, where", [
    ({"reports": []}, "body.reports"),
    ({"reports": [{"text": A}]}, "body.reports"),
    ({"reports": [{"text": A}, {"text": 5}]}, "body.reports.1.text"),
    ({"reports": [{"text": A}, {"text": B, "colour": "red"}]}, "body.reports.1.colour"),
    ({"report": []}, "body.reports"),
    ([1, 2], "body"),
])
def test_invalid_bodies_get_422_in_the_error_shape(client, body, where):
    resp = client.post("/api/v1/compare", json=body)
    assert_error(resp, 422, "invalid_request")
    assert any(d["where"] == where for d in resp.json()["error"]["details"]), resp.json()


def test_malformed_json_is_a_clear_4xx(client):
    resp = client.post("/api/v1/compare", content=b'{"reports": [', headers={"content-type": "application/json"})
    assert_error(resp, 422, "invalid_request")


def test_unusable_reports_are_named_and_too_few_is_422(client):
    resp = client.post("/api/v1/compare", json={"reports": [{"text": A}, {"text": "   "}]})
    assert_error(resp, 422, "too_few_reports")
    details = resp.json()["error"]["details"]
    assert details and details[0]["source"] == "report-2"


def test_a_bad_date_rejects_that_report_only(client):
    body = pair()
    body["reports"].append({"text": A + " More text here.", "published": "not a date"})
    resp = client.post("/api/v1/compare", json=body)
    assert resp.status_code == 200
    assert [r["source"] for r in resp.json()["rejected"]] == ["report-3"]


def test_unknown_routes_and_methods_use_the_error_shape(client):
    assert_error(client.get("/api/v1/nothing"), 404, "not_found")
    assert_error(client.get("/api/v1/compare"), 405, "method_not_allowed")
    assert_error(client.get("/api/v1/results/r000"), 404, "not_found")
    assert_error(client.get("/api/v1/reports/nope"), 404, "not_found")
    assert_error(client.get("/api/v1/stories/nope"), 404, "not_found")
    page = client.get("/nothing/here")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]


def test_an_internal_error_shows_no_trace(mp, tmp_path):
    with pytest.MonkeyPatch.context() as m:
        import counterpoint.link as link

        def boom(*a, **k):
            raise RuntimeError("secret detail /srv/private/path")
        m.setattr(link, "compare", boom)
        with TestClient(create_app(SETTINGS), base_url=BASE, raise_server_exceptions=False) as c:
            resp = c.post("/api/v1/compare", json=pair())
            assert_error(resp, 500, "internal_error")
            assert "secret" not in resp.text
            page = c.post("/compare", data={"text": [A, B]})
            assert page.status_code == 500 and "secret" not in page.text and "text/html" in page.headers["content-type"]


def test_body_and_upload_limits(mp):
    web = WebSettings(max_body_bytes=2000)
    with TestClient(create_app(SETTINGS, web=web), base_url=BASE) as c:
        assert_error(c.post("/api/v1/compare", json={"reports": [{"text": "x" * 3000}, {"text": B}]}), 413, "too_large")
        # a chunked body without a length is counted as it arrives
        resp = c.post("/api/v1/compare", content=iter([b'{"reports": [', b" " * 3000, b"]}"]),
                      headers={"content-type": "application/json"})
        assert_error(resp, 413, "too_large")
    small = Settings(max_bytes=150, embeddings=False, language_check=False)
    with TestClient(create_app(small), base_url=BASE) as c:
        resp = c.post("/api/v1/compare/upload", files=[("files", ("a.txt", A.encode() * 3, "text/plain")),
                                                        ("files", ("b.txt", B.encode(), "text/plain"))])
        assert_error(resp, 413, "too_large")
        resp = c.post("/api/v1/compare", json={"reports": [{"text": A * 3}, {"text": B}]})
        assert_error(resp, 422, "too_few_reports")
        assert "max_bytes" in resp.json()["error"]["details"][0]["reason"]


def test_too_many_reports(mp):
    with TestClient(create_app(SETTINGS, web=WebSettings(max_reports=3)), base_url=BASE) as c:
        resp = c.post("/api/v1/compare", json={"reports": [{"text": f"{A} {n}"} for n in range(4)]})
        assert_error(resp, 400, "bad_request")


def test_upload_compares_files_and_refuses_manifests(client):
    files = [("files", ("a.txt", A.encode(), "text/plain")), ("files", ("b.html", (
        f"<html><head><title>B page</title></head><body><article><p>{B}</p></article></body></html>").encode(),
        "text/html"))]
    resp = client.post("/api/v1/compare/upload", files=files, data={"published": "2024-12-02"})
    assert resp.status_code == 200, resp.text
    assert {r["published"] for r in resp.json()["reports"]} == {"2024-12-02"}
    resp = client.post("/api/v1/compare/upload", files=[
        ("files", ("m.jsonl", b'{"path": "/etc/passwd"}\n', "application/json")),
        ("files", ("a.txt", A.encode(), "text/plain")), ("files", ("b.txt", B.encode(), "text/plain"))])
    assert resp.status_code == 200
    assert resp.json()["rejected"][0]["source"] == "m.jsonl"
    assert "manifests are not accepted" in resp.json()["rejected"][0]["reason"]


def test_form_keeps_reports_as_stories_with_json_twins(client):
    resp = client.post("/compare", data={"text": [A, B, ""], "published": ["2024-12-02", "2024-12-02", ""],
                                         "title": ["Alpha", "Beta", ""], "outlet": ["Outlet One", "", ""],
                                         "keep": "on"}, follow_redirects=False)
    assert resp.status_code == 303, resp.text
    result_page = client.get(resp.headers["location"])
    assert result_page.status_code == 200 and "Conflicts" in result_page.text
    rid = resp.headers["location"].rsplit("/", 1)[1]
    result = client.get(f"/api/v1/results/{rid}").json()
    assert result["stories"]
    listing = client.get("/api/v1/stories").json()
    assert listing["total"] >= 1
    sid = result["stories"][0]
    assert sid in {s["id"] for s in listing["stories"]}
    story = client.get(f"/api/v1/stories/{sid}").json()
    assert story["story"]["id"] == sid and story["comparison"]["schema"] == "counterpoint.comparison/1"
    page = client.get(f"/stories/{sid}")
    assert page.status_code == 200 and "Reports side by side" in page.text
    assert client.get("/stories").status_code == 200
    assert client.get("/api/v1/stories", params={"q": "outlet one"}).json()["stories"]
    assert client.get("/api/v1/stories", params={"outlet": "Outlet One"}).json()["stories"]
    assert client.get("/api/v1/stories", params={"outlet": "nobody"}).json()["stories"] == []
    assert client.get("/api/v1/stories", params={"until": "2000-01-01"}).json()["stories"] == []
    with_conflicts = client.get("/api/v1/stories", params={"has_conflicts": "true"}).json()["stories"]
    assert all(s["conflicts"] > 0 for s in with_conflicts)
    assert_error(client.get("/api/v1/stories", params={"since": "yesterday-ish"}), 400, "bad_request")
    report_id = story["story"]["reports"][0]["id"]
    rep = client.get(f"/api/v1/reports/{report_id}").json()
    assert rep["report"]["id"] == report_id and rep["analysis"] is not None
    assert client.get(f"/reports/{report_id}").status_code == 200


def test_form_errors_come_back_on_the_form_with_the_input_kept(client):
    resp = client.post("/compare", data={"text": [A, ""], "title": ["kept title", ""]})
    assert resp.status_code == 422
    assert "need at least two usable reports" in resp.text and "kept title" in resp.text


def test_url_items_never_reach_private_addresses(mp, monkeypatch):
    import httpx

    import counterpoint.ingest.web as ingest_web
    calls = []

    def fetch(url):
        calls.append(url)
        return (A.encode(), "text/plain")
    with TestClient(create_app(SETTINGS, fetch=fetch), base_url=BASE) as c:
        for url in ("http://127.0.0.1:8000/api/v1/health", "http://[::1]/", "http://169.254.169.254/latest/",
                    "http://10.1.2.3/x", "file:///etc/passwd", "/etc/hostname", "../../pyproject.toml"):
            resp = c.post("/api/v1/compare", json={"reports": [{"url": url}, {"text": A}, {"text": B}]})
            assert resp.status_code == 200, resp.text
            rejected = resp.json()["rejected"]
            assert len(rejected) == 1 and rejected[0]["source"] in (url, "report-1"), rejected
            assert len(resp.json()["reports"]) == 2
        monkeypatch.setattr(ingest_web, "resolve_host", lambda host: ["10.0.0.7"])   # DNS says private
        resp = c.post("/api/v1/compare", json={"reports": [{"url": "http://news.example/a"}, {"text": A}, {"text": B}]})
        assert "private" in resp.json()["rejected"][0]["reason"]
    assert calls == []          # the guard refused before any fetch

    def hop(request):           # a public address redirecting to loopback
        if request.url.host == "93.184.216.34":
            return httpx.Response(302, headers={"location": "http://127.0.0.1:9/secret"})
        calls.append(str(request.url))
        return httpx.Response(200, text="secret", headers={"content-type": "text/plain"})
    fetcher = ingest_web.http_fetcher(SETTINGS, transport=httpx.MockTransport(hop))
    with TestClient(create_app(SETTINGS, fetch=fetcher), base_url=BASE) as c:
        resp = c.post("/api/v1/compare", json={"reports": [{"url": "http://93.184.216.34/story"}, {"text": A},
                                                            {"text": B}]})
        assert "refused" in resp.json()["rejected"][0]["reason"]
    assert calls == []


def test_a_public_url_is_fetched(mp):
    with TestClient(create_app(SETTINGS, fetch=lambda url: (B.encode(), "text/plain")), base_url=BASE) as c:
        resp = c.post("/api/v1/compare", json={"reports": [{"text": A}, {"url": "http://93.184.216.34/b",
                                                                           "title": "Fetched B"}]})
        assert resp.status_code == 200, resp.text
        assert "Fetched B" in {r["title"] for r in resp.json()["reports"]}


def test_beyond_loopback_writes_need_the_token(mp):
    with pytest.raises(UsageError):
        create_app(SETTINGS, web=WebSettings(host="0.0.0.0"))
    app = create_app(SETTINGS, web=WebSettings(host="0.0.0.0", token="s3cret"))
    with TestClient(app, base_url="http://desk.example:8000") as c:
        assert c.get("/api/v1/health").json()["token_required"] is True
        assert_error(c.post("/api/v1/compare", json=pair()), 401, "unauthorized")
        assert_error(c.post("/api/v1/compare", json=pair(), headers={"authorization": "Bearer wrong"}), 401)
        assert c.post("/api/v1/compare", json=pair(), headers={"authorization": "Bearer s3cret"}).status_code == 200
        form = c.post("/compare", data={"text": [A, B]}, follow_redirects=False)
        assert form.status_code == 401
        form = c.post("/compare", data={"text": [A, B], "token": "s3cret"}, follow_redirects=False)
        assert form.status_code == 303


def test_host_and_origin_guards(client):
    assert_error(client.get("/api/v1/health", headers={"host": "evil.example"}), 400, "bad_host")
    assert client.get("/api/v1/health", headers={"host": "localhost:8000"}).status_code == 200
    resp = client.post("/api/v1/compare", json=pair(), headers={"origin": "http://evil.example"})
    assert_error(resp, 403, "cross_origin")
    assert client.post("/api/v1/compare", json=pair(), headers={"origin": BASE}).status_code == 200


def test_openapi_and_security_headers(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/compare", "/api/v1/stories", "/api/v1/stories/{story_id}", "/api/v1/reports/{report_id}",
            "/api/v1/results/{result_id}"} <= set(spec["paths"])
    assert "ErrorResponse" in spec["components"]["schemas"]
    assert "422" in spec["paths"]["/api/v1/compare"]["post"]["responses"]
    page = client.get("/")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert client.get("/api").status_code == 200
    assert client.get("/docs").status_code == 404     # no CDN-backed Swagger UI
