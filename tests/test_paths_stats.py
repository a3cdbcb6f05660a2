"""The estimators behind the checks, against statsmodels references, and the score rules."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from statsmodels.stats.proportion import proportion_confint

from trilateral.paths import combine as comb
from trilateral.paths.model import CheckResult
from trilateral.paths.stats import (
    Estimate,
    Z,
    correlation,
    lag1,
    log_rate_ratio,
    mean_interval,
    net_direction,
    pooled,
    residuals,
    stance,
    trend,
)

X = [1990, 1995, 2000, 2005, 2010, 2015]
Y = [1.2, 1.5, 1.4, 1.9, 2.3, 2.2]


def test_trend_matches_statsmodels_ols() -> None:
    fit = sm.OLS(np.array(Y), sm.add_constant(np.array(X, float))).fit()
    lo, hi = fit.conf_int(alpha=0.10)[1]
    got = trend(X, Y)
    # same estimator; tolerance only for floating point
    assert got.estimate == pytest.approx(fit.params[1], rel=1e-10)
    assert (got.lower, got.upper) == pytest.approx((lo, hi), rel=1e-10)
    assert trend([2000, 2001], [1, 2]) is None  # two points: no interval


def test_net_direction_is_a_wilson_interval_on_the_plus_share() -> None:
    lo, hi = proportion_confint(8, 10, alpha=0.10, method="wilson")
    got = net_direction(8, 2)
    assert got.estimate == pytest.approx(0.6)
    assert (got.lower, got.upper) == pytest.approx((2 * lo - 1, 2 * hi - 1), rel=1e-10)
    assert net_direction(0, 0) is None


def test_rate_ratio_interval_and_caps() -> None:
    both = log_rate_ratio(20, 10)
    assert both.estimate == pytest.approx(np.log(2))
    assert both.lower < np.log(2) < both.upper
    capped = log_rate_ratio(5, 0)  # infinite ratio: capped at log(2n + 1)
    assert capped.estimate == pytest.approx(np.log(11)) and capped.upper == capped.estimate
    assert log_rate_ratio(0, 0) is None


def test_pooled_slopes_allow_for_correlated_series() -> None:
    years = list(range(2010, 2020))
    wiggle = [0.3, -0.2, 0.5, -0.4, 0.1, 0.0, -0.3, 0.4, -0.1, -0.3]
    other = [0.1, 0.4, -0.2, -0.3, 0.3, -0.4, 0.2, 0.0, -0.3, 0.2]
    same = residuals(years, [y + w for y, w in zip(years, wiggle, strict=True)])
    twin = residuals(years, [2 * y + 2 * w for y, w in zip(years, wiggle, strict=True)])
    flipped = residuals(years, [-w for w in wiggle])
    assert correlation(same, twin) == pytest.approx(1.0)
    assert correlation(same, flipped) == 0.0  # a negative estimate is floored at 0
    assert correlation(same, {k: same[k] for k in years[:4]}) == 1.0  # too few common years
    r = correlation(same, residuals(years, other))
    a, b = Estimate(1.0, 0.0, 2.0, 10), Estimate(3.0, 1.0, 5.0, 10)  # half-widths 1 and 2
    got, low = pooled([a, b], [same, residuals(years, other)])
    assert got.estimate == 2.0 and low == pytest.approx(r)
    assert got.upper - 2.0 == pytest.approx(np.sqrt(1 + 4 + 2 * r * 2) / 2)
    # unknown correlation (no residuals): the mean half-width, never the independence value
    assert pooled([a, b])[0].upper - 2.0 == pytest.approx(1.5)
    assert pooled([a, b], [same, flipped])[0].upper - 2.0 == pytest.approx(np.sqrt(5) / 2)


def test_lag1_autocorrelation_of_trend_residuals() -> None:
    years = list(range(2000, 2010))
    alternating = residuals(years, [y + (-1) ** y for y in years])
    assert lag1(alternating) == pytest.approx(-0.9, abs=0.1)
    smooth = residuals(years, [y + np.sin(y / 4) for y in years])  # slow cycle
    assert lag1(smooth) > 0.4  # 0.52
    assert lag1(residuals([1990, 1995, 2000, 2005, 2010], [1, 2, 1, 2, 1])) is None  # waves


def test_mean_interval_single_value_is_exact() -> None:
    assert mean_interval([3.0]).lower == mean_interval([3.0]).upper == 3.0


def test_stance_follows_the_predicted_sign() -> None:
    assert stance(0.1, 0.4, 0.0, +1) == "consistent"
    assert stance(0.1, 0.4, 0.0, -1) == "inconsistent"
    assert stance(-0.1, 0.4, 0.0, +1) == "neutral"


def test_standardise_puts_a_check_in_sesoi_units() -> None:
    # 0.6 [0.2, 1.0] with SESOI 0.4: effect 1.5 SESOI; SE = 0.8 / (2 x 1.645) / 0.4 = 0.608
    eff, se = comb.standardise(0.6, 0.2, 1.0, 0.0, +1, 0.4)
    assert eff == pytest.approx(1.5) and se == pytest.approx(0.8 / (2 * Z) / 0.4)
    assert comb.standardise(0.6, 0.2, 1.0, 0.0, -1, 0.4)[0] == pytest.approx(-1.5)
    # a coded value without sampling error cannot claim more precision than the floor
    assert comb.standardise(62.0, 62.0, 62.0, 50.0, +1, 5.0) == (pytest.approx(2.4), 0.25)


def _check(est: float | None, lo: float | None, hi: float | None, expect: int = 1,
           sesoi: float = 1.0, family: str | None = None, cid: str = "c") -> CheckResult:
    eff = se = None
    if est is not None:
        eff, se = comb.standardise(est, lo, hi, 0.0, expect, sesoi)
    return CheckResult(cid, "p", "x", expect, est, lo, hi, "", "", "neutral", eff,
                       sesoi=sesoi, family=family or cid, effect_se=se)


def test_pooling_matches_the_hand_worked_example() -> None:
    # docs/method.md, "A worked example". A and B share a family, C is independent.
    # A: 0.6 [0.2, 1.0], SESOI 0.4 -> d = 1.5,  se = 0.6080
    # B: 0.2 [0.0, 0.4], SESOI 0.4 -> d = 0.5,  se = 0.3040 (half of A's: weights 1:4)
    # C: -0.1 [-0.3, 0.1], SESOI 0.2 -> d = -0.5, se = 0.6080
    # family AB: d = 0.2 x 1.5 + 0.8 x 0.5 = 0.7; se = 0.2 x 0.6080 + 0.8 x 0.3040 = 0.3648
    # pooled: W = 1/0.3648^2 = 7.515 and 1/0.6080^2 = 2.706; D = (7.515 x 0.7 - 2.706 x 0.5)
    # / 10.221 = 0.382; SE = 1/sqrt(10.221) = 0.313; 90% interval [-0.132, 0.897]: within
    # +/-1 SESOI, so "stalled" although B alone clears zero.
    checks = [_check(0.6, 0.2, 1.0, sesoi=0.4, family="F1", cid="A"),
              _check(0.2, 0.0, 0.4, sesoi=0.4, family="F1", cid="B"),
              _check(-0.1, -0.3, 0.1, sesoi=0.2, family="F2", cid="C")]
    p = comb.pool(comb.readings(checks))
    assert p.families["F1"] == (pytest.approx(0.7), pytest.approx(0.3648, abs=1e-4))
    assert p.effect == pytest.approx(0.382, abs=1e-3)
    assert p.se == pytest.approx(0.313, abs=1e-3)
    assert p.weights["A"] + p.weights["B"] == pytest.approx(7.515 / 10.221, abs=1e-3)
    got = comb.verdict(checks)
    assert (got.effect_lower, got.effect_upper) == (pytest.approx(-0.132, abs=2e-3),
                                                   pytest.approx(0.897, abs=2e-3))
    assert got.verdict == "stalled"
    # a shared family counts once: the same two checks as separate families claim more
    split = comb.pool(comb.readings([_check(0.6, 0.2, 1.0, sesoi=0.4, cid="A"),
                                     _check(0.2, 0.0, 0.4, sesoi=0.4, cid="B")]))
    assert split.se < comb.pool(comb.readings(checks[:2])).se


def test_random_effects_alternative_widens_under_heterogeneity() -> None:
    from statsmodels.stats.meta_analysis import combine_effects

    checks = [_check(3, 2.5, 3.5, cid="A"), _check(-1, -1.5, -0.5, cid="B"),
              _check(1, 0, 2, cid="C")]
    fe = comb.pool(comb.readings(checks))
    re = comb.pool(comb.readings(checks), "random-effects")
    assert re.tau2 > 0 and re.se > fe.se
    ref = combine_effects(np.array([r.effect for r in comb.readings(checks)]),
                          np.array([r.se**2 for r in comb.readings(checks)]), method_re="dl")
    assert (fe.effect, fe.se) == (pytest.approx(ref.mean_effect_fe), pytest.approx(ref.sd_eff_w_fe))
    assert (re.effect, re.se, re.tau2) == (pytest.approx(ref.mean_effect_re),
                                           pytest.approx(ref.sd_eff_w_re), pytest.approx(ref.tau2))
    # estimates that agree: tau^2 is 0 and random effects equal fixed effects
    same = [_check(0.5, 0, 1, cid="A"), _check(0.5, 0, 1, cid="B")]
    assert comb.pool(comb.readings(same), "random-effects").se == pytest.approx(
        comb.pool(comb.readings(same)).se)


def test_verdict_rules() -> None:
    assert comb.verdict([_check(1, 0.5, 1.5), _check(None, None, None)]).verdict == \
        "insufficient-evidence"
    assert comb.verdict([_check(2, 1.5, 2.5), _check(3, 2, 4)]).verdict == "advancing"
    assert comb.verdict([_check(-2, -2.5, -1.5), _check(-3, -4, -2)]).verdict == "reversing"
    # opposite strong evidence: the pooled interval is wide and straddles 0
    assert comb.verdict([_check(2, 1.5, 2.5), _check(-2, -2.5, -1.5)]).verdict in (
        "inconclusive", "stalled")
    assert comb.verdict([_check(0.1, -3, 3.2), _check(0.0, -3, 3)]).verdict == "inconclusive"


def test_stalled_is_equivalence_on_a_flat_series_and_inconclusive_is_a_wide_interval() -> None:
    years = list(range(2010, 2020))
    noise = [0.02, -0.01, 0.03, -0.02, 0.0, 0.01, -0.03, 0.02, -0.01, 0.0]
    flat = trend(years, [5 + e for e in noise])  # a flat series: slope ~0, narrow interval
    noisy = trend(years, [5 + 40 * e for e in noise])  # the same shape, 40 times the noise
    sesoi = 0.05
    stalled = comb.verdict([_check(flat.estimate, flat.lower, flat.upper, sesoi=sesoi,
                                   cid=f"f{i}") for i in range(2)])
    assert stalled.verdict == "stalled", stalled.reason
    wide = comb.verdict([_check(noisy.estimate, noisy.lower, noisy.upper, sesoi=sesoi,
                                cid=f"n{i}") for i in range(2)])
    assert wide.verdict == "inconclusive", wide.reason


def test_null_type_path_is_supported_by_equivalence_not_by_a_fall() -> None:
    small = [_check(0.01, -0.1, 0.12, cid="a"), _check(-0.02, -0.1, 0.06, cid="b")]
    assert comb.verdict(small, null_type=True).verdict == "advancing"
    fall = [_check(-2, -2.5, -1.5, cid="a"), _check(-3, -4, -2, cid="b")]
    assert comb.verdict(fall, null_type=True).verdict == "reversing"
    rise = [_check(2, 1.5, 2.5, cid="a"), _check(3, 2, 4, cid="b")]
    assert comb.verdict(rise, null_type=True).verdict == "reversing"
    assert comb.verdict([_check(0.1, -3, 3.2, cid="a"), _check(0, -3, 3, cid="b")],
                        null_type=True).verdict == "inconclusive"


def test_no_support_is_two_phi_minus_one() -> None:
    from trilateral.paths import stats

    assert not hasattr(stats, "support") and not hasattr(stats, "combine")
