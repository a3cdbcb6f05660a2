"""Checks on trade: regional shares, introversion, intensity, dependence, spokes, gravity."""

from __future__ import annotations

import math

import pandas as pd

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

SPOKES = ("CAN", "MEX")


def newest(ctx: Context, world: bool = False) -> int:
    """The newest year of annual trade (or of figures needing world totals) public by as_of."""
    return asof.last_published_year("world_annual" if world else "trade_annual", ctx.as_of)


def common_last_years(groups: list[tuple[str, pd.DataFrame]], years: int = TRADE_WINDOW
                      ) -> list[tuple[str, pd.DataFrame]]:
    """Each series cut to the last ``years`` years that every series has (pooled slopes then
    average the same window, not Canada 2016-2025 with Mexico 2012-2021)."""
    sets = [set(df.dropna(subset=["value"])["year"]) for _, df in groups if not df.empty]
    if len(sets) < len(groups) or not sets:
        return [(label, last_years(df, years)) for label, df in groups]
    common = sorted(set.intersection(*sets))[-years:]
    return [(label, df[df["year"].isin(common)]) for label, df in groups]


def _ends(groups: list[tuple[str, pd.DataFrame]]) -> str:
    """A note naming series that go on past the common window (their later years unused)."""
    full = [(label, int(df["year"].max())) for label, df in groups if not df.empty]
    last = min(end for _, end in full) if full else None
    later = [f"{label} to {end}" for label, end in full if last is not None and end > last]
    return (f"common years only: {', '.join(later)} not used past {last}" if later else "")


def _pooled_trend(ctx: Context, groups: list[tuple[str, pd.DataFrame]], expect_end: int,
                  **kw) -> Measurement:
    m = trend_measure(ctx, common_last_years(groups), **kw)
    if m.informative:
        full = [(label, int(df["year"].max())) for label, df in groups if not df.empty]
        m.note = "; ".join(x for x in (ends_early(full, expect_end), _ends(groups)) if x)
    return m


# estimand: trend; US total-trade share with CAN+MEX, last 10 years, pp/year; SESOI
# 0.2 pp/year (2 pp a decade, about the year-to-year noise of the share).
@check("us_regional_share_trend", "US share of its goods trade done with Canada and Mexico")
def us_regional_share_trend(ctx: Context) -> Measurement:
    df = last_years(ctx.indicator("trade_share", reporter="USA", partner="CAN+MEX", flow="total"))
    return trend_measure(ctx, [("USA trade share with CAN+MEX", df)],
                         unit="percentage points per year",
                         what=f"the US total-trade share with CAN+MEX, last {TRADE_WINDOW} years",
                         expect_end=newest(ctx))


# estimand: trend; each spoke's total-trade share with the US, pooled over the last 10
# common years, pp/year; SESOI 0.2 pp/year (as above).
@check("spoke_dependence_trend", "Canada's and Mexico's share of goods trade with the US")
def spoke_dependence_trend(ctx: Context) -> Measurement:
    groups = [(f"{s} trade share with USA",
               ctx.indicator("trade_share", reporter=s, partner="USA", flow="total"))
              for s in SPOKES]
    return _pooled_trend(ctx, groups, newest(ctx), unit="percentage points per year",
                         what=f"each spoke's total-trade share with the USA, last "
                              f"{TRADE_WINDOW} common years")


# estimand: trend; bloc introversion index, last 10 years, index points/year; SESOI 0.005
# a year (0.05 a decade on a -1..1 index).
@check("introversion_trend", "Regional trade introversion of the three (Iapadre)")
def introversion_trend(ctx: Context) -> Measurement:
    df = last_years(ctx.indicator("regional_introversion", indicator="regional_introversion"))
    return trend_measure(ctx, [("homogeneous introversion index", df)],
                         unit="index points per year",
                         what=f"the bloc's introversion index, last {TRADE_WINDOW} years",
                         expect_end=newest(ctx, world=True))


# estimand: trend; log US trade intensity with CAN and with MEX, last 10 common years, log
# points/year; SESOI 0.01 (1% a year).
@check("intensity_trend", "US trade intensity with Canada and with Mexico")
def intensity_trend(ctx: Context) -> Measurement:
    groups = [(f"USA-{p} trade intensity",
               ctx.indicator("trade_intensity", reporter="USA", partner=p, flow="total"))
              for p in SPOKES]
    return _pooled_trend(ctx, groups, newest(ctx, world=True), unit="log points per year",
                         transform=math.log,
                         what=f"log trade intensity, last {TRADE_WINDOW} common years")


