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
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from trilateral.errors import InputError
from trilateral.indicators import asof
from trilateral.outlook import scores, signposts
from trilateral.outlook import targets as tg
from trilateral.outlook.forecast import DEFAULT_CONFIG, SeriesForecast, get_config, project
from trilateral.outlook.inputs import LEDGER_CAVEAT
from trilateral.outlook.inputs import ledger_events as _events
from trilateral.outlook.inputs import row_key as _key

DEFAULT_START = 2000
DEFAULT_STEPS = 5
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
        """Brier scores per signpost and overall, with the persistence baseline."""
        per = {k: _brier(v) for k, v in _group(self.signpost_rows, lambda r: r["id"]).items()}
        return {"overall": _brier(self.signpost_rows), "by_signpost": per}

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.start, "to": self.end, "steps": self.steps,
                "origins": [origin_day(y).isoformat() for y in range(self.start, self.end + 1)],
                "config": self.config, "config_text": get_config(self.config).text,
                "known_by": self.known_by.isoformat() if self.known_by else None,
                "overall": self.overall(), "by_family": self.by_family(),
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
    return {"n": len(rows), "brier": scores.brier((r["probability"], r["outcome"]) for r in rows),
            "brier_persistence": scores.brier((r["persistence"], r["outcome"]) for r in pers),
            "n_persistence": len(pers),
            "base_rate": (sum(r["outcome"] for r in rows) / len(rows)) if rows else None}


def backtest(start: int = DEFAULT_START, end: int | None = None, steps: int = DEFAULT_STEPS, *,
             events: pd.DataFrame | None = None, obs: tg.Observations | None = None,
             config: str = DEFAULT_CONFIG, known_by: dt.date | None = None,
             with_signposts: bool = True,
             progress: Callable[[str], None] | None = None) -> Backtest:
    """Forecast from every origin year ``start``..``end`` and score against what happened.

    ``known_by`` keeps only realised values public by that date; ``with_signposts=False``
    skips the signpost scores; ``progress(step)`` is called as each origin starts.
    """
    end = dt.date.today().year - 1 if end is None else end
    _check(start, end, steps, known_by)
    get_config(config)
    events = _events(events)
    obs = tg.observations(events) if obs is None else obs
    truth = {t.key: obs.history(t, known_by) for t in tg.TARGETS}
    bt = Backtest(start, end, steps, labels={t.key: t.label for t in tg.TARGETS}, config=config,
                  known_by=known_by)
    for year in range(start, end + 1):
        if progress:
            progress(f"origin {year}")
        series = _origin(bt, obs, truth, year)
        if with_signposts:
            bt.signpost_rows += _signposts(obs, events, series, year, known_by)
    scored = {_key(r) for r in bt.rows}
    bt.unscored = {t.key: "no forecast with a realised value at any origin" for t in tg.TARGETS
                   if t.key not in scored}
    return bt


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


def _origin(bt: Backtest, obs: tg.Observations, truth: dict[str, pd.Series], year: int
            ) -> dict[str, SeriesForecast]:
    day, out = origin_day(year), {}
    for t in tg.TARGETS:
        sf = project(t, obs.history(t, day), year + bt.steps - 1, config=bt.config)
        out[t.key] = sf
        bt.rows += [{**r, "origin": year, "lead": r["year"] - year + 1}
                    for r in sf.score(truth[t.key]) if r["year"] >= year]
    return out


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
