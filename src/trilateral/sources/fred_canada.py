"""Canada's total goods exports and imports (OECD Main Economic Indicators via FRED), USD.

The table ``fred_canada_totals`` sums the monthly, not seasonally adjusted series to calendar
years; ``months`` says how many months carry data, so the partial 2023 (9 months) is explicit.
It is the only source of Canada's world totals before Statistics Canada's table starts (1997).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from trilateral.sources._series import annual_sums, read_monthly
from trilateral.sources.base import SourceSpec

SERIES = {"exports": "CANXTEXVA01CXMLM", "imports": "CANXTIMVA01CXMLM"}

SPEC = SourceSpec(
    id="fred-canada",
    publisher="OECD, Main Economic Indicators (via FRED, Federal Reserve Bank of St. Louis)",
    title="Canada: exports and imports of commodities, value, USD, monthly, not seasonally adjusted",
    url="https://fred.stlouisfed.org/series/CANXTEXVA01CXMLM",
    licence="OECD terms of use (reuse with attribution); FRED asks to cite the original source",
    raw_dir="trade/fred-canada-mirror",
    raw_files=tuple(f"{s}.csv" for s in SERIES.values()),
    accessed="2023-12-17",
    vintage="2023-12-17",
    tables=("fred_canada_totals",),
    unit="USD millions (monthly levels in USD divided by 1e6, summed over the calendar year)",
    family="trade",
    citation="OECD, Main Economic Indicators: Canada exports (CANXTEXVA01CXMLM) and imports "
             "(CANXTIMVA01CXMLM) of commodities, value, retrieved from FRED.",
    description="FRED series CANXTEXVA01CXMLM (exports) and CANXTIMVA01CXMLM (imports), "
                "1960-01 to 2023-09. The copy comes from the FRED bulk mirror in the GitHub "
                "repository open-datahub/canada (commit 67b0236b, 2023-12-17); the files are "
                "byte copies of FRED's CSV downloads. Imports URL: "
                "https://fred.stlouisfed.org/series/CANXTIMVA01CXMLM.",
    caveats=(
        "2023 holds January-September only: months=9 and complete=false.",
        "Customs-based commodity trade as compiled by the OECD; it agrees with Statistics "
        "Canada's customs totals converted to USD (statcan_cimt) to within 1% in 1997-2023, "
        "so trade_flows uses this table only for the years before 1997.",
        "Canada's partner breakdown is not in this source (world totals only).",
        "The seasonally adjusted variants in the same folder are not used.",
    ),
)


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    base = raw_dir / SPEC.raw_dir
    frames = []
    for flow, series_id in SERIES.items():
        monthly = read_monthly(base / f"{series_id}.csv", "Date", series_id, scale=1e-6)
        frames.append(annual_sums(monthly).assign(flow=flow, series=series_id))
    return {"fred_canada_totals": harmonise(pd.concat(frames, ignore_index=True))}


def harmonise(annual: pd.DataFrame) -> pd.DataFrame:
    out = annual.rename(columns={"value": "value_usd_m"}).assign(
        reporter="CAN", partner="WLD", unit="USD millions", basis="reporter",
        vintage=SPEC.vintage, source=SPEC.id)
    cols = ["reporter", "partner", "flow", "year", "value_usd_m", "unit", "months", "complete",
            "basis", "series", "vintage", "source"]
    return out[cols].sort_values(["flow", "year"]).reset_index(drop=True)
