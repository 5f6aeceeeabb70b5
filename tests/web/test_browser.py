"""Browser tests: Playwright driving Debian's Chromium (headless, no download) against the app served on
loopback, with the real analysis pipeline: paste the seed pair, see the fighter-count conflict with both
evidence highlights, open the story page, and check its screenshot is not blank."""
from __future__ import annotations

import io
import os
import socket
import threading
import time
from pathlib import Path

import pytest

from counterpoint.config import Settings

from . import SEED

CHROMIUM = Path("/usr/bin/chromium")
MISSING = "Debian chromium not installed at /usr/bin/chromium (apt-get install -y chromium; .ci/run does it)"
pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module", autouse=True)
def _chromium_present():
    """Skip without Chromium, except under CI (CI=true), where a missing browser is a failure: the browser
    tests must really run there."""
    if not CHROMIUM.exists():
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail("CI=true: " + MISSING)
        pytest.skip(MISSING)
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync", "--disable-quic"]
CONFLICT_BG = "rgb(248, 201, 199)"     # mark.ev-conflict in style.css


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from counterpoint.web import create_app
    port = _free_port()
    app = create_app(Settings(), str(tmp_path_factory.mktemp("browser") / "stories.db"))
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        pg = context.new_page()
        pg.set_default_timeout(120_000)       # the first compare loads spaCy and the embedder
        yield pg
        context.close()
        browser.close()


def _marks_of(page, finding_id: str, report_id: str):
    return page.locator(f"#report-{report_id} mark[data-findings~='{finding_id}']")


def test_paste_seed_pair_see_conflict_open_story_and_screenshot(server, page, tmp_path):
    page.goto(server + "/")
    texts = [(SEED / f"report-{k}.txt").read_text(encoding="utf-8") for k in "ab"]
    areas = page.locator("textarea[name=text]")
    dates = page.locator("fieldset.report-block input[name=published]")
    for n, text in enumerate(texts):
        areas.nth(n).fill(text)
        dates.nth(n).fill("2024-12-02")
    page.locator("fieldset.report-block input[name=title]").nth(0).fill("Report A")
    page.locator("fieldset.report-block input[name=title]").nth(1).fill("Report B")
    page.click("#compare-submit")
    page.wait_for_url("**/results/*")

    # the fighter-count conflict: "about 200" (A) against "at least three hundred" (B)
    conflicts = page.locator("#g-conflict ~ ol li.finding.kind-conflict").filter(has_text="200").filter(
        has_text="three hundred")
    assert conflicts.count() >= 1, page.locator("section.findings").inner_text()[:2000]
    finding = conflicts.first
    fid = finding.get_attribute("data-finding")
    reports = page.locator("article.report-col")
    assert reports.count() == 2
    ids = [reports.nth(i).get_attribute("id").removeprefix("report-") for i in range(2)]
    highlighted = []
    for rid in ids:
        marks = _marks_of(page, fid, rid)
        assert marks.count() >= 1, f"no highlight of the conflict in report {rid}"
        highlighted.append(" ".join(marks.all_inner_texts()))
        assert marks.first.is_visible() or marks.first.evaluate("m => m.getClientRects().length > 0")
        bg = marks.first.evaluate("m => getComputedStyle(m).backgroundColor")
        assert bg == CONFLICT_BG, bg
    joined = " | ".join(highlighted).lower()
    assert "about 200" in joined and "three hundred" in joined, joined

    # each evidence link leads to its span; clicking focuses the finding's highlights
    link = finding.locator("a.ev-link").first
    target = link.get_attribute("href")
    assert page.locator(target).count() == 1
    link.click()
    assert page.locator("mark.focus").count() >= 2

    # the story page (the reports were added to the story desk)
    page.locator("a.story-link").first.click()
    page.wait_for_url("**/stories/*")
    assert page.locator("li.finding.kind-conflict").filter(has_text="three hundred").count() >= 1
    assert page.locator("#timeline svg, #timeline .none").count() >= 1
    assert page.locator("#map svg circle").count() >= 1          # Aleppo, Bou Kamal ... resolved
    shot = page.screenshot(full_page=True, path=str(tmp_path / "story.png"))
    _assert_not_blank(page.context, shot)


def _assert_not_blank(context, png: bytes) -> None:
    """Decode the screenshot in a blank page's canvas and require real variety of pixel values (a blank or
    single-colour page has almost none)."""
    import base64
    blank = context.new_page()
    try:
        stats = blank.evaluate("""async (data) => {
            const img = new Image();
            img.src = "data:image/png;base64," + data;
            await img.decode();
            const c = document.createElement("canvas");
            c.width = img.width; c.height = img.height;
            const g = c.getContext("2d");
            g.drawImage(img, 0, 0);
            const px = g.getImageData(0, 0, c.width, c.height).data;
            let n = 0, sum = 0, sq = 0; const seen = new Set();
            for (let i = 0; i < px.length; i += 4 * 13) {
                const v = (px[i] + px[i + 1] + px[i + 2]) / 3;
                n++; sum += v; sq += v * v; seen.add(px[i] << 16 | px[i + 1] << 8 | px[i + 2]);
            }
            const mean = sum / n;
            return {width: c.width, height: c.height, variance: sq / n - mean * mean, colours: seen.size};
        }""", base64.b64encode(png).decode())
    finally:
        blank.close()
    assert stats["height"] > 800 and stats["variance"] > 100 and stats["colours"] > 50, stats
