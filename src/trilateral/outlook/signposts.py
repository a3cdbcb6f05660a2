"""Signposts: observable thresholds that would show a path becoming the dominant one.

Each signpost is a rule on data: on a key series (e.g. "the US share of goods trade with Canada
and Mexico rose two years in a row"), on the evidence ledger ("3 or more events against
integration in 12 months"), or on survey waves. :meth:`Signpost.status` says whether it is met on
a date, from what was public then (``unknown`` when the data are missing or too short), and
:meth:`Signpost.probability` says how likely it is to be met by a later date:

* series rules: the share of simulated paths of the series' fitted models (:mod:`.forecast`;
  paths split among the candidates by AICc weight) that meet the rule in that year;
* ledger rules: a Poisson count of matching events in the part of the window still to come, at
  the rate of the previous five years (or the ledger's whole span, if shorter);
* survey-wave rules: no model, so no probability (``None``).

Thresholds are definitions, stated in each signpost's text, chosen against the ledger's base
rates (about three bureaucratic and two reversal events a year in 1988-2024), not fitted.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from trilateral.outlook import targets as tg
from trilateral.outlook.forecast import SeriesForecast, last_run

Status = Literal["met", "not met", "unknown"]
LENS = "americanization"
RATE_MONTHS = 60


@dataclass
class Context:
    """What signposts are evaluated on: observations, ledger events, forecasts made at ``day``."""

    obs: tg.Observations
    events: pd.DataFrame
    forecasts: dict[str, SeriesForecast] = field(default_factory=dict)
    day: dt.date | None = None


@dataclass
class Reading:
    """A signpost's status on a date, what it rests on, and its probability of being met."""

    status: Status
    detail: str
    evidence: list[str] = field(default_factory=list)
    probability: float | None = None
    method: str = ""


@dataclass(frozen=True)
class Rule:
    """A condition on the last values of an annual series."""

    kind: Literal["rises", "falls", "not_above_lag", "below_lag", "above"]
    k: int = 2
    threshold: float = 0.0

    @property
    def need(self) -> int:
        return {"rises": self.k + 1, "falls": self.k + 1, "above": self.k}.get(self.kind,
                                                                            self.k + 1)

    def __call__(self, v: np.ndarray) -> np.ndarray:
        """``v``: (paths, years); true where the rule holds in the last year."""
        tail = v[:, -self.need:]
        if self.kind == "rises":
            return np.all(np.diff(tail, axis=1) > 0, axis=1)
        if self.kind == "falls":
            return np.all(np.diff(tail, axis=1) < 0, axis=1)
        if self.kind == "above":
            return np.all(tail > self.threshold, axis=1)
        if self.kind == "below_lag":
            return tail[:, -1] < tail[:, 0]
        return tail[:, -1] <= tail[:, 0]  # not_above_lag


@dataclass(frozen=True)
class Signpost:
    id: str
    path: str
    text: str

    def status(self, ctx: Context, day: dt.date) -> Reading:  # pragma: no cover - abstract
        raise NotImplementedError

    def probability(self, ctx: Context, until: dt.date, year: int) -> tuple[float | None, str]:
        """P(met by ``until``); series rules are read on the value of ``year``."""
        return None, "no model for this signpost: its status is carried forward"

    def outcome_year(self, ctx: Context, day: dt.date) -> int:
        """The year a status on ``day`` is about (series: the last year known then)."""
        return day.year

    def read(self, ctx: Context, day: dt.date, until: dt.date, year: int) -> Reading:
        reading = self.status(ctx, day)
        reading.probability, reading.method = self.probability(ctx, until, year)
        return reading

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "path": self.path, "text": self.text}


@dataclass(frozen=True)
class SeriesSignpost(Signpost):
    target: tg.Target = tg.TRADE_TARGETS[0]
    rule: Rule = Rule("rises")

    def status(self, ctx: Context, day: dt.date) -> Reading:
        run = last_run(ctx.obs.history(self.target, day))
        if len(run) < self.rule.need:
            return Reading("unknown", f"needs {self.rule.need} consecutive years of "
                                      f"{self.target.label}; {len(run)} known")
        tail = run.iloc[-self.rule.need:]
        met = bool(self.rule(run.to_numpy()[None, :])[0])
        values = ", ".join(f"{y}: {v:.2f}" for y, v in tail.items())
        return Reading("met" if met else "not met", values,
                       [ctx.obs.meta(self.target)["sources"]])

    def outcome_year(self, ctx: Context, day: dt.date) -> int:
        run = ctx.obs.history(self.target, day)
        return int(run.index[-1]) if len(run) else day.year

    def probability(self, ctx: Context, until: dt.date, year: int) -> tuple[float | None, str]:
        sf = ctx.forecasts.get(self.target.key)
        if sf is None or not sf.ok:
            return None, "no forecast of the series"
        if year > sf.years[-1]:
            return None, f"the forecast ends in {sf.years[-1]}"
        idx = year - sf.years[0]
        hist = sf.history.to_numpy()
        if idx < 0:
            return None, "the year is already known: see the status"
        sims = sf.simulate()[: idx + 1].T
        paths = np.hstack([np.tile(hist, (sims.shape[0], 1)), sims])
        if paths.shape[1] < self.rule.need:
            return None, f"needs {self.rule.need} consecutive years"
        return float(np.mean(self.rule(paths))), (
            f"share of {sims.shape[0]} simulated paths of the {sf.model} meeting the rule in "
            f"{sf.years[idx]}")


