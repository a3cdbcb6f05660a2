"""Outlook forecasts: transforms, AICc weights, intervals against textbook formulas, mixtures,
scores and skill notes, series too short."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, stats

from trilateral.errors import InputError
from trilateral.outlook import scores
from trilateral.outlook.forecast import MIN_OBS, last_run, project, variance
from trilateral.outlook.options import CONFIGS, DEFAULT_CONFIG
from trilateral.outlook.predictive import Mixture, allocate
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


def test_akaike_weights_follow_the_aicc_and_sum_to_one() -> None:
    sf = project(US_NA, US_NA_1990_2005, 2010)  # the default configuration combines
    cands = sf.candidates
    assert [c["model"] for c in cands] == list(CONFIGS[DEFAULT_CONFIG].candidates)
    aicc = np.array([c["aicc"] for c in cands])
    # Akaike weights (Burnham and Anderson 2002): exp(-dAICc / 2), normalised
    expected = np.exp(-(aicc - aicc.min()) / 2) / np.exp(-(aicc - aicc.min()) / 2).sum()
    assert np.allclose([c["weight"] for c in cands], expected)
    assert sf.model.startswith("AICc-weighted " + cands[int(np.argmax(expected))]["model"])
    best = project(US_NA, US_NA_1990_2005, 2010, config="selected")
    chosen = min(best.candidates, key=lambda c: c["aicc"])
    assert best.model.startswith(chosen["model"]) and len(best.candidates) == 5
    assert [c["weight"] for c in best.candidates].count(1.0) == 1


def test_random_walk_interval_is_the_textbook_one() -> None:
    # Reference: the random walk's h-step interval last +- z * sigma * sqrt(h), sigma^2 the mean
    # squared one-year change on the logit scale (Hyndman and Athanasopoulos, FPP3 5.5).
    sf = project(US_NA, US_NA_1990_2005, 2010, config="random-walk")
    z = TRANSFORMS["logit_pct"].forward(US_NA_1990_2005.to_numpy())
    h = np.arange(1, 6)
    half = stats.norm.ppf(0.9) * np.sqrt(np.mean(np.diff(z) ** 2) * h)
    lo, hi = sf.bounds(0.8)
    inv = TRANSFORMS["logit_pct"].inverse
    # tolerance: statsmodels fixes alpha at 0.9999, not 1, and estimates the initial level
    assert np.allclose(lo, inv(z[-1] - half), atol=2e-3)
    assert np.allclose(hi, inv(z[-1] + half), atol=2e-3)
    assert np.allclose(sf.point(), US_NA_1990_2005.iloc[-1], atol=1e-3)


def test_drift_variance_adds_the_drift_estimation_error() -> None:
    # Reference: random walk with drift, sd_h = s * sqrt(h * (1 + h / (n - 1))), s^2 the sample
    # variance of the one-year changes (FPP3 5.5; the drift is their mean).
    sf = project(US_NA, US_NA_1990_2005, 2010, config="combined-drift")
    drift = next(f for f in sf.fits if f.spec == "RW+drift")
    z = TRANSFORMS["logit_pct"].forward(US_NA_1990_2005.to_numpy())
    n, h = len(z), np.arange(1, 6)
    textbook = np.var(np.diff(z), ddof=1) * h * (1 + h / (n - 1))
    # tolerance: optimiser precision of the estimated initial state and drift
    assert np.allclose(variance(drift, 5, True), textbook, rtol=2e-3)
    assert (variance(drift, 5, True) > variance(drift, 5, False)).all()


def test_mixture_quantiles_and_crps_against_direct_computation() -> None:
    mix = Mixture(np.array([0.3, 0.7]), np.array([[0.0], [1.0]]), np.array([[1.0], [0.5]]))
    for p in (0.025, 0.1, 0.5, 0.9, 0.975):
        assert mix.cdf(mix.quantile(p))[0] == pytest.approx(p, abs=1e-9)
    # CRPS = integral of (F(x) - 1{x >= y})^2 dx (Gneiting and Raftery 2007, eq. 20)
    y = 0.4
    direct = (integrate.quad(lambda x: mix.cdf(np.array([x]))[0] ** 2, -np.inf, y)[0]
              + integrate.quad(lambda x: (1 - mix.cdf(np.array([x]))[0]) ** 2, y, np.inf)[0])
    assert mix.crps(y, 0) == pytest.approx(direct, rel=1e-6)
    one = Mixture(np.array([1.0]), np.array([[0.2]]), np.array([[0.7]]))
    assert one.crps(1.0, 0) == pytest.approx(scores.crps_gaussian(0.2, 0.7, 1.0))
    assert list(allocate(np.array([0.3, 0.7]), 1000)) == [300, 700]
    assert allocate(np.array([0.5, 0.25, 0.25]), 3).sum() == 3


def test_simulated_paths_match_the_intervals() -> None:
    sf = project(US_NA, US_NA_1990_2005, 2016, config="combined-drift")
    sims = sf.simulate()
    assert sims.shape == (11, 1000)
    lo, hi = sf.bounds(0.8)
    sim_lo, sim_hi = np.quantile(sims, [0.1, 0.9], axis=1)
    # tolerance: Monte Carlo error of a 10% quantile from 1000 draws is about 2% of the width
    width = hi - lo
    assert np.all(np.abs(sim_lo - lo) < 0.06 * width)
    assert np.all(np.abs(sim_hi - hi) < 0.06 * width)
    assert np.array_equal(sims, project(US_NA, US_NA_1990_2005, 2016,
                                        config="combined-drift").simulate())  # seeded


def test_unknown_configuration_is_an_input_error() -> None:
    with pytest.raises(InputError, match="configuration"):
        project(US_NA, US_NA_1990_2005, 2010, config="nonsense")


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


def test_skill_notes_say_when_persistence_was_not_beaten() -> None:
    good = {"n": 40, "skill_mase": 0.2, "skill_crps": 0.1, "coverage_80": 0.8,
            "coverage_95": 0.94}
    assert scores.skill_note(good).startswith("beats persistence")
    assert "too" not in scores.skill_note(good)
    bad = {**good, "skill_mase": -0.25, "skill_crps": -0.3, "coverage_80": 0.6}
    note = scores.skill_note(bad)
    assert note.startswith("does not beat persistence") and "80% intervals held 60% (too narrow)" in note
    assert scores.skill_note({**good, "skill_crps": -0.1}).startswith("mixed")
    level = scores.skill_note({**good, "skill_mase": 0.01, "skill_crps": -0.02})
    assert level.startswith("level with persistence") and "as accurate" in level
    assert "unknown" in scores.skill_note({"n": 0})


def test_scores_by_family_group_rows_and_carry_a_note() -> None:
    row = {"realized": 1.0, "hit80": True, "hit95": True, "scaled_error": 1.0,
           "persistence_scaled_error": 2.0, "crps": 0.1, "persistence_crps": 0.2}
    rows = [{**row, "family": "trade"}, {**row, "family": "trade"},
            {**row, "family": "ledger", "scaled_error": 3.0}]
    fam = scores.by_family(rows, {"trade": "trade shares"})
    assert fam["trade"]["n"] == 2 and fam["trade"]["label"] == "trade shares"
    assert fam["ledger"]["skill_mase"] == pytest.approx(1 - 3.0 / 2.0)
    assert fam["ledger"]["skill_note"].startswith("mixed")
