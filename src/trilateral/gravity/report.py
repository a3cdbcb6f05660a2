"""Data for the report's gravity section: a table of estimates and two chart datasets.

The shape, shared with the report builder (which renders the charts with Altair)::

    {"title": str,
     "tables": [{"title", "columns", "rows", "note"}],
     "charts": [{"title", "kind": "line" | "bar" | "point", "x", "y", "lower", "upper",
                 "color", "data": [records], "note"}]}
"""

from __future__ import annotations

from typing import Any

from trilateral.errors import TrilateralError
from trilateral.gravity.evidence import ESTIMANDS, closing_note, nafta_dict
from trilateral.gravity.options import PanelName, choices

COLUMNS = ["panel", "years", "term", "coef", "se", "lower", "upper", "effect_pct"]


def section(panels: list[str] | None = None) -> dict[str, Any] | None:
    """The gravity section, or None when no panel could be estimated."""
    estimates = []
    for name in panels or choices(PanelName):
        try:
            estimates.append(nafta_dict(name))
        except TrilateralError:
            continue
    if not estimates:
        return None
    sources = "; ".join(f"{e['table']} ({e['publisher']})" for e in estimates)
    return {
        "title": "Structural gravity: the NAFTA effect net of globalisation",
        "tables": [estimates_table(estimates, sources), randomisation_table(estimates)],
        "charts": [border_chart(estimates, sources), cumulative_chart(estimates, sources)],
        "note": closing_note(estimates),
    }


def _row(est: dict[str, Any], term: str, r: dict[str, Any]) -> list[Any]:
    from math import expm1

    span = f"{est['year_range'][0]}-{est['year_range'][1]}"
    return [est["panel"], span, term, r["coef"], r["se"], r.get("lower"), r.get("upper"),
            100 * expm1(r["coef"])]


def estimates_table(estimates: list[dict[str, Any]], sources: str) -> dict[str, Any]:
    rows = []
    for est in estimates:
        for row in est.get("cumulative", []):
            rows.append(_row(est, row["term"], est["terms"][row["term"]]))
        if est.get("total"):
            rows.append(_row(est, "nafta_total (sum)", est["total"]))
    return {"title": "NAFTA terms by panel (PPML, exporter-year, importer-year and pair fixed "
                     "effects; errors clustered by pair)",
            "columns": COLUMNS, "rows": rows,
            "note": f"Coefficients in log points; effect_pct = 100*(exp(coef)-1); 95% intervals "
                    f"from clustered errors (few treated clusters: likely too narrow). Sources: "
                    f"{sources}."}


RI_COLUMNS = ["panel", "estimand", "statistic", "estimate", "se_clustered", "p",
              "lower", "upper", "draws", "seed"]


def randomisation_table(estimates: list[dict[str, Any]]) -> dict[str, Any]:
    """Per panel: the clustered SE next to the randomisation p and 95% interval."""
    rows = []
    for est in estimates:
        ri = est.get("randomisation")
        if ri:
            rows.append([est["panel"], ESTIMANDS.get(est["panel"], ""), ri["statistic"],
                         ri["estimate"], ri["se_clustered"], ri["p"], *ri["interval"],
                         ri["draws"], ri["seed"]])
    return {"title": "Randomisation inference (placebo triads, Conley-Taber)",
            "columns": RI_COLUMNS, "rows": rows,
            "note": "Each panel's NAFTA statistic re-estimated with NAFTA's terms given to "
                    "triads of the 20 largest other exporters; p is the equal-tailed "
                    "randomisation p, [lower, upper] the estimate minus the placebo 97.5% and "
                    "2.5% quantiles. Each panel has its own estimand: they are not averaged."}


def border_chart(estimates: list[dict[str, Any]], sources: str) -> dict[str, Any]:
    data = [{"panel": e["panel"], **{k: b[k] for k in ("year", "coef", "lower", "upper")}}
            for e in estimates for b in _borders(e)]
    return {"title": "International border by year (globalisation terms)", "kind": "point",
            "x": "year", "y": "coef", "lower": "lower", "upper": "upper", "color": "panel",
            "data": data,
            "note": "Log-point gap of international trade relative to the panel's last year "
                    "(a value rising toward zero = borders thinning, i.e. globalisation). Only "
                    f"panels with intranational flows identify these terms. Sources: {sources}."}


def _borders(est: dict[str, Any]) -> list[dict[str, Any]]:
    return list(est.get("border_terms", {}).values())


def cumulative_chart(estimates: list[dict[str, Any]], sources: str) -> dict[str, Any]:
    data = []
    for est in estimates:
        base = 0 if est["kind"] == "phase-in" else est["years"][0]
        for row in est.get("cumulative", []):
            data.append({"panel": est["panel"], "years_after": row["step"] - base,
                         "measure": "since entry into force" if est["kind"] == "phase-in"
                         else f"since {base}", "coef": row["coef"], "lower": row["lower"],
                         "upper": row["upper"]})
    return {"title": "Cumulative NAFTA effect", "kind": "line", "x": "years_after",
            "y": "coef", "lower": "lower", "upper": "upper", "color": "panel", "data": data,
            "note": "Phase-in panels: sum of the NAFTA terms up to each lag (years after entry "
                    "into force). WIOD: change in North American trade since 2000 relative to "
                    "other international trade (NAFTA in force throughout). Log points, 95% "
                    f"delta-method intervals. Sources: {sources}."}
