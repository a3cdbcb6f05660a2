"""Gravity panels from the warehouse, with the variables every specification reads.

:func:`prepare` works on any harmonised bilateral table with ``exporter``, ``importer``,
``year`` and ``value_usd_m``; it adds ``trade``, ``log_trade``, ``intl``, the fixed-effect
identifiers ``exp_year``, ``imp_year``, ``pair`` and ``intra_pair``, and ``ln_dist`` when the
table has a distance. Pairs are symmetric (i-j and j-i share one identifier), as in the
Advanced Guide; its own ``pair_id`` is used when present.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from trilateral.errors import InputError, NotFoundError
from trilateral.gravity.options import PanelName, check

TABLES: dict[str, str] = {"agtpa": "agtpa_rta_panel", "penppml": "penppml_comtrade",
                          "wiod": "wiod_trade"}
REQUIRED = ("exporter", "importer", "year", "value_usd_m")


@dataclass(frozen=True)
class Panel:
    """A prepared panel with the table it came from and that table's checksum."""

    name: str
    table: str
    frame: pd.DataFrame
    sha256: str
    publisher: str

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.frame["year"].unique())

    @property
    def has_intranational(self) -> bool:
        return bool((~self.frame["intl"]).any())

    def source_note(self) -> str:
        span = f"{self.years[0]}-{self.years[-1]}" if self.years else "no years"
        return f"{self.table} ({self.publisher}), {span}, sha256 {self.sha256[:12]}"


def table_sha256(table: str) -> str:
    """Checksum of the current vintage of ``table`` in the warehouse."""
    from trilateral import data

    cat = data.tables()
    row = cat[cat["name"] == table]
    if row.empty:
        raise NotFoundError(f"table {table!r} is not in the warehouse")
    return str(row["sha256"].iloc[0])


def load(name: PanelName, years: list[int] | None = None) -> Panel:
    """Read panel ``name`` from the warehouse and prepare it (optionally keeping ``years``)."""
    from trilateral import data, sources

    check(name, PanelName, "panel")
    table = TABLES[name]
    frame = prepare(data.table(table), years=years)
    spec = sources.table_source().get(table)
    publisher = spec.publisher if spec else "unknown publisher"
    return Panel(name, table, frame, table_sha256(table), publisher)


def prepare(df: pd.DataFrame, *, years: list[int] | None = None) -> pd.DataFrame:
    """Add the outcome, fixed-effect identifiers and log distance to a bilateral table."""
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise InputError(f"panel lacks column(s) {missing}", field=missing[0])
    if years is not None:
        df = df[df["year"].isin(years)]
    out = df.reset_index(drop=True).copy()
    out["trade"] = out["value_usd_m"].astype(float)
    with np.errstate(divide="ignore"):
        out["log_trade"] = np.log(out["trade"].where(out["trade"] > 0))
    out["intl"] = out["exporter"] != out["importer"]
    year = out["year"].astype(str)
    out["exp_year"] = out["exporter"] + "_" + year
    out["imp_year"] = out["importer"] + "_" + year
    out["pair"] = out["pair_id"] if "pair_id" in out.columns else symmetric_pair(out)
    out["intra_pair"] = out["exporter"].where(~out["intl"], "inter")
    if "dist" in out.columns:
        out["ln_dist"] = np.log(out["dist"])
    return out


def symmetric_pair(df: pd.DataFrame) -> pd.Series:
    """One integer per unordered country pair (intranational pairs get their own)."""
    a, b = df["exporter"].astype(str), df["importer"].astype(str)
    key = a.where(a <= b, b) + "|" + b.where(a <= b, a)
    return pd.Series(pd.factorize(key)[0], index=df.index)


def add_border_terms(frame: pd.DataFrame, omit: int | None = None) -> list[str]:
    """International-border-by-year dummies ``intl_border_YYYY``; ``omit`` (default: the last
    year) is the reference year. Returns the new column names."""
    years = sorted(int(y) for y in frame["year"].unique())
    omit = years[-1] if omit is None else omit
    names = []
    for y in years:
        if y == omit:
            continue
        name = f"intl_border_{y}"
        frame[name] = (frame["intl"] & (frame["year"] == y)).astype("int8")
        names.append(name)
    return names


def lagged(frame: pd.DataFrame, column: str, k: int) -> pd.Series:
    """``column`` k years earlier for the same directed pair.

    The panel's own ``<column>_lag<k>`` is used when it has one (the Advanced Guide's lags).
    Otherwise the last status observed at or before year t-k is carried forward, so that a
    missing row (e.g. USA-CAN 1992 in the Comtrade panel) does not break the lag; before a
    pair's first observation the status is 0.
    """
    own = f"{column}_lag{k}"
    if own in frame.columns:
        return frame[own].astype(float)
    keys = ["exporter", "importer"]
    left = frame[[*keys, "year"]].reset_index().sort_values("year")
    right = frame[[*keys, "year", column]].assign(year=frame["year"] + k).sort_values("year")
    merged = pd.merge_asof(left, right.rename(columns={column: "_lag"}), on="year", by=keys,
                           direction="backward")
    return merged.set_index("index")["_lag"].reindex(frame.index).fillna(0.0)
