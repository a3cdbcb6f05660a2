"""The tidy indicator frame every indicator returns, and helpers to build it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

COLUMNS = ["indicator", "reporter", "partner", "flow", "year", "value", "unit", "basis",
           "sources", "available"]
"""``available`` is the first date the value was public (see :mod:`trilateral.indicators.asof`);
``sources`` lists the tables (and their source ids) the value was computed from."""


def empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="float64" if c == "value" else "object")
                         for c in COLUMNS}).astype({"year": "Int64"})


def make(rows: Iterable[Mapping[str, object]]) -> pd.DataFrame:
    """A frame with exactly :data:`COLUMNS`, sorted, from row dicts (extra keys are dropped)."""
    rows = list(rows)
    if not rows:
        return empty()
    df = pd.DataFrame(rows)
    for c in COLUMNS:
        if c not in df:
            df[c] = None
    df = df[COLUMNS].copy()
    df["year"] = df["year"].astype("Int64")
    df["value"] = pd.to_numeric(df["value"], errors="coerce").astype(float)
    df["available"] = df["available"].astype(str)
    keys = ["indicator", "reporter", "partner", "flow", "year"]
    return df.sort_values(keys, na_position="last").reset_index(drop=True)


def join_sources(*parts: Iterable[str] | str) -> str:
    """Sorted, de-duplicated ``"a; b"`` from strings or iterables of strings."""
    out: set[str] = set()
    for p in parts:
        if isinstance(p, str):
            out.update(s.strip() for s in p.split(";") if s.strip())
        else:
            for s in p:
                out.update(x.strip() for x in str(s).split(";") if x.strip())
    return "; ".join(sorted(out))
