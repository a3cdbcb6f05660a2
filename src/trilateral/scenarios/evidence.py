"""What the paths and lenses cite from the scenarios.

* The reversal path cites ``usmca-end`` as its stakes: the real-GDP loss of each country if the
  agreement's effect were removed.
* The Americanization lens cites the asymmetry of those losses: the spokes (Canada, Mexico)
  against the hub (the United States).
"""

from __future__ import annotations

from typing import Any

from trilateral.scenarios.engine import run
from trilateral.scenarios.results import NORTH_AMERICA, ScenarioResult

WHOLE_ECONOMY = "wiod"


def stakes(panel: str | None = None) -> dict[str, Any]:
    """The ``usmca-end`` real-GDP effects for CAN, MEX and USA, with 95% intervals.

    The headline runs on the scenario's default panel, WIOD 2014 (goods and services, the most
    recent baseline); ``whole_economy`` is the same run. ``panel="agtpa"`` gives the
    illustrative run on the guide's manufacturing panel (NAFTA 1994-2006).
    """
    res = run("usmca-end", panel)
    effects = {c: res.effect(c, "rgdp") for c in NORTH_AMERICA}
    wide = res if res.panel == WHOLE_ECONOMY else run("usmca-end", WHOLE_ECONOMY)
    return {
        "scenario": res.scenario, "title": res.title, "measure": "rgdp",
        "unit": "% change in real GDP, scenario vs baseline",
        "panel": res.panel, "table": res.table, "year": res.year, "sigma": res.sigma,
        "effects": effects, "exports": {c: res.effect(c, "exports") for c in NORTH_AMERICA},
        "interval": f"95%, {res.uncertainty.get('method')} "
                    f"({res.uncertainty.get('draws')} draws, seed {res.uncertainty.get('seed')})",
        "baseline_year": res.baseline_year or res.year, "sigma_range": res.sigma_range,
        "asymmetry": res.asymmetry, "coefficients": res.coefficients,
        "whole_economy": {"table": wide.table, "year": wide.year,
                          "effects": {c: wide.effect(c, "rgdp") for c in NORTH_AMERICA},
                          "asymmetry": wide.asymmetry},
        "assumptions": res.assumptions, "notes": res.notes,
        "text": stakes_text(res, None if wide is res else wide),
        "provenance": res.provenance,
    }


def stakes_text(res: ScenarioResult, wide: ScenarioResult | None = None) -> str:
    """One paragraph: the three effects, the asymmetry and what they mean for reversal."""
    rng = res.sigma_range
    spread = (f"; intervals over the coefficients and sigma {rng['low']:g}-{rng['high']:g}"
              if rng else "")
    text = (f"Ending the agreement ({res.table}, baseline year {res.baseline_year or res.year}"
            f"{spread}) changes real GDP by {_three(res)} (point [95% interval])")
    text += (", measured on the manufacturing economy of the guide's panel." if
             res.panel == "agtpa" else ".")
    if wide is not None:
        text += (f" On the whole economy's goods and services ({wide.table} {wide.year}): "
                 f"{_three(wide)}.")
    ratios = res.asymmetry.get("ratios", {})
    if ratios.get("CAN", {}).get("estimate") and ratios.get("MEX", {}).get("estimate"):
        text += (f" The spokes lose {ratios['CAN']['estimate']:.1f} (Canada) and "
                 f"{ratios['MEX']['estimate']:.1f} (Mexico) times what the hub loses.")
    text += " This is what the reversal path puts at stake: a move back from free trade"
    spokes = [ratios.get(c, {}).get("estimate") or 0 for c in ("CAN", "MEX")]
    if not all(reading(res.effect(c, "rgdp")) == "loss" for c in NORTH_AMERICA):
        return text + (" lowers real GDP at the estimates, but the 95% intervals include "
                       "zero: on this baseline the size, even the sign, is inconclusive.")
    return text + (" costs all three, and Canada and Mexico far more than the United States."
                   if min(spokes) > 1 else " costs all three.")


def reading(effect: dict[str, Any]) -> str:
    """"loss" or "gain" when the 95% interval excludes zero, else "inconclusive"."""
    lower, upper = effect.get("lower"), effect.get("upper")
    if lower is None or upper is None:
        return "no interval"
    return "loss" if upper < 0 else "gain" if lower > 0 else "inconclusive"


def _three(res: ScenarioResult) -> str:
    return ", ".join(f"{name} {_pct(res.effect(code, 'rgdp'))}" for code, name in
                     (("CAN", "Canada"), ("MEX", "Mexico"), ("USA", "the United States")))


def _pct(effect: dict[str, Any]) -> str:
    text = f"{effect['estimate']:+.2f}%"
    if effect.get("lower") is not None:
        text += f" [{effect['lower']:+.2f}, {effect['upper']:+.2f}]"
    return text
