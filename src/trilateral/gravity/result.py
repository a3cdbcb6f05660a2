"""Result objects of gravity fits: coefficients, errors, sums of terms, dropped observations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from trilateral.errors import InputError
from trilateral.gravity.spec import Spec

Z95 = float(stats.norm.ppf(0.975))


@dataclass(frozen=True)
class LinearCombination:
    """A sum of coefficients with its delta-method standard error (normal 95% interval)."""

    name: str
    terms: tuple[str, ...]
    coef: float
    se: float

    @property
    def interval(self) -> tuple[float, float]:
        return (self.coef - Z95 * self.se, self.coef + Z95 * self.se)

    @property
    def p_value(self) -> float:
        return float(2 * stats.norm.sf(abs(self.coef / self.se))) if self.se > 0 else float("nan")

    def percent(self) -> dict[str, float]:
        """The effect on trade in percent, exp(b) - 1, with the interval transformed likewise."""
        lo, hi = self.interval
        return {"effect": 100 * np.expm1(self.coef), "lower": 100 * np.expm1(lo),
                "upper": 100 * np.expm1(hi)}

    def to_dict(self) -> dict[str, Any]:
        lo, hi = self.interval
        return {"terms": list(self.terms), "coef": self.coef, "se": self.se, "lower": lo,
                "upper": hi, "p_value": self.p_value}


@dataclass(frozen=True)
class Dropped:
    """Observations left out of a fit, and why."""

    reason: str
    n_obs: int
    stage: str  # "sample" (the specification's filters) or "estimation" (pyfixest)


@dataclass
class GravityResult:
    """A fitted gravity specification. ``model`` is the pyfixest fit, for anything not here."""

    spec: Spec
    model: Any
    n_panel: int
    dropped: list[Dropped] = field(default_factory=list)
    separation_check: str = "fe"
    small_sample: str = "cluster"
    notes: list[str] = field(default_factory=list)

    # ------------------------------------------------------------------ estimates
    def coef(self) -> pd.Series:
        return self.model.coef().rename("coef")

    def se(self) -> pd.Series:
        return self.model.se().rename("se")

    def vcov(self) -> pd.DataFrame:
        names = list(self.model._coefnames)
        return pd.DataFrame(np.asarray(self.model._vcov), index=names, columns=names)

    def tidy(self) -> pd.DataFrame:
        """One row per term: coef, se, statistic, p value and 95% interval (pyfixest's)."""
        t = self.model.tidy()
        t = t.set_axis(["coef", "se", "statistic", "p_value", "lower", "upper"], axis=1)
        return t.rename_axis("term").reset_index()

    @property
    def nobs(self) -> int:
        return int(self.model._N)

    @property
    def dropped_terms(self) -> list[str]:
        """Terms pyfixest removed as collinear with the fixed effects (not identified)."""
        return [str(v) for v in (getattr(self.model, "_collin_vars", None) or [])]

    # ------------------------------------------------------------------ sums of terms
    def total(self, terms: tuple[str, ...] | list[str], name: str = "total") -> LinearCombination:
        """Sum of ``terms`` with its delta-method error from the fit's covariance matrix."""
        coef, vcov = self.coef(), self.vcov()
        missing = [t for t in terms if t not in coef.index]
        if missing:
            raise InputError(f"terms not estimated: {missing}", field="terms")
        w = np.ones(len(terms))
        v = vcov.loc[list(terms), list(terms)].to_numpy()
        return LinearCombination(name, tuple(terms), float(coef[list(terms)].sum()),
                                 float(np.sqrt(w @ v @ w)))

    def totals(self) -> dict[str, LinearCombination]:
        """The specification's named sums (e.g. the total RTA effect with its lags)."""
        coef = self.coef()
        return {name: self.total(terms, name) for name, terms in self.spec.totals
                if all(t in coef.index for t in terms)}

    # ------------------------------------------------------------------ diagnostics
    def separation(self) -> dict[str, Any]:
        n_sep = int(getattr(self.model, "n_separation_na", 0) or 0)
        return {"check": self.separation_check, "n_separated": n_sep,
                "separated": n_sep > 0}

    def dropped_table(self) -> pd.DataFrame:
        rows = [d.__dict__ for d in self.dropped if d.n_obs]
        return pd.DataFrame(rows, columns=["reason", "n_obs", "stage"])

    def summary(self) -> str:
        """A plain-text table of the estimates with the sample and what was dropped."""
        lines = [f"{self.spec.key}: {self.spec.label or self.spec.formula()}",
                 f"  formula   {self.spec.formula()}",
                 f"  estimator {self.spec.estimator}, errors clustered by {self.spec.cluster} "
                 f"(small-sample factor: {self.small_sample}), N = {self.nobs:,}"]
        for _, r in self.tidy().iterrows():
            lines.append(f"  {r['term']:<18} {r['coef']:>9.4f} ({r['se']:.4f})")
        for t in self.totals().values():
            lines.append(f"  {'sum ' + t.name:<18} {t.coef:>9.4f} ({t.se:.4f})  "
                         f"= {' + '.join(t.terms)}")
        for d in self.dropped:
            if d.n_obs:
                lines.append(f"  dropped {d.n_obs:,} obs ({d.stage}): {d.reason}")
        for name in self.dropped_terms:
            lines.append(f"  not identified (collinear with fixed effects): {name}")
        lines.extend(f"  note: {n}" for n in self.notes)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        coef, se = self.coef(), self.se()
        return {
            "label": self.spec.label, "formula": self.spec.formula(),
            "estimator": self.spec.estimator, "fixed_effects": self.spec.fixed_effects,
            "cluster": self.spec.cluster, "small_sample": self.small_sample,
            "terms": {t: {"coef": float(coef[t]), "se": float(se[t])} for t in coef.index},
            "totals": {k: v.to_dict() for k, v in self.totals().items()},
            "nobs": self.nobs, "n_panel": self.n_panel,
            "dropped": [d.__dict__ for d in self.dropped if d.n_obs],
            "not_identified": self.dropped_terms, "separation": self.separation(),
            "notes": list(self.notes),
        }
