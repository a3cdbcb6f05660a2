"""Small estimators behind the checks, and each check's stance toward a path.

How checks become verdicts is in :mod:`trilateral.paths.combine`.

All intervals are two-sided at :data:`LEVEL` (90%). Time spent estimating is added up in
:data:`FIT_TIMER` so that the benchmark can compare it with the whole report's time.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy.special import ndtri, stdtrit

LEVEL = 0.90
Z = float(ndtri(0.5 + LEVEL / 2))  # 1.645: half-width of a 90% normal interval in SEs


@dataclass
class Timer:
    seconds: float = 0.0

    @contextlib.contextmanager
    def __call__(self) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds += time.perf_counter() - start


FIT_TIMER = Timer()


@dataclass(frozen=True)
class Estimate:
    estimate: float
    lower: float
    upper: float
    n: int


def trend(x: Sequence[float], y: Sequence[float], level: float = LEVEL) -> Estimate | None:
    """OLS slope of ``y`` on ``x`` with its t interval; ``None`` with fewer than 3 points."""
    with FIT_TIMER():
        x_, y_ = np.asarray(x, float), np.asarray(y, float)
        ok = np.isfinite(x_) & np.isfinite(y_)
        x_, y_ = x_[ok], y_[ok]
        n = len(x_)
        if n < 3 or np.ptp(x_) == 0:
            return None
        xc = x_ - x_.mean()
        slope = float((xc * (y_ - y_.mean())).sum() / (xc**2).sum())
        resid = y_ - y_.mean() - slope * xc
        se = math.sqrt(float((resid**2).sum()) / (n - 2) / float((xc**2).sum()))
        half = float(stdtrit(n - 2, 0.5 + level / 2)) * se
        return Estimate(slope, slope - half, slope + half, n)


def residuals(x: Sequence[float], y: Sequence[float]) -> dict[float, float]:
    """OLS residuals of ``y`` on ``x``, keyed by ``x`` (to line series up by year)."""
    x_, y_ = np.asarray(x, float), np.asarray(y, float)
    ok = np.isfinite(x_) & np.isfinite(y_)
    x_, y_ = x_[ok], y_[ok]
    if len(x_) < 3 or np.ptp(x_) == 0:
        return {}
    slope, icpt = np.polyfit(x_, y_, 1)
    return dict(zip(x_.tolist(), (y_ - icpt - slope * x_).tolist(), strict=True))


def lag1(resid: dict[float, float], min_points: int = 5) -> float | None:
    """Lag-1 autocorrelation of OLS residuals of a series of consecutive years (else None).

    A diagnostic only: the trend intervals assume independent residuals, and with positive
    autocorrelation they are too narrow (docs/method.md, known limitations).
    """
    keys = sorted(resid)
    if len(keys) < min_points or any(b - a != 1 for a, b in zip(keys, keys[1:], strict=False)):
        return None
    r = np.array([resid[k] for k in keys])
    denom = float((r * r).sum())
    return None if denom == 0 else float((r[1:] * r[:-1]).sum() / denom)


MIN_COMMON = 5  # common years needed to estimate two series' residual correlation


def correlation(a: dict[float, float], b: dict[float, float]) -> float:
    """Residual correlation over the common years, floored at 0; 1 when it cannot be estimated.

    With fewer than :data:`MIN_COMMON` common years (survey waves, different panels) the
    correlation is unknown and the conservative value 1 is used. The floor keeps a pooled
    interval from being narrower than under independence on the strength of a noisy estimate.
    """
    common = sorted(set(a) & set(b))
    if len(common) < MIN_COMMON:
        return 1.0
    ra, rb = np.array([a[k] for k in common]), np.array([b[k] for k in common])
    if ra.std() == 0 or rb.std() == 0:
        return 1.0
    return max(0.0, float(np.corrcoef(ra, rb)[0, 1]))


def pooled(estimates: Sequence[Estimate], resid: Sequence[dict[float, float]] | None = None
           ) -> tuple[Estimate, float | None]:
    """Mean of several estimates, its half-width allowing for their correlation.

    half = sqrt(sum_ij r_ij h_i h_j) / n with h the half-widths and r_ij from
    :func:`correlation` (1 where no residuals are given): independence would understate the
    uncertainty of series that share shocks (e.g. two intensities with the same US totals).
    Returns the estimate and the smallest pairwise correlation used (None for one series).
    """
    n = len(estimates)
    est = sum(e.estimate for e in estimates) / n
    h = np.array([(e.upper - e.lower) / 2 for e in estimates])
    r = np.ones((n, n))
    for i, j in combinations(range(n), 2):
        r[i, j] = r[j, i] = correlation(resid[i], resid[j]) if resid else 1.0
    half = math.sqrt(float(h @ r @ h)) / n
    low_r = float(r[np.triu_indices(n, 1)].min()) if n > 1 else None
    return Estimate(est, est - half, est + half, sum(e.n for e in estimates)), low_r


def mean_interval(values: Sequence[float], level: float = LEVEL) -> Estimate | None:
    """Mean with a t interval (a single value gives a zero-width interval)."""
    with FIT_TIMER():
        v = np.asarray([x for x in values if x is not None and math.isfinite(x)], float)
        if len(v) == 0:
            return None
        m = float(v.mean())
        if len(v) == 1:
            return Estimate(m, m, m, 1)
        t = float(stdtrit(len(v) - 1, 0.5 + level / 2))
        half = t * float(v.std(ddof=1)) / math.sqrt(len(v))
        return Estimate(m, m - half, m + half, len(v))


def log_rate_ratio(recent: int, earlier: int, level: float = LEVEL) -> Estimate | None:
    """log(recent / earlier) of two Poisson counts over equal windows, exact interval.

    Uses the ledger's :func:`trilateral.evidence.momentum.rate_ratio` (Clopper-Pearson on the
    conditional binomial). Infinite bounds (a zero count) are capped at log(2n + 1) so that the
    soft stance stays defined; ``None`` when both counts are zero.
    """
    from trilateral.evidence.momentum import rate_ratio

    with FIT_TIMER():
        if recent + earlier == 0:
            return None
        ratio, low, high = rate_ratio(recent, earlier, level)
        cap = math.log(2 * (recent + earlier) + 1)

        def _log(v: float) -> float:
            if v <= 0:
                return -cap
            return max(-cap, min(cap, math.log(v))) if math.isfinite(v) else cap

        return Estimate(_log(ratio), _log(low), _log(high), recent + earlier)


def net_direction(positive: int, negative: int, level: float = LEVEL) -> Estimate | None:
    """(positive - negative) / (positive + negative) with a Wilson interval; in [-1, 1]."""
    with FIT_TIMER():
        n = positive + negative
        if n == 0:
            return None
        z = float(ndtri(0.5 + level / 2))
        p = positive / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        return Estimate(2 * p - 1, 2 * (centre - half) - 1, 2 * (centre + half) - 1, n)


def stance(lower: float, upper: float, null: float, expect: int) -> str:
    """consistent / inconsistent when the interval excludes ``null``; neutral otherwise."""
    if lower > null or upper < null:
        above = lower > null
        return "consistent" if above == (expect > 0) else "inconsistent"
    return "neutral"
