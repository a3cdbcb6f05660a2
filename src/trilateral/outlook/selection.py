"""Choosing the forecast configuration: backtest each one, keep the sharpest calibrated one.

The rule follows "maximise sharpness subject to calibration" (Gneiting, Balabdaoui and Raftery
2007, JRSS-B 69(2)): a configuration counts as calibrated when its 80% and 95% intervals held
within :data:`.scores.CALIBRATION_TOLERANCE` of their level of the realised values; among those,
the one with the lowest mean CRPS (a proper score, rewarding sharp and calibrated forecasts
together) is chosen. :data:`.options.DEFAULT_CONFIG` is this rule's choice on origins 1998-2005
scored on values public by 31 March 2006, so the Cancún replay does not inform it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from trilateral.outlook import scores
from trilateral.outlook import targets as tg
from trilateral.outlook.backtest import DEFAULT_STEPS, backtest
from trilateral.outlook.options import CONFIGS

RULE = ("calibrated: 80% and 95% interval coverage each within "
        f"{round(100 * scores.CALIBRATION_TOLERANCE)} points of the level; chosen: the "
        "calibrated configuration with the lowest mean CRPS")


@dataclass
class Comparison:
    """Each configuration's backtest scores, and the one the rule chooses (None if none is
    calibrated)."""

    start: int
    end: int
    known_by: dt.date | None
    rows: list[dict[str, Any]] = field(default_factory=list)
    chosen: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.start, "to": self.end,
                "known_by": self.known_by.isoformat() if self.known_by else None,
                "rule": RULE, "chosen": self.chosen, "configs": self.rows}


def compare(start: int, end: int, *, known_by: dt.date | None = None,
            configs: tuple[str, ...] = tuple(CONFIGS), steps: int = DEFAULT_STEPS,
            obs: tg.Observations | None = None) -> Comparison:
    """Backtest every configuration on the same origins and apply the rule."""
    obs = tg.observations() if obs is None else obs
    out = Comparison(start, end, known_by)
    for name in configs:
        bt = backtest(start, end, steps, obs=obs, config=name, known_by=known_by,
                      with_signposts=False, calibrated=False)
        s = bt.overall()
        out.rows.append({"config": name, "text": CONFIGS[name].text, **s,
                         "calibrated": calibrated(s),
                         "by_family": {k: {x: v[x] for x in ("n", "coverage_80", "coverage_95",
                                                             "skill_mase", "skill_crps")}
                                       for k, v in bt.by_family().items()}})
    ok = [r for r in out.rows if r["calibrated"] and r["crps"] is not None]
    out.chosen = min(ok, key=lambda r: r["crps"])["config"] if ok else None
    return out


def calibrated(s: dict[str, Any]) -> bool:
    tol = scores.CALIBRATION_TOLERANCE
    c80, c95 = s.get("coverage_80"), s.get("coverage_95")
    return c80 is not None and c95 is not None and abs(c80 - 0.8) <= tol and abs(
        c95 - 0.95) <= tol
