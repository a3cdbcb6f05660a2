"""Resolvable forecast questions: a registry kept as data (``questions.toml``), each with an
exact resolution rule, the series that resolves it, a base rate with its reference class, and
the probability trilateral gives with how it was computed.

* ``series`` questions ("will this share be below X in year Y?") take the calibrated forecast
  distribution of the series as of the issue date (:mod:`.forecast`, :mod:`.calibrate`, the
  monthly jump-off of :mod:`.nowcast`); the base rate is the share of the series' own past
  changes over the same number of years (on the model scale, known on the issue date) that
  would have met the rule from the last known value;
* ``ledger`` questions ("will a leaders' summit be held by 2028?") take a Poisson count of
  matching ledger events at the rate of the years before the issue date; the base rate is the
  share of calendar years since the first matching event with at least one, over the window;
* ``external`` questions need a series trilateral does not bundle: no model, so the
  probability is the base rate, and the question names the series that will resolve it.

A question is resolved when its data are in hand: the series value for its year is public
today, or the ledger covers its window. Resolved questions are scored with the Brier score and
the log score (natural log, lower is better), beside the same scores of the base rate.
:func:`append_record` appends the unresolved questions' probabilities, with the date and the
configuration, to an append-only record (JSON lines).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from trilateral.errors import InputError
from trilateral.outlook import scores
from trilateral.outlook import targets as tg

QUESTIONS_FILE = Path(__file__).resolve().parent / "questions.toml"
RECORD_FILE = Path(__file__).resolve().parent / "forecast_record.jsonl"
KINDS = ("series", "ledger", "external")
REQUIRED = ("id", "question", "issued", "resolves", "kind", "rule", "resolving_series")
BY_KIND = {"series": ("indicator", "reporter", "partner", "flow", "year", "op", "threshold"),
           "ledger": ("match", "window_start", "window_end", "rate_years"),
           "external": ("base_rate", "base_rate_class")}
NOTE = ("Questions issued before 2026-12-04 are replays: written afterwards with rule-based "
        "thresholds and computed only from what was public on the issue date, with today's "
        "data vintages and a configuration fixed after that date (in-sample for the "
        "configuration).")


@dataclass(frozen=True)
class Question:
    """One question as written in the registry."""

    id: str
    question: str
    issued: dt.date
    resolves: dt.date
    kind: str
    rule: str
    resolving_series: str
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def target(self) -> tg.Target:
        f = self.fields
        return tg.Target(f["indicator"], f["reporter"], f["partner"], f["flow"], tg.SHARE
                         if f["indicator"] in ("trade_share", "intraregional_share") else "atanh",
                         self.question)


def load(path: Path | None = None) -> list[Question]:
    """The registry; a malformed file raises :class:`InputError` naming file, entry and field."""
    path = path or QUESTIONS_FILE
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not a readable TOML file: {exc}", file=str(path)) from exc
    items = raw.get("question")
    if not isinstance(items, list) or not items:
        raise InputError("no [[question]] entries", file=str(path), field="question")
    out = [_question(i + 1, q, path) for i, q in enumerate(items)]
    seen: set[str] = set()
    for i, q in enumerate(out):
        if q.id in seen:
            raise InputError(f"duplicate id {q.id!r}", file=str(path), row=i + 1, field="id")
        seen.add(q.id)
    return out


def _question(row: int, q: Any, path: Path) -> Question:
    def bad(fld: str, why: str) -> InputError:
        return InputError(why, file=str(path), row=row, field=fld)

    if not isinstance(q, dict):
        raise bad("question", "each [[question]] must be a table")
    for f in REQUIRED:
        if f not in q or q[f] in ("", None):
            raise bad(f, f"missing field {f!r}")
    for f in ("issued", "resolves"):
        if not isinstance(q[f], dt.date) or isinstance(q[f], dt.datetime):
            raise bad(f, f"{f!r} must be an ISO date")
    if q["kind"] not in KINDS:
        raise bad("kind", f"kind must be one of {', '.join(KINDS)}")
    for f in BY_KIND[q["kind"]]:
        if f not in q:
            raise bad(f, f"a {q['kind']} question needs {f!r}")
    if q["resolves"] < q["issued"]:
        raise bad("resolves", "resolves before it is issued")
    _check_kind(q, bad)
    fields = {k: v for k, v in q.items() if k not in REQUIRED}
    return Question(str(q["id"]), str(q["question"]), q["issued"], q["resolves"], q["kind"],
                    str(q["rule"]), str(q["resolving_series"]), fields)


def _check_kind(q: dict[str, Any], bad: Any) -> None:
    if q["kind"] == "series":
        if q["op"] not in ("<", ">"):
            raise bad("op", "op must be '<' or '>'")
        t = q["threshold"]
        if not (t == "last_known" or (isinstance(t, int | float) and not isinstance(t, bool))):
            raise bad("threshold", "threshold must be a number or 'last_known'")
        if not isinstance(q["year"], int):
            raise bad("year", "year must be an integer")
    elif q["kind"] == "ledger":
        try:
            re.compile(q["match"])
        except re.error as exc:
            raise bad("match", f"not a regular expression: {exc}") from exc
        if q["window_end"] < q["window_start"]:
            raise bad("window_end", "the window ends before it starts")
    else:
        b = q["base_rate"]
        if not isinstance(b, int | float) or not 0 < b < 1:
            raise bad("base_rate", "base_rate must be a number strictly between 0 and 1")


# --- evaluation -------------------------------------------------------------------------------

def evaluate(path: Path | None = None, *, obs: tg.Observations | None = None,
             events: pd.DataFrame | None = None, today: dt.date | None = None,
             config: str | None = None, record: Path | None = None) -> dict[str, Any]:
    """Every question with its probability, base rate, status and (if resolved) scores."""
    from trilateral.outlook import options
    from trilateral.outlook.inputs import ledger_events

    events = ledger_events(events)
    obs = tg.observations(events) if obs is None else obs
    today = today or dt.date.today()
    config = config or options.frozen_config()
    rows = [_evaluate(q, obs, events, today, config) for q in load(path)]
    return {"questions": rows, "scores": score([r for r in rows if r["outcome"] is not None]),
            "configuration": options.configuration(None), "note": NOTE,
            "record": read_record(record or RECORD_FILE)}


def _evaluate(q: Question, obs: tg.Observations, events: pd.DataFrame, today: dt.date,
              config: str) -> dict[str, Any]:
    from trilateral.outlook import options

    if q.kind == "series":
        p, how, base, cls, outcome, status, thr = _series(q, obs, today, config)
    elif q.kind == "ledger":
        p, how, base, cls, outcome, status = _ledger(q, events, today)
        thr = None
    else:
        base, cls = float(q.fields["base_rate"]), str(q.fields["base_rate_class"])
        p, how = base, "no model: trilateral gives the base rate"
        outcome, status, thr = None, _external_status(q, today), None
    out = {"id": q.id, "question": q.question, "kind": q.kind, "issued": q.issued.isoformat(),
           "resolves": q.resolves.isoformat(), "rule": q.rule,
           "resolving_series": q.resolving_series, "threshold": thr,
           "probability": p, "probability_method": how,
           "base_rate": {"value": base, "reference_class": cls},
           "status": status, "outcome": outcome, "replay": q.issued < options.REGISTRY_START,
           "configuration": options.configuration(q.issued)}
    if outcome is not None:
        out["scores"] = score([out])
    return out


def _external_status(q: Question, today: dt.date) -> str:
    if today < q.resolves:
        return "open"
    return "unresolved: the resolving series is not bundled"


def _series(q: Question, obs: tg.Observations, today: dt.date, config: str) -> tuple:
    from trilateral.indicators import asof
    from trilateral.outlook import calibrate, nowcast
    from trilateral.outlook.backtest import calibration_at, calibration_errors
    from trilateral.outlook.forecast import project

    t, f = q.target, q.fields
    hist = obs.history(t, q.issued)
    if hist.empty:
        return None, "no data public on the issue date", None, "", None, "no data", None
    last_year, last = int(hist.index[-1]), float(hist.iloc[-1])
    thr = last if f["threshold"] == "last_known" else float(f["threshold"])
    year = int(f["year"])
    sf = project(t, hist, max(year, last_year + 1), config=config)
    p, how = None, sf.reason
    if sf.ok and year in sf.years:
        first = asof.as_of_year(q.issued)
        sf.cal, _ = calibration_at(calibration_errors(obs, config), q.issued, t.family
                                   if t.family in calibrate.CALIBRATED_FAMILIES else "trade")
        sf.first_year = first
        if first in sf.years:
            sf.jump = nowcast.jump_off(t.reporter, t.partner, t.flow, t.transform, first,
                                       sf.years.index(first), q.issued)
        below = sf.prob_below(sf.years.index(year), thr)
        if below is not None:
            p = below if f["op"] == "<" else 1.0 - below
            how = (f"calibrated forecast distribution of {sf.model} as of {q.issued}, lead "
                   f"{sf.lead(sf.years.index(year))}" + (f"; {sf.jump.describe()}"
                                                          if sf.jump is not None else ""))
    base, cls = _series_base_rate(hist, t.transform, year - last_year, thr, f["op"])
    outcome, status = _series_outcome(q, obs, t, year, thr, today)
    return p, how, base, cls, outcome, status, thr


def _series_base_rate(hist: pd.Series, transform: str, h: int, thr: float, op: str
                      ) -> tuple[float | None, str]:
    from trilateral.outlook.transforms import get

    tr = get(transform)
    z = pd.Series(tr.forward(hist.to_numpy()), index=hist.index.astype(int))
    changes = [z[y + h] - z[y] for y in z.index if y + h in z.index]
    if len(changes) < 5:
        return None, f"fewer than 5 past {h}-year changes of the series"
    need = float(tr.forward(np.array([thr]))[0]) - float(z.iloc[-1])
    hits = sum((c < need) if op == "<" else (c > need) for c in changes)
    rate = (hits + 0.5) / (len(changes) + 1)
    return rate, (f"the series' {len(changes)} past {h}-year changes "
                  f"({int(z.index[0])}-{int(z.index[-1])}, model scale) applied to the last "
                  f"known value; {hits} would have met the rule (smoothed (k + 1/2) / (n + 1))")


def _series_outcome(q: Question, obs: tg.Observations, t: tg.Target, year: int, thr: float,
                    today: dt.date) -> tuple[bool | None, str]:
    real = obs.history(t, today)
    if year not in real.index:
        return None, "open" if today < q.resolves else "unresolved: no value for the year yet"
    v = float(real[year])
    outcome = v < thr if q.fields["op"] == "<" else v > thr
    return outcome, f"resolved: {v:.2f} in {year}"


def _matching(q: Question, events: pd.DataFrame) -> pd.DataFrame:
    f = q.fields
    ev = events[events["title"].astype(str).str.contains(f["match"], regex=True)]
    for col in ("direction", "level"):
        if col in f:
            ev = ev[ev[col] == f[col]]
    if "countries" in f:
        ev = ev[ev["countries"].astype(str).str.contains(f["countries"], regex=False)]
    return ev


def _ledger(q: Question, events: pd.DataFrame, today: dt.date) -> tuple:
    f = q.fields
    ev = _matching(q, events)
    dates = pd.to_datetime(ev["date"])
    issued = pd.Timestamp(q.issued)
    start, end = pd.Timestamp(f["window_start"]), pd.Timestamp(f["window_end"])
    years = (end - start).days / 365.25
    past = dates[dates <= issued]
    span = int(f["rate_years"])
    recent = past[past > issued - pd.DateOffset(years=span)]
    rate = len(recent) / span
    p = float(1 - math.exp(-rate * years))
    how = (f"Poisson: {len(recent)} matching ledger events in the {span} years to {q.issued} "
           f"({rate:.2f} a year), at least one in {years:.2f} years")
    base, cls = _ledger_base_rate(past, q.issued, years)
    led_end = pd.to_datetime(events["date"]).max()
    inside = dates[(dates >= start) & (dates <= end)]
    if len(inside):
        return p, how, base, cls, True, f"resolved: {pd.Timestamp(inside.min()).date()}"
    if today >= q.resolves and led_end >= end:
        return p, how, base, cls, False, "resolved: no matching event in the window"
    status = "open" if today < q.resolves else "unresolved: the ledger does not cover the window"
    return p, how, base, cls, None, status


def _ledger_base_rate(past: pd.Series, issued: dt.date, years: float
                      ) -> tuple[float | None, str]:
    if past.empty:
        return None, "no matching event before the issue date"
    first = int(past.dt.year.min())
    span = list(range(first, issued.year))
    if not span:
        return None, "no full calendar year since the first matching event"
    with_one = len(set(past.dt.year) & set(span))
    f = (with_one + 0.5) / (len(span) + 1)
    rate = 1 - (1 - f) ** years
    return float(rate), (f"{with_one} of the {len(span)} calendar years {first}-{issued.year - 1} "
                         f"had a matching ledger event (smoothed {f:.2f} a year), over "
                         f"{years:.2f} years")


# --- scores and record ------------------------------------------------------------------------

def score(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Brier and log scores of resolved questions, trilateral's and the base rate's."""
    ok = [r for r in rows if r["outcome"] is not None and r["probability"] is not None
          and r["base_rate"]["value"] is not None]
    pairs = [(r["probability"], r["outcome"]) for r in ok]
    base = [(r["base_rate"]["value"], r["outcome"]) for r in ok]
    b, bb = scores.brier(pairs), scores.brier(base)
    return {"n": len(ok), "brier": b, "brier_base_rate": bb, "log_score": log_score(pairs),
            "log_score_base_rate": log_score(base), "brier_skill": scores.skill(b, bb)}


