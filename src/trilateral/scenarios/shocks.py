"""Turn a move between two policy states into a matrix of trade-cost changes.

For the directed pair exporter ``e`` -> importer ``i`` among the three, the log change of the
trade-cost term is::

    sum_k (w_end_k - w_start_k) * beta_k  -  sigma * (log(1 + r_end) - log(1 + r_start))

with ``w`` the weights an agreement status puts on the estimated terms (``Setup.agreement``)
and ``r`` the pair's effective ad valorem rate in each state at the chosen bound (``low``:
the high exempt share; ``high``: the low exempt share).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from trilateral.errors import InputError
from trilateral.scenarios.definitions import NA_PAIRS, Setup
from trilateral.scenarios.policy import Built

BOUNDS = ("high", "low")  # "high": the higher effective rate (exempt share at its low bound)


@dataclass(frozen=True)
class Move:
    """From one built state to another, on one setup."""

    setup: Setup
    start: Built
    end: Built

    @property
    def uses_coefficients(self) -> bool:
        return bool(self.weight_change())

    @property
    def bounds(self) -> tuple[str, ...]:
        """Both bounds when either state's rates differ between them, else just one."""
        differ = any(abs(p.high - p.low) > 0 for b in (self.start, self.end)
                     for p in b.pairs.values())
        return BOUNDS if differ else BOUNDS[:1]

    def weight_change(self) -> dict[str, float]:
        return dict(self._weight_change)

    @cached_property
    def _weight_change(self) -> dict[str, float]:
        start = self.setup.weights(self.start.state.agreement)
        end = self.setup.weights(self.end.state.agreement)
        terms = set(start) | set(end)
        change = {t: end.get(t, 0.0) - start.get(t, 0.0) for t in sorted(terms)}
        return {t: w for t, w in change.items() if w != 0.0}

    def rate_change(self, exporter: str, importer: str, bound: str) -> tuple[float, float]:
        return (self.start.pairs[(importer, exporter)].rate(bound),
                self.end.pairs[(importer, exporter)].rate(bound))

    def pair_log_change(self, exporter: str, importer: str, terms: Sequence[str],
                        coef: np.ndarray, sigma: float, bound: str) -> float:
        value = _weighted(self.weight_change(), terms, coef)
        r0, r1 = self.rate_change(exporter, importer, bound)
        return value - sigma * (float(np.log1p(r1)) - float(np.log1p(r0)))

    def log_cost_change(self, countries: list[str], terms: Sequence[str], coef: np.ndarray,
                        sigma: float, bound: str) -> np.ndarray:
        """``log`` of the change in each pair's trade-cost term (0 for pairs not moved)."""
        index = {c: i for i, c in enumerate(countries)}
        out = np.zeros((len(countries), len(countries)))
        for e, i in NA_PAIRS:
            if e not in index or i not in index:
                raise InputError(f"pair {e}->{i} is not in the panel", field="panel")
            out[index[e], index[i]] = self.pair_log_change(e, i, terms, coef, sigma, bound)
        return out

    def log_cost_change_batch(self, countries: list[str], terms: Sequence[str],
                              betas: np.ndarray, sigmas: np.ndarray, bound: str) -> np.ndarray:
        """:meth:`log_cost_change` for ``D`` draws of the coefficients and sigma at once."""
        weights = np.zeros(len(terms))
        for term, w in self._weight_change.items():
            if term not in terms:
                raise InputError(f"shock uses term {term!r} that was not estimated",
                                 field="terms")
            weights[list(terms).index(term)] = w
        agreement = betas @ weights if betas.shape[1] else np.zeros(len(sigmas))
        index = {c: i for i, c in enumerate(countries)}
        out = np.zeros((len(sigmas), len(countries), len(countries)))
        for e, i in NA_PAIRS:
            r0, r1 = self.rate_change(e, i, bound)
            out[:, index[e], index[i]] = agreement - sigmas * (np.log1p(r1) - np.log1p(r0))
        return out

    def records(self, terms: Sequence[str], coef: np.ndarray, sigma: float
                ) -> list[dict[str, object]]:
        """Each pair's change in agreement weights, effective rates and cost term, per bound."""
        rows = []
        for e, i in NA_PAIRS:
            row: dict[str, object] = {"exporter": e, "importer": i,
                                      "weights": self.weight_change()}
            for bound in self.bounds:
                r0, r1 = self.rate_change(e, i, bound)
                change = self.pair_log_change(e, i, terms, coef, sigma, bound)
                row[f"rate_{bound}"] = {"start": r0, "end": r1,
                                        "cost_term_change_pct": float(np.expm1(change) * 100)}
            rows.append(row)
        return rows


def _weighted(weights: Mapping[str, float], terms: Sequence[str], coef: np.ndarray) -> float:
    value = 0.0
    for term, weight in weights.items():
        if term not in terms:
            raise InputError(f"shock uses term {term!r} that was not estimated", field="terms")
        value += weight * float(coef[list(terms).index(term)])
    return value
