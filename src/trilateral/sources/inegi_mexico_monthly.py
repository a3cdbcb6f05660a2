"""INEGI: Mexico's total merchandise exports and imports month by month (1991-01 to 2022-06).

The same raw file as ``inegi_mexico_totals`` (which sums it to years), kept monthly for the
monthly trade shares; only months from 1991 (when the totals include maquiladora trade).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from trilateral.sources import inegi_mexico
from trilateral.sources.base import SourceSpec

SPEC = SourceSpec(
    id="inegi-mexico-monthly",
    publisher=inegi_mexico.SPEC.publisher,
    title="Balanza comercial de mercancías de México: total exports (FOB) and imports, by month",
    url=inegi_mexico.SPEC.url,
    licence=inegi_mexico.SPEC.licence,
    raw_dir=inegi_mexico.SPEC.raw_dir,
    raw_files=inegi_mexico.SPEC.raw_files,
    accessed=inegi_mexico.SPEC.accessed,
    vintage=inegi_mexico.SPEC.vintage,
    tables=("inegi_mexico_monthly",),
    unit="USD millions, not seasonally adjusted",
    family="trade",
    citation=inegi_mexico.SPEC.citation,
    description="The monthly rows (1991-01 to 2022-06) of the INEGI series in inegi-mexico.",
    caveats=(
        "Ends in June 2022: no public copy of INEGI's or Banxico's later monthly totals was "
        "found; Mexico's monthly shares stop there.",
        "Before 1991 the totals exclude maquiladora trade; those months are left out.",
    ),
)


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    monthly = inegi_mexico.read_totals(raw_dir / SPEC.raw_dir / inegi_mexico.RAW)
    monthly = monthly[monthly.index.year >= inegi_mexico.FIRST_COMPARABLE]
    long = monthly.rename_axis("date").reset_index().melt(
        id_vars="date", var_name="flow", value_name="value_usd_m")
    out = long.assign(reporter="MEX", partner="WLD", year=long["date"].dt.year,
                      month=long["date"].dt.month, unit="USD millions", basis="reporter",
                      vintage=SPEC.vintage, source=SPEC.id)
    cols = ["reporter", "partner", "flow", "year", "month", "value_usd_m", "unit", "basis",
            "vintage", "source"]
    return {"inegi_mexico_monthly": out[cols].sort_values(["flow", "year", "month"])
            .reset_index(drop=True)}
