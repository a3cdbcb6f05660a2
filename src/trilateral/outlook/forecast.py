"""Project one annual series: exponential-smoothing state-space models chosen by AICc.

The candidates are the additive-error ETS models without seasonality (Hyndman et al. 2008,
"Forecasting with Exponential Smoothing", ch. 2): a local level ETS(A,N,N), a local linear trend
ETS(A,A,N) and a damped trend ETS(A,Ad,N), fitted by maximum likelihood with statsmodels'
``ETSModel`` on the transformed scale (:mod:`.transforms`). Their likelihoods are of the same
data with the same error structure, so AICc compares them directly; ARIMA likelihoods with
differencing are not comparable with these and are not mixed in. Intervals are the models'
analytical Gaussian prediction intervals on the transformed scale, mapped back.

A series needs :data:`MIN_OBS` consecutive annual values (the last unbroken run is used); shorter
ones, and survey waves, which are irregular points in time, get no forecast and say why.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from trilateral.errors import EstimationError
from trilateral.outlook import cache, scores
from trilateral.outlook.targets import Target
from trilateral.outlook.transforms import Transform, get

SPECS: dict[str, tuple[str | None, bool]] = {
    "ETS(A,N,N)": (None, False), "ETS(A,A,N)": ("add", False), "ETS(A,Ad,N)": ("add", True),
}
MIN_OBS = 10
LEVELS = (0.8, 0.95)
REPETITIONS = 1000
SEED = 20060331
Status = Literal["forecast", "missing", "too_short", "invalid", "failed", "no_future"]


@dataclass
class SeriesForecast:
    """A target's known history and, when a model could be fitted, its forecast distribution.

    ``mean`` and ``sd`` are on the transformed scale, one per year in ``years``.
    """

    target: Target
    status: Status
    reason: str
    history: pd.Series
    unit: str = ""
    sources: str = ""
    model: str | None = None
    candidates: list[dict[str, Any]] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    mean: np.ndarray = field(default_factory=lambda: np.zeros(0))
    sd: np.ndarray = field(default_factory=lambda: np.zeros(0))
    results: Any = field(default=None, repr=False)
    _sims: np.ndarray | None = field(default=None, repr=False)

    @property
    def transform(self) -> Transform:
        return get(self.target.transform)

    @property
    def ok(self) -> bool:
        return self.status == "forecast"

    def point(self) -> np.ndarray:
        """The forecast medians on the indicator's own scale."""
        return self.transform.inverse(self.mean)

    def bounds(self, level: float) -> tuple[np.ndarray, np.ndarray]:
        z = stats.norm.ppf(0.5 + level / 2)
        inv = self.transform.inverse
        return inv(self.mean - z * self.sd), inv(self.mean + z * self.sd)

    def items(self, levels: tuple[float, ...] = LEVELS) -> list[dict[str, Any]]:
        """One forecast item per year and interval level."""
        if not self.ok:
            return []
        out = []
        points = self.point()
        for level in levels:
            lower, upper = self.bounds(level)
            for i, year in enumerate(self.years):
                out.append({**self.target.ids(), "year": year, "step": i + 1,
                            "point": float(points[i]), "lower": float(lower[i]),
                            "upper": float(upper[i]), "level": level, "model": self.model,
                            "transform": self.target.transform, "unit": self.unit})
        return out

    def simulate(self) -> np.ndarray:
        """Simulated future paths on the indicator's scale: (years, repetitions), seeded."""
        if self._sims is None:
            sims = self.results.simulate(len(self.years), anchor="end", repetitions=REPETITIONS,
                                         rng=np.random.default_rng(SEED))
            self._sims = self.transform.inverse(np.asarray(sims, dtype=float).reshape(
                len(self.years), REPETITIONS))
        return self._sims

    def persistence(self, year: int) -> tuple[float, float, float]:
        """The random-walk baseline for ``year``: (value, mean, sd), the last two transformed."""
        z = self.transform.forward(self.history.to_numpy())
        sigma = float(np.sqrt(np.mean(np.diff(z) ** 2))) if len(z) > 1 else 0.0
        h = year - int(self.history.index[-1])
        return float(self.history.iloc[-1]), float(z[-1]), sigma * np.sqrt(max(h, 1))

    def score(self, truth: pd.Series) -> list[dict[str, Any]]:
        """One row per forecast year whose realised value is in ``truth`` (year -> value)."""
        if not self.ok:
            return []
        tr, points = self.transform, self.point()
        bounds = {level: self.bounds(level) for level in LEVELS}
        scale = scores.mase_scale(self.history.to_numpy())
        rows = []
        for i, year in enumerate(self.years):
            real = float(truth.get(year, np.nan))
            if not np.isfinite(real) or not tr.valid(np.array([real])):
                continue
            z_real = float(tr.forward(np.array([real]))[0])
            last, p_mean, p_sd = self.persistence(year)
            err, p_err = abs(real - float(points[i])), abs(real - last)
            row = {**self.target.ids(), "year": year, "step": i + 1, "realized": real,
                   "point": float(points[i]), "persistence": last, "abs_error": err,
                   "crps": scores.crps_gaussian(float(self.mean[i]), float(self.sd[i]), z_real),
                   "persistence_crps": scores.crps_gaussian(p_mean, p_sd, z_real),
                   "scaled_error": err / scale if scale else None,
                   "persistence_scaled_error": p_err / scale if scale else None}
            for level, (lo, hi) in bounds.items():
                row[f"hit{round(level * 100)}"] = bool(lo[i] <= real <= hi[i])
            rows.append(row)
        return rows

    def summary(self) -> dict[str, Any]:
        h = self.history
        return {**self.target.ids(), "label": self.target.label, "status": self.status,
                "reason": self.reason, "model": self.model, "transform": self.target.transform,
                "unit": self.unit, "sources": self.sources, "n_obs": len(h),
                "first_year": int(h.index[0]) if len(h) else None,
                "last_year": int(h.index[-1]) if len(h) else None,
                "last_value": float(h.iloc[-1]) if len(h) else None,
                "candidates": [{"model": c["spec"], "aicc": c["aicc"]} for c in self.candidates]}


