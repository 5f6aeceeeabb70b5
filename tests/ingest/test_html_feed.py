"""HTML pages (trafilatura) and RSS/Atom feeds (feedparser)."""
from pathlib import Path

import pytest

from counterpoint.config import Settings
from counterpoint.ingest import load_sources
from counterpoint.ingest.html import strip_html

PARA1 = ("Hundreds of fighters from Iran-backed Iraqi militias entered Syria overnight to support the "
         "government in its battle against rebels who captured Aleppo last week, according to Syrian and "
         "Iraqi sources on Monday.")
PARA2 = ("According to the Britain-based Syrian Observatory for Human Rights, about 200 Iraqi troops traveled "
         "in pickup trucks into Syria at the Bou Kamal border crossing early on Monday morning.")


def page(meta: str = "", body: str = f"<p>{PARA1}</p><p>{PARA2}</p>") -> str:
    return f"""<!DOCTYPE html><html><head><title>Militias cross into Syria | Example News</title>{meta}</head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Militias cross into Syria</h1>{body}</article>
<footer>Copyright 2024 Example News</footer></body></html>"""


META = """<meta property="og:site_name" content="Example News">
<link rel="canonical" href="https://news.example.com/world/militias">
<meta property="article:published_time" content="2024-12-02T08:00:00Z">"""


@pytest.fixture
def settings():
    return Settings()


def test_html_main_text_and_metadata(settings, tmp_path):
    p = tmp_path / "story.html"
    p.write_text(page(META), encoding="utf-8")
    (r,) = load_sources([str(p)], settings).reports
    assert PARA1 in r.text and PARA2 in r.text
    assert "Home" not in r.text and "Copyright" not in r.text
    assert r.title == "Militias cross into Syria"
    assert r.outlet == "Example News"
    assert r.url == "https://news.example.com/world/militias"
    assert (r.published, r.published_source) == ("2024-12-02", "html")
    assert r.path == str(p)


def test_flag_and_manifest_dates_win_over_html(settings, tmp_path):
    p = tmp_path / "story.htm"
    p.write_text(page(META), encoding="utf-8")
    (r,) = load_sources([str(p)], settings, published="2024-12-01", outlet="Mine").reports
    assert (r.published, r.published_source, r.outlet) == ("2024-12-01", "flag", "Mine")
    m = tmp_path / "m.jsonl"
    m.write_text('{"path": "story.htm", "published": "2024-11-30", "title": "Given"}\n', encoding="utf-8")
    (r,) = load_sources([str(m)], settings, published="2024-12-01").reports
    assert (r.published, r.published_source, r.title, r.path) == ("2024-11-30", "manifest", "Given", "story.htm")


def test_html_without_date_metadata_falls_back_to_dateline(settings, tmp_path):
    p = tmp_path / "story.html"
    p.write_text(page(body=f"<p>BEIRUT, Dec. 2, 2024 (Reuters) - {PARA1}</p><p>{PARA2}</p>"), encoding="utf-8")
    (r,) = load_sources([str(p)], settings).reports
    assert (r.published, r.published_source) == ("2024-12-02", "dateline")


def test_html_is_sniffed_without_extension(settings, tmp_path):
    p = tmp_path / "story"
    p.write_text(page(META), encoding="utf-8")
    (r,) = load_sources([str(p)], settings).reports
    assert r.outlet == "Example News" and "<p>" not in r.text


def test_strip_html():
    assert strip_html("<p>One &amp; two</p><p>Three<br>four <script>x()</script></p>") == "One & two\nThree\nfour"
    assert strip_html("plain &lt;text&gt;") == "plain <text>"


RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example Wire</title><link>https://wire.example.com</link>
<description>News</description>
<item><title>Militias cross into Syria</title><link>https://wire.example.com/1</link>
<pubDate>Mon, 02 Dec 2024 08:30:00 GMT</pubDate>
<description>&lt;p&gt;{PARA1}&lt;/p&gt;&lt;p&gt;{PARA2}&lt;/p&gt;</description></item>
<item><title>Talks in Doha</title><link>https://wire.example.com/2</link>
<pubDate>Tue, 03 Dec 2024 10:00:00 +0100</pubDate>
<description>Turkish Foreign Minister Hakan Fidan said Turkey had joined three-way talks with Russia and Iran to restore stability in Aleppo.</description></item>
<item><title>Vide</title><link>https://wire.example.com/3</link><description>   </description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title><id>urn:x</id><updated>2024-12-02T00:00:00Z</updated>
<entry><title>Militias</title><id>urn:1</id><link href="https://atom.example.com/1"/>
<published>2024-12-02T06:00:00Z</published><updated>2024-12-02T07:00:00Z</updated>
<content type="html">&lt;p&gt;{PARA2}&lt;/p&gt;</content><summary>short</summary></entry></feed>"""


def test_rss_feed_entries(settings, tmp_path):
    p = tmp_path / "wire.xml"
    p.write_text(RSS, encoding="utf-8")
    result = load_sources([str(p)], settings)
    a, b = result.reports
    assert a.text == PARA1 + "\n" + PARA2
    assert (a.title, a.outlet, a.url, a.path) == ("Militias cross into Syria", "Example Wire",
                                                  "https://wire.example.com/1", "https://wire.example.com/1")
    assert (a.published, a.published_source) == ("2024-12-02T08:30:00+00:00", "feed")
    assert b.published == "2024-12-03T09:00:00+00:00"
    (rej,) = result.rejected
    assert rej.source == f"{p}#3 (https://wire.example.com/3)" and "empty" in rej.reason


def test_feed_flag_date_wins(settings, tmp_path):
    p = tmp_path / "wire.rss"
    p.write_text(RSS, encoding="utf-8")
    reports = load_sources([str(p)], settings, published="2024-12-05").reports
    assert {(r.published, r.published_source) for r in reports} == {("2024-12-05", "flag")}


def test_atom_feed(settings, tmp_path):
    p = tmp_path / "news.atom"
    p.write_text(ATOM, encoding="utf-8")
    (r,) = load_sources([str(p)], settings).reports
    assert r.text == PARA2 and r.outlet == "Atom News" and r.published == "2024-12-02T06:00:00+00:00"


def test_xml_that_is_not_a_feed(settings, tmp_path):
    p = tmp_path / "sitemap.xml"
    p.write_text('<?xml version="1.0"?><urlset><url><loc>https://x.example</loc></url></urlset>', encoding="utf-8")
    (rej,) = load_sources([str(p)], settings).rejected
    assert rej.source == str(p) and "not an RSS/Atom feed" in rej.reason


def test_folder_picks_up_feeds_but_not_other_xml(settings, tmp_path):
    (tmp_path / "wire.xml").write_text(RSS, encoding="utf-8")
    (tmp_path / "sitemap.xml").write_text('<?xml version="1.0"?><urlset></urlset>', encoding="utf-8")
    result = load_sources([str(tmp_path)], settings)
    assert len(result.reports) == 2 and len(result.rejected) == 1   # the empty entry only
    assert Path(result.rejected[0].source.split("#")[0]).name == "wire.xml"


def test_html_meta_charset_is_used(settings, tmp_path):
    p = tmp_path / "cyr.html"
    body = page(META).replace("<head>", '<head><meta charset="windows-1251">')
    body = body.replace("Militias cross into Syria</h1>", "Militias cross into Syria — Сирия</h1>")
    p.write_bytes(body.encode("cp1251"))
    (r,) = load_sources([str(p)], settings).reports
    assert "Сирия" in r.text
