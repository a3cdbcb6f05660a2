"""The estimators behind the checks, against statsmodels references, and the score rules."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from scipy.stats import norm
from statsmodels.stats.proportion import proportion_confint

from trilateral.paths import combine as comb
from trilateral.paths.model import CheckResult
from trilateral.paths.stats import (
    Estimate,
    combine,
    correlation,
    lag1,
    log_rate_ratio,
    mean_interval,
    net_direction,
    pooled,
    residuals,
    stance,
    support,
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


def test_support_and_stance_follow_the_predicted_sign() -> None:
    assert support(1.0, 0.5, 1.5, 0.0, +1) > 0.99
    assert support(1.0, 0.5, 1.5, 0.0, -1) < -0.99
    assert support(0.0, -1.0, 1.0, 0.0, +1) == pytest.approx(0.0)
    assert support(7.0, 7.0, 7.0, 7.0, +1) == 0.0  # exact value at the null
    assert stance(0.1, 0.4, 0.0, +1) == "consistent"
    assert stance(0.1, 0.4, 0.0, -1) == "inconsistent"
    assert stance(-0.1, 0.4, 0.0, +1) == "neutral"


def test_support_reads_the_half_of_the_interval_facing_the_null() -> None:
    # a Wilson interval on 4 '+' of 5 signed events is asymmetric: 0.6 [-0.129, 0.908] (the
    # institutional ledger direction today). It includes 0, so the stance is neutral; the
    # support must then stay below 0.9. A symmetric reading, sigma = (u - l) / 3.29 = 0.315,
    # gave 2 Phi(0.6 / 0.315) - 1 = 0.943, the support of an interval that excludes the null.
    est = net_direction(4, 1)
    got = support(est.estimate, est.lower, est.upper, 0.0, +1)
    sigma = (est.estimate - est.lower) / 1.6448536269514722  # the half toward the null
    assert got == pytest.approx(2 * norm.cdf(est.estimate / sigma) - 1)
    assert stance(est.lower, est.upper, 0.0, +1) == "neutral" and abs(got) < 0.9
    # an estimate at its interval's edge (a rate ratio with no earlier events) is read by the
    # half that reaches toward the null, not by the zero-width half
    capped = log_rate_ratio(4, 0)
    assert 0 < support(capped.estimate, capped.lower, capped.upper, 0.0, +1) < 0.9


@pytest.mark.parametrize("lo, est, hi", [(-0.129, 0.6, 0.908), (-1.2, 0.9, 1.0), (1.0, 2.0, 5.0)])
def test_stance_and_support_agree(lo, est, hi) -> None:
    # consistent <=> support > 0.9, inconsistent <=> support < -0.9, for either prediction
    for expect in (+1, -1):
        s, st = support(est, lo, hi, 0.0, expect), stance(lo, hi, 0.0, expect)
        assert (st == "consistent") == (s > 0.9) and (st == "inconsistent") == (s < -0.9)


def test_score_draws_reproduce_an_asymmetric_interval() -> None:
    # one check: the score is a monotone function of the drawn estimate, so its 5th and 95th
    # percentiles are the supports at the interval's ends when the draws have the interval's
    # own 5th and 95th percentiles (two-piece normal), within simulation error
    est, lo, hi = 0.6, -0.129, 0.908
    sigma = (est - lo) / 1.6448536269514722
    point, low, high = combine([est], [lo], [hi], [0.0], [1], [1.0])
    assert point == pytest.approx(support(est, lo, hi, 0.0, 1))
    # 4,000 draws: the 5th percentile carries about 0.03 of simulation error here; a symmetric
    # normal draw put it near +0.2 instead of -0.23
    assert low == pytest.approx(2 * norm.cdf(lo / sigma) - 1, abs=0.06)
    assert high == pytest.approx(2 * norm.cdf(hi / sigma) - 1, abs=0.06)


def test_combine_is_exact_for_exact_checks_and_reproducible() -> None:
    point, lo, hi = combine([1.0, -2.0], [1.0, -2.0], [1.0, -2.0], [0, 0], [1, 1], [1, 1])
    assert (point, lo, hi) == (0.0, 0.0, 0.0)  # one +1 and one -1 support
    a = combine([0.3, 0.2], [0.0, -0.1], [0.6, 0.5], [0, 0], [1, 1], [1, 2])
    assert a == combine([0.3, 0.2], [0.0, -0.1], [0.6, 0.5], [0, 0], [1, 1], [1, 2])
    assert a[1] <= a[0] <= a[2]


def _check(est: float | None, lo: float | None, hi: float | None, expect: int = 1) -> CheckResult:
    sup = None if est is None else support(est, lo, hi, 0.0, expect)
    return CheckResult("c", "p", "x", expect, est, lo, hi, "", "", "neutral", sup)


def test_verdict_rules() -> None:
    assert comb.verdict([_check(1, 0.5, 1.5), _check(None, None, None)]).verdict == \
        "insufficient-evidence"
    assert comb.verdict([_check(1, 0.5, 1.5), _check(2, 1, 3)]).verdict == "advancing"
    assert comb.verdict([_check(-1, -1.5, -0.5), _check(-2, -3, -1)]).verdict == "reversing"
    assert comb.verdict([_check(1, 0.5, 1.5), _check(-2, -3, -1)]).verdict == "stalled"
    assert comb.verdict([_check(0.1, -1, 1.2), _check(0.0, -1, 1)]).verdict == "stalled"
