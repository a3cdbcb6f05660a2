"""Checks on the evidence ledger: activity and direction of events in declared series.

Only events of a declared series (:mod:`trilateral.evidence.series`), inside the span over
which the ledger holds all of that series, are counted; ad hoc events are listed in the ledger
but never counted, since their number measures how hard someone looked. Each series is
counted in its own windows: the recent window is the five years up to the series' "complete
through" date (or ``as_of``, when earlier) and the earlier window the five before; both must
lie inside the series' complete span. Activity is the log ratio of the summed counts (exact
Poisson interval; each series may have its own rate, the ratio is common). Direction is the
net share of "+" over "-" events, and only for series whose members can carry either sign: in
a series of summits or meetings every member is "+" by construction.

A check with no series in its universe, or none covering both windows, is missing and says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd

from trilateral.paths.context import LEDGER, Context
from trilateral.paths.model import EvidenceItem, Measurement
from trilateral.paths.registry import PCT, check, missing
from trilateral.paths.stats import log_rate_ratio, net_direction

WINDOW = 5
SIGN = {"+": 1.0, "-": -1.0, "0": 0.0}
Filter = Callable[[pd.DataFrame], pd.Series]


def windows(ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame] | str:
    """(recent, earlier) counted events over all complete series, or why there are none."""
    got = _series_windows(ctx, lambda d: d["path"].notna())
    if isinstance(got, str):
        return got
    return (pd.concat([w[0] for w in got.values()]), pd.concat([w[1] for w in got.values()]))


class _Counted(dict):
    """Per series: (recent, earlier, window end); ``left_out`` names the series of the
    universe that are not complete over both windows."""

    def __init__(self, windows: dict, left_out: list[str]) -> None:
        super().__init__(windows)
        self.left_out = left_out


def _series_windows(ctx: Context, keep: Filter, *, signed: bool = False,
                    recent_only: bool = False) -> _Counted | str:
    """Per series whose members pass ``keep``: (recent, earlier, window end), or the reason
    no series can be counted. A series must be complete over both windows, or over the recent
    one only when ``recent_only`` (a direction count reads no earlier window)."""
    from trilateral.evidence import series

    ev = ctx.ledger()
    if ev is None:
        return ctx.gaps.get(LEDGER, "no evidence ledger")
    if "series" not in ev.columns:
        return "the ledger tags no event with a declared series"
    counted = series.counted(ev)
    universe = [s for s in series.declared()
                if (not signed or s.signed) and keep(counted[counted["series"] == s.id]).any()]
    if not universe:
        return "no declared, complete event series in this check's universe (ad hoc events " \
               "are not counted)" + ("; no series whose events carry either sign" if signed
                                     else "")
    out, short = {}, []
    for s in universe:
        end = min(ctx.today, s.complete_through)
        mid, start = _minus_years(end, WINDOW), _minus_years(end, 2 * WINDOW)
        if (mid if recent_only else start) < s.complete_from - dt.timedelta(days=1):
            short.append(f"{s.id} is complete only from {s.complete_from}")
            continue
        rows = counted[(counted["series"] == s.id) & keep(counted)]
        dates = pd.to_datetime(rows["date"])
        out[s.id] = (rows[(dates > pd.Timestamp(mid)) & (dates <= pd.Timestamp(end))],
                     rows[(dates > pd.Timestamp(start)) & (dates <= pd.Timestamp(mid))], end)
    if not out:
        span = WINDOW if recent_only else 2 * WINDOW
        return "; ".join(short) + f", after the {'recent' if recent_only else 'earlier'} " \
                                  f"window's start ({span} years before the window's end)"
    return _Counted(out, short)


def _minus_years(day: dt.date, years: int) -> dt.date:
    return (pd.Timestamp(day) - pd.DateOffset(years=years)).date()


def event_item(r: pd.Series, stance: str = "") -> EvidenceItem:
    day = pd.Timestamp(r["date"]).date().isoformat()
    return EvidenceItem(
        source=f"evidence ledger ({r.get('source_publisher') or 'publisher not given'})",
        description=f"[{r['path']} {r['direction']}] {r['title']}", value=SIGN.get(r["direction"]),
        unit="direction (+1 deepens, -1 weakens)", year=int(day[:4]), date=day, available=day,
        stance=stance, url=r.get("source_url") or None, ref=str(r["id"]))


def _spans(got: _Counted) -> str:
    spans = ", ".join(f"{sid} to {end}" for sid, (_, _, end) in got.items())
    return spans + (f" (left out: {'; '.join(got.left_out)})" if got.left_out else "")


def activity(ctx: Context, keep: Filter, what: str) -> Measurement:
    """Log rate ratio of matching series events, recent window over earlier window."""
    unit = f"log rate ratio (recent {WINDOW} years / previous {WINDOW})"
    got = _series_windows(ctx, keep)
    if isinstance(got, str):
        return missing(got, unit)
    recent = pd.concat([w[0] for w in got.values()])
    earlier = pd.concat([w[1] for w in got.values()])
    est = log_rate_ratio(len(recent), len(earlier))
    if est is None:
        return missing(f"no {what} in the ten years to the series' complete-through dates", unit)
    ev = [event_item(r) for _, r in pd.concat([earlier, recent]).iterrows()]
    end = min(w[2] for w in got.values())
    return Measurement(est.estimate, est.lower, est.upper, unit,
                       f"{what}, series {_spans(got)}: {len(recent)} events in the last "
                       f"{WINDOW} years vs {len(earlier)} in the {WINDOW} before; exact Poisson "
                       f"{PCT} interval", evidence=ev, coverage_end=end.year)


def direction(ctx: Context, keep: Filter, what: str) -> Measurement:
    """Net direction of matching events of signed series in the recent window:
    (n+ - n-) / (n+ + n-)."""
    unit = "net direction in [-1, 1]"
    got = _series_windows(ctx, keep, signed=True, recent_only=True)
    if isinstance(got, str):
        return missing(got, unit)
    recent = pd.concat([w[0] for w in got.values()])
    pos, neg = int((recent["direction"] == "+").sum()), int((recent["direction"] == "-").sum())
    est = net_direction(pos, neg)
    if est is None:
        return missing(f"no signed {what} in the last {WINDOW} years of their series", unit)
    ev = [event_item(r, "by-sign") for _, r in recent.iterrows()]
    end = min(w[2] for w in got.values())
    return Measurement(est.estimate, est.lower, est.upper, unit,
                       f"{what} in the last {WINDOW} years of series {_spans(got)}: {pos} '+' "
                       f"and {neg} '-'; Wilson {PCT} interval", evidence=ev,
                       coverage_end=end.year)


def _path(name: str) -> Filter:
    return lambda df: df["path"] == name


# Estimands, SESOIs and their reasons are data in checks.toml; in short: activity is a change
# (log rate ratio, SESOI log 1.5: smaller changes cannot be told from coverage), direction a
# level (net share, SESOI 0.2: a 60/40 split), windows ending at complete-through.
for _p in ("bureaucratic", "political", "institutional", "values"):
    # change: log rate ratio of series events coded _p, 5y vs 5y; SESOI log 1.5 (coverage noise)
    check(f"ledger_activity_{_p}", f"Momentum of ledger events coded {_p}")(
        lambda ctx, p=_p: activity(ctx, _path(p), f"events coded {p}"))

for _p in ("bureaucratic", "institutional"):
    # level: net share of '+' among signed series events coded _p, last 5y; SESOI 0.2 (60/40)
    check(f"ledger_direction_{_p}", f"Direction of ledger events coded {_p}")(
        lambda ctx, p=_p: direction(ctx, _path(p), f"events coded {p}"))


@check("ledger_subfederal", "Momentum of events by states, provinces and cities")
def ledger_subfederal(ctx: Context) -> Measurement:
    # change: log rate ratio of subfederal series events, 5y vs 5y; SESOI log 1.5 (coverage noise)
    return activity(ctx, lambda d: d["level"] == "subfederal", "events by subfederal governments")


@check("ledger_negative", "Momentum of ledger events that weaken integration")
def ledger_negative(ctx: Context) -> Measurement:
    # change: log rate ratio of series events with direction '-', 5y vs 5y; SESOI log 1.5
    return activity(ctx, lambda d: d["direction"] == "-", "events with direction '-'")


@check("ledger_net_direction", "Net direction of all ledger events")
def ledger_net_direction(ctx: Context) -> Measurement:
    # level: net share of '+' among all signed series events, last 5y; SESOI 0.2 (60/40)
    return direction(ctx, lambda d: d["path"].notna(), "all events")


@check("ledger_americanization", "Momentum of events where the US sets the terms")
def ledger_americanization(ctx: Context) -> Measurement:
    # change: log rate ratio of americanization-flagged series events, 5y vs 5y; SESOI log 1.5
    return activity(ctx, lambda d: d["americanization"].astype(bool),
                    "events flagged americanization")
