"""IMF Direction of Trade Statistics: the 2018 bilateral matrix among 31 large traders.

Each row of the raw file holds two reporter-basis figures for one origin-destination pair: the
origin's reported exports (f.o.b.) and the destination's reported imports (c.i.f.). The table
``imf_dots_2018`` stores them as two rows, each with its own reporter.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from trilateral.sources._series import first_bad, read_csv
from trilateral.sources.base import SourceSpec, require_columns, require_unique, to_iso3

RAW = "dots2018_top42_pairs.csv"
COLUMNS = ("origin", "destination", "period", "from.exports", "from.imports")
# Aggregates of the raw file, kept under their own codes: EMU is the euro area (members summed,
# the World Bank's code for it) and CNX is China + Hong Kong + Macao. Neither is comparable with
# the EU (EUU) or mainland China (CHN) elsewhere in trilateral.
AGGREGATES = {"EMU": "EMU", "CNX": "CNX"}
VALUATION = {"exports": "f.o.b.", "imports": "c.i.f."}

SPEC = SourceSpec(
    id="imf-dots-2018",
    publisher="International Monetary Fund, Direction of Trade Statistics (DOTS)",
    title="Direction of Trade Statistics: bilateral goods exports and imports, 2018, 31 economies",
    url="https://data.imf.org/?sk=9D6028D4-F14A-464C-A2F2-59B2CD424B85",
    licence="IMF terms of use (free reuse with attribution)",
    raw_dir="trade/imf-dots-2018-leuchtmann",
    raw_files=(RAW,),
    accessed="2019-12-11",
    vintage="2019-12-11",
    tables=("imf_dots_2018",),
    unit="USD millions; exports f.o.b. (origin-reported), imports c.i.f. (destination-reported)",
    family="trade",
    citation="International Monetary Fund, Direction of Trade Statistics (DOTS), annual, 2018.",
    description="The 2018 annual DOTS matrix among 31 economies, retrieved through DBnomics by "
                "the GitHub repository uleuchtmann/globaltrade (trade.RData, HEAD 2882a798, "
                "2019-12-11) and converted to CSV without changing values. The GDP and "
                "placeholder distance columns of that file are not used.",
    caveats=(
        "One cross-section (2018) only; 31 economies, with the euro area (EMU) and China + "
        "Hong Kong + Macao (CNX) as aggregates that do not match EUU or CHN.",
        "Mexico's own partner figures for 2018 are here; they differ from the partners' "
        "mirror figures (e.g. Mexico-reported exports to Canada 14,080 vs Canada-reported "
        "imports from Mexico 29,923, the known Canada-Mexico asymmetry through US transit).",
        "Exports are f.o.b., imports c.i.f.: the two sides of a pair do not match by design.",
    ),
)


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    path = raw_dir / SPEC.raw_dir / RAW
    return {"imf_dots_2018": harmonise(read_pairs(path))}


def read_pairs(path: Path) -> pd.DataFrame:
    """Origin-destination pairs with ISO3 codes, year and both reported values."""
    df = read_csv(path, dtype=str, keep_default_na=False)
    require_columns(df, COLUMNS, file=path)
    first_bad(~df["period"].str.fullmatch(r"\d{4}-01-01"), df["period"], path, "period",
              "not an annual period (YYYY-01-01)")
    for col in ("from.exports", "from.imports"):
        values = pd.to_numeric(df[col], errors="coerce")
        first_bad(values.isna(), df[col], path, col, "not a number")
        first_bad(values < 0, df[col], path, col, "negative value")
    require_unique(df, ["origin", "destination"], file=path)
    rows = range(2, len(df) + 2)
    return pd.DataFrame({
        "origin": to_iso3(df["origin"], src="ISO2", file=path, field="origin", rows=rows,
                          allow=AGGREGATES),
        "destination": to_iso3(df["destination"], src="ISO2", file=path, field="destination",
                               rows=rows, allow=AGGREGATES),
        "year": df["period"].str[:4].astype(int),
        "exports": pd.to_numeric(df["from.exports"]),
        "imports": pd.to_numeric(df["from.imports"]),
    })


def harmonise(pairs: pd.DataFrame) -> pd.DataFrame:
    exports = pairs.rename(columns={"origin": "reporter", "destination": "partner",
                                    "exports": "value_usd_m"}).assign(flow="exports")
    imports = pairs.rename(columns={"destination": "reporter", "origin": "partner",
                                    "imports": "value_usd_m"}).assign(flow="imports")
    out = pd.concat([exports, imports], ignore_index=True)
    out = out.assign(valuation=out["flow"].map(VALUATION), unit="USD millions",
                     basis="reporter", vintage=SPEC.vintage, source=SPEC.id)
    cols = ["reporter", "partner", "flow", "year", "value_usd_m", "valuation", "unit", "basis",
            "vintage", "source"]
    return out[cols].sort_values(["reporter", "partner", "flow"]).reset_index(drop=True)
