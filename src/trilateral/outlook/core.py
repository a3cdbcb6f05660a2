"""The outlook at one as-of date: forecasts, signposts and the path index, scored if past."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from trilateral.errors import InputError, TrilateralError
from trilateral.indicators import asof
from trilateral.outlook import cache, calibrate, pathindex, scores, signposts
from trilateral.outlook import targets as tg
from trilateral.outlook.forecast import (
    DEFAULT_CONFIG,
    LEVELS,
    SeriesForecast,
    get_config,
    project,
)
from trilateral.outlook.inputs import LEDGER_CAVEAT
from trilateral.outlook.inputs import ledger_events as _events
from trilateral.outlook.inputs import row_key as _key
from trilateral.outlook.options import configuration

DEFAULT_HORIZON = 2030
@dataclass
class Outlook:
    """Everything the outlook says at ``as_of`` about the years up to ``horizon``."""

    as_of: dt.date | None
    horizon: int
    first_year: int
    series: list[SeriesForecast]
    signposts: list[dict[str, Any]]
    path_index: list[dict[str, Any]]
    verdicts: dict[str, Any] | None
    gaps: dict[str, str]
    provenance: dict[str, Any]
    truth: dict[str, pd.Series] = field(default_factory=dict)
    stakes: dict[str, Any] | None = None
    config: str = DEFAULT_CONFIG
    track_record: dict[str, Any] | None = None
    calibration: dict[str, Any] | None = None

    @property
    def past(self) -> bool:
        return self.as_of is not None and self.as_of < dt.date.today()

    def scored(self) -> list[dict[str, Any]]:
        """One row per series and forecast year with a realised value (past as-of dates)."""
        if not self.past:
            return []
        return [r for sf in self.series for r in sf.score(self.truth.get(sf.target.key,
                                                                        pd.Series(dtype=float)))]

    def items(self) -> list[dict[str, Any]]:
        """Every forecast item, with ``realized`` and its scores when the as-of date is past."""
        rows = [i for sf in self.series for i in sf.items(LEVELS)]
        for i in rows:
            i["kind"] = "forecast" if i["year"] >= self.first_year else "nowcast"
        if self.past:
            _attach_realized(rows, self.scored())
        return rows

    def scores(self) -> dict[str, Any] | None:
        """Coverage and skill against persistence, overall and per series (past dates only)."""
        if not self.past:
            return None
        rows = [r for r in self.scored() if r["year"] >= self.first_year]
        by = {}
        for sf in self.series:
            mine = [r for r in rows if _key(r) == sf.target.key]
            if mine:
                by[sf.target.key] = {"label": sf.target.label, **scores.summarise(mine)}
        return {"overall": scores.summarise(rows),
                "by_family": scores.by_family(rows, tg.FAMILY_LABELS), "by_series": by}

    def skill(self) -> dict[str, dict[str, Any]]:
        """Per indicator family: did the models beat persistence, in the track record (the
        backtest before the as-of date) and, for a past date, in what happened since?"""
        track = (self.track_record or {}).get("by_family", {})
        realised = (self.scores() or {}).get("by_family", {})
        out = {}
        for fam in sorted({sf.target.family for sf in self.series if sf.ok}):
            t, r = track.get(fam), realised.get(fam)
            out[fam] = {"label": tg.FAMILY_LABELS.get(fam, fam),
                        "track_record": t["skill_note"] if t else _no_track(self.track_record),
                        "realised": r["skill_note"] if r else None}
        return out

    def to_dict(self) -> dict[str, Any]:
        items = self.items()
        return {
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "horizon": self.horizon, "first_forecast_year": self.first_year,
            "forecasts": [i for i in items if i["kind"] == "forecast"],
            "nowcasts": [i for i in items if i["kind"] == "nowcast"],
            "series": [sf.summary() for sf in self.series],
            "signposts": self.signposts,
            "path_index": self.path_index,
            "path_index_method": pathindex.METHOD,
            "calibration": self.calibration,
            "configuration": configuration(self.as_of),
            "verdicts": self.verdicts, "scores": self.scores(), "stakes": self.stakes,
            "method": {"config": self.config, "text": get_config(self.config).text},
            "skill": self.skill(), "track_record": self.track_record,
            "gaps": self.gaps, "caveats": [asof.REVISION_CAVEAT, LEDGER_CAVEAT],
            "provenance": self.provenance,
        }


def _no_track(track: dict[str, Any] | None) -> str:
    if track is None:
        return ("not computed: pass track_record (CLI --track-record YEARS) or run "
                "`trilateral outlook backtest`")
    return "no forecast of this family was scored in the track record"


def _attach_realized(items: list[dict[str, Any]], scored: list[dict[str, Any]]) -> None:
    by = {(_key(r), r["year"]): r for r in scored}
    keep = ("realized", "persistence", "scaled_error", "persistence_scaled_error", "crps",
            "persistence_crps")
    for i in items:
        r = by.get((_key(i), i["year"]))
        i.update({k: (r[k] if r else None) for k in keep})
        i["hit"] = r[f"hit{round(i['level'] * 100)}"] if r else None


def run(as_of: str | dt.date | None = None, horizon: int = DEFAULT_HORIZON, *,
        events: pd.DataFrame | None = None, obs: tg.Observations | None = None,
        assessment: Any = None, use_paths: bool = True, config: str = DEFAULT_CONFIG,
        track_record: int = 0, calibrated: bool = True) -> Outlook:
    """The outlook from what was public on ``as_of`` (default today) to ``horizon``.

    ``events`` (ledger frame), ``obs`` (from :func:`targets.observations`) and ``assessment``
    may be passed in to reuse them; ``use_paths=False`` skips the path assessment.
    ``config`` names the forecast configuration (:data:`.forecast.CONFIGS`);
    ``track_record=N`` backtests the N origin years before the as-of date with what was
    public on it, and reports per family whether the models beat persistence there.
    ``calibrated=False`` keeps the models' own intervals and skips the monthly jump-off.
    """
    day = asof.parse_as_of(as_of)
    first_year = check_dates(day, horizon)
    get_config(config)
    events = _events(events)
    obs = tg.observations(events) if obs is None else obs
    series = [project(t, obs.history(t, day), horizon, config=config, **obs.meta(t))
              for t in tg.TARGETS]
    calibration = _calibrate(series, obs, day, first_year, config) if calibrated else None
    ctx = signposts.Context(obs, events, {s.target.key: s for s in series}, day or dt.date.today())
    signs = signposts.evaluate(ctx, ctx.day, horizon)
    gaps = dict(obs.gaps)
    if assessment is None and use_paths:
        assessment = _assess(day, gaps)
    elif assessment is None:
        gaps["path verdicts"] = "not requested: each path's verdict piece counts 0.5"
    momentum = _momentum(events, ctx.day)
    probs = pathindex.compute(assessment, momentum, signs)
    truth = {t.key: obs.history(t) for t in tg.TARGETS} if day else {}
    out = Outlook(day, horizon, first_year, series, signs, probs, _verdicts(assessment), gaps,
                  _provenance(obs), truth, config=config,
                  track_record=_track(obs, events, day, track_record, config),
                  calibration=calibration)
    if use_paths and not out.past:
        out.stakes = _stakes(gaps)
    return out


def _calibrate(series: list[SeriesForecast], obs: tg.Observations, day: dt.date | None,
               first_year: int, config: str) -> dict[str, Any]:
    """Attach to each trade forecast its calibration (past errors resolved by ``day``) and,
    where monthly data lead, its jump-off; return what was used."""
    from trilateral.outlook import nowcast
    from trilateral.outlook.backtest import calibration_at, calibration_errors

    when = day or dt.date.today()
    rows = calibration_errors(obs, config)
    out: dict[str, Any] = {"method": calibrate.METHOD, "families": {}, "jump_offs": {}}
    tables = nowcast.monthly_tables()
    for fam in calibrate.CALIBRATED_FAMILIES:
        cal, pcal = calibration_at(rows, when, fam)
        out["families"][fam] = {"model": cal.to_dict(), "persistence": pcal.to_dict()}
        for sf in series:
            if sf.ok and sf.target.family == fam:
                sf.cal, sf.pcal, sf.first_year = cal, pcal, first_year
                _jump(sf, first_year, when, tables, out["jump_offs"])
    return out


def _jump(sf: SeriesForecast, first_year: int, day: dt.date, tables: dict[str, Any],
          record: dict[str, str]) -> None:
    from trilateral.outlook import nowcast

    if sf.target.indicator != "trade_share" or first_year not in sf.years:
        return
    t = sf.target
    sf.jump = nowcast.jump_off(t.reporter, t.partner, t.flow, t.transform, first_year,
                               sf.years.index(first_year), day, tables)
    if sf.jump is not None:
        record[t.key] = sf.jump.describe()


def _track(obs: tg.Observations, events: pd.DataFrame, day: dt.date | None, years: int,
           config: str) -> dict[str, Any] | None:
    """Per-family scores of the ``years`` origins before ``day``, with what was public then."""
    if years <= 0:
        return None
    from trilateral.outlook.backtest import DEFAULT_STEPS, backtest

    end = asof.as_of_year(day) - 1
    known = tg.Observations(obs.known(day), obs.gaps, obs.ledger) if day else obs
    bt = backtest(end - years + 1, end, DEFAULT_STEPS, events=events, obs=known, config=config,
                  with_signposts=False)
    return {"origins": [bt.start, bt.end], "steps": bt.steps, "by_family": bt.by_family(),
            "note": (f"backtest from 31 March {bt.start}-{bt.end}, {bt.steps} years ahead, "
                     f"scored on values public by {day or 'today'}")}


def check_dates(day: dt.date | None, horizon: int) -> int:
    """The first forecast year (the as-of year); raises InputError for impossible requests."""
    if day is not None and day > dt.date.today():
        raise InputError(f"the as-of date {day} is in the future", field="as_of")
    first = asof.as_of_year(day)
    if horizon < first:
        raise InputError(f"the horizon {horizon} is before the as-of year {first}",
                         field="horizon")
    return first


def _momentum(events: pd.DataFrame, day: dt.date) -> pd.DataFrame | None:
    if events.empty:
        return None
    from trilateral.evidence.momentum import path_momentum

    return path_momentum(events, day)


def _assess(day: dt.date | None, gaps: dict[str, str]) -> Any:
    """The paths' assessment, or None (and a gap) when the paths package is not available."""
    try:
        from trilateral import paths
    except ImportError as exc:
        gaps["path verdicts"] = f"trilateral.paths is not available ({exc})"
        return None
    return paths.assess(as_of=day)


def _stakes(gaps: dict[str, str]) -> dict[str, Any] | None:
    """What the reversal path puts at stake (GE scenario), when the scenarios can be run.

    Not shown for past as-of dates: the scenario rests on a panel published later.
    """
    try:
        from trilateral.scenarios.evidence import stakes
    except ImportError as exc:
        gaps["scenario stakes"] = f"trilateral.scenarios is not available ({exc})"
        return None
    try:
        s = stakes()
    except TrilateralError as exc:
        gaps["scenario stakes"] = str(exc)
        return None
    return {k: s[k] for k in ("scenario", "title", "unit", "effects", "interval", "text")}


def _verdicts(assessment: Any) -> dict[str, Any] | None:
    if assessment is None:
        return None
    return {p.id: {"verdict": p.verdict, "score": p.score, "lower": p.lower, "upper": p.upper}
            for p in assessment.paths}


def _provenance(obs: tg.Observations) -> dict[str, Any]:
    return {"sources": obs.sources(), "ledger": obs.ledger,
            "code_version": cache.code_version()}
