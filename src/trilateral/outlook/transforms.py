"""Transforms that make bounded indicators fit for Gaussian state-space models.

A share in percent lives in (0, 100), an index in (-1, 1), a ratio or distance above 0 and an
event count at or above 0. Models are fitted, and intervals computed, on the transformed scale;
points and bounds are then mapped back. The maps are monotone, so back-transformed intervals stay
ordered and inside the indicator's range, and the back-transformed mean is the forecast median.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

TransformName = Literal["logit_pct", "atanh", "log", "log1p", "identity"]


@dataclass(frozen=True)
class Transform:
    """A forward map to the model scale, its inverse, and the open domain it needs."""

    name: TransformName
    forward: Callable[[np.ndarray], np.ndarray]
    inverse: Callable[[np.ndarray], np.ndarray]
    low: float
    high: float
    closed_low: bool = False

    def valid(self, values: np.ndarray) -> bool:
        v = np.asarray(values, dtype=float)
        above = v >= self.low if self.closed_low else v > self.low
        return bool(np.all(np.isfinite(v)) and np.all(above) and np.all(v < self.high))


def _logit_pct(x: np.ndarray) -> np.ndarray:
    p = np.asarray(x, dtype=float) / 100.0
    return np.log(p / (1.0 - p))


def _expit_pct(z: np.ndarray) -> np.ndarray:
    return 100.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


TRANSFORMS: dict[str, Transform] = {
    "logit_pct": Transform("logit_pct", _logit_pct, _expit_pct, 0.0, 100.0),
    "atanh": Transform("atanh", np.arctanh, np.tanh, -1.0, 1.0),
    "log": Transform("log", np.log, np.exp, 0.0, np.inf),
    # counts: values below zero on the way back are censored at zero (no negative counts)
    "log1p": Transform("log1p", np.log1p, lambda z: np.maximum(np.expm1(z), 0.0), 0.0, np.inf,
                       closed_low=True),
    "identity": Transform("identity", np.asarray, np.asarray, -np.inf, np.inf),
}


def get(name: str) -> Transform:
    return TRANSFORMS[name]
