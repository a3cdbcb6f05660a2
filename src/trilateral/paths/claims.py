"""The 2006 essay's claims, tested as of the Cancún summit (2006-03-31) and as of today.

Each claim is stated as the essay states it (paraphrased) and tested with what was public at
each date: trade shares from the trade indicators (cut at the date by their publication lag),
and documented events from the evidence ledger (dated on or before it). A claim's status at a
date is ``holds``, ``fails``, ``partly`` (some of its parts hold), ``ended`` (the arrangement it
describes no longer exists) or ``no data``.

>>> from trilateral.paths.claims import claims
>>> [c.to_dict()["then"]["status"] for c in claims()]  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

CANCUN = dt.date(2006, 3, 31)
ESSAY = "Sands, 'Different Paths Leading from Cancún' (2006)"
SPOKE_BAR = 80.0
US_BAR = 50.0


@dataclass
class Figure:
    """One figure or event behind a claim at one date."""

    label: str
    value: float | None
    unit: str
    year: int | None
    source: str
    holds: bool | None = None
    date: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Reading:
    """A claim tested at one date."""

    as_of: str
    status: str  # holds / fails / partly / ended / no data
    summary: str
    figures: list[Figure] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"as_of": self.as_of, "status": self.status, "summary": self.summary,
                "figures": [f.to_dict() for f in self.figures]}


@dataclass
class Claim:
    id: str
    claim: str
    kind: str  # "quantitative" or "documentary"
    then: Reading
    now: Reading

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "claim": self.claim, "kind": self.kind, "source": ESSAY,
                "then": self.then.to_dict(), "now": self.now.to_dict()}


def claims(today: dt.date | None = None, tables: Any = None) -> list[Claim]:
    """Every claim, then (2006-03-31) and now (``today``, default the current date)."""
    from trilateral.indicators.inputs import Tables
    from trilateral.paths.context import Context

    tables = tables or Tables()
    then, now = Context(CANCUN, tables), Context(today, tables)
    return [
        Claim("spokes_over_80", "Canada and Mexico each rely on the United States for more "
              "than 80 percent of their imports and of their exports.", "quantitative",
              _spokes(then), _spokes(now)),
        Claim("us_under_half", "The United States does less than half of its global trade "
              "with Canada and Mexico.", "quantitative", _us(then), _us(now)),
        Claim("nafta_working_groups", "NAFTA set up trilateral working groups of officials "
              "(rules of origin and customs, Art. 513; standards, Art. 913; trade and "
              "competition, Art. 1504; temporary entry, Art. 1605).", "documentary",
              _events(then, WORKING_GROUPS), _events(now, WORKING_GROUPS)),
        Claim("spp", "The Security and Prosperity Partnership (launched at Waco in March 2005) "
              "engages officials of the three governments in working groups.", "documentary",
              _events(then, SPP), _events(now, SPP)),
    ]


def to_dict(items: list[Claim]) -> dict[str, Any]:
    return {"essay": ESSAY, "then": CANCUN.isoformat(), "claims": [c.to_dict() for c in items]}


# ---------------------------------------------------------------------- trade shares
def _share(ctx: Any, reporter: str, partner: str, flow: str) -> Figure | None:
    df = ctx.indicator("trade_share", reporter=reporter, partner=partner, flow=flow)
    df = df.dropna(subset=["value"])
    if df.empty:
        return None
    from trilateral.paths.registry import source_label

    r = df.iloc[-1]
    return Figure(f"{reporter} {flow} share with {partner}", float(r["value"]), "percent",
                  int(r["year"]), source_label(ctx, str(r["sources"])),
                  date=f"{int(r['year'])}-12-31")


def _as_of(ctx: Any) -> str:
    return ctx.today.isoformat()


def _spokes(ctx: Any) -> Reading:
    figs = []
    for spoke in ("CAN", "MEX"):
        for flow in ("exports", "imports"):
            f = _share(ctx, spoke, "USA", flow)
            if f is not None:
                f.holds = f.value is not None and f.value > SPOKE_BAR
                figs.append(f)
    if not figs:
        return Reading(_as_of(ctx), "no data", "no trade shares public by this date")
    held = [f for f in figs if f.holds]
    status = "holds" if len(held) == len(figs) == 4 else "partly" if held else "fails"
    parts = "; ".join(f"{f.label} {f.value:.1f}% in {f.year}" for f in figs)
    return Reading(_as_of(ctx), status,
                   f"{len(held)} of {len(figs)} flows above {SPOKE_BAR:.0f}%: {parts}", figs)


def _us(ctx: Any) -> Reading:
    f = _share(ctx, "USA", "CAN+MEX", "total")
    if f is None:
        return Reading(_as_of(ctx), "no data", "no US trade share public by this date")
    f.holds = f.value is not None and f.value < US_BAR
    return Reading(_as_of(ctx), "holds" if f.holds else "fails",
                   f"the US did {f.value:.1f}% of its goods trade with Canada and Mexico in "
                   f"{f.year} (bar: under {US_BAR:.0f}%)", [f])


# ---------------------------------------------------------------------- documented events
# Ledger events that establish, continue or end each arrangement, by id, with their role.
WORKING_GROUPS = {
    "establish": ("1994-01-01-nafta-1504-working-group-trade-competition-begins",
                  "1994-06-14-nafta-913-land-transportation-standards-subcommittee",
                  "1995-11-01-nafta-1605-temporary-entry-working-group-meets",
                  "1996-06-05-nafta-913-automotive-standards-council-working-groups",
                  "1997-02-01-nafta-513-rules-of-origin-working-group-report"),
    "end": ("2020-07-01-usmca-enters-into-force",),
    "after": ("2021-05-18-usmca-free-trade-commission-first-meeting",
              "2022-07-08-usmca-free-trade-commission-second-meeting"),
    "ended": "NAFTA was replaced by USMCA on 2020-07-01; its working groups gave way to the "
             "USMCA Free Trade Commission and committees",
}
SPP = {
    "establish": ("2005-03-23-spp-launched-waco", "2005-06-27-spp-report-to-leaders",
                  "2006-03-31-cancun-leaders-summit"),
    "end": ("2009-08-01-spp-declared-inactive",),
    "after": (),
    "ended": "the SPP ceased to be an active initiative in August 2009",
}


def _events(ctx: Any, spec: dict[str, Any]) -> Reading:
    from trilateral.errors import NotFoundError
    from trilateral.evidence import ledger

    day = ctx.today
    figs: list[Figure] = []
    roles: dict[str, int] = {}
    for role in ("establish", "end", "after"):
        for eid in spec[role]:
            try:
                e = ledger.get(eid)
            except NotFoundError:
                continue
            date = dt.date.fromisoformat(str(e["date"])[:10])
            if date > day:
                continue
            src = e.get("source") or {}
            figs.append(Figure(str(e.get("title", eid)), None, "event", date.year,
                               str(src.get("publisher", "evidence ledger")), role != "end",
                               date.isoformat(), src.get("url")))
            roles[role] = roles.get(role, 0) + 1
    if not roles.get("establish"):
        return Reading(day.isoformat(), "no data", "no ledger event documents it by this date",
                       figs)
    if roles.get("end"):
        return Reading(day.isoformat(), "ended", f"{spec['ended']} (evidence ledger)", figs)
    return Reading(day.isoformat(), "holds",
                   f"{roles['establish']} ledger events document it by this date", figs)


# ---------------------------------------------------------------------- report section
def section(as_of: dt.date | None = None) -> dict[str, Any] | None:
    """The report section "The essay's claims, then and now" (a table, one row per claim)."""
    items = claims(as_of)
    rows = [[c.id, c.claim, c.then.status, c.then.summary, c.now.status, c.now.summary]
            for c in items]
    when = (as_of or dt.date.today()).isoformat()
    return {"title": "The essay's claims, then and now",
            "note": f"Each quantitative and documentary claim of {ESSAY}, tested with what was "
                    f"public on {CANCUN.isoformat()} and on {when}. Trade shares: the trade "
                    "indicators (goods); events: the evidence ledger with their sources.",
            "tables": [{"title": "The essay's claims", "columns": [
                "claim", "statement", f"status {CANCUN.isoformat()}", "figures then",
                f"status {when}", "figures now"], "rows": rows,
                "note": "holds / fails / partly / ended / no data"}],
            "charts": []}
