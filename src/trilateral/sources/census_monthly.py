"""US Census Bureau ``country.xlsx``, monthly: US goods trade with the partners the series need.

The same file as ``census_country`` (which keeps annual totals), read month by month for Canada,
Mexico, China, the European Union and the world (not seasonally adjusted). The file stops in
June 2024; later months come from the newer vintages (``census_country_2024_monthly``,
``census_country_2025_monthly``), combined in ``trade_flows_monthly``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from trilateral.sources import census_country
from trilateral.sources._monthly import monthly_frame

# The same publisher's file as census_country: only what differs is stated here.
SPEC = replace(
    census_country.SPEC,
    id="census-country-monthly",
    title="U.S. trade in goods by country, monthly (FT-900 country.xlsx): Canada, Mexico, China, "
          "European Union, World",
    tables=("census_country_monthly",),
    description="The monthly columns (EJAN..EDEC, IJAN..IDEC) of the bundled country.xlsx for "
                "Canada (1220), Mexico (2010), China (5700), the European Union (0003) and "
                "World not seasonally adjusted (0015).",
    caveats=(
        "The file ends in June 2024: months after the last non-zero month of 2024 are left "
        "out, never read as zero.",
        "Vintage of 2024-11-01: the newer vintages revise 2024 (annual revision); "
        "trade_flows_monthly uses the newer vintage from January 2024 on.",
        "World (0015) starts in 1987 and the European Union (0003) in 1997.",
    ),
)


# Census codes of the partners kept: Canada, Mexico, China, European Union, World (NSA).
WANTED = {1220: "CAN", 2010: "MEX", 5700: "CHN", 3: "EUU", 15: "WLD"}


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    path = raw_dir / SPEC.raw_dir / "country.xlsx"
    raw = census_country.read_workbook(path)
    census_country.check_rows(raw, path)
    return {"census_country_monthly": monthly_rows(raw, path)}


def monthly_rows(raw: pd.DataFrame, path: Path) -> pd.DataFrame:
    """One row per partner, flow and month with data; trailing empty months of the last year
    are dropped (the file pads unpublished months with zeros)."""
    codes = raw["CTY_CODE"].astype(int)
    df = raw[codes.isin(list(WANTED))].assign(partner=codes.map(WANTED))
    last_year = int(df["year"].astype(int).max())
    rows = []
    for r in df.itertuples(index=False):
        year = int(r.year)
        for flow, prefix in (("exports", "E"), ("imports", "I")):
            for m, name in enumerate(census_country.MONTHS, start=1):
                value = float(getattr(r, f"{prefix}{name}"))
                if year == last_year and value == 0:
                    continue
                rows.append({"partner": r.partner, "flow": flow, "year": year, "month": m,
                             "value_usd_m": value})
    return monthly_frame(rows, SPEC.vintage, SPEC.id, path)
