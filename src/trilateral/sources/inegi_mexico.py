"""INEGI: Mexico's total merchandise exports and imports (balanza comercial), USD millions.

The table ``inegi_mexico_totals`` sums the monthly series to calendar years. Years before 1991
exclude maquiladora (in-bond assembly) trade, so they are kept but marked ``comparable=false``;
indicators use 1991 onward only.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from trilateral.sources._series import annual_sums, first_bad, read_csv
from trilateral.sources.base import SourceSpec, require_columns

RAW = "balanza_com_raw.csv"
# The mirror wrote its columns with R's paste-by-position names; only the first three (date,
# total exports, total imports) are reliable (see PROVENANCE.md), so only they are read.
DATE, EXPORTS, IMPORTS = "bal_exp_tot.date.sq.", "bal_exp_tot.values.sq.", "bal_imp_tot.values.sq."
FIRST_COMPARABLE = 1991  # first year whose totals include maquiladora trade

SPEC = SourceSpec(
    id="inegi-mexico",
    publisher="INEGI (Instituto Nacional de Estadística y Geografía), with Banxico, SAT and the "
              "Secretaría de Economía",
    title="Balanza comercial de mercancías de México: total exports (FOB) and imports, monthly",
    url="https://www.inegi.org.mx/app/indicadores/",
    licence="Términos de libre uso de la información del INEGI (free use with attribution)",
    raw_dir="trade/inegi-mexico-balanza",
    raw_files=(RAW,),
    accessed="2022-08-14",
    vintage="2022-08-14",
    tables=("inegi_mexico_totals",),
    unit="USD millions",
    family="trade",
    citation="INEGI, Banco de Información Económica: Balanza comercial de mercancías de México, "
             "series 33860 (exports) and 33861 (imports).",
    description="INEGI Banco de Información Económica series 33860 (total exports, FOB) and "
                "33861 (total imports), 1980-01 to 2022-06. The copy is the last version "
                "(commit 1956d3ed, 2022-08-14) of DATA/balanza_com.csv in the GitHub repository "
                "SymmetricSymplectic/AsApAnalytics, downloaded there with the inegiR client; "
                "only its first three columns are used.",
    caveats=(
        "1980-1990 exclude maquiladora trade (1990 exports 26,838 vs 40,711 in WTO data): "
        "those rows have comparable=false and must not enter indicators or trends.",
        "2022 holds January-June only: months=6 and complete=false; nothing after 2022-06.",
        "Imports are valued FOB; WTO's figures for Mexico's imports are CIF, about 3% higher.",
        "World totals only: Mexico's partner breakdown is not in this source.",
    ),
)


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    path = raw_dir / SPEC.raw_dir / RAW
    monthly = read_totals(path)
    frames = [annual_sums(monthly[flow]).assign(flow=flow) for flow in ("exports", "imports")]
    return {"inegi_mexico_totals": harmonise(pd.concat(frames, ignore_index=True))}


def read_totals(path: Path) -> pd.DataFrame:
    """Monthly exports and imports indexed by month; dates and values are checked per row."""
    df = read_csv(path, dtype=str, keep_default_na=False)
    require_columns(df, [DATE, EXPORTS, IMPORTS], file=path)
    dates = pd.to_datetime(df[DATE], format="%Y-%m-%d", errors="coerce")
    first_bad(dates.isna() | (dates.dt.day != 1), df[DATE], path, DATE, "not a month (YYYY-MM-01)")
    first_bad(dates.duplicated(), df[DATE], path, DATE, "repeated month")
    out = pd.DataFrame(index=pd.DatetimeIndex(dates))
    for flow, col in (("exports", EXPORTS), ("imports", IMPORTS)):
        values = pd.to_numeric(df[col], errors="coerce")
        first_bad(values.isna(), df[col], path, col, "not a number")
        first_bad(values < 0, df[col], path, col, "negative value")
        out[flow] = values.to_numpy()
    return out.sort_index()


def harmonise(annual: pd.DataFrame) -> pd.DataFrame:
    out = annual.rename(columns={"value": "value_usd_m"}).assign(
        reporter="MEX", partner="WLD", unit="USD millions", basis="reporter",
        comparable=annual["year"] >= FIRST_COMPARABLE, vintage=SPEC.vintage, source=SPEC.id)
    cols = ["reporter", "partner", "flow", "year", "value_usd_m", "unit", "months", "complete",
            "comparable", "basis", "vintage", "source"]
    return out[cols].sort_values(["flow", "year"]).reset_index(drop=True)
