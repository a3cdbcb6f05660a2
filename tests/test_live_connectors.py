"""Connectors other than Census, on fixtures in the publishers' formats served locally."""

from __future__ import annotations

import contextlib
import json

import pytest

from live_helpers import (
    Reply,
    bie_json,
    catalogue,
    closed_port_url,
    imts_message,
    local_server,
    statcan_zip,
    valet_json,
    worldbank_pages,
)
from test_live_refresh import run
from trilateral import data
from trilateral.errors import FetchError, SchemaError, ValidationError
from trilateral.live.connectors import comtrade, imf_dots, inegi_mexico, statcan_cimt, worldbank_gdp
from trilateral.live.transport import RetryPolicy, Transport
from trilateral.warehouse import open_warehouse
from trilateral.warehouse.store import snapshot_fingerprint

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
        code, out, err = run(capsys, "data", "refresh", "statcan-cimt",
                         "--accept-revision", "small test extract", "--json")
    assert code == 0, err
    outcome = json.loads(out)["data"]["sources"][0]
    assert outcome["status"] == "refreshed" and outcome["url"] == zip_url
    assert {t["table"] for t in outcome["tables"]} >= {"statcan_cimt", "statcan_cimt_monthly"}
    prov = [r for r in data.provenance("statcan_cimt_monthly") if r["current"]][0]
    assert prov["provenance"]["origin"] == zip_url and prov["rows"] == 48
    # When the bundled snapshots change, the warehouse is rebuilt and replays every load with
    # its recorded parser (here the connector's, reading the kept bundle): the vintage survives.
    wh = open_warehouse()
    wh._rebuild(snapshot_fingerprint(wh.snapshot_dir), wh._previous_loads())
    again = [r for r in data.provenance("statcan_cimt_monthly") if r["current"]][0]
    assert again["vintage"] == prov["vintage"] and again["sha256"] == prov["sha256"]


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
        before = catalogue(capsys)
        code, _, err = run(capsys, "data", "refresh", "statcan-cimt",
                         "--accept-revision", "small test extract")
    assert code == 5 and "'FAILED'" in err
    assert catalogue(capsys) == before


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


# ---------------------------------------------------------------- INEGI


def _serve_inegi(srv, raw_dir, monkeypatch, token="tok-123") -> None:
    for series, column in (("33860", "bal_exp_tot.values.sq."), ("33861", "bal_imp_tot.values.sq.")):
        srv.route(f"/INDICATOR/{series}/es/00/false/BIE/2.0/{token}",
                  Reply(bie_json(raw_dir, series, column, "2020-01", "2022-06"),
                        content_type="application/json"))
    monkeypatch.setenv("TRILATERAL_URL_INEGI_MEXICO",
                       srv.url("/INDICATOR/{series}/es/00/false/BIE/2.0/{token}?type=json"))
    monkeypatch.setenv("TRILATERAL_INEGI_TOKEN", token)


def test_inegi_refresh_matches_the_bundled_totals_and_hides_the_token(
        raw_dir, fresh_home, fast_http, capsys, monkeypatch) -> None:
    with local_server() as srv:
        _serve_inegi(srv, raw_dir, monkeypatch)
        code, out, err = run(capsys, "data", "refresh", "inegi-mexico",
                         "--accept-revision", "small test extract", "--json")
    assert code == 0, err
    assert "tok-123" not in out
    tables = {t["table"] for t in json.loads(out)["data"]["sources"][0]["tables"]}
    assert "trade_flows" in tables  # the derived table was rebuilt from the new vintage
    new = data.table("inegi_mexico_totals")
    old = data.table("inegi_mexico_totals", vintage="2022-08-14")
    # 2021 exports: 494,765 USD millions (raw PROVENANCE.md spot check), same as the bundled row.
    pick = lambda df: float(df[(df.flow == "exports") & (df.year == 2021)].value_usd_m.iloc[0])  # noqa: E731
    assert pick(new) == pytest.approx(pick(old)) == pytest.approx(494765, abs=1)
    assert set(new.year) == {2020, 2021, 2022} and not new[new.year == 2022].complete.any()
    prov = [r for r in data.provenance("inegi-mexico") if r["current"]][0]["provenance"]
    assert "tok-123" not in json.dumps(prov) and "***" in prov["origin"]


def test_inegi_without_token_is_a_clear_error(fresh_home, capsys, monkeypatch) -> None:
    monkeypatch.delenv("TRILATERAL_INEGI_TOKEN", raising=False)
    code, _, err = run(capsys, "data", "refresh", "inegi-mexico",
                         "--accept-revision", "small test extract")
    assert code == 3 and "TRILATERAL_INEGI_TOKEN" in err


