"""Result objects of the replication and of the scenarios: ``tidy()``, ``summary()``, ``to_dict()``.

Frames travel as records in ``to_dict()`` so that a result can be cached on disk and rebuilt
with ``from_dict()``; provenance (tables, checksums, code version) travels with the numbers.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

MEASURE_LABELS = {
    "exports_cdl": "exports, conditional GE (%)",
    "exports": "exports (%)",
    "price": "factory-gate price (%)",
    "imr": "inward multilateral resistance (%)",
    "rgdp": "real GDP (%)",
}
GUIDE_LABELS = {
    "exports_cdl": "exports, conditional GE (%)",
    "exports_full": "exports, full endowment GE (%)",
    "price_full": "factory-gate price (%)",
    "imr_full": "inward multilateral resistance (%)",
    "rgdp_full": "real GDP (%)",
}
NORTH_AMERICA = ("CAN", "MEX", "USA")


class _Serialisable:
    """``to_dict`` / ``from_dict`` for dataclasses whose frames become lists of records."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            out[f.name] = value.to_dict("records") if isinstance(value, pd.DataFrame) else value
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]):
        kwargs = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            if f.name in d:
                value = d[f.name]
                kwargs[f.name] = pd.DataFrame(value) if f.type == "pd.DataFrame" else value
        return cls(**kwargs)


@dataclass
class ScenarioResult(_Serialisable):
    """One scenario on one panel: per-country and bilateral % changes with 95% intervals.

    Changes are the scenario relative to the baseline year: (scenario - baseline) / baseline.
    ``lower``/``upper`` columns are Monte Carlo percentiles (None when no estimated coefficient
    enters the shock). Numbers are the converged solution; ``guide_distance`` says how far the
    guide's own loosely stopped procedure lands from it.
    """

    scenario: str
    title: str
    question: str
    panel: str
    table: str
    year: int
    sigma: float
    countries: pd.DataFrame
    bilateral: pd.DataFrame
    coefficients: list[dict[str, Any]]
    shocks: list[dict[str, Any]]
    assumptions: list[str]
    notes: list[str]
    uncertainty: dict[str, Any]
    guide_distance: dict[str, Any]
    diagnostics: dict[str, Any]
    asymmetry: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, Any] = field(default_factory=dict)
    label: str = ""
    baseline_year: int | None = None
    sigma_range: dict[str, Any] | None = None
    states: dict[str, Any] = field(default_factory=dict)
    bounds: dict[str, Any] = field(default_factory=dict)
    sensitivity: dict[str, Any] = field(default_factory=dict)

    def tidy(self) -> pd.DataFrame:
        """One row per country and measure: estimate (point), median, lower, upper."""
        rows = []
        for rec in self.countries.to_dict("records"):
            for m in MEASURE_LABELS:
                rows.append({"country": rec["country"], "measure": m,
                             "estimate": rec[m], "median": rec.get(f"{m}_median"),
                             "lower": rec.get(f"{m}_lower"), "upper": rec.get(f"{m}_upper")})
        return pd.DataFrame(rows)

    def effect(self, country: str, measure: str = "rgdp") -> dict[str, Any]:
        rec = self.countries.set_index("country").loc[country]
        return {"estimate": float(rec[measure]), "median": _opt(rec.get(f"{measure}_median")),
                "lower": _opt(rec.get(f"{measure}_lower")),
                "upper": _opt(rec.get(f"{measure}_upper"))}

    def summary(self) -> str:
        rng = self.sigma_range
        lines = [f"{self.label or self.title} ({self.scenario}): baseline year "
                 f"{self.baseline_year or self.year} ({self.table}), sigma {self.sigma:g}"
                 + (f", drawn from [{rng['low']:g}, {rng['high']:g}]" if rng else ""),
                 f"  {self.question}"]
        if self.states:
            lines.append("  from " + " to ".join(
                f"{s['title']}" + (f" ({s['date']})" if s.get("date") else "")
                for s in (self.states["start"], self.states["end"])))
        lines += [f"  {c['term']}: {c['estimate']:.4f} (se {c['std_error']:.4f}, "
                  f"{c['table']})" for c in self.coefficients if c.get("used_in_shock", True)]
        lines.append("  % change, scenario vs baseline: point [95% interval]:")
        for country in NORTH_AMERICA:
            if country in set(self.countries["country"]):
                lines.append(f"  {country}: " + "; ".join(
                    f"{m} {_fmt(self.effect(country, m))}" for m in MEASURE_LABELS))
        if len(self.bounds) > 1:
            low = {r["country"]: r for r in self.bounds["low"]["countries"]}
            lines.append("  at the other bound (exempt share high), real GDP: " + "; ".join(
                f"{c} {_fmt(_rec_effect(low[c], 'rgdp'))}" for c in NORTH_AMERICA if c in low))
        lines += [f"  assumption: {a}" for a in self.assumptions]
        lines += [f"  note: {n}" for n in self.notes]
        if "error" not in self.guide_distance:
            lines.append("  the guide's own procedure lands at most " + ", ".join(
                f"{m} {v:.2f}" for m, v in self.guide_distance.items()) + " points away")
        return "\n".join(lines)


