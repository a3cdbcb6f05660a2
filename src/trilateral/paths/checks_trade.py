"""Checks on trade: regional shares, introversion, intensity, dependence, spokes, gravity."""

from __future__ import annotations

import math

from trilateral.indicators import asof
from trilateral.paths.context import GRAVITY, Context, gravity_available
from trilateral.paths.model import EvidenceItem, Measurement
from trilateral.paths.registry import (
    PCT,
    TRADE_WINDOW,
    check,
    ends_early,
    items,
    last_years,
    missing,
    series_points,
    trend_measure,
)
from trilateral.paths.stats import Estimate, pooled

SPOKES = ("CAN", "MEX")


def newest(ctx: Context, world: bool = False) -> int:
    """The newest year of annual trade (or of figures needing world totals) public by as_of."""
    return asof.last_published_year("world_annual" if world else "trade_annual", ctx.as_of)


@check("us_regional_share_trend", "US share of its goods trade done with Canada and Mexico")
def us_regional_share_trend(ctx: Context) -> Measurement:
    df = last_years(ctx.indicator("trade_share", reporter="USA", partner="CAN+MEX", flow="total"))
    return trend_measure(ctx, [("USA trade share with CAN+MEX", df)],
                         unit="percentage points per year",
                         what=f"the US total-trade share with CAN+MEX, last {TRADE_WINDOW} years",
                         expect_end=newest(ctx))


@check("spoke_dependence_trend", "Canada's and Mexico's share of goods trade with the US")
def spoke_dependence_trend(ctx: Context) -> Measurement:
    groups = [(f"{s} trade share with USA",
               last_years(ctx.indicator("trade_share", reporter=s, partner="USA", flow="total")))
              for s in SPOKES]
    return trend_measure(ctx, groups, unit="percentage points per year",
                         what=f"each spoke's total-trade share with the USA, last "
                              f"{TRADE_WINDOW} years", expect_end=newest(ctx))


@check("introversion_trend", "Regional trade introversion of the three (Iapadre)")
def introversion_trend(ctx: Context) -> Measurement:
    df = last_years(ctx.indicator("regional_introversion", indicator="regional_introversion"))
    return trend_measure(ctx, [("homogeneous introversion index", df)],
                         unit="index points per year",
                         what=f"the bloc's introversion index, last {TRADE_WINDOW} years",
                         expect_end=newest(ctx, world=True))


@check("intensity_trend", "US trade intensity with Canada and with Mexico")
def intensity_trend(ctx: Context) -> Measurement:
    groups = [(f"USA-{p} trade intensity",
               last_years(ctx.indicator("trade_intensity", reporter="USA", partner=p,
                                        flow="total"))) for p in SPOKES]
    return trend_measure(ctx, groups, unit="log points per year", transform=math.log,
                         what=f"log trade intensity, last {TRADE_WINDOW} years",
                         expect_end=newest(ctx, world=True))


@check("asymmetry_trend", "Dependence asymmetry: spoke's share with the US over the reverse")
def asymmetry_trend(ctx: Context) -> Measurement:
    groups = [(f"{s}/USA dependence asymmetry",
               last_years(ctx.indicator("dependence_asymmetry", reporter=s, flow="total")))
              for s in SPOKES]
    return trend_measure(ctx, groups, unit="ratio points per year",
                         what=f"the asymmetry ratio, last {TRADE_WINDOW} years",
                         expect_end=newest(ctx))


@check("spoke_to_spoke_trend", "Canada-Mexico trade relative to each one's trade with the US")
def spoke_to_spoke_trend(ctx: Context) -> Measurement:
    groups = [(f"{s} trade with {o} as % of trade with USA",
               last_years(ctx.indicator("spoke_to_spoke", reporter=s, partner=o)))
              for s, o in (("CAN", "MEX"), ("MEX", "CAN"))]
    return trend_measure(ctx, groups, unit="percentage points per year",
                         what=f"spoke-to-spoke trade, last {TRADE_WINDOW} years",
                         expect_end=newest(ctx))


