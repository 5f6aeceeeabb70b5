"""URLs: the address guard, injected fetchers, the default httpx fetcher's limits, offline failure."""
import httpx
import pytest

from counterpoint.config import Settings
from counterpoint.ingest import Fetched, load_sources
from counterpoint.ingest import web
from counterpoint.ingest.web import check_url, http_fetcher

NEWS = ("Hundreds of fighters from Iran-backed Iraqi militias entered Syria overnight to support the "
        "government in its battle against rebels who captured Aleppo last week, officials said.")
PAGE = f"""<html><head><title>Militias | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-12-02"></head>
<body><article><h1>Militias</h1><p>{NEWS}</p><p>{NEWS.replace('Hundreds', 'Dozens')}</p></article></body></html>"""


@pytest.fixture
def settings():
    return Settings()


@pytest.fixture
def public_dns(monkeypatch):
    """Host names resolve to a public address without a network."""
    monkeypatch.setattr(web, "resolve_host", lambda host: ["93.184.216.34"])


def fake(pages: dict):
    calls = []

    def fetch(url):
        calls.append(url)
        return pages[url]
    fetch.calls = calls
    return fetch


def test_injected_fetcher_html(settings, public_dns):
    url = "https://news.example.com/militias"
    fetch = fake({url: Fetched(url=url, body=PAGE.encode(), content_type="text/html")})
    result = load_sources([url], settings, fetch=fetch)
    (r,) = result.reports
    assert fetch.calls == [url]
    assert (r.path, r.url, r.outlet, r.published, r.published_source) == (
        url, url, "Example News", "2024-12-02", "html")
    assert NEWS in r.text


def test_injected_fetcher_tuple_and_plain_text_and_feed(settings, public_dns):
    rss = ("<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>"
           f"<item><title>A</title><link>https://wire.example.com/a</link><description>{NEWS.replace('Hundreds', 'Dozens')}</description>"
           "<pubDate>Mon, 02 Dec 2024 08:30:00 GMT</pubDate></item></channel></rss>")
    fetch = fake({"http://a.example.com/t": (NEWS.encode("utf-8"), "text/plain; charset=utf-8"),
                  "http://a.example.com/feed": (rss.encode(), "application/rss+xml")})
    result = load_sources(["http://a.example.com/t", "http://a.example.com/feed"], settings, fetch=fetch)
    t, f = result.reports
    assert t.text == NEWS and t.path == "http://a.example.com/t"
    assert (f.text, f.outlet, f.published_source, f.path) == (
        NEWS.replace("Hundreds", "Dozens"), "Wire", "feed", "https://wire.example.com/a")


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/admin", "http://localhost:8080/", "http://10.1.2.3/", "http://192.168.0.1/",
    "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/",
])
def test_private_addresses_are_refused_before_fetching(settings, url):
    fetch = fake({})
    result = load_sources([url, "missing-file.txt"], settings, fetch=fetch)
    assert fetch.calls == []
    rej = result.rejected[0]
    assert rej.source == url and rej.reason.startswith("refused:") and "allow_private_urls" in rej.reason
    assert result.rejected[1].source == "missing-file.txt"


def test_host_name_resolving_to_private_is_refused(settings, monkeypatch):
    monkeypatch.setattr(web, "resolve_host", lambda host: ["93.184.216.34", "10.0.0.7"])
    with pytest.raises(ValueError, match="10.0.0.7"):
        check_url("https://sneaky.example.com/", settings)


def test_private_allowed_when_configured(settings):
    url = "http://127.0.0.1:8000/story"
    fetch = fake({url: (NEWS, "text/plain")})
    (r,) = load_sources([url], settings.replace(allow_private_urls=True), fetch=fetch).reports
    assert r.text == NEWS


def test_only_http_schemes(settings):
    with pytest.raises(ValueError, match="only http"):
        check_url("file:///etc/passwd", settings)


