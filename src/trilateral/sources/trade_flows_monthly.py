"""``trade_flows_monthly``: monthly goods trade of the three with each other, China, the EU, the world.

Derived in the warehouse from the monthly source tables:

* USA -> CAN, MEX, CHN, EUU, WLD: Census; the newest vintage wins for each month
  (``census_country_2025_monthly`` > ``census_country_2024_monthly`` > ``census_country_monthly``),
  so the series switches from the 2024-11-01 vintage to the 2026-10-01 vintage in January 2024;
* CAN -> USA, MEX, CHN, WLD: Statistics Canada (``statcan_cimt_monthly``), USD at monthly rates;
* MEX -> WLD: INEGI (``inegi_mexico_monthly``, 1991-01 to 2022-06);
* MEX -> USA and MEX -> CAN: mirror flows (``basis='mirror'``) from the partner's figures.

Rows are reporter-partner-flow-year-month, not seasonally adjusted; nothing is interpolated.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from trilateral.sources._monthly import US_MONTHLY_PARTNERS
from trilateral.sources.base import DerivedTable, require_unique

KEY = ["reporter", "partner", "flow", "year", "month"]
COLUMNS = [*KEY, "value_usd_m", "unit", "basis", "source", "vintage"]
US_TABLES = ("census_country_2025_monthly", "census_country_2024_monthly",
             "census_country_monthly")  # newest vintage first
INPUTS = (*US_TABLES, "statcan_cimt_monthly", "inegi_mexico_monthly")
OPPOSITE = {"exports": "imports", "imports": "exports"}


def build_monthly(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Combine the monthly source tables (see the module doc)."""
    us = newest_first([tables[t] for t in US_TABLES if tables.get(t) is not None])
    us = us[us["partner"].isin(US_MONTHLY_PARTNERS)]
    canada = tables["statcan_cimt_monthly"]
    canada = canada[canada["partner"].isin(("USA", "MEX", "CHN", "WLD"))].assign(
        unit="USD millions")[COLUMNS]
    mexico = tables["inegi_mexico_monthly"][COLUMNS]
    out = pd.concat([us, canada, mexico, mirror(us, "MEX", "USA"), mirror(canada, "MEX", "CAN")],
                    ignore_index=True)
    require_unique(out, KEY, file="trade_flows_monthly")
    out["year"] = out["year"].astype(int)
    out["month"] = out["month"].astype(int)
    return out[COLUMNS].sort_values(KEY).reset_index(drop=True)


def newest_first(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """One row per key: the first frame that has it (frames are given newest vintage first)."""
    stacked = pd.concat([f[COLUMNS] for f in frames], ignore_index=True)
    return stacked.drop_duplicates(KEY, keep="first").reset_index(drop=True)


def mirror(flows: pd.DataFrame, reporter: str, partner: str) -> pd.DataFrame:
    """``reporter``'s flows with ``partner`` as ``partner`` reported the opposite flows."""
    seen = flows[(flows["reporter"] == partner) & (flows["partner"] == reporter)]
    return seen.assign(reporter=reporter, partner=partner, flow=seen["flow"].map(OPPOSITE),
                       basis="mirror")[COLUMNS].reset_index(drop=True)


DERIVED = (
    DerivedTable(
        name="trade_flows_monthly",
        inputs=INPUTS,
        build=build_monthly,
        description="Monthly goods trade (USD millions, not seasonally adjusted) of the US and "
                    "Canada with each other, Mexico, China, the EU (US only) and the world, and "
                    "Mexico's mirror flows with both: one row per reporter, partner, flow, year "
                    "and month, with basis, source and vintage.",
        unit="USD millions, current prices, not seasonally adjusted",
        caveats=(
            "US rows change vintage in January 2024: earlier months come from country.xlsx of "
            "2024-11-01, later ones from Census data fetched 2026-10-01 (annual revision "
            "included); source and vintage say which row is which.",
            "US data run to July 2026, Canada's to April 2026; the latest month differs by "
            "reporter and the indicators say so.",
            "Mexico's monthly world totals (INEGI) end in June 2022: after that only its mirror "
            "flows with the US and Canada are here, and its shares stop in June 2022.",
        ),
    ),
)