def test_inegi_changed_layout_is_a_schema_error(raw_dir, tmp_path, monkeypatch) -> None:
    with local_server() as srv:
        _serve_inegi(srv, raw_dir, monkeypatch)
        srv.route("/INDICATOR/33861/es/00/false/BIE/2.0/tok-123",
                  Reply(b'{"Series": [{"INDICADOR": "33861", "DATA": []}]}',
                        content_type="application/json"))
        got = inegi_mexico.fetch(_transport(tmp_path), srv.url(
            "/INDICATOR/{series}/es/00/false/BIE/2.0/{token}?type=json"))
    with pytest.raises(SchemaError, match="indicator 33861"):
        inegi_mexico.parse(got.path, "test")


# ---------------------------------------------------------------- World Bank


def test_worldbank_pages_are_bundled_and_match_the_bundled_table(raw_dir, tmp_path) -> None:
    codes = ("USA", "CAN", "MEX", "WLD", "EUU", "ARB")  # ARB (Arab World) must be dropped
    pages = worldbank_pages(raw_dir, codes, (2021, 2022, 2023), per_page=7)
    with local_server() as srv:
        url = srv.route("/v2/country/all/indicator/NY.GDP.MKTP.CD",
                        *[Reply(p, content_type="application/json;charset=utf-8") for p in pages])
        got = worldbank_gdp.fetch(_transport(tmp_path), url + "?format=json&per_page=7")
        asked = [h.path for h in srv.hits_for("/v2/country/all/indicator/NY.GDP.MKTP.CD")]
    assert len(pages) == 3 and len(asked) == 3 and "page=3" in asked[-1]
    table = worldbank_gdp.parse(got.path, "test")["worldbank_gdp"]
    assert set(table.iso3) == {"USA", "CAN", "MEX", "WLD", "EUU"} and len(table) == 15
    bundled = data.table("worldbank_gdp")
    both = table.merge(bundled, on=["iso3", "year"], suffixes=("", "_b"))
    assert len(both) == 15 and (both.gdp_usd_m - both.gdp_usd_m_b).abs().max() < 1e-6
    # USA 2023: 27.36 tn (raw PROVENANCE.md spot check).
    assert both[(both.iso3 == "USA") & (both.year == 2023)].gdp_usd_m.iloc[0] == pytest.approx(
        27.36e6, rel=1e-3)


def test_worldbank_api_error_document_is_a_fetch_error(tmp_path) -> None:
    body = b'[{"message": [{"id": "120", "key": "Invalid value", "value": "bad"}]}]'
    with local_server() as srv:
        url = srv.route("/v2/x", Reply(body, content_type="application/json"))
        with pytest.raises(FetchError, match="refused the request"):
            worldbank_gdp.fetch(_transport(tmp_path), url)


# ---------------------------------------------------------------- IMF


PAIRS = (("CA", "US"), ("US", "CA"), ("MX", "US"), ("US", "MX"), ("CA", "MX"), ("MX", "CA"))


def test_imf_message_parses_with_sdmx1_into_the_bundled_layout(raw_dir, tmp_path) -> None:
    with local_server() as srv:
        url = srv.route("/external/sdmx/2.1/data/IMF.STA,IMTS/x",
                        Reply(imts_message(raw_dir, PAIRS),
                              content_type="application/vnd.sdmx.structurespecificdata+xml"))
        got = imf_dots.fetch(_transport(tmp_path), url)
        sent = srv.hits[-1].headers.get("Accept", "")
    assert "structurespecificdata" in sent
    table = imf_dots.parse(got.path, "test")["imf_dots_2018"]
    bundled = data.table("imf_dots_2018")
    keys = ["reporter", "partner", "flow", "year"]
    both = table.merge(bundled, on=keys, suffixes=("", "_b"))
    assert len(table) == 12 and len(both) == 12
    assert (both.value_usd_m - both.value_usd_m_b).abs().max() < 1e-3
    assert (both.valuation == both.valuation_b).all()
    # Canada-reported exports to the US, 2018: 337,814 USD millions (raw PROVENANCE.md).
    row = table[(table.reporter == "CAN") & (table.partner == "USA") & (table.flow == "exports")]
    assert row.value_usd_m.iloc[0] == pytest.approx(337814, abs=1)


def test_imf_key_covers_the_bundled_economies_with_china() -> None:
    key = imf_dots.series_key()
    places, indicators, partners, freq = key.split(".")
    assert places == partners and freq == "A" and indicators == "XG_FOB_USD+MG_CIF_USD"
    assert {"USA", "CAN", "MEX", "CHN"} <= set(places.split("+"))
    assert not {"EMU", "CNX"} & set(places.split("+"))


