"""Project one annual series: ETS candidates weighted by AICc, with parameter-aware intervals.

The candidates (:mod:`.models`) are fitted to the series on its transformed scale
(:mod:`.transforms`). A configuration (:data:`CONFIGS`) says which candidates enter and how:

* ``weights``: each candidate's forecast distribution enters a mixture with its Akaike weight
  ``exp(-dAICc/2)`` normalised to sum to 1 (Burnham and Anderson 2002, ch. 4; for ETS models
  Kolassa 2011, IJF 27(2)); the point is the mixture's median;
* ``best``: the candidate with the lowest AICc alone.

With ``parameter_uncertainty`` each candidate's analytical variance is widened for what
maximum likelihood leaves out: the error variance is re-estimated with degrees of freedom,
``SSE / (n - k)`` instead of ``SSE / n`` (k estimated coefficients), and the random walk with
drift adds the drift's estimation variance, ``h^2 sigma^2 / (n - 1)`` at step h (its forecast
variance becomes ``h sigma^2 (1 + h / (n - 1))``, as in Hyndman and Athanasopoulos,
"Forecasting: Principles and Practice", 3rd ed., section 5.5). The smoothing parameters' own
uncertainty is not added.

:data:`DEFAULT_CONFIG` was chosen by the rolling-origin backtest with origins 1998-2005 scored on
values public by 31 March 2006 (docs/method.md, "Outlook"), so the Cancún replay is out of
sample. A series needs :data:`MIN_OBS` consecutive annual values (the last unbroken run);
shorter ones and survey waves get no forecast and say why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy.special import ndtri

from trilateral.outlook import calibrate, models, scores
from trilateral.outlook.models import Fit
from trilateral.outlook.options import CONFIGS, DEFAULT_CONFIG, Combine, Config, get_config
from trilateral.outlook.predictive import Mixture, allocate
from trilateral.outlook.targets import Target
from trilateral.outlook.transforms import Transform, get

MIN_OBS = 10
LEVELS = (0.8, 0.95)
REPETITIONS = 1000
SEED = 20060331
Status = Literal["forecast", "missing", "too_short", "invalid", "failed", "no_future"]
__all__ = ["CONFIGS", "DEFAULT_CONFIG", "Config", "SeriesForecast", "get_config", "project"]


@dataclass
class SeriesForecast:
    """A target's known history and, when models could be fitted, its forecast distribution.

    ``dist`` is on the transformed scale, one step per year in ``years``.
    """

    target: Target
    status: Status
    reason: str
    history: pd.Series
    unit: str = ""
    sources: str = ""
    config: Config = field(default_factory=lambda: CONFIGS[DEFAULT_CONFIG])
    model: str | None = None
    candidates: list[dict[str, Any]] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    dist: Mixture | None = field(default=None, repr=False)
    fits: list[Fit] = field(default_factory=list, repr=False)
    y: pd.Series | None = field(default=None, repr=False)
    _sims: np.ndarray | None = field(default=None, repr=False)
    cal: calibrate.Calibration | None = field(default=None, repr=False)
    pcal: calibrate.Calibration | None = field(default=None, repr=False)
    first_year: int = 0
    jump: Any = field(default=None, repr=False)  # a nowcast.JumpOff, when monthly data lead

    @property
    def transform(self) -> Transform:
        return get(self.target.transform)

    @property
    def ok(self) -> bool:
        return self.status == "forecast"

    def lead(self, i: int) -> int:
        """Years ahead of the as-of year (1: the as-of year itself), as in the backtest."""
        return max(self.years[i] - self.first_year + 1, 1) if self.first_year else i + 1

    def z_median(self) -> np.ndarray:
        """Medians on the model scale, moved to the monthly jump-off where there is one."""
        med = self.dist.quantile(0.5).copy()
        if self.jump is not None:
            j = self.jump.index
            med[j:] += self.jump.centre - med[j]
        return med

    def point(self) -> np.ndarray:
        """The forecast medians on the indicator's own scale."""
        return self.transform.inverse(self.z_median())

    def model_bounds(self, level: float) -> tuple[np.ndarray, np.ndarray]:
        """The model's own (uncalibrated) interval, without the jump-off."""
        inv = self.transform.inverse
        return (inv(self.dist.quantile(0.5 - level / 2)),
                inv(self.dist.quantile(0.5 + level / 2)))

    def bounds(self, level: float) -> tuple[np.ndarray, np.ndarray]:
        """The interval: calibrated on past errors (:mod:`.calibrate`) where a calibration is
        attached, with the jump-off's own interval in its year; the model's otherwise."""
        if self.cal is None and self.jump is None:
            return self.model_bounds(level)
        lo = self.dist.quantile(0.5 - level / 2).copy()
        hi = self.dist.quantile(0.5 + level / 2).copy()
        med, sd = self.z_median(), self.scale()
        shift = med - self.dist.quantile(0.5)
        lo, hi = lo + shift, hi + shift
        for i in range(len(self.years)):
            b = self.cal.bounds(self.lead(i), level) if self.cal is not None else None
            if b is not None:
                lo[i], hi[i] = med[i] + sd[i] * b[0], med[i] + sd[i] * b[1]
        if self.jump is not None:
            j = self.jump.index
            lo[j], hi[j] = self.jump.bounds(level)
        inv = self.transform.inverse
        return inv(lo), inv(hi)

    def persistence_bounds(self, level: float) -> tuple[np.ndarray, np.ndarray]:
        """The persistence baseline's interval per year: the last value with a random walk's
        spread, calibrated on persistence's own past errors where a calibration is attached."""
        lo, hi = np.empty(len(self.years)), np.empty(len(self.years))
        z_half = float(ndtri(0.5 + level / 2))
        for i, year in enumerate(self.years):
            _, z, sd = self.persistence(year)
            b = self.pcal.bounds(self.lead(i), level) if self.pcal is not None else None
            lo[i], hi[i] = (z + sd * b[0], z + sd * b[1]) if b else (z - z_half * sd,
                                                                   z + z_half * sd)
        return self.transform.inverse(lo), self.transform.inverse(hi)

    def calibrated(self, i: int) -> bool:
        if self.jump is not None and i == self.jump.index:
            return True
        return self.cal is not None and self.cal.sample(self.lead(i)) is not None

    def prob_below(self, i: int, value: float) -> float | None:
        """P(the year ``years[i]`` is below ``value``), from the calibrated distribution
        (the jump-off's errors in its year); None without a calibration."""
        z = float(self.transform.forward(np.array([value]))[0])
        if self.jump is not None and i == self.jump.index:
            return self.jump.cdf(z)
        if self.cal is None:
            return None
        return self.cal.cdf(self.lead(i), (z - float(self.z_median()[i])) / self.scale()[i])

    def scale(self) -> np.ndarray:
        """The unit of the calibrated errors per year: the random walk's spread, the series'
        root mean squared one-year change times sqrt(years since the last known value)."""
        return np.array([self.persistence(y)[2] for y in self.years])

    def items(self, levels: tuple[float, ...] = LEVELS) -> list[dict[str, Any]]:
        """One forecast item per year and interval level."""
        if not self.ok:
            return []
        out = []
        points = self.point()
        last = float(self.history.iloc[-1])
        for level in levels:
            lower, upper = self.bounds(level)
            mlo, mhi = self.model_bounds(level)
            plo, phi = self.persistence_bounds(level)
            for i, year in enumerate(self.years):
                out.append({**self.target.ids(), "year": year, "step": i + 1,
                            "point": float(points[i]), "lower": float(lower[i]),
                            "upper": float(upper[i]), "level": level, "model": self.model,
                            "calibrated": self.calibrated(i),
                            "model_lower": float(mlo[i]), "model_upper": float(mhi[i]),
                            "persistence": last, "persistence_lower": float(plo[i]),
                            "persistence_upper": float(phi[i]),
                            "jump_off": (self.jump.describe() if self.jump is not None
                                         and i >= self.jump.index else None),
                            "transform": self.target.transform, "unit": self.unit})
        return out

    def simulate(self) -> np.ndarray:
        """Simulated future paths on the indicator's scale: (years, repetitions), seeded.

        Paths are split among the candidates by weight; each is simulated from its fitted
        state-space model with errors of the widened variance (and, for the drift, a drawn
        drift error), so the paths' spread matches the intervals.
        """
        if self._sims is None:
            rng = np.random.default_rng(SEED)
            counts = allocate(self.dist.weights, REPETITIONS)
            parts = [_simulate(self, f, int(c), rng) for f, c in zip(self.fits, counts, strict=True)
                     if c > 0]
            self._sims = self.transform.inverse(np.hstack(parts))
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
                   "crps": self.dist.crps(z_real, i),
                   "persistence_crps": scores.crps_gaussian(p_mean, p_sd, z_real),
                   "scaled_error": err / scale if scale else None,
                   "persistence_scaled_error": p_err / scale if scale else None,
                   "family": self.target.family}
            for level, (lo, hi) in bounds.items():
                row[f"hit{round(level * 100)}"] = bool(lo[i] <= real <= hi[i])
            row.update(_normalised(self, i, z_real, p_mean, p_sd))
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
                "family": self.target.family, "method": self.config.name,
                "candidates": self.candidates}