# estimand: trend; spoke/US dependence asymmetry ratio, last 10 common years, ratio
# points/year; SESOI 0.05 a year (half a ratio point a decade).
@check("asymmetry_trend", "Dependence asymmetry: spoke's share with the US over the reverse")
def asymmetry_trend(ctx: Context) -> Measurement:
    groups = [(f"{s}/USA dependence asymmetry",
               ctx.indicator("dependence_asymmetry", reporter=s, flow="total"))
              for s in SPOKES]
    return _pooled_trend(ctx, groups, newest(ctx), unit="ratio points per year",
                         what=f"the asymmetry ratio, last {TRADE_WINDOW} common years")


# estimand: trend; CAN-MEX trade as % of each one's trade with the US, last 10 common years,
# pp/year; SESOI 0.1 pp/year.
@check("spoke_to_spoke_trend", "Canada-Mexico trade relative to each one's trade with the US")
def spoke_to_spoke_trend(ctx: Context) -> Measurement:
    groups = [(f"{s} trade with {o} as % of trade with USA",
               ctx.indicator("spoke_to_spoke", reporter=s, partner=o))
              for s, o in (("CAN", "MEX"), ("MEX", "CAN"))]
    return _pooled_trend(ctx, groups, newest(ctx), unit="percentage points per year",
                         what=f"spoke-to-spoke trade, last {TRADE_WINDOW} common years")


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


ESSAY_BAR = 80.0  # "more than 80 percent of their imports and exports" (Sands 2006)
LEVEL_YEARS = 3  # a level check's interval: the range over the last three years


def share_level(ctx: Context, spoke: str, flow: str) -> Measurement:
    """The spoke's share of its ``flow`` with the US in the newest year public by as_of.

    A published share carries no sampling error: the interval is the range over the last
    :data:`LEVEL_YEARS` years (year-to-year movement), and the null is the essay's 80%.
    """
    unit = f"percent of {spoke}'s goods {flow}"
    df = ctx.indicator("trade_share", reporter=spoke, partner="USA", flow=flow)
    df = df.dropna(subset=["value"]).tail(LEVEL_YEARS)
    if df.empty:
        return missing(f"no {spoke} {flow} share with the USA by this date", unit)
    vals = df["value"].astype(float)
    last = df.iloc[-1]
    ev = items(ctx, df, lambda r: f"{r['reporter']} {r['flow']} share with USA, {r['year']}: "
                                  f"{r['value']:.1f}%")
    return Measurement(float(last["value"]), float(vals.min()), float(vals.max()), unit,
                       f"{spoke}'s {flow} share with the USA in {int(last['year'])}; interval = "
                       f"range over {int(df['year'].min())}-{int(df['year'].max())} (published "
                       f"figures, no sampling error); compared with the essay's "
                       f"{ESSAY_BAR:.0f}%", evidence=ev, null=ESSAY_BAR,
                       series=series_points(df, f"{spoke} {flow} share with USA"),
                       note=ends_early([(f"{spoke} {flow} share", int(last["year"]))],
                                       newest(ctx)))


def _share_check(spoke: str, flow: str) -> None:
    name = {"CAN": "Canada", "MEX": "Mexico"}[spoke]

    def fn(ctx: Context) -> Measurement:
        return share_level(ctx, spoke, flow)

    fn.__name__ = f"us_share_{flow}_{spoke.lower()}"
    check(fn.__name__, f"{name}'s {flow} with the US against the essay's 80%")(fn)


# estimand: level; CAN/MEX share of exports/imports with the US in the newest year, percent;
# null 80 (the essay's claim); SESOI 2 pp (a share within 2 pp of 80% is not a clear miss).
for _spoke in SPOKES:
    for _flow in ("exports", "imports"):
        _share_check(_spoke, _flow)


