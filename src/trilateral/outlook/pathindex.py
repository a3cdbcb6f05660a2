"""The normalised evidence index of the six paths: how the evidence leans, not a probability.

Each path starts from a pseudo-count of :data:`PRIOR` and gains up to one from each of three
pieces of evidence, each a number in [0, 1]:

* ``verdict``: ``(score + 1) / 2`` from :func:`trilateral.paths.assess`;
* ``momentum``: the probability that the path's ledger events are gaining pace, P(rate ratio
  > 1), from the recent and earlier window counts of
  :func:`trilateral.evidence.momentum.path_momentum` with a Jeffreys Beta(1/2, 1/2) prior on
  the share of recent events;
* ``signposts``: the mean chance that the path's signposts are met at the horizon (a signpost
  without a model counts with its current status; unknown ones are left out).

A missing piece counts 0.5. The index of path p is ``alpha_p / sum(alpha)``: the six add up to
1 only because they are normalised.

Why it is not a probability: the paths are not mutually exclusive states (several can advance
at once), there is no likelihood behind the pieces and no record of "dominant paths" to
calibrate against, the pieces overlap (the ledger feeds all three) and the construction caps
every value between 1/21 and 4/9. So it is reported without intervals (a Beta interval would
only restate an arbitrary pseudo-count scale). Values near 1/6 mean the evidence does not single
out a path.
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
COMPONENTS = ("verdict", "momentum", "signposts")
NAME = "normalised evidence index"
METHOD = ("Normalised evidence index, not a probability: alpha = 1 + verdict (score+1)/2 + "
          "momentum P(rate ratio > 1) + mean signpost chance at the horizon (missing pieces "
          "count 0.5); index = alpha / sum(alpha), so the six sum to 1 by construction and lie "
          "between 1/21 and 4/9. The paths are not mutually exclusive and no likelihood or "
          "record of outcomes lies behind it, so it has no interval. Near 1/6: the evidence "
          "does not single out a path.")


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
    """Mean chance of the path's signposts being met at the horizon."""
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
    """One row per path: the index, alpha and the three pieces behind it (highest first)."""
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
        r["index"] = r["alpha"] / total
    return sorted(rows, key=lambda r: -r["index"])
