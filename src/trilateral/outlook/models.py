"""Candidate models for one annual series: additive-error ETS state-space models (statsmodels).

Every candidate is an ``ETSModel`` with additive errors, no seasonality and an estimated initial
state, fitted by maximum likelihood to the same transformed series, so their likelihoods, and
hence their AICc, compare directly (Hyndman et al. 2008, "Forecasting with Exponential
Smoothing", ch. 2 and 7):

* ``ETS(A,N,N)``: local level, smoothing ``alpha`` estimated;
* ``RW``: random walk, ETS(A,N,N) with ``alpha`` fixed at 0.9999 (the upper bound statsmodels
  accepts; 1 itself makes the likelihood undefined), so the forecast is the last value;
* ``RW+drift``: random walk with drift, ETS(A,A,N) with ``alpha`` fixed at 0.9999 and ``beta`` at
  0, so the slope is a constant drift estimated with the initial state;
* ``ETS(A,A,N)``: local linear trend;
* ``ETS(A,Ad,N)``: damped trend (Gardner and McKenzie 1985), ``phi`` in statsmodels' default
  bounds (0.8, 0.98).

statsmodels' optimiser often stops in a corner (``alpha`` near 0: a deterministic trend with
intervals that do not widen) for the trend models; they are therefore fitted twice, from
statsmodels' start values and from a random-walk-like start, and the higher likelihood is kept.

A fit is cached (:mod:`.cache`) with its forecast means and variances for :data:`STORED_STEPS`
years, so the backtest and the outlook share it and a warm run never refits.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from trilateral.outlook import cache

ALPHA_RW = 0.9999


@dataclass(frozen=True)
class Spec:
    """One candidate: trend component, damping, fixed parameters and a readable name."""

    trend: str | None
    damped: bool
    fixed: tuple[tuple[str, float], ...]
    label: str


SPECS: dict[str, Spec] = {
    "ETS(A,N,N)": Spec(None, False, (), "local level"),
    "RW": Spec(None, False, (("smoothing_level", ALPHA_RW),), "random walk"),
    "RW+drift": Spec("add", False, (("smoothing_level", ALPHA_RW), ("smoothing_trend", 0.0)),
                     "random walk with drift"),
    "ETS(A,A,N)": Spec("add", False, (), "local linear trend"),
    "ETS(A,Ad,N)": Spec("add", True, (), "damped trend"),
}
STORED_STEPS = 40


@dataclass
class Fit:
    """A fitted candidate: its AICc, parameters, size, and forecast means/variances by step."""

    spec: str
    aicc: float
    params: list[float]
    n: int
    k: int  # estimated coefficients: free smoothing parameters and initial states
    mse: float  # statsmodels' maximum-likelihood error variance, SSE / n
    mean: np.ndarray
    var: np.ndarray

    def to_dict(self) -> dict[str, Any]:
        return {"spec": self.spec, "aicc": self.aicc, "params": self.params, "n": self.n,
                "k": self.k, "mse": self.mse, "mean": self.mean.tolist(),
                "var": self.var.tolist()}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Fit:
        return cls(d["spec"], d["aicc"], d["params"], d["n"], d["k"], d["mse"],
                   np.asarray(d["mean"], dtype=float), np.asarray(d["var"], dtype=float))


def model(y: pd.Series, spec: str) -> Any:
    """The statsmodels ETSModel of a candidate (fixed parameters are not yet applied)."""
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    s = SPECS[spec]
    return ETSModel(y, error="add", trend=s.trend, damped_trend=s.damped,
                    initialization_method="estimated")


def fit(y: pd.Series, spec: str, steps: int = STORED_STEPS) -> Fit | None:
    """The cached fit of ``spec`` to ``y`` (None when it cannot be fitted)."""
    steps = max(steps, STORED_STEPS)
    k = cache.key("ets-fit", spec, steps, [p.year for p in y.index],
                  [round(float(v), 12) for v in y])
    rec = cache.cached(k, lambda: {"fit": _fit_dict(y, spec, steps)})
    return Fit.from_dict(rec["fit"]) if rec["fit"] else None


def _fit_dict(y: pd.Series, spec: str, steps: int) -> dict[str, Any] | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            res = _estimate(y, spec)
        except (ValueError, np.linalg.LinAlgError):
            return None
        if res is None or not np.isfinite(res.aicc):
            return None
        pred = res.get_prediction(start=len(y), end=len(y) + steps - 1)
    var = np.maximum(np.asarray(pred.forecast_variance, dtype=float), 0.0)
    return Fit(spec, float(res.aicc), [float(p) for p in res.params], len(y),
               int(res.df_model) - 1, float(res.mse),
               np.asarray(pred.predicted_mean, dtype=float), var).to_dict()


def _estimate(y: pd.Series, spec: str) -> Any:
    s = SPECS[spec]
    m = model(y, spec)
    if s.fixed:
        with m.fix_params(dict(s.fixed)):
            return m.fit(disp=False)
    first = m.fit(disp=False)
    if s.trend is None:
        return first
    z = y.to_numpy()
    start = [0.9, 0.05, *([0.95] if s.damped else []), z[0], z[1] - z[0]]
    second = m.fit(start_params=np.array(start), disp=False)
    ok = [r for r in (first, second) if np.isfinite(r.llf)]
    return max(ok, key=lambda r: r.llf) if ok else None


def results(y: pd.Series, f: Fit) -> Any:
    """statsmodels results of a cached fit (for simulation), without refitting."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return model(y, f.spec).smooth(np.asarray(f.params))
