"""Monthly jump-off: the first forecast year starts from the months already published.

Annual trade for year Y is public in February of Y + 1, but monthly releases show most of Y
well before that. For a trade share whose reporter has a monthly table in the warehouse (any
table named ``*_monthly`` with reporter, partner, flow, year, month and value_usd_m, e.g.
``trade_flows_monthly`` for the US (Census) and ``statcan_cimt_monthly`` for Canada; the first
such table with enough months of the year is used), the share of the year's first ``m`` months, on the model scale, is a noisy reading of
the full year's share. Its relation to the full year is taken from the same table's past
complete years: the differences ``d = z(full year) - z(first m months)``. The jump-off for Y is
then ``z(first m months of Y) + median(d)``, with empirical-quantile intervals of ``d`` (the
finite-sample levels of :mod:`.calibrate`); later years keep the model's steps, moved by the same
amount.

A month is taken as public at the end of the second month after it (Statistics Canada
publishes a month's trade about five weeks after it ends). The jump-off needs
:data:`MIN_MONTHS` months of Y and :data:`MIN_YEARS` past complete years, so origins on 31 March
(the backtest's) never use it: its own accuracy is reported by :func:`check` (each past year's
jump-off from the other years' differences).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from trilateral.errors import TrilateralError
from trilateral.outlook import calibrate
from trilateral.outlook.transforms import get

MIN_MONTHS = 3
MIN_YEARS = 8
COLUMNS = ("reporter", "partner", "flow", "year", "month", "value_usd_m")


@dataclass
class JumpOff:
    """A year's share from its first ``months`` months, and past full-year differences."""

    index: int  # position of the year in the forecast's years
    year: int
    months: int
    ytd: float  # the first months' share on the indicator's scale
    z_ytd: float
    diffs: np.ndarray  # z(full year) - z(first months), past complete years
    table: str

    @property
    def centre(self) -> float:
        return self.z_ytd + float(np.median(self.diffs))

    def bounds(self, level: float) -> tuple[float, float]:
        n = len(self.diffs)
        lo = np.quantile(self.diffs, calibrate.conformal_level((1 - level) / 2, n),
                         method="lower")
        hi = np.quantile(self.diffs, calibrate.conformal_level((1 + level) / 2, n),
                         method="higher")
        return self.z_ytd + float(lo), self.z_ytd + float(hi)

    def cdf(self, z: float) -> float:
        return float((np.sum(self.z_ytd + self.diffs <= z) + 0.5) / (len(self.diffs) + 1))

    def describe(self) -> str:
        return (f"{self.year} starts from its first {self.months} months in {self.table} "
                f"({self.ytd:.2f}), adjusted by the median full-year difference of "
                f"{len(self.diffs)} past years")


def monthly_tables() -> dict[str, pd.DataFrame]:
    """Every warehouse table named ``*_monthly`` with the columns a share needs."""
    from trilateral import data

    try:
        names = [n for n in data.tables()["name"] if str(n).endswith("_monthly")]
    except TrilateralError:
        return {}
    out = {}
    for n in names:
        try:
            df = data.table(n)
        except TrilateralError:
            continue
        if set(COLUMNS) <= set(df.columns):
            out[n] = df[list(COLUMNS)]
    return out


def public_by(year: int, month: int) -> dt.date:
    """The end of the second month after ``month``: when the month is taken as public."""
    m = month + 3
    y = year + (m - 1) // 12
    m = (m - 1) % 12 + 1
    return dt.date(y, m, 1) - dt.timedelta(days=1)


def shares(df: pd.DataFrame, reporter: str, partners: list[str], flow: str, day: dt.date
           ) -> pd.DataFrame:
    """Per year and month: the reporter's cumulative trade with ``partners`` and with the world
    since January, for months public on ``day``."""
    flows = ("exports", "imports") if flow == "total" else (flow,)
    d = df[(df["reporter"] == reporter) & df["flow"].isin(flows)].copy()
    public = np.array([public_by(int(y), int(m)) <= day
                       for y, m in zip(d["year"], d["month"], strict=True)], dtype=bool)
    d = d[public]
    num = d[d["partner"].isin(partners)].groupby(["year", "month"])["value_usd_m"].sum()
    den = d[d["partner"] == "WLD"].groupby(["year", "month"])["value_usd_m"].sum()
    both = pd.DataFrame({"num": num, "den": den}).dropna().sort_index()
    if both.empty:
        return both
    cum = both.groupby(level="year").cumsum()
    cum["months"] = both.groupby(level="year").cumcount() + 1
    return cum


