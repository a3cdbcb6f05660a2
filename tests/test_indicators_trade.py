"""Trade indicators: official figures reproduced, mirror fallback, bloc indices, as-of."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from click.testing import CliRunner

from trilateral.cli import cli
from trilateral.indicators import compute
from trilateral.indicators.inputs import Tables
from trilateral.indicators.trade import (
    dependence_asymmetry,
    regional_introversion,
    spoke_to_spoke,
    trade_intensity,
    trade_share,
)

# US share (percent) of its total goods trade (exports + imports) with Canada plus Mexico.
# Origin: U.S. Census Bureau FT-900 country.xlsx (../shared/data/raw/trade/census-country-goods),
# (EYR + IYR of CTY_CODE 1220 Canada and 2010 Mexico) / (EYR + IYR of 0015 World NSA) x 100:
#   2000: (409,779.2 + 247,275.3) / 1,999,940.6 = 32.854
#   2010: (526,893.2 + 393,650.3) / 3,192,351.1 = 28.836
#   2023: (772,974.7 + 797,958.4) / 5,098,229.6 = 30.813
# The 2023 denominator is the Census 2023 annual release total (exports 2,018,059 + imports
# 3,080,170), the spot check recorded in that folder's PROVENANCE.md.
US_SHARE_CAN_MEX = {2000: 32.854, 2010: 28.836, 2023: 30.813}


def test_cli_csv_reproduces_census_shares() -> None:
    res = CliRunner().invoke(cli, ["indicators", "--indicator", "trade_share", "--format", "csv",
                                   "--reporter", "USA", "--partner", "CAN+MEX", "--flow", "total"])
    assert res.exit_code == 0, res.output
    df = pd.read_csv(io.StringIO(res.output))
    got = df.set_index("year")["value"].round(3)
    for year, want in US_SHARE_CAN_MEX.items():
        assert got[year] == pytest.approx(want, abs=5e-4), year
    assert set(df["basis"]) == {"reporter"}
    assert df["sources"].str.contains("census").all()


def test_shares_match_a_fresh_computation_from_the_raw_census_file(raw_dir) -> None:
    raw = pd.read_csv(raw_dir / "trade/census-country-goods/country_annual_derived.csv",
                      dtype={"cty_code": str})
    raw["two_way"] = raw["exports_musd"] + raw["imports_musd"]
    by = raw.assign(code=raw["cty_code"].str.zfill(4)).pivot(index="year", columns="code",
                                                              values="two_way")
    want = 100 * (by["1220"] + by["2010"]) / by["0015"]
    df = compute(["trade_share"])
    got = df.query("reporter == 'USA' and partner == 'CAN+MEX' and flow == 'total'")
    full = raw.groupby("year")["months_with_exports"].max() == 12  # 2024 is half a year there
    got = got[got["year"].isin(full[full].index)]
    assert len(got) >= 30
    for year, value in got.set_index("year")["value"].items():
        assert value == pytest.approx(want[year], rel=1e-9)


def _flows(rows: list[tuple]) -> Tables:
    df = pd.DataFrame(rows, columns=["reporter", "partner", "flow", "year", "value_usd_m",
                                     "basis", "source"])
    df["complete"] = True
    return Tables.from_frames({"trade_flows": df})


# A made-up three-country world (numbers chosen so the results are easy to check by hand).
TOY = [
    ("USA", "CAN", "exports", 2000, 30.0, "reporter", "us"),
    ("USA", "CAN", "imports", 2000, 30.0, "reporter", "us"),
    ("USA", "MEX", "exports", 2000, 20.0, "reporter", "us"),
    ("USA", "MEX", "imports", 2000, 20.0, "reporter", "us"),
    ("USA", "WLD", "exports", 2000, 100.0, "reporter", "us"),
    ("USA", "WLD", "imports", 2000, 100.0, "reporter", "us"),
    ("CAN", "USA", "exports", 2000, 30.0, "reporter", "ca"),
    ("CAN", "USA", "imports", 2000, 30.0, "reporter", "ca"),
    ("CAN", "MEX", "exports", 2000, 1.0, "reporter", "ca"),
    ("CAN", "MEX", "imports", 2000, 1.0, "reporter", "ca"),
    ("CAN", "WLD", "exports", 2000, 40.0, "reporter", "ca"),
    ("CAN", "WLD", "imports", 2000, 40.0, "reporter", "ca"),
    ("MEX", "WLD", "exports", 2000, 25.0, "reporter", "mx"),
    ("MEX", "WLD", "imports", 2000, 25.0, "reporter", "mx"),
    ("WLD", "WLD", "exports", 2000, 1000.0, "reporter", "wto"),
    ("WLD", "WLD", "imports", 2000, 1000.0, "reporter", "wto"),
]


def test_mexico_partner_shares_fall_back_to_mirror_flows() -> None:
    df = trade_share(_flows(TOY))
    mex_us = df.query("reporter == 'MEX' and partner == 'USA' and flow == 'exports'").iloc[0]
    assert mex_us["value"] == pytest.approx(80.0)  # US imports from MEX 20 / MEX exports 25
    assert mex_us["basis"] == "mirror"
    can_us = df.query("reporter == 'CAN' and partner == 'USA' and flow == 'total'").iloc[0]
    assert can_us["value"] == pytest.approx(75.0) and can_us["basis"] == "reporter"


def test_asymmetry_spokes_and_intensity_by_hand() -> None:
    t = _flows(TOY)
    asym = dependence_asymmetry(t).query("reporter == 'CAN' and flow == 'total'").iloc[0]
    assert asym["value"] == pytest.approx(75.0 / 30.0)
    spokes = spoke_to_spoke(t).set_index("reporter")["value"]
    assert spokes["CAN"] == pytest.approx(100 * 2 / 60)
    assert spokes["MEX"] == pytest.approx(100 * 2 / 40)  # both legs mirror
    tii = trade_intensity(t).query("reporter == 'USA' and partner == 'CAN' and flow == 'total'")
    assert tii["value"].iloc[0] == pytest.approx((60 / 200) / (80 / 2000))


def test_introversion_index_follows_iapadre() -> None:
    out = regional_introversion(_flows(TOY)).set_index("indicator")["value"]
    intra = 60 + 40 + 60 + 2 + 40 + 2  # every member's two-way trade with the other two
    s, w = intra / (200 + 80 + 50), (200 + 80 + 50) / 2000
    hi, he = s / w, (1 - s) / (1 - w)
    assert out["intraregional_share"] == pytest.approx(100 * s)
    assert out["regional_introversion"] == pytest.approx((hi - he) / (hi + he))
    assert -1 < out["regional_introversion"] < 1


def test_missing_trade_tables_are_gaps_not_errors() -> None:
    empty = Tables.from_frames({})
    assert trade_share(empty).empty
    assert "trade_flows" in empty.missing and "census_country" in empty.missing


def test_as_of_keeps_only_published_years() -> None:
    df = compute(["trade_share"], as_of="2006-03-31")
    assert df["year"].max() == 2005  # 2005 annual trade was released in February 2006
    assert (df["available"] <= "2006-03-31").all()
    assert compute(["trade_share"], as_of="2006-01-31")["year"].max() == 2004


def test_partial_years_never_enter_shares_or_bloc_indices() -> None:
    # the same toy world in 2001 with Mexico's imports for January-June only (as INEGI's 2022)
    partial = [(r, p, f, 2001, v, b, s) for r, p, f, _, v, b, s in TOY]
    t = _flows(TOY + partial)
    df = t.frames["trade_flows"]
    df.loc[(df["year"] == 2001) & (df["reporter"] == "MEX"), "complete"] = False
    shares = trade_share(t)
    assert 2001 in set(shares.query("reporter == 'USA'")["year"])  # complete rows still count
    assert 2001 not in set(shares.query("reporter == 'MEX' and partner == 'USA'")["year"])
    bloc = regional_introversion(t)
    assert set(bloc["year"]) == {2000}  # one partial member total: no bloc figure for 2001
    # the warehouse: no share for a year that any of its figures has only in part
    real = compute(["trade_share"])
    mex = real.query("reporter == 'MEX' and flow != 'exports'")  # imports: partial 2022
    assert mex["year"].max() == 2021
    assert real.query("reporter == 'CAN'")["year"].max() <= 2025  # CAN 2026: January-April
