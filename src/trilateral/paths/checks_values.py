"""Checks on values: convergence on the cultural map, reference groups, trust, opinion of the US.

Survey trends are slopes across waves per decade; each wave is a point (never interpolated), so
intervals are wide when only three or four waves are public by ``as_of``.
"""

from __future__ import annotations

import re
from itertools import combinations

import numpy as np
import pandas as pd

from trilateral.paths.context import Context
from trilateral.paths.model import Measurement
from trilateral.paths.registry import check, last_years, trend_measure

NA3 = ("USA", "CAN", "MEX")
DECADE = 10.0
PER_DECADE = "per decade"


def no_sampling_error(m: Measurement, what: str) -> Measurement:
    """Say that the survey figures behind a check carry no sampling error here."""
    note = (f"{what} are published national figures without standard errors: no survey "
            "sampling error is carried, so the interval reflects only the spread across waves")
    m.note = "; ".join(x for x in (m.note, note) if x)
    return m


# estimand: trend (unbenchmarked, kept for reference; the values path reads
# values_sigma_vs_placebo); RMS dispersion of the three per decade across waves.
@check("values_sigma_trend", "Dispersion of the three on the cultural map (sigma convergence)")
def values_sigma_trend(ctx: Context) -> Measurement:
    df = ctx.indicator("values_dispersion")
    return trend_measure(ctx, [("dispersion of USA, CAN, MEX", df)], scale=DECADE,
                         unit=f"map units {PER_DECADE}",
                         what="the RMS distance of the three from their centroid across waves")


# estimand: trend; mean slope of the three pairwise cultural-map distances per decade across
# WVS waves; SESOI 0.05 map units a decade; no sampling error carried (none published).
@check("pair_distance_trend", "Pairwise cultural-map distances among the three")
def pair_distance_trend(ctx: Context) -> Measurement:
    groups = [(f"{a}-{b} map distance", ctx.indicator("cultural_distance", reporter=a, partner=b))
              for a, b in combinations(NA3, 2)]
    return no_sampling_error(
        trend_measure(ctx, groups, scale=DECADE, unit=f"map units {PER_DECADE}",
                      what="each pair's distance across waves"), "cultural-map positions")


@check("mexico_latam_trend", "Mexico's distance from the Latin American median")
def mexico_latam_trend(ctx: Context) -> Measurement:
    df = ctx.indicator("reference_distance", reporter="MEX", partner="latin_america")
    got = trend_measure(ctx, [("MEX to Latin American median", df)], scale=DECADE,
                        unit=f"map units {PER_DECADE}", what="Mexico's distance across waves")
    return _membership_note(got, df)


@check("north_europe_trend", "US and Canadian distance from the Protestant European median")
def north_europe_trend(ctx: Context) -> Measurement:
    groups = [(f"{c} to Protestant European median",
               ctx.indicator("reference_distance", reporter=c, partner="protestant_europe"))
              for c in ("USA", "CAN")]
    got = trend_measure(ctx, groups, scale=DECADE, unit=f"map units {PER_DECADE}",
                        what="the distance across waves")
    return _membership_note(got, pd.concat([g for _, g in groups]))


MEMBERS = re.compile(r"median of (\d+) countries \(([^)]*)\)")


def _membership_note(m: Measurement, df: pd.DataFrame) -> Measurement:
    """Say so when the reference group is made of different countries from wave to wave."""
    found = [MEMBERS.search(str(b)) for b in df.get("basis", pd.Series(dtype=str))]
    sets = {g.group(2) for g in found if g}
    if m.informative and len(sets) > 1:
        sizes = sorted(int(g.group(1)) for g in found if g)
        m.note = "; ".join(x for x in (m.note, (
            f"the reference group's members differ across waves ({sizes[0]} to {sizes[-1]} "
            "countries surveyed): part of the trend can come from the change in membership"))
            if x)
    return m


# estimand: trend; mean slope of the pairwise gaps in generalised trust per decade across WVS
# waves; SESOI 2 pp a decade; no sampling error carried (national shares only).
@check("trust_gap_trend", "Gaps in generalised trust among the three (WVS)")
def trust_gap_trend(ctx: Context) -> Measurement:
    groups = [(f"{a}-{b} trust gap", ctx.indicator("trust_gap", reporter=a, partner=b))
              for a, b in combinations(NA3, 2)]
    return no_sampling_error(
        trend_measure(ctx, groups, scale=DECADE, unit=f"percentage points {PER_DECADE}",
                      what="each pair's trust gap across WVS waves"), "WVS trust shares")


