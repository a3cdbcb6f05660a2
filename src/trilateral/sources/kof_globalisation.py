"""KOF Globalisation Index (KOF Swiss Economic Institute, ETH Zurich), one release at a time.

Every KOF release recomputes the whole history (the 2023 release gives the US 82.09 for 2019,
the 2025 release 79.23), so values of two releases must never be mixed. The table
``kof_globalisation`` carries its ``release``; :func:`parse_file` reads the release from the
file name KOF publishes (``KOFGI_<release>_public.xlsx``) and refuses a file that holds more
than one release. Loading a newer release replaces the whole table as a new vintage.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from trilateral.errors import SchemaError, ValidationError
from trilateral.sources._series import read_csv
from trilateral.sources.base import SourceSpec, require_columns, require_unique, to_iso3

RAW = "KOFGI_2025_public.xlsx"
RELEASE_NAME = re.compile(r"KOFGI_(\d{4})_public", re.IGNORECASE)
DIMENSIONS = {  # KOF prefix -> column stem
    "KOFGI": "overall", "KOFEcGI": "economic", "KOFTrGI": "trade", "KOFFiGI": "financial",
    "KOFSoGI": "social", "KOFIpGI": "interpersonal", "KOFInGI": "informational",
    "KOFCuGI": "cultural", "KOFPoGI": "political",
}
VARIANTS = {"": "", "df": "_de_facto", "dj": "_de_jure"}
INDEX_COLUMNS = {f"{k}{v}": f"{stem}{suffix}" for k, stem in DIMENSIONS.items()
                 for v, suffix in VARIANTS.items()}
KEPT_AGGREGATES = {"WLD": "WLD"}

SPEC = SourceSpec(
    id="kof-globalisation",
    publisher="KOF Swiss Economic Institute, ETH Zurich",
    title="KOF Globalisation Index, 2025 release",
    url="https://kof.ethz.ch/en/forecasts-and-indicators/indicators/kof-globalisation-index.html",
    licence="Free public download from KOF; cite Gygli, Haelg, Potrafke and Sturm (2019) and "
            "Dreher (2006)",
    raw_dir="composite/kof-globalisation-2025",
    raw_files=(RAW,),
    accessed="not recorded (copy of the 2025 release file)",
    vintage="2025",
    tables=("kof_globalisation",),
    unit="index, 1 (least) to 100 (most globalised)",
    family="composite",
    citation="Gygli, S., Haelg, F., Potrafke, N. and Sturm, J.-E. (2019): The KOF Globalisation "
             "Index - Revisited, Review of International Organizations 14(3), 543-574. "
             "Dreher, A. (2006): Does Globalization Affect Growth? Evidence from a new Index "
             "of Globalization, Applied Economics 38(10), 1091-1110.",
    description="The 2025 release (1970-2023): the overall index and its economic (trade, "
                "financial), social (interpersonal, informational, cultural) and political "
                "dimensions, each as a combined, de facto and de jure index. The original "
                "KOFGI_2025_public.xlsx comes from the GitHub repository thynec/CoupCats "
                "(commit 3da1af01), where it is stored unchanged.",
    caveats=(
        "One release only (release column): every KOF release recomputes the whole history, "
        "so never combine values from two releases.",
        "Aggregates of the file (regions, income groups) are dropped; World is kept as WLD. "
        "Legacy World Bank codes of the file (ADO, ROM, WBG) become ISO3 (AND, ROU, PSE); "
        "kof_code keeps the original.",
        "Country-years with no index value at all are dropped; partial gaps stay as missing "
        "values.",
    ),
)


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    return parse_file(raw_dir / SPEC.raw_dir / RAW, SPEC.vintage)


def parse_file(path: Path, vintage: str) -> dict[str, pd.DataFrame]:
    """Validate one KOF release (xlsx as published, or a CSV of its sheet) and harmonise it."""
    release = release_of(path)
    df = read_sheet(path)
    require_columns(df, ["code", "country", "year", *INDEX_COLUMNS], file=path)
    if "release" in df:
        check_single_release(df["release"], release, path)
    check_rows(df, path)
    return {"kof_globalisation": harmonise(df, path, release)}


def release_of(path: Path) -> str:
    """The release year from KOF's file name; without it the release is unknown: refuse."""
    match = RELEASE_NAME.search(path.name)
    if not match:
        raise SchemaError("cannot tell the KOF release: keep KOF's file name "
                          "KOFGI_<release>_public.xlsx", file=path)
    return match.group(1)


