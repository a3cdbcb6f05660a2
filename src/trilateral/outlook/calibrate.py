"""Intervals calibrated on the backtest's own errors: empirical quantiles by lead year.

A model's Gaussian intervals assume its own error variance; in the backtest the trade shares'
80% and 95% intervals held too few outcomes. Here each scored forecast gives a *normalised
error* on the model scale,

    e = (z_realised - z_median) / s,   s = sigma_rw * sqrt(h),

the miss in units of the random walk's spread: ``sigma_rw`` is the root mean squared one-year
change of the series known at the origin and ``h`` the years since its last known value. (The
model's own standard deviation is not used as the unit: where a fit is nearly deterministic it
is tiny, and the few huge normalised errors it produces would widen every interval.) The
calibrated interval at level L is ``z_median + s * [q((1 - L) / 2), q((1 + L) / 2)]`` where ``q``
are empirical quantiles of the normalised errors of past forecasts of the same family and lead
year (split-conformal in spirit: the errors come from forecasts made and resolved before the one
being calibrated; quantile levels get the finite-sample correction ``ceil((n + 1) p) / n``).
Signed errors are used, so a lean of past forecasts is corrected too. The persistence baseline
is calibrated the same way on its own errors, ``(z_realised - z_last) / s``.

A lead year with fewer than :data:`MIN_PER_LEAD` past errors pools all leads of the family; with
fewer than :data:`MIN_ERRORS` in all, there is no calibration and the model's own interval is
kept (the row says ``calibrated: false``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

MIN_ERRORS = 20
MIN_PER_LEAD = 30
CALIBRATED_FAMILIES = ("trade", "trade_index")
METHOD = ("empirical quantiles of past normalised errors (realised minus median on the model "
          "scale, in units of the random walk's spread) by lead year; a lead with under "
          f"{MIN_PER_LEAD} past errors pools all leads; under {MIN_ERRORS} errors: the model's "
          "own interval")


def conformal_level(p: float, n: int) -> float:
    """The finite-sample quantile level ``ceil((n + 1) p) / n``, capped at 1 (upper tails) and
    mirrored for lower tails, so that an interval holds at least its level of exchangeable
    outcomes."""
    if p >= 0.5:
        return min(math.ceil((n + 1) * p) / n, 1.0)
    return max(1.0 - math.ceil((n + 1) * (1.0 - p)) / n, 0.0)


@dataclass
class Calibration:
    """Normalised errors of one family's past forecasts, by lead year."""

    errors: dict[int, list[float]] = field(default_factory=dict)

    @classmethod
    def from_errors(cls, pairs: Iterable[tuple[int, float]]) -> Calibration:
        out: dict[int, list[float]] = {}
        for lead, e in pairs:
            if e is not None and math.isfinite(e):
                out.setdefault(int(lead), []).append(float(e))
        return cls(out)

    @property
    def n(self) -> int:
        return sum(len(v) for v in self.errors.values())

    def sample(self, lead: int) -> np.ndarray | None:
        """The errors used for ``lead`` (that lead's, or every lead's), None when too few."""
        own = self.errors.get(lead, [])
        if len(own) >= MIN_PER_LEAD:
            return np.asarray(own)
        if self.n >= MIN_ERRORS:
            return np.concatenate([np.asarray(v) for v in self.errors.values()])
        return None

    def bounds(self, lead: int, level: float) -> tuple[float, float] | None:
        """Lower and upper normalised-error quantiles of the central ``level`` interval."""
        e = self.sample(lead)
        if e is None:
            return None
        lo, hi = (1 - level) / 2, (1 + level) / 2
        return (float(np.quantile(e, conformal_level(lo, len(e)), method="lower")),
                float(np.quantile(e, conformal_level(hi, len(e)), method="higher")))

    def quantile(self, lead: int, p: float) -> float | None:
        e = self.sample(lead)
        return None if e is None else float(np.quantile(e, p))

    def cdf(self, lead: int, x: float) -> float | None:
        """P(normalised error <= x), smoothed as (count + 1/2) / (n + 1) so that it is never 0
        or 1 (a log score stays finite)."""
        e = self.sample(lead)
        if e is None:
            return None
        return float((np.sum(e <= x) + 0.5) / (len(e) + 1))

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "by_lead": {str(k): len(v) for k, v in sorted(self.errors.items())},
                "method": METHOD}


def normalised(real_z: float, median_z: float, sd_z: float) -> float | None:
    if not sd_z or sd_z <= 0 or not math.isfinite(sd_z):
        return None
    return (real_z - median_z) / sd_z


def sequential_hits(rows: list[dict[str, Any]], levels: Iterable[float],
                    origin_day: Mapping[int, str], error_key: str = "norm_error",
                    prefix: str = "chit") -> None:
    """Add calibrated-interval hits to backtest rows, each calibrated only on earlier forecasts.

    A row of origin Y is calibrated on the rows of its family made at earlier origins whose
    realised value was public by Y's origin day (``origin_day[Y]``, ISO), so no outcome after the
    origin informs its interval. Rows without enough such errors keep the model's hit and get
    ``calibrated: false``.
    """
    levels = tuple(levels)
    by_family: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_family.setdefault(str(r.get("family")), []).append(r)
    for fam, rs in by_family.items():
        for origin in sorted({r["origin"] for r in rs}):
            day = origin_day[origin]
            past = [(r["lead"], r[error_key]) for r in rs
                    if r["origin"] < origin and r.get("available", "9999") <= day
                    and r.get(error_key) is not None]
            cal = Calibration.from_errors(past) if fam in CALIBRATED_FAMILIES else Calibration()
            for r in (x for x in rs if x["origin"] == origin):
                _mark(r, cal, levels, error_key, prefix)


def _mark(r: dict[str, Any], cal: Calibration, levels: tuple[float, ...], error_key: str,
          prefix: str) -> None:
    e = r.get(error_key)
    ok = e is not None and cal.sample(r["lead"]) is not None
    r[f"{prefix}_calibrated"] = ok
    for level in levels:
        tag = round(level * 100)
        if ok:
            lo, hi = cal.bounds(r["lead"], level)  # type: ignore[misc]
            r[f"{prefix}{tag}"] = bool(lo <= e <= hi)
        else:
            base = "hit" if prefix == "chit" else "phit"
            r[f"{prefix}{tag}"] = r.get(f"{base}{tag}")
