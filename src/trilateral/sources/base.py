"""The contract every source module follows, and small shared cleaning helpers.

A source module in :mod:`trilateral.sources` defines

* ``SPEC``: a :class:`SourceSpec` (publisher, URL, licence, raw files, output tables, caveats);
* ``build(raw_dir: Path) -> dict[str, pandas.DataFrame]``: reads only the raw files named in
  ``SPEC`` from ``raw_dir / SPEC.raw_dir`` and returns one cleaned, harmonised frame per table;
* optionally ``parse_file(path: Path, vintage: str) -> dict[str, DataFrame]``: validates a newer
  file downloaded from the publisher (``trilateral data load`` / ``data refresh``), raising
  :class:`~trilateral.errors.InputError` subclasses that name the file, row and field;
* optionally ``DERIVED``: a tuple of :class:`DerivedTable` built from other tables in the
  warehouse (rebuilt whenever one of their inputs gets a new vintage).

Harmonised tables use integer ``year``, ISO3 country codes (``reporter``, ``partner``, ``iso3``),
explicit units (a ``unit`` column or the spec's ``unit``), and trade values in USD millions in a
column ``value_usd_m`` with ``basis`` (``reporter`` or ``mirror``) and ``vintage`` columns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from trilateral.errors import SchemaError, ValidationError


@dataclass(frozen=True)
class SourceSpec:
    """What a source is and where it came from."""

    id: str
    publisher: str
    title: str
    url: str
    licence: str
    raw_dir: str
    raw_files: tuple[str, ...]
    accessed: str
    vintage: str
    tables: tuple[str, ...]
    unit: str = ""
    step_version: str = "1"
    caveats: tuple[str, ...] = ()
    citation: str = ""
    shippable: bool = True
    family: str = ""
    description: str = ""


@dataclass(frozen=True)
class DerivedTable:
    """A table computed from other warehouse tables, e.g. the combined ``trade_flows``."""

    name: str
    inputs: tuple[str, ...]
    build: Callable[[Mapping[str, pd.DataFrame]], pd.DataFrame]
    description: str = ""
    unit: str = ""
    step_version: str = "1"
    caveats: tuple[str, ...] = field(default_factory=tuple)


# ---------------------------------------------------------------- countries


@lru_cache(maxsize=1)
def _converter():  # country_converter is slow to import; build it once
    import logging

    import country_converter as coco

    logging.getLogger("country_converter").setLevel(logging.ERROR)  # misses raise here instead
    return coco.CountryConverter()


def to_iso3(
    values: Iterable[object],
    *,
    src: str | None = None,
    file: str | Path | None = None,
    field: str = "country",
    rows: Iterable[int] | None = None,
    allow: Mapping[str, str] | None = None,
) -> list[str]:
    """Convert names or codes to ISO3 with country_converter; unknown values raise.

    ``allow`` maps source-specific aggregate labels (e.g. ``"World"``) to the codes trilateral
    uses for them (``"WLD"``, ``"EUU"``); it is the place for aggregates, never for countries.
    ``rows`` gives the 1-based row number of each value, used in the error message.
    """
    values = list(values)
    allow = dict(allow or {})
    unique = sorted({str(v) for v in values if str(v) not in allow}, key=str)
    converted = [_convert_one(u, src) for u in unique]
    mapping = dict(allow)
    for raw, iso in zip(unique, converted, strict=True):
        if iso is None:
            row_list = list(rows) if rows is not None else None
            row = row_list[values.index(raw)] if row_list else None
            if row is None:
                idx = [str(v) for v in values].index(raw)
                row = idx + 1
            raise ValidationError(f"unknown country {raw!r}", file=file, row=row, field=field)
        mapping[raw] = iso
    return [mapping[str(v)] for v in values]


@lru_cache(maxsize=4096)
def _convert_one(value: str, src: str | None = None) -> str | None:
    """One name or code to ISO3: country_converter first, then ISO 3166-3 former countries."""
    kwargs = {"to": "ISO3", "not_found": _NOT_FOUND}
    if src:
        kwargs["src"] = src
    iso = _converter().convert(value, **kwargs)
    if isinstance(iso, str) and iso != _NOT_FOUND:
        return iso
    if isinstance(iso, list):  # ambiguous, e.g. "West Bank admin. by Israel"
        return None
    return _historic(value)


def _historic(value: str) -> str | None:
    """Former countries (USSR, Yugoslavia, ...) through pycountry's ISO 3166-3 list."""
    import pycountry

    try:
        hit = pycountry.historic_countries.lookup(value)
    except LookupError:
        return None
    return getattr(hit, "alpha_3", None)


