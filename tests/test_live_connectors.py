"""Connectors other than Census, on fixtures in the publishers' formats served locally."""

from __future__ import annotations

import json

import pytest

from live_helpers import Reply, local_server, statcan_zip, valet_json
from test_live_refresh import run
from trilateral import data
from trilateral.errors import SchemaError, ValidationError
from trilateral.live.connectors import statcan_cimt
from trilateral.live.transport import RetryPolicy, Transport

pytestmark = pytest.mark.network_local


@pytest.fixture
def fast_http(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRILATERAL_HTTP_BACKOFF", "0.01")
    monkeypatch.setenv("TRILATERAL_HTTP_RETRIES", "1")


def _transport(tmp_path) -> Transport:
    from trilateral.live.cache import HttpCache

    return Transport(timeout=5, policy=RetryPolicy(retries=0), cache=HttpCache(tmp_path / "c"),
                     progress=False)


# ---------------------------------------------------------------- Statistics Canada


def _serve_statcan(srv, raw_dir, monkeypatch, **zip_kw) -> str:
    zip_url = srv.route("/n1/tbl/csv/12100011-eng.zip",
                        Reply(statcan_zip(raw_dir, "2023-10", "2024-03", **zip_kw),
                              content_type="application/zip"))
    wds = srv.route("/t1/wds/rest/getFullTableDownloadCSV/12100011/en",
                    Reply(json.dumps({"status": "SUCCESS", "object": zip_url}).encode(),
                          content_type="application/json"))
    fx = srv.route("/valet/observations/FXUSDCAD/json",
                   Reply(valet_json(raw_dir, "2023-12-01", "2024-03-31"),
                         content_type="application/json"))
    monkeypatch.setenv("TRILATERAL_URL_STATCAN_CIMT", wds)
    monkeypatch.setenv("TRILATERAL_URL_STATCAN_CIMT_FX", fx)
    return zip_url


def test_statcan_bundle_reproduces_the_bundled_usd_values(raw_dir, tmp_path, monkeypatch) -> None:
    with local_server() as srv:
        _serve_statcan(srv, raw_dir, monkeypatch)
        got = statcan_cimt.fetch(_transport(tmp_path), srv.url(
            "/t1/wds/rest/getFullTableDownloadCSV/12100011/en"))
    frames = statcan_cimt.parse(got.path, "test")
    monthly = frames["statcan_cimt_monthly"]
    assert len(monthly) == 8 * 6 and (monthly["vintage"] == "test").all()
    # Same CAD values and the same rule for rates (FRED to 2023-11, BoC after) as the bundled
    # snapshot, so the USD values must agree with it to the last digit.
    bundled = data.table("statcan_cimt_monthly")
    keys = ["partner", "flow", "year", "month"]
    both = monthly.merge(bundled, on=keys, suffixes=("", "_b"))
    assert len(both) == len(monthly)
    for col in ("value_cad_m", "cad_per_usd", "value_usd_m"):
        assert (both[col] - both[f"{col}_b"]).abs().max() < 1e-9, col
    assert (both["fx_source"] == both["fx_source_b"]).all()
    assert set(both.loc[both.year == 2024, "fx_source"]) == {statcan_cimt.src.FX_LABELS["boc"]}
    annual = frames["statcan_cimt"]
    assert not annual.loc[annual.year == 2024, "complete"].any()  # Jan-Mar only


def test_statcan_refresh_adds_vintages_and_rebuilds(raw_dir, fresh_home, fast_http, capsys,
                                                    monkeypatch) -> None:
    with local_server() as srv:
        zip_url = _serve_statcan(srv, raw_dir, monkeypatch)
        code, out, err = run(capsys, "data", "refresh", "statcan-cimt", "--json")
    assert code == 0, err
    outcome = json.loads(out)["sources"][0]
    assert outcome["status"] == "refreshed" and outcome["url"] == zip_url
    assert {t["table"] for t in outcome["tables"]} >= {"statcan_cimt", "statcan_cimt_monthly"}
    prov = [r for r in data.provenance("statcan_cimt_monthly") if r["current"]][0]
    assert prov["provenance"]["origin"] == zip_url and prov["rows"] == 48


def test_statcan_changed_layout_is_a_schema_error(raw_dir, tmp_path, monkeypatch) -> None:
    with local_server() as srv:
        _serve_statcan(srv, raw_dir, monkeypatch, rename={"Principal trading partners": "Partner"})
        got = statcan_cimt.fetch(_transport(tmp_path), srv.url(
            "/t1/wds/rest/getFullTableDownloadCSV/12100011/en"))
    with pytest.raises(SchemaError, match="Principal trading partners"):
        statcan_cimt.parse(got.path, "test")


def test_statcan_wds_failure_is_a_fetch_error(fresh_home, fast_http, capsys, monkeypatch) -> None:
    with local_server() as srv:
        wds = srv.route("/wds", Reply(b'{"status": "FAILED", "object": "Table not found"}',
                                      content_type="application/json"))
        monkeypatch.setenv("TRILATERAL_URL_STATCAN_CIMT", wds)
        _, before, _ = run(capsys, "data", "list", "--json")
        code, _, err = run(capsys, "data", "refresh", "statcan-cimt")
    assert code == 5 and "'FAILED'" in err
    assert run(capsys, "data", "list", "--json")[1] == before


def test_statcan_month_without_rate_is_refused(raw_dir, tmp_path, monkeypatch) -> None:
    with local_server() as srv:
        _serve_statcan(srv, raw_dir, monkeypatch)
        srv.route("/valet/observations/FXUSDCAD/json",
                  Reply(valet_json(raw_dir, "2023-12-01", "2024-01-31"),
                        content_type="application/json"))
        got = statcan_cimt.fetch(_transport(tmp_path), srv.url(
            "/t1/wds/rest/getFullTableDownloadCSV/12100011/en"))
    with pytest.raises(ValidationError, match="no CAD/USD rate for 2024-02"):
        statcan_cimt.parse(got.path, "test")
