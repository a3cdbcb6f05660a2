"""General-equilibrium scenarios: what ending, or deepening, North American free trade does.

Structural gravity in general equilibrium (Anderson, Larch and Yotov 2015), as taught in
chapter 2 of the WTO/UNCTAD *Advanced Guide to Trade Policy Analysis*:

>>> from trilateral import scenarios
>>> scenarios.replicate("agtpa-nafta").summary()     # doctest: +SKIP
>>> scenarios.run("usmca-end").tidy()                # doctest: +SKIP
>>> scenarios.names()                                # doctest: +SKIP
"""

from __future__ import annotations

from trilateral.scenarios import policy
from trilateral.scenarios.definitions import SCENARIOS, Scenario, get
from trilateral.scenarios.engine import DEFAULT_DRAWS, DEFAULT_SEED, SIGMA, run
from trilateral.scenarios.montecarlo import SIGMA_RANGE
from trilateral.scenarios.replicate import APPLICATIONS, replicate
from trilateral.scenarios.results import ReplicationResult, ScenarioResult

__all__ = ["APPLICATIONS", "DEFAULT_DRAWS", "DEFAULT_SEED", "SCENARIOS", "SIGMA",
           "SIGMA_RANGE", "ReplicationResult", "Scenario", "ScenarioResult", "describe", "get",
           "names", "policy", "replicate", "run", "states"]


def names() -> list[str]:
    return sorted(SCENARIOS)


def describe() -> list[dict[str, object]]:
    """Every scenario with its question, panels (default first) and assumptions."""
    return [{"name": s.name, "title": s.title, "question": s.question,
             "from_state": s.start, "to_state": s.end, "dated": s.dated,
             "panels": list(s.panels), "default_panel": s.panels[0],
             "labels": {u.panel: u.label for u in s.setups},
             "assumptions": list(s.assumptions)} for s in SCENARIOS.values()]


def states(measures=None) -> list[dict[str, object]]:
    """Every policy state with its date, effective rates per pair and sources."""
    return policy.describe(measures)
