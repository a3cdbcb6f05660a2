"""Trade sources: spot checks from each folder's PROVENANCE.md, the traps, malformed inputs.

Golden figures cite the PROVENANCE.md of their raw folder under shared/data/raw/.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from trilateral import data
from trilateral.errors import SchemaError, ValidationError
from trilateral.sources import census_country_2024, imf_dots_2018, statcan_cimt, wto_merch
from trilateral.sources._series import annual_sums, read_monthly


def _one(table: str, **where: object) -> pd.Series:
    df = data.table(table)
    for col, value in where.items():
        df = df[df[col] == value]
    assert len(df) == 1, (table, where, len(df))
    return df.iloc[0]


def _value(table: str, column: str = "value_usd_m", **where: object) -> float:
    return float(_one(table, **where)[column])


# ---------------------------------------------------------------- census-country-2024


def test_census_2024_spot_checks() -> None:
    # trade/census-country-2024-excerpt/PROVENANCE.md: US goods 2024, census basis, $M, and the
    # 2024 partner figures listed under the spot-check table (rounded to $0.1 bn there).
    t = "census_country_2024"
    assert _value(t, partner="WLD", flow="exports", year=2024) == pytest.approx(2063024, abs=1)
    assert _value(t, partner="WLD", flow="imports", year=2024) == pytest.approx(3263893, abs=1)
    assert _value(t, partner="MEX", flow="imports", year=2024) == pytest.approx(503110, abs=1)
    assert _value(t, partner="CAN", flow="exports", year=2024) == pytest.approx(350600, abs=100)
    assert _value(t, partner="EUU", flow="imports", year=2024) == pytest.approx(606700, abs=100)


def test_census_2024_is_a_newer_vintage_and_2026_is_partial() -> None:
    new = _one("census_country_2024", partner="CAN", flow="exports", year=2024)
    old = _one("census_country", partner="CAN", flow="exports", year=2024)
    assert new.complete and new.months == 12 and not old.complete
    assert new.vintage > old.vintage
    assert any("Vintage break" in c for c in census_country_2024.SPEC.caveats)
    y26 = _one("census_country_2024", partner="WLD", flow="exports", year=2026)
    assert y26.months == 7 and not y26.complete  # PROVENANCE: "partial 2026 (Jan-Jul)"


@pytest.mark.parametrize(
    ("line", "error", "field"),
    [
        ('{"country_code": "CAN", "year": 2024', SchemaError, None),
        ('{"country_code": "CAN", "year": 2024, "exports": [1], "imports": [1], '
         '"exports_year": 1}', SchemaError, "imports_year"),
        ('{"country_code": "CAN", "year": 2024, "exports": [1, 2], "imports": [1], '
         '"exports_year": 9, "imports_year": 1}', ValidationError, "exports_year"),
        ('{"country_code": "ATL", "year": 2024, "exports": [1], "imports": [1], '
         '"exports_year": 1, "imports_year": 1}', ValidationError, "country_code"),
        ('{"country_code": "CAN", "year": 2024, "exports": [1], "imports": [1], '
         '"exports_year": 1, "imports_year": -1}', ValidationError, "imports_year"),
    ],
    ids=["broken-json", "missing-key", "months-do-not-add-up", "unknown-country", "negative"],
)
def test_census_2024_malformed_lines(tmp_path: Path, line: str, error: type, field) -> None:
    path = tmp_path / "by_country.jsonl"
    good = ('{"country_code": "MEX", "year": 2024, "exports": [2, 3], "imports": [1], '
            '"exports_year": 5, "imports_year": 1}')
    path.write_text(good + "\n" + line + "\n")
    with pytest.raises(error) as exc:
        census_country_2024.partner_rows(path)
    assert exc.value.location.row == 2 and exc.value.location.field == field
    assert "by_country.jsonl" in str(exc.value)


# ---------------------------------------------------------------- statcan-cimt


def test_statcan_spot_checks() -> None:
    # trade/statcan-cimt-partners/PROVENANCE.md, "Spot checks".
    t = "statcan_cimt"
    assert _value(t, partner="WLD", flow="exports", year=2019) == pytest.approx(446160, abs=10)
    assert _value(t, "value_cad_m", partner="MEX", flow="exports", year=2024) == pytest.approx(
        8661.7, abs=0.1)
    assert _value(t, "value_cad_m", partner="MEX", flow="imports", year=2024) == pytest.approx(
        47487.0, abs=0.1)
    assert _value(t, partner="MEX", flow="exports", year=2024) == pytest.approx(6330, abs=10)
    assert _value(t, partner="MEX", flow="imports", year=2024) == pytest.approx(34660, abs=10)
    assert _value(t, partner="USA", flow="exports", year=2019) == pytest.approx(336100, abs=100)
    two_way_23 = sum(_value(t, partner="MEX", flow=f, year=2023) for f in ("exports", "imports"))
    assert two_way_23 == pytest.approx(41100, abs=100)  # "C$55.5 bn = US$41.1 bn"


def test_statcan_cad_to_usd_uses_the_documented_rates() -> None:
    monthly = data.table("statcan_cimt_monthly")
    assert (monthly.value_usd_m * monthly.cad_per_usd).sub(monthly.value_cad_m).abs().max() < 1e-6
    nov, dec = (monthly[(monthly.year == 2023) & (monthly.month == m)] for m in (11, 12))
    assert nov.fx_source.str.contains("EXCAUS").all() and len(nov) == 8
    assert dec.fx_source.str.contains("Bank of Canada").all() and len(dec) == 8
    # Bank of Canada 2024 annual average 1.3698 (PROVENANCE, mean of daily rates); the table's
    # rate is the mean of monthly means, which may differ in the fourth decimal.
    rate24 = _value("statcan_cimt", "cad_per_usd", partner="WLD", flow="exports", year=2024)
    assert rate24 == pytest.approx(1.3698, abs=5e-4)
    row23 = _one("statcan_cimt", partner="WLD", flow="exports", year=2023)
    assert "11 months" in row23.fx_source and "1 month" in row23.fx_source


def test_statcan_matches_the_folders_derived_conversion(raw_dir: Path) -> None:
    # The folder's canada_partner_annual_cad_usd_derived.csv used the same rule with rates
    # rounded to 3 decimals: USD sums agree to within 0.01 $M.
    ref = pd.read_csv(raw_dir / statcan_cimt.SPEC.raw_dir /
                      "canada_partner_annual_cad_usd_derived.csv").set_index("year")
    ours = data.table("statcan_cimt")
    ours = ours[(ours.partner == "MEX") & (ours.flow == "imports")].set_index("year")
    assert (ours.value_usd_m - ref.imp_mex_musd).abs().max() < 0.01


def test_statcan_partial_2026_flagged() -> None:
    y26 = data.table("statcan_cimt").query("year == 2026")
    assert len(y26) == 8 and (y26.months == 4).all() and not y26.complete.any()


def test_month_without_rate_refuses_conversion(tmp_path: Path) -> None:
    cad = pd.Series([1.0], index=pd.DatetimeIndex(["2030-01-01"]))
    fx = pd.DataFrame({"cad_per_usd": [1.3]}, index=pd.DatetimeIndex(["2029-12-01"])).assign(
        fx="boc")
    with pytest.raises(ValidationError, match="no CAD/USD rate for 2030-01"):
        statcan_cimt.convert(cad, fx, "exports", "WLD", tmp_path / "x.csv")


# ---------------------------------------------------------------- monthly series reader


@pytest.mark.parametrize(
    ("body", "row", "field", "message"),
    [
        ("2020-01-01,1\n2020-01-15,2\n", 3, "Date", "first day"),
        ("2020-01-01,1\n01/02/2020,2\n", 3, "Date", "not a date"),
        ("2020-01-01,1\n2020-02-01,-2\n", 3, "V", "negative"),
        ("2020-01-01,1\n2020-02-01,abc\n", 3, "V", "not a number"),
        ("2020-01-01,1\n2020-01-01,2\n", 3, "Date", "repeated"),
    ],
    ids=["mid-month", "bad-date", "negative", "text", "repeated-month"],
)
def test_monthly_reader_names_row_and_field(tmp_path, body, row, field, message) -> None:
    path = tmp_path / "series.csv"
    path.write_text("Date,V\n" + body)
    with pytest.raises(ValidationError, match=message) as exc:
        read_monthly(path, "Date", "V")
    assert (exc.value.location.row, exc.value.location.field) == (row, field)


def test_monthly_reader_skips_fred_missing_and_counts_months(tmp_path: Path) -> None:
    path = tmp_path / "series.csv"
    path.write_text("Date,V\n2020-01-01,1\n2020-02-01,.\n2020-03-01,2\n")
    annual = annual_sums(read_monthly(path, "Date", "V"))
    assert annual.to_dict("records") == [{"year": 2020, "value": 3.0, "months": 2,
                                          "complete": False}]
    path.write_text("Day,V\n2020-01-01,1\n")
    with pytest.raises(SchemaError):
        read_monthly(path, "Date", "V")


# ---------------------------------------------------------------- fred-canada


def test_fred_canada_spot_checks() -> None:
    # trade/fred-canada-mirror/PROVENANCE.md: 2019 exports 446.1 bn, imports 453.6 bn;
    # "2023 has only 9 months".
    t = "fred_canada_totals"
    assert _value(t, flow="exports", year=2019) == pytest.approx(446100, abs=100)
    assert _value(t, flow="imports", year=2019) == pytest.approx(453600, abs=100)
    y23 = _one(t, flow="exports", year=2023)
    assert y23.months == 9 and not y23.complete
    assert data.table(t).year.min() == 1960


def test_fred_and_statcan_agree_where_they_overlap() -> None:
    # PROVENANCE (statcan-cimt-partners): StatCan customs in USD / OECD MEI = 1.000 on average
    # 1997-2023, within 1% year by year.
    fred = data.table("fred_canada_totals").query("complete").set_index(["flow", "year"])
    sc = data.table("statcan_cimt").query("partner == 'WLD'").set_index(["flow", "year"])
    both = fred.join(sc, how="inner", lsuffix="_oecd")
    assert len(both) >= 50
    assert (both.value_usd_m / both.value_usd_m_oecd - 1).abs().max() < 0.01


# ---------------------------------------------------------------- inegi-mexico


def test_inegi_spot_checks_and_maquiladora_trap() -> None:
    # trade/inegi-mexico-balanza/PROVENANCE.md: exports 2019 460,604; 2021 494,765 / 505,703;
    # 1990 exports 26,838 exclude maquiladora trade.
    t = "inegi_mexico_totals"
    assert _value(t, flow="exports", year=2019) == pytest.approx(460604, abs=1)
    assert _value(t, flow="exports", year=2021) == pytest.approx(494765, abs=1)
    assert _value(t, flow="imports", year=2021) == pytest.approx(505703, abs=1)
    y90 = _one(t, flow="exports", year=1990)
    assert y90.value_usd_m == pytest.approx(26838, abs=1) and not y90.comparable
    df = data.table(t)
    assert df[df.year < 1991].comparable.eq(False).all() and df[df.year >= 1991].comparable.all()
    y22 = _one(t, flow="imports", year=2022)
    assert y22.months == 6 and not y22.complete


# ---------------------------------------------------------------- wto-merch


def test_wto_spot_checks() -> None:
    # trade/wto-merch-pradip/PROVENANCE.md, "Spot checks".
    t = "wto_merch"
    assert _value(t, reporter="MEX", flow="exports", year=2023) == pytest.approx(593005, abs=1)
    assert _value(t, reporter="CAN", flow="exports", year=2019) == pytest.approx(448817, abs=1)
    assert _value(t, reporter="USA", flow="exports", year=2023) == pytest.approx(2020606, abs=1)
    assert _value(t, reporter="WLD", flow="exports", year=2023) == pytest.approx(23.81e6, rel=1e-3)
    assert _value(t, reporter="WLD", flow="exports", year=2022) == pytest.approx(24.89e6, rel=1e-3)
    df = data.table(t)
    assert df.reporter.nunique() == 227  # 226 reporters + the world sum
    assert not df.year.eq(2024).any()


def test_wto_mexico_exports_match_inegi_from_1991() -> None:
    # PROVENANCE (wto-merch-pradip): "Mexico 1991-2021 exports identical to INEGI within 0.1%";
    # measured here: within 0.1% in most years, 0.4% at most (2003).
    wto = data.table("wto_merch").query("reporter == 'MEX' and flow == 'exports'")
    inegi = data.table("inegi_mexico_totals").query("flow == 'exports' and complete and comparable")
    both = wto.set_index("year").join(inegi.set_index("year"), how="inner", rsuffix="_inegi")
    assert len(both) == 31
    gap = (both.value_usd_m / both.value_usd_m_inegi - 1).abs()
    assert gap.median() < 0.001 and gap.max() < 0.005


def test_wto_unknown_country_names_row(tmp_path: Path) -> None:
    path = tmp_path / "wto.csv"
    path.write_text("Year,Country,Exports,Imports\n2023,Canada,1,2\n2023,Atlantis,1,2\n")
    with pytest.raises(ValidationError) as exc:
        wto_merch.read_reporters(path)
    assert (exc.value.location.row, exc.value.location.field) == (3, "Country")
    path.write_text("Year,Country,Exports,Imports\n2023,Canada,1,x\n")
    with pytest.raises(ValidationError, match="not a number"):
        wto_merch.read_reporters(path)


# ---------------------------------------------------------------- imf-dots-2018


def test_dots_spot_checks() -> None:
    # trade/imf-dots-2018-leuchtmann/PROVENANCE.md, "Spot checks (2018, $M)".
    t = "imf_dots_2018"
    assert _value(t, reporter="CAN", partner="USA", flow="exports") == pytest.approx(337814, abs=1)
    assert _value(t, reporter="CAN", partner="MEX", flow="exports") == pytest.approx(6332, abs=1)
    assert _value(t, reporter="MEX", partner="CAN", flow="imports") == pytest.approx(11418, abs=1)
    assert _value(t, reporter="MEX", partner="CAN", flow="exports") == pytest.approx(14080, abs=1)
    assert _value(t, reporter="CAN", partner="MEX", flow="imports") == pytest.approx(29923, abs=1)
    df = data.table(t)
    assert set(df.year) == {2018} and df.reporter.nunique() == 31
    assert {"EMU", "CNX"} <= set(df.partner) and not {"CHN", "EUU"} & set(df.partner)


def test_dots_bad_period(tmp_path: Path) -> None:
    path = tmp_path / "dots.csv"
    path.write_text("origin,destination,period,from.exports,from.imports\n"
                    "CA,US,2018-01-01,1,2\nCA,MX,2018-06-01,1,2\n")
    with pytest.raises(ValidationError) as exc:
        imf_dots_2018.read_pairs(path)
    assert (exc.value.location.row, exc.value.location.field) == (3, "period")