def last_run(history: pd.Series) -> pd.Series:
    """The last unbroken run of consecutive years."""
    if history.empty:
        return history
    years = history.index.to_numpy(dtype=int)
    breaks = np.nonzero(np.diff(years) != 1)[0]
    return history.iloc[breaks[-1] + 1:] if len(breaks) else history


def project(target: Target, history: pd.Series, horizon: int, unit: str = "",
            sources: str = "") -> SeriesForecast:
    """Forecast ``target`` from its known ``history`` (year -> value) to ``horizon``."""
    run = last_run(history)
    sf = SeriesForecast(target, "forecast", "", run, unit, sources)
    problem = _problem(target, history, run, horizon)
    if problem:
        sf.status, sf.reason = problem
        return sf
    y = pd.Series(sf.transform.forward(run.to_numpy()),
                  index=pd.PeriodIndex(run.index.astype(int), freq="Y"))
    try:
        chosen, candidates = select(y)
    except EstimationError as exc:
        sf.status, sf.reason = "failed", str(exc)
        return sf
    return _fill(sf, y, chosen, candidates, horizon - int(run.index[-1]))


def _problem(target: Target, history: pd.Series, run: pd.Series, horizon: int
             ) -> tuple[Status, str] | None:
    if history.empty:
        return "missing", "no observations known at this date"
    if len(run) < MIN_OBS:
        span = f"{int(history.index[0])}-{int(history.index[-1])}"
        if len(run) < len(history):
            return "too_short", (f"{len(history)} values in {span} with gaps (survey waves or "
                                 f"broken years; last unbroken run {len(run)}); a model needs "
                                 f"{MIN_OBS} consecutive annual values")
        return "too_short", (f"only {len(run)} consecutive annual values ({span}); a model "
                             f"needs {MIN_OBS}")
    if not get(target.transform).valid(run.to_numpy()):
        return "invalid", f"values outside the range the {target.transform} transform needs"
    if horizon <= int(run.index[-1]):
        return "no_future", f"the horizon {horizon} is not after the last known year"
    return None


def _fill(sf: SeriesForecast, y: pd.Series, chosen: dict[str, Any],
          candidates: list[dict[str, Any]], steps: int) -> SeriesForecast:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = _model(y, chosen["spec"]).smooth(np.asarray(chosen["params"]))
        pred = res.get_prediction(start=len(y), end=len(y) + steps - 1)
    last = int(y.index[-1].year)
    sf.model = f"{chosen['spec']} on the {sf.target.transform} scale, AICc {chosen['aicc']:.1f}"
    sf.candidates, sf.results = candidates, res
    sf.years = list(range(last + 1, last + steps + 1))
    sf.mean = np.asarray(pred.predicted_mean, dtype=float)
    sf.sd = np.sqrt(np.maximum(np.asarray(pred.forecast_variance, dtype=float), 0.0))
    return sf


def _model(y: pd.Series, spec: str) -> Any:
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    trend, damped = SPECS[spec]
    return ETSModel(y, error="add", trend=trend, damped_trend=damped,
                    initialization_method="estimated")


def select(y: pd.Series) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The candidate with the lowest AICc, and all candidates (cached on disk)."""
    k = cache.key("ets", [p.year for p in y.index], [round(float(v), 12) for v in y], list(SPECS))
    rec = cache.cached(k, lambda: {"candidates": _fit_all(y)})
    if not rec["candidates"]:
        raise EstimationError("no ETS model could be fitted to the series")
    return min(rec["candidates"], key=lambda c: c["aicc"]), rec["candidates"]


def _fit_all(y: pd.Series) -> list[dict[str, Any]]:
    out = []
    for spec in SPECS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                res = _model(y, spec).fit(disp=False)
            except (ValueError, np.linalg.LinAlgError):
                continue
        if np.isfinite(res.aicc):
            out.append({"spec": spec, "aicc": float(res.aicc),
                        "params": [float(p) for p in res.params]})
    return out
