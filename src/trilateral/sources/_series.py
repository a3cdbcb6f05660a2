"""Readers shared by the trade sources: validated monthly series and their calendar-year sums.

Several publishers (FRED, Statistics Canada, INEGI) ship one value per month. Annual tables keep
the number of months that carry a value, so a partial year is never mistaken for a full one.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from trilateral.errors import SchemaError, ValidationError
from trilateral.sources.base import require_columns

MISSING = ("", ".", "NA")  # FRED writes "." for a missing month


def read_csv(path: Path, **kwargs: object) -> pd.DataFrame:
    """``pandas.read_csv`` that turns unreadable files into a :class:`SchemaError`."""
    try:
        return pd.read_csv(path, **kwargs)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise SchemaError(f"not a readable CSV file ({exc})", file=path) from exc


def read_dated(path: Path, date_col: str, value_col: str) -> tuple[pd.DataFrame, pd.Series]:
    """A ``date,value`` CSV as (raw text frame, parsed dates); dates must be YYYY-MM-DD."""
    df = read_csv(path, dtype=str, keep_default_na=False)
    require_columns(df, [date_col, value_col], file=path)
    dates = pd.to_datetime(df[date_col].str.strip(), format="%Y-%m-%d", errors="coerce")
    first_bad(dates.isna(), df[date_col], path, date_col, "not a date (YYYY-MM-DD)")
    return df, dates


def read_monthly(path: Path, date_col: str, value_col: str, *, scale: float = 1.0) -> pd.Series:
    """A monthly series (first-of-month dates) as a Series indexed by month, values * ``scale``.

    Missing months (empty, ``.``, ``NA``) are dropped; anything else that is not a non-negative
    number, a date that is not the first of a month, or a repeated month raises.
    """
    df, dates = read_dated(path, date_col, value_col)
    first_bad(dates.dt.day != 1, df[date_col], path, date_col, "not the first day of a month")
    first_bad(dates.duplicated(), df[date_col], path, date_col, "repeated month")
    raw = df[value_col].str.strip()
    present = ~raw.isin(MISSING)
    values = pd.to_numeric(raw.where(present), errors="coerce")
    first_bad(present & values.isna(), df[value_col], path, value_col, "not a number")
    first_bad(values < 0, df[value_col], path, value_col, "negative value")
    series = pd.Series(values.to_numpy() * scale, index=pd.DatetimeIndex(dates), name=value_col)
    return series[present.to_numpy()].sort_index()


def read_daily_rate(path: Path, date_col: str = "date", value_col: str = "value") -> pd.Series:
    """A daily exchange-rate series; every value must be a positive number."""
    df, dates = read_dated(path, date_col, value_col)
    values = pd.to_numeric(df[value_col], errors="coerce")
    first_bad(values.isna() | (values <= 0), df[value_col], path, value_col, "not a positive rate")
    return pd.Series(values.to_numpy(), index=pd.DatetimeIndex(dates)).sort_index()


def first_bad(mask: pd.Series, column: pd.Series, path: Path, field: str, what: str) -> None:
    """Raise a :class:`ValidationError` for the first row where ``mask`` holds (row 1 = header)."""
    hits = mask.fillna(False).to_numpy().nonzero()[0]
    if len(hits):
        i = int(hits[0])
        raise ValidationError(f"{what}: {column.iloc[i]!r}", file=path, row=i + 2, field=field)


def annual_sums(series: pd.Series) -> pd.DataFrame:
    """Calendar-year sums with ``months`` (months carrying a value) and ``complete`` (12 months)."""
    grouped = series.groupby(series.index.year)
    out = pd.DataFrame({"value": grouped.sum(), "months": grouped.count().astype(int)})
    out.index.name = "year"
    out = out.reset_index()
    out["year"] = out["year"].astype(int)
    out["complete"] = out["months"] == 12
    return out
