"""World Values Survey item series for the United States, 1982-2017 (weighted aggregates).

Long table: one row per survey year and indicator (trust, religion, national pride, confidence
in institutions including NAFTA, economic attitudes, trust in foreigners). Three economic items
(E035, E036, E037) have scale directions that were not checked against the codebook: they carry
``direction_verified`` false and must not be read as "more" or "less" of anything until checked.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from trilateral.sources._tabular import first_bad, integers, numbers, read_csv
from trilateral.sources.base import SourceSpec, require_unique, to_iso3

FILE = "wvs_usa_country_year_items_derived.csv"
COLUMNS = ("country", "survey_year", "wvs_variable", "indicator", "statistic", "value", "n_valid")
STATISTICS = {"share": "share 0-1", "mean": "mean on the item's scale"}

SPEC = SourceSpec(
    id="wvs-usa-items",
    publisher="World Values Survey Association (WVS Time Series 1981-2020 v2.0); weighted "
              "country-year aggregates computed from the U.S. respondents",
    title="WVS item series for the United States: trust, religion, national pride, confidence "
          "in institutions (incl. NAFTA), economic attitudes",
    url="https://www.worldvaluessurvey.org/",
    licence="WVS conditions of use (non-profit use, citation). Aggregates only: the microdata "
            "are not redistributed.",
    raw_dir="values/wvs-usa-item-series-derived",
    raw_files=(FILE,),
    accessed="not recorded (microdata from jinningli/world-value-survey-analysis commit c70bf9a)",
    vintage="WVS Time Series 1981-2020 v2.0, USA rows (12,983 respondents)",
    tables=("wvs_usa_items",),
    unit="share of valid answers (0-1) or mean on the item's scale, weighted with S017",
    family="values",
    citation="World Values Survey Association (Inglehart, Haerpfer et al.): WVS Time Series "
             "1981-2020, v2.0; U.S. weighted aggregates computed from it.",
    caveats=(
        "United States only: no Canadian or Mexican item series of this kind is bundled.",
        "E035, E036 and E037 (income equality, private vs state ownership, government "
        "responsibility) have scale directions NOT verified against the WVS codebook: "
        "direction_verified is false for them.",
        "Survey years 1982, 1990, 1995, 1999, 2006, 2011, 2017; not every item is asked in "
        "every year (NAFTA confidence 1995-2017, trust in other nationalities 3 years). "
        "Points in time: do not interpolate.",
        "Negative WVS codes (don't know, no answer, not asked) are treated as missing; n_valid "
        "counts the valid answers.",
    ),
)


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    return parse_file(raw_dir / SPEC.raw_dir / FILE, SPEC.vintage)


def parse_file(path: Path, vintage: str) -> dict[str, pd.DataFrame]:
    """Validate a derived WVS item file and return ``wvs_usa_items``."""
    df = read_csv(path, COLUMNS, dtype=str, keep_default_na=False)
    first_bad(~df["statistic"].isin(list(STATISTICS)), df, "statistic", path,
              "statistic must be share or mean")
    year = integers(df, "survey_year", path, lo=1981, hi=2100)
    value = numbers(df, "value", path)
    share = df["statistic"] == "share"
    first_bad(share & ((value < 0) | (value > 1)), df.assign(value=value), "value", path,
              "a share outside 0-1")
    n_valid = integers(df, "n_valid", path, lo=0)
    require_unique(df, ["country", "survey_year", "indicator"], file=path)
    out = pd.DataFrame({
        "iso3": to_iso3(df["country"], file=path, field="country"), "year": year.astype(int),
        "wvs_variable": df["wvs_variable"], "indicator": df["indicator"],
        "statistic": df["statistic"], "value": value, "n_valid": n_valid,
        "unit": df["statistic"].map(STATISTICS),
        "direction_verified": ~df["indicator"].str.contains("direction_unverified"),
    })
    out["vintage"] = vintage
    out["source"] = SPEC.id
    return {"wvs_usa_items": out.sort_values(["indicator", "year"]).reset_index(drop=True)}
