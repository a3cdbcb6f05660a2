"""Gravity evidence for the paths assessment: the NAFTA effect net of globalisation, per panel.

Each item is a plain dict (see :func:`nafta_evidence`). The stance is taken against the
"only globalisation" path, whose claim is that North American trade grows no faster than trade
with the rest of the world once world growth is accounted for: a NAFTA effect whose 95% interval
lies above zero is ``inconsistent`` with it; an interval that reaches zero or lies below it is
``consistent``. Estimates come from the on-disk cache (see :mod:`trilateral.gravity.cache`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from trilateral.gravity.cache import nafta_dict
from trilateral.gravity.options import PanelName, choices

PATH = "globalization"
LEVEL = 0.95


def nafta_evidence(panels: list[str] | None = None, *, include_trend: bool = False,
                   refresh: bool = False) -> list[dict[str, Any]]:
    """Evidence items of the NAFTA agreement effect on every panel where it is identified.

    ``include_trend`` adds the WIOD item (the change in North American trade since 2000, which
    is not an agreement effect: NAFTA is in force in every year of that panel).
    """
    items = []
    for name in panels or choices(PanelName):
        est = nafta_dict(name, refresh=refresh)
        item = agreement_item(est) if est.get("total") else None
        if item is None and include_trend:
            item = trend_item(est)
        if item is not None:
            items.append(item)
    return items


def stance(lower: float, upper: float) -> str:
    return "inconsistent" if lower > 0 else "consistent"


def _base(est: dict[str, Any], term: str, coef: float, se: float, lower: float,
          upper: float) -> dict[str, Any]:
    years = est["year_range"]
    return {
        "id": f"gravity:{est['panel']}:{term}", "path": PATH, "panel": est["panel"],
        "table": est["table"], "sha256": est["sha256"],
        "source": f"{est['table']} ({est['publisher']}); trilateral.gravity (pyfixest PPML)",
        "year_range": years, "years": years, "term": term,
        "value": coef, "estimate": coef, "coef": coef, "se": se,
        "interval": [lower, upper], "lower": lower, "upper": upper, "level": LEVEL,
        "unit": "log points (coefficient)",
        "percent": {"effect": 100 * float(np.expm1(coef)), "lower": 100 * float(np.expm1(lower)),
                    "upper": 100 * float(np.expm1(upper))},
        "stance": stance(lower, upper), "notes": est.get("notes", []),
    }


def agreement_item(est: dict[str, Any]) -> dict[str, Any]:
    t = est["total"]
    item = _base(est, "nafta_total", t["coef"], t["se"], t["lower"], t["upper"])
    net = ("net of other agreements and of the international-border-by-year globalisation "
           "terms" if est["border_terms"] else "net of other agreements, relative to other "
           "international trade (no intranational flows: border-by-year terms not identified)")
    p = item["percent"]
    agreement = est.get("agreement", "NAFTA")
    item["label"] = f"{agreement} effect, {est['table']} {est['year_range'][0]}-" \
                    f"{est['year_range'][1]}"
    item["description"] = (
        f"{agreement} effect on trade among Canada, Mexico and the United States 12 years "
        f"after entry into force ({' + '.join(t['terms'])}), {net}: {p['effect']:+.0f}% "
        f"(95% interval {p['lower']:+.0f}% to {p['upper']:+.0f}%).")
    return item


def trend_item(est: dict[str, Any]) -> dict[str, Any] | None:
    rows = est.get("cumulative") or []
    if not rows:
        return None
    last = rows[-1]
    item = _base(est, last["term"], last["coef"], last["se"], last["lower"], last["upper"])
    p = item["percent"]
    item["label"] = f"North American trade {est['years'][0]}-{last['step']}, {est['table']}"
    item["description"] = (
        f"Change in trade among Canada, Mexico and the United States from {est['years'][0]} to "
        f"{last['step']} relative to other international trade, beyond the border-by-year "
        f"globalisation terms (NAFTA in force throughout): {p['effect']:+.0f}% (95% interval "
        f"{p['lower']:+.0f}% to {p['upper']:+.0f}%).")
    return item


def closing_note(estimates: list[dict[str, Any]]) -> str:
    """What the estimates say, panel by panel, and what that means for the path."""
    lines, stances, trends = [], [], []
    for est in estimates:
        item = agreement_item(est) if est.get("total") else trend_item(est)
        if item is None:
            lines.append(f"{est['table']}: no NAFTA term could be estimated.")
            continue
        lines.append(f"{est['table']} ({est['year_range'][0]}-{est['year_range'][1]}): "
                     f"{item['description']}")
        (stances if est.get("total") else trends).append(item)
    return "\n".join([*lines, _verdict([i["stance"] for i in stances]),
                      *(_trend_sentence(t) for t in trends)])


def _trend_sentence(item: dict[str, Any]) -> str:
    lo, hi = item["interval"]
    how = ("grown more slowly than" if hi < 0 else "grown faster than" if lo > 0
           else "grown neither measurably faster nor more slowly than")
    return (f"In {item['table']} ({item['year_range'][0]}-{item['year_range'][1]}), "
            f"trade among the three has {how} other international trade beyond the "
            f"globalisation trend.")


def _verdict(stances: list[str]) -> str:
    if not stances:
        verdict = "No panel identifies the agreement effect: the path is not tested here."
    elif all(s == "inconsistent" for s in stances):
        verdict = ("Every panel that identifies the agreement finds a positive NAFTA effect "
                   "beyond the globalisation trend: evidence against the 'only globalisation' "
                   "path for the agreement's first 12 years.")
    elif all(s == "consistent" for s in stances):
        verdict = ("No panel finds a NAFTA effect distinguishable from zero beyond the "
                   "globalisation trend: consistent with the 'only globalisation' path.")
    else:
        verdict = ("The panels disagree on whether NAFTA raised regional trade beyond the "
                   "globalisation trend: the 'only globalisation' path is neither confirmed "
                   "nor rejected.")
    return verdict
