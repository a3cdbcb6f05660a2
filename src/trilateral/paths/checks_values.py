"""Checks on values: convergence on the cultural map, reference groups, trust, opinion of the US.

Survey trends are slopes across waves per decade; each wave is a point (never interpolated), so
intervals are wide when only three or four waves are public by ``as_of``.
"""

from __future__ import annotations

import re
from itertools import combinations

import pandas as pd

from trilateral.paths.context import Context
from trilateral.paths.model import Measurement
from trilateral.paths.registry import check, last_years, trend_measure

NA3 = ("USA", "CAN", "MEX")
DECADE = 10.0
PER_DECADE = "per decade"


@check("values_sigma_trend", "Dispersion of the three on the cultural map (sigma convergence)")
def values_sigma_trend(ctx: Context) -> Measurement:
    df = ctx.indicator("values_dispersion")
    return trend_measure(ctx, [("dispersion of USA, CAN, MEX", df)], scale=DECADE,
                         unit=f"map units {PER_DECADE}",
                         what="the RMS distance of the three from their centroid across waves")


@check("pair_distance_trend", "Pairwise cultural-map distances among the three")
def pair_distance_trend(ctx: Context) -> Measurement:
    groups = [(f"{a}-{b} map distance", ctx.indicator("cultural_distance", reporter=a, partner=b))
              for a, b in combinations(NA3, 2)]
    return trend_measure(ctx, groups, scale=DECADE, unit=f"map units {PER_DECADE}",
                         what="each pair's distance across waves")


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


@check("trust_gap_trend", "Gaps in generalised trust among the three (WVS)")
def trust_gap_trend(ctx: Context) -> Measurement:
    groups = [(f"{a}-{b} trust gap", ctx.indicator("trust_gap", reporter=a, partner=b))
              for a, b in combinations(NA3, 2)]
    return trend_measure(ctx, groups, scale=DECADE, unit=f"percentage points {PER_DECADE}",
                         what="each pair's trust gap across WVS waves")


@check("us_image_trend", "Favourable views of the US in Canada and Mexico (Pew)")
def us_image_trend(ctx: Context) -> Measurement:
    groups = [(f"{c} favourable view of the USA",
               last_years(ctx.indicator("us_favourability", reporter=c)))
              for c in ("CAN", "MEX")]
    return trend_measure(ctx, groups, unit="percentage points per year",
                         what="the favourable share over the last 10 years of surveys")
