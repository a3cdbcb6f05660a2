"""Checks on the evidence ledger: activity, momentum and direction of coded events.

Windows follow :mod:`trilateral.evidence.momentum`: the recent window is the five years up to
``as_of`` and the earlier window the five before. Activity is the log ratio of event counts
(exact Poisson interval); direction is the net share of "+" over "-" events in the recent window
(Wilson interval). A ledger that does not reach back over the earlier window cannot measure
momentum, and says so.
"""

from __future__ import annotations

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
    """(recent, earlier) events, or the reason they cannot be compared."""
    ev = ctx.ledger()
    if ev is None:
        return ctx.gaps.get(LEDGER, "no evidence ledger")
    end = pd.Timestamp(ctx.today)
    mid = end - pd.DateOffset(years=WINDOW)
    start = mid - pd.DateOffset(years=WINDOW)
    if ev["date"].min() > start + pd.DateOffset(years=1):
        return f"the ledger starts {ev['date'].min().date()}, after the earlier window's start"
    return (ev[(ev["date"] > mid) & (ev["date"] <= end)],
            ev[(ev["date"] > start) & (ev["date"] <= mid)])


def event_item(r: pd.Series, stance: str = "") -> EvidenceItem:
    day = pd.Timestamp(r["date"]).date().isoformat()
    return EvidenceItem(
        source=f"evidence ledger ({r.get('source_publisher') or 'publisher not given'})",
        description=f"[{r['path']} {r['direction']}] {r['title']}", value=SIGN.get(r["direction"]),
        unit="direction (+1 deepens, -1 weakens)", year=int(day[:4]), date=day, available=day,
        stance=stance, url=r.get("source_url") or None, ref=str(r["id"]))


def activity(ctx: Context, keep: Filter, what: str) -> Measurement:
    """Log rate ratio of matching events, recent window over earlier window."""
    unit = f"log rate ratio (recent {WINDOW} years / previous {WINDOW})"
    got = windows(ctx)
    if isinstance(got, str):
        return missing(got, unit)
    recent, earlier = (w[keep(w)] for w in got)
    est = log_rate_ratio(len(recent), len(earlier))
    if est is None:
        return missing(f"no {what} in the ledger in the ten years to this date", unit)
    ev = [event_item(r) for _, r in pd.concat([earlier, recent]).iterrows()]
    return Measurement(est.estimate, est.lower, est.upper, unit,
                       f"{what}: {len(recent)} events in the last {WINDOW} years vs "
                       f"{len(earlier)} in the {WINDOW} before; exact Poisson {PCT} interval",
                       evidence=ev, coverage_end=ctx.today.year)


def direction(ctx: Context, keep: Filter, what: str) -> Measurement:
    """Net direction of matching events in the recent window: (n+ - n-) / (n+ + n-)."""
    unit = "net direction in [-1, 1]"
    got = windows(ctx)
    if isinstance(got, str):
        return missing(got, unit)
    recent = got[0][keep(got[0])]
    pos, neg = int((recent["direction"] == "+").sum()), int((recent["direction"] == "-").sum())
    est = net_direction(pos, neg)
    if est is None:
        return missing(f"no signed {what} in the last {WINDOW} years", unit)
    ev = [event_item(r, "by-sign") for _, r in recent.iterrows()]
    return Measurement(est.estimate, est.lower, est.upper, unit,
                       f"{what} in the last {WINDOW} years: {pos} '+' and {neg} '-'; Wilson "
                       f"{PCT} interval", evidence=ev, coverage_end=ctx.today.year)


def _path(name: str) -> Filter:
    return lambda df: df["path"] == name


for _p in ("bureaucratic", "political", "institutional", "values", "globalization"):
    check(f"ledger_activity_{_p}", f"Momentum of ledger events coded {_p}")(
        lambda ctx, p=_p: activity(ctx, _path(p), f"events coded {p}"))

for _p in ("bureaucratic", "institutional"):
    check(f"ledger_direction_{_p}", f"Direction of ledger events coded {_p}")(
        lambda ctx, p=_p: direction(ctx, _path(p), f"events coded {p}"))


@check("ledger_subfederal", "Momentum of events by states, provinces and cities")
def ledger_subfederal(ctx: Context) -> Measurement:
    return activity(ctx, lambda d: d["level"] == "subfederal", "events by subfederal governments")


@check("ledger_negative", "Momentum of ledger events that weaken integration")
def ledger_negative(ctx: Context) -> Measurement:
    return activity(ctx, lambda d: d["direction"] == "-", "events with direction '-'")


@check("ledger_net_direction", "Net direction of all ledger events")
def ledger_net_direction(ctx: Context) -> Measurement:
    return direction(ctx, lambda d: d["path"].notna(), "all events")


@check("ledger_americanization", "Momentum of events where the US sets the terms")
def ledger_americanization(ctx: Context) -> Measurement:
    return activity(ctx, lambda d: d["americanization"].astype(bool),
                    "events flagged americanization")
