"""Checks on institutions and politics: agreement depth, shared IGOs, environmental agreements,
party platforms."""

from __future__ import annotations

import pandas as pd

from trilateral.indicators import asof
from trilateral.paths.context import Context
from trilateral.paths.model import EvidenceItem, Measurement
from trilateral.paths.registry import PCT, check, items, last_years, missing, trend_measure
from trilateral.paths.stats import log_rate_ratio

PAIRS = (("USA", "CAN"), ("USA", "MEX"), ("CAN", "MEX"))
SPAN = 10  # years between the two dates compared


DEPTH_UNIT = "DESTA latent depth (Rasch score)"


# estimand: change; DESTA continuous depth (depth_rasch) of the deepest trade agreement in
# force, last coded year minus 10 years earlier, mean of the three pairs; SESOI 0.25 Rasch
# points (about a fifth of the score's SD across the three's agreements, 1.33). NAFTA's 0-7
# count is already at its maximum (7), so only the continuous score can show a deepening.
@check("agreement_depth_change", "Depth of the deepest trade agreement in force (DESTA Rasch)")
def agreement_depth_change(ctx: Context) -> Measurement:
    """Change in DESTA's continuous depth over the ten years to the last coded year.

    A pair whose deepest agreement in force by the last year public by ``as_of`` has no DESTA
    score (USMCA, in force from 2020, is unscored in DESTA 2.03) is left out with a note: its
    change is not known, and an older window would read "no change" where the data cannot
    see one.
    """
    treaties = ctx.table("desta_treaties")
    if treaties is None or treaties.empty or "depth_rasch" not in treaties:
        return missing(ctx.tables.missing.get("desta_treaties", "no DESTA depth scores"),
                       DEPTH_UNIT)
    end = asof.last_published_year("coded_year", ctx.as_of)
    base = treaties[(treaties["entry_type"] == "base_treaty")
                    & treaties["year_in_force"].notna()]
    deltas, evidence, points, censored = [], [], [], []
    for a, b in PAIRS:
        mine = base[base[a.lower()].astype(bool) & base[b.lower()].astype(bool)]
        now, unscored = deepest(mine, end)
        if unscored:
            censored.append(f"{a}-{b} ({unscored} unscored)")
            continue
        if now is None:
            continue
        then, _ = deepest(mine, end - SPAN)
        if then is None:  # no agreement yet: the Rasch scale has no "no agreement" value
            censored.append(f"{a}-{b} (no scored agreement in force in {end - SPAN})")
            continue
        deltas.append(float(now["depth_rasch"]) - float(then["depth_rasch"]))
        for yr, row in ((end - SPAN, then), (end, now)):
            if row is not None:
                evidence.append(_depth_item(ctx, a, b, yr, row))
        points += [{"series": f"{a}-{b}", "year": y, "value": float(r["depth_rasch"])}
                   for y in range(end - SPAN, end + 1)
                   for r in [deepest(mine, y)[0]] if r is not None]
    why = (f"left out: {', '.join(censored)}; DESTA 2.03 does not score USMCA (in force "
           "from 2020) or CPTPP") if censored else ""
    if not deltas:
        return missing(why or "no DESTA depth score for any pair by this date", DEPTH_UNIT)
    est = sum(deltas) / len(deltas)
    return Measurement(est, min(deltas), max(deltas), DEPTH_UNIT,
                       f"DESTA depth_rasch of the deepest agreement in force in {end} minus "
                       f"{SPAN} years earlier, mean of {len(deltas)} pairs (interval: range "
                       "across pairs; coded values carry no sampling error)",
                       evidence=evidence, series=points, note=why)


def deepest(treaties: pd.DataFrame, year: int) -> tuple[pd.Series | None, str]:
    """The agreement in force in ``year`` with the highest depth_rasch, and the name of any
    newer agreement in force that DESTA leaves unscored (then the depth is unknown)."""
    live = treaties[treaties["year_in_force"] <= year]
    coded = live.dropna(subset=["depth_rasch"])
    newest = coded["year_in_force"].max() if not coded.empty else -1
    later = live[(live["year_in_force"] > newest) & live["depth_rasch"].isna()]
    if not later.empty and not coded.empty:
        return None, ", ".join(str(n) for n in later["name"])
    if coded.empty:
        return None, ""
    return coded.loc[coded["depth_rasch"].idxmax()], ""