def log_score(pairs: list[tuple[float, bool]]) -> float | None:
    """Mean of -ln(probability given to what happened); probabilities clipped to [1e-6, 1-1e-6]."""
    if not pairs:
        return None
    vals = [-math.log(min(max(p if o else 1 - p, 1e-6), 1 - 1e-6)) for p, o in pairs]
    return float(np.mean(vals))


def read_record(path: Path) -> list[dict[str, Any]]:
    """The record's entries (empty when the file does not exist); a bad line raises."""
    if not path.exists():
        return []
    out = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise InputError(f"not a JSON line: {exc}", file=str(path), row=i + 1) from exc
    return out


def append_record(result: dict[str, Any], path: Path, today: dt.date | None = None
                  ) -> list[dict[str, Any]]:
    """Append the open questions' probabilities as issued today (once per question, day and
    configuration); earlier lines are never changed. Returns the lines added."""
    from trilateral.outlook.backtest import _code_hash
    from trilateral.outlook.cache import code_version
    from trilateral.provenance import atomic_write_bytes

    today = today or dt.date.today()
    old = read_record(path)
    cfg = result["configuration"]
    seen = {(r["id"], r["recorded"], json.dumps(r["configuration"], sort_keys=True))
            for r in old}
    new = []
    for q in result["questions"]:
        if q["status"] != "open" or q["replay"]:
            continue
        entry = {"recorded": today.isoformat(), "id": q["id"], "resolves": q["resolves"],
                 "threshold": q["threshold"],
                 "probability": q["probability"], "base_rate": q["base_rate"]["value"],
                 "method": q["probability_method"], "configuration": cfg,
                 "code_version": f"{code_version()}-{_code_hash()}"}
        if (q["id"], entry["recorded"], json.dumps(cfg, sort_keys=True)) not in seen:
            new.append(entry)
    if new:
        prior = path.read_bytes() if path.exists() else b""
        if prior and not prior.endswith(b"\n"):
            prior += b"\n"
        text = "".join(json.dumps(e, sort_keys=True) + "\n" for e in new)
        atomic_write_bytes(path, prior + text.encode("utf-8"))
    return new

