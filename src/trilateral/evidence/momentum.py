"""Per path and year: event counts, net direction, and momentum with an interval.

Momentum compares the rate of a path's events in the recent window, the ``window_years`` up to
``as_of`` (``(as_of - w, as_of]``), with the window before it (``(as_of - 2w, as_of - w]``). With
equal window lengths the rate ratio is ``recent / earlier``. Its interval is the exact
conditional one: given ``n = recent + earlier`` events, ``recent`` is binomial with
``p = RR / (1 + RR)``, so a Clopper-Pearson interval for ``p`` maps to one for the ratio
(Ederer and Mantel's method for comparing two Poisson counts). A ratio above 1 whose interval
excludes 1 means the path is gaining pace; below 1, losing it.

Counts measure how often events were *coded*: they depend on the ledger's coverage and on how
much each period left in the public record, a caveat carried in ``frame.attrs``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from scipy import stats

from trilateral.evidence.schema import PATHS

SIGN = {"+": 1, "-": -1, "0": 0}
CAVEAT = (
    "Counts are of coded ledger events: they reflect the ledger's coverage and what the "
    "public record kept, not every act of each path."
)


def path_activity(
    events_df: pd.DataFrame, as_of: dt.date | str, window_years: int = 5, level: float = 0.95
) -> pd.DataFrame:
    """One row per path and year up to ``as_of``, with the path's momentum on every row.

    Columns: path, year, count, positive, negative, neutral, net_direction, event_ids, and the
    per-path momentum columns of :func:`path_momentum` (recent_count, earlier_count,
    recent_rate, earlier_rate, momentum, momentum_low, momentum_high, recent_net, earlier_net,
    window_years, as_of). ``frame.attrs["momentum"]`` holds the per-path table alone.
    """
    day = _as_date(as_of)
    frame = _upto(events_df, day)
    yearly = _yearly(frame, day, window_years)
    momentum = path_momentum(events_df, day, window_years, level)
    out = yearly.merge(momentum, on="path", how="left")
    out.attrs["momentum"] = momentum
    out.attrs["caveat"] = CAVEAT
    out.attrs["provenance"] = dict(events_df.attrs.get("provenance") or {})
    return out


def path_momentum(
    events_df: pd.DataFrame, as_of: dt.date | str, window_years: int = 5, level: float = 0.95
) -> pd.DataFrame:
    """One row per path: event counts and rates in the recent and earlier windows, their ratio
    and its exact interval, and the net direction in each window."""
    if window_years < 1:
        from trilateral.errors import InputError

        raise InputError("window_years must be at least 1", field="window_years")
    day = _as_date(as_of)
    frame = _upto(events_df, day)
    end = pd.Timestamp(day)
    mid = end - pd.DateOffset(years=window_years)
    start = mid - pd.DateOffset(years=window_years)
    recent = frame[(frame["date"] > mid) & (frame["date"] <= end)]
    earlier = frame[(frame["date"] > start) & (frame["date"] <= mid)]
    first = frame["date"].min() if len(frame) else pd.NaT
    rows = [_momentum_row(p, recent, earlier, window_years, level) for p in PATHS]
    out = pd.DataFrame(rows)
    out["window_years"] = window_years
    out["as_of"] = day.isoformat()
    out["earlier_window_start"] = start.date().isoformat()
    out["earlier_window_covered"] = bool(pd.notna(first) and first <= start + pd.DateOffset(
        years=1))
    return out


def _momentum_row(
    path: str, recent: pd.DataFrame, earlier: pd.DataFrame, years: int, level: float
) -> dict[str, Any]:
    r = recent[recent["path"] == path]
    e = earlier[earlier["path"] == path]
    ratio, low, high = rate_ratio(len(r), len(e), level)
    return {
        "path": path,
        "recent_count": len(r), "earlier_count": len(e),
        "recent_rate": len(r) / years, "earlier_rate": len(e) / years,
        "momentum": ratio, "momentum_low": low, "momentum_high": high,
        "recent_net": _net(r), "earlier_net": _net(e),
    }


def rate_ratio(recent: int, earlier: int, level: float = 0.95) -> tuple[float, float, float]:
    """Ratio of two Poisson counts over equal exposures, with its exact conditional interval.

    Returns (ratio, low, high); the ratio is NaN when both counts are zero and infinite when
    only ``earlier`` is zero (its upper bound is then infinite too).
    """
    n = recent + earlier
    if n == 0:
        return (float("nan"), float("nan"), float("nan"))
    alpha = 1 - level
    p_low = stats.beta.ppf(alpha / 2, recent, earlier + 1) if recent > 0 else 0.0
    p_high = stats.beta.ppf(1 - alpha / 2, recent + 1, earlier) if earlier > 0 else 1.0
    ratio = recent / earlier if earlier > 0 else float("inf")
    return (ratio, _odds(p_low), _odds(p_high))


def _odds(p: float) -> float:
    return float("inf") if p >= 1 else float(p / (1 - p))


def _net(frame: pd.DataFrame) -> int:
    return int(frame["direction"].map(SIGN).fillna(0).sum())


def _yearly(frame: pd.DataFrame, day: dt.date, window_years: int) -> pd.DataFrame:
    first = int(frame["date"].dt.year.min()) if len(frame) else day.year - 2 * window_years + 1
    years = range(first, day.year + 1)
    grid = pd.MultiIndex.from_product([PATHS, years], names=["path", "year"]).to_frame(index=False)
    f = frame.assign(year=frame["date"].dt.year, sign=frame["direction"].map(SIGN).fillna(0))
    agg = f.groupby(["path", "year"]).agg(
        count=("id", "size"),
        positive=("sign", lambda s: int((s > 0).sum())),
        negative=("sign", lambda s: int((s < 0).sum())),
        net_direction=("sign", "sum"),
        event_ids=("id", list),
    ).reset_index()
    out = grid.merge(agg, on=["path", "year"], how="left")
    for col in ("count", "positive", "negative", "net_direction"):
        out[col] = out[col].fillna(0).astype(int)
    out["neutral"] = out["count"] - out["positive"] - out["negative"]
    out["event_ids"] = [v if isinstance(v, list) else [] for v in out["event_ids"]]
    return out[["path", "year", "count", "positive", "negative", "neutral", "net_direction",
                "event_ids"]]


def _upto(events_df: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    frame = events_df.copy()
    frame["date"] = pd.to_datetime(frame["date"])
    return frame[frame["date"] <= pd.Timestamp(day)]


def _as_date(value: dt.date | str) -> dt.date:
    from trilateral.evidence.ledger import as_date

    return as_date(value)


__all__ = ["path_activity", "path_momentum", "rate_ratio"]
