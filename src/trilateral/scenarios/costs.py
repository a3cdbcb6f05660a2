"""Baseline trade costs for the general equilibrium, following the guide's two stages.

Stage 1 (all estimation years): PPML of trade on the agreement terms with exporter-year,
importer-year and pair fixed effects, every intranational pair sharing one pair effect. The
coefficients and their pair-clustered covariance come from pyfixest (through
``trilateral.gravity`` for the guide's own specification when that module provides it). The
fixed effects are then recovered exactly from the PPML first-order conditions, holding
pyfixest's coefficients fixed: pyfixest's ``fixef()`` rebuilds the fitted values only to about
0.4%, and the GE results are sensitive to that. Pair effects are normalised so that the shared
intranational effect is 0, which identifies them uniquely.

Stage 2 (GE year, international pairs): pairs never trading in the estimation years have no
pair effect; their ``exp(pair effect)`` is predicted from a PPML of the known ones on distance,
contiguity, common language and colonial ties with exporter and importer effects.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from trilateral.errors import EstimationError, TrilateralError
from trilateral.scenarios.panels import REFERENCE, PanelSpec, load_frame

FE_COLUMNS = ("exp_year", "imp_year", "pair")


@dataclass
class CostEstimates:
    """Stage-1 coefficients, and the GE year's flows and baseline costs (``t_ij`` terms)."""

    panel: str
    table: str
    terms: tuple[str, ...]
    coef: np.ndarray
    vcov: np.ndarray
    nobs: int
    year: int
    countries: list[str]
    flows: np.ndarray
    costs: np.ndarray
    term_values: dict[str, np.ndarray]
    predicted_pairs: list[tuple[str, str]] = field(default_factory=list)
    dropped_pairs: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ref(self) -> int:
        return self.countries.index(REFERENCE)

    def coefficient(self, term: str) -> float:
        return float(self.coef[self.terms.index(term)])

    def std_error(self, term: str) -> float:
        i = self.terms.index(term)
        return float(np.sqrt(self.vcov[i, i]))

    def coefficients(self) -> list[dict[str, float | str]]:
        return [{"term": t, "estimate": self.coefficient(t), "std_error": self.std_error(t)}
                for t in self.terms]


def estimate_costs(spec: PanelSpec, terms: tuple[str, ...], year: int | None = None
                   ) -> CostEstimates:
    """Run both stages on panel ``spec`` and build the ``year`` matrices (default: GE year)."""
    year = spec.ge_year if year is None else year
    frame = load_frame(spec, terms)
    sample, dropped = drop_never_trading(frame)
    coef, vcov = fit_stage1(sample, terms, spec)
    pair_effect = pair_effects(sample, terms, coef)
    grid = frame[frame["year"] == year].copy()
    grid["gamma"] = grid["pair"].map(pair_effect).where(grid["intl"], 0.0)
    predicted = fill_missing_gamma(grid, spec)
    return _matrices(spec, grid, terms, coef, vcov, len(sample), year, predicted, dropped)


