"""Forecast configurations: which candidate models enter and how (no heavy imports here).

A configuration names its candidates (:data:`.models.SPECS`), how they are combined
(``weights``: Akaike weights; ``best``: the lowest AICc alone) and whether the intervals are
widened for estimated parameters (:func:`.forecast.variance`). :data:`DEFAULT_CONFIG` was chosen
by the rule in docs/method.md, "Outlook": among the configurations whose 80% and 95% intervals
held their share of outcomes within 5 points in the backtest with origins 1998-2005 scored on
values public by 31 March 2006, the one with the lowest mean CRPS.
"""

from __future__ import annotations

import datetime as dt
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
# the forecast registry and the frozen [[outlook]] configuration start on this date: anything
# issued or backtested from an earlier date used a configuration fixed after it (in-sample)
REGISTRY_START = dt.date(2026, 12, 4)
VINTAGE_NOTE = ("data vintages are today's: revisions since each origin are not undone, so "
                "replays see revised figures")


def frozen_config(day: dt.date | None = None) -> str:
    """The forecast configuration of the ``[[outlook]]`` entry in force on ``day`` (today by
    default; the first entry for earlier days, which makes them in-sample)."""
    from trilateral import defaults

    entry = defaults.in_force("outlook", day) or defaults.load()["outlook"][0]
    return str(entry.settings.get("config", DEFAULT_CONFIG))


def configuration(origin: dt.date | None) -> dict[str, object]:
    """Which frozen configuration a forecast from ``origin`` (None: today) uses, and whether
    that configuration was chosen after the origin (then the forecast is in-sample)."""
    from trilateral import defaults

    day = origin or dt.date.today()
    entry = defaults.in_force("outlook", day)
    used = entry or defaults.load()["outlook"][0]
    return {"config": used.settings.get("config", DEFAULT_CONFIG),
            "fixed": used.fixed.isoformat(), "why": used.why,
            "settings": used.settings, "in_force_at_origin": entry is not None,
            "in_sample": entry is None,
            "label": ("out of sample: the configuration was fixed before the origin"
                      if entry is not None else
                      f"in-sample: the configuration was fixed on {used.fixed}, after the "
                      f"origin {day}"),
            "vintages": VINTAGE_NOTE}


def get_config(config: str | Config) -> Config:
    if isinstance(config, Config):
        return config
    if config not in CONFIGS:
        raise InputError(f"unknown forecast configuration {config!r}; one of "
                         f"{', '.join(CONFIGS)}", field="config")
    return CONFIGS[config]
