"""Outlook forecasts: transforms, model choice by AICc, intervals, scores, series too short."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from trilateral.outlook import scores
from trilateral.outlook.forecast import MIN_OBS, last_run, project
from trilateral.outlook.targets import TRADE_TARGETS, Target
from trilateral.outlook.transforms import TRANSFORMS

US_NA = TRADE_TARGETS[0]
# US share (percent) of its goods trade with Canada plus Mexico, 1990-2005, computed by
# trilateral.indicators from the Census FT-900 country.xlsx snapshot (census_country); 2000 is
# the golden value 32.854 of tests/test_indicators_trade.py. Rounded to two decimals.
US_NA_1990_2005 = pd.Series(
    [26.27, 26.44, 27.02, 28.03, 29.19, 28.61, 29.65, 30.56, 31.57, 32.66, 32.85, 32.74, 32.47,
     31.64, 31.20, 30.79], index=range(1990, 2006))


@pytest.mark.parametrize("name,values", [
    ("logit_pct", [0.5, 30.0, 99.5]), ("atanh", [-0.9, 0.0, 0.6]), ("log", [0.1, 2.5]),
    ("log1p", [0.0, 3.0, 15.0]),
])
def test_transforms_round_trip_inside_their_domain(name: str, values: list[float]) -> None:
    tr = TRANSFORMS[name]
    v = np.array(values)
    assert tr.valid(v)
    assert np.allclose(tr.inverse(tr.forward(v)), v)


def test_transforms_reject_values_outside_the_domain_and_censor_counts_at_zero() -> None:
    assert not TRANSFORMS["logit_pct"].valid(np.array([0.0, 50.0]))
    assert not TRANSFORMS["atanh"].valid(np.array([1.0]))
    assert not TRANSFORMS["log1p"].valid(np.array([-1.0]))
    assert TRANSFORMS["log1p"].inverse(np.array([-0.5]))[0] == 0.0


def test_last_run_keeps_the_last_unbroken_years() -> None:
    s = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0], index=[1990, 2000, 2001, 2002, 2004])
    assert list(last_run(s).index) == [2004]
    assert list(last_run(s.iloc[:4]).index) == [2000, 2001, 2002]


def test_forecast_starts_after_the_last_known_year_with_ordered_nested_intervals() -> None:
    sf = project(US_NA, US_NA_1990_2005, 2016)
    assert sf.status == "forecast", sf.reason
    assert sf.years == list(range(2006, 2017))
    items = pd.DataFrame(sf.items())
    assert set(items["level"]) == {0.8, 0.95}
    assert (items["lower"] <= items["point"]).all() and (items["point"] <= items["upper"]).all()
    assert ((items["lower"] > 0) & (items["upper"] < 100)).all()  # logit keeps shares in range
    i80 = items[items.level == 0.8].set_index("year")
    i95 = items[items.level == 0.95].set_index("year")
    assert (i95["lower"] <= i80["lower"]).all() and (i80["upper"] <= i95["upper"]).all()
    assert (np.diff(i95["upper"] - i95["lower"]) >= -1e-9).all()  # fans out with the lead


def test_model_is_the_candidate_with_the_lowest_aicc_and_matches_statsmodels() -> None:
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    sf = project(US_NA, US_NA_1990_2005, 2010)
    best = min(sf.candidates, key=lambda c: c["aicc"])
    assert sf.model.startswith(best["spec"])
    assert len(sf.candidates) == 3
    # Reference: statsmodels' own 80% prediction interval on the logit scale, refitted here.
    y = pd.Series(TRANSFORMS["logit_pct"].forward(US_NA_1990_2005.to_numpy()),
                  index=pd.period_range("1990", periods=16, freq="Y"))
    trend, damped = {"ETS(A,N,N)": (None, False), "ETS(A,A,N)": ("add", False),
                     "ETS(A,Ad,N)": ("add", True)}[best["spec"]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = ETSModel(y, error="add", trend=trend, damped_trend=damped,
                       initialization_method="estimated").fit(disp=False)
    frame = res.get_prediction(start=16, end=20).summary_frame(alpha=0.2)
    lo, hi = sf.bounds(0.8)
    inv = TRANSFORMS["logit_pct"].inverse
    # tolerance: two maximum-likelihood fits of the same model agree to optimiser precision
    assert np.allclose(lo, inv(frame["pi_lower"].to_numpy()), atol=1e-3)
    assert np.allclose(hi, inv(frame["pi_upper"].to_numpy()), atol=1e-3)


@pytest.mark.parametrize("history,status,words", [
    (US_NA_1990_2005.iloc[-(MIN_OBS - 1):], "too_short", "consecutive annual"),
    (pd.Series([0.8, 0.74, 1.05], index=[1990, 2000, 2020]), "too_short", "gaps"),
    (pd.Series(dtype=float), "missing", "no observations"),
    (pd.Series([0.0] * 12, index=range(1990, 2002)), "invalid", "logit_pct"),
])
def test_series_without_a_forecast_say_why(history: pd.Series, status: str, words: str) -> None:
    sf = project(US_NA, history, 2030)
    assert sf.status == status
    assert words in sf.reason
    assert sf.items() == []


def test_horizon_before_the_data_gets_no_forecast() -> None:
    assert project(US_NA, US_NA_1990_2005, 2005).status == "no_future"


def test_scores_of_a_forecast_against_realised_values() -> None:
    sf = project(US_NA, US_NA_1990_2005.loc[:2002], 2005)
    truth = US_NA_1990_2005
    rows = sf.score(truth)
    assert [r["year"] for r in rows] == [2003, 2004, 2005]
    scale = np.mean(np.abs(np.diff(US_NA_1990_2005.loc[:2002].to_numpy())))
    for r in rows:
        assert r["persistence"] == 32.47
        assert r["scaled_error"] == pytest.approx(abs(r["realized"] - r["point"]) / scale)
        assert r["persistence_scaled_error"] == pytest.approx(abs(r["realized"] - 32.47) / scale)
    lo, hi = sf.bounds(0.8)
    assert [r["hit80"] for r in rows] == [bool(lo[i] <= truth[y] <= hi[i])
                                         for i, y in enumerate((2003, 2004, 2005))]


def test_crps_of_a_standard_normal_at_its_mean() -> None:
    # closed form (Gneiting and Raftery 2007): CRPS(N(0,1), 0) = (sqrt(2) - 1) / sqrt(pi)
    assert scores.crps_gaussian(0.0, 1.0, 0.0) == pytest.approx((math.sqrt(2) - 1)
                                                                 / math.sqrt(math.pi))
    assert scores.crps_gaussian(1.0, 0.0, 3.0) == 2.0


def test_summary_skill_is_one_minus_the_mase_ratio() -> None:
    rows = [{"realized": 1.0, "hit80": True, "hit95": True, "scaled_error": 1.0,
             "persistence_scaled_error": 2.0, "crps": 0.1, "persistence_crps": 0.1},
            {"realized": 1.0, "hit80": False, "hit95": True, "scaled_error": 3.0,
             "persistence_scaled_error": 2.0, "crps": 0.3, "persistence_crps": 0.1}]
    s = scores.summarise(rows)
    assert (s["n"], s["coverage_80"], s["coverage_95"]) == (2, 0.5, 1.0)
    assert s["skill_mase"] == pytest.approx(0.0)
    assert s["skill_crps"] == pytest.approx(-1.0)
    assert scores.brier([(0.8, True), (0.2, False)]) == pytest.approx(0.04)


def test_a_target_key_names_indicator_reporter_partner_and_flow() -> None:
    t = Target("trade_share", "CAN", "USA", "total", "logit_pct", "x")
    assert t.key == "trade_share:CAN:USA:total"
