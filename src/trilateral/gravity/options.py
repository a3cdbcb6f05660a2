"""Every allowed option of the gravity estimators, in one place, checked at the boundary.

Values arrive from the command line or from callers as plain strings; :func:`check` turns a bad
one into an :class:`~trilateral.errors.InputError` that names the option and lists the choices.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from trilateral.errors import InputError

Estimator = Literal["ppml", "ols"]
"""``ppml``: Poisson pseudo-maximum likelihood on flows (zeros kept); ``ols``: OLS on log flows."""

FixedEffects = Literal[
    "exporter_year+importer_year",
    "exporter_year+importer_year+intra_pair",
    "exporter_year+importer_year+pair",
]
"""Fixed-effect sets: multilateral resistances, plus one intranational dummy per country
(``intra_pair``) or one dummy per (symmetric) country pair (``pair``)."""

SampleFilter = Literal["international", "positive_flow", "positive_pair"]
"""``international``: exporter != importer; ``positive_flow``: flow > 0 (needed for logs);
``positive_pair``: pairs whose flows sum to more than zero over the years used (a pair with no
trade at all carries no information once it has its own fixed effect)."""

Cluster = Literal["pair", "exporter", "importer", "hetero"]
"""Standard errors clustered by country pair (the guide's choice), exporter or importer, or
heteroskedasticity-robust without clustering."""

SmallSample = Literal["cluster", "full", "none"]
"""Small-sample factor of clustered errors. ``cluster``: G/(G-1) only, Stata's factor for
maximum-likelihood estimators such as ``ppml`` and the R translation's (capybara) factor;
``full``: also (N-1)/(N-K) counting every fixed effect, as Stata's ``regress`` with dummy
variables; ``none``: no factor."""

Separation = Literal["fe", "ir", "fe+ir", "none"]
"""Separation checks of pyfixest's ``fepois`` before fitting: ``fe`` drops observations in
fixed-effect groups whose flows are all zero; ``ir`` runs the iterative-rectifier check (slower);
``none`` skips both."""

PanelName = Literal["agtpa", "penppml", "wiod"]
"""The gravity panels: the Advanced Guide panel (1986-2006), the Comtrade panel with agreement
provisions (1964-2016, every 4 years), the WIOD panel (2000, 2005, 2010, 2014)."""

Application = Literal["agtpa-rta"]
"""Published applications that ``trilateral gravity replicate`` reproduces."""


def choices(option: Any) -> tuple[str, ...]:
    """The allowed values of a ``Literal`` option type."""
    return tuple(get_args(option))


def check(value: object, option: Any, name: str) -> str:
    """Return ``value`` if it is one of ``option``'s values, else raise :class:`InputError`."""
    allowed = choices(option)
    if value not in allowed:
        raise InputError(f"{name} must be one of {', '.join(allowed)}; got {value!r}", field=name)
    return str(value)
