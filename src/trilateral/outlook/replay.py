"""The Cancún replay: what trilateral would have said on 31 March 2006, and how it turned out.

The leaders of the three countries met in Cancún on 31 March 2006. :func:`after_cancun` runs the
outlook as of that day to 2016, keeping only what was public then (annual trade to 2005; 2006
onward is forecast), and sets each projection beside the realised value and its score.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from trilateral.outlook import targets as tg
from trilateral.outlook.core import Outlook, run
from trilateral.outlook.options import configuration
from trilateral.outlook.scores import SKILL_MARGIN

CANCUN = dt.date(2006, 3, 31)
CANCUN_HORIZON = 2016


def after_cancun(**kwargs: Any) -> Outlook:
    """The outlook as of the Cancún summit, to 2016 (keyword arguments go to :func:`run`)."""
    return run(as_of=CANCUN, horizon=CANCUN_HORIZON, **kwargs)


def story(o: Outlook) -> list[dict[str, Any]]:
    """Per forecast series: what the data said then, what was projected, what happened."""
    rows = []
    scored = {(f"{r['indicator']}:{r['reporter']}:{r['partner']}:{r['flow']}", r["year"]): r
              for r in o.scored()}
    for sf in o.series:
        if not sf.ok:
            continue
        end = sf.years[-1]
        lo, hi = sf.bounds(0.8)
        happened = scored.get((sf.target.key, end))
        rows.append({
            "series": sf.target.label, "key": sf.target.key, "unit": sf.unit,
            "then_year": int(sf.history.index[-1]), "then": float(sf.history.iloc[-1]),
            "year": end, "projected": float(sf.point()[-1]),
            "lower_80": float(lo[-1]), "upper_80": float(hi[-1]),
            "realized": happened["realized"] if happened else None,
            "hit_80": happened["hit80"] if happened else None, "model": sf.model})
    return rows


def closing_note(o: Outlook) -> str:
    """One paragraph on how the forecasts made on ``o.as_of`` turned out: the headline family
    (trade shares) first, then each family on its own scale; which configuration was used,
    whether it is in-sample, and that the data are today's vintage."""
    fams = (o.scores() or {}).get("by_family", {})
    if not any(f.get("n") for f in fams.values()):
        return "No forecast of this outlook has a realised value yet: nothing to score."
    day = o.as_of.isoformat() if o.as_of else "today"
    cfg = configuration(o.as_of)
    head = fams.get(tg.HEADLINE_FAMILY) or {}
    text = (f"Replaying {day} with configuration {cfg['config']} of the [[outlook]] defaults "
            f"fixed {cfg['fixed']} ({cfg['label']}; {cfg['vintages']}).")
    how = (f"calibrated on errors resolved before {day}" if o.calibration is not None
           else "the models' own intervals")
    if head.get("n"):
        skill = head.get("skill_mase")
        verdict = "beat" if skill is not None and skill > SKILL_MARGIN else "did not beat"
        text += (f" Headline, {head['label']}: of {head['n']} forecast years with a realised "
                 f"value, {_pct(head['coverage_80'])} fell inside the 80% intervals and "
                 f"{_pct(head['coverage_95'])} inside the 95% intervals ({how}); MASE skill {_num(skill)}, CRPS skill "
                 f"{_num(head.get('skill_crps'))} against persistence: the models {verdict} "
                 f"carrying the last known value forward.")
    return text + _families(o)


def _families(o: Outlook) -> str:
    fams = (o.scores() or {}).get("by_family", {})
    parts = [f"{f['label']}: MASE skill {_num(f['skill_mase'])}, 80% coverage "
             f"{_pct(f['coverage_80'])}" for k, f in fams.items()
             if f.get("n") and k != tg.HEADLINE_FAMILY]
    return (f" Other families, not in the headline: {'; '.join(parts)}." if parts else "")


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.0f}%"


def _num(x: float | None) -> str:
    return "n/a" if x is None else f"{x:+.2f}" if x < 0 else f"{x:.2f}"