def drop_never_trading(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Drop pairs with zero trade in every year: their pair effect does not exist."""
    total = frame.groupby("pair")["trade"].transform("sum")
    keep = total > 0
    return frame[keep].reset_index(drop=True), int(frame.loc[~keep, "pair"].nunique())


def fit_stage1(sample: pd.DataFrame, terms: tuple[str, ...], spec: PanelSpec
               ) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients and pair-clustered covariance of the stage-1 PPML (pyfixest)."""
    fit = _guide_baseline(sample) if (spec.name, terms) == ("agtpa", ("rta",)) else None
    if fit is None:
        import pyfixest as pf

        formula = f"trade ~ {' + '.join(terms)} | exp_year + imp_year + pair"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = pf.fepois(formula, data=sample, vcov={"CRV1": "pair"})
    coef = fit.coef().reindex(list(terms))
    if coef.isna().any():
        raise EstimationError(f"stage 1 on {spec.name}: term(s) "
                              f"{list(coef[coef.isna()].index)} not estimated")
    vcov = np.asarray(fit._vcov) if hasattr(fit, "_vcov") else np.diag(fit.se() ** 2)
    order = [list(fit.coef().index).index(t) for t in terms]
    return coef.to_numpy(float), vcov[np.ix_(order, order)]


def _guide_baseline(sample: pd.DataFrame):
    """The chapter-2 baseline from ``trilateral.gravity`` when that module offers it."""
    try:
        from trilateral.gravity.replication import chapter2_baseline
    except ImportError:
        return None
    try:
        return chapter2_baseline(sample)
    except (TrilateralError, TypeError, KeyError, ValueError):
        return None


def exact_fixed_effects(y: np.ndarray, offset: np.ndarray, codes: list[np.ndarray], *,
                        sizes: list[int] | None = None, tol: float = 1e-12,
                        max_sweeps: int = 20_000) -> list[np.ndarray]:
    """Fixed effects solving the PPML first-order conditions given ``offset = X @ beta``.

    ``codes`` hold each observation's group (0 .. size-1) in every dimension. Each sweep sets
    every group's effect so that its fitted flows add up to its observed flows (``sum y =
    sum mu`` per group), one dimension after another, until no group is off by more than
    ``tol`` in logs. Every group needs positive observed flows.
    """
    sizes = sizes or [int(c.max()) + 1 for c in codes]
    effects = [np.zeros(n) for n in sizes]
    for _ in range(max_sweeps):
        worst = 0.0
        for k, c in enumerate(codes):
            eta = offset + sum(fe[cc] for fe, cc in zip(effects, codes, strict=True))
            with np.errstate(divide="ignore", invalid="ignore"):
                step = np.log(np.bincount(c, y, sizes[k]) / np.bincount(c, np.exp(eta), sizes[k]))
            step[~np.isfinite(step)] = 0.0
            effects[k] = effects[k] + step
            worst = max(worst, float(np.max(np.abs(step))))
        if worst < tol:
            return effects
    raise EstimationError(f"fixed effects did not converge in {max_sweeps} sweeps")


def pair_effects(sample: pd.DataFrame, terms: tuple[str, ...], coef: np.ndarray) -> pd.Series:
    """Exact pair effects of stage 1, the shared intranational effect normalised to 0."""
    factors = [pd.factorize(sample[col]) for col in FE_COLUMNS]
    offset = sample[list(terms)].to_numpy(float) @ coef
    effects = exact_fixed_effects(sample["trade"].to_numpy(float), offset,
                                  [code for code, _ in factors])
    gamma = pd.Series(effects[2], index=factors[2][1])
    return gamma - gamma["domestic"]


def fill_missing_gamma(grid: pd.DataFrame, spec: PanelSpec) -> list[tuple[str, str]]:
    """Predict ``exp(gamma)`` of pairs without a pair effect (stage 2); returns those pairs."""
    missing = grid["gamma"].isna()
    if not missing.any():
        return []
    if not spec.gravity:
        raise EstimationError(f"panel {spec.name}: {int(missing.sum())} pairs have no pair "
                              "effect and the panel has no gravity covariates to predict them")
    known = grid[grid["intl"] & ~missing]
    tij = np.exp(known["gamma"].to_numpy())
    x = known[list(spec.gravity)].to_numpy(float)
    beta = _stage2_coef(known, tij, spec)
    factors = [pd.factorize(grid[c]) for c in ("exporter", "importer")]
    rows = grid["intl"].to_numpy() & ~missing.to_numpy()
    fe = exact_fixed_effects(tij, x @ beta, [code[rows] for code, _ in factors],
                             sizes=[len(u) for _, u in factors])
    target = missing.to_numpy()
    pred = grid.loc[missing, list(spec.gravity)].to_numpy(float) @ beta
    grid.loc[missing, "gamma"] = (pred + fe[0][factors[0][0][target]]
                                  + fe[1][factors[1][0][target]])
    return list(zip(grid.loc[missing, "exporter"], grid.loc[missing, "importer"], strict=True))


def _stage2_coef(known: pd.DataFrame, tij: np.ndarray, spec: PanelSpec) -> np.ndarray:
    import pyfixest as pf

    data = known.assign(tij=tij)
    formula = f"tij ~ {' + '.join(spec.gravity)} | exporter + importer"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = pf.fepois(formula, data=data)
    return fit.coef().reindex(list(spec.gravity)).to_numpy(float)


def _matrices(spec: PanelSpec, grid: pd.DataFrame, terms: tuple[str, ...], coef: np.ndarray,
              vcov: np.ndarray, nobs: int, year: int, predicted: list, dropped: int
              ) -> CostEstimates:
    countries = sorted(set(grid["exporter"]) | set(grid["importer"]))
    n = len(countries)
    grid = grid.set_index(["exporter", "importer"]).reindex(
        pd.MultiIndex.from_product([countries, countries]))
    if grid["trade"].isna().any():
        raise EstimationError(f"{spec.table} {year}: the {n} x {n} matrix has gaps")
    values = {t: grid[t].to_numpy(float).reshape(n, n) for t in terms}
    log_cost = grid["gamma"].to_numpy(float).reshape(n, n)
    log_cost = log_cost + sum(b * values[t] for b, t in zip(coef, terms, strict=True))
    return CostEstimates(spec.name, spec.table, terms, coef, vcov, nobs, year, countries,
                         grid["trade"].to_numpy(float).reshape(n, n), np.exp(log_cost), values,
                         predicted, dropped)
