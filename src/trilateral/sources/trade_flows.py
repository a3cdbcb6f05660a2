"""``trade_flows``: goods trade among the US, Canada and Mexico, with China, the EU and the world.

The one table the indicators read for goods trade. It is derived in the warehouse from the
harmonised source tables (and rebuilt whenever one of them gets a new vintage):

* USA -> CAN, MEX, CHN, EUU, WLD: Census ``census_country``; where a year is partial there and
  complete in the newer ``census_country_2024`` (full-year 2024, US totals 2025-2026), the
  newer row is used and keeps its own ``source`` and ``vintage``;
* CAN -> USA, MEX, CHN, WLD: Statistics Canada (``statcan_cimt``, 1997 on); CAN -> WLD before
  Statistics Canada's table starts: OECD MEI (``fred_canada_totals``);
* MEX -> WLD: INEGI (``inegi_mexico_totals``, 1991 on only); exports for the years after
  INEGI's last complete year from the WTO (``wto_merch``), which matches INEGI's exports;
* MEX -> USA and MEX -> CAN: mirror flows (``basis='mirror'``) from the partner's figures,
  from 1991 like every row with Mexico as reporter;
* WLD -> WLD: the WTO world sum.

Rows are reporter-partner-flow-year; missing data stay missing (no row), never interpolated.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from trilateral.sources.base import DerivedTable, require_unique
from trilateral.sources.inegi_mexico import FIRST_COMPARABLE

KEY = ["reporter", "partner", "flow", "year"]
COLUMNS = [*KEY, "value_usd_m", "unit", "basis", "source", "vintage", "months", "complete"]
US_PARTNERS = ("CAN", "MEX", "CHN", "EUU", "WLD")
CANADA_PARTNERS = ("USA", "MEX", "CHN", "WLD")
OPPOSITE = {"exports": "imports", "imports": "exports"}
INPUTS = ("census_country", "census_country_2024", "statcan_cimt", "fred_canada_totals",
          "inegi_mexico_totals", "wto_merch", "census_country_2025")


def build_trade_flows(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Combine the source tables into reporter-partner-flow-year rows (see the module doc)."""
    us = united_states(tables["census_country"], tables["census_country_2024"],
                       tables.get("census_country_2025"))
    canada = canada_flows(tables["statcan_cimt"], tables["fred_canada_totals"])
    mexico = mexico_world(tables["inegi_mexico_totals"], tables["wto_merch"])
    mirrors = [mirror(us, "MEX", "USA"), mirror(canada, "MEX", "CAN")]
    mirrors = [m[m["year"] >= FIRST_COMPARABLE] for m in mirrors]  # Mexico as reporter: 1991+
    out = pd.concat([us, canada, mexico, *mirrors, world(tables["wto_merch"])],
                    ignore_index=True)
    require_unique(out, KEY, file="trade_flows")
    out["months"] = out["months"].astype(int)
    out["complete"] = out["complete"].astype(bool)
    out["year"] = out["year"].astype(int)
    return out[COLUMNS].sort_values(KEY).reset_index(drop=True)


def rows(df: pd.DataFrame, **fixed: object) -> pd.DataFrame:
    """The trade_flows columns of ``df``; ``fixed`` sets columns the input lacks."""
    out = df.assign(**fixed)
    if "basis" not in out:
        out["basis"] = "reporter"
    return out[COLUMNS].reset_index(drop=True)


def prefer_complete(*frames: pd.DataFrame) -> pd.DataFrame:
    """One row per key: the first complete row in the order given, else the first partial one."""
    stacked = pd.concat([f.assign(_rank=i) for i, f in enumerate(frames)], ignore_index=True)
    stacked = stacked.sort_values(["complete", "_rank"], ascending=[False, True], kind="stable")
    return stacked.drop_duplicates(KEY, keep="first").drop(columns="_rank")


def united_states(census: pd.DataFrame, newer: pd.DataFrame,
                  newest: pd.DataFrame | None = None) -> pd.DataFrame:
    """US-reported flows; newer complete years replace partial ones of the older vintage."""
    def pick(df: pd.DataFrame) -> pd.DataFrame:
        return rows(df[(df["reporter"] == "USA") & df["partner"].isin(US_PARTNERS)])

    frames = [census, newer] + ([] if newest is None else [newest])
    return prefer_complete(*(pick(f) for f in frames))


