"""The forecast distribution of one series: a mixture of Gaussians per year, on the model scale.

Each candidate model contributes a Gaussian forecast per step with its weight (one component
with weight 1 when a single model is chosen). Quantiles are found by bisection on the mixture's
distribution function (it is increasing, so the 80% interval lies inside the 95% one); the CRPS
has the closed form for Gaussian mixtures (Grimit et al. 2006, Q. J. R. Meteorol. Soc. 132).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.special import ndtr, ndtri

BISECTIONS = 60  # halves the bracket of +-10 sd to well below 1e-12 of the model scale


@dataclass
class Mixture:
    """``weights`` (K,), ``means`` and ``sds`` (K, steps): component k's Gaussian at each step."""

    weights: np.ndarray
    means: np.ndarray
    sds: np.ndarray
    _quantiles: dict[float, np.ndarray] = field(default_factory=dict, repr=False)

    @property
    def steps(self) -> int:
        return int(self.means.shape[1])

    def cdf(self, x: np.ndarray) -> np.ndarray:
        """P(value <= x[h]) for each step h."""
        z = (np.asarray(x, dtype=float)[None, :] - self.means) / self.sds
        return self.weights @ ndtr(z)

    def quantile(self, p: float) -> np.ndarray:
        """The ``p`` quantile at each step (memoised: intervals and scores reuse them)."""
        if p not in self._quantiles:
            self._quantiles[p] = self._quantile(p)
        return self._quantiles[p]

    def _quantile(self, p: float) -> np.ndarray:
        if len(self.weights) == 1:
            return self.means[0] + ndtri(p) * self.sds[0]
        lo = np.min(self.means - 10 * self.sds, axis=0)
        hi = np.max(self.means + 10 * self.sds, axis=0)
        for _ in range(BISECTIONS):
            mid = (lo + hi) / 2
            below = self.cdf(mid) < p
            lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
        return (lo + hi) / 2

    def sd(self) -> np.ndarray:
        """The mixture's standard deviation at each step (law of total variance)."""
        mean = self.weights @ self.means
        second = self.weights @ (self.sds ** 2 + self.means ** 2)
        return np.sqrt(np.maximum(second - mean ** 2, 0.0))

    def crps(self, x: float, step: int) -> float:
        """CRPS of the mixture at step index ``step`` for the outcome ``x``."""
        w, m, s = self.weights, self.means[:, step], self.sds[:, step]
        spread = _abs_normal(m[:, None] - m[None, :], np.hypot(s[:, None], s[None, :]))
        return float(w @ _abs_normal(x - m, s) - 0.5 * w @ spread @ w)


def _abs_normal(mu: np.ndarray, sd: np.ndarray) -> np.ndarray:
    """E|X| for X ~ N(mu, sd^2) (|mu| when sd is 0)."""
    mu, sd = np.asarray(mu, dtype=float), np.asarray(sd, dtype=float)
    safe = np.where(sd > 0, sd, 1.0)
    r = mu / safe
    val = 2 * safe * np.exp(-r * r / 2) / np.sqrt(2 * np.pi) + mu * (2 * ndtr(r) - 1)
    return np.where(sd > 0, val, np.abs(mu))


def allocate(weights: np.ndarray, total: int) -> np.ndarray:
    """Split ``total`` simulated paths among components by weight (largest remainders)."""
    raw = np.asarray(weights, dtype=float) * total
    counts = np.floor(raw).astype(int)
    rest = total - int(counts.sum())
    counts[np.argsort(-(raw - counts), kind="stable")[:rest]] += 1
    return counts

