"""From checks to a path's verdict: precision-weighted pooling by evidence family, and TOST.

The rules, with their assumptions, are in docs/method.md ("From checks to a verdict"):

* Each informative check is put on a common scale: its *effect* d = s (e - n) / SESOI, in units
  of its smallest effect of interest (``checks.toml``), signed so that d > 0 is the direction
  the path predicts (for a null-type path: a regional effect). Its SE is the interval's mean
  half-width over z(0.95), also in SESOI units, floored at :data:`SE_FLOOR` so that coded
  values without sampling error cannot claim infinite precision.
* Checks of one *family* share inputs; their errors are taken as perfectly correlated, so a
  family counts once: inverse-variance weights within it, and the SE is the weighted mean SE
  (the variance of a weighted mean when every correlation is 1).
* Families are pooled with inverse-variance (fixed-effect) weights, as independent pieces of
  evidence; the alternative method is random-effects pooling (DerSimonian-Laird, tau^2
  truncated at zero; see :func:`between`).
* Verdict from the pooled effect D and its 90% interval (two one-sided tests at 5% each):
  ``insufficient-evidence`` with fewer than :data:`MIN_INFORMATIVE` informative checks;
  ``stalled`` when the interval lies within (-1, +1) SESOI (equivalence: no meaningful change);
  ``advancing`` / ``reversing`` when it lies above / below zero; ``inconclusive`` otherwise.
  A null-type path is ``advancing`` (supported) on equivalence and ``reversing`` when the
  interval excludes zero.
* The score in [-1, 1] is tanh(D) (tanh(1 - |D|) for a null-type path), kept for readers of
  the older scale (the outlook's verdict piece); the verdict never reads it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from trilateral.paths.model import CheckResult
from trilateral.paths.stats import LEVEL, Z

MIN_INFORMATIVE = 2
SE_FLOOR = 0.25  # in SESOI units
STALE_YEARS = 8  # a check whose newest observation is older than this says little about as_of
METHODS = ("precision-family", "random-effects")


def stale(latest_year: int | None, as_of_year: int) -> bool:
    return latest_year is not None and latest_year < as_of_year - STALE_YEARS


@dataclass(frozen=True)
class Reading:
    """One check on the common scale: effect and SE in SESOI units, and its family."""

    id: str
    family: str
    effect: float
    se: float


@dataclass(frozen=True)
class Pooled:
    effect: float
    se: float
    families: dict[str, tuple[float, float]]  # family -> (effect, se)
    weights: dict[str, float]  # check id -> its share of the pooled estimate
    tau2: float = 0.0


@dataclass(frozen=True)
class Combined:
    verdict: str
    score: float | None
    lower: float | None
    upper: float | None
    informative: int
    reason: str
    effect: float | None = None
    effect_lower: float | None = None
    effect_upper: float | None = None
    weights: dict[str, float] | None = None


def standardise(estimate: float, lower: float, upper: float, null: float, sign: int,
                sesoi: float, se_floor: float = SE_FLOOR) -> tuple[float, float]:
    """(effect, se) in SESOI units; ``sign`` +1 when the path predicts estimate above null."""
    se = max((upper - lower) / (2 * Z) / sesoi, se_floor)
    return sign * (estimate - null) / sesoi, se


def family_pool(readings: Sequence[Reading]) -> tuple[float, float]:
    """Inverse-variance mean of one family's effects, its SE under correlation 1."""
    w = [1 / r.se**2 for r in readings]
    total = sum(w)
    return (sum(wi * r.effect for wi, r in zip(w, readings, strict=True)) / total,
            sum(wi * r.se for wi, r in zip(w, readings, strict=True)) / total)


def between(eff: Sequence[float], var: Sequence[float], method: str = METHODS[0]
            ) -> tuple[float, float, list[float], float]:
    """Pool independent estimates: (mean, se, relative weights, tau^2).

    Fixed effect: inverse-variance weights. Random effects: DerSimonian-Laird tau^2,
    truncated at 0 (statsmodels' ``combine_effects`` 0.14 returns a negative DL tau^2 when
    the estimates agree more than their variances imply, and NaN weights when they are
    equal; tests/test_paths_stats.py checks this against it where tau^2 > 0).
    """
    w = [1 / v for v in var]
    total = sum(w)
    fe = sum(wi * e for wi, e in zip(w, eff, strict=True)) / total
    tau2 = 0.0
    if method == "random-effects" and len(eff) > 1:
        q = sum(wi * (e - fe) ** 2 for wi, e in zip(w, eff, strict=True))
        c = total - sum(wi * wi for wi in w) / total
        tau2 = max(0.0, (q - (len(eff) - 1)) / c)
        w = [1 / (v + tau2) for v in var]
        total = sum(w)
    mean = sum(wi * e for wi, e in zip(w, eff, strict=True)) / total
    return mean, math.sqrt(1 / total), [wi / total for wi in w], tau2


