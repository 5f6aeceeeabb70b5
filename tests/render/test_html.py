import re
from html.parser import HTMLParser

import pytest

from counterpoint.model import Evidence, Finding, Span
from counterpoint.render import render_html

from . import TEXT_A, TEXT_B, make_comparison

XSS_TEXT = ("<script>alert(1)</script> " + TEXT_A + " Witnesses saw <img src=x onerror=alert(1)> at the border "
            "& \"quotes\" 'too'.")
VOID = {"meta", "br", "img", "link", "input", "hr", "wbr"}


class Tree(HTMLParser):
    """Checks nesting, collects ids, hrefs, srcs and the text inside each report column."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.ids, self.hrefs, self.srcs, self.tags = [], [], [], [], []
        self.columns, self._col_depth = [], None
        self.marked, self._open_marks = {}, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.append(a["id"])
        if "href" in a:
            self.hrefs.append(a["href"])
        if "src" in a:
            self.srcs.append(a["src"])
        if tag in VOID:
            return
        self.stack.append(tag)
        self._open_marks.append(a.get("data-span") if tag == "mark" else None)
        if tag == "mark" and "id" in a:
            assert a["id"] == a["data-span"] and a["id"] not in self.marked   # the id is on the first piece
            self.marked[a["id"]] = ""
        if tag == "div" and a.get("class") == "text":
            self.columns.append("")
            self._col_depth = len(self.stack)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        if self._col_depth == len(self.stack):
            self._col_depth = None
        self.stack.pop()
        self._open_marks.pop()

    def handle_data(self, data):
        for key in self._open_marks:
            if key:
                self.marked[key] += data
        if self._col_depth is not None:
            self.columns[-1] += data


def parse(html):
    t = Tree()
    t.feed(html)
    t.close()
    assert t.stack == []
    return t


@pytest.fixture(scope="module")
def page():
    return render_html(make_comparison())


def test_well_formed_unique_ids_and_texts_intact(page):
    t = parse(page)
    assert len(t.ids) == len(set(t.ids))
    assert t.columns == [TEXT_A, TEXT_B]


def test_every_evidence_link_targets_a_mark(page):
    t = parse(page)
    marks = {a["id"] for tag, a in t.tags if tag == "mark" and "id" in a}
    ev_links = [h[1:] for h in t.hrefs if h.startswith("#ev-")]
    assert len(ev_links) == 9
    assert set(ev_links) <= marks
    assert all(h[1:] in t.ids for h in t.hrefs if h.startswith("#"))


def test_overlapping_evidence_nests_and_each_span_is_covered(page):
    cmp = make_comparison()
    t = parse(page)
    # "Syria" is inside both the agreement span and the place-conflict span of report A
    assert re.search(r'<mark class="ev k-agreement"[^>]*><mark id="ev-A-38-84" class="ev k-conflict"[^>]*>Syria'
                     r'</mark></mark>', page)
    # the pieces of each evidence span, joined, are exactly the cited text, and each span's id is on its first piece
    want = {}
    for f in cmp.findings:
        for e in f.evidence:
            key = f"ev-{'AB'[[r.id for r in cmp.reports].index(e.span.report)]}-{e.span.start}-{e.span.end}"
            want[key] = e.text
    assert t.marked == want
    assert t.columns[0] == TEXT_A


def test_findings_in_reading_order_with_kind_classes(page):
    pos = {k: page.index(f'id="kind-{k}"') for k in ("conflict", "partial", "agreement", "unique")}
    assert pos["conflict"] < pos["partial"] < pos["agreement"] < pos["unique"] < page.index('id="texts"')
    for k in ("conflict", "partial", "agreement", "unique"):
        assert f'class="finding k-{k}"' in page
    assert page.index("Quantity conflict") < page.index("Place conflict")   # the Comparison's order within a kind


def test_finding_shows_slot_rule_values_and_sources(page):
    art = re.search(r'<article id="f-f-count".*?</article>', page, re.S).group(0)
    for s in ("quantity", "Rule: the intervals [180, 220] and [300, inf) do not overlap", "per Syrian Observatory",
              "per Iraqi security officials", "“at least three hundred”", "= 200 (approx)", 'href="#ev-A-0-9"',
              'href="#ev-B-30-52"'):
        assert s in art, s


def test_removed_framing_entities_quotes_places(page):
    assert re.search(r'<span id="rm-B-\d+-\d+" class="removed" title="removed: comment-section footer">'
                     r'Comments \(12\) \| Share this article</span>', page)
    assert re.search(r'<u id="fr-A-\d+-\d+" class="framing fr-label"[^>]*>regime</u>', page)
    assert "<th scope=\"row\">Abbas Araghchi</th><td>PERSON</td><td class=\"num\">1</td><td class=\"num\">1</td>" in page
    assert "“provide any support needed”" in page
    assert "34.4500, 40.9200" in page and "unresolved" in page
    assert "test note: hand-built" in page


def test_header_lists_reports(page):
    for s in ("Militias cross into Syria", "Daily B", "2024-12-02", "cases/report-a.txt",
              '<a href="https://example.org/a?x=1&amp;y=2" rel="noopener noreferrer nofollow">'):
        assert s in page


def xss_page():
    evil = "<script>alert(1)</script><img src=x onerror=alert(1)>"
    extra = (Finding("f-evil", "conflict", "other", f"Summary {evil}", (
        Evidence(Span("x", 0, 1), evil),), rule=f"rule {evil}"),)
    cmp = make_comparison(XSS_TEXT, TEXT_B, title_a=f"Title {evil}", url_a="javascript:alert(1)",
                          outlet_b=f"Outlet {evil}", extra_findings=extra)
    return cmp, render_html(cmp)


def test_report_text_and_metadata_are_escaped():
    cmp, page = xss_page()
    lowered = page.lower()
    assert "<script" not in lowered
    assert "<img" not in lowered
    assert "onerror=" not in lowered.replace("onerror=alert(1)&gt;", "")  # only as escaped text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    t = parse(page)
    assert all(not k.startswith("on") for _, a in t.tags for k in a)
    assert t.columns[0] == XSS_TEXT


def test_javascript_url_never_becomes_a_link():
    cmp, page = xss_page()
    t = parse(page)
    assert not any(h.lower().startswith("javascript") for h in t.hrefs)
    assert "javascript:alert(1)" in page          # shown as text
    assert "(not a web link)" in page


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<b>x</b>",
                                 "http:/no-host", "vbscript:x", "https://ex ample.org/", "//evil.example/x"])
def test_only_http_urls_with_a_host_are_links(url):
    page = render_html(make_comparison(url_a=url))
    t = parse(page)
    assert [h for h in t.hrefs if not h.startswith("#")] == []


def test_no_external_resources():
    for cmp in (make_comparison(), xss_page()[0]):
        page = render_html(cmp)
        t = parse(page)
        assert t.srcs == []
        assert not any(tag in ("script", "link", "iframe", "object", "embed", "img") for tag, _ in t.tags)
        assert "url(" not in page and "@import" not in page
        external = [h for h in t.hrefs if not h.startswith("#")]
        assert all(re.match(r"https?://", h) for h in external)
        for tag, a in t.tags:
            if tag == "a" and not a.get("href", "#").startswith("#"):
                assert "noopener" in a.get("rel", "")


def test_print_and_accessibility_basics(page):
    assert '<html lang="en">' in page and "@media print" in page
    assert "<main>" in page and 'scope="col"' in page
    assert "default-src 'none'" in page


def test_deterministic(page):
    assert render_html(make_comparison()) == page


def test_single_report_and_empty():
    from counterpoint.model import Comparison
    cmp = make_comparison()
    one = Comparison(cmp.reports[:1], cmp.analyses[:1], notes=("only one report: nothing to compare",))
    page = render_html(one)
    parse(page)
    assert "only one report: nothing to compare" in page and "No findings." in page
    parse(render_html(Comparison((), ())))


def test_spans_beyond_the_text_are_clamped():
    cmp = make_comparison()
    a = cmp.reports[0]
    extra = (Finding("f-long", "unique", None, "too long", (Evidence(Span(a.id, len(a.text) - 3, len(a.text) + 50),
                                                                     "x"),)),)
    page = render_html(make_comparison(extra_findings=extra))
    assert parse(page).columns[0] == TEXT_A


def test_random_overlapping_highlights_stay_well_formed():
    import random
    from counterpoint.model import FramingTerm, Removed
    import dataclasses
    rnd = random.Random(7)
    base = make_comparison(XSS_TEXT)
    a = base.reports[0]
    n = len(a.text)
    findings = []
    for i in range(60):
        s = rnd.randrange(n)
        e = min(n, s + rnd.randrange(1, 40))
        kind = rnd.choice(["agreement", "conflict", "partial", "unique"])
        findings.append(Finding(f"r{i}", kind, None, f"random {i}", (Evidence(Span(a.id, s, e), a.text[s:e]),)))
    framing = tuple(FramingTerm(Span(a.id, s, s + 5), a.text[s:s + 5]) for s in rnd.sample(range(n - 5), 15))
    removed = (Removed(Span(a.id, 20, 60), "test"), Removed(Span(a.id, n - 30, n), "test"))
    a2 = dataclasses.replace(a, removed=removed)
    an = dataclasses.replace(base.analyses[0], report=a2, framing=framing)
    cmp = dataclasses.replace(base, reports=(a2,) + base.reports[1:], analyses=(an,) + base.analyses[1:],
                              findings=tuple(findings))
    page = render_html(cmp)
    t = parse(page)
    assert t.columns[0] == a.text
    assert len(t.ids) == len(set(t.ids))
    for f in findings:
        key = f"ev-A-{f.evidence[0].span.start}-{f.evidence[0].span.end}"
        assert t.marked[key] == f.evidence[0].text
    assert page.count('class="framing') >= 15