_NOT_FOUND = "__not_found__"


# ---------------------------------------------------------------- checks


def require_columns(df: pd.DataFrame, required: Iterable[str], *, file: str | Path) -> None:
    """Raise :class:`SchemaError` naming the first missing column (row 1 is the header)."""
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise SchemaError(
            f"missing column(s) {', '.join(map(repr, missing))}; found {list(df.columns)[:12]}",
            file=file,
            row=1,
            field=missing[0],
        )


def require_nonnegative(
    df: pd.DataFrame, column: str, *, file: str | Path, row_offset: int = 2
) -> None:
    """Trade values cannot be negative; ``row_offset`` turns the index into a file row."""
    bad = df.index[pd.to_numeric(df[column], errors="coerce") < 0]
    if len(bad):
        pos = df.index.get_loc(bad[0])
        raise ValidationError(
            f"negative value {df.loc[bad[0], column]!r}", file=file, row=int(pos) + row_offset,
            field=column,
        )


def require_unique(
    df: pd.DataFrame, keys: list[str], *, file: str | Path, row_offset: int = 2
) -> None:
    dup = df.duplicated(subset=keys, keep="first")
    if dup.any():
        pos = int(dup.to_numpy().nonzero()[0][0])
        key = ", ".join(f"{k}={df.iloc[pos][k]!r}" for k in keys)
        raise ValidationError(
            f"duplicate row for {key}", file=file, row=pos + row_offset, field=keys[0]
        )


# ---------------------------------------------------------------- plausibility

FIRST_YEAR = 1800  # the oldest series trilateral reads (COW IGO, ATOP) start in 1815-1816
PERIOD_COLUMNS = ("year", "start_year", "end_year")


def last_plausible_year() -> int:
    """No published figure is dated beyond next year."""
    import datetime as dt

    return dt.date.today().year + 1


def require_finite(df: pd.DataFrame, *, file: str | Path, row_offset: int = 2,
                   table: str | None = None) -> None:
    """Refuse ``inf``, ``-inf`` (and ``nan`` written as a number) in float columns."""
    import numpy as np

    for col in df.columns:
        if not pd.api.types.is_float_dtype(df[col]):
            continue
        values = df[col].to_numpy(dtype=float, na_value=0.0)
        bad = np.isinf(values)
        if bad.any():
            pos = int(bad.nonzero()[0][0])
            where = f" in table {table}" if table else ""
            raise ValidationError(f"non-finite value {values[pos]!r}{where}", file=file,
                                  row=pos + row_offset, field=str(col))


def require_plausible_periods(df: pd.DataFrame, *, file: str | Path, row_offset: int = 2,
                              columns: Iterable[str] = PERIOD_COLUMNS,
                              table: str | None = None) -> None:
    """Years must lie between :data:`FIRST_YEAR` and next year (0001 and 9999 are refused)."""
    hi = last_plausible_year()
    for col in columns:
        if col not in df.columns:
            continue
        years = pd.to_numeric(df[col], errors="coerce")
        bad = (years < FIRST_YEAR) | (years > hi)
        if bad.any():
            pos = int(bad.to_numpy().nonzero()[0][0])
            where = f" in table {table}" if table else ""
            raise ValidationError(f"implausible period {df[col].iloc[pos]!r}{where} (allowed "
                                  f"{FIRST_YEAR}-{hi})", file=file, row=pos + row_offset,
                                  field=str(col))


def check_frame(df: pd.DataFrame, *, file: str | Path, table: str | None = None) -> None:
    """The checks every harmonised table passes before it is stored: finite values and
    plausible periods. Rows are counted in the harmonised table (row 1 = its first row)."""
    require_finite(df, file=file, row_offset=1, table=table)
    require_plausible_periods(df, file=file, row_offset=1, table=table)
