"""Shared shape of the monthly US goods trade tables (Census, one row per partner-flow-month)."""

from __future__ import annotations

import pandas as pd

from trilateral.sources.base import require_unique

# The partners the monthly series need: the other two, the comparators and the world.
US_MONTHLY_PARTNERS = ("CAN", "MEX", "CHN", "EUU", "WLD")
MONTHLY_COLUMNS = ["reporter", "partner", "flow", "year", "month", "value_usd_m", "unit",
                   "basis", "vintage", "source"]


def monthly_frame(rows: list[dict], vintage: str, source: str, file: object) -> pd.DataFrame:
    """Long monthly rows (partner, flow, year, month, value_usd_m) in the shared schema."""
    df = pd.DataFrame(rows, columns=["partner", "flow", "year", "month", "value_usd_m"])
    require_unique(df, ["partner", "flow", "year", "month"], file=file)
    out = df.assign(reporter="USA", unit="USD millions", basis="reporter", vintage=vintage,
                    source=source)
    out["year"] = out["year"].astype(int)
    out["month"] = out["month"].astype(int)
    out["value_usd_m"] = out["value_usd_m"].astype(float)
    return (out[MONTHLY_COLUMNS].sort_values(["partner", "flow", "year", "month"])
            .reset_index(drop=True))
