"""URL fetching for a user never reaches a private address, even when DNS changes its answer between the
check and the connection (DNS rebinding): a real HTTP server on loopback stands in for the private target,
and the resolver answers a public address first and 127.0.0.1 after."""
from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi.testclient import TestClient

from counterpoint.config import Settings
from counterpoint.ingest.web import http_fetcher
from counterpoint.web import create_app

from . import use_fake_analyzer

SETTINGS = Settings(embeddings=False, align_threshold=0.3, language_check=False)
SECRET = "The internal admin page says 400 fighters crossed near Aleppo on Monday, officials said here."
A = "About 200 Iraqi fighters crossed into Syria near Aleppo on Monday, the observatory said."
B = "At least 300 Iraqi fighters crossed into Syria near Bou Kamal on Sunday, officials said."
REBIND = "rebind.test"


@pytest.fixture
def private_server():
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            body = SECRET.encode()
            self.send_response(200)
            self.send_header("content-type", "text/plain")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv.server_address[1], hits
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def rebinding_dns(monkeypatch):
    """REBIND resolves to a public address on the first ``calls.public`` lookups (1 unless a test changes
    it) and to 127.0.0.1 on every later one."""
    real = socket.getaddrinfo

    class Calls(list):
        public = 1
    calls = Calls()

    def getaddrinfo(host, port, *args, **kwargs):
        if host != REBIND:
            return real(host, port, *args, **kwargs)
        calls.append(host)
        addr = "93.184.216.34" if len(calls) <= calls.public else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (addr, port or 0))]
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return calls


def test_the_default_fetcher_refuses_a_rebinding_host(private_server, rebinding_dns):
    port, hits = private_server
    with pytest.raises(ValueError, match="refused"):
        http_fetcher(SETTINGS)(f"http://{REBIND}:{port}/admin")
    assert hits == [] and len(rebinding_dns) >= 2        # checked, then re-resolved when connecting


def test_allowed_private_fetch_reaches_the_server(private_server, rebinding_dns):
    """The control: with allow_private_urls the same fetch does reach the loopback server (so the refusal
    above is the guard, not a broken test server)."""
    port, hits = private_server
    socket.getaddrinfo(REBIND, None)           # spend the public answer: from now on REBIND is 127.0.0.1
    got = http_fetcher(SETTINGS.replace(allow_private_urls=True))(f"http://{REBIND}:{port}/admin")
    assert got.body == SECRET.encode() and hits == ["/admin"]


def test_compare_with_a_rebinding_url_rejects_it_and_never_fetches(private_server, rebinding_dns, monkeypatch):
    use_fake_analyzer(monkeypatch)
    port, hits = private_server
    rebinding_dns.public = 2        # public for both checks before the fetch (ingest's and the fetcher's)
    with TestClient(create_app(SETTINGS), base_url="http://127.0.0.1:8000") as c:
        resp = c.post("/api/v1/compare", json={"reports": [{"url": f"http://{REBIND}:{port}/admin"},
                                                            {"text": A}, {"text": B}]})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert len(body["rejected"]) == 1 and "refused" in body["rejected"][0]["reason"], body["rejected"]
    assert SECRET not in resp.text and hits == []