def test_imf_html_error_page_is_a_schema_error(tmp_path) -> None:
    bad = tmp_path / "x.xml"
    bad.write_text("<html><body>Service unavailable</body></html>")
    with pytest.raises(SchemaError, match="SDMX"):
        imf_dots.parse(bad, "test")


# ---------------------------------------------------------------- UN Comtrade

# Exports in 2016, US dollars, from the bundled penppml copy of UN Comtrade flows
# (shared/data/raw/trade/penppml-comtrade/penppml_trade.csv).
COMTRADE_2016 = {("484", "842"): 291593060352.0, ("842", "484"): 167009304576.0,
                 ("124", "842"): 251940274176.0, ("484", "124"): 9445180416.0}
REFERENCE = {"results": [{"country_area_code": 842, "iso3": "USA"},
                         {"country_area_code": 124, "iso3": "CAN"},
                         {"country_area_code": 484, "iso3": "MEX"},
                         {"country_area_code": 156, "iso3": "CHN"}]}


@contextlib.contextmanager
def _comtrade_server(monkeypatch):
    """A local Comtrade API (reference codes and the data endpoint) serving COMTRADE_2016.

    Sets the API key ``k-456`` and points the reference-code URL at the server; yields the
    server and the data endpoint's URL.
    """
    rows = [{"typeCode": "C", "freqCode": "A", "period": "2016", "reporterCode": int(r),
             "partnerCode": int(p), "partner2Code": 0, "flowCode": "X", "cmdCode": "TOTAL",
             "customsCode": "C00", "motCode": 0, "primaryValue": v}
            for (r, p), v in COMTRADE_2016.items()]
    monkeypatch.setenv("COMTRADE_API_KEY", "k-456")
    with local_server() as srv:
        ref = srv.route("/files/v1/app/reference/country_area_code_iso.json",
                        Reply(json.dumps(REFERENCE).encode(), content_type="application/json"))
        url = srv.route("/data/v1/get/C/A/HS", Reply(json.dumps(
            {"elapsedTime": "", "count": len(rows), "data": rows, "error": ""}).encode(),
            content_type="application/json"))
        monkeypatch.setenv("TRILATERAL_URL_COMTRADE_REF", ref)
        yield srv, url


def test_comtrade_uses_its_own_codes_and_keeps_the_key_secret(tmp_path, monkeypatch) -> None:
    with _comtrade_server(monkeypatch) as (srv, url):
        got = comtrade.fetch(_transport(tmp_path), url)
        asked = srv.hits_for("/data/v1/get/C/A/HS")[0].path
    assert "reporterCode=842%2C124%2C484" in asked or "reporterCode=842,124,484" in asked
    assert "k-456" not in got.origin and "k-456" not in " ".join(got.requests)
    table = comtrade.parse(got.path, "test")["comtrade_partners"]
    row = table[(table.reporter == "MEX") & (table.partner == "USA")]
    assert row.value_usd_m.iloc[0] == pytest.approx(291593.06, abs=0.01)
    assert set(table.reporter) == {"MEX", "USA", "CAN"} and (table.flow == "exports").all()


def test_comtrade_is_skipped_when_refreshing_everything(fresh_home, capsys, monkeypatch) -> None:
    for name in ("COMTRADE_API_KEY", "TRILATERAL_INEGI_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    for conn in ("CENSUS_COUNTRY", "STATCAN_CIMT", "WORLDBANK_GDP", "IMF_DOTS_2018"):
        monkeypatch.setenv(f"TRILATERAL_URL_{conn}", closed_port_url())
    monkeypatch.setenv("TRILATERAL_HTTP_RETRIES", "0")
    code, out, _ = run(capsys, "data", "refresh", "--accept-revision", "small test extract",
                         "--json")
    status = {s["source"]: s["status"] for s in json.loads(out)["data"]["sources"]}
    assert status["comtrade"] == "skipped" and status["inegi-mexico"] == "skipped"
    assert status["census-country"] == "failed" and code == 5


def test_comtrade_refresh_loads_its_table(fresh_home, capsys, monkeypatch) -> None:
    """Comtrade ships no snapshot; a refresh creates comtrade_partners with its provenance."""
    monkeypatch.setenv("TRILATERAL_HTTP_RETRIES", "0")
    with _comtrade_server(monkeypatch) as (_, url):
        monkeypatch.setenv("TRILATERAL_URL_COMTRADE", url)
        code, _, err = run(capsys, "data", "refresh", "comtrade",
                         "--accept-revision", "small test extract")
    assert code == 0, err
    table = data.table("comtrade_partners")
    assert len(table) == 4 and set(table.reporter) == {"MEX", "USA", "CAN"}
    prov = data.provenance("comtrade")[-1]["provenance"]
    assert "k-456" not in json.dumps(prov) and prov["origin"].startswith("http://127.0.0.1")