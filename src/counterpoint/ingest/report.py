"""Building one Report from text and what is known about it; the Rejection record."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..config import Settings
from ..errors import InputError
from ..model import Report, content_hash
from .boilerplate import find_boilerplate
from .dates import find_dateline, normalise_published
from .text import SNIFF, check_language, check_not_empty, is_binary


@dataclass(frozen=True)
class Rejection:
    """One input that could not be used, and why. ``str(r)`` is the line shown to the user."""
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class Given:
    """What the user said about a report (manifest fields or CLI flags); these win over what the page says.
    ``published`` is already normalised; ``published_source`` says where it came from (manifest | flag)."""
    title: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[str] = None
    published_source: Optional[str] = None
    url: Optional[str] = None


def make_report(text: str, *, path: Optional[str] = None, title: Optional[str] = None,
                outlet: Optional[str] = None, published: Optional[str] = None,
                published_source: Optional[str] = None, url: Optional[str] = None,
                settings: Settings) -> Report:
    """A Report from text in memory. Raises InputError (naming ``path``) when the text is unusable.

    Without ``published`` the first lines are searched for a dateline (published_source "dateline").
    Boilerplate lines are recorded in ``removed``; the text itself is never changed."""
    source = path or url or "text"
    if not isinstance(text, str):
        raise InputError(source, f"expected text, got {type(text).__name__}")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > settings.max_bytes:
        raise InputError(source, f"too large ({size} bytes; the limit is max_bytes={settings.max_bytes})")
    if is_binary(text[:SNIFF].encode("utf-8", "surrogatepass")):   # inline text (manifest, API) full of NULs
        raise InputError(source, "binary content (not text)")
    try:
        check_not_empty(text, settings.min_chars)
        if published is not None and str(published).strip():
            published = normalise_published(published)
            published_source = published_source or "given"
        else:
            published = find_dateline(text)
            published_source = "dateline" if published else None
        language = check_language(text) if settings.language_check else None
    except ValueError as exc:
        raise InputError(source, str(exc)) from None
    rid = content_hash(text)
    return Report(id=rid, text=text, path=path, title=_clean(title), outlet=_clean(outlet), published=published,
                  published_source=published_source, url=_clean(url), removed=find_boilerplate(text, rid),
                  language=language)


def _clean(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    value = " ".join(str(value).split())
    return value or None
