"""From checks to a path's verdict and score (the rules are in docs/method.md).

* Each informative check gets a *support* in [-1, 1]: twice the probability, under a normal
  reading of the half of its interval that faces the null, that the effect lies on the side of
  the null the path predicts, minus one (so |support| > 0.9 exactly when the interval excludes
  the null).
* The path's *score* is the weighted mean support; its interval propagates every check's
  interval by simulation (:func:`trilateral.paths.stats.combine`).
* A check whose newest observation is more than :data:`STALE_YEARS` years before the as-of
  year is not informative (e.g. COW IGO data end in 2014).
* Verdict: ``insufficient-evidence`` with fewer than :data:`MIN_INFORMATIVE` informative checks;
  ``advancing`` when the score is at least :data:`THRESHOLD` and its interval lies above zero;
  ``reversing`` when it is at most -THRESHOLD and its interval lies below zero; ``stalled``
  otherwise (no clear direction, or evidence pulling both ways).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from trilateral.paths.model import CheckResult
from trilateral.paths.stats import combine

MIN_INFORMATIVE = 2
THRESHOLD = 0.2
STALE_YEARS = 8  # a check whose newest observation is older than this says little about as_of


def stale(latest_year: int | None, as_of_year: int) -> bool:
    return latest_year is not None and latest_year < as_of_year - STALE_YEARS


@dataclass(frozen=True)
class Combined:
    verdict: str
    score: float | None
    lower: float | None
    upper: float | None
    informative: int
    reason: str


def verdict(checks: Sequence[CheckResult]) -> Combined:
    used = [c for c in checks if c.estimate is not None and c.support is not None]
    n = len(used)
    if n < MIN_INFORMATIVE:
        missing = [c.id for c in checks if c not in used]
        return Combined("insufficient-evidence", None, None, None, n,
                        f"{n} informative check(s), {MIN_INFORMATIVE} needed; no data for: "
                        f"{', '.join(missing) or 'none'}")
    score, lo, hi = combine([c.estimate for c in used], [c.lower for c in used],
                            [c.upper for c in used], [c.null for c in used],
                            [c.expect for c in used], [c.weight for c in used])
    if score >= THRESHOLD and lo > 0:
        v, why = "advancing", f"score {score:+.2f} >= {THRESHOLD} with interval above 0"
    elif score <= -THRESHOLD and hi < 0:
        v, why = "reversing", f"score {score:+.2f} <= -{THRESHOLD} with interval below 0"
    else:
        v, why = "stalled", f"score {score:+.2f}, interval [{lo:+.2f}, {hi:+.2f}] is not clear " \
                            "of zero" if lo <= 0 <= hi else f"score {score:+.2f} is within " \
                                                             f"+/-{THRESHOLD}"
    return Combined(v, score, lo, hi, n, why + f"; {n} informative checks")
