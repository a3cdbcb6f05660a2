"""Run a scenario: estimate (or reuse) the baseline, build the policy states, shock, solve,
simulate over the coefficients and sigma, document.

>>> from trilateral import scenarios
>>> res = scenarios.run("usmca-end")                # doctest: +SKIP
>>> res.tidy().query("country == 'CAN'")             # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from trilateral.errors import EstimationError, InputError
from trilateral.scenarios import cache, ge, montecarlo, policy
from trilateral.scenarios.costs import CostEstimates, estimate_costs
from trilateral.scenarios.definitions import NA_PAIRS, Scenario, Setup, get
from trilateral.scenarios.montecarlo import SIGMA_RANGE, CoefficientLaw, SigmaRange
from trilateral.scenarios.panels import NORTH_AMERICA, panel_spec
from trilateral.scenarios.results import MEASURE_LABELS, ScenarioResult
from trilateral.scenarios.shocks import Move

SIGMA = float(policy.setting("sigma_point", 7.0))
DEFAULT_DRAWS = int(policy.setting("draws", 200))
DEFAULT_SEED = int(policy.setting("seed", 2026))
SENSITIVITY_SIGMAS = (5.0, 10.0)


def run(name: str, panel: str | None = None, *, draws: int = DEFAULT_DRAWS,
        seed: int = DEFAULT_SEED, sigma: float = SIGMA, date: dt.date | str | None = None,
        sigma_range: SigmaRange | None = SIGMA_RANGE, refresh: bool = False,
        measures: pd.DataFrame | None = None) -> ScenarioResult:
    """Scenario ``name`` on ``panel`` (default: the scenario's first panel), cached on disk.

    ``date`` moves the end state to another date (dated scenarios only); ``sigma_range=None``
    holds sigma at ``sigma`` in the Monte Carlo; ``measures`` replaces the tariff-measures
    table (tests).
    """
    scenario = get(name)
    setup = scenario.setup(panel)
    check_parameters(sigma, draws)
    if date is not None and not scenario.dated:
        raise InputError(f"scenario {name!r} has no dated state (--date)", field="date")
    start, end = _states(scenario, date, measures)
    request = _request(scenario, setup, draws, seed, sigma, sigma_range, start, end)
    k = cache.key(request)
    hit = None if refresh else cache.load(k)
    if hit is not None:
        return ScenarioResult.from_dict(hit)
    result = compute(scenario, setup, Move(setup, start, end), draws=draws, seed=seed,
                     sigma=sigma, sigma_range=sigma_range, sha=request["tables"])
    result.provenance = {**request, "code_version": cache.code_version(), "cache_key": k}
    cache.store(k, result.to_dict())
    return result


def check_parameters(sigma: float, draws: int) -> None:
    if not sigma > 1:
        raise InputError(f"sigma must exceed 1 (got {sigma})", field="sigma")
    if draws < 0:
        raise InputError(f"draws must be 0 or more (got {draws})", field="draws")


def _states(scenario: Scenario, date, measures: pd.DataFrame | None
            ) -> tuple[policy.Built, policy.Built]:
    start, end = policy.get_state(scenario.start), policy.get_state(scenario.end, date)
    return policy.build(start, measures), policy.build(end, measures)


def _request(scenario: Scenario, setup: Setup, draws: int, seed: int, sigma: float,
             sigma_range: SigmaRange | None, start: policy.Built, end: policy.Built) -> dict:
    table = panel_spec(setup.panel).table
    return {"scenario": scenario.name, "panel": setup.panel, "draws": draws, "seed": seed,
            "sigma": sigma, "sigma_range": sigma_range.to_dict() if sigma_range else None,
            "tables": cache.table_sha256([table]),
            "states": [start.to_dict(), end.to_dict()]}


@lru_cache(maxsize=8)
def _estimates(panel: str, terms: tuple[str, ...], year: int | None, sha: str) -> CostEstimates:
    return estimate_costs(panel_spec(panel), terms, year)


def estimates(panel: str, terms: tuple[str, ...], year: int | None = None,
              sha: dict[str, str] | None = None) -> CostEstimates:
    """Stage 1 and 2 on ``panel`` (kept in memory per table checksum)."""
    table = panel_spec(panel).table
    sha = sha if sha and table in sha else cache.table_sha256([table])
    return _estimates(panel, tuple(terms), year, sha[table])


def coefficient_law(base: CostEstimates, move: Move) -> CoefficientLaw:
    """Normal law of the coefficients: the estimates with their pair-clustered covariance."""
    return CoefficientLaw(np.asarray(base.coef, float), np.asarray(base.vcov, float),
                          "normal, pair-clustered covariance (CRV1)")


def compute(scenario: Scenario, setup: Setup, move: Move, *, draws: int, seed: int,
            sigma: float, sigma_range: SigmaRange | None,
            sha: dict[str, str] | None = None) -> ScenarioResult:
    """Solve the move at the estimates for each bound, simulate the draws, collect outputs."""
    base = estimates(setup.panel, setup.terms, sha=sha)
    baseline = ge.fit_margins(base.flows, base.costs, base.ref).fitted
    pairs = [(base.countries.index(e), base.countries.index(i)) for e, i in NA_PAIRS]
    law = coefficient_law(base, move)
    runs = {}
    for bound in move.bounds:
        solve = _batch_solver(move, base, baseline, pairs, bound)
        point, *others = _at_estimates(solve, base.coef, (sigma, *SENSITIVITY_SIGMAS))
        draw = _batch_solver(move, base, baseline, pairs, bound, MC_TOL)
        sim = (montecarlo.simulate(draw, law, sigma_range, draws, seed, sigma)
               if draws > 0 and (sigma_range is not None or move.uses_coefficients) else None)
        runs[bound] = (point, sim, dict(zip(SENSITIVITY_SIGMAS, others, strict=True)))
    primary = move.bounds[0]
    point, sim, _ = runs[primary]
    change = np.exp(move.log_cost_change(base.countries, base.terms, base.coef, sigma, primary))
    return ScenarioResult(
        scenario=scenario.name, title=scenario.title, question=scenario.question,
        panel=setup.panel, table=base.table, year=base.year, sigma=sigma,
        countries=_country_frame(base.countries, point, sim),
        bilateral=_bilateral_frame(point, sim),
        coefficients=_coefficients(base, move),
        shocks=move.records(base.terms, base.coef, sigma),
        assumptions=list(scenario.assumptions), notes=_notes(setup, base, move),
        uncertainty=_uncertainty(move, law, sim, sigma_range, draws, seed, sigma),
        guide_distance=_guide_distance(base, change, sigma, point),
        diagnostics=_diagnostics(baseline, change, sigma, base),
        asymmetry=asymmetry(base.countries, point, sim),
        label=setup.label or scenario.title, baseline_year=base.year,
        sigma_range=sigma_range.to_dict() if sigma_range else None,
        states={"start": move.start.to_dict(), "end": move.end.to_dict()},
        bounds=_bounds(move, base.countries, runs),
        sensitivity=_sensitivity(base.countries, runs[primary][2], point, sigma))


def _at_estimates(solve, coef: np.ndarray, sigmas: tuple[float, ...]) -> list[dict]:
    """The solution at the estimates for each sigma (one batch); every one must clear."""
    values, ok = solve(np.tile(coef, (len(sigmas), 1)), np.array(sigmas, float))
    if not ok.all():
        raise EstimationError(f"no equilibrium at the estimates for sigma "
                              f"{[s for s, k in zip(sigmas, ok, strict=True) if not k]}")
    return [{k: v[d] for k, v in values.items()} for d in range(len(sigmas))]


MC_TOL = 1e-8  # convergence of each draw: far below the percentiles' own Monte Carlo error


def _batch_solver(move: Move, base: CostEstimates, baseline: np.ndarray, pairs: list,
                  bound: str, tol: float = 1e-10):
    def solve(betas: np.ndarray, sigmas: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray]:
        coef = betas if betas.shape[1] else np.tile(base.coef, (len(sigmas), 1))
        changes = np.exp(move.log_cost_change_batch(base.countries, base.terms, coef, sigmas,
                                                    bound))
        return ge.batch_effects(baseline, changes, sigmas, base.ref, pairs, tol=tol)
    return solve


def _country_frame(countries: list[str], point: dict, sim) -> pd.DataFrame:
    cols: dict[str, Any] = {"country": countries}
    for m in MEASURE_LABELS:
        cols.update(_columns(m, point[m], sim))
    return pd.DataFrame(cols)


def _columns(m: str, point: np.ndarray, sim) -> dict[str, Any]:
    if sim is None:
        return {m: point, f"{m}_median": None, f"{m}_lower": None, f"{m}_upper": None}
    lower, upper = sim.interval(m)
    return {m: point, f"{m}_median": sim.median(m), f"{m}_lower": lower, f"{m}_upper": upper}


def _bilateral_frame(point: dict, sim) -> pd.DataFrame:
    cols: dict[str, Any] = {"exporter": [e for e, _ in NA_PAIRS],
                            "importer": [i for _, i in NA_PAIRS]}
    for m in ("trade_cdl", "trade"):
        cols.update(_columns(m, point[m], sim))
    return pd.DataFrame(cols)


def asymmetry(countries: list[str], point: dict, sim) -> dict:
    """Real-GDP effect of each spoke (CAN, MEX) relative to the hub's (USA), with interval."""
    if not set(NORTH_AMERICA) <= set(countries):
        return {}
    hub = countries.index("USA")
    out: dict = {"hub": "USA", "measure": "rgdp", "ratios": {}}
    for spoke in ("CAN", "MEX"):
        i = countries.index(spoke)
        ratio = {"estimate": _ratio(point["rgdp"][i], point["rgdp"][hub])}
        if sim is not None:
            draws = sim.outputs["rgdp"][:, i] / sim.outputs["rgdp"][:, hub]
            ratio["median"] = float(np.median(draws))
            ratio["lower"], ratio["upper"] = (float(v) for v in np.percentile(draws, [2.5, 97.5]))
        out["ratios"][spoke] = ratio
    return out


def _ratio(a: float, b: float) -> float | None:
    return None if b == 0 else float(a / b)


def _coefficients(base: CostEstimates, move: Move) -> list[dict]:
    used = move.weight_change()
    return [{**c, "panel": base.panel, "table": base.table, "nobs": base.nobs,
             "vcov": "clustered by pair", "used_in_shock": c["term"] in used}
            for c in base.coefficients()]


def _notes(setup: Setup, base: CostEstimates, move: Move) -> list[str]:
    notes = [f"Baseline year {base.year}: {base.table}, {len(base.countries)} economies; "
             "reference country DEU (its inward resistance is held at 1).", *setup.notes]
    if base.predicted_pairs:
        notes.append(f"{len(base.predicted_pairs)} directed pairs never trade in the "
                     "estimation years; their trade costs are predicted from distance, "
                     "contiguity, language and colonial ties (the guide's second stage).")
    if len(move.bounds) > 1:
        notes.append("The share of trade exempt as USMCA-qualifying is not known for every "
                     "measure: the scenario runs at both bounds; the main table is the bound "
                     "with the higher effective rates, `bounds` holds both.")
    skipped = move.start.not_modelled + move.end.not_modelled
    if skipped:
        notes.append(f"{len(skipped)} measure-pair(s) not modelled (sectoral scope without a "
                     "known share of the pair's trade): " + ", ".join(
                         sorted({s['id'] for s in skipped})) + ".")
    notes.append("Numbers are the converged solution of the guide's model; expenditure is "
                 "phi_j times output, scaled by one world factor so spending equals output.")
    return notes


def _uncertainty(move: Move, law: CoefficientLaw, sim, sigma_range: SigmaRange | None,
                 draws: int, seed: int, sigma: float) -> dict:
    if sim is None:
        return {"method": None, "reason": "draws = 0" if draws == 0 else
                "neither an estimated coefficient nor sigma is drawn"}
    drawn = ["sigma"] if sigma_range is not None else []
    if move.uses_coefficients:
        drawn.insert(0, "coefficients")
    return {"method": "Monte Carlo over " + " and ".join(drawn), "draws": sim.draws,
            "failed_draws": sim.failed, "seed": seed, "level": montecarlo.LEVEL,
            "interval": "equal-tailed percentiles (2.5%, 97.5%); median of the draws",
            "coefficients": law.method if move.uses_coefficients else None,
            "sigma": sigma_range.to_dict() if sigma_range else {"fixed": sigma},
            "point": f"estimates and sigma {sigma:g}",
            "held_fixed": "baseline flows and fitted trade costs"}


def _bounds(move: Move, countries: list[str], runs: dict) -> dict[str, Any]:
    out = {}
    for bound, (point, sim, _) in runs.items():
        frame = _country_frame(countries, point, sim)
        out[bound] = {"effective_rates": "higher (exempt share at its low bound)"
                      if bound == "high" else "lower (exempt share at its high bound)",
                      "countries": frame[frame["country"].isin(NORTH_AMERICA)]
                      .to_dict("records")}
    return out


def _sensitivity(countries: list[str], sens: dict, point: dict, sigma: float) -> dict:
    rows = {f"{sigma:g}": point, **{f"{s:g}": v for s, v in sens.items()}}
    return {"measure": "point result at the estimates for each sigma",
            "results": {s: {c: {"rgdp": float(v["rgdp"][countries.index(c)]),
                                "exports": float(v["exports"][countries.index(c)])}
                            for c in NORTH_AMERICA if c in countries}
                        for s, v in rows.items()}}


def _guide_distance(base: CostEstimates, change: np.ndarray, sigma: float,
                    point: dict) -> dict:
    """Largest gap (percentage points) between the guide's loop and the converged solution."""
    try:
        guide = ge.guide_scenario_effects(base.flows, base.costs, change, sigma, base.ref)
    except (EstimationError, FloatingPointError) as exc:
        return {"error": f"the guide's procedure did not finish: {exc}"}
    gaps = {m: float(np.nanmax(np.abs(guide[m] - point[m]))) for m in MEASURE_LABELS}
    if not all(np.isfinite(v) for v in gaps.values()):
        return {"error": "the guide's procedure produced non-finite values"}
    return gaps


def _diagnostics(baseline: np.ndarray, change: np.ndarray, sigma: float,
                 base: CostEstimates) -> dict:
    eq = ge.solve_full_endowment(baseline, change, sigma, base.ref)
    report = ge.check_market_clearing(eq, baseline)
    report["baseline_fit"] = float(np.max(np.abs(baseline.sum(axis=1) / base.flows.sum(axis=1)
                                                 - 1)))
    return report
