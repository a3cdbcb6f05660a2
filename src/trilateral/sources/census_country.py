"""US Census Bureau FT-900 ``country.xlsx``: US goods trade with every partner, USD millions.

The table ``census_country`` is long: one row per partner, year and flow, with the number of
months that carry data, so partial years (the bundled file stops in June 2024) are explicit.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd

from trilateral.errors import SchemaError, ValidationError
from trilateral.sources.base import (
    SourceSpec,
    require_finite,
    require_plausible_periods,
    require_unique,
    to_iso3,
)

SPEC = SourceSpec(
    id="census-country",
    publisher="U.S. Census Bureau, Foreign Trade Division",
    title="U.S. trade in goods by country (FT-900 country.xlsx)",
    url="https://www.census.gov/foreign-trade/balance/country.xlsx",
    licence="Public domain (work of the U.S. federal government)",
    raw_dir="trade/census-country-goods",
    raw_files=("country.xlsx",),
    accessed="2024-11-01",
    vintage="2024-11-01",
    tables=("census_country",),
    unit="USD millions, not seasonally adjusted; exports f.a.s., general imports customs value",
    family="trade",
    caveats=(
        "2024 holds January-June only: months=6 and complete=false for 2024 rows.",
        "Regional aggregates (Europe, Asia, Pacific Rim, CAFTA-DR, NAFTA/USMCA consumption rows, "
        "Advanced Technology Products) are dropped; World (not seasonally adjusted) is kept as "
        "partner WLD from 1987 (the file has no World row before), and the European Union as EUU from 1997.",
        "'Unidentified Countries' and 'International Organizations' are not countries and are dropped.",
        "Former states keep their ISO 3166-3 codes (USSR=SUN, Yugoslavia=YUG, ...).",
    ),
)

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
HEADER = ("year", "CTY_CODE", "CTYNAME", *(f"I{m}" for m in MONTHS), "IYR",
          *(f"E{m}" for m in MONTHS), "EYR")
AGGREGATES = {3: "EUU", 15: "WLD"}  # Census aggregate codes kept, with trilateral's labels
NOT_COUNTRIES = {"Unidentified Countries", "International Organizations"}
# Labels neither country_converter nor pycountry parse; codes from ISO 3166-3 / ISO 3166-1.
SPECIAL = {"USSR": "SUN", "Yugoslavia (former)": "YUG", "Czechoslovakia": "CSK",
           "Gaza Strip admin. by Israel": "PSE", "West Bank admin. by Israel": "PSE",
           "Iraq-Saudi Arabia Neutral Zone": "NTZ"}


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    return parse_file(raw_dir / SPEC.raw_dir / "country.xlsx", SPEC.vintage)


def parse_file(path: Path, vintage: str) -> dict[str, pd.DataFrame]:
    """Validate a Census ``country.xlsx`` and return the harmonised long table."""
    raw = read_workbook(path)
    check_rows(raw, path)
    return {"census_country": harmonise(raw, path, vintage)}


def read_workbook(path: Path) -> pd.DataFrame:
    """Read sheet ``country``; refuse files that are not complete xlsx workbooks."""
    head = path.read_bytes()[:4]
    if head != b"PK\x03\x04":
        kind = "text (CSV?)" if head.isascii() else "not a zip container"
        raise SchemaError(f"not an Excel .xlsx workbook: the file is {kind}", file=path)
    try:
        with zipfile.ZipFile(path) as zf:
            broken = zf.testzip()
        if broken:
            raise SchemaError(f"corrupt workbook: member {broken} fails its CRC", file=path)
        frame = pd.read_excel(path, sheet_name=None, dtype={"CTY_CODE": str, "year": str})
    except (zipfile.BadZipFile, EOFError, KeyError, OSError) as exc:
        raise SchemaError(f"truncated or corrupt workbook ({exc})", file=path) from exc
    if "country" not in frame:
        raise SchemaError(f"no sheet 'country' (sheets: {list(frame)})", file=path)
    df = frame["country"]
    cols = tuple(str(c) for c in df.columns)
    for i, (want, got) in enumerate(zip(HEADER, cols, strict=False)):
        if want != got:
            raise SchemaError(f"header column {i + 1} is {got!r}, expected {want!r}", file=path,
                              row=1, field=got)
    if len(cols) != len(HEADER):
        raise SchemaError(f"{len(cols)} header columns, expected {len(HEADER)}", file=path, row=1)
    return df


def check_rows(df: pd.DataFrame, path: Path) -> None:
    """Years are integers, values numeric and not negative, (year, code) unique."""
    for field in ("year", "CTY_CODE"):
        bad = ~df[field].astype(str).str.fullmatch(r"\d+")
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise ValidationError(f"not an integer: {df[field].iloc[i]!r}", file=path, row=i + 2,
                                  field=field)
    values = df[list(HEADER[3:])]
    numeric = values.apply(pd.to_numeric, errors="coerce")
    for kind, mask in (("not a number", numeric.isna() & values.notna()), ("negative", numeric < 0)):
        if mask.to_numpy().any():
            r, c = (int(x[0]) for x in mask.to_numpy().nonzero())
            raise ValidationError(f"{kind} value {values.iat[r, c]!r}", file=path, row=r + 2,
                                  field=values.columns[c])
    require_finite(numeric, file=path)
    require_plausible_periods(df, file=path)
    check_totals(numeric, path)
    require_unique(df, ["year", "CTY_CODE"], file=path)


def check_totals(numeric: pd.DataFrame, path: Path, tolerance: float = 0.01) -> None:
    """An annual total (IYR, EYR) must equal the sum of its months (Census rounds to 0.1)."""
    for prefix in ("I", "E"):
        months = numeric[[f"{prefix}{m}" for m in MONTHS]].sum(axis=1, min_count=1)
        total = numeric[f"{prefix}YR"]
        off = (months - total).abs() > (tolerance * total.abs()).clip(lower=1.0)
        if off.any():
            r = int(off.to_numpy().nonzero()[0][0])
            raise ValidationError(f"annual total {float(total.iat[r]):.1f} is not the sum of its "
                                  f"months ({float(months.iat[r]):.1f})", file=path, row=r + 2,
                                  field=f"{prefix}YR")


def partner_codes(df: pd.DataFrame, path: Path) -> pd.Series:
    """ISO3 for countries (country_converter), WLD/EUU for the kept aggregates, NA otherwise."""
    code = df["CTY_CODE"].astype(int)
    is_country = (code >= 1000) & ~df["CTYNAME"].isin(NOT_COUNTRIES)
    iso = pd.Series(pd.NA, index=df.index, dtype="object")
    iso[code.isin(list(AGGREGATES))] = code.map(AGGREGATES)
    names = df.loc[is_country, "CTYNAME"]
    rows = [int(i) + 2 for i in names.index]
    iso[is_country] = to_iso3(names, file=path, field="CTYNAME", rows=rows, allow=SPECIAL)
    return iso


def harmonise(df: pd.DataFrame, path: Path, vintage: str) -> pd.DataFrame:
    df = df.assign(partner=partner_codes(df, path)).dropna(subset=["partner"])
    frames = []
    for flow, prefix in (("exports", "E"), ("imports", "I")):
        months = df[[f"{prefix}{m}" for m in MONTHS]].apply(pd.to_numeric)
        frames.append(pd.DataFrame({
            "reporter": "USA", "partner": df["partner"], "partner_name": df["CTYNAME"],
            "partner_code": df["CTY_CODE"].str.zfill(4), "flow": flow,
            "year": df["year"].astype(int), "value_usd_m": pd.to_numeric(df[f"{prefix}YR"]),
            "months": (months > 0).sum(axis=1).astype(int)}))
    out = pd.concat(frames, ignore_index=True)
    out = (out.groupby(["reporter", "partner", "flow", "year"], as_index=False)
              .agg(partner_name=("partner_name", " / ".join), partner_code=("partner_code", ",".join),
                   value_usd_m=("value_usd_m", "sum"), months=("months", "max")))
    out["complete"] = out["months"] == 12
    out["unit"] = "USD millions"
    out["basis"] = "reporter"
    out["vintage"] = vintage
    out["source"] = SPEC.id
    cols = ["reporter", "partner", "partner_name", "partner_code", "flow", "year", "value_usd_m",
            "unit", "months", "complete", "basis", "vintage", "source"]
    return out[cols].sort_values(["partner", "flow", "year"]).reset_index(drop=True)
