"""The key series the outlook projects, and their observations with the dates they became known.

Observations come from :func:`trilateral.indicators.compute` (each value carries ``available``,
the first date it was public, set by :mod:`trilateral.indicators.asof`) and from the evidence
ledger (a year's event count per path is complete on 31 December of that year).
:meth:`Observations.known` keeps what was public on a date: the same ``available <= as_of``
rule ``compute`` applies, so one set of observations serves every origin of a backtest and
also supplies the realised values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from trilateral.evidence.schema import PATHS
from trilateral.indicators import asof

BLOC = "USA+CAN+MEX"
LEDGER = "ledger_events"
SHARE = "logit_pct"
# indicator families the scores are summarised by: series that behave alike and share sources
# one model scale per family, so a family's CRPS is averaged on a single scale: trade shares on
# the logit scale, the introversion index on the atanh scale, counts on log(1 + x)
FAMILIES: dict[str, str] = {
    "trade_share": "trade", "intraregional_share": "trade", "regional_introversion": "trade_index",
    "ledger_events": "ledger", "cultural_distance": "values", "values_dispersion": "values",
}
HEADLINE_FAMILY = "trade"  # the headline skill: never the ledger's own event counts
FAMILY_LABELS: dict[str, str] = {
    "trade": "trade shares (logit scale)",
    "trade_index": "regional introversion index (atanh scale)",
    "ledger": "coded ledger events per year",
    "values": "values distances (survey waves)",
}


@dataclass(frozen=True)
class Target:
    """One series: an indicator's reporter, partner and flow, the transform it is modelled on."""

    indicator: str
    reporter: str
    partner: str
    flow: str
    transform: str
    label: str

    @property
    def key(self) -> str:
        return f"{self.indicator}:{self.reporter}:{self.partner}:{self.flow}"

    @property
    def family(self) -> str:
        return FAMILIES.get(self.indicator, self.indicator)

    def ids(self) -> dict[str, str]:
        return {"indicator": self.indicator, "reporter": self.reporter, "partner": self.partner,
                "flow": self.flow}


def _share(reporter: str, partner: str, label: str) -> Target:
    return Target("trade_share", reporter, partner, "total", SHARE, label)


TRADE_TARGETS: tuple[Target, ...] = (
    _share("USA", "CAN+MEX", "US share of its goods trade with Canada and Mexico"),
    _share("USA", "CAN", "US share of its goods trade with Canada"),
    _share("USA", "MEX", "US share of its goods trade with Mexico"),
    _share("CAN", "USA", "Canada's dependence: share of its goods trade with the US"),
    _share("MEX", "USA", "Mexico's dependence: share of its goods trade with the US"),
    _share("USA", "CHN", "China's share of US goods trade"),
    _share("CAN", "CHN", "China's share of Canada's goods trade"),
    _share("MEX", "CHN", "China's share of Mexico's goods trade"),
    Target("regional_introversion", BLOC, BLOC, "total", "atanh",
           "regional introversion of the three (Iapadre index, -1..1)"),
    Target("intraregional_share", BLOC, BLOC, "total", SHARE,
           "intra-regional share of the three's goods trade"),
)
VALUES_TARGETS: tuple[Target, ...] = (
    Target("cultural_distance", "USA", "CAN", "n/a", "log", "cultural distance US-Canada"),
    Target("cultural_distance", "USA", "MEX", "n/a", "log", "cultural distance US-Mexico"),
    Target("cultural_distance", "CAN", "MEX", "n/a", "log", "cultural distance Canada-Mexico"),
    Target("values_dispersion", BLOC, BLOC, "n/a", "log",
           "spread of the three on the cultural map"),
)
LEDGER_TARGETS: tuple[Target, ...] = tuple(
    Target(LEDGER, "ledger", p, "count", "log1p", f"coded ledger events per year: {p} path")
    for p in PATHS
)
TARGETS: tuple[Target, ...] = TRADE_TARGETS + VALUES_TARGETS + LEDGER_TARGETS
INDICATORS = ("trade_share", "regional_introversion", "cultural_distance", "values_dispersion",
              "reference_distance")
COLUMNS = ["indicator", "reporter", "partner", "flow", "year", "value", "unit", "basis",
           "sources", "available"]


