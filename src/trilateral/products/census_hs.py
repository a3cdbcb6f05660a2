"""US Census Bureau monthly HS10 imports by partner: value, calculated duty, dutiable value and
rate provision, from the international-trade API's JSON (or the same columns as CSV).

The API answers with a JSON array of arrays whose first row names the variables, e.g.
``[["CTY_CODE", "I_COMMODITY", "CON_VAL_MO", "CAL_DUT_MO", "DUT_VAL_MO", "RP", "time"], ...]``;
every value is a string. :func:`parse` turns one such document (or CSV) into the product schema
and :func:`load` stores one or more of them as the ``census_hs`` table.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from trilateral.errors import SchemaError, ValidationError
from trilateral.products import store

TABLE = "census_hs"
ENDPOINT = "https://api.census.gov/data/timeseries/intltrade/imports/hs"
FIELDS = ("CTY_CODE", "CTY_NAME", "I_COMMODITY", "CON_VAL_MO", "CAL_DUT_MO", "DUT_VAL_MO", "RP")
REQUIRED = ("CTY_CODE", "I_COMMODITY", "CON_VAL_MO", "CAL_DUT_MO", "time")
MONEY = {"CON_VAL_MO": "value", "CAL_DUT_MO": "duty", "DUT_VAL_MO": "dutiable"}
# Census Schedule C country codes of the partners trilateral follows.
PARTNERS = {"1220": "CAN", "2010": "MEX"}
CODES = {v: k for k, v in PARTNERS.items()}
SOURCE = {"id": "census-hs", "publisher": "U.S. Census Bureau, Foreign Trade Division",
          "title": "US imports by HS10 and partner, monthly (international trade API)",
          "url": ENDPOINT, "licence": "Public domain (work of the U.S. federal government)",
          "family": "products", "unit": "US dollars (whole dollars, int64)"}


def parse(path: Path) -> pd.DataFrame:
    """One API response (JSON) or CSV with the API's column names, in the product schema."""
    path = Path(path)
    raw = _read(path)
    missing = [c for c in REQUIRED if c not in raw.columns]
    if missing:
        raise SchemaError(f"missing column(s) {missing}; found {list(raw.columns)}", file=path,
                          row=1, field=missing[0])
    out = pd.DataFrame({"period": raw["time"].astype(str)})
    bad = ~out["period"].str.fullmatch(r"\d{4}-\d{2}")
    _refuse(bad, path, "time", raw["time"], "not a month YYYY-MM")
    out["year"] = out["period"].str[:4].astype("int64")
    codes = raw["CTY_CODE"].astype(str)
    _refuse(~codes.isin(PARTNERS), path, "CTY_CODE", codes,
            f"partner code not followed here (known: {', '.join(sorted(PARTNERS))})")
    out["exporter"] = codes.map(PARTNERS)
    out["importer"] = "USA"
    hs = raw["I_COMMODITY"].astype(str)
    _refuse(~hs.str.fullmatch(r"\d{10}"), path, "I_COMMODITY", hs, "not an HS10 code")
    out["hs"] = hs
    for col, name in MONEY.items():
        if col not in raw.columns:
            out[name] = pd.array([pd.NA] * len(raw), dtype="Int64")
            continue
        text = raw[col].astype(str)
        _refuse(~text.str.fullmatch(r"\d+"), path, col, text, "not a whole number of dollars")
        out[name] = text.astype("int64")
    out["rate_prov"] = raw["RP"].astype(str) if "RP" in raw.columns else None
    return out


def _read(path: Path) -> pd.DataFrame:
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".csv":
        from io import StringIO

        return pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SchemaError(f"not JSON ({exc.msg})", file=path, row=exc.lineno) from exc
    if not (isinstance(doc, list) and doc and all(isinstance(r, list) for r in doc)):
        raise SchemaError("expected the API's array of arrays (header row first)", file=path,
                          row=1)
    header, rows = doc[0], doc[1:]
    for i, r in enumerate(rows, start=2):
        if len(r) != len(header):
            raise SchemaError(f"{len(r)} values for {len(header)} columns", file=path, row=i)
    return pd.DataFrame(rows, columns=header, dtype=str)


def _refuse(bad: pd.Series, path: Path, field: str, values: pd.Series, why: str) -> None:
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise ValidationError(f"{why}: {values.iloc[i]!r}", file=path, row=i + 2, field=field)


def load(paths: list[Path], *, origin: str = "user files") -> dict:
    """Parse every file first (nothing is written if one is bad), then store the table."""
    frames = [parse(Path(p)) for p in paths]
    df = pd.concat(frames, ignore_index=True)
    dup = df.duplicated(["period", "exporter", "hs", "rate_prov"], keep="first")
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise ValidationError(f"duplicate row for {df.iloc[i]['period']} {df.iloc[i]['exporter']}"
                              f" {df.iloc[i]['hs']}", file=paths[0], field="I_COMMODITY")
    return store_frame(df, [Path(p) for p in paths], origin)


def store_frame(df: pd.DataFrame, inputs: list[Path], origin: str) -> dict:
    tmp = store.scratch(TABLE)
    try:
        for year, part in df.groupby("year"):
            out = tmp / f"year={year}"
            out.mkdir()
            pq.write_table(pa.Table.from_pandas(part.drop(columns="year"), preserve_index=False),
                           out / "part-0.parquet", compression="zstd")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    periods = sorted(df["period"].unique())
    meta = store.make_sidecar(
        TABLE, {**SOURCE, "vintage": periods[-1] if periods else "", "origin": origin}, inputs,
        len(df), {c: str(t) for c, t in df.dtypes.items()},
        {"rows": len(df), "periods": [periods[0], periods[-1]] if periods else [],
         "partners": sorted(df["exporter"].unique())},
        ["Monthly values (CON_VAL_MO, CAL_DUT_MO, DUT_VAL_MO) as published; not revised after "
         "loading."], __name__)
    store.commit(TABLE, tmp, meta)
    return meta
