"""The report: files, escaping, offline guarantees, plug-in sections, cache, CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from paths_support import NASTY, TEST_PROVIDERS, build_report
from trilateral.cli import cli
from trilateral.paths import PATH_IDS


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return build_report(tmp_path_factory.getbasetemp() / "report-html", "2006-03-31")


def test_writes_html_and_json(report) -> None:
    assert report.html.name == "index.html" and report.html.stat().st_size > 100_000
    got = json.loads(report.json.read_text())
    assert got["as_of"] == "2006-03-31"
    assert [p["id"] for p in got["assessment"]["paths"]] == list(PATH_IDS)
    assert got["coverage"] and got["assessment"]["matrix"] and got["assessment"]["provenance"]


def test_missing_providers_are_listed_not_shown(report) -> None:
    got = json.loads(report.json.read_text())
    status = {s["provider"]: s for s in got["providers"]}
    assert status[TEST_PROVIDERS[0]]["available"] is True
    assert status[TEST_PROVIDERS[1]]["available"] is False
    assert "not installed" in status[TEST_PROVIDERS[1]]["reason"]
    html = report.html.read_text()
    assert "not_a_module" not in html
    assert "Plug-in section" in html


def test_all_text_is_escaped(report) -> None:
    html = report.html.read_text()
    assert NASTY not in html  # never raw
    assert 'alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;Smart&#34;" in html
    specs = re.search(r'<script type="application/json" id="chart-specs">(.*?)</script>', html,
                      re.S).group(1)
    assert "<" not in specs and "\\u003cscript\\u003e" in specs


def test_page_is_self_contained(report) -> None:
    html = report.html.read_text()
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=", html)
    assert "default-src 'none'" in html  # the page may not fetch anything
    assert "vegaEmbed" in html and "Data as of <strong>2006-03-31</strong>" in html
    for section in ("Evidence matrix", "Data coverage and gaps", "Provenance", "Method",
                    "How to cite"):
        assert section in html


def test_second_run_is_served_from_the_cache(report, tmp_path) -> None:
    again = build_report(tmp_path / "again", "2006-03-31")
    assert again.cached
    assert again.html.read_bytes() == report.html.read_bytes()


def test_report_cli_prints_the_verdicts(tmp_path, monkeypatch) -> None:
    from trilateral.paths import context as ctx_mod
    from trilateral.report import providers

    monkeypatch.setattr(providers, "PROVIDERS", [])
    monkeypatch.setitem(ctx_mod.PROVIDERS, ctx_mod.GRAVITY, None)
    monkeypatch.setitem(ctx_mod.PROVIDERS, ctx_mod.LEDGER, "paths_support:ledger_provider")
    res = CliRunner().invoke(cli, ["report", "--as-of", "2006-03-31", "--out",
                                   str(tmp_path / "r")])
    assert res.exit_code == 0, res.output
    for path_id in PATH_IDS:
        assert path_id in res.output
    assert (tmp_path / "r" / "index.html").exists()
    res = CliRunner().invoke(cli, ["report", "--as-of", "2006-03-31", "--out",
                                   str(tmp_path / "r"), "--json"])
    got = json.loads(res.output)["data"]
    assert got["cached"] is True and set(got["verdicts"]) == set(PATH_IDS)


@pytest.mark.parametrize("name", ["indicators", "paths", "report"])
def test_commands_are_documented(name) -> None:
    res = CliRunner().invoke(cli, [name, "--help"])
    assert res.exit_code == 0
    assert "Examples:" in res.output and f"trilateral {name}" in res.output
    assert "--json" in res.output


def test_as_of_reports_leave_out_sections_that_cannot_replay_a_date() -> None:
    # gravity and the GE scenarios are estimated on whole panels (to 2016): with an as-of date
    # they are not asked at all; the outlook takes the date and is asked
    import datetime as dt
    import inspect

    from trilateral.report import providers

    wanted = ["trilateral.gravity.report:section", "trilateral.scenarios.report:section"]
    assert set(wanted) <= set(providers.PROVIDERS)
    got = providers.collect(dt.date(2006, 3, 31), wanted)
    assert got.sections == []
    assert {s["reason"] for s in got.status} == {"does not support an as-of date"}
    from trilateral.outlook.report import section

    assert "as_of" in inspect.signature(section).parameters


def test_progress_names_each_section() -> None:
    from trilateral.report import providers

    steps: list[str] = []
    providers.collect(None, ["paths_support:nasty_section", "trilateral.not_a_module:section"],
                      progress=steps.append)
    assert steps == ["section paths_support", "section not_a_module"]


def test_known_page_bugs_stay_fixed(report) -> None:
    """Each of these once showed on the page: a bound method, a build machine's path, a table
    id instead of a reason, and report.json without the sections' numbers."""
    import os

    html = report.html.read_text()
    assert "built-in method" not in html
    assert "unknown table 'manifesto_parties'" not in html
    home = os.environ["TRILATERAL_HOME"]
    repo = str(Path(__file__).resolve().parents[1])
    outputs = [html, report.json.read_text()]
    outputs += [p.read_text() for p in (report.out / "charts").rglob("*") if p.is_file()]
    for text in outputs:
        assert home not in text and repo not in text
    doc = json.loads(report.json.read_text())
    assert doc["answer"]["headline"] and doc["charts"]
    assert all("tables" in s and "figures" in s for s in doc["sections"])
