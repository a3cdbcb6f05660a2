"""Inglehart-Welzel cultural map: traditional/secular and survival/self-expression scores.

One row per country and survey year, from the Integrated Values Surveys (EVS + WVS trend files)
as aggregated by Open Numbers. Waves are points in time: nothing is interpolated between them.

The trap: Open Numbers' ``survsagg`` runs the wrong way for its label (Sweden is at -3.1,
Zimbabwe at +1.9), so higher means *survival*. ``surv_selfexp`` is ``-survsagg``: higher means
self-expression, the direction of the published cultural map.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from trilateral.sources._tabular import numbers, read_csv
from trilateral.sources.base import SourceSpec, require_unique, to_iso3

TRAD_FILE = "ddf--datapoints--tradagg--by--geo--year.csv"
SURV_FILE = "ddf--datapoints--survsagg--by--geo--year.csv"
GEO_FILE = "ddf--entities--geo--country.csv"

SPEC = SourceSpec(
    id="ivs-cultural-map",
    publisher="Open Numbers (Gapminder DDF), from the Integrated Values Surveys: EVS Trend File "
              "1981-2017 and WVS Trend File 1981-2022",
    title="Inglehart-Welzel cultural map scores (TradAgg, SurvSAgg) by country and survey year",
    url="https://github.com/open-numbers/ddf--open_numbers--integrated_values_surveys_indicators",
    licence="No licence stated by Open Numbers; the WVS and EVS conditions of use apply "
            "(non-profit use, citation). Country-year means only, no microdata.",
    raw_dir="values/ivs-culturalmap-opennumbers",
    raw_files=(TRAD_FILE, SURV_FILE, GEO_FILE),
    accessed="not recorded (Open Numbers commit 4cfde16 of 2025-05-14)",
    vintage="IVS (EVS ZA7503 v3.0.0 + WVS TS v4.0.0), Open Numbers commit 4cfde16",
    tables=("ivs_cultural_map",),
    unit="factor scores (country-year means of individual scores; 0 = pooled IVS mean)",
    family="values",
    citation="EVS Trend File 1981-2017, GESIS ZA7503 v3.0.0, doi:10.4232/1.14021; World Values "
             "Survey Trend File 1981-2022 v4.0.0, doi:10.14281/18241.27; aggregated by Open "
             "Numbers (ddf--open_numbers--integrated_values_surveys_indicators).",
    caveats=(
        "surv_selfexp = -1 x survsagg: the published survsagg is high for survival values "
        "(Sweden -3.1, Zimbabwe +1.9), the reverse of its label.",
        "Waves are survey years, not a continuous series: never interpolate between them. "
        "USA has no 1982 point (1990-2017), Canada 1982-2020, Mexico 1981-2018.",
        "wvs_wave is the WVS fieldwork window the survey year falls in (1: 1981-84, 2: 1990-94, "
        "3: 1995-98, 4: 1999-2004, 5: 2005-09, 6: 2010-14, 7: 2017-22); EVS points are placed "
        "by year too. Years outside every window (2016, 2023) have no wave.",
        "Sub-national samples (Northern Ireland, Northern Cyprus) are dropped; West Germany 1981 "
        "is DEU (the Federal Republic's ISO code), unified Germany from 1990.",
        "Gap: the files carry no cultural-zone grouping (Protestant Europe, Latin America, ...); "
        "reference groups must be defined and documented where they are used.",
    ),
)

# WVS fieldwork windows; the same windows appear in the trust-multisurvey file's `years` column.
WVS_WAVES = ((1, 1981, 1984), (2, 1990, 1994), (3, 1995, 1998), (4, 1999, 2004),
             (5, 2005, 2009), (6, 2010, 2014), (7, 2017, 2022))
SUBNATIONAL = {"northern_ireland", "northern_cyprus"}
# country_converter does not know "Germany West"; DEU was the Federal Republic's code before 1990.
ALLOW = {"Germany West": "DEU"}


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    base = raw_dir / SPEC.raw_dir
    trad = _measure(base / TRAD_FILE, "tradagg")
    surv = _measure(base / SURV_FILE, "survsagg")
    geo = read_csv(base / GEO_FILE, ["country", "name"])
    return {"ivs_cultural_map": harmonise(trad, surv, geo, base / GEO_FILE)}


def _measure(path: Path, column: str) -> pd.DataFrame:
    df = read_csv(path, ["geo", "year", column], dtype={"geo": str})
    df[column] = numbers(df, column, path)
    require_unique(df, ["geo", "year"], file=path)
    return df


def harmonise(trad: pd.DataFrame, surv: pd.DataFrame, geo: pd.DataFrame,
              geo_path: Path) -> pd.DataFrame:
    df = trad.merge(surv, on=["geo", "year"], how="outer", validate="1:1")
    df = df[~df["geo"].isin(SUBNATIONAL)]
    names = geo.set_index("country")["name"]
    df = df.assign(country_name=df["geo"].map(names))
    df["iso3"] = to_iso3(df["country_name"].fillna(df["geo"]), file=geo_path, field="name",
                         allow=ALLOW)
    df["year"] = df["year"].astype(int)
    require_unique(df, ["iso3", "year"], file=geo_path)
    out = pd.DataFrame({
        "iso3": df["iso3"], "year": df["year"], "wvs_wave": df["year"].map(wvs_wave),
        "trad_secular": df["tradagg"], "surv_selfexp": -df["survsagg"],
        "geo": df["geo"], "country_name": df["country_name"],
    })
    out["wvs_wave"] = out["wvs_wave"].astype("Int64")
    out["unit"] = "factor score"
    out["source"] = SPEC.id
    return out.sort_values(["iso3", "year"]).reset_index(drop=True)


def wvs_wave(year: int) -> int | None:
    """The WVS wave whose fieldwork window holds ``year``, or None."""
    return next((w for w, lo, hi in WVS_WAVES if lo <= year <= hi), None)