def read_sheet(path: Path) -> pd.DataFrame:
    if path.suffix.lower() == ".csv":
        return read_csv(path)
    try:
        sheets = pd.read_excel(path, sheet_name=None)
    except (ValueError, OSError, KeyError) as exc:
        raise SchemaError(f"not a readable Excel workbook ({exc})", file=path) from exc
    if len(sheets) != 1:
        raise SchemaError(f"expected one sheet, found {list(sheets)}", file=path)
    return next(iter(sheets.values()))


def check_single_release(column: pd.Series, release: str, path: Path) -> None:
    """A ``release`` column must hold the file's release only: releases are never mixed."""
    values = column.astype(str)
    other = (values != release).to_numpy().nonzero()[0]
    if len(other):
        i = int(other[0])
        raise ValidationError(f"release {values.iloc[i]!r} mixed into the {release} release",
                              file=path, row=i + 2, field="release")


def check_rows(df: pd.DataFrame, path: Path) -> None:
    years = pd.to_numeric(df["year"], errors="coerce")
    bad = (years.isna() | (years % 1 != 0)).to_numpy().nonzero()[0]
    if len(bad):
        raise ValidationError(f"not a year: {df['year'].iloc[bad[0]]!r}", file=path,
                              row=int(bad[0]) + 2, field="year")
    for col in INDEX_COLUMNS:
        values = pd.to_numeric(df[col], errors="coerce")
        wrong = ((values.isna() & df[col].notna()) | (values < 0) | (values > 100.001))
        hit = wrong.to_numpy().nonzero()[0]
        if len(hit):
            raise ValidationError(f"not an index value in [1, 100]: {df[col].iloc[hit[0]]!r}",
                                  file=path, row=int(hit[0]) + 2, field=col)
    try:
        require_unique(df, ["code", "year"], file=path)
    except ValidationError as exc:
        raise ValidationError(f"{exc.reason} (two releases mixed in one file?)", file=path,
                              row=exc.location.row, field="code") from exc


def harmonise(df: pd.DataFrame, path: Path, release: str) -> pd.DataFrame:
    iso = iso3_codes(df[["code", "country"]].drop_duplicates(), path)
    out = df.rename(columns={**INDEX_COLUMNS, "country": "country_name"}).assign(
        iso3=df["code"].map(iso), kof_code=df["code"])
    out = out.dropna(subset=["iso3"]).dropna(subset=list(INDEX_COLUMNS.values()), how="all")
    out = out.assign(year=out["year"].astype(int), release=release, unit=SPEC.unit,
                     source=SPEC.id)
    out[list(INDEX_COLUMNS.values())] = out[list(INDEX_COLUMNS.values())].astype(float)
    cols = ["iso3", "country_name", "kof_code", "year", "release", *INDEX_COLUMNS.values(), "unit",
            "source"]
    return out[cols].sort_values(["iso3", "year"]).reset_index(drop=True)


def iso3_codes(codes: pd.DataFrame, path: Path) -> dict[str, str | None]:
    """KOF code -> ISO3: the code itself if it is one, else the country name, else aggregate."""
    out: dict[str, str | None] = {}
    for code, name in codes.itertuples(index=False):
        out[code] = KEPT_AGGREGATES.get(code) or _iso3_or_none(code, "ISO3", path)
        if out[code] is None:
            out[code] = _iso3_or_none(name, None, path)
    return out


def _iso3_or_none(value: str, src: str | None, path: Path) -> str | None:
    try:
        iso = to_iso3([value], src=src, file=path)[0]
    except ValidationError:
        return None
    return iso if src is None or iso == value else None
