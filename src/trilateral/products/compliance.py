"""USMCA compliance shares by HS8 and origin, loaded from the user's copy (never shipped).

The Global Trade Alert repository ``global-trade-alert/us-tariff-barrier-estimates`` publishes
``data/compliance_shares.csv`` (columns ``hs_8digit``, ``import_origin``, ``compliance_rate``,
``comment``; USITC DataWeb, July-September 2025) under CC BY-NC 4.0, which forbids commercial
redistribution: trilateral reads a copy the user downloaded and keeps it in the user's data home.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from trilateral.errors import SchemaError, ValidationError
from trilateral.products import store

TABLE = "usmca_compliance"
COLUMNS = ("hs_8digit", "import_origin", "compliance_rate")
SOURCE = {"id": "usmca-compliance", "publisher": "Global Trade Alert (from USITC DataWeb)",
          "title": "USMCA compliance share of US imports by HS8, Canada and Mexico",
          "url": "https://github.com/global-trade-alert/us-tariff-barrier-estimates",
          "licence": "CC BY-NC 4.0 (user's copy; never shipped)", "family": "products",
          "unit": "share of the line's import value entered under USMCA (0-1)"}


def parse(path: Path) -> pd.DataFrame:
    path = Path(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        raise SchemaError(f"missing column(s) {missing}; found {list(raw.columns)}", file=path,
                          row=1, field=missing[0])
    hs8 = raw["hs_8digit"].str.strip()
    origin = raw["import_origin"].str.strip()
    share = pd.to_numeric(raw["compliance_rate"], errors="coerce")
    checks = [(~hs8.str.fullmatch(r"\d{8}"), "hs_8digit", "not an HS8 code"),
              (~origin.isin(["CAN", "MEX"]), "import_origin", "origin must be CAN or MEX"),
              (share.isna() | (share < 0) | (share > 1), "compliance_rate",
               "not a share between 0 and 1")]
    for bad, field, why in checks:
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise ValidationError(f"{why}: {raw[field].iloc[i]!r}", file=path, row=i + 2,
                                  field=field)
    out = pd.DataFrame({"exporter": origin, "hs8": hs8, "share": share.astype("float64"),
                        "note": raw.get("comment", pd.Series([""] * len(raw))).astype(str)})
    return out.drop_duplicates(["exporter", "hs8"], keep="first").reset_index(drop=True)


def load(path: Path) -> dict:
    df = parse(path)
    tmp = store.scratch(TABLE)
    try:
        pq.write_table(pa.Table.from_pandas(df, preserve_index=False), tmp / "part-0.parquet")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    notes = sorted(set(df["note"]) - {""})
    meta = store.make_sidecar(TABLE, {**SOURCE, "vintage": "; ".join(notes)}, [Path(path)],
                              len(df), {c: str(t) for c, t in df.dtypes.items()},
                              {"rows": len(df), "partners": sorted(df["exporter"].unique())},
                              ["Licence CC BY-NC 4.0: kept in the user's data home, never "
                               "shipped or exported by trilateral."], __name__)
    store.commit(TABLE, tmp, meta)
    return meta
