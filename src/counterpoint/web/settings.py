"""Settings of the web app: what ``counterpoint serve`` adds to the library's Settings.

Kept apart from :class:`counterpoint.config.Settings` so the core imports no web code; ``from_settings``
builds them from Settings (the store) and the ``serve`` flags.
"""
from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from typing import Optional

from ..config import Settings
from ..errors import UsageError

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def default_concurrency() -> int:
    """Compares analysed at once: one per CPU core (at most 4). spaCy and onnxruntime release the GIL for
    their heavy parts, so threads overlap; measured on 2 cores under load, 2 slots gave 1.5x the throughput
    of 1 (docs/web.md)."""
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


@dataclass(frozen=True)
class WebSettings:
    host: str = "127.0.0.1"
    port: int = 8000
    token: Optional[str] = None            # required on write endpoints when bound beyond loopback
    db: Optional[str] = None               # the store; None: no store (compare only, no stories)
    max_body_bytes: int = 12_000_000       # whole request body (JSON or multipart)
    max_reports: int = 20                  # reports in one compare request
    max_concurrent: int = field(default_factory=lambda: default_concurrency())   # compares analysed at once
    embed_threads: int = 1                 # onnxruntime threads per embedding call (0: onnxruntime's default)
    max_waiting: int = 64                  # compares queued behind them before 503 + Retry-After
    results_kept: int = 64                 # compare results kept in memory for /results/{id}

    @property
    def token_required(self) -> bool:
        """Write endpoints need the token when a token is set, or when the server is reachable beyond
        loopback (then a token must be set: see ``check``)."""
        return bool(self.token) or not is_loopback(self.host)

    def check(self) -> "WebSettings":
        if not is_loopback(self.host) and not self.token:
            raise UsageError(f"--host {self.host}: serving beyond loopback needs a token for the write endpoints; "
                             "give --token (or COUNTERPOINT_WEB_TOKEN), or bind to 127.0.0.1")
        if not 0 < self.port < 65536:
            raise UsageError(f"--port {self.port}: not a port number")
        if self.max_body_bytes <= 0 or self.max_reports < 2 or self.max_concurrent < 1 or self.embed_threads < 0:
            raise UsageError("web limits must be positive (and max_reports at least 2)")
        return self

    @classmethod
    def from_settings(cls, settings: Settings, *, host: Optional[str] = None, port: Optional[int] = None,
                      token: Optional[str] = None, db: Optional[str] = None, **extra) -> "WebSettings":
        """The serve flags win over Settings; the body limit leaves room for max_reports reports of
        max_bytes each only up to a sane cap."""
        body = extra.pop("max_body_bytes", None) or max(1_000_000, min(4 * settings.max_bytes + 100_000,
                                                                        50_000_000))
        return cls(host=host or cls.host, port=port or cls.port, token=token or None,
                   db=db if db is not None else settings.db, max_body_bytes=body, **extra)