def _depth_item(ctx: Context, a: str, b: str, year: int, row: pd.Series) -> EvidenceItem:
    return EvidenceItem(
        source=ctx.label("desta_treaties"),
        description=f"{a}-{b} {year}: deepest agreement in force {row['name']} (DESTA "
                    f"{row['number']}), depth_rasch {float(row['depth_rasch']):.2f}, "
                    f"depth index {row['depth_index']}",
        value=float(row["depth_rasch"]), unit=DEPTH_UNIT, year=year,
        date=f"{year}-12-31", ref="desta_treaties")


@check("shared_igo_trend", "Intergovernmental organisations all three belong to (COW IGO)")
def shared_igo_trend(ctx: Context) -> Measurement:
    df = last_years(ctx.indicator("shared_igos", reporter="USA+CAN+MEX"), SPAN)
    return trend_measure(ctx, [("IGOs shared by all three", df)], unit="IGOs per year",
                         what=f"IGOs with all three as full members, last {SPAN} years of data")


# estimand: change; log rate ratio of bilateral environmental agreements (IEADB) entering into
# force in the last 10 coded years vs the 10 before, windows cut at the IEADB's last coded year
# (never at today); SESOI log(1.5) (a 50% change in the rate; counts are small). Stale like any
# check once that year is more than STALE_YEARS before as_of.
@check("environmental_agreements_momentum", "New environmental agreements among the three")
def environmental_agreements_momentum(ctx: Context) -> Measurement:
    unit = f"log rate ratio (last {SPAN} years / previous {SPAN})"
    table = ctx.table("ieadb_agreements")
    df = ctx.indicator("environmental_agreements")
    if df.empty or table is None:
        return missing(ctx.tables.missing.get("ieadb_agreements", "no IEADB agreements"), unit)
    families = coding_years(table)
    coded = _bilateral(table)["year_in_force"].dropna()
    end = min(asof.last_published_year("coded_year", ctx.as_of),
              int(coded[coded <= ctx.today.year].max()) if len(coded) else 0)
    recent = df[(df["year"] > end - SPAN) & (df["year"] <= end)]["value"].sum()
    earlier = df[(df["year"] > end - 2 * SPAN) & (df["year"] <= end - SPAN)]["value"].sum()
    est = log_rate_ratio(int(recent), int(earlier))
    notes = [placeholder_note(table), family_note(families, end)]
    if est is None:
        return missing(f"no environmental agreement entered into force in "
                       f"{end - 2 * SPAN + 1}-{end}", unit)
    return Measurement(est.estimate, est.lower, est.upper, unit,
                       f"{int(recent)} agreements in {end - SPAN + 1}-{end} vs {int(earlier)} in "
                       f"{end - 2 * SPAN + 1}-{end - SPAN}; exact Poisson {PCT} interval; "
                       f"windows end at the IEADB's last coded year ({end})",
                       evidence=items(ctx, df[(df["year"] > end - 2 * SPAN)
                                              & (df["year"] <= end)],
                                      lambda r: f"{r['year']}: {r['value']:.0f} agreements"),
                       coverage_end=end, note="; ".join(n for n in notes if n))


def _bilateral(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["scope"] == "bilateral"] if "scope" in table else table


def coding_years(table: pd.DataFrame) -> dict[str, int]:
    """Each agreement family's (IEADB lineage's) last year with an agreement in force: the
    IEADB's coding of that family is not verified after it."""
    df = _bilateral(table).dropna(subset=["year_in_force"])
    fam = (df["lineage"].fillna("Not Yet Assigned") if "lineage" in df
           else pd.Series("all agreements", index=df.index))
    return {str(k): int(v) for k, v in df.groupby(fam)["year_in_force"].max().items()}


def placeholder_note(table: pd.DataFrame) -> str:
    """How many bilateral agreements carry the IEADB's 1111-11-11 placeholder (no date)."""
    n = int(_bilateral(table)["year_in_force"].isna().sum())
    return (f"{n} bilateral agreements with no entry-into-force date (the IEADB's 1111-11-11 "
            "placeholder) are dropped" if n else "")


def family_note(families: dict[str, int], end: int) -> str:
    """Families whose IEADB coding stops before the window ends (their zeros are unknowns)."""
    early = sorted((y, f) for f, y in families.items() if end - 2 * SPAN < y < end)
    stopped = sorted((y, f) for f, y in families.items() if y <= end - 2 * SPAN)
    parts = [f"{f} last coded {y}" for y, f in early]
    out = ("coding stops inside the windows for " + ", ".join(parts) +
           ": later agreements of these families may be missing, so the recent count is a "
           "lower bound") if parts else ""
    if stopped:
        out += ("; " if out else "") + (f"{len(stopped)} families last coded before "
                                        f"{end - 2 * SPAN + 1} (e.g. {stopped[-1][1]}, "
                                        f"{stopped[-1][0]}) do not enter either window")
    return out


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