def canada_flows(statcan: pd.DataFrame, oecd: pd.DataFrame) -> pd.DataFrame:
    """Statistics Canada's partners; OECD world totals only for years before StatCan starts."""
    statcan = statcan[statcan["partner"].isin(CANADA_PARTNERS)]
    start = statcan.loc[statcan["partner"] == "WLD", "year"].min()
    earlier = oecd[(oecd["partner"] == "WLD") & (oecd["year"] < start)]
    return pd.concat([rows(statcan), rows(earlier)], ignore_index=True)


def mexico_world(inegi: pd.DataFrame, wto: pd.DataFrame) -> pd.DataFrame:
    """INEGI totals from 1991 (comparable); WTO exports for the years after INEGI ends."""
    inegi = rows(inegi[inegi["comparable"].astype(bool)])
    last_full = inegi.loc[inegi["complete"], "year"].max()
    later = wto[(wto["reporter"] == "MEX") & (wto["flow"] == "exports")
                & (wto["year"] > last_full)]
    return prefer_complete(inegi, rows(later, months=12, complete=True))


def mirror(flows: pd.DataFrame, reporter: str, partner: str) -> pd.DataFrame:
    """``reporter``'s flows with ``partner`` as ``partner`` reported the opposite flows."""
    seen = flows[(flows["reporter"] == partner) & (flows["partner"] == reporter)]
    return seen.assign(reporter=reporter, partner=partner, flow=seen["flow"].map(OPPOSITE),
                       basis="mirror")[COLUMNS].reset_index(drop=True)


def world(wto: pd.DataFrame) -> pd.DataFrame:
    """World exports and imports: the WTO sum over reporters."""
    return rows(wto[wto["reporter"] == "WLD"], months=12, complete=True)


DERIVED = (
    DerivedTable(
        name="trade_flows",
        inputs=INPUTS,
        build=build_trade_flows,
        description="Goods trade (USD millions) among USA, CAN and MEX, with CHN, EUU and the "
                    "world (WLD) as comparators: one row per reporter, partner, flow and year, "
                    "with basis (reporter or mirror), source, vintage, months and complete.",
        unit="USD millions, current prices",
        caveats=(
            "Partial years stay in the table with complete=false (months < 12): US 2026 "
            "(January-July; partners from census_country_2025), Canada 2026 (January-April), Mexico imports 2022 (January-June). "
            "Indicators must use complete years only.",
            "Vintage change in the US series: 2024 rows (and US totals 2025-2026) come from "
            "census_country_2024 and the 2025-2026 partner rows from census_country_2025 (both "
            "Census data fetched 2026-10-01, annual revision included), "
            "earlier years from census_country (country.xlsx of 2024-11-01); source and "
            "vintage say which row is which. A newer complete country.xlsx, once loaded, "
            "takes precedence.",
            "Mirror pairs (basis=mirror): MEX->USA and MEX->CAN. Mexico's exports to the US "
            "are US general imports from Mexico (customs value) and Mexico's imports from the "
            "US are US exports to Mexico (f.a.s.); Mexico's exports to Canada are Canada's "
            "imports from Mexico (country of origin, so including Mexican goods shipped via "
            "the US) and its imports from Canada are Canada's exports to Mexico. Mirror "
            "imports are thus valued at the partner's export valuation (f.a.s./f.o.b.) and "
            "mirror exports at the partner's import valuation.",
            "Canada's world totals before 1997 come from OECD MEI (fred_canada_totals); from "
            "1997 Statistics Canada customs data converted to USD at monthly rates. Canada's "
            "partner breakdown starts in 1997; Canada has no EU row.",
            "Mexico: world totals from INEGI for 1991 onward only (earlier years exclude "
            "maquiladora trade and are left out); rows with Mexico as reporter, mirror rows "
            "included, start in 1991 (US-reported trade with Mexico goes back to 1985). Exports after INEGI's last complete year "
            "(2022-2023) come from the WTO, whose Mexican exports match INEGI's within 0.4% "
            "in 1991-2021 (0.1% in most years); WTO imports (c.i.f., 2.5-3.5% above INEGI's "
            "f.o.b.) are not spliced "
            "in, so Mexico's world imports end with a partial 2022.",
            "Mexico's own partner figures exist only for 2018 (imf_dots_2018); they are not "
            "included: the mirror rows above cover USA and CAN for every year, and DOTS "
            "groups China with Hong Kong and Macao and reports the euro area, not the EU. "
            "MEX->CHN and MEX->EUU are therefore absent.",
            "WLD->WLD is the WTO sum over reporters (about 1-2% below WTO's published World; "
            "comparable over time from 1990), exports f.o.b. and imports generally c.i.f.; no "
            "2024 onward.",
            "EUU is the European Union as the US Census Bureau defines the aggregate (from "
            "1997).",
        ),
    ),
)
