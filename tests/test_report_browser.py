"""The HTML report in a real browser (Debian's Chromium, driven by Playwright), offline.

Runs wherever /usr/bin/chromium exists (``.ci/run`` installs it); skips elsewhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from paths_support import build_report

CHROMIUM = Path("/usr/bin/chromium")
MARKS = "g.role-mark path, g.role-mark rect, g.role-mark line, g.role-mark text"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="/usr/bin/chromium is absent (apt-get install chromium); "
                              "playwright install cannot download browsers here"),
]


def test_report_draws_offline_in_chromium(tmp_path_factory, tmp_path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    report = build_report(tmp_path_factory.getbasetemp() / "report-browser")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            errors, requests = [], []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(report.html.as_uri())
            page.wait_for_function(
                "() => [...document.querySelectorAll('[data-chart]')]"
                ".every(el => el.querySelector('svg'))", timeout=30_000)
            page.wait_for_timeout(500)
            assert not errors
            assert all(u.startswith(("file:", "data:")) for u in requests), requests
            charts = page.locator("[data-chart]")
            assert charts.count() >= 10
            for i in range(charts.count()):
                chart = charts.nth(i)
                assert chart.locator(MARKS).count() > 0, chart.get_attribute("data-chart")
            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
        finally:
            browser.close()
