"""How a new vintage differs from the current one, and whether that needs an explicit acceptance.

Before a loaded or refreshed file becomes current, each of its tables is compared with the
current vintage of the same table:

* rows: the new vintage must keep at least ``min_row_ratio`` of the current rows;
* coverage: no reporter, partner, country or period (year, date) of the current vintage may
  disappear (``max_coverage_loss`` values at most);
* magnitudes: over the keys both vintages share, the median ratio new/current of the values must
  lie in ``[median_ratio_low, median_ratio_high]`` (values in thousands instead of millions give
  a ratio of 1,000);
* release: a file whose publisher's release date is before the current vintage's is older.

The thresholds are dated in ``defaults.toml`` (area ``vintages``). Beyond them the load is refused
with a one-line summary (:class:`~trilateral.errors.RevisionError`, exit 3) unless the user
passes ``--accept-revision "reason"``; the reason and the comparison are recorded with the vintage.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

COVERAGE_COLS = ("reporter", "partner", "iso3", "country", "year", "date", "period", "month")
KEY_COLS = ("reporter", "partner", "iso3", "country", "flow", "indicator", "series", "item",
            "year", "date", "period", "month")
VALUE_COLS = ("value_usd_m", "value", "share", "score")
FALLBACK = {"min_row_ratio": 0.9, "max_coverage_loss": 0, "median_ratio_low": 0.5,
            "median_ratio_high": 2.0, "older_release": "refuse"}


def thresholds() -> dict[str, Any]:
    """The thresholds in force (``defaults.toml``, area ``vintages``)."""
    from trilateral import defaults

    try:
        return {**FALLBACK, **defaults.current("vintages").settings}
    except Exception:  # noqa: BLE001 - a broken defaults file must not disable the checks
        return dict(FALLBACK)


@dataclass
class Comparison:
    """One table's new vintage against its current one."""

    table: str
    rows_before: int
    rows_after: int
    lost: dict[str, list[str]] = field(default_factory=dict)
    overlap: int = 0
    median_ratio: float | None = None
    release_before: str | None = None
    release_after: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        head = f"{self.table}: {self.rows_after} rows against {self.rows_before}"
        return head + ("; " + "; ".join(self.problems) if self.problems else "; within thresholds")

    def to_dict(self) -> dict[str, Any]:
        return {"table": self.table, "rows_before": self.rows_before,
                "rows_after": self.rows_after, "lost": self.lost, "overlap": self.overlap,
                "median_ratio": self.median_ratio, "release_before": self.release_before,
                "release_after": self.release_after, "problems": list(self.problems)}


def compare(table: str, old: pd.DataFrame, new: pd.DataFrame, *, release_before: str | None,
            release_after: str | None, limits: dict[str, Any] | None = None) -> Comparison:
    """Compare ``new`` with ``old`` under the thresholds (default: :func:`thresholds`)."""
    lim = limits or thresholds()
    c = Comparison(table, len(old), len(new), release_before=release_before,
                   release_after=release_after)
    if len(old) and len(new) < lim["min_row_ratio"] * len(old):
        c.problems.append(f"{len(new) / len(old):.0%} of the rows (minimum "
                          f"{lim['min_row_ratio']:.0%})")
    _coverage(c, old, new, int(lim["max_coverage_loss"]))
    _magnitudes(c, old, new, float(lim["median_ratio_low"]), float(lim["median_ratio_high"]))
    if (lim.get("older_release") == "refuse" and release_before and release_after
            and release_after < release_before):
        c.problems.append(f"older release ({release_after} before {release_before})")
    return c


def _coverage(c: Comparison, old: pd.DataFrame, new: pd.DataFrame, allowed: int) -> None:
    for col in COVERAGE_COLS:
        if col not in old.columns:
            continue
        before = set(old[col].dropna().astype(str))
        after = set(new[col].dropna().astype(str)) if col in new.columns else set()
        gone = sorted(before - after)
        if len(gone) > allowed:
            c.lost[col] = gone[:20]
            shown = ", ".join(gone[:3]) + (", ..." if len(gone) > 3 else "")
            c.problems.append(f"lost {len(gone)} {col} value(s) ({shown})")


def _value_column(df: pd.DataFrame) -> str | None:
    for col in VALUE_COLS:
        if col in df.columns and pd.api.types.is_numeric_dtype(df[col]):
            return col
    return None


def _magnitudes(c: Comparison, old: pd.DataFrame, new: pd.DataFrame, lo: float,
                hi: float) -> None:
    value = _value_column(old)
    if value is None or value not in new.columns or not len(old) or not len(new):
        return
    keys = [k for k in KEY_COLS if k in old.columns and k in new.columns]
    if not keys:
        return
    a = old.groupby(keys, dropna=False)[value].sum()
    b = pd.to_numeric(new[value], errors="coerce").groupby(
        [new[k] for k in keys], dropna=False).sum()
    both = pd.concat([a.rename("old"), b.rename("new")], axis=1, join="inner")
    both = both[(both["old"].abs() > 0) & (both["new"].abs() > 0)]
    c.overlap = len(both)
    if both.empty:
        return
    ratio = float((both["new"] / both["old"]).median())
    c.median_ratio = ratio if math.isfinite(ratio) else None
    if not math.isfinite(ratio) or not lo <= ratio <= hi:
        c.problems.append(f"median ratio of {value} over {len(both)} shared keys is "
                          f"{ratio:.3g} (allowed {lo:g}-{hi:g})")


_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>([^<]+)</dcterms:modified>")


def release_date(path: Path) -> str | None:
    """The publisher's release date where the file states it (an xlsx workbook's
    ``dcterms:modified`` in ``docProps/core.xml``), as ``YYYY-MM-DD``; None otherwise."""
    try:
        with zipfile.ZipFile(path) as zf:
            if "docProps/core.xml" not in zf.namelist():
                return None
            info = zf.getinfo("docProps/core.xml")
            if info.file_size > 1_000_000:
                return None
            hit = _MODIFIED.search(zf.read(info))
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    if not hit:
        return None
    try:
        return dt.date.fromisoformat(hit.group(1).decode("ascii", "replace")[:10]).isoformat()
    except ValueError:
        return None
