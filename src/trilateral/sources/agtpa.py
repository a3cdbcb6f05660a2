"""The application panels of the WTO/UNCTAD *Advanced Guide to Trade Policy Analysis*.

Yotov, Piermartini, Monteiro and Larch (2016) ship one panel of aggregate manufacturing trade
among 69 countries, 1986-2006, **with intranational flows** (exporter == importer), which every
structural-gravity application of the guide uses. Two tables come out of it:

* ``agtpa_rta_panel``: the panel of chapter 1, application 3 ("Regional trade agreements
  effects"), with the RTA dummy and the guide's RTA leads and lags (the R translation's
  ``agtpa_applications`` data); its flows and covariates are checked against
  ``Chapter1Application1.dta`` row by row.
* ``agtpa_ge_panel``: ``Chapter2Application2.dta``, the panel of the chapter-2 general-equilibrium
  application (RTA impacts, NAFTA), with its own RTA column; checked against the first table.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
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
    id="agtpa",
    publisher="WTO and UNCTAD (Yotov, Piermartini, Monteiro & Larch 2016); R package tradepolicy",
    title="An Advanced Guide to Trade Policy Analysis: The Structural Gravity Model, "
          "application datasets",
    url="https://github.com/pachadotdev/tradepolicy",
    licence="CC BY 4.0 (tradepolicy package); datasets published by WTO/UNCTAD for replication",
    raw_dir="trade/yotov-agtpa",
    raw_files=("agtpa_applications.csv", "Chapter1Application1.dta", "Chapter2Application2.dta"),
    accessed="2026-01-09",
    vintage="2016",
    tables=("agtpa_rta_panel", "agtpa_ge_panel"),
    unit="USD millions, current prices (aggregate manufacturing trade; intranational = domestic "
         "sales of manufactures)",
    family="gravity",
    citation="Yotov, Y.V., Piermartini, R., Monteiro, J.-A. and Larch, M. (2016). An Advanced "
             "Guide to Trade Policy Analysis: The Structural Gravity Model. Geneva: WTO and "
             "UNCTAD. ISBN 978-92-870-4367-2.",
    description="69 x 69 countries x 21 years (1986-2006) incl. intranational flows; distance, "
                "contiguity, common language, colony (CEPII GeoDist); RTAs (Larch's database).",
    caveats=(
        "The guide's Romania code ROM (ISO 3166-1 until 2002) becomes ROU; exporter_code and "
        "importer_code keep the guide's own codes.",
        "The guide's chapter-2 do-files relabel Germany (DEU) as 'ZZZ' to make it the reference "
        "country of the fixed effects; the shipped datasets use DEU, and a 'ZZZ' code would be "
        "read as Germany. Choosing the reference country is left to the estimation step.",
        "RTA leads and lags are the guide's own columns, not recomputed: rta_lead4 is not a "
        "plain 4-year shift of rta for some pairs (e.g. ARG-EGY); the replication uses them as "
        "published.",
        "pair_id is symmetric for international pairs (i-j and j-i share it); intranational "
        "pairs have their own ids (12339 and up).",
        "agtpa_ge_panel repeats the flows of agtpa_rta_panel with the chapter-2 RTA column; the "
        "build checks both are identical.",
    ),
)

RTA_COLUMNS = ("rta", "rta_lag3", "rta_lag4", "rta_lag6", "rta_lag8", "rta_lag9", "rta_lag12",
               "rta_lead4")
GRAVITY_COLUMNS = ("dist", "cntg", "lang", "clny")
KEYS = ["exporter_code", "importer_code", "year"]
# the guide's chapter-2 reference-country label for Germany (see caveats)
REFERENCE_LABELS = {"ZZZ": "DEU"}


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    base = raw_dir / SPEC.raw_dir
    rta = read_applications(base / "agtpa_applications.csv")
    check_same_flows(rta, read_dta(base / "Chapter1Application1.dta"), "Chapter1Application1.dta")
    ge = read_dta(base / "Chapter2Application2.dta")
    check_same_flows(rta, ge, "Chapter2Application2.dta", extra=("rta",))
    return {"agtpa_rta_panel": harmonise(rta, base / "agtpa_applications.csv",
                                         GRAVITY_COLUMNS + RTA_COLUMNS),
            "agtpa_ge_panel": harmonise(ge, base / "Chapter2Application2.dta",
                                        (*GRAVITY_COLUMNS, "rta"))}


def read_applications(path: Path) -> pd.DataFrame:
    """The R translation's ``agtpa_applications`` (CSV): flows plus RTA leads and lags."""
    df = pd.read_csv(path, dtype={"exporter": str, "importer": str})
    require_columns(df, ["exporter", "importer", "pair_id", "year", "trade",
                         *GRAVITY_COLUMNS, *RTA_COLUMNS], file=path)
    return _common(df, path)


def read_dta(path: Path) -> pd.DataFrame:
    """A guide ``.dta``: upper-case covariates are lower-cased (DIST -> dist, RTA -> rta)."""
    df = pd.read_stata(path)
    df.columns = [str(c).lower() for c in df.columns]
    require_columns(df, ["exporter", "importer", "pair_id", "year", "trade", *GRAVITY_COLUMNS],
                    file=path)
    return _common(df, path)


def _common(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    require_nonnegative(df, "trade", file=path)
    for col in ("year", "pair_id"):
        bad = df[col].isna() | (df[col] % 1 != 0)
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise ValidationError(f"not an integer: {df[col].iloc[i]!r}", file=path, row=i + 2,
                                  field=col)
    df = df.rename(columns={"exporter": "exporter_code", "importer": "importer_code"})
    df["year"] = df["year"].astype(int)
    df["pair_id"] = df["pair_id"].astype(int)
    require_unique(df, KEYS, file=path)
    return df.sort_values(KEYS).reset_index(drop=True)


def check_same_flows(ref: pd.DataFrame, other: pd.DataFrame, name: str,
                     extra: tuple[str, ...] = ()) -> None:
    """Rows, pair ids, flows and covariates of ``other`` equal ``ref`` (relative 1e-9)."""
    if len(ref) != len(other) or not (ref[KEYS].to_numpy() == other[KEYS].to_numpy()).all():
        raise ValidationError(f"rows differ from agtpa_applications.csv ({len(other)} vs "
                              f"{len(ref)})", file=name, field="exporter")
    for col in ("pair_id", "trade", *GRAVITY_COLUMNS, *extra):
        a, b = ref[col].to_numpy(float), other[col].to_numpy(float)
        bad = ~np.isclose(a, b, rtol=1e-9, atol=1e-9)
        if bad.any():
            i = int(bad.nonzero()[0][0])
            raise ValidationError(f"{col}={b[i]!r} differs from agtpa_applications.csv "
                                  f"({a[i]!r})", file=name, row=i + 2, field=col)


def harmonise(df: pd.DataFrame, path: Path, covariates: tuple[str, ...]) -> pd.DataFrame:
    out = pd.DataFrame({
        "exporter": strict_iso3(df["exporter_code"], file=path, field="exporter",
                                allow=REFERENCE_LABELS),
        "importer": strict_iso3(df["importer_code"], file=path, field="importer",
                                allow=REFERENCE_LABELS),
        "exporter_code": df["exporter_code"], "importer_code": df["importer_code"],
        "pair_id": df["pair_id"], "year": df["year"], "value_usd_m": df["trade"].astype(float),
    })
    for col in covariates:
        out[col] = df[col].astype(float) if col == "dist" else df[col].astype("int8")
    out["vintage"] = SPEC.vintage
    out["source"] = SPEC.id
    return out
