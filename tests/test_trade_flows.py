"""The derived ``trade_flows`` table: its content, the traps it must avoid, and rebuilds."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from trilateral import data
from trilateral.sources.census_country import HEADER
from trilateral.sources.trade_flows import COLUMNS, DERIVED, KEY, prefer_complete


@pytest.fixture(scope="module")
def flows() -> pd.DataFrame:
    return data.table("trade_flows")


def _row(flows: pd.DataFrame, reporter: str, partner: str, flow: str, year: int) -> pd.Series:
    hit = flows[(flows.reporter == reporter) & (flows.partner == partner) & (flows.flow == flow)
                & (flows.year == year)]
    assert len(hit) == 1, (reporter, partner, flow, year)
    return hit.iloc[0]


def _has(flows: pd.DataFrame, **where: object) -> bool:
    mask = pd.Series(True, index=flows.index)
    for col, value in where.items():
        mask &= flows[col] == value
    return bool(mask.any())


def test_schema_and_unique_keys(flows: pd.DataFrame) -> None:
    assert list(flows.columns) == COLUMNS
    assert not flows.duplicated(KEY).any()
    assert set(flows.flow) == {"exports", "imports"} and set(flows.basis) == {"reporter", "mirror"}
    assert set(flows.reporter) == {"USA", "CAN", "MEX", "WLD"}
    assert (flows.complete == (flows.months == 12)).all()


def test_mexico_us_is_mirror_of_census(flows: pd.DataFrame) -> None:
    mex = _row(flows, "MEX", "USA", "exports", 2023)
    # US imports from Mexico 2023 = 475,216 (census-country-goods/PROVENANCE.md spot checks).
    assert mex.basis == "mirror" and mex.value_usd_m == pytest.approx(475216, abs=1)
    assert mex.source == "census-country"
    us_exp = _row(flows, "USA", "MEX", "exports", 2019).value_usd_m
    assert _row(flows, "MEX", "USA", "imports", 2019).value_usd_m == us_exp
    assert set(flows[(flows.reporter == "MEX") & (flows.partner.isin(["USA", "CAN"]))].basis) == {
        "mirror"}


def test_mexico_canada_is_mirror_of_statcan(flows: pd.DataFrame) -> None:
    row = _row(flows, "MEX", "CAN", "imports", 2024)
    # Canada's exports to Mexico 2024 = US$6.33 bn (statcan-cimt-partners/PROVENANCE.md).
    assert row.basis == "mirror" and row.source == "statcan-cimt"
    assert row.value_usd_m == pytest.approx(6330, abs=10)


def test_us_2024_is_full_year_from_the_newer_vintage(flows: pd.DataFrame) -> None:
    # US goods exports 2024, census basis: 2,063,024 (census-country-2024-excerpt/PROVENANCE.md)
    total = _row(flows, "USA", "WLD", "exports", 2024)
    assert total.complete and total.months == 12
    assert total.value_usd_m == pytest.approx(2063024, abs=1)
    assert total.source == "census-country-2024" and total.vintage == "2026-10-01"
    for partner in ("CAN", "MEX", "CHN", "EUU"):
        assert _row(flows, "USA", partner, "imports", 2024).complete
    assert _row(flows, "USA", "CAN", "exports", 2023).source == "census-country"
    assert any("Vintage change" in c for c in DERIVED[0].caveats)


def test_partial_years_are_never_complete(flows: pd.DataFrame) -> None:
    assert not _row(flows, "USA", "WLD", "imports", 2026).complete  # January-July
    assert _row(flows, "CAN", "USA", "exports", 2026).months == 4
    assert not _row(flows, "MEX", "WLD", "imports", 2022).complete  # INEGI ends 2022-06


def test_no_mexico_rows_before_1991(flows: pd.DataFrame) -> None:
    assert flows[flows.reporter == "MEX"].year.min() == 1991
    # Mexico's 1991 exports: 42,688 in INEGI's series (inegi_mexico_totals).
    assert _row(flows, "MEX", "WLD", "exports", 1991).source == "inegi-mexico"


def test_mexico_exports_after_inegi_come_from_wto_imports_stay_missing(flows) -> None:
    row = _row(flows, "MEX", "WLD", "exports", 2023)
    # Mexico exports 2023 = 593,005 (wto-merch-pradip/PROVENANCE.md spot checks).
    assert row.source == "wto-merch" and row.value_usd_m == pytest.approx(593005, abs=1)
    assert not _has(flows, reporter="MEX", partner="WLD", flow="imports", year=2023)


def test_canada_world_spliced_at_1997(flows: pd.DataFrame) -> None:
    assert _row(flows, "CAN", "WLD", "exports", 1996).source == "fred-canada"
    assert _row(flows, "CAN", "WLD", "exports", 1997).source == "statcan-cimt"
    assert not _has(flows, reporter="CAN", partner="USA", year=1996)


def test_missing_pairs_stay_missing(flows: pd.DataFrame) -> None:
    for reporter, partner in (("MEX", "CHN"), ("MEX", "EUU"), ("CAN", "EUU")):
        assert not _has(flows, reporter=reporter, partner=partner)
    assert not _has(flows, reporter="WLD", year=2024)


def test_world_totals_from_wto(flows: pd.DataFrame) -> None:
    # World (sum of reporters) 2023 = 23.81 tn (wto-merch-pradip/PROVENANCE.md).
    row = _row(flows, "WLD", "WLD", "exports", 2023)
    assert row.value_usd_m == pytest.approx(23.81e6, rel=1e-3) and row.source == "wto-merch"


def test_prefer_complete_keeps_complete_rows_in_order() -> None:
    base = {"reporter": "USA", "partner": "CAN", "flow": "exports", "unit": "USD millions",
            "basis": "reporter"}
    old = pd.DataFrame([{**base, "year": 2023, "value_usd_m": 1.0, "months": 12,
                         "complete": True, "source": "old", "vintage": "1"},
                        {**base, "year": 2024, "value_usd_m": 2.0, "months": 6,
                         "complete": False, "source": "old", "vintage": "1"}])
    new = old.assign(value_usd_m=[9.0, 5.0], months=12, complete=True, source="new",
                     vintage="2")
    out = prefer_complete(old, new).set_index("year")
    assert out.loc[2023, "source"] == "old" and out.loc[2024, "source"] == "new"
    partial_only = prefer_complete(old.iloc[[1]], old.iloc[[1]].assign(source="other"))
    assert list(partial_only.source) == ["old"]


def _census_workbook(path: Path, value: float) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "country"
    ws.append(list(HEADER))
    for code, name in (("1220", "Canada"), ("2010", "Mexico")):
        months = [value / 12] * 12  # annual totals are the sum of the months
        ws.append(["2023", code, name, *months, value, *months, value])
    wb.save(path)
    return path


def test_loading_census_rebuilds_trade_flows(tmp_path: Path, fresh_home: Path) -> None:
    data.load("census-country", str(_census_workbook(tmp_path / "country.xlsx", 7.0)),
              accept_revision="small test extract")
    flows = data.table("trade_flows")
    assert _row(flows, "USA", "CAN", "exports", 2023).value_usd_m == 7.0
    assert _row(flows, "MEX", "USA", "exports", 2023).value_usd_m == 7.0  # mirror follows
    assert _row(flows, "USA", "CAN", "exports", 2024).source == "census-country-2024"
    versions = [p for p in data.provenance("trade_flows")]
    assert [p["current"] for p in versions] == [False, True]
