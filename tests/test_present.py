"""The present: Census data through July 2026, monthly shares, breaks and `trilateral changes`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from cli_helpers import run, run_json
from trilateral import data, indicators
from trilateral.errors import InputError
from trilateral.indicators import asof, breaks
from trilateral.indicators.monthly import compute_monthly
from trilateral.sources import census_country_2025

RAW = Path(__file__).resolve().parents[1] / "data" / "raw" / census_country_2025.SPEC.raw_dir


@pytest.fixture(scope="module")
def monthly() -> pd.DataFrame:
    return compute_monthly(["trade_share"])


def _share(df: pd.DataFrame, reporter: str, partner: str, flow: str, year: int) -> float:
    hit = df[(df.reporter == reporter) & (df.partner == partner) & (df.flow == flow)
             & (df.year == year)]
    assert len(hit) == 1
    return float(hit.value.iloc[0])


def test_us_partner_shares_2025_match_the_census_files() -> None:
    shares = indicators.compute(["trade_share"])
    # trade_by_country/2025.json: CAN exports_year 333,619.7; trade_national.json 2025 census
    # goods exports 2,179,891.4 -> 100 * 333619.7 / 2179891.4 = 15.3044 %.
    assert _share(shares, "USA", "CAN", "exports", 2025) == pytest.approx(15.3044, abs=5e-4)
    # MEX imports_year 534,314.9 over 2025 imports 3,414,510.6 -> 15.6483 %.
    assert _share(shares, "USA", "MEX", "imports", 2025) == pytest.approx(15.6483, abs=5e-4)
    assert shares[(shares.reporter == "USA") & (shares.year == 2026)].empty  # partial year


def test_us_2026_to_date_is_partial_and_matches_the_source() -> None:
    flows = data.table("trade_flows")
    rows = flows[(flows.reporter == "USA") & (flows.year == 2026) & (flows.flow == "imports")]
    assert set(rows.months) == {7} and not rows.complete.any()
    chn = rows[rows.partner == "CHN"].value_usd_m.iloc[0]
    wld = rows[rows.partner == "WLD"].value_usd_m.iloc[0]
    # 2026.json CHN imports_year (Jan-Jul) 156,390.2 over national 2026 imports 2,079,009.5.
    assert 100 * chn / wld == pytest.approx(7.5223, abs=5e-4)


def test_monthly_shares_reach_the_latest_month_of_each_reporter(monthly: pd.DataFrame) -> None:
    last = monthly.groupby("reporter").period.max().to_dict()
    assert last == {"USA": "2026-07", "CAN": "2026-04", "MEX": "2022-06"}
    assert set(monthly.adjustment) == {"nsa", "r12", "stl"}
    row = monthly[(monthly.reporter == "USA") & (monthly.period == "2026-07")].iloc[0]
    assert row.available == "2026-09-10"  # July figures public from 10 September


def test_rolling_share_of_december_equals_the_annual_share(monthly: pd.DataFrame) -> None:
    annual = _share(indicators.compute(["trade_share"]), "CAN", "USA", "exports", 2025)
    r12 = monthly[(monthly.reporter == "CAN") & (monthly.partner == "USA")
                  & (monthly.flow == "exports") & (monthly.adjustment == "r12")
                  & (monthly.period == "2025-12")].value.iloc[0]
    assert r12 == pytest.approx(annual, abs=1e-9)
    assert annual == pytest.approx(72.44, abs=0.01)  # the 72.4 % for 2025


def test_a_break_is_found_in_canadas_export_share_in_2025(monthly: pd.DataFrame) -> None:
    found = breaks.monthly_breaks(monthly, (breaks.SeriesKey("CAN", "USA", "exports"),))
    b = found[0]
    assert b.detected and b.date.startswith("2025")
    assert b.size_high < -breaks.SESOI_PP  # a drop, larger than the SESOI
    assert b.gap is not None and b.gap_high < 0


def test_no_break_is_claimed_in_a_series_without_one() -> None:
    rng = pd.Series(range(120), dtype=float) * 0.01
    noise = pd.Series([0.3, -0.2, 0.1, -0.3, 0.2, 0.0] * 20)
    idx = pd.date_range("2010-01-01", periods=120, freq="MS")
    b = breaks.monthly_break(pd.Series((50 + rng + noise).to_numpy(), index=idx),
                             breaks.SeriesKey("X", "Y", "exports"))
    assert b is not None and not b.detected


def test_annual_forecast_test_flags_canadas_2025() -> None:
    shares = indicators.compute(["trade_share"])
    can = shares[(shares.reporter == "CAN") & (shares.partner == "USA")
                 & (shares.flow == "exports")].set_index("year").value
    t = breaks.annual_forecast_test(can, "CAN->USA exports share", 2025)
    assert t is not None and t.outside and t.gap < 0


def test_monthly_lag_and_last_published_month() -> None:
    assert asof.available_month("trade_monthly", 2025, 12) == dt.date(2026, 2, 10)
    assert asof.last_published_month("trade_monthly", dt.date(2026, 9, 9)) == (2026, 6)


def test_bad_census_row_is_refused_with_file_row_and_field(tmp_path: Path) -> None:
    base = tmp_path / census_country_2025.SPEC.raw_dir
    base.mkdir(parents=True)
    (base / census_country_2025.NATIONAL).write_text((RAW / census_country_2025.NATIONAL)
                                                     .read_text())
    lines = (RAW / census_country_2025.BY_COUNTRY).read_text().splitlines()
    rec = json.loads(lines[1])
    rec["imports"][3] = -5
    lines[1] = json.dumps(rec)
    (base / census_country_2025.BY_COUNTRY).write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as err:
        census_country_2025.build(tmp_path)
    assert err.value.location.row == 2 and err.value.location.field.startswith("imports")


def test_changes_lists_the_canada_break(capsys) -> None:
    code, out, err = run(["changes", "--since", "2024-12-31", "--no-checks", "--json"], capsys)
    assert code == 0, err
    envelope = json.loads(out)
    assert envelope["tool"] == "trilateral" and isinstance(envelope["sources"], list)
    doc = envelope["data"]
    reversal = next(p for p in doc["paths"] if p["path"] == "reversal")
    can = [b for b in reversal["breaks"] if b["series"].startswith("CAN->USA exports")]
    assert can and can[0]["date"].startswith("2025") and can[0]["size"] < 0
    assert any(s["indicator"] == "trade_share" and s["frequency"] == "monthly"
               for s in reversal["series"])


def test_changes_refuses_a_since_date_after_as_of(capsys) -> None:
    code, _, err = run_json(["changes", "--since", "2026-01-01", "--as-of", "2025-01-01",
                             "--no-checks"], capsys)
    assert code != 0 and "since" in err


def test_present_checks_see_the_break_and_the_measures() -> None:
    from trilateral.paths import checks_present as cp
    from trilateral.paths.context import Context

    ctx = Context(as_of=dt.date(2026, 12, 4))
    shift = cp.canada_us_export_share_break(ctx)
    assert shift.informative and shift.upper < -1 and "2025" in shift.note
    gap = cp.canada_us_export_share_gap(ctx)
    assert gap.informative and gap.upper < 0
    # tariff_measures.csv: on 2019-03-01 the four Section 232 rows and the two
    # countermeasures of 2018 were in force, all checked through 2019-05-20.
    measures = cp.tariff_measures_in_force(Context(as_of=dt.date(2019, 3, 1)))
    assert (measures.estimate, measures.lower, measures.upper) == (6.0, 6.0, 6.0)


def test_a_series_ending_early_names_the_missing_source() -> None:
    from trilateral.paths.registry import ends_early

    note = ends_early([("MEX trade share with USA", 2021), ("CAN trade share with USA", 2025)],
                      2025)
    assert "MEX trade share with USA ends in 2021" in note and "CAN" not in note
    assert "Mexico's world totals" in note


def test_monthly_as_of_uses_only_months_public_by_then() -> None:
    full = compute_monthly(["trade_share"], only={("CAN", "USA", "exports")})
    cut = compute_monthly(["trade_share"], as_of="2024-12-31", only={("CAN", "USA", "exports")})
    assert cut.period.max() == "2024-10"  # October figures were public on 10 December
    nsa = ["period", "value"]
    both = full[full.adjustment == "nsa"][nsa].merge(cut[cut.adjustment == "nsa"][nsa],
                                                    on="period")
    assert (both.value_x == both.value_y).all()  # raw shares do not depend on the cut
    stl = full[full.adjustment == "stl"][nsa].merge(cut[cut.adjustment == "stl"][nsa],
                                                   on="period")
    assert not (stl.value_x == stl.value_y).all()  # the STL fit sees only the cut data


def test_every_indicator_row_name_has_a_family() -> None:
    """`trilateral changes` files new series under paths by family: no row name may lack one."""
    from trilateral import indicators
    from trilateral.paths.changes import family_of

    names = set(indicators.compute()["indicator"])
    assert names and all(family_of(n) for n in names), sorted(
        n for n in names if not family_of(n))
