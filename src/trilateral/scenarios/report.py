"""The scenarios' section of the HTML report: the replication and today's scenarios per country.

Every number comes from the cached results (``<home>/cache/scenarios``), so a warm report is
fast; a cold one estimates the panels once (seconds).
"""

from __future__ import annotations

from typing import Any

from trilateral.errors import TrilateralError
from trilateral.scenarios import questions
from trilateral.scenarios.engine import run
from trilateral.scenarios.evidence import stakes_text
from trilateral.scenarios.replicate import replicate
from trilateral.scenarios.results import (
    GUIDE_LABELS,
    MEASURE_LABELS,
    NORTH_AMERICA,
    ReplicationResult,
    ScenarioResult,
)

OTHERS_SHOWN = 7
COMPARED = ("usmca-end", "deepening", "tariffs-2025")


def section() -> dict[str, Any] | None:
    """The report section, or None when neither the panels nor the measures can be read.

    Each part stands alone: a scenario that cannot run (e.g. the tariff-measures table is
    missing) leaves its tables out rather than the whole section.
    """
    usmca = _try(lambda: run("usmca-end"))
    illustrative = _try(lambda: run("usmca-end", "agtpa"))
    rep = _try(replicate)
    others = [r for r in (_try(lambda n=n: run(n)) for n in COMPARED[1:]) if r is not None]
    headline = usmca or illustrative
    if headline is None and rep is None:
        return None
    compared = [r for r in (usmca, illustrative, *others) if r is not None]
    tables = ([scenario_table(headline), bilateral_table(headline)] if headline else [])
    tables += [comparison_table(compared)] if compared else []
    tables += [replication_table(rep)] if rep else []
    charts = ([rgdp_chart(headline)] if headline else []) + (
        [replication_chart(rep)] if rep else [])
    asked = [q.to_dict() for q in (
        _try(lambda: questions.answer("If the USMCA ended", usmca) if usmca else None),
        _try(questions.tariffs_2025_26)) if q is not None]
    charts += [{**q["chart"], "note": f"Baseline year {q['baseline_year']}; "
                + " ".join(q["assumptions"][1:])} for q in asked
               if q["scenario"] == "tariffs-2025"]
    return {
        "title": "General-equilibrium scenarios: what ending, or deepening, North American "
                 "free trade does to each country",
        "note": stakes_text(headline) if headline else "",
        "tables": tables, "charts": charts, "questions": asked,
    }


def _try(fn):
    try:
        return fn()
    except TrilateralError:
        return None


def _cell(rec: dict[str, Any], m: str) -> str:
    text = f"{rec[m]:+.2f}"
    if rec.get(f"{m}_lower") is not None:
        text += f" [{rec[f'{m}_lower']:+.2f}, {rec[f'{m}_upper']:+.2f}]"
    return text


def _shown(res: ScenarioResult) -> list[dict[str, Any]]:
    """The three North American countries, then the others most affected in real GDP."""
    frame = res.countries
    na = frame[frame["country"].isin(NORTH_AMERICA)]
    rest = frame[~frame["country"].isin(NORTH_AMERICA)]
    rest = rest.reindex(rest["rgdp"].abs().sort_values(ascending=False).index)
    return na.to_dict("records") + rest.head(OTHERS_SHOWN).to_dict("records")


def scenario_table(res: ScenarioResult) -> dict[str, Any]:
    measures = ("exports", "price", "imr", "rgdp")
    return {"title": f"{res.title} ({res.scenario}): % change per country, 95% interval",
            "columns": ["country", *(MEASURE_LABELS[m] for m in measures)],
            "rows": [[r["country"], *(_cell(r, m) for m in measures)] for r in _shown(res)],
            "note": f"{res.label or res.table}, baseline year {res.baseline_year or res.year}, "
                    f"point at sigma {res.sigma:g}; {res.uncertainty.get('draws')} Monte Carlo "
                    f"draws ({res.uncertainty.get('method')}). "
                    + " ".join([*res.assumptions[:2], *_scope(res)])}


