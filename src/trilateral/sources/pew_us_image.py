"""Pew Global Attitudes: favourable view of the United States and confidence in its president.

Two tables. ``pew_us_image``: one row per country and survey year with the share holding a
favourable view of the U.S. and the share confident in the U.S. president (2000-2017; survey
years only, a country is not asked every year). ``pew_trade_withdrawal``: the 2017 question on
withdrawing U.S. support for major trade agreements, per country.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from trilateral.sources._tabular import integers, numbers, read_csv
from trilateral.sources.base import SourceSpec, require_unique, to_iso3

US_FILE = "TRUMPWORLD-us.csv"
PRES_FILE = "TRUMPWORLD-pres.csv"
ISSUE_FILE = "TRUMPWORLD-issue-4.csv"

SPEC = SourceSpec(
    id="pew-us-image",
    publisher="Pew Research Center, Global Attitudes Survey; compiled by FiveThirtyEight",
    title="Favourable view of the U.S., confidence in the U.S. president, and 2017 approval of "
          "withdrawing U.S. support for trade agreements, by country",
    url="https://github.com/fivethirtyeight/data/tree/master/trump-world-trust",
    licence="FiveThirtyEight compilation: MIT (c) 2014 ESPN Internet Ventures; Pew Research "
            "Center's terms apply to the underlying survey figures (attribution required).",
    raw_dir="values/pew-us-image-538",
    raw_files=(US_FILE, PRES_FILE, ISSUE_FILE),
    accessed="not recorded (FiveThirtyEight commits b0eb870, 514e5f3)",
    vintage="FiveThirtyEight trump-world-trust (commits b0eb870, 514e5f3)",
    tables=("pew_us_image", "pew_trade_withdrawal"),
    unit="percent of respondents",
    family="values",
    citation="Pew Research Center Global Attitudes Survey, as compiled by FiveThirtyEight "
             "(\"What The World Thinks Of Trump\", 2017), github.com/fivethirtyeight/data.",
    caveats=(
        "Survey years only: a missing year means the country was not surveyed, never zero; "
        "do not interpolate. Canada: 2002, 2003, 2005, 2007, 2009, 2013, 2015-2017.",
        "The files' 'avg' column (mean over the countries surveyed that year, a changing set) is "
        "dropped: it is not comparable from year to year.",
        "confidence_president_pct refers to the sitting U.S. president of the survey year "
        "(2001-2017); favourable_pct covers 2000-2017.",
        "pew_trade_withdrawal holds 2017 only (approval of withdrawing U.S. support for major "
        "trade agreements); net_approval = approve - disapprove, as published.",
    ),
)


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    base = raw_dir / SPEC.raw_dir
    fav = wide_to_long(base / US_FILE, "favourable_pct")
    conf = wide_to_long(base / PRES_FILE, "confidence_president_pct")
    image = fav.merge(conf, on=["iso3", "year", "country_name"], how="outer", validate="1:1")
    image = image[["iso3", "year", "favourable_pct", "confidence_president_pct", "country_name"]]
    image["unit"] = "percent"
    image["source"] = SPEC.id
    image = image.sort_values(["iso3", "year"]).reset_index(drop=True)
    return {"pew_us_image": image, "pew_trade_withdrawal": trade_question(base / ISSUE_FILE)}


def wide_to_long(path: Path, value: str) -> pd.DataFrame:
    """A year x country matrix to (iso3, year, value); empty cells are years not surveyed."""
    df = read_csv(path, ["year", "avg"], dtype=str, keep_default_na=False)
    df["year"] = integers(df, "year", path, lo=1990, hi=2100)
    countries = [c for c in df.columns if c not in ("year", "avg")]
    for c in countries:
        df[c] = numbers(df, c, path, lo=0, hi=100)
    iso = dict(zip(countries, to_iso3(countries, file=path, field="header"), strict=True))
    long = df.melt(id_vars="year", value_vars=countries, var_name="country_name", value_name=value)
    long = long.dropna(subset=[value])
    long["iso3"] = long["country_name"].map(iso)
    long["year"] = long["year"].astype(int)
    require_unique(long, ["iso3", "year"], file=path)
    return long[["iso3", "year", value, "country_name"]]


def trade_question(path: Path) -> pd.DataFrame:
    cols = ["country", "net_approval", "Approve", "Disapprove", "DK/Refused"]
    df = read_csv(path, cols, dtype=str, keep_default_na=False)
    out = pd.DataFrame({
        "iso3": to_iso3(df["country"], file=path, field="country"), "year": 2017,
        "approve_pct": numbers(df, "Approve", path, lo=0, hi=100),
        "disapprove_pct": numbers(df, "Disapprove", path, lo=0, hi=100),
        "dont_know_pct": numbers(df, "DK/Refused", path, lo=0, hi=100),
        "net_approval": numbers(df, "net_approval", path, lo=-100, hi=100),
        "country_name": df["country"],
    })
    require_unique(out, ["iso3"], file=path)
    out["question"] = "approve of withdrawing U.S. support for major trade agreements"
    out["unit"] = "percent"
    out["source"] = SPEC.id
    return out.sort_values("iso3").reset_index(drop=True)
