"""Forecast configurations: which candidate models enter and how (no heavy imports here).

A configuration names its candidates (:data:`.models.SPECS`), how they are combined
(``weights``: Akaike weights; ``best``: the lowest AICc alone) and whether the intervals are
widened for estimated parameters (:func:`.forecast.variance`). :data:`DEFAULT_CONFIG` was chosen
by the rule in docs/method.md, "Outlook": among the configurations whose 80% and 95% intervals
held their share of outcomes within 5 points in the backtest with origins 1998-2005 scored on
values public by 31 March 2006, the one with the lowest mean CRPS.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from trilateral.errors import InputError

Combine = Literal["weights", "best"]


@dataclass(frozen=True)
class Config:
    """Which candidate models enter, how they are combined, and how intervals are widened."""

    name: str
    candidates: tuple[str, ...]
    combine: Combine
    parameter_uncertainty: bool
    text: str


_BASE = ("ETS(A,N,N)", "RW", "ETS(A,Ad,N)")
_ALL = (*_BASE, "RW+drift", "ETS(A,A,N)")
CONFIGS: dict[str, Config] = {c.name: c for c in (
    Config("combined", _BASE, "weights", True,
           "AICc-weighted mixture of local level, random walk and damped trend, with "
           "parameter-aware variances"),
    Config("combined-drift", (*_BASE, "RW+drift"), "weights", True,
           "as 'combined', plus the random walk with drift"),
    Config("combined-linear", _ALL, "weights", True,
           "as 'combined-drift', plus the local linear trend ETS(A,A,N)"),
    Config("combined-analytic", _ALL, "weights", False,
           "as 'combined-linear', with the models' analytical variances"),
    Config("selected", _ALL, "best", False,
           "the five candidates' lowest AICc alone, analytical variances"),
    Config("random-walk", ("RW",), "best", True, "the random walk alone"),
    Config("previous", ("ETS(A,N,N)", "ETS(A,A,N)", "ETS(A,Ad,N)"), "best", False,
           "the method before the backtest-guided choice: lowest AICc of three ETS models, "
           "analytical variances"),
)}
DEFAULT_CONFIG = "combined"


def get_config(config: str | Config) -> Config:
    if isinstance(config, Config):
        return config
    if config not in CONFIGS:
        raise InputError(f"unknown forecast configuration {config!r}; one of "
                         f"{', '.join(CONFIGS)}", field="config")
    return CONFIGS[config]
