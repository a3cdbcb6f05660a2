"""WTO merchandise trade values: total exports and imports of 226 reporters, 1948-2023.

The table ``wto_merch`` has one row per reporter, year and flow (partner ``WLD``: trade with the
world), plus a derived world total (reporter ``WLD``): the sum over every reporter present in
that year, with ``n_reporters``. WTO publishes no World row in this copy.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from trilateral.sources._series import first_bad, read_csv
from trilateral.sources.base import SourceSpec, require_columns, require_unique, to_iso3

RAW = "Global_Trade_Rankings_1948-2023.csv"
COLUMNS = ("Year", "Country", "Exports", "Imports")
# WTO labels that country_converter cannot read or reads as the successor state. Former states
# take their ISO 3166-3 codes; Belgium-Luxembourg (one customs union to 1998) has no ISO code
# and takes BLX, the code UN Comtrade uses for it.
SPECIAL = {
    "Aruba, Netherlands with respect to": "ABW",
    "Belgium-Luxembourg": "BLX",
    "Czech and Slovak Federal Republic": "CSK",
    "U.S.S.R.": "SUN",
    "Yemen, People's Democratic Republic": "YMD",
    "Yugoslavia, Socialist Federal Republic of": "YUG",
}

SPEC = SourceSpec(
    id="wto-merch",
    publisher="World Trade Organization (WTO Stats)",
    title="Merchandise trade values, annual: total merchandise exports and imports by reporter",
    url="https://stats.wto.org/",
    licence="ODbL-1.0 (WTO data portal terms as quoted by a third party): attribution and "
            "share-alike for derived databases",
    raw_dir="trade/wto-merch-pradip",
    raw_files=(RAW,),
    accessed="2025-03-01",
    vintage="2025-03-01",
    tables=("wto_merch",),
    unit="USD millions, current prices; exports f.o.b., imports generally c.i.f.",
    family="trade",
    citation="World Trade Organization, WTO Stats: merchandise trade values (ITS_MTV_AX, "
              "ITS_MTV_AM), total merchandise, partner World.",
    description="WTO Stats indicators ITS_MTV_AX / ITS_MTV_AM, product 'Total merchandise', "
                "partner World, as aggregated by the GitHub project "
                "pradip-data/World-Merchandise-Trade (file added in commit 3c8f9a28, "
                "2025-03-01; byte copy of its BigQuery output 'Global Trade Rankings "
                "(1948-2023)'). Only the Year, Country, Exports and Imports columns are used; "
                "the ranks and percentages of that file are recomputable and left out.",
    caveats=(
        "Reporter WLD is a sum over the reporters present in each year (n_reporters, 146 to "
        "213), not WTO's published World aggregate: about 0.8% below it in 2023 (23.81 vs "
        "24.01 USD tn) and 1.6% below in 2022. Treat it as approximate (about 2%).",
        "The set of reporters changes over time (former states, new reporters), so the world "
        "sum is comparable over time only from 1990 onward.",
        "Imports are generally c.i.f. (the WTO's own description), exports f.o.b.; Mexico's "
        "WTO imports are about 3% above INEGI's f.o.b. figures.",
        "Former states keep ISO 3166-3 codes (SUN, YUG, CSK, DDR, YMD, SCG, ANT); "
        "Belgium-Luxembourg (to 1998) is BLX.",
        "No 2024: the copy ends in 2023.",
    ),
)


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    path = raw_dir / SPEC.raw_dir / RAW
    reporters = read_reporters(path)
    return {"wto_merch": harmonise(pd.concat([reporters, world_sum(reporters)],
                                             ignore_index=True))}


def read_reporters(path: Path) -> pd.DataFrame:
    """Reporter rows in long form (exports and imports), countries as ISO3."""
    df = read_csv(path, dtype=str, keep_default_na=False)
    require_columns(df, COLUMNS, file=path)
    first_bad(~df["Year"].str.fullmatch(r"\d{4}"), df["Year"], path, "Year", "not a year")
    for col in ("Exports", "Imports"):
        values = pd.to_numeric(df[col], errors="coerce")
        first_bad(values.isna(), df[col], path, col, "not a number")
        first_bad(values < 0, df[col], path, col, "negative value")
    require_unique(df, ["Year", "Country"], file=path)
    iso = to_iso3(df["Country"], file=path, field="Country", rows=range(2, len(df) + 2),
                  allow=SPECIAL)
    wide = pd.DataFrame({"reporter": iso, "reporter_name": df["Country"],
                         "year": df["Year"].astype(int),
                         "exports": pd.to_numeric(df["Exports"]).astype(float),
                         "imports": pd.to_numeric(df["Imports"]).astype(float)})
    require_unique(wide, ["reporter", "year"], file=path)
    return wide.melt(id_vars=["reporter", "reporter_name", "year"], var_name="flow",
                     value_name="value_usd_m")


def world_sum(reporters: pd.DataFrame) -> pd.DataFrame:
    """The sum over all reporters of each year and flow, with how many reporters it covers."""
    out = (reporters.groupby(["year", "flow"], as_index=False)
           .agg(value_usd_m=("value_usd_m", "sum"), n_reporters=("reporter", "nunique")))
    return out.assign(reporter="WLD", reporter_name="World (sum of reporters)")


def harmonise(df: pd.DataFrame) -> pd.DataFrame:
    out = df.assign(partner="WLD", unit="USD millions", basis="reporter", vintage=SPEC.vintage,
                    source=SPEC.id)
    out["n_reporters"] = out["n_reporters"].astype("Int64") if "n_reporters" in out else pd.NA
    cols = ["reporter", "reporter_name", "partner", "flow", "year", "value_usd_m", "unit",
            "n_reporters", "basis", "vintage", "source"]
    return out[cols].sort_values(["reporter", "flow", "year"]).reset_index(drop=True)