def _normalised(sf: SeriesForecast, i: int, z_real: float, p_mean: float, p_sd: float
                ) -> dict[str, Any]:
    """Model-scale errors of the model's median and of persistence, in units of the random
    walk's spread (the inputs of :mod:`.calibrate`), and persistence's Gaussian interval hits."""
    z_med, z_sd = float(sf.dist.quantile(0.5)[i]), float(sf.dist.sd()[i])
    out: dict[str, Any] = {"z_realized": z_real, "z_median": z_med, "z_sd": z_sd,
                           "z_last": p_mean, "z_persistence_sd": p_sd,
                           "norm_error": calibrate.normalised(z_real, z_med, p_sd),
                           "persistence_norm_error": calibrate.normalised(z_real, p_mean, p_sd)}
    for level in LEVELS:
        half = float(ndtri(0.5 + level / 2)) * p_sd
        out[f"phit{round(level * 100)}"] = bool(abs(z_real - p_mean) <= half)
    return out


def last_run(history: pd.Series) -> pd.Series:
    """The last unbroken run of consecutive years."""
    if history.empty:
        return history
    years = history.index.to_numpy(dtype=int)
    breaks = np.nonzero(np.diff(years) != 1)[0]
    return history.iloc[breaks[-1] + 1:] if len(breaks) else history


