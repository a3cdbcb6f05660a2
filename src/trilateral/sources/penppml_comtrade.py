"""UN Comtrade bilateral trade with trade-agreement provisions, from the R package penppml.

Breinlich, Corradi, Rocha, Ruta, Santos Silva and Zylkin ship a 1964-2016 panel (every fourth
year) of merchandise exports between 210 exporters and 262 importers, with the agreement in force
for each pair and 16 provision dummies from the World Bank's Deep Trade Agreements database.
There are no intranational flows and no distance or contiguity covariates.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from trilateral.errors import ValidationError
from trilateral.sources._codes import lenient_iso3
from trilateral.sources.base import (
    SourceSpec,
    require_columns,
    require_nonnegative,
    require_unique,
)

SPEC = SourceSpec(
    id="penppml-comtrade",
    publisher="penppml R package (Breinlich, Corradi, Rocha, Ruta, Santos Silva, Zylkin); "
              "UN Comtrade; World Bank Deep Trade Agreements",
    title="Bilateral trade and trade-agreement provisions, 1964-2016 (penppml example data)",
    url="https://github.com/cran/penppml",
    licence="MIT (package); UN Comtrade terms of use for the flows; World Bank DTA provisions",
    raw_dir="trade/penppml-comtrade",
    raw_files=("penppml_trade.csv",),
    accessed="2025-02-08",
    vintage="0.2.4",
    tables=("penppml_comtrade",),
    unit="USD millions, current prices (exports as shipped in the package, divided by 1e6)",
    family="gravity",
    citation="Breinlich, H., Corradi, V., Rocha, N., Ruta, M., Santos Silva, J.M.C. and Zylkin, "
             "T. penppml: Penalized Poisson Pseudo Maximum Likelihood regression, R package "
             "version 0.2.4; provisions from Mattoo, Rocha and Ruta (eds., 2020), Handbook of "
             "Deep Trade Agreements, World Bank.",
    description="Merchandise exports (UN Comtrade) 1964-2016 every 4 years, the agreement in "
                "force and 16 DTA provision dummies.",
    caveats=(
        "Levels differ 8-25% from national statistics for some pairs (reporting basis not "
        "documented): use the panel for effects, not levels.",
        "Comtrade's historical and special areas without an ISO3 code (BLX, SVU, YDR, BUN, UNS, "
        "SPE, FRE, ...) keep their Comtrade code in exporter/importer; codes_iso3 is false on "
        "their rows. ROM becomes ROU.",
        "rta = 1 when the package gives an agreement id (> 0); 480 such rows have no agreement "
        "name. CUSFTA (1989) is not coded: the first agreement among Canada, Mexico and the "
        "United States is NAFTA, from the 1996 observation.",
        "The USA-CAN and CAN-USA rows for 1992 are missing from the package data; no flow is "
        "imputed.",
        "All 16 provision columns are kept (0/1, int8).",
    ),
)

PROVISIONS = ("ad_prov_14", "cp_prov_23", "tbt_prov_07", "tbt_prov_33", "tf_prov_41",
              "tf_prov_45", "env_prov_18", "et_prov_38", "inv_prov_22", "ipr_prov_15",
              "ipr_prov_44", "lm_prov_10", "moc_prov_21", "ser_prov_47", "ste_prov_30",
              "cp_prov_26")


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    path = raw_dir / SPEC.raw_dir / "penppml_trade.csv"
    return {"penppml_comtrade": harmonise(read(path), path)}


def read(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype={"exp": str, "imp": str, "agreement": str},
                     keep_default_na=False, na_values=[""])
    require_columns(df, ["exp", "imp", "time", "export", "id", "agreement", *PROVISIONS],
                    file=path)
    require_nonnegative(df, "export", file=path)
    require_unique(df, ["exp", "imp", "time"], file=path)
    for col in PROVISIONS:
        bad = ~df[col].isin([0, 1])
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise ValidationError(f"provision dummy is {df[col].iloc[i]!r}, not 0/1", file=path,
                                  row=i + 2, field=col)
    return df


def harmonise(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    exporter, exp_known = lenient_iso3(df["exp"])
    importer, imp_known = lenient_iso3(df["imp"])
    out = pd.DataFrame({
        "exporter": exporter, "importer": importer, "exporter_code": df["exp"],
        "importer_code": df["imp"], "codes_iso3": exp_known & imp_known,
        "year": df["time"].astype(int), "value_usd_m": df["export"].astype(float) / 1e6,
        "agreement_id": df["id"].astype(int), "agreement": df["agreement"],
        "rta": (df["id"] > 0).astype("int8"),
    })
    for col in PROVISIONS:
        out[col] = df[col].astype("int8")
    require_unique(out, ["exporter", "importer", "year"], file=path)
    out["vintage"] = SPEC.vintage
    out["source"] = SPEC.id
    return out.sort_values(["exporter", "importer", "year"]).reset_index(drop=True)