# estimand: trend; favourable view of the US in CAN and MEX, pp/year over the last 10 survey
# years; SESOI 1 pp/year; no sampling error carried (Pew samples of about 1,000 unmodelled).
@check("us_image_trend", "Favourable views of the US in Canada and Mexico (Pew)")
def us_image_trend(ctx: Context) -> Measurement:
    groups = [(f"{c} favourable view of the USA",
               last_years(ctx.indicator("us_favourability", reporter=c)))
              for c in ("CAN", "MEX")]
    return no_sampling_error(
        trend_measure(ctx, groups, unit="percentage points per year",
                      what="the favourable share over the last 10 years of surveys"),
        "Pew favourable shares (national samples of about 1,000)")


PLACEBO_TRIADS = 500  # random triads of surveyed countries (seeded)
PLACEBO_SEED = 20060331
NO_SAMPLING_ERROR = ("the national map positions are published means without standard errors, "
                     "so no survey sampling error is carried; the placebo spread stands in for "
                     "the uncertainty")


# estimand: trend, benchmarked; the three's dispersion slope per decade across the WVS waves
# where all three were surveyed, minus the median slope of random triads of countries surveyed
# in the same waves (placebo triads); 90% interval from the placebo quantiles (Conley-Taber
# style); SESOI 0.05 map units a decade (about a tenth of a typical pairwise distance).
@check("values_sigma_vs_placebo",
       "Dispersion of the three on the cultural map against random country triads")
def values_sigma_vs_placebo(ctx: Context) -> Measurement:
    from trilateral.indicators.values import map_points
    from trilateral.paths.registry import items, missing, series_points
    from trilateral.paths.stats import trend

    unit = f"map units {PER_DECADE} (the three's slope minus the placebo median)"
    na = ctx.indicator("values_dispersion").dropna(subset=["value"])
    pts = _public_points(ctx, map_points(ctx.tables))
    waves = sorted(int(w) for w in pts[pts["iso3"].isin(NA3)].groupby("wave").filter(
        lambda g: len(g) == len(NA3))["wave"].unique())
    if len(na) < 3 or len(waves) < 3:
        return missing("fewer than 3 waves with all three surveyed by this date", unit)
    na_fit = trend(na["year"].tolist(), na["value"].tolist())
    wide = pts[pts["wave"].isin(waves)].pivot_table(index="iso3", columns="wave",
                                                    values=["trad_secular", "surv_selfexp"])
    wide = wide.dropna()
    pool = [c for c in wide.index if c not in NA3]
    slopes = placebo_slopes(wide, pool, waves, na["year"].tolist())
    if na_fit is None or len(slopes) < 20:
        return missing(f"fewer than 20 placebo triads surveyed in waves {waves}", unit)
    med = float(np.median(slopes))
    q05, q95 = np.quantile(slopes, [0.05, 0.95])
    b = na_fit.estimate * DECADE
    share = float(np.mean(np.asarray(slopes) >= b))
    return Measurement(
        b - med, b - float(q95), b - float(q05), unit,
        f"the three's dispersion slope ({b:+.3f} {PER_DECADE}, waves {waves}) minus the median "
        f"slope of {len(slopes)} random triads of the {len(pool)} other countries surveyed in "
        f"every one of those waves (seed {PLACEBO_SEED}); 90% interval from the placebo "
        f"quantiles; {share:.0%} of placebo triads diverged more",
        evidence=items(ctx, na, lambda r: f"dispersion of the three, {r['year']}: "
                                          f"{r['value']:.3f}"),
        series=series_points(na, "dispersion of USA, CAN, MEX"),
        note=NO_SAMPLING_ERROR)


def _public_points(ctx: Context, pts: pd.DataFrame) -> pd.DataFrame:
    from trilateral.indicators import asof

    ok = [asof.knowable(asof.available("survey_wave", int(y)), ctx.as_of) for y in pts["year"]]
    return pts[ok]


def placebo_slopes(wide: pd.DataFrame, pool: list[str], waves: list[int], years: list[int]
                   ) -> list[float]:
    """Dispersion slopes per decade of random triads from ``pool`` on the same waves."""
    rng = np.random.default_rng(PLACEBO_SEED)
    every = list(combinations(pool, 3))
    pick = every if len(every) <= PLACEBO_TRIADS else [
        every[i] for i in rng.choice(len(every), PLACEBO_TRIADS, replace=False)]
    x = np.asarray(years, float) - np.mean(years)
    out = []
    for triad in pick:
        sub = wide.loc[list(triad)]
        sig = []
        for w in waves:
            xy = np.column_stack([sub[("trad_secular", w)], sub[("surv_selfexp", w)]])
            sig.append(float(np.sqrt(((xy - xy.mean(axis=0)) ** 2).sum(axis=1).mean())))
        s = np.asarray(sig)
        out.append(float((x * (s - s.mean())).sum() / (x * x).sum()) * DECADE)
    return out
