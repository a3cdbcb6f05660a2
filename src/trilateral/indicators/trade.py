"""Trade indicators: shares, intensity, regional introversion, dependence asymmetry, spokes.

All values are computed from goods trade in USD millions for complete calendar years. The
reporter's own figures are used where they exist; where they do not, the partner's figures for
the opposite flow stand in (mirror statistics, e.g. Mexico's exports to the US are the US's
imports from Mexico), and ``basis`` says ``mirror``.

References for the bloc indices: L. Iapadre and F. Tironi (2009), "Measuring trade
regionalisation: the case of Asia", UNU-CRIS Working Paper W-2009/9; S. Hamanaka (2015), "The
selection of trade integration indicators", ADB Economics Working Paper 455.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from trilateral.indicators import asof
from trilateral.indicators.frame import join_sources, make
from trilateral.indicators.inputs import Tables

NA3 = ("USA", "CAN", "MEX")
BLOC = "+".join(NA3)
FLOWS = ("exports", "imports", "total")
OPPOSITE = {"exports": "imports", "imports": "exports"}
TRADE_TABLES = ("trade_flows", "census_country")  # harmonised first, US-only fallback second
SHARE_UNIT = "percent of the reporter's goods trade with the world"


@dataclass(frozen=True)
class Value:
    """One trade figure with where it came from."""

    value: float
    basis: str
    sources: str
    world: bool = False  # needs the WTO world totals (a later release date)


def panel(tables: Tables) -> tuple[pd.DataFrame, str | None]:
    """Complete-year goods trade: reporter, partner, flow, year, value_usd_m, basis, sources."""
    name, df = tables.first(*TRADE_TABLES)
    if df is None:
        return pd.DataFrame(columns=["reporter", "partner", "flow", "year", "value_usd_m",
                                     "basis", "sources"]), None
    df = df[df["flow"].isin(("exports", "imports"))]
    if "complete" in df:
        df = df[df["complete"].astype(bool)]
    elif "months" in df:
        df = df[df["months"] == 12]
    src = df["source"].astype(str) if "source" in df else pd.Series(name, index=df.index)
    out = pd.DataFrame({
        "reporter": df["reporter"], "partner": df["partner"], "flow": df["flow"],
        "year": df["year"].astype(int), "value_usd_m": df["value_usd_m"].astype(float),
        "basis": df.get("basis", "reporter"),
        "sources": name + " (" + src + ")",
    })
    return out, name


class Flows:
    """Look up a flow, falling back to mirror figures, and add exports and imports for totals."""

    def __init__(self, df: pd.DataFrame) -> None:
        self.values: dict[tuple[str, str, str, int], Value] = {}
        order = df.assign(_m=(df["basis"] != "reporter")).sort_values("_m", ascending=False)
        for r in order.itertuples(index=False):  # reporter-basis rows win over mirror rows
            self.values[(r.reporter, r.partner, r.flow, int(r.year))] = Value(
                float(r.value_usd_m), str(r.basis), str(r.sources), r.reporter == "WLD")
        self.years = sorted({k[3] for k in self.values})

    def get(self, reporter: str, partner: str, flow: str, year: int) -> Value | None:
        if flow == "total":
            parts = [self.get(reporter, partner, f, year) for f in ("exports", "imports")]
            return combine(parts, sum)
        hit = self.values.get((reporter, partner, flow, year))
        if hit is not None:
            return hit
        mirror = self.values.get((partner, reporter, OPPOSITE[flow], year))
        if mirror is not None and mirror.basis == "reporter" and partner != "WLD":
            return Value(mirror.value, "mirror", mirror.sources, mirror.world)
        return None

    def group(self, reporter: str, partners: Iterable[str], flow: str, year: int) -> Value | None:
        return combine([self.get(reporter, p, flow, year) for p in partners], sum)


def combine(parts: list[Value | None], fn) -> Value | None:
    """Apply ``fn`` to the values if none is missing; basis is mirror if any part is."""
    if any(p is None for p in parts):
        return None
    vals = [p.value for p in parts]  # type: ignore[union-attr]
    basis = "mirror" if any(p.basis == "mirror" for p in parts) else "reporter"  # type: ignore
    return Value(fn(vals), basis, join_sources(*(p.sources for p in parts)),  # type: ignore
                 any(p.world for p in parts))  # type: ignore[union-attr]


def _row(indicator: str, reporter: str, partner: str, flow: str, year: int, v: Value,
         unit: str) -> dict[str, object]:
    kind = "world_annual" if v.world else "trade_annual"
    return {"indicator": indicator, "reporter": reporter, "partner": partner, "flow": flow,
            "year": year, "value": v.value, "unit": unit, "basis": v.basis, "sources": v.sources,
            "available": asof.available(kind, year).isoformat()}


def share(flows: Flows, reporter: str, partners: tuple[str, ...], flow: str, year: int
          ) -> Value | None:
    """Percent of ``reporter``'s trade with the world that is with ``partners``."""
    num = flows.group(reporter, partners, flow, year)
    den = flows.get(reporter, "WLD", flow, year)
    if num is None or den is None or den.value <= 0:
        return None
    return combine([num, den], lambda v: 100.0 * v[0] / v[1])