# estimand: level; mean over the spokes of (spoke's total-trade share with the US) / (US
# share with the spoke), newest common year; null 1 (symmetric); SESOI 0.5 ratio points.
@check("asymmetry_level", "Dependence asymmetry now: spoke's share with the US over the reverse")
def asymmetry_level(ctx: Context) -> Measurement:
    unit = "ratio (spoke's share with the US / US share with the spoke)"
    frames = {s: ctx.indicator("dependence_asymmetry", reporter=s, flow="total").dropna(
        subset=["value"]) for s in SPOKES}
    common = sorted(set.intersection(*(set(f["year"]) for f in frames.values())))[-LEVEL_YEARS:]
    if not common:
        return missing("no year with both spokes' asymmetry ratios by this date", unit)
    rows = [f[f["year"].isin(common)] for f in frames.values()]
    latest = [float(r[r["year"] == common[-1]]["value"].iloc[0]) for r in rows]
    every = [float(v) for r in rows for v in r["value"]]
    ev = [e for r in rows for e in items(ctx, r, lambda x: f"{x['reporter']}/USA asymmetry, "
                                                           f"{x['year']}: {x['value']:.2f}")]
    return Measurement(sum(latest) / len(latest), min(every), max(every), unit,
                       f"mean of the two spokes' asymmetry ratios in {common[-1]}; interval = "
                       f"range over both spokes and {common[0]}-{common[-1]} (published "
                       "figures, no sampling error); compared with 1 (symmetric dependence)",
                       evidence=ev, null=1.0,
                       series=[p for r in rows
                               for p in series_points(r, f"{r['reporter'].iloc[0]}/USA")],
                       note=ends_early([(f"{s} asymmetry", int(f["year"].max()))
                                        for s, f in frames.items()], newest(ctx)))


# Gravity: one check per panel, each with its own estimand (never averaged). The interval is
# the placebo-triad randomisation interval at LEVEL (trilateral.gravity.inference); the check
# is stale like any other once its panel ends more than STALE_YEARS before as_of.
GRAVITY_CHECKS = {
    "agtpa": "the CUSFTA/NAFTA effect 12 years after entry net of border-by-year globalisation",
    "penppml": "the NAFTA effect 12 years after entry relative to other international trade",
    "wiod": "the change in North American trade since 2000 beyond border-by-year globalisation",
}


# estimand: level; NAFTA phase-in total (log points) on the agtpa panel 1986-2006, net of
# border-by-year globalisation; SESOI 0.1 log points (about +10% trade, the smallest agreement
# effect the gravity literature treats as economically meaningful); stale after 2014.
@check("nafta_gravity_effect", "Structural gravity: NAFTA effect net of globalisation (agtpa)")
def nafta_gravity_effect(ctx: Context) -> Measurement:
    return _gravity_check(ctx, "agtpa")


# estimand: level; NAFTA phase-in total (log points) on the Comtrade panel 1964-2016, relative
# to other international trade; SESOI 0.1 log points (as above); stale after 2024.
@check("nafta_gravity_relative", "Structural gravity: NAFTA effect relative to other trade "
                                 "(Comtrade panel)")
def nafta_gravity_relative(ctx: Context) -> Measurement:
    return _gravity_check(ctx, "penppml")


# estimand: change; North American trade 2000-2014 beyond border-by-year terms (log points,
# WIOD goods and services); SESOI 0.1 log points over the window; stale after 2022.
@check("na_trade_change_gravity", "Structural gravity: North American trade since 2000 beyond "
                                  "globalisation (WIOD)")
def na_trade_change_gravity(ctx: Context) -> Measurement:
    return _gravity_check(ctx, "wiod")


def _gravity_check(ctx: Context, panel: str) -> Measurement:
    got = [g for g in ctx.gravity() if g.get("panel") == panel]
    unit = "log points (coefficient)"
    if not got or _bounds(got[0]) is None:
        return missing(ctx.gaps.get(GRAVITY, f"no gravity estimate on the {panel} panel"), unit)
    g = got[0]
    ri = g.get("randomisation") or {}
    if ri.get("interval_90") and ri.get("statistic") == g.get("term"):
        est = float(g["estimate"])
        t = (est, float(ri["interval_90"][0]), float(ri["interval_90"][1]))
        how = (f"{PCT} randomisation interval from {ri['draws']} placebo triads of the "
               f"{ri['pool_size']} largest other exporters (seed {ri['seed']}; randomisation "
               f"p {ri['p']:.2f}; pair-clustered SE {ri['se_clustered']:.3f})")
    else:
        t = _bounds(g)
        how = f"{PCT} interval from the pair-clustered standard error (no randomisation run)"
    ev = _gravity_item(g, t)
    return Measurement(t[0], t[1], t[2], str(g.get("unit") or unit),
                       f"gravity estimate of {GRAVITY_CHECKS[panel]}, {how}", evidence=[ev],
                       note=f"estimated on a panel ending in {ev.year}" if ev.year else "")


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
