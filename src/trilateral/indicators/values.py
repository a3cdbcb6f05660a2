"""Values indicators: cultural-map distances, sigma convergence, reference groups, trust, opinion.

Survey waves are points in time. Two countries are compared only inside the same WVS fieldwork
window (1981-84, 1990-94, 1995-98, 1999-2004, 2005-09, 2010-14, 2017-22, the ``wvs_wave`` column
of ``ivs_cultural_map``); a country surveyed twice in one window contributes its later survey.
Nothing is interpolated between waves, and a pair missing from a window has no value for it.

``surv_selfexp`` in ``ivs_cultural_map`` is already sign-corrected (higher = self-expression);
the raw Open Numbers ``survsagg`` runs the other way.
"""

from __future__ import annotations

import math
from functools import lru_cache
from itertools import combinations

import numpy as np
import pandas as pd

from trilateral.indicators import asof
from trilateral.indicators.frame import make
from trilateral.indicators.inputs import Tables

NA3 = ("USA", "CAN", "MEX")
BLOC = "+".join(NA3)
MAP_UNIT = "distance on the cultural map (factor-score units)"
# The "Protestant Europe" zone of the Inglehart-Welzel world cultural map (World Values Survey).
PROTESTANT_EUROPE = ("DNK", "FIN", "DEU", "ISL", "NLD", "NOR", "SWE", "CHE")
# Latin America = UN M49 sub-regions South America, Central America and the Caribbean, taken
# from country_converter's UNregion column (see latin_america()).
LATAM_REGIONS = ("South America", "Central America", "Caribbean")
MIN_GROUP = 3  # a reference median needs at least this many countries in the wave
MAP_TABLE = "ivs_cultural_map"


@lru_cache(maxsize=1)
def latin_america() -> tuple[str, ...]:
    """ISO3 codes of Latin America and the Caribbean (UN M49), from country_converter."""
    import logging

    import country_converter as coco

    logging.getLogger("country_converter").setLevel(logging.ERROR)
    data = coco.CountryConverter().data
    return tuple(sorted(data.loc[data["UNregion"].isin(LATAM_REGIONS), "ISO3"]))


def map_points(tables: Tables) -> pd.DataFrame:
    """One point per country and wave: iso3, wave, year, trad_secular, surv_selfexp."""
    df = tables.get(MAP_TABLE)
    if df is None or df.empty:
        return pd.DataFrame(columns=["iso3", "wave", "year", "trad_secular", "surv_selfexp"])
    df = df.dropna(subset=["wvs_wave", "trad_secular", "surv_selfexp"])
    df = df.sort_values("year").groupby(["iso3", "wvs_wave"], as_index=False).last()
    return df.rename(columns={"wvs_wave": "wave"})[
        ["iso3", "wave", "year", "trad_secular", "surv_selfexp"]].astype({"wave": int})


def _distance(a: pd.Series, b: pd.Series | tuple[float, float]) -> float:
    bx, by = (b["trad_secular"], b["surv_selfexp"]) if isinstance(b, pd.Series) else b
    return math.hypot(a["trad_secular"] - bx, a["surv_selfexp"] - by)


def _source(tables: Tables, name: str) -> str:
    src = tables.info(name).source_ids
    return f"{name} ({', '.join(src)})" if src else name


def _wave_label(wave: int, group: pd.DataFrame) -> str:
    years = ", ".join(f"{r.iso3} {r.year}" for r in group.itertuples())
    return f"WVS wave {wave} ({years})"


def cultural_distance(tables: Tables) -> pd.DataFrame:
    """Distance between each pair of the three, per wave where both were surveyed."""
    pts = map_points(tables)
    src = _source(tables, MAP_TABLE)
    rows = []
    for wave, g in pts[pts["iso3"].isin(NA3)].groupby("wave"):
        g = g.set_index("iso3")
        for a, b in combinations([c for c in NA3 if c in g.index], 2):
            year = int(max(g.loc[a, "year"], g.loc[b, "year"]))
            rows.append({"indicator": "cultural_distance", "reporter": a, "partner": b,
                         "flow": "n/a", "year": year, "value": _distance(g.loc[a], g.loc[b]),
                         "unit": MAP_UNIT, "basis": _wave_label(wave, g.loc[[a, b]].reset_index()),
                         "sources": src, "available": asof.available("survey_wave", year)})
    return make(rows)


