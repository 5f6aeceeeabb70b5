"""Fetching http(s) URLs: the SSRF guard, size and time limits, and a content-type check.

A fetcher is any callable ``fetch(url) -> Fetched`` (tests inject a fake one). The guard runs before every
request, including each redirect hop of the default fetcher: the host's resolved addresses must all be
public unless ``settings.allow_private_urls``. Any failure raises ValueError with a one-line reason.
"""
from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from typing import Callable, Optional
from urllib.parse import urljoin, urlsplit

from ..config import Settings

USER_AGENT = "counterpoint/0.1 (+offline news comparison)"
MAX_REDIRECTS = 5
TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/rss+xml", "application/atom+xml",
              "application/rdf+xml", "application/xml", "text/xml", "application/feed+xml")


@dataclass(frozen=True)
class Fetched:
    url: str                    # the final URL (after redirects)
    body: bytes
    content_type: str = ""      # media type without parameters, lower case ("text/html")
    charset: Optional[str] = None


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def resolve_host(host: str) -> list[str]:
    """All addresses the host resolves to (a literal IP resolves to itself)."""
    try:
        return [ipaddress.ip_address(host.strip("[]")).compressed]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise ValueError(f"cannot resolve host {host!r} ({exc}); offline, or the name is wrong") from None
    return sorted({info[4][0] for info in infos})


def _is_public(addr: str) -> bool:
    ip = ipaddress.ip_address(addr.split("%")[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast
                or ip.is_unspecified or not ip.is_global)


def check_url(url: str, settings: Settings, resolve: Optional[Callable[[str], list[str]]] = None) -> None:
    """Refuse non-http(s) URLs, and hosts resolving to loopback/private/link-local addresses unless allowed."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError("only http:// and https:// URLs with a host name can be fetched")
    if settings.allow_private_urls:
        return
    addrs = (resolve or resolve_host)(parts.hostname)
    blocked = [a for a in addrs if not _is_public(a)]
    if blocked or not addrs:
        raise ValueError(f"refused: {parts.hostname} resolves to a private, loopback or link-local address "
                         f"({', '.join(blocked) or 'none'}); set allow_private_urls to fetch it")


def media_type(header: str) -> tuple[str, Optional[str]]:
    """'text/html; charset=UTF-8' -> ('text/html', 'utf-8')."""
    kind, _, params = header.partition(";")
    charset = None
    for p in params.split(";"):
        key, _, value = p.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip("\"' ").lower()
    return kind.strip().lower(), charset


def guarded_transport(settings: Settings):
    """An httpx transport whose every TCP connection goes to an address checked at connect time: the host
    is resolved once, there, every address must be public (unless allowed), and the socket connects to the
    address that was checked. So a DNS answer that changes between ``check_url`` and the connection (DNS
    rebinding) cannot reach a private address."""
    import httpcore
    import httpx

    class GuardedBackend(httpcore.SyncBackend):
        def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
            if settings.allow_private_urls:
                return super().connect_tcp(host, port, timeout, local_address, socket_options)
            addrs = resolve_host(host)
            blocked = [a for a in addrs if not _is_public(a)]
            if blocked or not addrs:
                raise ValueError(f"refused: {host} resolves to a private, loopback or link-local address "
                                 f"({', '.join(blocked) or 'none'}) when connecting; set allow_private_urls "
                                 "to fetch it")
            return super().connect_tcp(addrs[0], port, timeout, local_address, socket_options)

    transport = httpx.HTTPTransport()
    transport._pool._network_backend = GuardedBackend()     # httpcore 1.x: the pool's connection factory
    return transport


def http_fetcher(settings: Settings, transport=None) -> Callable[[str], Fetched]:
    """The default fetcher: httpx, redirects followed by hand (each hop checked), body capped at max_bytes,
    connections only to addresses checked when connecting (``guarded_transport``).
    ``transport``: an httpx transport (tests use httpx.MockTransport)."""
    def fetch(url: str) -> Fetched:
        import httpx
        current = url
        with httpx.Client(timeout=settings.url_timeout, follow_redirects=False,
                          transport=transport or guarded_transport(settings),
                          headers={"User-Agent": USER_AGENT}) as client:
            for _ in range(MAX_REDIRECTS + 1):
                check_url(current, settings)
                try:
                    with client.stream("GET", current) as resp:
                        if resp.is_redirect and resp.headers.get("location"):
                            current = urljoin(current, resp.headers["location"])
                            continue
                        return _read(resp, current, settings)
                except httpx.TimeoutException:
                    raise ValueError(f"timed out after {settings.url_timeout:g} s") from None
                except httpx.HTTPError as exc:
                    raise ValueError(f"cannot fetch ({type(exc).__name__}: {exc}); offline, "
                                     "or the site is unreachable") from None
        raise ValueError(f"more than {MAX_REDIRECTS} redirects")
    return fetch


def _read(resp, url: str, settings: Settings) -> Fetched:
    if resp.status_code >= 400:
        raise ValueError(f"HTTP {resp.status_code} {resp.reason_phrase}".strip())
    kind, charset = media_type(resp.headers.get("content-type", ""))
    if kind and kind not in TEXT_TYPES:
        raise ValueError(f"unsupported content type {kind} (expected HTML, plain text or a feed)")
    length = resp.headers.get("content-length")
    if length and length.isdigit() and int(length) > settings.max_bytes:
        raise ValueError(f"too large ({int(length)} bytes; the limit is max_bytes={settings.max_bytes})")
    chunks, size = [], 0
    for chunk in resp.iter_bytes():
        size += len(chunk)
        if size > settings.max_bytes:
            raise ValueError(f"too large (over max_bytes={settings.max_bytes} bytes)")
        chunks.append(chunk)
    return Fetched(url=url, body=b"".join(chunks), content_type=kind, charset=charset)


def check_fetched(fetched: Fetched, settings: Settings) -> None:
    """The same limits for a result from an injected fetcher."""
    if fetched.content_type and fetched.content_type not in TEXT_TYPES:
        raise ValueError(f"unsupported content type {fetched.content_type} (expected HTML, plain text or a feed)")
    if len(fetched.body) > settings.max_bytes:
        raise ValueError(f"too large ({len(fetched.body)} bytes; the limit is max_bytes={settings.max_bytes})")