class Observations:
    """Every observation of the key series, with the dates they became public, by series key.

    ``frame`` has :data:`COLUMNS` plus ``key``; ``gaps`` names what is missing (tables,
    indicators, an empty ledger) and ``ledger`` the ledger's provenance.
    """

    def __init__(self, frame: pd.DataFrame, gaps: dict[str, str] | None = None,
                 ledger: dict[str, Any] | None = None) -> None:
        frame = frame.copy()
        frame["key"] = (frame["indicator"] + ":" + frame["reporter"] + ":" + frame["partner"]
                        + ":" + frame["flow"])
        frame["available"] = frame["available"].astype(str)
        self.frame = frame
        self.gaps = dict(gaps or {})
        self.ledger = dict(ledger or {})
        self._by_key = {k: g.sort_values("year") for k, g in frame.groupby("key", sort=False)}

    def known(self, as_of: dt.date | None) -> pd.DataFrame:
        """The observations public on ``as_of`` (all of them without a date)."""
        if as_of is None:
            return self.frame
        return self.frame[self.frame["available"] <= as_of.isoformat()]

    def history(self, target: Target, as_of: dt.date | None = None) -> pd.Series:
        """The target's values known on ``as_of``, indexed by year (ascending)."""
        df = self._by_key.get(target.key)
        if df is None:
            return pd.Series(dtype=float)
        if as_of is not None:
            df = df[df["available"] <= as_of.isoformat()]
        df = df.dropna(subset=["value"])
        return pd.Series(df["value"].to_numpy(dtype=float), index=df["year"].astype(int).to_numpy())

    def meta(self, target: Target) -> dict[str, str]:
        """The unit and sources of a target's observations (empty strings when it has none)."""
        df = self._by_key.get(target.key)
        if df is None or df.empty:
            return {"unit": "", "sources": ""}
        srcs = sorted({s.strip() for v in df["sources"].astype(str) for s in v.split(";")
                       if s.strip()})
        return {"unit": str(df["unit"].iloc[-1]), "sources": "; ".join(srcs)}

    def sources(self) -> list[str]:
        return sorted({s.strip() for v in self.frame["sources"].astype(str) for s in v.split(";")
                       if s.strip()})


def observations(events: pd.DataFrame | None = None) -> Observations:
    """The indicators' and the ledger counts' observations, with ``available`` dates."""
    ind, gaps = _indicators()
    led, led_gap = ledger_counts(events)
    gaps.update(led_gap)
    frames = [f for f in (ind[COLUMNS] if not ind.empty else None, led) if f is not None]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    ledger = (events.attrs if events is not None else {}).get("provenance") or {}
    return Observations(frame, gaps, ledger)


def _indicators() -> tuple[pd.DataFrame, dict[str, str]]:
    from trilateral import indicators

    have = [n for n in INDICATORS if n in indicators.INDICATORS]
    gaps = {n: "indicator not defined in trilateral.indicators" for n in INDICATORS
            if n not in have}
    df = indicators.compute(have)
    gaps.update({f"table {k}": v for k, v in df.attrs.get("gaps", {}).items()})
    return df, gaps


def ledger_counts(events: pd.DataFrame | None = None) -> tuple[pd.DataFrame | None, dict]:
    """Events per path and calendar year, from the ledger's first year to its last full year."""
    if events is None:
        from trilateral.evidence import ledger

        events = ledger.events()
    if events.empty:
        return None, {"evidence ledger": "the ledger has no events"}
    years = pd.to_datetime(events["date"]).dt.year
    # the last full year, and no year after the last coded event (an uncoded year is not zero)
    first, last = int(years.min()), min(dt.date.today().year - 1, int(years.max()))
    counts = (events.assign(year=years).groupby(["path", "year"]).size()
              .reindex(pd.MultiIndex.from_product([PATHS, range(first, last + 1)],
                                                  names=["path", "year"]), fill_value=0))
    src = "evidence ledger (" + str(events.attrs.get("provenance", {}).get("sha256", ""))[:12] + ")"
    rows = [{"indicator": LEDGER, "reporter": "ledger", "partner": p, "flow": "count",
             "year": y, "value": float(n), "unit": "coded events per year",
             "basis": "events dated in the year", "sources": src,
             "available": asof.year_end(y).isoformat()} for (p, y), n in counts.items()]
    return pd.DataFrame(rows, columns=COLUMNS), {}
