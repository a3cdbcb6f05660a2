"""Gravity evidence for the paths assessment: the NAFTA effect net of globalisation, per panel.

Each item is a plain dict (see :func:`nafta_evidence`), one per panel, each with its own
estimand (:data:`ESTIMANDS`): the panels measure different things and are never averaged. The
stance is taken against the "only globalisation" path, whose claim is that North American trade
grows no faster than trade with the rest of the world once world growth is accounted for: an
effect whose 95% interval lies above zero is ``inconsistent`` with it; an interval that reaches
zero or lies below it is ``consistent``. The interval is the randomisation (placebo-triad)
interval of :mod:`trilateral.gravity.inference` when it is available, else the pair-clustered
one. Estimates come from the on-disk cache (see :mod:`trilateral.gravity.cache`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from trilateral.gravity.inference import SEED, nafta_with_inference
from trilateral.gravity.options import PanelName, choices

PATH = "globalization"
LEVEL = 0.95
ESTIMANDS = {
    "agtpa": "CUSFTA/NAFTA effect 12 years after entry, net of other agreements and of "
             "international-border-by-year globalisation terms (1986-2006)",
    "penppml": "NAFTA effect 12 years after entry, net of other agreements, relative to other "
               "international trade (no intranational flows; 1964-2016)",
    "wiod": "change in North American trade from 2000 to the last year beyond the "
            "border-by-year globalisation terms (NAFTA in force throughout; goods and services)",
}


def nafta_dict(name: str, refresh: bool = False, draws: int | None = None,
               seed: int = SEED) -> dict[str, Any]:
    """The cached estimate of panel ``name`` with its randomisation inference."""
    return nafta_with_inference(name, draws=draws, seed=seed, refresh=refresh)  # type: ignore[arg-type]


def _stale_for(est: dict[str, Any], as_of: dt.date | None) -> bool:
    """True when the panel's last year is too old for ``as_of`` (paths' staleness rule)."""
    from trilateral.paths.combine import stale

    years = est.get("year_range") or [None, None]
    return years[1] is not None and stale(int(years[1]), (as_of or dt.date.today()).year)


def _estimate_for(name: str, as_of: dt.date | None, refresh: bool) -> dict[str, Any]:
    """The panel's estimate, with randomisation inference unless the panel is stale at
    ``as_of``: a stale check is not informative, so its placebo draws are not worth their
    minutes; the item then says why it has only the clustered interval."""
    from trilateral.gravity import cache

    plain = cache.nafta_dict(name, refresh=refresh)  # type: ignore[arg-type]
    if _stale_for(plain, as_of):
        return {**plain, "randomisation": None,
                "randomisation_note": "randomisation inference not run: the panel ends more "
                                      "than the staleness limit before the as-of date"}
    return nafta_dict(name, refresh=refresh)


def nafta_evidence(panels: list[str] | None = None, *, include_trend: bool = True,
                   refresh: bool = False, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """Evidence items of the NAFTA agreement effect on every panel where it is identified.

    ``include_trend`` (default) adds the WIOD item (the change in North American trade since
    2000, which is not an agreement effect: NAFTA is in force in every year of that panel); it
    carries its own estimand and feeds its own check.
    """
    items = []
    for name in panels or choices(PanelName):
        est = _estimate_for(name, as_of, refresh)
        item = agreement_item(est) if est.get("total") else None
        if item is None and include_trend:
            item = trend_item(est)
        if item is not None:
            items.append(item)
    return items


def stance(lower: float, upper: float) -> str:
    return "inconsistent" if lower > 0 else "consistent"


def randomisation(est: dict[str, Any]) -> dict[str, Any] | None:
    """The panel's randomisation inference in short: p, intervals, draws and seed."""
    ri = est.get("randomisation")
    if not ri:
        return None
    keys = ("statistic", "estimate", "se_clustered", "p", "p_one_sided", "p_abs", "level", "interval",
            "interval_90", "draws", "seed", "pool_size", "placebo_sd", "method")
    return {k: ri.get(k) for k in keys}


def _base(est: dict[str, Any], term: str, coef: float, se: float, lower: float,
          upper: float) -> dict[str, Any]:
    years = est["year_range"]
    ri = randomisation(est)
    clustered = [lower, upper]
    if ri is not None and ri["statistic"] == term:
        lower, upper = ri["interval"]
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
        "estimand": ESTIMANDS.get(est["panel"], ""), "interval_clustered": clustered,
        "randomisation": ri,
        "interval_kind": "randomisation" if ri is not None and ri["statistic"] == term
        else "pair-clustered",
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
        f"(pair-clustered SE {t['se']:.3f} log points; {_interval_words(item)} "
        f"{p['lower']:+.0f}% to {p['upper']:+.0f}%).")
    return item


def _interval_words(item: dict[str, Any]) -> str:
    ri = item.get("randomisation")
    if item.get("interval_kind") != "randomisation" or not ri:
        return "95% pair-clustered interval"
    return (f"randomisation p {ri['p']:.2f} from {ri['draws']} placebo triads, seed "
            f"{ri['seed']}; 95% randomisation interval")


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
        f"globalisation terms (NAFTA in force throughout): {p['effect']:+.0f}% "
        f"({_interval_words(item)} {p['lower']:+.0f}% to {p['upper']:+.0f}%).")
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
        verdict = ("No panel's interval excludes zero: the NAFTA effect beyond the "
                   "globalisation trend is inconclusive, consistent with the 'only "
                   "globalisation' path without being evidence for it.")
    else:
        verdict = ("The panels disagree on whether NAFTA raised regional trade beyond the "
                   "globalisation trend: the 'only globalisation' path is neither confirmed "
                   "nor rejected.")
    return verdict