def _scope(res: ScenarioResult) -> list[str]:
    """The note saying what output and real GDP measure on this panel."""
    return [n for n in res.notes if n.startswith("Output, spending")]


def bilateral_table(res: ScenarioResult) -> dict[str, Any]:
    return {"title": f"{res.scenario}: change in bilateral trade of the pairs involved, %",
            "columns": ["exporter", "importer", "conditional GE", "full endowment GE"],
            "rows": [[r["exporter"], r["importer"], _cell(r, "trade_cdl"), _cell(r, "trade")]
                     for r in res.bilateral.to_dict("records")],
            "note": "Scenario relative to the baseline year; 95% Monte Carlo intervals."}


def comparison_table(results: list[ScenarioResult]) -> dict[str, Any]:
    rows = []
    for res in results:
        frame = res.countries.set_index("country")
        rows.append([f"{res.scenario}: {res.label}" if res.label else res.scenario,
                     f"{res.table} {res.year}",
                     *(_cell({"rgdp": frame.loc[c, "rgdp"],
                              "rgdp_lower": frame.loc[c, "rgdp_lower"],
                              "rgdp_upper": frame.loc[c, "rgdp_upper"]}, "rgdp")
                       for c in NORTH_AMERICA)])
    return {"title": "Real GDP, % change, by scenario",
            "columns": ["scenario", "baseline", *NORTH_AMERICA], "rows": rows,
            "note": "Intervals over the coefficients and sigma. tariffs-2025 is shown at the "
                    "bound with the higher effective rates (exempt share low); the question "
                    "'The 2025-26 tariffs' gives both bounds."}


def replication_table(rep: ReplicationResult) -> dict[str, Any]:
    gaps = rep.published.get("max_abs_diff", {})
    return {"title": "Replication of the Advanced Guide's NAFTA application (chapter 2): "
                     "effect of having NAFTA, %",
            "columns": ["country", *GUIDE_LABELS.values()],
            "rows": [[r["country"], *(round(r[m], 2) for m in GUIDE_LABELS)]
                     for r in rep.countries.to_dict("records")],
            "note": (f"The guide's procedure, its stopping rule included ({rep.iterations} "
                     f"iterations), RTA coefficient {rep.coefficient['estimate']:.4f}. Largest "
                     "gap to the published table: "
                     + ", ".join(f"{m} {v:.3f}" for m, v in gaps.items())
                     + " percentage points (rounding 0.005); Niger differs (see the CLI "
                     "output). The converged solution lies at most "
                     + ", ".join(f"{m} {v:.2f}" for m, v in rep.converged_distance.items())
                     + " points away.")}


def rgdp_chart(res: ScenarioResult) -> dict[str, Any]:
    data = [{"country": r["country"], "real GDP, % change": r["rgdp"],
             "lower": r["rgdp_lower"], "upper": r["rgdp_upper"],
             "group": "North America" if r["country"] in NORTH_AMERICA else "others"}
            for r in _shown(res)]
    return {"title": f"{res.scenario}: real GDP per country with 95% intervals",
            "kind": "point", "x": "country", "y": "real GDP, % change", "lower": "lower",
            "upper": "upper", "color": "group", "data": data,
            "note": "Spokes (CAN, MEX) against the hub (USA)."}


def replication_chart(rep: ReplicationResult) -> dict[str, Any]:
    data = [{"country": r["country"], "real GDP, %": round(r["rgdp_full"], 3),
             "series": "North America" if r["country"] in NORTH_AMERICA else "others"}
            for r in rep.countries.to_dict("records")]
    return {"title": "Replication: effect of having NAFTA on real GDP (guide's procedure)",
            "kind": "bar", "x": "country", "y": "real GDP, %", "lower": None, "upper": None,
            "color": "series", "data": data, "note": "69 countries, 1994, sigma 7."}