def values_dispersion(tables: Tables) -> pd.DataFrame:
    """Root-mean-square distance of the three from their centroid, per wave with all three."""
    pts = map_points(tables)
    src = _source(tables, MAP_TABLE)
    rows = []
    for wave, g in pts[pts["iso3"].isin(NA3)].groupby("wave"):
        if len(g) < len(NA3):
            continue
        xy = g[["trad_secular", "surv_selfexp"]].to_numpy()
        sigma = float(np.sqrt(((xy - xy.mean(axis=0)) ** 2).sum(axis=1).mean()))
        year = int(g["year"].max())
        rows.append({"indicator": "values_dispersion", "reporter": BLOC, "partner": BLOC,
                     "flow": "n/a", "year": year, "value": sigma,
                     "unit": "RMS distance from the three's centroid (factor-score units)",
                     "basis": _wave_label(wave, g), "sources": src,
                     "available": asof.available("survey_wave", year)})
    return make(rows)


def reference_groups() -> dict[str, tuple[str, ...]]:
    return {"latin_america": tuple(c for c in latin_america() if c not in NA3),
            "protestant_europe": PROTESTANT_EUROPE}


def reference_distance(tables: Tables) -> pd.DataFrame:
    """Distance of each of the three to the median point of each reference group, per wave."""
    pts = map_points(tables)
    src = _source(tables, MAP_TABLE)
    rows = []
    for wave, g in pts.groupby("wave"):
        for group, members in reference_groups().items():
            ref = g[g["iso3"].isin(members)]
            if len(ref) < MIN_GROUP:
                continue
            med = (ref["trad_secular"].median(), ref["surv_selfexp"].median())
            for r in g[g["iso3"].isin(NA3)].itertuples():
                year = max(int(r.year), int(ref["year"].max()))  # the latest survey used
                rows.append({
                    "indicator": "reference_distance", "reporter": r.iso3, "partner": group,
                    "flow": "n/a", "year": year,
                    "value": math.hypot(r.trad_secular - med[0], r.surv_selfexp - med[1]),
                    "unit": MAP_UNIT,
                    "basis": f"WVS wave {wave}; median of {len(ref)} countries "
                             f"({', '.join(sorted(ref['iso3']))})",
                    "sources": src, "available": asof.available("survey_wave", year)})
    return make(rows)


def trust_gap(tables: Tables) -> pd.DataFrame:
    """Absolute gap in the share who trust most people, per WVS wave (percentage points)."""
    df = tables.get("trust")
    if df is None or df.empty:
        return make([])
    df = df[(df["survey"] == "WVS") & df["comparable"].astype(bool) & df["iso3"].isin(NA3)]
    df = df.dropna(subset=["trust_share"])
    src = _source(tables, "trust")
    rows = []
    for wave, g in df.groupby("wave"):
        g = g.set_index("iso3")
        for a, b in combinations([c for c in NA3 if c in g.index], 2):
            end = int(g["year_end"].max()) if "year_end" in g else int(g["year"].max())
            rows.append({"indicator": "trust_gap", "reporter": a, "partner": b, "flow": "n/a",
                         "year": end,  # the window's last year: the survey dates are not given
                         "value": 100 * abs(g.loc[a, "trust_share"] - g.loc[b, "trust_share"]),
                         "unit": "percentage points (share who say most people can be trusted)",
                         "basis": f"WVS wave {wave} ({int(g.loc[a, 'year'])}-{end})",
                         "sources": src, "available": asof.available("survey_wave", end)})
    return make(rows)


def us_favourability(tables: Tables) -> pd.DataFrame:
    """Percent with a favourable view of the United States in Canada and Mexico (Pew)."""
    df = tables.get("pew_us_image")
    if df is None or df.empty:
        return make([])
    df = df[df["iso3"].isin(("CAN", "MEX"))].dropna(subset=["favourable_pct"])
    src = _source(tables, "pew_us_image")
    return make({"indicator": "us_favourability", "reporter": r.iso3, "partner": "USA",
                 "flow": "n/a", "year": int(r.year), "value": float(r.favourable_pct),
                 "unit": "percent favourable", "basis": "Pew Global Attitudes survey year",
                 "sources": src, "available": asof.available("survey_annual", int(r.year))}
                for r in df.itertuples())
