"""When a figure became knowable: publication lags, in one place.

Every check and indicator asks :func:`available` when the figure for a reference period was first
published, and keeps it only if that date is on or before ``as_of``. The lags are conservative
round dates, not the exact release day of each vintage:

* annual goods trade (Census FT-900, Statistics Canada, INEGI): year Y from 15 February Y+1
  (the annual figures appear in the early-February releases);
* WTO world merchandise totals and GDP (World Bank WDI): year Y from 15 April Y+1 (WTO's spring
  trade statistics; WDI's first annual estimate);
* KOF globalisation index: year Y from 1 December Y+2 (each yearly release ends two years back);
* values surveys (IVS cultural map, WVS/EVS trust): fieldwork year Y from 1 January Y+2
  (integrated files are published after the wave closes);
* Latinobarómetro and Pew Global Attitudes: survey year Y from 31 December Y (both publish
  within the survey year);
* treaties, memberships and alliances coded by year (DESTA, WTO RTA, COW IGO, ATOP, IEADB):
  year Y from 31 December Y (a year-only date counts as the last day of that year);
* party manifestos: the election date (a platform is public before the vote);
* ledger events: their own date;
* monthly goods trade (Census FT-900, Statistics Canada CIMT): month M from the 10th of month M+2
  (both publish about five weeks after the month ends; see :func:`available_month`).

These are *publication* lags for the reference period. The values used are today's vintage of
those periods: later revisions are not undone (no real-time vintages exist for most sources),
and :data:`REVISION_CAVEAT` says so wherever an as-of answer is shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

Kind = Literal[
    "trade_annual", "world_annual", "gdp_annual", "kof", "survey_wave", "survey_annual",
    "coded_year", "election", "event",
]


@dataclass(frozen=True)
class Lag:
    """Year Y becomes knowable on (Y + years)-month-day."""

    years: int
    month: int
    day: int
    why: str


LAGS: dict[str, Lag] = {
    "trade_annual": Lag(1, 2, 15, "annual goods trade is released in February of the next year"),
    "world_annual": Lag(1, 4, 15, "WTO world merchandise totals appear in April of the next year"),
    "gdp_annual": Lag(1, 4, 15, "WDI's first annual GDP estimate appears in spring"),
    "kof": Lag(2, 12, 1, "each KOF release ends two years before its publication year"),
    "survey_wave": Lag(2, 1, 1, "integrated WVS/EVS files follow the end of fieldwork"),
    "survey_annual": Lag(0, 12, 31, "Pew and Latinobarometro publish within the survey year"),
    "coded_year": Lag(0, 12, 31, "a year-only date counts as the last day of that year"),
}

REVISION_CAVEAT = (
    "As-of answers keep only figures whose reference period was published by that date; the "
    "figures themselves are the current vintage (later revisions are not undone)."
)


def available(kind: str, year: int) -> dt.date:
    """The first day the figure of ``kind`` for reference year ``year`` was public."""
    lag = LAGS[kind]
    return dt.date(int(year) + lag.years, lag.month, lag.day)


# Monthly series: month M is public on day ``day`` of month M + ``months``.
MONTHLY_LAGS: dict[str, tuple[int, int, str]] = {
    "trade_monthly": (2, 10, "Census FT-900 and StatCan CIMT publish about five weeks after "
                             "the reference month"),
}


def available_month(kind: str, year: int, month: int) -> dt.date:
    """The first day the monthly figure of ``kind`` for ``year``-``month`` was public."""
    months, day, _ = MONTHLY_LAGS[kind]
    index = int(year) * 12 + int(month) - 1 + months
    return dt.date(index // 12, index % 12 + 1, day)


def last_published_month(kind: str, as_of: dt.date | None = None) -> tuple[int, int]:
    """The newest reference month (year, month) of ``kind`` public on ``as_of``."""
    day = as_of or dt.date.today()
    year, month = day.year, day.month
    while available_month(kind, year, month) > day:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return year, month


def last_published_year(kind: str, as_of: dt.date | None = None) -> int:
    """The newest reference year of ``kind`` public on ``as_of`` (today without one)."""
    day = as_of or dt.date.today()
    year = day.year
    while available(kind, year) > day:
        year -= 1
    return year


def year_end(year: int) -> dt.date:
    return dt.date(int(year), 12, 31)


def parse_as_of(value: str | dt.date | None) -> dt.date | None:
    """``None`` means today; strings must be ISO dates (YYYY-MM-DD)."""
    from trilateral.errors import InputError

    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise InputError(f"not an ISO date (YYYY-MM-DD): {value!r}", field="as_of") from exc


def knowable(date: dt.date | str | None, as_of: dt.date | None) -> bool:
    """True when ``date`` is on or before ``as_of`` (always true without an as-of date)."""
    if as_of is None:
        return True
    if date is None:
        return False
    if isinstance(date, str):
        date = dt.date.fromisoformat(date[:10])
    return date <= as_of


def as_of_year(as_of: dt.date | None) -> int:
    """The last calendar year that has started by ``as_of`` (today's year without one)."""
    return (as_of or dt.date.today()).year
