"""The guide's chapter-2 application "Impact of regional trade agreements" (NAFTA), replicated.

Yotov, Piermartini, Monteiro and Larch (2016), chapter 2, application 2, as in
``Chapter2/Applications/2_RTAsEffects/RTAsEffects.do``: stage 1 on the 4-year panel 1986-2006,
the general equilibrium on 1994, Germany the reference country, sigma 7, the NAFTA pairs' RTA
set to 0 in the counterfactual. The guide's procedure runs literally (its loop stops on its own
loose rule) and the same model is also solved to convergence, with the gap reported.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from trilateral.errors import NotFoundError
from trilateral.scenarios import cache, ge, published
from trilateral.scenarios.engine import SIGMA, check_parameters, estimates
from trilateral.scenarios.panels import NORTH_AMERICA, panel_spec
from trilateral.scenarios.results import GUIDE_LABELS, ReplicationResult

APPLICATIONS = {"agtpa-nafta": "Impact of regional trade agreements: NAFTA (Advanced Guide, "
                               "chapter 2, application 2)"}
GE_YEAR = 1994


def replicate(application: str = "agtpa-nafta", *, sigma: float = SIGMA,
              refresh: bool = False) -> ReplicationResult:
    """Run the application (cached on disk by input checksums and code version)."""
    if application not in APPLICATIONS:
        raise NotFoundError(f"unknown application {application!r}; choose one of "
                            f"{sorted(APPLICATIONS)}")
    check_parameters(sigma, 0)
    table = panel_spec("agtpa").table
    request = {"application": application, "sigma": sigma,
               "tables": cache.table_sha256([table])}
    k = cache.key(request)
    hit = None if refresh else cache.load(k)
    if hit is not None:
        return ReplicationResult.from_dict(hit)
    result = compute(application, sigma)
    result.provenance = {**request, "code_version": cache.code_version(), "cache_key": k}
    cache.store(k, result.to_dict())
    return result


def nafta_change(est) -> np.ndarray:
    """Counterfactual change in costs: the NAFTA pairs' RTA term removed (RTA set to 0)."""
    na = np.isin(est.countries, NORTH_AMERICA)
    mask = np.outer(na, na) & ~np.eye(len(na), dtype=bool)
    return np.exp(-est.coefficient("rta") * est.term_values["rta"] * mask)


def compute(application: str, sigma: float) -> ReplicationResult:
    est = estimates("agtpa", ("rta",), GE_YEAR)
    change = nafta_change(est)
    sol = ge.guide_full_endowment(est.flows, est.costs, est.costs * change, sigma, est.ref)
    frame = pd.DataFrame({"country": est.countries, **ge.guide_effects(sol, sigma)})
    baseline = ge.fit_margins(est.flows, est.costs, est.ref).fitted
    eq = ge.solve_full_endowment(baseline, change, sigma, est.ref)
    clearing = ge.check_market_clearing(eq, baseline)
    for m, values in converged_effects(baseline, change, eq, est.ref).items():
        frame[f"converged_{m}"] = values
    distance = {m: float((frame[m] - frame[f"converged_{m}"]).abs().max()) for m in GUIDE_LABELS}
    return ReplicationResult(
        application=application, title=APPLICATIONS[application], year=GE_YEAR, sigma=sigma,
        countries=frame,
        coefficient={"term": "rta", "estimate": est.coefficient("rta"),
                     "std_error": est.std_error("rta"), "nobs": est.nobs,
                     "vcov": "clustered by pair"},
        iterations=sol.iterations, stop_log=sol.stop_log, converged_distance=distance,
        published=published.compare(frame) if sigma == 7 else {"note": "published for sigma 7"},
        notes=_notes(est), diagnostics=clearing)


def converged_effects(baseline: np.ndarray, change: np.ndarray, eq: ge.Equilibrium,
                      ref: int) -> dict[str, np.ndarray]:
    """The converged solution in the guide's signs (baseline relative to counterfactual)."""
    conditional = ge.fit_margins(baseline, baseline * change, ref).fitted
    xi = ge.exports(baseline)
    return {"exports_cdl": (xi / ge.exports(conditional) - 1.0) * 100,
            "exports_full": (xi / ge.exports(eq.flows) - 1.0) * 100,
            "price_full": (1.0 - eq.price) * 100,
            "imr_full": (1.0 / eq.inward - 1.0) * 100,
            "rgdp_full": (1.0 / eq.real_gdp - 1.0) * 100}


def _notes(est) -> list[str]:
    return [
        "Signs follow the guide: the effect of having NAFTA relative to a world without it, "
        "(baseline - counterfactual) / counterfactual; the factory-gate price is "
        "(1 - p_counterfactual / p_baseline).",
        "Stage 1 on agtpa_ge_panel 1986-2006 every 4 years (exporter-year, importer-year and "
        "pair fixed effects; intranational pairs share one effect, normalised to 0); the "
        "general equilibrium on 1994; Germany (DEU) is the reference country.",
        f"{len(est.predicted_pairs)} directed pairs never trade in 1986-2006; their 1994 "
        "costs come from the guide's second-stage regression on distance, contiguity, "
        "language and colonial ties.",
        "Columns exports_cdl ... omr_full follow the guide's procedure literally, its loose "
        "stopping rule included (the published table is not a converged solution); "
        "converged_* solve the same model to convergence.",
    ]
