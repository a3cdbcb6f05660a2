"""The HTML report in a real browser (Debian's Chromium, driven by Playwright), offline.

Runs wherever /usr/bin/chromium exists (``.ci/run`` installs it); skips elsewhere. The
accessibility check also needs axe-core (``npm install axe-core``; ``.ci/run`` installs it and
``TRILATERAL_AXE`` may name its ``axe.min.js``).
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from paths_support import build_report

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
AXE_CANDIDATES = [os.environ.get("TRILATERAL_AXE", ""),
                  str(ROOT / ".ci" / "node_modules" / "axe-core" / "axe.min.js"),
                  "/tmp/axe/node_modules/axe-core/axe.min.js"]
DATED = re.compile(r"\b(19|20)\d\d\b")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="/usr/bin/chromium is absent (apt-get install chromium); "
                              "playwright install cannot download browsers here"),
]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return build_report(tmp_path_factory.getbasetemp() / "report-browser")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM),
                               args=["--no-sandbox", "--disable-gpu",
                                     "--disable-background-networking"])
        try:
            yield b
        finally:
            b.close()


def _open(browser, report, width: int, height: int):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.errors, page.requests = [], []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("request", lambda r: page.requests.append(r.url))
    page.goto(report.html.as_uri())
    return page


def _draw_all(page) -> None:
    page.evaluate("window.trilateralDrawAll()")
    page.wait_for_function("() => [...document.querySelectorAll('[data-chart]')]"
                           ".every(el => el.getAttribute('data-ready'))", timeout=60_000)


def test_report_draws_offline_in_chromium(browser, report, tmp_path) -> None:
    page = _open(browser, report, 1200, 900)
    _draw_all(page)
    page.wait_for_timeout(300)
    assert not page.errors
    assert all(u.startswith(("file:", "data:")) for u in page.requests), page.requests
    charts = page.locator("[data-chart]")
    assert charts.count() >= 10
    for i in range(charts.count()):
        assert charts.nth(i).locator("canvas").count() == 1, charts.nth(i).get_attribute("id")
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_the_answer_fits_the_first_screen_with_three_dated_figures(browser, report) -> None:
    page = _open(browser, report, 1440, 900)
    bottom = page.evaluate("document.querySelector('#answer').getBoundingClientRect().bottom")
    assert bottom <= 900, bottom
    figures = page.locator("#answer [data-figure]")
    assert figures.count() >= 3
    for i in range(figures.count()):
        assert DATED.search(figures.nth(i).inner_text()), figures.nth(i).inner_text()
    nodes = page.evaluate("document.querySelectorAll('*').length")
    assert nodes < 4000, nodes


def test_no_sideways_scroll_on_a_phone(browser, report) -> None:
    page = _open(browser, report, 390, 844)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _draw_all(page)
    for d in page.locator("details").all():
        d.evaluate("el => { el.open = true; el.dispatchEvent(new Event('toggle')); }")
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    two_screens = page.evaluate("document.querySelector('#answer').getBoundingClientRect()"
                                ".bottom")
    assert two_screens <= 2 * 844, two_screens


def test_every_chart_links_a_working_download_bundle(browser, report) -> None:
    page = _open(browser, report, 1200, 900)
    links = page.eval_on_selector_all("p.dl a[download]", "els => els.map(e => e.href)")
    charts = page.locator("[data-chart]").count()
    restricted = page.locator("p.dl:not(:has(a))").count()
    assert len(links) + restricted == charts and links
    for href in links:
        path = Path(href.removeprefix("file://"))
        assert path.name == "data.csv" and path.exists(), href
        with path.open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert rows and rows[0]["value"] not in (None, "")
        meta = json.loads((path.parent / "metadata.json").read_text())
        assert meta["citation"]["short"] and meta["as_of"]
        assert "How to cite" in (path.parent / "README.md").read_text()


def test_axe_finds_no_serious_or_critical_violation(browser, report) -> None:
    axe = next((Path(p) for p in AXE_CANDIDATES if p and Path(p).is_file()), None)
    if axe is None:
        pytest.skip("axe-core is absent (npm install axe-core; or set TRILATERAL_AXE)")
    page = _open(browser, report, 1440, 900)
    _draw_all(page)
    page.add_script_tag(content=axe.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, bad
