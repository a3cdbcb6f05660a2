"""The GE solver's pieces on small synthetic economies, checked against independent references."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import optimize

from trilateral.errors import EstimationError
from trilateral.scenarios import ge, montecarlo
from trilateral.scenarios.costs import exact_fixed_effects

N, REF, SIGMA = 6, 2, 7.0


@pytest.fixture
def economy() -> tuple[np.ndarray, np.ndarray]:
    """Flows with a strong home bias and unbalanced trade, and their trade-cost terms."""
    rng = np.random.default_rng(3)
    costs = np.exp(-rng.uniform(1.0, 4.0, (N, N)))
    np.fill_diagonal(costs, 1.0)
    size = rng.uniform(1.0, 20.0, N)
    flows = np.outer(size, rng.uniform(1.0, 20.0, N)) * costs * rng.uniform(0.7, 1.3, (N, N))
    return flows, costs


def test_fit_margins_equals_pyfixest_ppml_with_offset(economy) -> None:
    import pyfixest as pf

    flows, costs = economy
    fit = ge.fit_margins(flows, costs, REF)
    frame = pd.DataFrame({"y": flows.ravel(), "off": np.log(costs).ravel(),
                          "exp": np.repeat(np.arange(N), N), "imp": np.tile(np.arange(N), N)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = pf.fepois("y ~ 1 | exp + imp", data=frame, offset="off", iwls_tol=1e-12,
                        iwls_maxiter=200)
    # pyfixest converges to its own tolerance (1e-12 on the deviance here): 1e-6 is ample
    np.testing.assert_allclose(fit.fitted.ravel(), ref.predict(type="response"), rtol=1e-6)
    assert fit.exp_chi[REF] == 1.0
    np.testing.assert_allclose(fit.fitted.sum(axis=1), flows.sum(axis=1), rtol=1e-10)
    np.testing.assert_allclose(fit.fitted.sum(axis=0), flows.sum(axis=0), rtol=1e-10)


def test_fit_margins_rejects_a_country_without_output(economy) -> None:
    flows, costs = economy
    flows[1, :] = 0.0
    with pytest.raises(EstimationError, match="positive output"):
        ge.fit_margins(flows, costs, REF)


def test_no_shock_leaves_the_baseline_unchanged(economy) -> None:
    flows, costs = economy
    baseline = ge.fit_margins(flows, costs, REF).fitted
    eq = ge.solve_full_endowment(baseline, np.ones((N, N)), SIGMA, REF)
    np.testing.assert_allclose(eq.price, 1.0, atol=1e-12)
    np.testing.assert_allclose(eq.inward, 1.0, atol=1e-12)
    np.testing.assert_allclose(eq.flows, baseline, rtol=1e-10)


def _shock() -> np.ndarray:
    change = np.ones((N, N))
    change[0, 1] = change[1, 0] = np.exp(-0.8)  # an agreement between 0 and 1 removed
    return change


def test_converged_solution_clears_markets_and_keeps_the_normalisation(economy) -> None:
    flows, costs = economy
    baseline = ge.fit_margins(flows, costs, REF).fitted
    eq = ge.solve_full_endowment(baseline, _shock(), SIGMA, REF)
    report = ge.check_market_clearing(eq, baseline)
    assert max(report["sales_vs_output"], report["purchases_vs_spending"]) < 1e-9
    assert eq.inward[REF] == pytest.approx(1.0, abs=1e-12)
    assert eq.real_gdp[0] < 1.0 and eq.real_gdp[1] < 1.0  # the two partners lose


def test_converged_solution_equals_an_independent_root_solve(economy) -> None:
    """scipy's hybrid Newton on the market-clearing equations finds the same prices."""
    flows, costs = economy
    baseline = ge.fit_margins(flows, costs, REF).fitted
    change = _shock()
    y, e = baseline.sum(axis=1), baseline.sum(axis=0)
    shares, phi = baseline / e, e / y

    def residual(logp_free: np.ndarray) -> np.ndarray:
        p = np.insert(np.exp(logp_free), REF, 1.0)
        weights = shares * change * (p ** (1 - SIGMA))[:, None]
        p = p / weights[:, REF].sum() ** (1 / (1 - SIGMA))  # P_ref = 1
        weights = shares * change * (p ** (1 - SIGMA))[:, None]
        spend = phi * p * y * (p * y).sum() / (phi * p * y).sum()
        sales = (weights / weights.sum(axis=0) * spend).sum(axis=1)
        return np.delete(sales / (p * y) - 1, REF)

    sol = optimize.root(residual, np.zeros(N - 1), method="hybr", tol=1e-14)
    p = np.insert(np.exp(sol.x), REF, 1.0)
    p = p / (shares[:, REF] * change[:, REF] * p ** (1 - SIGMA)).sum() ** (1 / (1 - SIGMA))
    eq = ge.solve_full_endowment(baseline, change, SIGMA, REF)
    np.testing.assert_allclose(eq.price, p, rtol=1e-8)