def project(target: Target, history: pd.Series, horizon: int, unit: str = "",
            sources: str = "", config: str | Config = DEFAULT_CONFIG) -> SeriesForecast:
    """Forecast ``target`` from its known ``history`` (year -> value) to ``horizon``."""
    run = last_run(history)
    sf = SeriesForecast(target, "forecast", "", run, unit, sources, get_config(config))
    problem = _problem(target, history, run, horizon)
    if problem:
        sf.status, sf.reason = problem
        return sf
    y = pd.Series(sf.transform.forward(run.to_numpy()),
                  index=pd.PeriodIndex(run.index.astype(int), freq="Y"))
    steps = horizon - int(run.index[-1])
    fits = [f for s in sf.config.candidates if (f := models.fit(y, s, steps)) is not None]
    if not fits:
        sf.status, sf.reason = "failed", "no candidate model could be fitted to the series"
        return sf
    return _fill(sf, y, fits, steps)


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


def weights(fits: list[Fit], combine: Combine) -> np.ndarray:
    """Akaike weights of the fits, or 1 for the lowest AICc and 0 for the rest."""
    aicc = np.array([f.aicc for f in fits])
    if combine == "best":
        return (np.arange(len(fits)) == int(np.argmin(aicc))).astype(float)
    w = np.exp(-0.5 * (aicc - aicc.min()))
    return w / w.sum()


def variance(f: Fit, steps: int, parameter_uncertainty: bool) -> np.ndarray:
    """The forecast variance of a fit by step, widened for estimated parameters if asked."""
    var = f.var[:steps].copy()
    if parameter_uncertainty:
        var *= df_factor(f)
        if f.spec == "RW+drift":
            var *= 1 + np.arange(1, steps + 1) / (f.n - 1)
    return var


def df_factor(f: Fit) -> float:
    """n / (n - k): from the likelihood's SSE / n to the degrees-of-freedom SSE / (n - k)."""
    return f.n / max(f.n - f.k, 1)


def _fill(sf: SeriesForecast, y: pd.Series, fits: list[Fit], steps: int) -> SeriesForecast:
    cfg, w = sf.config, weights(fits, sf.config.combine)
    keep = [i for i in range(len(fits)) if w[i] > 0]
    sf.fits, sf.y = [fits[i] for i in keep], y
    sf.dist = Mixture(w[keep], np.vstack([fits[i].mean[:steps] for i in keep]),
                      np.sqrt(np.vstack([variance(fits[i], steps, cfg.parameter_uncertainty)
                                         for i in keep])))
    sf.candidates = [{"model": f.spec, "label": models.SPECS[f.spec].label, "aicc": f.aicc,
                      "weight": float(wi)} for f, wi in zip(fits, w, strict=True)]
    last = int(y.index[-1].year)
    sf.years = list(range(last + 1, last + steps + 1))
    sf.model = _describe(sf, fits, w)
    return sf


def _describe(sf: SeriesForecast, fits: list[Fit], w: np.ndarray) -> str:
    scale = f"on the {sf.target.transform} scale"
    if sf.config.combine == "best":
        f = fits[int(np.argmax(w))]
        return f"{f.spec} {scale}, AICc {f.aicc:.1f}"
    order = np.argsort(-w, kind="stable")
    parts = [f"{fits[i].spec} {w[i]:.2f}" for i in order if w[i] >= 0.005]
    return f"AICc-weighted {', '.join(parts)} {scale}"


def _simulate(sf: SeriesForecast, f: Fit, count: int, rng: np.random.Generator) -> np.ndarray:
    steps, pu = len(sf.years), sf.config.parameter_uncertainty
    sigma2 = f.mse * (df_factor(f) if pu else 1.0)
    errors = rng.normal(0.0, np.sqrt(sigma2), size=(steps, count))
    paths = np.asarray(models.results(sf.y, f).simulate(
        steps, anchor="end", repetitions=count, random_errors=errors), dtype=float)
    paths = paths.reshape(steps, count)
    if pu and f.spec == "RW+drift":
        drift = rng.normal(0.0, np.sqrt(sigma2 / (f.n - 1)), size=count)
        paths = paths + np.outer(np.arange(1, steps + 1), drift)
    return paths
