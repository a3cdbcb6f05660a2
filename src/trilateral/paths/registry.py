"""The registry of check functions, and helpers shared by the check modules.

A check is a function ``(ctx: Context) -> Measurement`` registered with :func:`check`. It reads
only what the context hands out (already cut at ``as_of``), and returns its estimate, interval,
method and evidence items. How the estimate bears on each path is declared in
:mod:`trilateral.paths.definitions`, not here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from trilateral.paths.context import Context
from trilateral.paths.model import EvidenceItem, Measurement
from trilateral.paths.stats import LEVEL, MIN_COMMON, Estimate, lag1, pooled, residuals, trend

CheckFn = Callable[[Context], Measurement]


@dataclass(frozen=True)
class Check:
    id: str
    title: str
    function: CheckFn


CHECKS: dict[str, Check] = {}
TRADE_WINDOW = 10  # years of annual trade in a trend
PCT = f"{int(LEVEL * 100)}%"


def check(check_id: str, title: str) -> Callable[[CheckFn], CheckFn]:
    def register(fn: CheckFn) -> CheckFn:
        CHECKS[check_id] = Check(check_id, title, fn)
        return fn

    return register


def missing(note: str, unit: str = "", method: str = "") -> Measurement:
    """A check that could not run: no estimate, and the reason."""
    return Measurement(None, None, None, unit, method, note=note)


_TABLE = re.compile(r"([a-z0-9_]+) \(")


def source_label(ctx: Context, sources: str) -> str:
    """``"census_country (census-country)"`` -> ``"census_country (U.S. Census Bureau, ...)"``."""
    names = _TABLE.findall(sources) or [s.strip() for s in sources.split(";") if s.strip()]
    return "; ".join(dict.fromkeys(ctx.label(n) for n in names))


def items(ctx: Context, rows: pd.DataFrame, describe: Callable[[pd.Series], str]
          ) -> list[EvidenceItem]:
    """One evidence item per indicator row."""
    out = []
    for _, r in rows.iterrows():
        out.append(EvidenceItem(
            source=source_label(ctx, str(r["sources"])), description=describe(r),
            value=float(r["value"]), unit=str(r["unit"]), year=int(r["year"]),
            date=dt.date(int(r["year"]), 12, 31).isoformat(), available=str(r["available"]),
            ref=", ".join(_TABLE.findall(str(r["sources"]))) or None))
    return out


def last_years(df: pd.DataFrame, years: int | None = None) -> pd.DataFrame:
    """Rows of the last ``years`` (default: :data:`TRADE_WINDOW`, read at call time) years."""
    years = TRADE_WINDOW if years is None else years
    if df.empty:
        return df
    return df[df["year"] > df["year"].max() - years]


def series_points(df: pd.DataFrame, label: str) -> list[dict[str, object]]:
    return [{"series": label, "year": int(r.year), "value": float(r.value)}
            for r in df.itertuples()]


# Why a series stops early: the public source that could not be found (docs/data.md, "gaps").
MISSING_SOURCES = (
    (("MEX", "introversion", "intra"),
     "Mexico's world totals after 2021 (imports) and 2023 (exports): no public copy of INEGI's, "
     "Banxico's, the WTO's or the IMF's later figures was found"),
    (("intensity", "introversion"),
     "world merchandise totals after 2023 (WTO): not in the bundled data"),
)


def missing_sources(labels: Iterable[str]) -> list[str]:
    """The missing public sources that explain why the series ``labels`` end early."""
    return [why for keys, why in MISSING_SOURCES
            if any(k in label for label in labels for k in keys)]


def ends_early(series: Iterable[tuple[str, int]], expect_end: int | None) -> str:
    """A note naming the series whose last year is before ``expect_end`` (missing data), and
    the public source that is missing where it is known."""
    if expect_end is None:
        return ""
    late = [(label, end) for label, end in series if end < expect_end]
    if not late:
        return ""
    why = missing_sources(label for label, _ in late)
    return (f"{'; '.join(f'{label} ends in {end}' for label, end in late)}: later years up to "
            f"{expect_end} are not in the data" + (f" (missing: {'; '.join(why)})" if why else ""))


def trend_measure(ctx: Context, groups: Iterable[tuple[str, pd.DataFrame]], *, unit: str,
                  what: str, scale: float = 1.0, transform: Callable | None = None,
                  min_points: int = 3, expect_end: int | None = None) -> Measurement:
    """Mean OLS slope across series (each a frame of indicator rows), with evidence and points.

    ``expect_end`` is the newest year public by the as-of date: a series ending before it gets
    a note (the data stop early; nothing is filled in).
    """
    ests, resid, evidence, points, used, ends = [], [], [], [], [], []
    for label, df in groups:
        df = df.dropna(subset=["value"])
        if len(df) < min_points:
            continue
        y = df["value"].map(transform) if transform else df["value"]
        est = trend(df["year"].tolist(), y.tolist())
        if est is None:
            continue
        ests.append(Estimate(est.estimate * scale, est.lower * scale, est.upper * scale, est.n))
        resid.append(residuals(df["year"].tolist(), y.tolist()))
        used.append(f"{label} {int(df['year'].min())}-{int(df['year'].max())}")
        ends.append((label, int(df["year"].max())))
        evidence += items(ctx, df, lambda r, label=label: f"{label}, {r['year']}: "
                                                          f"{r['value']:.3f} {r['unit']}")
        points += series_points(df, label)
    if not ests:
        return missing(f"fewer than {min_points} observations of {what} by this date", unit)
    m, r = pooled(ests, resid)
    how = "OLS slope" if len(ests) == 1 else f"mean of {len(ests)} OLS slopes"
    pool = "" if r is None else (
        f"; pooled allowing for residual correlation (smallest used {r:.2f}; 1 where fewer "
        f"than {MIN_COMMON} common years)")
    auto = [a for a in map(lag1, resid) if a is not None]
    serial = "" if not auto else (
        f"; residual lag-1 autocorrelation up to {max(auto):.2f} (not corrected: the interval "
        "is too narrow when it is positive)")
    return Measurement(m.estimate, m.lower, m.upper, unit,
                       f"{how} of {what} ({'; '.join(used)}), {PCT} t interval{pool}{serial}",
                       evidence=evidence, series=points, note=ends_early(ends, expect_end))