def test_fetcher_errors_and_limits_are_rejections(settings, public_dns):
    def broken(url):
        raise ConnectionError("network down")
    (rej,) = load_sources(["https://x.example.com/"], settings, fetch=broken).rejected
    assert rej.reason == "cannot fetch (ConnectionError: network down)"
    big = fake({"https://x.example.com/": (b"x" * 200, "text/plain")})
    (rej,) = load_sources(["https://x.example.com/"], settings.replace(max_bytes=100), fetch=big).rejected
    assert "too large" in rej.reason
    pdf = fake({"https://x.example.com/": (b"%PDF-1.4", "application/pdf")})
    (rej,) = load_sources(["https://x.example.com/"], settings, fetch=pdf).rejected
    assert "unsupported content type application/pdf" in rej.reason


def test_offline_fails_with_a_clear_message(settings):
    (rej,) = load_sources(["http://no-such-host.invalid/story"], settings).rejected
    assert rej.source == "http://no-such-host.invalid/story"
    assert "cannot resolve host" in rej.reason and "offline" in rej.reason


# ------------------------------------------------------------------ the default httpx fetcher, on a mock transport

def mock(handler):
    return httpx.MockTransport(handler)


def test_http_fetcher_reads_body_and_charset(settings, public_dns):
    def handler(request):
        return httpx.Response(200, headers={"content-type": "text/html; charset=ISO-8859-1"},
                              content="<p>café</p>".encode("latin-1"))
    got = http_fetcher(settings, transport=mock(handler))("https://a.example.com/x")
    assert (got.content_type, got.charset, got.body) == ("text/html", "iso-8859-1", "<p>café</p>".encode("latin-1"))


def test_http_fetcher_checks_every_redirect(settings, monkeypatch):
    monkeypatch.setattr(web, "resolve_host", lambda host: ["127.0.0.1"] if host == "internal" else ["93.184.216.34"])
    seen = []

    def handler(request):
        seen.append(str(request.url))
        return httpx.Response(302, headers={"location": "http://internal/secret"})
    with pytest.raises(ValueError, match="refused: internal"):
        http_fetcher(settings, transport=mock(handler))("https://a.example.com/x")
    assert seen == ["https://a.example.com/x"]


def test_http_fetcher_follows_public_redirects(settings, public_dns):
    def handler(request):
        if request.url.path == "/old":
            return httpx.Response(301, headers={"location": "/new"})
        return httpx.Response(200, headers={"content-type": "text/plain"}, content=NEWS.encode())
    got = http_fetcher(settings, transport=mock(handler))("https://a.example.com/old")
    assert got.url == "https://a.example.com/new" and got.body == NEWS.encode()


@pytest.mark.parametrize("headers, status, message", [
    ({"content-type": "text/html"}, 404, "HTTP 404"),
    ({"content-type": "image/png"}, 200, "unsupported content type image/png"),
    ({"content-type": "text/plain", "content-length": "999999"}, 200, "too large"),
])
def test_http_fetcher_refusals(settings, public_dns, headers, status, message):
    def handler(request):
        return httpx.Response(status, headers=headers, content=b"x" * 10)
    with pytest.raises(ValueError, match=message):
        http_fetcher(settings.replace(max_bytes=1000), transport=mock(handler))("https://a.example.com/x")


def test_http_fetcher_caps_streamed_body_without_content_length(settings, public_dns):
    def handler(request):
        return httpx.Response(200, headers={"content-type": "text/plain"},
                              stream=httpx.ByteStream(b"y" * 5000))
    with pytest.raises(ValueError, match="too large"):
        http_fetcher(settings.replace(max_bytes=1000), transport=mock(handler))("https://a.example.com/x")


def test_http_fetcher_connection_error(settings, public_dns):
    def handler(request):
        raise httpx.ConnectError("connection refused", request=request)
    with pytest.raises(ValueError, match="offline, or the site is unreachable"):
        http_fetcher(settings, transport=mock(handler))("https://a.example.com/x")


def test_http_fetcher_timeout(settings, public_dns):
    def handler(request):
        raise httpx.ReadTimeout("slow", request=request)
    with pytest.raises(ValueError, match="timed out after 10 s"):
        http_fetcher(settings, transport=mock(handler))("https://a.example.com/x")
