"""Small readers and row checks shared by the values, institutions, political and events sources.

Every failure names the file, the 1-based row (row 1 is the header of a CSV) and the field.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from trilateral.errors import SchemaError, ValidationError
from trilateral.sources.base import require_columns

THE_THREE = ("USA", "CAN", "MEX")


def decode(path: Path) -> tuple[str, str]:
    """The file's text and the encoding that read it: UTF-8, else Windows-1252.

    Some publishers (DESTA) ship Windows-1252 files although they call them Latin-1: bytes such
    as 0x92 (a right quotation mark in "Côte d’Ivoire") are control characters in Latin-1 but
    printable in Windows-1252, which is otherwise identical on printable Latin-1 characters.
    """
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise SchemaError(f"neither UTF-8 nor Windows-1252 text ({exc.reason} at byte "
                          f"{exc.start})", file=path) from exc


def read_csv(path: Path, required: Iterable[str], *, sep: str = ",", text: str | None = None,
             **kwargs) -> pd.DataFrame:
    """Read a delimited text file; refuse binary or unparsable files and missing columns."""
    if text is None:
        text, _ = decode(path)
    if "\x00" in text[:4096]:
        raise SchemaError("not a text file (NUL bytes)", file=path)
    try:
        df = pd.read_csv(io.StringIO(text), sep=sep, **kwargs)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, ValueError) as exc:
        raise SchemaError(f"cannot parse as delimited text ({exc})", file=path) from exc
    require_columns(df, list(required), file=path)
    return df


def first_bad(mask: pd.Series, df: pd.DataFrame, field: str, path: Path, what: str,
              row_offset: int = 2) -> None:
    """Raise :class:`ValidationError` at the first row where ``mask`` is true.

    The row is the frame's index label plus ``row_offset`` (2: header plus 1-based rows).
    """
    if not mask.any():
        return
    pos = int(mask.to_numpy().nonzero()[0][0])
    value = df[field].iloc[pos] if field in df.columns else None
    label = df.index[pos]  # frames keep read_csv's index, so a filtered frame's rows stay right
    row = int(label) + row_offset if isinstance(label, (int, np.integer)) else pos + row_offset
    raise ValidationError(f"{what}: {value!r}", file=path, row=row, field=field)


def integers(df: pd.DataFrame, field: str, path: Path, *, lo: int | None = None,
             hi: int | None = None, optional: bool = False, row_offset: int = 2) -> pd.Series:
    """A column of whole numbers (``Int64``); non-integers or values out of range raise."""
    raw = df[field]
    num = pd.to_numeric(raw, errors="coerce")
    missing = raw.isna() | (raw.astype(str).str.strip().isin(["", "NA", "nan"]))
    bad = (num.isna() & ~missing) | (num.notna() & (num % 1 != 0))
    if not optional:
        bad |= missing
    first_bad(bad, df, field, path, "not a whole number", row_offset)
    if lo is not None or hi is not None:
        out = num.notna() & ((num < (lo if lo is not None else -1e18))
                             | (num > (hi if hi is not None else 1e18)))
        first_bad(out, df, field, path, f"outside {lo}-{hi}", row_offset)
    return num.astype("Int64")


def numbers(df: pd.DataFrame, field: str, path: Path, *, lo: float | None = None,
            hi: float | None = None, missing: Iterable[str] = ("", "NA"),
            row_offset: int = 2) -> pd.Series:
    """A float column; text that is neither a number nor a missing marker raises."""
    raw = df[field]
    text = raw.astype(str).str.strip()
    is_missing = raw.isna() | text.isin(list(missing))
    num = pd.to_numeric(raw.where(~is_missing), errors="coerce")
    first_bad(num.isna() & ~is_missing, df, field, path, "not a number", row_offset)
    if lo is not None:
        first_bad(num < lo, df, field, path, f"below {lo}", row_offset)
    if hi is not None:
        first_bad(num > hi, df, field, path, f"above {hi}", row_offset)
    return num.astype(float)


def dates(df: pd.DataFrame, field: str, path: Path, *, sentinels: Iterable[str] = (),
          row_offset: int = 2) -> pd.Series:
    """ISO dates (``YYYY-MM-DD``) as strings; ``sentinels`` (placeholders) become missing."""
    raw = df[field].astype("string").str.strip()
    raw = raw.mask(raw.isin(["", *sentinels]))
    parsed = pd.to_datetime(raw, format="%Y-%m-%d", errors="coerce")
    first_bad(parsed.isna() & raw.notna(), df, field, path, "not a YYYY-MM-DD date", row_offset)
    return parsed.dt.strftime("%Y-%m-%d").astype("string")


def year_of(iso_dates: pd.Series) -> pd.Series:
    return pd.to_numeric(iso_dates.str[:4], errors="coerce").astype("Int64")


def join_codes(codes: Iterable[object]) -> str:
    """A sorted, de-duplicated ``;``-separated list (how list columns are stored)."""
    return ";".join(sorted({str(c) for c in codes if c is not None and not pd.isna(c)}))
