"""``trilateral data refresh census-country`` against a local server: success and every fault.

The fixture ``tests/fixtures/live/country_small.xlsx`` holds 15 real rows (Canada, Mexico, China,
World NSA, European Union; 2022-2024) copied from the bundled raw ``country.xlsx``
(shared/data/raw/trade/census-country-goods), in the publisher's layout.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from live_helpers import XLSX, Reply, catalogue, closed_port_url, local_server
from trilateral.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "live" / "country_small.xlsx"
pytestmark = pytest.mark.network_local


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the ``trilateral`` entry point in-process: (exit status, stdout, stderr)."""
    capsys.readouterr()
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def fast_http(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tiny backoff so retry tests take milliseconds."""
    monkeypatch.setenv("TRILATERAL_HTTP_BACKOFF", "0.01")
    monkeypatch.setenv("TRILATERAL_HTTP_RETRIES", "2")
    monkeypatch.setenv("TRILATERAL_HTTP_TIMEOUT", "5")


@pytest.fixture(scope="module")
def server():
    with local_server() as srv:
        yield srv


@pytest.fixture(scope="module")
def shared_home(tmp_path_factory: pytest.TempPathFactory):
    """One warehouse for all fault tests: none of them may change it."""
    mp = pytest.MonkeyPatch()
    home = tmp_path_factory.mktemp("live-faults")
    mp.setenv("TRILATERAL_HOME", str(home))
    yield home
    mp.undo()


def test_good_workbook_refreshes_and_records_its_url(server, fresh_home, fast_http, capsys,
                                                     monkeypatch) -> None:
    url = server.route("/good/country.xlsx", Reply(FIXTURE.read_bytes(), content_type=XLSX))
    monkeypatch.setenv("TRILATERAL_URL_CENSUS_COUNTRY", url)
    code, out, err = run(capsys, "data", "refresh", "census-country",
                         "--accept-revision", "small test extract", "--json")
    assert code == 0, err
    report = json.loads(out)["data"]
    assert report["ok"] and report["sources"][0]["status"] == "refreshed"
    assert report["sources"][0]["endpoint_from"] == "TRILATERAL_URL_CENSUS_COUNTRY"
    code, out, _ = run(capsys, "data", "provenance", "census-country", "--json")
    current = [r for r in json.loads(out)["data"] if r["current"]][0]
    assert current["provenance"]["origin"] == url
    assert current["provenance"]["client"].startswith("httpx/")
    assert current["rows"] == 30  # 5 partners x 3 years x 2 flows
    # A second refresh sends the ETag back, gets 304 and loads nothing new.
    code, out, _ = run(capsys, "data", "refresh", "census-country",
                         "--accept-revision", "small test extract", "--json")
    again = json.loads(out)["data"]["sources"][0]
    assert code == 0 and again["status"] == "unchanged" and again["from_cache"]
    assert server.hits_for("/good/country.xlsx")[-1].headers.get("If-None-Match")


def test_429_with_retry_after_then_success(server, fresh_home, fast_http, capsys,
                                           monkeypatch) -> None:
    url = server.route("/throttled-once/country.xlsx",
                       Reply(b"slow down", 429, "text/plain", {"Retry-After": "1"}),
                       Reply(FIXTURE.read_bytes(), content_type=XLSX))
    monkeypatch.setenv("TRILATERAL_URL_CENSUS_COUNTRY", url)
    code, out, err = run(capsys, "data", "refresh", "census-country",
                         "--accept-revision", "small test extract", "--json")
    assert code == 0, err
    assert json.loads(out)["data"]["sources"][0]["status"] == "refreshed"
    assert len(server.hits_for("/throttled-once/country.xlsx")) == 2


def _changed_layout() -> bytes:
    """A real-format workbook whose second header column was renamed."""
    import io

    import openpyxl

    wb = openpyxl.load_workbook(FIXTURE)
    wb["country"].cell(row=1, column=2).value = "COUNTRY_CODE"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


FAULTS = {
    # name: (replies, expected exit status, words the error must contain)
    "server-error": ([Reply(b"oops", 500, "text/plain")], 5, "HTTP 500"),
    "persistent-429": ([Reply(b"no", 429, "text/plain")], 5, "HTTP 429"),
    "truncated": ([Reply(FIXTURE.read_bytes(), content_type=XLSX, truncate_to=2000)], 5,
                  "truncated"),
    "wrong-type": ([Reply(b"<html>maintenance</html>", content_type="text/html")], 5,
                   "content type 'text/html'"),
    "changed-layout": ([Reply(_changed_layout(), content_type=XLSX)], 3, "COUNTRY_CODE"),
    "not-found": ([Reply(b"gone", 404, "text/plain")], 5, "HTTP 404"),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_fault_fails_cleanly_and_keeps_the_warehouse(fault, server, shared_home, fast_http,
                                                     capsys, monkeypatch) -> None:
    replies, status, words = FAULTS[fault]
    url = server.route(f"/{fault}/country.xlsx", *replies)
    monkeypatch.setenv("TRILATERAL_URL_CENSUS_COUNTRY", url)
    before = catalogue(capsys)
    code, out, err = run(capsys, "data", "refresh", "census-country",
                         "--accept-revision", "small test extract", "--json")
    assert code == status
    assert words in err and err.startswith("error: ") and "Traceback" not in err
    assert json.loads(out)["data"]["sources"][0]["status"] == "failed"
    after = catalogue(capsys)
    assert after == before


def test_hang_times_out(server, shared_home, capsys, monkeypatch) -> None:
    url = server.route("/hang/country.xlsx", Reply(FIXTURE.read_bytes(), content_type=XLSX,
                                                   delay=2.5))
    monkeypatch.setenv("TRILATERAL_URL_CENSUS_COUNTRY", url)
    monkeypatch.setenv("TRILATERAL_HTTP_TIMEOUT", "1")
    monkeypatch.setenv("TRILATERAL_HTTP_RETRIES", "0")
    before = catalogue(capsys)
    code, _, err = run(capsys, "data", "refresh", "census-country",
                         "--accept-revision", "small test extract")
    assert code == 5 and "timed out after 1 s" in err
    assert catalogue(capsys) == before


def test_no_network_is_a_fetch_error(shared_home, fast_http, capsys, monkeypatch) -> None:
    monkeypatch.setenv("TRILATERAL_URL_CENSUS_COUNTRY", closed_port_url())
    before = catalogue(capsys)
    code, _, err = run(capsys, "data", "refresh", "census-country",
                         "--accept-revision", "small test extract")
    assert code == 5 and "cannot connect" in err and "(3 attempts)" in err
    assert catalogue(capsys) == before


def test_unknown_source_is_not_found(shared_home, capsys) -> None:
    code, _, err = run(capsys, "data", "refresh", "no-such-source")
    assert code == 4 and "no live connector" in err


def test_refresh_help_has_examples(capsys) -> None:
    code, out, _ = run(capsys, "data", "refresh", "--help")
    assert code == 0 and "Examples:" in out and "TRILATERAL_URL_CENSUS_COUNTRY" in out
