"""Report text, titles, outlets and URLs are untrusted: every page and the HTML export escape them, and a
javascript: URL never becomes a link."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from counterpoint.config import Settings
from counterpoint.web import create_app

from . import use_fake_analyzer

SETTINGS = Settings(embeddings=False, align_threshold=0.3, language_check=False)
EVIL_TEXT = ('About 200 Iraqi fighters crossed into Syria on Monday <script>alert("t")</script> near '
             '<img src=x onerror=alert(1)> Aleppo. The weather in Paris was "mild" & <b onmouseover=alert(2)>nice</b>.')
EVIL_B = "At least 300 Iraqi fighters crossed into Syria on Sunday </textarea><svg onload=alert(3)>. Rome is old."
EVIL_TITLE = '"><script>alert(4)</script><a href="javascript:alert(5)">t</a>'
EVIL_OUTLET = "<iframe src=javascript:alert(6)>"
EVIL_URL = "javascript:alert(7)"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with pytest.MonkeyPatch.context() as m:
        use_fake_analyzer(m)
        db = str(tmp_path_factory.mktemp("esc") / "s.db")
        with TestClient(create_app(SETTINGS, db), base_url="http://127.0.0.1:8000") as c:
            yield c


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def assert_inert(html: str) -> None:
    """Parsed as a browser would: no tag from the reports, no event-handler attribute, no javascript: link,
    no script but our own file."""
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in ("iframe", "img", "object", "embed"), (tag, attrs)
        if tag == "script":
            assert dict(attrs).get("src") == "/static/app.js", attrs
        for name, value in attrs:
            assert not name.lower().startswith("on"), (tag, name, value)
            if name.lower() in ("href", "src", "action", "xlink:href", "formaction"):
                assert not (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:")), value
    assert "<script>alert" not in html and "<svg onload" not in html


def test_pages_and_export_escape_report_content(client):
    resp = client.post("/compare", data={"text": [EVIL_TEXT, EVIL_B], "title": [EVIL_TITLE, "B"],
                                         "outlet": [EVIL_OUTLET, ""], "url": [EVIL_URL, "https://ok.example/b"],
                                         "published": ["2024-12-02", "2024-12-02"], "keep": "on"},
                       follow_redirects=False)
    assert resp.status_code == 303, resp.text
    result = client.get(resp.headers["location"])
    assert_inert(result.text)
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;" in result.text     # shown, as text
    assert 'href="https://ok.example/b"' in result.text                          # a plain URL stays a link
    rid = resp.headers["location"].rsplit("/", 1)[1]
    export = client.get(f"/results/{rid}/export.html")
    assert export.status_code == 200 and "attachment" in export.headers["content-disposition"]
    assert "script-src" not in export.headers["content-security-policy"]          # no script runs in it at all
    assert_inert(export.text)
    assert "&lt;script&gt;" in export.text
    data = client.get(f"/api/v1/results/{rid}").json()
    sid = data["stories"][0]
    for path in (f"/stories/{sid}", f"/stories/{sid}/export.html", "/stories", "/stories?q=%3Cscript%3E",
                 *(f"/reports/{r['id']}" for r in data["reports"])):
        page = client.get(path)
        assert page.status_code == 200, path
        assert_inert(page.text)


def test_error_pages_and_form_echo_escape_input(client):
    page = client.get("/stories/<script>alert(1)</script>")
    assert page.status_code == 404
    assert_inert(page.text)
    form = client.post("/compare", data={"text": [EVIL_TEXT, ""], "title": [EVIL_TITLE, ""]})
    assert form.status_code == 422
    assert_inert(form.text)
    assert "&lt;/textarea&gt;" in client.post("/compare", data={"text": [EVIL_B, ""]}).text
    api = client.get("/api/v1/stories/<script>")
    assert api.headers["content-type"].startswith("application/json")