def jump_off(reporter: str, partner: str, flow: str, transform: str, year: int, index: int,
             day: dt.date, tables: dict[str, pd.DataFrame] | None = None) -> JumpOff | None:
    """The jump-off for ``year`` from the first monthly table that has enough months of it."""
    tables = monthly_tables() if tables is None else tables
    tr = get(transform)
    for name, df in tables.items():
        cum = shares(df, reporter, partner.split("+"), flow, day)
        if cum.empty or year not in cum.index.get_level_values("year"):
            continue
        months = int(cum.loc[year]["months"].max())
        if months < MIN_MONTHS or months >= 12:
            continue
        diffs = _diffs(cum, months, tr, before=year)
        if len(diffs) < MIN_YEARS:
            continue
        ytd = 100.0 * float(cum.loc[(year, months), "num"] / cum.loc[(year, months), "den"])
        return JumpOff(index, year, months, ytd, float(tr.forward(np.array([ytd]))[0]),
                       diffs, name)
    return None


def _diffs(cum: pd.DataFrame, months: int, tr: Any, before: int) -> np.ndarray:
    out = []
    for y in sorted({int(v) for v in cum.index.get_level_values("year")}):
        if y >= before or (y, 12) not in cum.index or (y, months) not in cum.index:
            continue
        full = 100.0 * cum.loc[(y, 12), "num"] / cum.loc[(y, 12), "den"]
        part = 100.0 * cum.loc[(y, months), "num"] / cum.loc[(y, months), "den"]
        out.append(float(tr.forward(np.array([full]))[0] - tr.forward(np.array([part]))[0]))
    return np.asarray(out)


def check(reporter: str, partner: str, flow: str, transform: str, months: int,
          tables: dict[str, pd.DataFrame] | None = None) -> dict[str, Any] | None:
    """Leave-one-year-out accuracy of the jump-off from ``months`` months: coverage of its 80%
    and 95% intervals and its mean absolute error (points of share) against carrying the last
    full year forward."""
    tables = monthly_tables() if tables is None else tables
    tr = get(transform)
    for name, df in tables.items():
        cum = shares(df, reporter, partner.split("+"), flow, dt.date.today())
        full_years = sorted(y for y in {int(v) for v in cum.index.get_level_values("year")}
                            if (y, 12) in cum.index)
        if len(full_years) < MIN_YEARS + 1:
            continue
        all_d = _diffs(cum, months, tr, before=10_000)
        hits = {80: [], 95: []}
        err, err_p = [], []
        for k, y in enumerate(full_years):
            others = np.delete(all_d, k)
            j = JumpOff(0, y, months, 0.0, float(all_d[k] * 0), others, name)
            part = cum.loc[(y, months)]
            z_part = float(tr.forward(np.array([100.0 * part["num"] / part["den"]]))[0])
            j.z_ytd = z_part
            z_full = z_part + float(all_d[k])
            for lv in hits:
                lo, hi = j.bounds(lv / 100)
                hits[lv].append(lo <= z_full <= hi)
            full = float(tr.inverse(np.array([z_full]))[0])
            err.append(abs(float(tr.inverse(np.array([j.centre]))[0]) - full))
            if k:
                prev = cum.loc[(full_years[k - 1], 12)]
                err_p.append(abs(100.0 * prev["num"] / prev["den"] - full))
        return {"table": name, "months": months, "years": [full_years[0], full_years[-1]],
                "coverage_80": float(np.mean(hits[80])), "coverage_95": float(np.mean(hits[95])),
                "mae": float(np.mean(err)), "mae_last_year": float(np.mean(err_p))}
    return None