def pool(readings: Sequence[Reading], method: str = METHODS[0]) -> Pooled:
    """Pool readings: families first (correlation 1), then families as independent."""
    groups: dict[str, list[Reading]] = {}
    for r in readings:
        groups.setdefault(r.family, []).append(r)
    fams = {f: family_pool(rs) for f, rs in groups.items()}
    eff = [fams[f][0] for f in groups]
    var = [fams[f][1] ** 2 for f in groups]
    mean, se, fw, tau2 = between(eff, var, method)
    share = dict(zip(groups, fw, strict=True))
    weights = {}
    for f, rs in groups.items():
        w = [1 / r.se**2 for r in rs]
        for wi, r in zip(w, rs, strict=True):
            weights[r.id] = share[f] * wi / sum(w)
    return Pooled(mean, se, fams, weights, tau2)


def label(lo: float, hi: float, null_type: bool) -> tuple[str, str]:
    """The verdict from the pooled interval [lo, hi] in SESOI units, and why."""
    iv = f"90% interval [{lo:+.2f}, {hi:+.2f}] SESOI"
    equivalent = lo > -1 and hi < 1
    if null_type:
        if equivalent:
            return "advancing", f"{iv} lies within +/-1: no regional effect worth the name " \
                                "(equivalence), as the path predicts"
        if lo > 0 or hi < 0:
            return "reversing", f"{iv} excludes 0: a regional effect, against the path"
        return "inconclusive", f"{iv}: neither equivalent to 0 nor clear of it"
    if equivalent:
        return "stalled", f"{iv} lies within +/-1: no meaningful change (equivalence)"
    if lo > 0:
        return "advancing", f"{iv} lies above 0"
    if hi < 0:
        return "reversing", f"{iv} lies below 0"
    return "inconclusive", f"{iv}: neither clear of 0 nor within +/-1"


def score(effect: float, lo: float, hi: float, null_type: bool) -> tuple[float, float, float]:
    """The pooled effect squashed to [-1, 1] (see the module docstring)."""
    if not null_type:
        return math.tanh(effect), math.tanh(lo), math.tanh(hi)
    near = 0.0 if lo <= 0 <= hi else min(abs(lo), abs(hi))
    return (math.tanh(1 - abs(effect)), math.tanh(1 - max(abs(lo), abs(hi))),
            math.tanh(1 - near))


def readings(checks: Sequence[CheckResult]) -> list[Reading]:
    return [Reading(c.id, c.family or c.id, c.support, c.effect_se) for c in checks
            if c.support is not None and c.effect_se is not None]


def verdict(checks: Sequence[CheckResult], null_type: bool = False,
            method: str = METHODS[0], min_informative: int = MIN_INFORMATIVE) -> Combined:
    used = readings(checks)
    n = len(used)
    if n < min_informative:
        missing = [c.id for c in checks if c.id not in {r.id for r in used}]
        return Combined("insufficient-evidence", None, None, None, n,
                        f"{n} informative check(s), {min_informative} needed; no data for: "
                        f"{', '.join(missing) or 'none'}")
    p = pool(used, method)
    lo, hi = p.effect - Z * p.se, p.effect + Z * p.se
    v, why = label(lo, hi, null_type)
    s, s_lo, s_hi = score(p.effect, lo, hi, null_type)
    return Combined(v, s, s_lo, s_hi, n,
                    f"pooled effect {p.effect:+.2f} SESOI, {why}; {n} informative checks in "
                    f"{len(p.families)} famil{'y' if len(p.families) == 1 else 'ies'}",
                    p.effect, lo, hi, p.weights)


__all__ = ["LEVEL", "METHODS", "MIN_INFORMATIVE", "Combined", "Pooled", "Reading", "label",
           "pool", "score", "stale", "standardise", "verdict"]