@dataclass(frozen=True)
class LedgerSignpost(Signpost):
    months: int = 12
    threshold: int = 1
    path_filter: str | None = None
    direction: str | None = None
    level: str | None = None

    def matching(self, events: pd.DataFrame) -> pd.DataFrame:
        ev = events
        for col, want in (("path", self.path_filter), ("direction", self.direction),
                          ("level", self.level)):
            if want is not None:
                ev = ev[ev[col] == want]
        return ev

    def status(self, ctx: Context, day: dt.date) -> Reading:
        start = pd.Timestamp(day) - pd.DateOffset(months=self.months)
        gap = _coverage_gap(ctx.events, start)
        if gap:
            return Reading("unknown", gap)
        ev = self.matching(ctx.events)
        hits = ev[(ev["date"] > start) & (ev["date"] <= pd.Timestamp(day))]
        met = len(hits) >= self.threshold
        dates = ctx.events["date"]
        last = pd.Timestamp(dates[dates <= pd.Timestamp(day)].max()).date()
        return Reading("met" if met else "not met",
                       f"{len(hits)} matching events in the {self.months} months to {day} "
                       f"(latest ledger event by then: {last})", list(hits["id"]))

    def probability(self, ctx: Context, until: dt.date, year: int) -> tuple[float | None, str]:
        day = ctx.day or dt.date.today()
        first = _first(ctx.events)
        if first is None:
            return None, "the ledger has no events"
        span = min(RATE_MONTHS, _months(first.date(), day))
        if span < 12:
            return None, "under a year of ledger coverage to estimate a rate"
        ev = self.matching(ctx.events)
        now = pd.Timestamp(day)
        rate = len(ev[(ev["date"] > now - pd.DateOffset(months=span)) & (ev["date"] <= now)]) / span
        start = pd.Timestamp(until) - pd.DateOffset(months=self.months)
        have = len(ev[(ev["date"] > start) & (ev["date"] <= now)]) if start < now else 0
        ahead = min(self.months, max(_months(day, until), 0))
        need = self.threshold - have
        p = 1.0 if need <= 0 else float(stats.poisson.sf(need - 1, rate * ahead))
        return p, (f"Poisson: {rate * 12:.2f} matching events a year (the {span} months to "
                   f"{day}), {have} already in the window")


@dataclass(frozen=True)
class WaveSignpost(Signpost):
    """Survey-wave rules (values path): status only, since waves get no model."""

    def status(self, ctx: Context, day: dt.date) -> Reading:
        obs = ctx.obs.known(day)
        return _WAVE_RULES[self.id](obs)


def _converging(obs: pd.DataFrame) -> Reading:
    d = obs[obs["indicator"] == "values_dispersion"].sort_values("year")
    if len(d) < 2:
        return Reading("unknown", f"needs two waves of the three's dispersion; {len(d)} known")
    a, b = d.iloc[-2], d.iloc[-1]
    return Reading("met" if b["value"] < a["value"] else "not met",
                   f"{a['basis']}: {a['value']:.3f}; {b['basis']}: {b['value']:.3f}",
                   [str(b["sources"])])


def _wave(basis: str) -> int | None:
    m = re.search(r"wave (\d+)", str(basis))
    return int(m.group(1)) if m else None


def _mexico_closer(obs: pd.DataFrame) -> Reading:
    cd = obs[(obs["indicator"] == "cultural_distance") & (obs["reporter"] == "USA")
             & (obs["partner"] == "MEX")]
    rd = obs[(obs["indicator"] == "reference_distance") & (obs["reporter"] == "MEX")
             & (obs["partner"] == "latin_america")]
    to_us = {_wave(r.basis): r.value for r in cd.itertuples()}
    to_la = {_wave(r.basis): r.value for r in rd.itertuples()}
    waves = sorted(w for w in set(to_us) & set(to_la) if w is not None)
    if not waves:
        return Reading("unknown", "no wave with both Mexico-US and Mexico-Latin America distances")
    w = waves[-1]
    return Reading("met" if to_us[w] < to_la[w] else "not met",
                   f"WVS wave {w}: to the US {to_us[w]:.3f}, to the Latin American median "
                   f"{to_la[w]:.3f}", [str(cd["sources"].iloc[-1])])


