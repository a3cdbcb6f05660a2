"""General-equilibrium scenarios: what ending, or deepening, North American free trade does.

Structural gravity in general equilibrium (Anderson, Larch and Yotov 2015), as taught in
chapter 2 of the WTO/UNCTAD *Advanced Guide to Trade Policy Analysis*:

>>> from trilateral import scenarios
>>> scenarios.replicate("agtpa-nafta").summary()     # doctest: +SKIP
>>> scenarios.run("usmca-end").tidy()                # doctest: +SKIP
>>> scenarios.names()                                # doctest: +SKIP
"""

from __future__ import annotations

from trilateral.scenarios.definitions import SCENARIOS, Scenario, get
from trilateral.scenarios.engine import DEFAULT_DRAWS, DEFAULT_SEED, SIGMA, run
from trilateral.scenarios.replicate import APPLICATIONS, replicate
from trilateral.scenarios.results import ReplicationResult, ScenarioResult

__all__ = ["APPLICATIONS", "DEFAULT_DRAWS", "DEFAULT_SEED", "SCENARIOS", "SIGMA",
           "ReplicationResult", "Scenario", "ScenarioResult", "describe", "get", "names",
           "replicate", "run"]


def names() -> list[str]:
    return sorted(SCENARIOS)


def describe() -> list[dict[str, object]]:
    """Every scenario with its question, panels (default first) and assumptions."""
    return [{"name": s.name, "title": s.title, "question": s.question,
             "panels": list(s.panels), "default_panel": s.panels[0],
             "assumptions": list(s.assumptions)} for s in SCENARIOS.values()]
