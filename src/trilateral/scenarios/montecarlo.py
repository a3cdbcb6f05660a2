"""Monte Carlo over estimated coefficients: draw, re-solve the general equilibrium, summarise.

Coefficients are drawn from a normal distribution with the estimates as mean and their
pair-clustered covariance, with a seeded generator so that a run is reproducible. The baseline
(flows and fitted trade costs) is held fixed; only the shock changes from draw to draw.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

LEVEL = 0.95


@dataclass
class Simulation:
    """Draws of every output array (``draws x ...``) and the coefficients that produced them."""

    coefficients: np.ndarray
    outputs: dict[str, np.ndarray]
    seed: int
    failed: int = 0

    @property
    def draws(self) -> int:
        return int(self.coefficients.shape[0])

    def interval(self, key: str, level: float = LEVEL) -> tuple[np.ndarray, np.ndarray]:
        """Equal-tailed percentile interval of output ``key``."""
        tail = (1.0 - level) / 2 * 100
        lower, upper = np.percentile(self.outputs[key], [tail, 100 - tail], axis=0)
        return lower, upper


def draw_coefficients(coef: np.ndarray, vcov: np.ndarray, draws: int, seed: int) -> np.ndarray:
    """``draws`` coefficient vectors from N(coef, vcov)."""
    rng = np.random.default_rng(seed)
    return rng.multivariate_normal(np.asarray(coef, float), np.asarray(vcov, float), size=draws)


def simulate(solve: Callable[[np.ndarray], dict[str, np.ndarray]], coef: np.ndarray,
             vcov: np.ndarray, draws: int, seed: int) -> Simulation:
    """Run ``solve`` on each draw; draws whose equilibrium cannot be solved are counted."""
    from trilateral.errors import EstimationError

    sample = draw_coefficients(coef, vcov, draws, seed)
    kept, outputs, failed = [], [], 0
    for beta in sample:
        try:
            outputs.append(solve(beta))
            kept.append(beta)
        except EstimationError:
            failed += 1
    if not outputs:
        raise EstimationError(f"no Monte Carlo draw could be solved ({draws} tried)")
    stacked = {k: np.stack([o[k] for o in outputs]) for k in outputs[0]}
    return Simulation(np.array(kept), stacked, seed, failed)