@check("spoke_majority_share", "Smaller of Canada's and Mexico's total-trade shares with the US")
def spoke_majority_share(ctx: Context) -> Measurement:
    """Latest common year; the interval is the range of the last three common years."""
    frames = {s: ctx.indicator("trade_share", reporter=s, partner="USA", flow="total")
              for s in SPOKES}
    common = sorted(set.intersection(*(set(f["year"]) for f in frames.values())))[-3:]
    if not common:
        return missing("no year with both spokes' shares with the USA by this date",
                       "percent of goods trade")
    rows = [f[f["year"].isin(common)] for f in frames.values()]
    mins = [min(float(r[r["year"] == y]["value"].iloc[0]) for r in rows) for y in common]
    ev = [e for r in rows for e in items(ctx, r, lambda x: f"{x['reporter']} total-trade share "
                                                           f"with USA, {x['year']}: "
                                                           f"{x['value']:.1f}%")]
    ends = [(f"{s} share with USA", int(f["year"].max())) for s, f in frames.items()]
    return Measurement(mins[-1], min(mins), max(mins), "percent of goods trade",
                       f"smaller spoke share with the USA in {common[-1]}; interval = range over "
                       f"{common[0]}-{common[-1]}; compared with 50%", evidence=ev, null=50.0,
                       series=[p for r in rows for p in series_points(r, str(r['reporter'].iloc[0]))],
                       note=ends_early(ends, newest(ctx)))


@check("nafta_gravity_effect", "Structural gravity: NAFTA/USMCA effect net of globalisation")
def nafta_gravity_effect(ctx: Context) -> Measurement:
    got = [g for g in ctx.gravity() if _bounds(g) is not None]
    if not got:
        return missing(ctx.gaps.get(GRAVITY, "no gravity estimate with an interval"),
                       "log points")
    trips = [_bounds(g) for g in got]
    # the panels overlap in years and flows: their errors are not independent, and with no
    # estimate of the correlation the pooled half-width is the mean half-width (r = 1)
    m, _ = pooled([Estimate(*t, 1) for t in trips])
    half = (m.upper - m.lower) / 2
    ev = [_gravity_item(g, t) for g, t in zip(got, trips, strict=True)]
    unit = str(got[0].get("unit") or "log points (coefficient)")
    last = max((e.year for e in ev if e.year), default=None)
    return Measurement(m.estimate, m.estimate - half, m.estimate + half, unit,
                       f"{'mean of ' + str(len(got)) + ' ' if len(got) > 1 else ''}gravity "
                       f"estimate(s) of the agreement effect, {PCT} interval from their "
                       "standard errors (pooled: mean half-width, the panels overlap)",
                       evidence=ev,
                       # a structural effect of the agreement, not a reading of recent years
                       coverage_end=ctx.today.year,
                       note=f"estimated on panels ending in {last}" if last else "")


def _bounds(g: dict) -> tuple[float, float, float] | None:
    est = g.get("estimate", g.get("coef"))
    if est is None:
        return None
    est = float(est)
    if g.get("lower") is not None and g.get("upper") is not None:
        lo, hi = float(g["lower"]), float(g["upper"])
        from scipy.special import ndtri

        from trilateral.paths.stats import Z

        shrink = Z / float(ndtri(0.5 + float(g.get("level", 0.95)) / 2))
        return est, est - (est - lo) * shrink, est + (hi - est) * shrink
    if g.get("se") is not None:
        from trilateral.paths.stats import Z

        return est, est - Z * float(g["se"]), est + Z * float(g["se"])
    return None


def _gravity_item(g: dict, t: tuple[float, float, float]) -> EvidenceItem:
    label = g.get("label") or g.get("title") or g.get("name") or "gravity estimate"
    years = g.get("years") or g.get("year")
    return EvidenceItem(
        source=str(g.get("source") or "trilateral.gravity"),
        description=f"{label}: {t[0]:.3f} ({PCT} {t[1]:.3f} to {t[2]:.3f})"
                    + (f"; {g['description']}" if g.get("description") else ""),
        value=t[0], unit=str(g.get("unit") or "log points"),
        year=int(max(years)) if isinstance(years, list | tuple) and years else None,
        date=str(g.get("date")) if g.get("date") else None,
        available=(lambda d: d.isoformat() if d else None)(gravity_available(g)),
        url=g.get("url"), ref=str(g.get("id") or label))
