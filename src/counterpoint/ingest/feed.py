"""RSS / Atom feeds through feedparser: each entry becomes one report with its own published date."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional

from .html import strip_html

FEED_EXTENSIONS = (".rss", ".atom", ".xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
              "text/xml", "application/feed+xml")


@dataclass(frozen=True)
class FeedEntry:
    text: str
    title: Optional[str]
    link: Optional[str]
    published: Optional[str]     # ISO datetime (UTC) from the entry, or None
    outlet: Optional[str]        # the feed's title


def looks_like_feed(head: str | bytes) -> bool:
    if isinstance(head, bytes):
        head = head[:2048].decode("utf-8", "replace")
    return bool(re.search(r"<(?:rss|feed|rdf:RDF)\b", head[:2048]))


def parse_feed(data: bytes) -> list[FeedEntry]:
    """Entries of an RSS/Atom document; raises ValueError when it is not a feed or has no entries."""
    import feedparser
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise ValueError("not an RSS/Atom feed" + (f" ({problem})" if problem else ""))
    outlet = (parsed.feed.get("title") or "").strip() or None
    entries = []
    for e in parsed.entries:
        body = ""
        if e.get("content"):
            body = max((c.get("value") or "" for c in e.content), key=len)
        if len(strip_html(body)) < len(strip_html(e.get("summary") or "")):
            body = e.get("summary") or ""
        entries.append(FeedEntry(text=strip_html(body), title=(strip_html(e.get("title") or "") or None),
                                 link=e.get("link") or None, published=_entry_date(e), outlet=outlet))
    if not entries:
        raise ValueError("the feed has no entries")
    return entries


def _entry_date(entry) -> Optional[str]:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    stamp = dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.timezone.utc)
    return stamp.isoformat(timespec="seconds")
