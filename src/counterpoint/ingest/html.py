"""HTML pages through trafilatura (main text + metadata), and a small tag stripper for feed snippets."""
from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Optional

from .text import normalise_newlines


@dataclass(frozen=True)
class HtmlDoc:
    text: str
    title: Optional[str] = None
    date: Optional[str] = None        # from the page's metadata only (no guessing from the body text)
    sitename: Optional[str] = None
    url: Optional[str] = None         # canonical URL when the page declares one


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or bool(re.search(r"<(?:html|head|body)\b", head))


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_:.-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> Optional[str]:
    """The charset a page declares in a <meta> tag near its top, if any."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def extract_html(markup: str, url: Optional[str] = None) -> HtmlDoc:
    """Main text and metadata of a page; raises ValueError when no text can be extracted."""
    import trafilatura
    doc = trafilatura.bare_extraction(
        markup, url=url, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True})
    text = normalise_newlines(doc.text or "") if doc is not None else ""
    if not text.strip():
        raise ValueError("no extractable text in the HTML page")
    return HtmlDoc(text=text, title=_clean(doc.title), date=_clean(doc.date),
                   sitename=_clean(doc.sitename), url=_clean(doc.url))


def _clean(value: Optional[str]) -> Optional[str]:
    value = (value or "").strip()
    return value or None


_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
          "section", "article", "header", "footer", "pre", "table", "figure", "figcaption", "hr"}


class _Stripper(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "noscript"):
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "noscript"):
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def strip_html(fragment: str) -> str:
    """Text of an HTML fragment (feed summaries): tags dropped, entities decoded, one paragraph per line."""
    if "<" not in fragment:
        text = htmllib.unescape(fragment)
    else:
        parser = _Stripper()
        parser.feed(fragment)
        parser.close()
        text = "".join(parser.parts)
    lines = [re.sub(r"[ \t\r\f\v\xa0]+", " ", ln).strip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)