@dataclass
class ReplicationResult(_Serialisable):
    """The guide's chapter-2 application, per country, with the guide's signs.

    ``countries`` holds the five measures from the guide's procedure (``exports_cdl``,
    ``exports_full``, ``price_full``, ``imr_full``, ``rgdp_full``, plus ``omr_full``) and the
    same measures from the converged solve (``converged_*``).
    """

    application: str
    title: str
    year: int
    sigma: float
    countries: pd.DataFrame
    coefficient: dict[str, Any]
    iterations: int
    stop_log: list[dict[str, Any]]
    converged_distance: dict[str, float]
    published: dict[str, Any]
    notes: list[str]
    diagnostics: dict[str, Any]
    provenance: dict[str, Any] = field(default_factory=dict)

    def tidy(self) -> pd.DataFrame:
        """One row per country and measure: the guide's procedure and the converged solve."""
        rows = []
        for rec in self.countries.to_dict("records"):
            for m in GUIDE_LABELS:
                rows.append({"country": rec["country"], "measure": m, "guide": rec[m],
                             "converged": rec[f"converged_{m}"]})
        return pd.DataFrame(rows)

    def summary(self) -> str:
        c = self.coefficient
        lines = [f"{self.title}: {len(self.countries)} countries, GE year {self.year}, sigma "
                 f"{self.sigma:g}", f"  RTA coefficient {c['estimate']:.7f} (se "
                 f"{c['std_error']:.4f}); guide's loop stopped after {self.iterations} "
                 "iterations", "  effect of having NAFTA, % (guide's procedure):"]
        frame = self.countries.set_index("country")
        for country in NORTH_AMERICA:
            lines.append(f"  {country}: " + "; ".join(
                f"{m} {frame.loc[country, m]:.2f}" for m in GUIDE_LABELS))
        lines.append("  largest gap to the published table: " + ", ".join(
            f"{m} {v:.3f}" for m, v in self.published.get("max_abs_diff", {}).items()))
        lines.append("  converged solve vs guide (max abs, pp): " + ", ".join(
            f"{m} {v:.3f}" for m, v in self.converged_distance.items()))
        return "\n".join(lines)


def _opt(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _rec_effect(rec: dict[str, Any], m: str) -> dict[str, Any]:
    return {"estimate": rec[m], "lower": _opt(rec.get(f"{m}_lower")),
            "upper": _opt(rec.get(f"{m}_upper"))}


def _fmt(effect: dict[str, Any]) -> str:
    text = f"{effect['estimate']:+.2f}"
    if effect["lower"] is not None:
        text += f" [{effect['lower']:+.2f}, {effect['upper']:+.2f}]"
    return text
