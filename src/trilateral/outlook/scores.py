"""Scores for probabilistic forecasts: interval hits, scaled errors, CRPS, Brier.

* MASE (Hyndman and Koehler 2006, "Another look at measures of forecast accuracy", IJF 22(4)):
  absolute error divided by the mean absolute one-step change of the training series, so
  errors of differently scaled indicators can be averaged; persistence (the last value carried
  forward) is the baseline, and ``skill = 1 - MASE_model / MASE_persistence`` (above 0 = better).
* CRPS of a Gaussian forecast (Gneiting and Raftery 2007, JASA 102(477), eq. 21), evaluated on
  the model's transformed scale, where the forecast distribution is Gaussian.
* Brier score of a probability for a yes/no outcome: the mean of ``(p - outcome)^2``.

:func:`skill_note` puts a family's scores into words, saying plainly when the models did not
beat persistence or when intervals held clearly more or fewer outcomes than their level.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from scipy import stats


def crps_gaussian(mean: float, sd: float, x: float) -> float:
    """CRPS of N(mean, sd^2) at the outcome ``x`` (the absolute error when ``sd`` is 0)."""
    if sd <= 0:
        return abs(x - mean)
    z = (x - mean) / sd
    return float(sd * (z * (2 * stats.norm.cdf(z) - 1) + 2 * stats.norm.pdf(z)
                       - 1 / math.sqrt(math.pi)))


def mase_scale(values: Iterable[float]) -> float | None:
    """Mean absolute one-step change of the training values (None when it is zero or undefined)."""
    v = np.asarray(list(values), dtype=float)
    if len(v) < 2:
        return None
    scale = float(np.mean(np.abs(np.diff(v))))
    return scale if scale > 0 else None


def brier(pairs: Iterable[tuple[float, bool]]) -> float | None:
    pairs = list(pairs)
    if not pairs:
        return None
    return float(np.mean([(p - float(o)) ** 2 for p, o in pairs]))


def _mean(values: Iterable[float | None]) -> float | None:
    v = [x for x in values if x is not None and math.isfinite(x)]
    return float(np.mean(v)) if v else None


def skill(model: float | None, baseline: float | None) -> float | None:
    """1 - model / baseline (None when undefined)."""
    if model is None or baseline is None or baseline <= 0:
        return None
    return 1.0 - model / baseline


def summarise(rows: Iterable[Mapping[str, object]]) -> dict[str, object]:
    """Coverage, MASE and CRPS of scored forecast rows (one row per series and year).

    Each row has hit80, hit95, scaled_error, persistence_scaled_error, crps, persistence_crps.
    """
    rows = [r for r in rows if r.get("realized") is not None]
    mase = _mean(r.get("scaled_error") for r in rows)  # type: ignore[misc]
    mase_p = _mean(r.get("persistence_scaled_error") for r in rows)  # type: ignore[misc]
    crps = _mean(r.get("crps") for r in rows)  # type: ignore[misc]
    crps_p = _mean(r.get("persistence_crps") for r in rows)  # type: ignore[misc]
    return {
        "n": len(rows),
        "coverage_80": _mean(float(r["hit80"]) for r in rows),  # type: ignore[arg-type]
        "coverage_95": _mean(float(r["hit95"]) for r in rows),  # type: ignore[arg-type]
        "mase": mase, "mase_persistence": mase_p, "skill_mase": skill(mase, mase_p),
        "crps": crps, "crps_persistence": crps_p, "skill_crps": skill(crps, crps_p),
        **_calibrated(rows),
    }


def _calibrated(rows: list[Mapping[str, object]]) -> dict[str, object]:
    """Coverage of the calibrated intervals (:mod:`.calibrate`), the model's and persistence's,
    where the rows carry them; ``n_calibrated`` counts rows that had enough past errors."""
    if not rows or "chit80" not in rows[0]:
        return {}
    out: dict[str, object] = {
        "n_calibrated": sum(bool(r.get("chit_calibrated")) for r in rows)}
    for tag in ("80", "95"):
        out[f"coverage_{tag}_calibrated"] = _mean(float(r[f"chit{tag}"]) for r in rows
                                                  if r.get(f"chit{tag}") is not None)
        out[f"persistence_coverage_{tag}"] = _mean(float(r[f"phit{tag}"]) for r in rows
                                                   if r.get(f"phit{tag}") is not None)
        out[f"persistence_coverage_{tag}_calibrated"] = _mean(
            float(r[f"pchit{tag}"]) for r in rows if r.get(f"pchit{tag}") is not None)
    return out


CALIBRATION_TOLERANCE = 0.05  # coverage this far from the level counts as too narrow or wide
SKILL_MARGIN = 0.05  # a skill this close to 0 is no evidence of beating persistence


def by_family(rows: Iterable[Mapping[str, Any]], labels: Mapping[str, str]
              ) -> dict[str, dict[str, Any]]:
    """:func:`summarise` per indicator family (the rows' ``family``), each with its note."""
    groups: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[str(r.get("family"))].append(r)
    out = {}
    for fam, rs in sorted(groups.items()):
        s = summarise(rs)
        out[fam] = {"label": labels.get(fam, fam), **s, "skill_note": skill_note(s)}
    return out


def skill_note(s: Mapping[str, Any]) -> str:
    """One sentence on skill against persistence and on interval coverage.

    A skill within :data:`SKILL_MARGIN` of 0 counts as level with persistence.
    """
    if not s.get("n"):
        return "no forecast with a realised value: skill unknown"
    skills = [x for x in (s.get("skill_mase"), s.get("skill_crps")) if x is not None]
    figures = f"MASE skill {_signed(s.get('skill_mase'))}, CRPS skill {_signed(s.get('skill_crps'))}"
    advice = ": carrying the last value forward was as accurate; read these forecasts as " \
             "persistence with intervals"
    if skills and all(x > SKILL_MARGIN for x in skills):
        verdict = f"beats persistence ({figures})"
    elif any(x > SKILL_MARGIN for x in skills):
        verdict = f"mixed against persistence ({figures})"
    elif any(x < -SKILL_MARGIN for x in skills):
        verdict = f"does not beat persistence ({figures}){advice}"
    else:
        verdict = f"level with persistence ({figures}, within {SKILL_MARGIN}){advice}"
    return f"{verdict}; {_coverage(s, 0.8)}, {_coverage(s, 0.95)} (n={s['n']})"


def _coverage(s: Mapping[str, Any], level: float) -> str:
    cov = s.get(f"coverage_{round(level * 100)}")
    text = f"{round(level * 100)}% intervals held {_pct(cov)}"
    if cov is None:
        return text
    if cov < level - CALIBRATION_TOLERANCE:
        return text + " (too narrow)"
    if cov > level + CALIBRATION_TOLERANCE:
        return text + " (too wide)"
    return text


def _signed(x: float | None) -> str:
    return "n/a" if x is None else f"{x:+.2f}"


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.0f}%"
