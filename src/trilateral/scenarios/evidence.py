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

    The headline runs on the scenario's default panel (the guide's manufacturing panel, which
    identifies the agreement); ``whole_economy`` gives the same shock on WIOD's goods and
    services (2014), whose outputs are the whole economy's gross output.
    """
    res = run("usmca-end", panel)
    effects = {c: res.effect(c, "rgdp") for c in NORTH_AMERICA}
    wide = res if res.panel == WHOLE_ECONOMY else run("usmca-end", WHOLE_ECONOMY)
    return {
        "scenario": res.scenario, "title": res.title, "measure": "rgdp",
        "unit": "% change in real GDP, scenario vs baseline",
        "panel": res.panel, "table": res.table, "year": res.year, "sigma": res.sigma,
        "effects": effects, "exports": {c: res.effect(c, "exports") for c in NORTH_AMERICA},
        "interval": "95%, Monte Carlo over the estimated coefficient "
                    f"({res.uncertainty.get('draws')} draws, seed {res.uncertainty.get('seed')})",
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
    text = (f"Removing the agreement's estimated effect ({res.table}, baseline {res.year}, "
            f"sigma {res.sigma:g}) changes real GDP by {_three(res)} (95% intervals)")
    text += (", measured on the manufacturing economy of the guide's panel." if
             res.panel == "agtpa" else ".")
    if wide is not None:
        text += (f" On the whole economy's goods and services ({wide.table} {wide.year}, same "
                 f"coefficient): {_three(wide)}.")
    ratios = res.asymmetry.get("ratios", {})
    if ratios.get("CAN", {}).get("estimate") and ratios.get("MEX", {}).get("estimate"):
        text += (f" The spokes lose {ratios['CAN']['estimate']:.1f} (Canada) and "
                 f"{ratios['MEX']['estimate']:.1f} (Mexico) times what the hub loses.")
    return text + (" This is what the reversal path puts at stake: a move back from free trade "
                   "costs all three, and Canada and Mexico far more than the United States.")


def _three(res: ScenarioResult) -> str:
    return ", ".join(f"{name} {_pct(res.effect(code, 'rgdp'))}" for code, name in
                     (("CAN", "Canada"), ("MEX", "Mexico"), ("USA", "the United States")))


def _pct(effect: dict[str, Any]) -> str:
    text = f"{effect['estimate']:+.2f}%"
    if effect.get("lower") is not None:
        text += f" [{effect['lower']:+.2f}, {effect['upper']:+.2f}]"
    return text
