"""The report's "by product" section: 2024 US imports from Canada and Mexico in the products
of each US action of 2025-26, and the duty the US collected by HS section.

Reads the shipped product tables through :func:`trilateral.products.answers.summary`; a
missing product tier (the ``products`` extra) leaves the section out.
"""

from __future__ import annotations

from typing import Any

BN = 1e9


def section() -> dict[str, Any] | None:
    try:
        from trilateral.products.answers import summary

        got = summary().to_dict()
    except ImportError:
        return None
    exposure, duty = got["exposure"], got["duty_by_section"]
    return {"title": "By product: the 2025-26 US actions and the duty collected",
            "note": _note(exposure, duty),
            "tables": [exposure_table(exposure), duty_table(duty)],
            "charts": [exposure_chart(exposure)]}


def _us_actions(exposure: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows of US actions only: a partner's own retaliation lists are not US exposure."""
    return [r for r in exposure["rows"] if r.get("imposer") == "USA"]


def _note(exposure: dict[str, Any], duty: dict[str, Any]) -> str:
    vint = "; ".join(f"{k}: {v}" for k, v in exposure["vintage"].items())
    return ("US imports for consumption in 2024 (Census, HS10) in the products each 2025-26 US "
            "action names, as a share of all US imports from the country; and the duty the US "
            f"calculated on them, over their value. Data vintage: {vint}. Product lists: "
            "tradewartracker/trade-war-redux-2025 (commit 726c5958), each traced to its annex.")


def exposure_table(exposure: dict[str, Any]) -> dict[str, Any]:
    rows: dict[str, dict[str, Any]] = {}
    for r in _us_actions(exposure):
        row = rows.setdefault(r["action"], {"instrument": r["instrument"],
                                            "effective": r["effective"]})
        row[r["exporter"]] = f"{r['listed'] / BN:,.1f} bn ({r['share_pct']:.1f}%)"
    return {"title": "2024 US imports in the products of each US action: value and share of "
                     "all US imports from the country",
            "columns": ["action", "instrument", "effective", "Canada", "Mexico"],
            "rows": [[a, v["instrument"], v["effective"], v.get("CAN", ""), v.get("MEX", "")]
                     for a, v in rows.items()],
            "note": "Share of the value of 2024 imports; the action's own exemptions "
                    "(USMCA-qualifying goods) are not netted out."}


def duty_table(duty: dict[str, Any]) -> dict[str, Any]:
    by: dict[str, dict[str, Any]] = {}
    for r in duty["rows"]:
        row = by.setdefault(str(r["group"]), {"title": r["title"]})
        rate = r.get("rate_pct")
        row[r["exporter"]] = "" if rate is None else f"{rate:.2f}%"
    return {"title": "Duty the US collected in 2024, over the value of imports, by HS section",
            "columns": ["section", "title", "Canada", "Mexico"],
            "rows": [[k, v["title"], v.get("CAN", ""), v.get("MEX", "")] for k, v in
                     sorted(by.items(), key=lambda kv: int(kv[0]))],
            "note": "Calculated duty over customs value (Census CAL_DUT and CON_VAL), 2024."}


def exposure_chart(exposure: dict[str, Any]) -> dict[str, Any]:
    data = [{"action": r["action"], "country": r["exporter"], "share": round(r["share_pct"], 2)}
            for r in _us_actions(exposure)]
    return {"title": "Share of 2024 US imports from each country in the products of each US "
                     "action (%)", "kind": "bar", "x": "action", "y": "share",
            "color": "country", "data": data,
            "note": "US imports for consumption, 2024, HS10 (Census)."}