def test_guide_loop_stops_on_its_own_rule(economy) -> None:
    flows, costs = economy
    sol = ge.guide_full_endowment(flows, costs, costs * _shock(), SIGMA, REF)
    last, earlier = sol.stop_log[-1], sol.stop_log[:-1]
    assert last["sd"] <= 0.01 and last["max"] <= 0.01
    assert all(s["sd"] > 0.01 or s["max"] > 0.01 for s in earlier)
    # the first comparison is against the do-file's initial price change of 0, so it is ~1
    assert sol.stop_log[0]["max"] == pytest.approx(1.0, abs=0.1)
    assert sol.iterations == len(sol.stop_log)


def test_guide_effects_have_the_guides_signs(economy) -> None:
    """Removing an agreement: the effect of having it is positive on the partners' exports."""
    flows, costs = economy
    sol = ge.guide_full_endowment(flows, costs, costs * _shock(), SIGMA, REF)
    eff = ge.guide_effects(sol, SIGMA)
    assert eff["exports_cdl"][0] > 0 and eff["exports_full"][1] > 0
    assert eff["rgdp_full"][0] > 0
    baseline = ge.fit_margins(flows, costs, REF).fitted
    ours = ge.scenario_effects(baseline, _shock(), SIGMA, REF).values
    # same conditional model, opposite direction: (1 + a)(1 + b) = 1
    np.testing.assert_allclose((1 + eff["exports_cdl"] / 100) * (1 + ours["exports_cdl"] / 100),
                               1.0, rtol=1e-9)


def test_exact_fixed_effects_satisfy_the_ppml_conditions() -> None:
    rng = np.random.default_rng(0)
    n = 400
    codes = [rng.integers(0, 12, n), rng.integers(0, 9, n), rng.integers(0, 30, n)]
    offset = rng.normal(0, 0.5, n)
    y = rng.poisson(np.exp(1.5 + offset)).astype(float) + 0.1
    effects = exact_fixed_effects(y, offset, codes)
    mu = np.exp(offset + sum(fe[c] for fe, c in zip(effects, codes, strict=True)))
    for c in codes:
        np.testing.assert_allclose(np.bincount(c, mu), np.bincount(c, y), rtol=1e-10)


def test_monte_carlo_draws_coefficients_and_sigma_reproducibly_and_counts_failures() -> None:
    def solve(betas: np.ndarray, sigmas: np.ndarray):
        return {"x": betas[:, 0] * 2, "s": sigmas}, betas[:, 0] <= 2.0

    law = montecarlo.CoefficientLaw(np.array([0.0]), np.array([[1.0]]), "normal")
    rng = montecarlo.SigmaRange(5.0, 10.0, "uniform")
    a = montecarlo.simulate(solve, law, rng, 500, seed=4, fixed_sigma=7.0)
    b = montecarlo.simulate(solve, law, rng, 500, seed=4, fixed_sigma=7.0)
    np.testing.assert_array_equal(a.outputs["x"], b.outputs["x"])
    gen = np.random.default_rng(4)
    drawn = gen.multivariate_normal([0.0], [[1.0]], size=500)[:, 0]
    sigmas = gen.uniform(5.0, 10.0, size=500)
    assert a.failed == int((drawn > 2.0).sum()) and a.draws == 500 - a.failed
    kept = 2 * drawn[drawn <= 2.0]
    lower, upper = a.interval("x")
    assert (float(lower), float(upper)) == pytest.approx(tuple(np.percentile(kept, [2.5, 97.5])))
    np.testing.assert_array_equal(a.sigmas, sigmas[drawn <= 2.0])
    assert a.sigmas.min() >= 5.0 and a.sigmas.max() <= 10.0
    fixed = montecarlo.simulate(solve, law, None, 50, seed=4, fixed_sigma=7.0)
    assert (fixed.sigmas == 7.0).all()
    with pytest.raises(EstimationError):
        montecarlo.simulate(lambda b, s: ({"x": b[:, 0]}, b[:, 0] > 99), law, rng, 20, 1, 7.0)
