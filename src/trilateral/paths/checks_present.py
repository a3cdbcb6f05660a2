"""Checks on the present: structural breaks in the monthly trade shares and their gap.

These see what a ten-year annual slope cannot: a level shift in the last months. Each reads the
monthly shares of :mod:`trilateral.indicators.monthly` (cut at ``as_of`` by their publication
lag) and the break search of :mod:`trilateral.indicators.breaks`.
"""

from __future__ import annotations

import pandas as pd

from trilateral.indicators import breaks
from trilateral.paths.context import Context
from trilateral.paths.model import EvidenceItem, Measurement
from trilateral.paths.registry import check, missing

MONTHLY_KEY = "trade_share_monthly"  # memo key in the context's indicator cache
PP = "percentage points"
CANADA_EXPORTS = breaks.SeriesKey("CAN", "USA", "exports")
US_REGIONAL = breaks.SeriesKey("USA", "CAN+MEX", "total")


def monthly_shares(ctx: Context) -> pd.DataFrame:
    """Monthly trade shares public by ``as_of``, computed once per context."""
    if MONTHLY_KEY not in ctx._indicators:
        from trilateral.indicators.monthly import compute_monthly

        keys = {(k.reporter, k.partner, k.flow) for k in (CANADA_EXPORTS, US_REGIONAL)}
        ctx._indicators[MONTHLY_KEY] = compute_monthly(["trade_share"], as_of=ctx.today,
                                                       tables=ctx.tables, only=keys)
    return ctx._indicators[MONTHLY_KEY]


def find_break(ctx: Context, key: breaks.SeriesKey) -> breaks.Break | None:
    found = breaks.monthly_breaks(monthly_shares(ctx), (key,))
    return found[0] if found else None


def _evidence(ctx: Context, b: breaks.Break, value: float, what: str) -> list[EvidenceItem]:
    return [EvidenceItem(
        source=ctx.label("trade_flows_monthly"), description=f"{b.series}: {what}",
        value=value, unit=PP, year=int(b.last[:4]), date=f"{b.last}-01",
        available=_available(b.last), ref="trade_flows_monthly")]


def _available(period: str) -> str:
    from trilateral.indicators import asof

    year, month = (int(x) for x in period.split("-"))
    return asof.available_month("trade_monthly", year, month).isoformat()


def _note(b: breaks.Break) -> str:
    state = "detected" if b.detected else "not detected"
    return (f"break {state} at {b.date} (date set {b.date_low}..{b.date_high}; CUSUM p="
            f"{b.cusum_p:.3f}; mean {b.before:.1f}% in the 12 months before, {b.after:.1f}% "
            f"since); data {b.window}")


def shift_measure(ctx: Context, key: breaks.SeriesKey) -> Measurement:
    """The level shift at the least-squares break month, with its HAC interval."""
    b = find_break(ctx, key)
    if b is None:
        return missing(f"fewer than {3 * breaks.MIN_SEGMENT} months of {key.label} by this date",
                       PP)
    if not b.detected:  # the least-squares date of a series without a break means nothing
        return missing(f"no structural break detected in {key.label}: {_note(b)}", PP)
    return Measurement(b.size, b.size_low, b.size_high, PP,
                       f"level shift in a linear trend at the least-squares month, last "
                       f"{breaks.WINDOW} months, 95% Newey-West interval (conditional on the "
                       f"date)", evidence=_evidence(ctx, b, b.size, f"shift at {b.date}"),
                       note=_note(b))


def gap_measure(ctx: Context, key: breaks.SeriesKey) -> Measurement:
    """Latest 12 months minus the pre-break forecast, with its simulated interval."""
    b = find_break(ctx, key)
    if b is not None and not b.detected:
        return missing(f"no structural break detected in {key.label}: {_note(b)}", PP)
    if b is None or b.gap is None:
        return missing(f"no pre-break forecast for {key.label}: too few months on one side of "
                       f"the break by this date", PP)
    return Measurement(b.gap, b.gap_low, b.gap_high, PP,
                       "mean of the latest 12 months minus an AR(1)-with-trend forecast fitted "
                       f"on the months before {b.date}, 95% interval from "
                       f"{breaks.SIMULATIONS} simulated paths",
                       evidence=_evidence(ctx, b, b.gap, f"gap in the 12 months to {b.last}"),
                       note=_note(b))


# kind change; window: the last 120 months (a break at least 12 months from either end);
# SESOI 1 pp: about $5 bn a year of Canada's exports, well above month-to-month revisions.
@check("canada_us_export_share_break",
       "Level shift in Canada's monthly export share to the US (seasonally adjusted)")
def canada_us_export_share_break(ctx: Context) -> Measurement:
    return shift_measure(ctx, CANADA_EXPORTS)


# kind level; window: the latest 12 months against a forecast from the pre-break months;
# SESOI 1 pp, as above: a gap smaller than that is within what revisions move.
@check("canada_us_export_share_gap",
       "Canada's export share to the US in the latest 12 months against its pre-break path")
def canada_us_export_share_gap(ctx: Context) -> Measurement:
    return gap_measure(ctx, CANADA_EXPORTS)


# kind change; window: the last 120 months; SESOI 0.5 pp of the US total-trade share with
# CAN+MEX (about $25 bn a year, the size of the 2020 pandemic dip in the annual series).
@check("us_regional_share_break",
       "Level shift in the US monthly total-trade share with Canada and Mexico")
def us_regional_share_break(ctx: Context) -> Measurement:
    return shift_measure(ctx, US_REGIONAL)




# kind level; window: the as-of day; SESOI 1 measure (a single tariff action among the three is
# already a reversal of free trade under the agreement). The interval spans the measures whose
# status was checked through that day (lower) to all recorded as in force (upper).
@check("tariff_measures_in_force",
       "Tariff measures in force among the three on the as-of date (official texts)")
def tariff_measures_in_force(ctx: Context) -> Measurement:
    try:
        from trilateral.evidence.measures import in_force, load
    except ImportError as exc:
        return missing(f"the tariff-measures table is not installed ({exc})", "measures")
    checked = max(load()["verified_through"])
    day = min(ctx.today, checked)  # past the last status check the count would be a guess
    df = in_force(day)
    verified = int((df["status"] == "in force").sum()) if "status" in df else len(df)
    total = len(df)
    evidence = [EvidenceItem(
        source="tariff_measures (official texts: Federal Register, Canada Gazette, DOF)",
        description=f"{r.id}: {r.imposer} on {r.target}, {r.authority}, {r.product_scope}",
        value=float(r.rate_pct_now if "rate_pct_now" in df else r.rate_pct), unit="percent",
        year=r.start.year, date=r.start.isoformat(), available=r.start.isoformat(),
        ref=str(r.source_url)) for r in df.itertuples()]
    note = (f"count on {day} (the table's status is checked through {checked})"
            + ("" if verified == total else
               f"; {total - verified} of {total} measures not checked through {day}"))
    return Measurement(float(total), float(verified), float(total), "measures",
                       "count of base tariff measures in force among the three (modifications "
                       "not counted twice); interval from verified-only to all recorded",
                       evidence=evidence, note=note)