def share_partners(reporter: str) -> list[tuple[str, ...]]:
    """Each partner of the three alone, the other two together, and China and the EU."""
    others = tuple(c for c in NA3 if c != reporter)
    return [(p,) for p in others] + [others, ("CHN",), ("EUU",)]


def trade_share(tables: Tables) -> pd.DataFrame:
    """The partner's share (percent) of the reporter's goods trade, by flow and year."""
    df, _ = panel(tables)
    flows = Flows(df)
    rows = []
    for reporter in NA3:
        for partners in share_partners(reporter):
            for flow in FLOWS:
                for year in flows.years:
                    v = share(flows, reporter, partners, flow, year)
                    if v is not None:
                        rows.append(_row("trade_share", reporter, "+".join(partners), flow,
                                         year, v, SHARE_UNIT))
    return make(rows)


def trade_intensity(tables: Tables) -> pd.DataFrame:
    """Partner's share in the reporter's trade over the partner's share in world trade."""
    df, _ = panel(tables)
    flows = Flows(df)
    rows = []
    for reporter in NA3:
        for partner in (c for c in NA3 if c != reporter):
            for flow in FLOWS:
                for year in flows.years:
                    v = intensity(flows, reporter, partner, flow, year)
                    if v is not None:
                        rows.append(_row("trade_intensity", reporter, partner, flow, year, v,
                                         "ratio to the partner's share of world trade"))
    return make(rows)


def intensity(flows: Flows, reporter: str, partner: str, flow: str, year: int) -> Value | None:
    """(x_rp / X_r) / (M_p / M_w) for exports; the mirror image for imports; totals alike.

    The handbook form (ESCAP, Trade Statistics in Policymaking, 2009): world totals include the
    reporter, so for a reporter with a share w of world trade the neutral value is 1 / (1 - w),
    not 1 (the reporter cannot trade with itself); see docs/method.md.
    """
    partner_flow = OPPOSITE.get(flow, "total")
    parts = [flows.get(reporter, partner, flow, year), flows.get(reporter, "WLD", flow, year),
             flows.get(partner, "WLD", partner_flow, year), flows.get("WLD", "WLD", partner_flow, year)]
    if any(p is None or p.value <= 0 for p in parts):
        return None
    return combine(parts, lambda v: (v[0] / v[1]) / (v[2] / v[3]))


def regional_introversion(tables: Tables) -> pd.DataFrame:
    """Iapadre's homogeneous introversion index of the three as a bloc, and their intra share.

    With s the intra-regional share of the bloc's trade and w the bloc's share of world trade,
    HI = s / w, HE = (1 - s) / (1 - w) and the index is (HI - HE) / (HI + HE), in [-1, 1]; zero
    means no regional bias, and unlike the plain intensity index it does not fall mechanically
    as the bloc's weight in world trade rises.
    """
    df, _ = panel(tables)
    flows = Flows(df)
    rows = []
    for year in flows.years:
        intra = combine([flows.get(r, p, "total", year) for r in NA3 for p in NA3 if p != r], sum)
        bloc = combine([flows.get(r, "WLD", "total", year) for r in NA3], sum)
        world = flows.get("WLD", "WLD", "total", year)
        if intra is None or bloc is None:
            continue
        rows.append(_row("intraregional_share", BLOC, BLOC, "total", year,
                         combine([intra, bloc], lambda v: 100.0 * v[0] / v[1]),
                         "percent of the bloc's goods trade"))
        if world is not None:
            rows.append(_row("regional_introversion", BLOC, BLOC, "total", year,
                             combine([intra, bloc, world], _introversion),
                             "index in [-1, 1] (0 = no regional bias)"))
    return make(rows)


def _introversion(v: list[float]) -> float:
    s, w = v[0] / v[1], v[1] / v[2]
    hi, he = s / w, (1 - s) / (1 - w)
    return (hi - he) / (hi + he)


def dependence_asymmetry(tables: Tables) -> pd.DataFrame:
    """The spoke's share (percent) with the US over the US's share with the spoke."""
    df, _ = panel(tables)
    flows = Flows(df)
    rows = []
    for spoke in ("CAN", "MEX"):
        for flow in FLOWS:
            for year in flows.years:
                a = share(flows, spoke, ("USA",), flow, year)
                b = share(flows, "USA", (spoke,), flow, year)
                if a is not None and b is not None and b.value > 0:
                    rows.append(_row("dependence_asymmetry", spoke, "USA", flow, year,
                                     combine([a, b], lambda v: v[0] / v[1]),
                                     "ratio of shares (1 = symmetric)"))
    return make(rows)


def spoke_to_spoke(tables: Tables) -> pd.DataFrame:
    """Canada-Mexico trade as a percent of each one's trade with the US."""
    df, _ = panel(tables)
    flows = Flows(df)
    rows = []
    for spoke, other in (("CAN", "MEX"), ("MEX", "CAN")):
        for year in flows.years:
            a = flows.get(spoke, other, "total", year)
            b = flows.get(spoke, "USA", "total", year)
            if a is not None and b is not None and b.value > 0:
                rows.append(_row("spoke_to_spoke", spoke, other, "total", year,
                                 combine([a, b], lambda v: 100.0 * v[0] / v[1]),
                                 "percent of the reporter's trade with the USA"))
    return make(rows)
