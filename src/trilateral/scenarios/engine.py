"""Run a scenario: estimate (or reuse) the baseline, shock it, solve, simulate, document.

>>> from trilateral import scenarios
>>> res = scenarios.run("usmca-end")                # doctest: +SKIP
>>> res.tidy().query("country == 'CAN'")             # doctest: +SKIP
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from trilateral.errors import EstimationError, InputError
from trilateral.scenarios import cache, ge, montecarlo, shocks
from trilateral.scenarios.costs import CostEstimates, estimate_costs
from trilateral.scenarios.definitions import Scenario, Setup, get
from trilateral.scenarios.panels import NORTH_AMERICA, panel_spec
from trilateral.scenarios.results import MEASURE_LABELS, ScenarioResult

SIGMA = 7.0
DEFAULT_DRAWS = 200
DEFAULT_SEED = 2026


def run(name: str, panel: str | None = None, *, draws: int = DEFAULT_DRAWS,
        seed: int = DEFAULT_SEED, sigma: float = SIGMA, refresh: bool = False
        ) -> ScenarioResult:
    """Scenario ``name`` on ``panel`` (default: the scenario's first panel), cached on disk."""
    scenario = get(name)
    setup = scenario.setup(panel)
    check_parameters(sigma, draws)
    request = _request(scenario, setup, draws, seed, sigma)
    k = cache.key(request)
    hit = None if refresh else cache.load(k)
    if hit is not None:
        return ScenarioResult.from_dict(hit)
    result = compute(scenario, setup, draws=draws, seed=seed, sigma=sigma)
    result.provenance = {**request, "code_version": cache.code_version(), "cache_key": k}
    cache.store(k, result.to_dict())
    return result


def check_parameters(sigma: float, draws: int) -> None:
    if not sigma > 1:
        raise InputError(f"sigma must exceed 1 (got {sigma})", field="sigma")
    if draws < 0:
        raise InputError(f"draws must be 0 or more (got {draws})", field="draws")


def _request(scenario: Scenario, setup: Setup, draws: int, seed: int, sigma: float) -> dict:
    tables = [panel_spec(setup.panel).table]
    if setup.coefficient_panel:
        tables.append(panel_spec(setup.coefficient_panel).table)
    request = {"scenario": scenario.name, "panel": setup.panel, "draws": draws, "seed": seed,
               "sigma": sigma, "tables": cache.table_sha256(sorted(set(tables)))}
    if any(s.tariff for s in scenario.shocks):
        request["ledger_sha256"] = shocks.ledger_sha256()
    return request


@lru_cache(maxsize=8)
def _estimates(panel: str, terms: tuple[str, ...], year: int | None, sha: str) -> CostEstimates:
    return estimate_costs(panel_spec(panel), terms, year)


def estimates(panel: str, terms: tuple[str, ...], year: int | None = None) -> CostEstimates:
    """Stage 1 and 2 on ``panel`` (kept in memory per table checksum)."""
    sha = cache.table_sha256([panel_spec(panel).table])[panel_spec(panel).table]
    return _estimates(panel, tuple(terms), year, sha)


def compute(scenario: Scenario, setup: Setup, *, draws: int, seed: int,
            sigma: float) -> ScenarioResult:
    """Solve the scenario at the estimates, simulate the draws and collect the outputs."""
    base = estimates(setup.panel, setup.baseline_terms)
    source = estimates(*setup.coefficient_source) if setup.coefficient_source else None
    terms = source.terms if source else ()
    coef = source.coef if source else np.zeros(0)
    baseline = ge.fit_margins(base.flows, base.costs, base.ref).fitted
    pairs = [(base.countries.index(s.exporter), base.countries.index(s.importer))
             for s in scenario.shocks]

    def solve(beta: np.ndarray) -> dict[str, np.ndarray]:
        change = np.exp(shocks.log_cost_change(scenario.shocks, base.countries, terms, beta,
                                               sigma))
        eff = ge.scenario_effects(baseline, change, sigma, base.ref)
        bil = [eff.bilateral(baseline, i, j) for i, j in pairs]
        return {**eff.values, "trade_cdl": np.array([b["trade_cdl"] for b in bil]),
                "trade": np.array([b["trade"] for b in bil])}

    point = solve(coef)
    sim = _simulate(scenario, solve, source, draws, seed)
    change = np.exp(shocks.log_cost_change(scenario.shocks, base.countries, terms, coef, sigma))
    return ScenarioResult(
        scenario=scenario.name, title=scenario.title, question=scenario.question,
        panel=setup.panel, table=base.table, year=base.year, sigma=sigma,
        countries=_country_frame(base.countries, point, sim),
        bilateral=_bilateral_frame(scenario, point, sim),
        coefficients=_coefficients(source),
        shocks=_shock_records(scenario, base, terms, coef, sigma),
        assumptions=list(scenario.assumptions), notes=_notes(setup, base, source),
        uncertainty=_uncertainty(scenario, sim, draws, seed),
        guide_distance=_guide_distance(base, change, sigma, point),
        diagnostics=_diagnostics(baseline, change, sigma, base),
        asymmetry=asymmetry(base.countries, point, sim))


def _simulate(scenario: Scenario, solve, source: CostEstimates | None, draws: int,
              seed: int) -> montecarlo.Simulation | None:
    if source is None or draws == 0 or not shocks.uses_coefficients(scenario.shocks):
        return None
    return montecarlo.simulate(solve, source.coef, source.vcov, draws, seed)


def _country_frame(countries: list[str], point: dict, sim) -> pd.DataFrame:
    frame = pd.DataFrame({"country": countries})
    for m in MEASURE_LABELS:
        frame[m] = point[m]
        lower, upper = sim.interval(m) if sim else (None, None)
        frame[f"{m}_lower"], frame[f"{m}_upper"] = lower, upper
    return frame


def _bilateral_frame(scenario: Scenario, point: dict, sim) -> pd.DataFrame:
    frame = pd.DataFrame({"exporter": [s.exporter for s in scenario.shocks],
                          "importer": [s.importer for s in scenario.shocks]})
    for m in ("trade_cdl", "trade"):
        frame[m] = point[m]
        lower, upper = sim.interval(m) if sim else (None, None)
        frame[f"{m}_lower"], frame[f"{m}_upper"] = lower, upper
    return frame


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
            ratio["lower"], ratio["upper"] = (float(v) for v in np.percentile(draws, [2.5, 97.5]))
        out["ratios"][spoke] = ratio
    return out


def _ratio(a: float, b: float) -> float | None:
    return None if b == 0 else float(a / b)


def _coefficients(source: CostEstimates | None) -> list[dict]:
    if source is None:
        return []
    return [{**c, "panel": source.panel, "table": source.table, "nobs": source.nobs,
             "vcov": "clustered by pair"} for c in source.coefficients()]


def _shock_records(scenario: Scenario, base: CostEstimates, terms, coef, sigma) -> list[dict]:
    tariffs = {(t["exporter"], t["importer"]): t for t in shocks.tariff_records(
        [s.tariff for s in scenario.shocks if s.tariff], sigma)}
    rows = []
    for s in scenario.shocks:
        change = shocks.pair_log_change(s, terms, coef, sigma)
        rows.append({"exporter": s.exporter, "importer": s.importer,
                     "weights": dict(s.weights),
                     "cost_term_change_pct": float(np.expm1(change) * 100),
                     "tariff": tariffs.get((s.exporter, s.importer))})
    return rows


def _notes(setup: Setup, base: CostEstimates, source: CostEstimates | None) -> list[str]:
    notes = list(setup.notes)
    notes.append(f"GE baseline: {base.table}, {base.year}, {len(base.countries)} economies; "
                 "reference country DEU (its inward resistance is held at 1).")
    if base.predicted_pairs:
        notes.append(f"{len(base.predicted_pairs)} directed pairs never trade in the "
                     "estimation years; their trade costs are predicted from distance, "
                     "contiguity, language and colonial ties (the guide's second stage).")
    notes.append("Numbers are the converged solution of the guide's model; expenditure is "
                 "phi_j times output, scaled by one world factor so spending equals output.")
    return notes


def _uncertainty(scenario: Scenario, sim, draws: int, seed: int) -> dict:
    if sim is None:
        reason = ("no estimated coefficient enters the shock" if not
                  shocks.uses_coefficients(scenario.shocks) else "draws = 0")
        return {"method": None, "reason": reason}
    return {"method": "Monte Carlo over the estimated coefficients", "draws": sim.draws,
            "failed_draws": sim.failed, "seed": seed, "level": montecarlo.LEVEL,
            "interval": "equal-tailed percentiles (2.5%, 97.5%)",
            "held_fixed": "baseline flows and fitted trade costs"}


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
