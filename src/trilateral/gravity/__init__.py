"""Structural gravity: PPML and OLS with high-dimensional fixed effects, a thin layer over
pyfixest, with result objects that carry their sample, dropped observations and sums of terms.

>>> from trilateral import gravity
>>> rep = gravity.replicate("agtpa-rta")            # doctest: +SKIP
>>> rep["globalization"].totals()["rta_total"]      # doctest: +SKIP
>>> gravity.nafta("agtpa").to_dict()                # doctest: +SKIP
"""

from __future__ import annotations

from trilateral.gravity.estimate import fit
from trilateral.gravity.panel import Panel, load, prepare
from trilateral.gravity.replication import Replication, chapter2_baseline, replicate
from trilateral.gravity.result import GravityResult, LinearCombination
from trilateral.gravity.spec import Spec

__all__ = ["GravityResult", "LinearCombination", "Panel", "Replication", "Spec",
           "chapter2_baseline", "fit", "load", "prepare", "replicate"]
