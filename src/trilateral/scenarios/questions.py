"""The two questions the scenarios answer for a reader, as data for the report.

* "If the USMCA ended" (``usmca-end``) and
* "The 2025-26 tariffs" (``tariffs-2025``):

per country, real GDP and trade (international exports) changes with the point result, the
median and the 95% interval (coefficients and sigma drawn), at each exemption bound where the
exempt share is unknown; the baseline year; the assumptions in plain words; chart data.

>>> from trilateral.scenarios import questions
>>> questions.if_usmca_ended().to_dict()          # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from trilateral.scenarios.engine import run
from trilateral.scenarios.evidence import reading
from trilateral.scenarios.results import NORTH_AMERICA, ScenarioResult

NAMES = {"CAN": "Canada", "MEX": "Mexico", "USA": "United States"}
MEASURES = {"rgdp": "real GDP", "exports": "exports"}


@dataclass
class Question:
    """One reader's question answered from one scenario run."""

    title: str
    scenario: str
    baseline_year: int
    table: str
    rows: list[dict[str, Any]]
    assumptions: list[str]
    sigma_range: dict[str, Any] | None
    states: dict[str, Any]
    chart: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "scenario": self.scenario,
                "baseline_year": self.baseline_year, "table": self.table, "rows": self.rows,
                "assumptions": self.assumptions, "sigma_range": self.sigma_range,
                "states": self.states, "chart": self.chart, "notes": self.notes}


def if_usmca_ended(**kwargs: Any) -> Question:
    """"If the USMCA ended": ``usmca-end`` on the most recent baseline."""
    return answer("If the USMCA ended", run("usmca-end", **kwargs))


def tariffs_2025_26(**kwargs: Any) -> Question:
    """"The 2025-26 tariffs": ``tariffs-2025`` at its date, at both exemption bounds."""
    return answer("The 2025-26 tariffs", run("tariffs-2025", **kwargs))


def answer(title: str, res: ScenarioResult) -> Question:
    rows = []
    for bound, block in (res.bounds or {"high": {"countries": _na(res)}}).items():
        for rec in block["countries"]:
            rows.append({"country": rec["country"], "name": NAMES[rec["country"]],
                         "bound": bound if len(res.bounds) > 1 else None,
                         **{m: _cell(rec, m) for m in MEASURES}})
    return Question(title, res.scenario, res.baseline_year or res.year, res.table, rows,
                    plain_assumptions(res), res.sigma_range, res.states, _chart(title, rows),
                    [n for n in res.notes if "bound" in n or "not modelled" in n])


def _na(res: ScenarioResult) -> list[dict[str, Any]]:
    frame = res.countries
    return frame[frame["country"].isin(NORTH_AMERICA)].to_dict("records")


def _cell(rec: dict[str, Any], m: str) -> dict[str, Any]:
    cell = {"point": rec[m], "median": rec.get(f"{m}_median"), "lower": rec.get(f"{m}_lower"),
            "upper": rec.get(f"{m}_upper"), "unit": "% change vs baseline year"}
    return {**cell, "reading": reading(cell)}


def plain_assumptions(res: ScenarioResult) -> list[str]:
    """The run's assumptions in a few plain sentences."""
    rng = res.sigma_range
    out = [f"The economy is that of {res.baseline_year or res.year} ({res.table}); only the "
           "trade policy between the three countries changes, nothing else."]
    start, end = res.states.get("start", {}), res.states.get("end", {})
    if start and end:
        out.append(f"Policy moves from \"{start['title']}\" to \"{end['title']}\""
                   + (f" as of {end['date']}" if end.get("date") else "") + ".")
    if rng:
        out.append(f"How strongly buyers switch between suppliers (sigma) is uncertain; it is "
                   f"drawn between {rng['low']:g} and {rng['high']:g}.")
    if len(res.bounds) > 1:
        out.append("How much trade escapes the duties as USMCA-qualifying is not known, so "
                   "both extremes are shown.")
    return out


def _chart(title: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    data = [{"country": r["country"], "bound": r["bound"] or "measured",
             "real GDP, % change": r["rgdp"]["point"], "median": r["rgdp"]["median"],
             "lower": r["rgdp"]["lower"], "upper": r["rgdp"]["upper"]} for r in rows]
    return {"title": f"{title}: real GDP per country with 95% intervals", "kind": "point",
            "x": "country", "y": "real GDP, % change", "lower": "lower", "upper": "upper",
            "color": "bound", "data": data}
