"""WIOD-based trade and domestic sales of 44 economies, from the GEGravity example data.

Zylkin and Kudlay's GEGravity package ships ``TradeData0014``: flows of goods and services among
43 countries and a rest-of-world aggregate in 2000, 2005, 2010 and 2014, aggregated from the
World Input-Output Database (2016 release), with domestic sales on the diagonal and FTA dummies
from the NSF-Kellogg (Baier-Bergstrand) database.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from trilateral.errors import ValidationError
from trilateral.sources._codes import strict_iso3
from trilateral.sources.base import (
    SourceSpec,
    require_columns,
    require_nonnegative,
    require_unique,
)

SPEC = SourceSpec(
    id="gegravity-wiod",
    publisher="GEGravity R package (Zylkin & Kudlay), from WIOD 2016 release and NSF-Kellogg "
              "EIA database",
    title="Trade and domestic sales of 44 economies, 2000-2014 (TradeData0014)",
    url="https://github.com/VKudlay/GEGravity",
    licence="GPL-3 (package data); WIOD terms (cite Timmer et al. 2015); NSF-Kellogg EIA "
            "database (cite Baier and Bergstrand)",
    raw_dir="trade/gegravity-wiod",
    raw_files=("TradeData0014.csv",),
    accessed="2024-03-09",
    vintage="2024-03-09",
    tables=("wiod_trade",),
    unit="USD millions, current prices (gross flows of goods and services; diagonal = domestic "
         "sales); unit not stated by the package, implied by magnitudes",
    family="gravity",
    citation="Timmer, M.P., Dietzenbacher, E., Los, B., Stehrer, R. and de Vries, G.J. (2015), "
             "An Illustrated User Guide to the World Input-Output Database, Review of "
             "International Economics 23; GEGravity R package (Zylkin and Kudlay).",
    description="44 x 44 economies (43 countries and ROW) in 2000, 2005, 2010 and 2014, with "
                "domestic sales, FTA, EU-enlargement and other-FTA dummies.",
    caveats=(
        "Only four years: 2000, 2005, 2010, 2014 (not annual).",
        "ROW is WIOD's rest-of-world aggregate, kept as 'ROW' (not a country).",
        "Goods and services: not comparable with goods-only statistics such as Census.",
        "fta = 1 for every pair among Canada, Mexico and the United States in all four years, so "
        "NAFTA's own effect is not identified from changes within pairs in this panel.",
        "The package's numeric expcode/impcode indices are dropped (the ISO3 codes identify "
        "countries).",
    ),
)

AGGREGATES = {"ROW": "ROW"}


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    path = raw_dir / SPEC.raw_dir / "TradeData0014.csv"
    return {"wiod_trade": harmonise(read(path), path)}


def read(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype={"exporter": str, "importer": str})
    require_columns(df, ["exporter", "importer", "year", "trade", "FTA", "eu_enlargement",
                         "other_fta"], file=path)
    require_nonnegative(df, "trade", file=path)
    bad = df["year"] % 1 != 0
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise ValidationError(f"not an integer year: {df['year'].iloc[i]!r}", file=path,
                              row=i + 2, field="year")
    require_unique(df, ["exporter", "importer", "year"], file=path)
    return df


def harmonise(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    out = pd.DataFrame({
        "exporter": strict_iso3(df["exporter"], file=path, field="exporter", allow=AGGREGATES),
        "importer": strict_iso3(df["importer"], file=path, field="importer", allow=AGGREGATES),
        "year": df["year"].astype(int), "value_usd_m": df["trade"].astype(float),
        "fta": df["FTA"].astype("int8"), "eu_enlargement": df["eu_enlargement"].astype("int8"),
        "other_fta": df["other_fta"].astype("int8"),
    })
    out["vintage"] = SPEC.vintage
    out["source"] = SPEC.id
    return out.sort_values(["exporter", "importer", "year"]).reset_index(drop=True)
