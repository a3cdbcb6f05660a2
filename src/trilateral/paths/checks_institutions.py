"""Checks on institutions and politics: agreement depth, shared IGOs, environmental agreements,
party platforms."""

from __future__ import annotations

from trilateral.indicators import asof
from trilateral.paths.context import Context
from trilateral.paths.model import Measurement
from trilateral.paths.registry import PCT, check, items, last_years, missing, trend_measure
from trilateral.paths.stats import log_rate_ratio

PAIRS = (("USA", "CAN"), ("USA", "MEX"), ("CAN", "MEX"))
SPAN = 10  # years between the two dates compared


@check("agreement_depth_change", "Depth of the deepest trade agreement in force (DESTA)")
def agreement_depth_change(ctx: Context) -> Measurement:
    """Change in depth over the ten years to the last coded year, averaged over the pairs.

    A pair whose depth is unknown in the last year public by ``as_of`` (a newer agreement in
    force has no DESTA score, e.g. USMCA from 2020) is left out: its change is not known, and
    an older window would read "no change" where the data cannot see one.
    """
    unit = "DESTA depth points (0-7 scale)"
    end = asof.last_published_year("coded_year", ctx.as_of)
    deltas, evidence, points, censored = [], [], [], []
    for a, b in PAIRS:
        df = ctx.indicator("agreements_in_force", indicator="agreement_depth", reporter=a,
                           partner=b)
        if df.empty:
            continue
        last = df.iloc[-1]
        if int(last["year"]) < end:
            censored.append(f"{a}-{b} (last scored {int(last['year'])})")
            continue
        before = df[df["year"] <= last["year"] - SPAN]
        first = before.iloc[-1] if not before.empty else None
        base = 0.0 if first is None else float(first["value"])  # no agreement yet: depth 0
        deltas.append(float(last["value"]) - base)
        pick = df[df["year"].isin([last["year"]] + ([first["year"]] if first is not None else []))]
        evidence += items(ctx, pick, lambda r: f"{r['reporter']}-{r['partner']} {r['year']}: "
                                               f"depth {r['value']:.0f} ({r['basis']})")
        points += [{"series": f"{a}-{b}", "year": int(r.year), "value": float(r.value)}
                   for r in df.itertuples()]
    why = (f"depth unknown in {end} for {', '.join(censored)}: DESTA 2.03 has no depth score "
           "for an agreement in force since (USMCA, CPTPP)") if censored else ""
    if not deltas:
        return missing(why or "no DESTA depth score for any pair by this date", unit)
    est = sum(deltas) / len(deltas)
    return Measurement(est, min(deltas), max(deltas), unit,
                       f"depth in {end} minus depth {SPAN} years earlier, mean of "
                       f"{len(deltas)} pairs (interval: range across pairs; coded values carry "
                       "no sampling error)", evidence=evidence, series=points, note=why)


@check("shared_igo_trend", "Intergovernmental organisations all three belong to (COW IGO)")
def shared_igo_trend(ctx: Context) -> Measurement:
    df = last_years(ctx.indicator("shared_igos", reporter="USA+CAN+MEX"), SPAN)
    return trend_measure(ctx, [("IGOs shared by all three", df)], unit="IGOs per year",
                         what=f"IGOs with all three as full members, last {SPAN} years of data")


@check("environmental_agreements_momentum", "New environmental agreements among the three")
def environmental_agreements_momentum(ctx: Context) -> Measurement:
    unit = f"log rate ratio (last {SPAN} years / previous {SPAN})"
    df = ctx.indicator("environmental_agreements")
    if df.empty:
        return missing(ctx.tables.missing.get("ieadb_agreements", "no IEADB agreements"), unit)
    end = asof.last_published_year("coded_year", ctx.as_of)  # equal, complete windows
    recent = df[(df["year"] > end - SPAN) & (df["year"] <= end)]["value"].sum()
    earlier = df[(df["year"] > end - 2 * SPAN) & (df["year"] <= end - SPAN)]["value"].sum()
    est = log_rate_ratio(int(recent), int(earlier))
    if est is None:
        return missing(f"no environmental agreement entered into force in "
                       f"{end - 2 * SPAN + 1}-{end}", unit)
    return Measurement(est.estimate, est.lower, est.upper, unit,
                       f"{int(recent)} agreements in {end - SPAN + 1}-{end} vs {int(earlier)} in "
                       f"{end - 2 * SPAN + 1}-{end - SPAN}; exact Poisson {PCT} interval",
                       evidence=items(ctx, df[(df["year"] > end - 2 * SPAN)
                                              & (df["year"] <= end)],
                                      lambda r: f"{r['year']}: {r['value']:.0f} agreements"),
                       coverage_end=end,  # zero recent entries are evidence, not staleness
                       note="IEADB may code the newest agreements with a delay")


@check("protectionism_trend", "Protectionism in party platforms, vote-weighted (Manifesto)")
def protectionism_trend(ctx: Context) -> Measurement:
    groups = [(f"{c} net protectionism",
               last_years(ctx.indicator("party_positions", indicator="party_protectionism",
                                        reporter=c), 2 * SPAN)) for c in ("USA", "CAN", "MEX")]
    got = trend_measure(ctx, groups, unit="percentage points per decade", scale=10.0,
                        what="vote-weighted net protectionism, elections of the last 20 years")
    if not got.informative and "manifesto_parties" in ctx.tables.missing:
        got.note = f"manifesto_parties: {ctx.tables.missing['manifesto_parties']}"
    return got
