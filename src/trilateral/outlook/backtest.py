"""Rolling-origin backtest: forecast from each past 31 March with only what was public then.

At each origin year Y the series known on Y-03-31 (the ``available`` dates of
:mod:`trilateral.indicators.asof`, the ledger's event dates) are projected ``steps`` years,
Y .. Y+steps-1, and every forecast year with a realised value today is scored (:mod:`.scores`):
80% and 95% interval coverage, MASE and CRPS against persistence. Signposts are scored one year
ahead: the probability, at Y-03-31, that each is met on (Y+1)-03-31, against its status then
(Brier score), beside the persistence forecast "same status as now".

Scores are also summarised per indicator family with a note saying whether the models beat
persistence there (:func:`.scores.skill_note`). ``known_by`` scores only values public by that
date: with origins 1998-2005 and ``known_by`` 31 March 2006 it is the backtest the forecast
configuration was chosen by, using nothing the Cancún replay is scored on. ``config`` names a
forecast configuration (:data:`.forecast.CONFIGS`) to compare.

Realised values are today's vintage, like the inputs (see ``REVISION_CAVEAT``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd

from trilateral.errors import InputError
from trilateral.indicators import asof
from trilateral.outlook import cache, calibrate, scores, signposts
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

DEFAULT_START = 2000
DEFAULT_STEPS = 5
# first origin of the warm-up that calibrates the trade intervals (not scored): the first year
# a trade share has ten annual values (Canada's from 1985) on 31 March
CALIBRATION_START = 1995
_FORECAST_CODE = ("forecast.py", "predictive.py", "calibrate.py", "options.py", "transforms.py",
                  "backtest.py", "scores.py")


@lru_cache(maxsize=1)
def _code_hash() -> str:
    """A hash of the modules that turn fits into scored, normalised errors."""
    h = hashlib.sha256()
    for name in _FORECAST_CODE:
        h.update(name.encode() + (cache.PACKAGE / name).read_bytes())
    return h.hexdigest()[:16]
MONTH, DAY = 3, 31  # origins on the day of the year of the Cancún summit


def origin_day(year: int) -> dt.date:
    return dt.date(year, MONTH, DAY)


@dataclass
class Backtest:
    """Scored forecasts (one row per origin, series and year) and signpost probabilities."""

    start: int
    end: int
    steps: int
    rows: list[dict[str, Any]] = field(default_factory=list)
    signpost_rows: list[dict[str, Any]] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    unscored: dict[str, str] = field(default_factory=dict)
    config: str = DEFAULT_CONFIG
    known_by: dt.date | None = None
    warmup_rows: list[dict[str, Any]] = field(default_factory=list)

    def overall(self) -> dict[str, Any]:
        return scores.summarise(self.rows)

    def by_family(self) -> dict[str, dict[str, Any]]:
        """Scores per indicator family, each with a note on skill against persistence."""
        return scores.by_family(self.rows, tg.FAMILY_LABELS)

    def by_series(self) -> dict[str, dict[str, Any]]:
        return {k: {"label": self.labels.get(k, k), **scores.summarise(v)}
                for k, v in _group(self.rows, _key).items()}

    def by_lead(self) -> dict[int, dict[str, Any]]:
        return {k: scores.summarise(v) for k, v in
                sorted(_group(self.rows, lambda r: r["lead"]).items())}

    def signposts(self) -> dict[str, Any]:
        """Brier scores per signpost and overall, beside persistence and climatology; signposts
        worse than climatology are listed in ``worse_than_climatology``."""
        per = {k: _brier(v) for k, v in _group(self.signpost_rows, lambda r: r["id"]).items()}
        worse = sorted(k for k, v in per.items() if v["worse_than_climatology"])
        return {"overall": _brier(self.signpost_rows), "by_signpost": per,
                "worse_than_climatology": worse,
                "climatology": "the base rate of the outcome over the backtest's origins "
                               "(in-sample, so a demanding baseline)"}

    def headline(self) -> dict[str, Any]:
        """The headline skill: the trade-share family on its one (logit) scale; ledger counts
        (how many events the coders add) and other families are never part of it."""
        fam = self.by_family().get(tg.HEADLINE_FAMILY) or {"n": 0}
        return {"family": tg.HEADLINE_FAMILY, "label": tg.FAMILY_LABELS[tg.HEADLINE_FAMILY],
                "excludes": "ledger event counts, the introversion index and values series "
                            "(each reported in by_family on its own scale)", **fam}

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.start, "to": self.end, "steps": self.steps,
                "origins": [origin_day(y).isoformat() for y in range(self.start, self.end + 1)],
                "config": self.config, "config_text": get_config(self.config).text,
                "known_by": self.known_by.isoformat() if self.known_by else None,
                "configuration": configuration(origin_day(self.start)),
                "headline": self.headline(),
                "calibration": calibrate.METHOD,
                "all_series_mixed_scales": self.overall(), "by_family": self.by_family(),
                "by_series": self.by_series(),
                "by_lead": self.by_lead(), "signposts": self.signposts(),
                "unscored": self.unscored, "caveats": [asof.REVISION_CAVEAT, LEDGER_CAVEAT]}


def _group(rows: Iterable[dict[str, Any]], by: Callable[[dict[str, Any]], Any]
           ) -> dict[Any, list[dict[str, Any]]]:
    out: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        out[by(r)].append(r)
    return dict(out)


def _brier(rows: list[dict[str, Any]]) -> dict[str, Any]:
    pers = [r for r in rows if r["persistence"] is not None]
    base = (sum(r["outcome"] for r in rows) / len(rows)) if rows else None
    b = scores.brier((r["probability"], r["outcome"]) for r in rows)
    clim = scores.brier((base, r["outcome"]) for r in rows) if base is not None else None
    worse = b is not None and clim is not None and b > clim
    return {"n": len(rows), "brier": b,
            "brier_persistence": scores.brier((r["persistence"], r["outcome"]) for r in pers),
            "n_persistence": len(pers), "base_rate": base, "brier_climatology": clim,
            "worse_than_climatology": worse,
            "flag": (f"worse than climatology: Brier {b:.3f} against {clim:.3f} for the base "
                     f"rate {base:.2f}") if worse else ""}


def backtest(start: int = DEFAULT_START, end: int | None = None, steps: int = DEFAULT_STEPS, *,
             events: pd.DataFrame | None = None, obs: tg.Observations | None = None,
             config: str = DEFAULT_CONFIG, known_by: dt.date | None = None,
             with_signposts: bool = True, calibrated: bool = True,
             progress: Callable[[str], None] | None = None) -> Backtest:
    """Forecast from every origin year ``start``..``end`` and score against what happened.

    ``known_by`` keeps only realised values public by that date; ``with_signposts=False``
    skips the signpost scores; ``calibrated=False`` skips the calibrated intervals and their
    warm-up origins; ``progress(step)`` is called as each origin starts.
    """
    end = dt.date.today().year - 1 if end is None else end
    _check(start, end, steps, known_by)
    get_config(config)
    events = _events(events)
    obs = tg.observations(events) if obs is None else obs
    truth = {t.key: obs.history(t, known_by) for t in tg.TARGETS}
    bt = Backtest(start, end, steps, labels={t.key: t.label for t in tg.TARGETS}, config=config,
                  known_by=known_by)
    avail = _available(obs)
    first = min(start, CALIBRATION_START) if calibrated else start
    for year in range(first, end + 1):
        if progress and year >= start:
            progress(f"origin {year}")
        series = _origin(bt, obs, truth, year, avail)
        if with_signposts and year >= start:
            bt.signpost_rows += _signposts(obs, events, series, year, known_by)
    if calibrated:
        _calibrate(bt)
    scored = {_key(r) for r in bt.rows}
    bt.unscored = {t.key: "no forecast with a realised value at any origin" for t in tg.TARGETS
                   if t.key not in scored}
    return bt


def calibration_errors(obs: tg.Observations, config: str = DEFAULT_CONFIG,
                       steps: int = DEFAULT_STEPS) -> list[dict[str, Any]]:
    """The normalised errors of every trade forecast from the origins :data:`CALIBRATION_START`
    to last year (family, origin, lead, available, norm_error, persistence_norm_error): what
    :mod:`.calibrate` calibrates a forecast on, keeping those resolved before its date.

    Cached under the outlook cache, keyed by the trade observations, the configuration and the
    forecasting code, so a warm run does not recompute them.
    """
    fams = calibrate.CALIBRATED_FAMILIES
    frame = obs.frame[obs.frame["key"].isin([t.key for t in tg.TARGETS if t.family in fams])]
    k = cache.key("calibration-errors", config, steps, _code_hash(),
                  frame[["key", "year", "value", "available"]].astype(str).values.tolist())

    def compute() -> dict[str, Any]:
        last = dt.date.today().year - 1
        bt = Backtest(last + 1, last, steps, config=config)
        truth = {t.key: obs.history(t) for t in tg.TARGETS}
        avail = _available(obs)
        keep = ("family", "origin", "lead", "year", "available", "norm_error",
                "persistence_norm_error", "indicator", "reporter", "partner", "flow")
        for year in range(CALIBRATION_START, last + 1):
            _origin(bt, obs, truth, year, avail)
        return {"rows": [{x: r.get(x) for x in keep} for r in bt.warmup_rows]}

    return cache.cached(k, compute)["rows"]


def calibration_at(rows: list[dict[str, Any]], day: dt.date, family: str
                   ) -> tuple[calibrate.Calibration, calibrate.Calibration]:
    """The model's and persistence's calibrations at ``day``: errors of forecasts made before
    ``day`` whose realised values were public by then."""
    iso = day.isoformat()
    past = [r for r in rows if r["family"] == family and origin_day(r["origin"]).isoformat() < iso
            and r["available"] <= iso]
    return (calibrate.Calibration.from_errors((r["lead"], r["norm_error"]) for r in past),
            calibrate.Calibration.from_errors((r["lead"], r["persistence_norm_error"])
                                              for r in past))


def _check(start: int, end: int, steps: int, known_by: dt.date | None) -> None:
    if start > end:
        raise InputError(f"--from {start} is after --to {end}", field="from")
    if end >= dt.date.today().year:
        raise InputError(f"--to {end}: origins must be past years with realised values",
                         field="to")
    if known_by is not None and origin_day(end) >= known_by:
        raise InputError(f"--to {end}: the last origin must be before --known-by {known_by}",
                         field="known_by")
    if steps < 1:
        raise InputError("steps must be at least 1", field="steps")


def _origin(bt: Backtest, obs: tg.Observations, truth: dict[str, pd.Series], year: int,
            avail: dict[str, dict[int, str]]) -> dict[str, SeriesForecast]:
    day, out = origin_day(year), {}
    into = bt.rows if year >= bt.start else bt.warmup_rows
    for t in tg.TARGETS:
        if year < bt.start and t.family not in calibrate.CALIBRATED_FAMILIES:
            continue
        sf = project(t, obs.history(t, day), year + bt.steps - 1, config=bt.config)
        out[t.key] = sf
        into += [{**r, "origin": year, "lead": r["year"] - year + 1,
                  "available": avail.get(t.key, {}).get(r["year"], "9999-12-31")}
                 for r in sf.score(truth[t.key]) if r["year"] >= year]
    return out


def _available(obs: tg.Observations) -> dict[str, dict[int, str]]:
    """The date each observation became public, by series key and year."""
    out: dict[str, dict[int, str]] = defaultdict(dict)
    for k, y, a in obs.frame[["key", "year", "available"]].itertuples(index=False):
        out[k][int(y)] = str(a)
    return dict(out)


def _calibrate(bt: Backtest) -> None:
    """Calibrated-interval hits for the model and persistence, each row calibrated only on
    forecasts resolved before its origin (warm-up origins from :data:`CALIBRATION_START`)."""
    rows = bt.warmup_rows + bt.rows
    days = {r["origin"]: origin_day(r["origin"]).isoformat() for r in rows}
    calibrate.sequential_hits(rows, LEVELS, days)
    calibrate.sequential_hits(rows, LEVELS, days, error_key="persistence_norm_error",
                              prefix="pchit")


def _signposts(obs: tg.Observations, events: pd.DataFrame, series: dict[str, SeriesForecast],
               year: int, known_by: dt.date | None = None) -> list[dict[str, Any]]:
    day, later = origin_day(year), origin_day(year + 1)
    if later > min(dt.date.today(), known_by or dt.date.today()):
        return []
    ctx = signposts.Context(obs, events, series, day)
    rows = []
    for s in signposts.SIGNPOSTS:
        outcome = s.status(ctx, later)
        if outcome.status == "unknown":
            continue
        p, _ = s.probability(ctx, later, s.outcome_year(ctx, later))
        if p is None:
            continue
        now = s.status(ctx, day).status
        rows.append({"origin": year, "id": s.id, "path": s.path, "probability": p,
                     "outcome": outcome.status == "met",
                     "persistence": None if now == "unknown" else float(now == "met")})
    return rows