_WAVE_RULES = {"values_converging": _converging, "mexico_closer_to_us": _mexico_closer}


def _first(events: pd.DataFrame) -> pd.Timestamp | None:
    return None if events.empty else pd.Timestamp(events["date"].min())


def _coverage_gap(events: pd.DataFrame, start: pd.Timestamp) -> str:
    first = _first(events)
    if first is None:
        return "the evidence ledger has no events"
    if first > start:
        return f"the ledger starts on {first.date()}, after the window opens ({start.date()})"
    return ""


def _months(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + (b.month - a.month)


US_NA = tg.TRADE_TARGETS[0]
_BY_KEY = {t.key: t for t in tg.TARGETS}


def _t(key: str) -> tg.Target:
    return _BY_KEY[key]


def _exports(reporter: str) -> tg.Target:
    return tg.Target("trade_share", reporter, "USA", "exports", tg.SHARE,
                     f"share of {reporter}'s goods exports going to the US")


SIGNPOSTS: tuple[Signpost, ...] = (
    LedgerSignpost("bureaucratic_pace", "bureaucratic",
                   "4 or more pro-integration bureaucratic events in 12 months", 12, 4,
                   "bureaucratic", "+"),
    SeriesSignpost("us_share_rising", "bureaucratic",
                   "US share of goods trade with Canada and Mexico rose two years in a row",
                   US_NA, Rule("rises", 2)),
    LedgerSignpost("subfederal_activity", "political",
                   "2 or more political events at subfederal level in 24 months", 24, 2,
                   "political", None, "subfederal"),
    LedgerSignpost("legislative_activity", "political",
                   "3 or more political events in national legislatures in 12 months", 12, 3,
                   "political", None, "legislature"),
    LedgerSignpost("trilateral_body_action", "institutional",
                   "a trilateral body created or acting to deepen integration (institutional "
                   "event at trilateral-body level, direction +) in 24 months", 24, 1,
                   "institutional", "+", "trilateral-body"),
    LedgerSignpost("institutional_pace", "institutional",
                   "2 or more pro-integration institutional events in 12 months", 12, 2,
                   "institutional", "+"),
    WaveSignpost("values_converging", "values",
                 "the three's spread on the cultural map fell from one survey wave to the next"),
    WaveSignpost("mexico_closer_to_us", "values",
                 "Mexico closer to the US than to the Latin American median on the cultural map"),
    LedgerSignpost("reversal_events", "reversal",
                   "3 or more events against integration (direction -) in 12 months", 12, 3,
                   None, "-"),
    SeriesSignpost("us_share_falling", "reversal",
                   "US share of goods trade with Canada and Mexico fell two years in a row",
                   US_NA, Rule("falls", 2)),
    SeriesSignpost("no_regional_gain", "globalization",
                   "US share of goods trade with Canada and Mexico at or below its level ten "
                   "years earlier", US_NA, Rule("not_above_lag", 10)),
    SeriesSignpost("introversion_falling", "globalization",
                   "regional introversion of the three below its level five years earlier",
                   _t("regional_introversion:USA+CAN+MEX:USA+CAN+MEX:total"),
                   Rule("below_lag", 5)),
    SeriesSignpost("china_share_rising", "globalization",
                   "China's share of US goods trade rose two years in a row",
                   _t("trade_share:USA:CHN:total"), Rule("rises", 2)),
    SeriesSignpost("canada_exports_80", LENS,
                   "over 80% of Canada's goods exports go to the US (the essay's figure)",
                   _exports("CAN"), Rule("above", 1, 80.0)),
    SeriesSignpost("mexico_exports_80", LENS,
                   "over 80% of Mexico's goods exports go to the US (the essay's figure)",
                   _exports("MEX"), Rule("above", 1, 80.0)),
)


def evaluate(ctx: Context, day: dt.date, horizon: int,
             signposts: tuple[Signpost, ...] = SIGNPOSTS) -> list[dict[str, Any]]:
    """Each signpost's status on ``day`` and its probability of being met in ``horizon``."""
    until = dt.date(horizon, 12, 31)
    out = []
    for s in signposts:
        r = s.read(ctx, day, until, horizon)
        out.append({**s.to_dict(), "status": r.status, "detail": r.detail,
                    "evidence": r.evidence, "probability": r.probability,
                    "probability_by": until.isoformat(), "probability_method": r.method})
    return out
