"""Generalised trust ("most people can be trusted") across survey programmes, by country-wave.

Two traps are handled here. The EVS waves 1-2 rows for the United States and Canada (and Sweden,
and Sweden's EVS wave 3) are the WVS surveys counted a second time: same respondents (``n``) and
response rate. Those EVS duplicates are dropped. The Global Preference Survey (GPS) row is a
standardised score, not a share: it is kept with ``comparable`` false and no ``trust_share``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from trilateral.sources._tabular import first_bad, integers, numbers, read_csv
from trilateral.sources.base import SourceSpec, require_unique, to_iso3

FILE = "df_trust.csv"
COLUMNS = ("country.name", "wave", "survey", "n", "p_response", "trust", "years")
SURVEYS = ("WVS", "EVS", "Latinobarometro", "Afrobarometer", "Arabbarometer", "Asianbarometer",
           "GPS")

SPEC = SourceSpec(
    id="trust-multisurvey",
    publisher="Stefan Gehrig (trustsurveys), integrating WVS, EVS, Latinobarómetro, "
              "Afrobarometer, Arab Barometer, Asian Barometer and the Global Preference Survey",
    title="Share who say most people can be trusted, by country, survey programme and wave",
    url="https://github.com/stefgehrig/trustsurveys",
    licence="No licence stated; each survey owner's conditions of use apply to its microdata "
            "(citation; non-profit use for WVS/EVS). Only country-wave aggregates are shipped.",
    raw_dir="values/trust-multisurvey-gehrig",
    raw_files=(FILE,),
    accessed="not recorded (commit 51712e0 of 2022-05-02)",
    vintage="trustsurveys commit 51712e0 (data downloaded Jan-Feb 2022)",
    tables=("trust",),
    unit="share of respondents (0-1), weighted; GPS rows: standardised score",
    family="values",
    citation="Gehrig, S.: trustsurveys, output/df_trust.csv (commit 51712e0), integrating WVS, "
             "EVS, Latinobarómetro, Afrobarometer, Arab Barometer, Asian Barometer and GPS data.",
    caveats=(
        "EVS rows that repeat a WVS survey (same country, n and response rate: USA and Canada "
        "waves 1-2, Sweden waves 1-2 and EVS wave 3 = WVS wave 4) are dropped; the WVS row stays.",
        "GPS (Global Preference Survey, 2012) is a standardised score, not a share: comparable is "
        "false, trust_share is empty and the score is in gps_score. Never mix it with shares.",
        "year is the first year of the programme's wave window (e.g. WVS wave 7: 2017); the file "
        "does not give each country's fieldwork year. year_end closes the window.",
        "Sub-national samples (Northern Ireland) are dropped; the United Kingdom row stays.",
        "Waves are points in time: do not interpolate. Mexico also has Latinobarómetro "
        "(1996-2020, most years); USA and Canada have WVS and EVS only.",
    ),
)

SUBNATIONAL = {"Northern Ireland"}


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    return parse_file(raw_dir / SPEC.raw_dir / FILE, SPEC.vintage)


def parse_file(path: Path, vintage: str) -> dict[str, pd.DataFrame]:
    """Validate a ``df_trust.csv`` and return the harmonised ``trust`` table."""
    raw = read_csv(path, COLUMNS, dtype=str, keep_default_na=False)
    checked = check_rows(raw, path)
    return {"trust": harmonise(checked, path, vintage)}


def check_rows(raw: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Types, ranges, known programmes and year windows; unique (country, survey, wave)."""
    df = raw.copy()
    first_bad(~df["survey"].isin(SURVEYS), df, "survey", path, "unknown survey programme")
    df["wave"] = integers(df, "wave", path, lo=1)
    df["n"] = integers(df, "n", path, lo=1, optional=True)
    df["p_response"] = numbers(df, "p_response", path, lo=0, hi=1)
    df["trust"] = numbers(df, "trust", path)
    share = df["survey"] != "GPS"
    first_bad(share & ((df["trust"] < 0) | (df["trust"] > 1)), df, "trust", path,
              "a share outside 0-1")
    window = df["years"].str.fullmatch(r"\d{4}(-\d{4})?")
    first_bad(~window, df, "years", path, "not a year or a year range")
    require_unique(df, ["country.name", "survey", "wave"], file=path)
    return df


def harmonise(df: pd.DataFrame, path: Path, vintage: str) -> pd.DataFrame:
    df = df[~df["country.name"].isin(SUBNATIONAL)]
    df = drop_evs_duplicates(df)
    iso = to_iso3(df["country.name"], file=path, field="country.name",
                  rows=[int(i) + 2 for i in df.index])
    comparable = df["survey"] != "GPS"
    out = pd.DataFrame({
        "iso3": iso, "year": df["years"].str[:4].astype(int),
        "year_end": df["years"].str[-4:].astype(int), "survey": df["survey"],
        "wave": df["wave"].astype(int), "trust_share": df["trust"].where(comparable),
        "gps_score": df["trust"].where(~comparable), "comparable": comparable,
        "n": df["n"], "p_response": df["p_response"], "country_name": df["country.name"],
    })
    out["unit"] = comparable.map({True: "share 0-1", False: "standardised score"})
    out["vintage"] = vintage
    out["source"] = SPEC.id
    return out.sort_values(["iso3", "survey", "wave"]).reset_index(drop=True)


def drop_evs_duplicates(df: pd.DataFrame) -> pd.DataFrame:
    """Drop EVS rows whose respondents (n) and response rate equal a WVS row of the country."""
    wvs = df.loc[df["survey"] == "WVS", ["country.name", "n", "p_response"]].dropna()
    keys = set(map(tuple, wvs.to_numpy().tolist()))
    evs = df["survey"] == "EVS"
    row_keys = pd.Series(list(map(tuple, df[["country.name", "n", "p_response"]]
                                  .to_numpy().tolist())), index=df.index)
    return df[~(evs & row_keys.isin(keys))]
