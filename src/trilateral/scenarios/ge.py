"""The structural-gravity general equilibrium of the Advanced Guide, as small functions over numpy.

Notation follows chapter 2 of Yotov, Piermartini, Monteiro and Larch (2016). Matrices are
``N x N`` with exporters in rows and importers in columns; ``costs`` is the guide's ``t_ij``
term, i.e. bilateral trade costs already raised to ``1 - sigma`` (``exp`` of the pair fixed
effect plus the agreement terms). Country ``ref`` is the reference country: its importer fixed
effect is 0, so its inward multilateral resistance is 1.

* :func:`fit_margins` solves the PPML first-order conditions of a gravity regression with only
  exporter and importer fixed effects and ``log(costs)`` as offset. Those conditions say the
  fitted flows add up to the observed outputs and expenditures, so the solution is the unique
  bi-proportional scaling of ``costs`` to those margins; it equals ``ppml ... offset()`` (Stata)
  or ``fepois(... | exporter + importer, offset=...)`` (pyfixest) at convergence, and is exact.
* :func:`guide_full_endowment` is the guide's iterative procedure, stopping rule included.
* :func:`solve_full_endowment` is the same model solved to convergence (exact hat algebra).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from trilateral.errors import EstimationError

Array = np.ndarray


@dataclass
class Margins:
    """Exporter and importer fixed effects (in levels) and the fitted flows they imply."""

    exp_pi: Array
    exp_chi: Array
    fitted: Array
    iterations: int


def fit_margins(flows: Array, costs: Array, ref: int, *, tol: float = 1e-12,
                max_iter: int = 20_000) -> Margins:
    """Fixed effects that make ``exp_pi_i * exp_chi_j * costs_ij`` add up to ``flows``' margins.

    ``exp_chi[ref]`` is 1 (the guide's normalisation). Raises :class:`EstimationError` when a
    country has no output or no expenditure, or the scaling does not converge.
    """
    y, e = _margins(flows)
    chi = np.ones(len(y))
    for it in range(1, max_iter + 1):
        pi = y / (costs @ chi)
        chi = e / (costs.T @ pi)
        chi = chi / chi[ref]
        pi = y / (costs @ chi)
        gap = np.max(np.abs((costs.T @ pi) * chi / e - 1.0))
        if gap < tol:
            return Margins(pi, chi, pi[:, None] * chi[None, :] * costs, it)
    raise EstimationError(f"fixed effects did not converge in {max_iter} iterations "
                          f"(largest gap {gap:.2e})")


def _margins(flows: Array) -> tuple[Array, Array]:
    y, e = flows.sum(axis=1), flows.sum(axis=0)
    if (y <= 0).any() or (e <= 0).any():
        raise EstimationError("every country needs positive output and expenditure")
    return y, e


def exports(flows: Array) -> Array:
    """International exports of each country: row sums without the diagonal."""
    return flows.sum(axis=1) - np.diag(flows)


# ------------------------------------------------------------------ converged solution


@dataclass
class Equilibrium:
    """A full-endowment equilibrium relative to the baseline (``hat`` = new / baseline).

    ``price`` is the factory-gate price change ``p_hat``; ``inward`` the change of the inward
    multilateral resistance in price units (``P_hat``, the reference country's is 1); ``flows``
    the new bilateral flows; ``kappa`` the world factor that keeps expenditure equal to output.
    """

    price: Array
    inward: Array
    flows: Array
    iterations: int
    max_excess_demand: float
    kappa: float

    @property
    def real_gdp(self) -> Array:
        return self.price / self.inward


def solve_full_endowment(baseline: Array, cost_change: Array, sigma: float, ref: int, *,
                         tol: float = 1e-11, max_iter: int = 50_000) -> Equilibrium:
    """Solve the guide's model to convergence for a change ``cost_change`` in ``costs``.

    ``baseline`` holds the fitted baseline flows. Outputs are ``p_i Q_i`` with fixed endowments;
    each country spends ``phi_j = E_j / Y_j`` times its output, scaled by one world factor so
    that world spending equals world output (without it the guide's closure has no exact
    solution). Prices are normalised so that the reference country's inward resistance is 1,
    the guide's normalisation. The update is a damped tatonnement in log prices.
    """
    y, e = _margins(baseline)
    shares = baseline / e[None, :]
    phi = e / y
    p = np.ones(len(y))
    for it in range(1, max_iter + 1):
        flows, inward1, kappa = _demand(shares, cost_change, p, y, phi, sigma)
        excess = flows.sum(axis=1) / (p * y) - 1.0
        worst = float(np.max(np.abs(excess)))
        if worst < tol:
            inward = inward1 ** (1.0 / (1.0 - sigma))
            return Equilibrium(p, inward, flows, it, worst, kappa)
        p = _normalise(p * np.exp(np.log1p(excess) / sigma), shares, cost_change, sigma, ref)
    raise EstimationError(f"general equilibrium did not converge in {max_iter} iterations "
                          f"(largest excess demand {worst:.2e})")


def _demand(shares: Array, cost_change: Array, p: Array, y: Array, phi: Array,
            sigma: float) -> tuple[Array, Array, float]:
    """Flows demanded at prices ``p``; also ``P_hat ** (1 - sigma)`` and the world factor."""
    output = p * y
    spending = phi * output
    kappa = float(output.sum() / spending.sum())
    weights = shares * cost_change * (p ** (1.0 - sigma))[:, None]
    inward1 = weights.sum(axis=0)
    return weights / inward1[None, :] * (kappa * spending)[None, :], inward1, kappa


def _normalise(p: Array, shares: Array, cost_change: Array, sigma: float, ref: int) -> Array:
    inward_ref = (shares[:, ref] * cost_change[:, ref] * p ** (1.0 - sigma)).sum()
    return p / inward_ref ** (1.0 / (1.0 - sigma))


def check_market_clearing(eq: Equilibrium, baseline: Array, *, tol: float = 1e-8) -> dict:
    """Goods markets clear (sales = output) and spending matches the closure, within ``tol``."""
    y, e = _margins(baseline)
    output = eq.price * y
    spending = eq.kappa * (e / y) * output
    sales_gap = float(np.max(np.abs(eq.flows.sum(axis=1) / output - 1.0)))
    spend_gap = float(np.max(np.abs(eq.flows.sum(axis=0) / spending - 1.0)))
    world_gap = float(abs(spending.sum() / output.sum() - 1.0))
    report = {"sales_vs_output": sales_gap, "purchases_vs_spending": spend_gap,
              "world_spending_vs_output": world_gap, "kappa": eq.kappa,
              "iterations": eq.iterations}
    if max(sales_gap, spend_gap, world_gap) > tol:
        raise EstimationError(f"markets do not clear: {report}")
    return report


# ------------------------------------------------------------------ the guide's procedure


@dataclass
class GuideSolution:
    """What the guide's do-file computes, in levels (baseline ``bln``, conditional ``cdl``)."""

    y: Array
    y_full: Array
    xi_bln: Array
    xi_cdl: Array
    xi_full: Array
    price_full: Array  # p_cf / p_baseline
    imr_bln: Array
    imr_cdl: Array
    imr_full: Array
    omr_bln: Array
    omr_cdl: Array
    omr_full: Array
    iterations: int
    stop_log: list[dict] = field(default_factory=list)


@dataclass
class _Step:
    """One iteration's state in the guide's loop (``s`` in the do-file)."""

    fitted: Array
    exp_pi: Array
    exp_chi: Array
    e_r: float
    y: Array
    e: Array
    price: Array
    omr: Array
    imr: Array
    omr_change: Array
    imr_change: Array


def guide_full_endowment(flows: Array, cost_bln: Array, cost_cfl: Array, sigma: float,
                         ref: int, *, threshold: float = 0.01,
                         max_iter: int = 100) -> GuideSolution:
    """Chapter 2's procedure (``RTAsEffects.do``, step III.b), its stopping rule included.

    The loop rescales trade by the latest price and resistance changes, refits the constrained
    gravity model, updates outputs (``Y = sum of fitted flows``), expenditures (``phi * Y``) and
    prices, and stops when both the standard deviation and the (signed) largest change in the
    previous iteration's price change are at most ``threshold``; the standard deviation is
    taken over the ``N x N`` observations, as Stata's ``summarize`` does.
    """
    y, e = _margins(flows)
    phi = e / y
    bln = fit_margins(flows, cost_bln, ref)
    cdl = fit_margins(flows, cost_cfl, ref)
    first = _initial_step(bln, y, e, ref)
    steps = [first, _conditional_step(cdl, first, y, e, ref, sigma)]
    log: list[dict] = []
    sd = mx = 1.0
    while sd > threshold or mx > threshold:
        if len(steps) - 2 >= max_iter:
            raise EstimationError(f"the guide's loop did not stop within {max_iter} iterations")
        steps.append(_guide_step(steps[-1], cost_cfl, phi, ref, sigma))
        dif = np.repeat(steps[-2].price - steps[-3].price, len(y))
        sd, mx = float(np.std(dif, ddof=1)), float(abs(dif.max()))
        log.append({"iteration": len(steps) - 2, "sd": sd, "max": mx})
    return _guide_indexes(steps, bln, cdl, y, e, phi, cost_cfl, ref, sigma, log)


def _initial_step(bln: Margins, y: Array, e: Array, ref: int) -> _Step:
    e_r = float(e[ref])
    ones = np.ones(len(y))
    return _Step(bln.fitted, bln.exp_pi, bln.exp_chi, e_r, y, e, np.zeros(len(y)),
                 y * e_r / bln.exp_pi, e / (bln.exp_chi * e_r), ones, ones)


def _conditional_step(cdl: Margins, first: _Step, y: Array, e: Array, ref: int,
                      sigma: float) -> _Step:
    e_r = float(e[ref])
    price = (cdl.exp_pi / first.exp_pi) ** (1.0 / (1.0 - sigma))
    ones = np.ones(len(y))
    return _Step(cdl.fitted, cdl.exp_pi, cdl.exp_chi, e_r, y, e, price,
                 y * e_r / cdl.exp_pi, e / (cdl.exp_chi * e_r), ones, ones)


def _guide_step(prev: _Step, cost_cfl: Array, phi: Array, ref: int, sigma: float) -> _Step:
    trade = (prev.fitted * np.outer(prev.price, prev.price)
             / np.outer(prev.omr_change, prev.imr_change))
    fit = fit_margins(trade, cost_cfl, ref)
    y = fit.fitted.sum(axis=1)
    e = phi * y
    e_r = float(e[ref])
    price = ((fit.exp_pi / prev.exp_pi) / (e_r / prev.e_r)) ** (1.0 / (1.0 - sigma))
    omr = y * e_r / fit.exp_pi
    imr = e / (fit.exp_chi * e_r)
    return _Step(fit.fitted, fit.exp_pi, fit.exp_chi, e_r, y, e, price, omr, imr,
                 omr / prev.omr, imr / prev.imr)


def _guide_indexes(steps: list[_Step], bln: Margins, cdl: Margins, y: Array, e: Array,
                   phi: Array, cost_cfl: Array, ref: int, sigma: float,
                   log: list[dict]) -> GuideSolution:
    last, first = steps[-1], steps[0]
    price = ((last.exp_pi / first.exp_pi) / (last.e_r / first.e_r)) ** (1.0 / (1.0 - sigma))
    y_full = price * y
    e_full = phi * y_full
    omr_full = y_full * last.e_r / last.exp_pi
    imr_full = last.e / (last.exp_chi * last.e_r)
    x_full = np.outer(y_full, e_full) * cost_cfl / np.outer(omr_full, imr_full)
    e_r = float(e[ref])
    return GuideSolution(
        y=y, y_full=y_full, xi_bln=exports(bln.fitted), xi_cdl=exports(cdl.fitted),
        xi_full=exports(x_full), price_full=price, imr_bln=first.imr,
        imr_cdl=e / (cdl.exp_chi * e_r), imr_full=imr_full, omr_bln=first.omr,
        omr_cdl=y * e_r / cdl.exp_pi, omr_full=omr_full, iterations=len(steps) - 2,
        stop_log=log)


def guide_effects(sol: GuideSolution, sigma: float) -> dict[str, Array]:
    """The guide's table: the effect of the baseline relative to the counterfactual, in %.

    Exports, inward resistance and real GDP are (baseline - counterfactual) / counterfactual;
    the factory-gate price is (1 - p_cf / p_baseline), as in ``RTAsEffects.do``.
    """
    k = 1.0 / (1.0 - sigma)
    rgdp_bln = sol.y / sol.imr_bln ** k
    rgdp_full = sol.y_full / sol.imr_full ** k
    return {
        "exports_cdl": (sol.xi_bln / sol.xi_cdl - 1.0) * 100,
        "exports_full": (sol.xi_bln / sol.xi_full - 1.0) * 100,
        "price_full": (1.0 - sol.price_full) * 100,
        "imr_full": ((sol.imr_bln / sol.imr_full) ** k - 1.0) * 100,
        "rgdp_full": (rgdp_bln / rgdp_full - 1.0) * 100,
        "omr_full": ((sol.omr_bln / sol.omr_full) ** k - 1.0) * 100,
    }


# ------------------------------------------------------------------ scenario effects

MEASURES = ("exports_cdl", "exports", "price", "imr", "rgdp")


@dataclass
class Effects:
    """Per-country % changes of a scenario relative to the baseline, and the flows behind them.

    ``exports_cdl`` is the conditional effect (outputs and spending fixed); the other measures
    are full-endowment effects: international exports, factory-gate price, inward multilateral
    resistance (in price units, ``P``) and real GDP (``Y / P``).
    """

    values: dict[str, Array]
    conditional: Array
    equilibrium: Equilibrium

    def bilateral(self, baseline: Array, i: int, j: int) -> dict[str, float]:
        return {"trade_cdl": float(self.conditional[i, j] / baseline[i, j] - 1.0) * 100,
                "trade": float(self.equilibrium.flows[i, j] / baseline[i, j] - 1.0) * 100}


def scenario_effects(baseline: Array, cost_change: Array, sigma: float, ref: int) -> Effects:
    """Conditional and converged full-endowment effects of ``cost_change`` on ``baseline``."""
    conditional = fit_margins(baseline, baseline * cost_change, ref).fitted
    eq = solve_full_endowment(baseline, cost_change, sigma, ref)
    check_market_clearing(eq, baseline)
    xi = exports(baseline)
    values = {"exports_cdl": (exports(conditional) / xi - 1.0) * 100,
              "exports": (exports(eq.flows) / xi - 1.0) * 100,
              "price": (eq.price - 1.0) * 100,
              "imr": (eq.inward - 1.0) * 100,
              "rgdp": (eq.real_gdp - 1.0) * 100}
    return Effects(values, conditional, eq)


def guide_scenario_effects(flows: Array, cost_bln: Array, cost_change: Array, sigma: float,
                           ref: int) -> dict[str, Array]:
    """The guide's procedure on a scenario, in the scenario-vs-baseline direction (%)."""
    sol = guide_full_endowment(flows, cost_bln, cost_bln * cost_change, sigma, ref)
    k = 1.0 / (1.0 - sigma)
    return {"exports_cdl": (sol.xi_cdl / sol.xi_bln - 1.0) * 100,
            "exports": (sol.xi_full / sol.xi_bln - 1.0) * 100,
            "price": (sol.price_full - 1.0) * 100,
            "imr": ((sol.imr_full / sol.imr_bln) ** k - 1.0) * 100,
            "rgdp": ((sol.y_full / sol.imr_full ** k) / (sol.y / sol.imr_bln ** k) - 1.0) * 100}


# ------------------------------------------------------------------ many draws at once


def batch_effects(baseline: Array, cost_changes: Array, sigmas: Array, ref: int,
                  pairs: list[tuple[int, int]], *, tol: float = 1e-10,
                  max_iter: int = 50_000) -> tuple[dict[str, Array], Array]:
    """:func:`scenario_effects` for ``D`` draws at once (``cost_changes``: ``D x N x N``).

    The same model and closure, solved for all draws together (one array operation per
    iteration instead of one small solve per draw). Returns the per-draw measures (``D x N``,
    bilateral ``trade_cdl``/``trade`` as ``D x len(pairs)``) and a mask of the draws that
    converged with markets clearing to 1e-8.
    """
    y, e = _margins(baseline)
    conditional, ok_cdl = _batch_margins(baseline, baseline[None] * cost_changes, ref, tol,
                                         max_iter)
    price, inward, flows, ok_full = _batch_full(baseline, cost_changes, sigmas, ref, tol,
                                                max_iter)
    xi = exports(baseline)
    rows, cols = (np.array(ix, dtype=int) for ix in zip(*pairs, strict=True))
    values = {"exports_cdl": (_batch_exports(conditional) / xi - 1.0) * 100,
              "exports": (_batch_exports(flows) / xi - 1.0) * 100,
              "price": (price - 1.0) * 100, "imr": (inward - 1.0) * 100,
              "rgdp": (price / inward - 1.0) * 100,
              "trade_cdl": (conditional[:, rows, cols] / baseline[rows, cols] - 1.0) * 100,
              "trade": (flows[:, rows, cols] / baseline[rows, cols] - 1.0) * 100}
    return values, ok_cdl & ok_full


def _batch_exports(flows: Array) -> Array:
    return flows.sum(axis=2) - np.diagonal(flows, axis1=1, axis2=2)


def _batch_margins(flows: Array, costs: Array, ref: int, tol: float,
                   max_iter: int) -> tuple[Array, Array]:
    """:func:`fit_margins` for all draws, by Newton's method on the log importer effects.

    Given ``chi``, the exporter effects follow in closed form (``pi_i = y_i / sum_j c_ij
    chi_j``); the column sums ``S_j`` must equal ``e_j``, with Jacobian ``diag(S) - X' diag(1/y)
    X`` in ``log chi`` (``X`` the fitted flows), ``chi_ref`` held at 1. Draws that Newton does
    not settle within a few dozen steps fall back to the bi-proportional scaling.
    """
    y, e = _margins(flows)
    n = len(y)
    keep = np.arange(n) != ref
    log_chi = np.zeros(costs.shape[:2])
    gap = np.full(costs.shape[0], np.inf)
    for _ in range(50):
        x = _fitted(costs, np.exp(log_chi), y)
        col = x.sum(axis=1)
        gap = np.max(np.abs(col / e - 1.0), axis=1)
        if np.all(gap < tol):
            break
        jac = -np.matmul((x / y[None, :, None]).transpose(0, 2, 1), x)
        jac[:, np.arange(n), np.arange(n)] += col
        step = np.linalg.solve(jac[:, keep][:, :, keep], (e - col)[:, keep, None])[:, :, 0]
        log_chi[:, keep] += np.clip(step, -1.0, 1.0)
    ok = np.isfinite(gap) & (gap < tol)
    if not ok.all():
        ras, ras_ok = _ras(flows, costs[~ok], ref, tol, max_iter)
        x[~ok], ok[~ok] = ras, ras_ok
    return x, ok


def _fitted(costs: Array, chi: Array, y: Array) -> Array:
    weights = costs * chi[:, None, :]
    return weights * (y[None, :] / weights.sum(axis=2))[:, :, None]


def _ras(flows: Array, costs: Array, ref: int, tol: float, max_iter: int
         ) -> tuple[Array, Array]:
    """Bi-proportional scaling for all draws: stops when no importer effect moves by ``tol``."""
    y, e = _margins(flows)
    costs_t = np.ascontiguousarray(costs.transpose(0, 2, 1))
    chi = np.ones(costs.shape[:2])
    gap = np.full(costs.shape[0], np.inf)
    for _ in range(max_iter):
        pi = y / _matvec(costs, chi)
        new = e / _matvec(costs_t, pi)
        new = new / new[:, ref:ref + 1]
        gap = np.max(np.abs(new / chi - 1.0), axis=1)
        chi = new
        if np.all(gap < tol):
            break
    pi = y / _matvec(costs, chi)
    return pi[:, :, None] * chi[:, None, :] * costs, gap < tol


def _matvec(a: Array, v: Array) -> Array:
    """``a[d] @ v[d]`` for every draw ``d``."""
    return np.matmul(a, v[:, :, None])[:, :, 0]


def _batch_full(baseline: Array, cost_change: Array, sigmas: Array, ref: int, tol: float,
                max_iter: int) -> tuple[Array, Array, Array, Array]:
    """The tatonnement of :func:`solve_full_endowment` for all draws, without building the
    flow matrices inside the loop: sales are ``p_i^(1-sigma) * sum_j A_ij * X_j / P_j`` with
    ``A = shares * cost_change``. The price step divides the log excess demand by its own-price
    elasticity at the baseline, ``(sigma - 1)(1 - s_ii m_ii) + (1 - s_ii)`` (``s_ii``, ``m_ii``:
    domestic shares of sales and of spending), a diagonal Newton step; for a small open economy
    it is the ``1 / sigma`` of :func:`solve_full_endowment`, for a large one it is much larger,
    which saves most of the iterations. The fixed point is the same."""
    y, e = _margins(baseline)
    phi = e / y
    own = np.diag(baseline)
    s_ii, m_ii = own / y, own / e
    a = (baseline / e[None, :])[None] * cost_change
    a_t = np.ascontiguousarray(a.transpose(0, 2, 1))
    s = np.asarray(sigmas, float)[:, None]
    step = 1.0 / ((s - 1.0) * (1.0 - s_ii * m_ii)[None, :] + (1.0 - s_ii)[None, :])
    p = np.ones(cost_change.shape[:2])
    for _ in range(max_iter):
        output, pw = p * y, p ** (1.0 - s)
        spending = phi * output
        kappa = output.sum(axis=1, keepdims=True) / spending.sum(axis=1, keepdims=True)
        inward1 = _matvec(a_t, pw)
        excess = pw * _matvec(a, kappa * spending / inward1) / output - 1.0
        worst = np.max(np.abs(excess), axis=1)
        if np.all(worst < tol):
            break
        p = p * np.exp(np.log1p(excess) * step)
        p = p / (_matvec(a_t, p ** (1.0 - s))[:, ref:ref + 1] ** (1.0 / (1.0 - s)))
    flows = a * pw[:, :, None] / inward1[:, None, :] * (kappa * spending)[:, None, :]
    inward = inward1 ** (1.0 / (1.0 - s))
    clears = np.maximum(np.max(np.abs(flows.sum(axis=2) / output - 1.0), axis=1),
                        np.max(np.abs(flows.sum(axis=1) / (kappa * spending) - 1.0), axis=1))
    return p, inward, flows, (worst < tol) & (clears < 1e-8)
