"""World Bank WDI: GDP in current US dollars (NY.GDP.MKTP.CD), countries plus World and EU.

The raw file mixes economies with the World Bank's regional and income aggregates. Which rows
are countries is decided by a rule, not a list: a row is kept when country_converter recognises
its code as an ISO 3166-1 alpha-3 country code (Kosovo's XKX included). Every other code is an
aggregate and is dropped, except World (WLD) and the European Union (EUU), which trilateral
uses as comparators.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from trilateral.errors import ValidationError
from trilateral.sources._series import first_bad, read_csv
from trilateral.sources.base import SourceSpec, require_columns, require_unique, to_iso3

RAW = "gdp.csv"
COLUMNS = ("Country Name", "Country Code", "Year", "Value")
KEPT_AGGREGATES = {"WLD": "WLD", "EUU": "EUU"}

SPEC = SourceSpec(
    id="worldbank-gdp",
    publisher="World Bank, World Development Indicators",
    title="GDP (current US$), indicator NY.GDP.MKTP.CD",
    url="https://data.worldbank.org/indicator/NY.GDP.MKTP.CD",
    licence="CC BY 4.0 (World Bank WDI); the datahub.io packaging is ODC PDDL 1.0",
    raw_dir="trade/worldbank-gdp",
    raw_files=(RAW,),
    accessed="2026-03-20",
    vintage="2026-03-20",
    tables=("worldbank_gdp",),
    unit="USD millions, current prices",
    family="trade",
    citation="World Bank, World Development Indicators: GDP (current US$), NY.GDP.MKTP.CD. "
             "World Bank national accounts data and OECD national accounts data files.",
    description="WDI indicator NY.GDP.MKTP.CD, 1960-2023, as packaged by the datahub.io core "
                "dataset 'gdp' (GitHub repository datasets/gdp, commit 822019c8, 2026-03-20; "
                "data/gdp.csv copied byte for byte).",
    caveats=(
        "Countries are the rows whose code country_converter reads as an ISO3 country code; "
        "World Bank aggregates (regions, income groups, 'Euro area', ...) are dropped, except "
        "World (WLD) and the European Union (EUU). The Channel Islands (CHI), not an ISO 3166 "
        "entity, are dropped with the aggregates.",
        "No 2024 values in this copy; years without a value are absent rows, not zeros.",
    ),
)


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    return parse_file(raw_dir / SPEC.raw_dir / RAW, SPEC.vintage)


def parse_file(path: Path, vintage: str) -> dict[str, pd.DataFrame]:
    """Validate a ``gdp.csv`` in the datahub layout and return the harmonised table."""
    df = read_csv(path, dtype=str, keep_default_na=False)
    require_columns(df, COLUMNS, file=path)
    first_bad(~df["Year"].str.fullmatch(r"\d{4}"), df["Year"], path, "Year", "not a year")
    values = pd.to_numeric(df["Value"], errors="coerce")
    first_bad(values.isna() & (df["Value"] != ""), df["Value"], path, "Value", "not a number")
    first_bad(values <= 0, df["Value"], path, "Value", "GDP must be positive")
    require_unique(df, ["Country Code", "Year"], file=path)
    keep = df["Country Code"].map(is_kept).to_numpy() & values.notna().to_numpy()
    out = pd.DataFrame({"iso3": df["Country Code"], "country_name": df["Country Name"],
                        "year": df["Year"].astype(int), "gdp_usd_m": values / 1e6})[keep]
    if not len(out):
        raise ValidationError("no country rows found", file=path, field="Country Code")
    out = out.assign(unit="USD millions, current prices", vintage=vintage, source=SPEC.id)
    return {"worldbank_gdp": out.sort_values(["iso3", "year"]).reset_index(drop=True)}


@cache
def is_kept(code: str) -> bool:
    """A country (its code is an ISO3 country code to country_converter) or WLD / EUU."""
    if code in KEPT_AGGREGATES:
        return True
    try:
        return to_iso3([code], src="ISO3") == [code]
    except ValidationError:
        return False
