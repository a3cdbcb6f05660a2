"""Path probabilities: which of the six paths is most likely the dominant one at the horizon.

Method (a Dirichlet-style normalisation of evidence, documented in docs/method.md, "Outlook"):
each path starts from a prior pseudo-count of :data:`PRIOR` and gains up to one pseudo-count
from each of three pieces of evidence, each a number in [0, 1]:

* ``verdict``: ``(score + 1) / 2`` from :func:`trilateral.paths.assess`; a path's score is the
  weighted mean of its checks' supports ``2p - 1``, so this is the weighted mean probability
  that the checks point the way the path predicts;
* ``momentum``: the probability that the path's ledger events are gaining pace, P(rate ratio
  > 1), from the recent and earlier window counts of
  :func:`trilateral.evidence.momentum.path_momentum` with a Jeffreys Beta(1/2, 1/2) prior on
  the share of recent events;
* ``signposts``: the mean probability that the path's signposts are met at the horizon (a
  signpost without a model counts with its current status; unknown ones are left out).

A missing piece (no data, no verdict) counts 0.5: no information is not evidence against. The
probability of path p is ``alpha_p / sum(alpha)`` and its interval the Beta(alpha_p,
sum - alpha_p) quantiles, the Dirichlet marginal.

Calibration limits: there is no record of "dominant paths" to calibrate against, so these are
a normalised summary of the evidence, not frequencies. The three pieces overlap (the ledger
feeds checks, momentum and signposts alike) and are treated as if independent. The prior keeps
every probability between 1/21 and 4/9: values near 1/6 mean the evidence does not single out
a path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from trilateral.evidence.schema import PATHS

PRIOR = 1.0
MISSING = 0.5
LEVEL = 0.90
COMPONENTS = ("verdict", "momentum", "signposts")
METHOD = ("Dirichlet-style normalisation: alpha = 1 (prior) + verdict (score+1)/2 + momentum "
          "P(rate ratio > 1) + mean signpost probability at the horizon; missing pieces "
          "count 0.5; probability = alpha / sum(alpha); interval = Beta marginal (90%). "
          "Not calibrated: no record of dominant paths exists to calibrate against.")


def verdict_piece(path: Any) -> tuple[float | None, str]:
    """(score + 1) / 2 from a PathResult (None when the path has no score)."""
    if path is None or path.score is None:
        return None, getattr(path, "reason", "") or "no verdict"
    return (float(path.score) + 1) / 2, (f"{path.verdict}, score {path.score:+.2f} "
                                         f"[{_f(path.lower)}, {_f(path.upper)}]")


def _f(x: float | None) -> str:
    return "n/a" if x is None else f"{x:+.2f}"


def momentum_piece(row: Mapping[str, Any] | None) -> tuple[float | None, str]:
    """P(rate ratio > 1) with a Jeffreys prior, from the window counts of one path."""
    if row is None:
        return None, "no ledger momentum"
    r, e = int(row["recent_count"]), int(row["earlier_count"])
    if r + e == 0:
        return None, "no ledger events in either window"
    if not bool(row.get("earlier_window_covered", True)):
        return None, "the ledger does not cover the earlier window"
    p = float(stats.beta.sf(0.5, r + 0.5, e + 0.5))
    w = row["window_years"]
    return p, f"{r} events in the {w} years to the date, {e} in the {w} years before"


def signpost_piece(readings: Sequence[Mapping[str, Any]]) -> tuple[float | None, str]:
    """Mean probability of the path's signposts being met at the horizon."""
    vals, used = [], []
    for r in readings:
        p = r.get("probability")
        if p is None and r.get("status") in ("met", "not met"):
            p = 1.0 if r["status"] == "met" else 0.0
        if p is not None:
            vals.append(float(p))
            used.append(f"{r['id']} {p:.2f}")
    if not vals:
        return None, "no signpost with a status or probability"
    return float(np.mean(vals)), "; ".join(used)


def compute(assessment: Any = None, momentum: pd.DataFrame | None = None,
            signposts: Sequence[Mapping[str, Any]] = ()) -> list[dict[str, Any]]:
    """One row per path: probability, interval, alpha and the three pieces behind it."""
    mom = {} if momentum is None else {r["path"]: r for r in momentum.to_dict("records")}
    rows = []
    for path in PATHS:
        verdict = _path_result(assessment, path)
        pieces = {"verdict": verdict_piece(verdict), "momentum": momentum_piece(mom.get(path)),
                  "signposts": signpost_piece([s for s in signposts if s["path"] == path])}
        alpha = PRIOR + sum(MISSING if v is None else v for v, _ in pieces.values())
        rows.append({"path": path, "alpha": alpha,
                     "components": {k: {"value": v, "basis": why} for k, (v, why)
                                    in pieces.items()}})
    return _normalise(rows)


def _path_result(assessment: Any, path: str) -> Any:
    if assessment is None:
        return None
    for p in getattr(assessment, "paths", []):
        if p.id == path:
            return p
    return None


def _normalise(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    total = sum(r["alpha"] for r in rows)
    for r in rows:
        a, b = r["alpha"], total - r["alpha"]
        r["probability"] = a / total
        r["lower"], r["upper"] = (float(q) for q in stats.beta.ppf(
            [(1 - LEVEL) / 2, (1 + LEVEL) / 2], a, b))
        r["level"] = LEVEL
    return sorted(rows, key=lambda r: -r["probability"])
