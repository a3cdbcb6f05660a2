"""What changed since a date: per path, the checks that moved, the series with new points, and
the structural breaks detected.

>>> from trilateral.paths.changes import changes
>>> changes("2024-12-31").to_dict()                       # doctest: +SKIP

A check *moved* when its estimate, interval or stance differs between the assessment as of the
``since`` date and as of ``as_of`` (today by default). A series has *new points* when values were
published after ``since`` (their ``available`` date). Breaks are the detected breaks of the key
monthly series (:mod:`trilateral.indicators.breaks`) dated after ``since``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from trilateral.errors import InputError
from trilateral.indicators import asof

# Which paths each indicator family and monthly break bears on (from definitions.PATHS).
FAMILY_PATHS = {
    "trade": ("reversal", "globalization", "americanization"),
    "values": ("values", "reversal"),
    "institutions": ("institutional", "reversal"),
}
BREAK_PATHS = ("reversal", "americanization")
TOLERANCE = 1e-9


@dataclass
class PathChanges:
    path: str
    verdict_then: str | None = None
    verdict_now: str | None = None
    checks: list[dict[str, Any]] = field(default_factory=list)
    series: list[dict[str, Any]] = field(default_factory=list)
    breaks: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "verdict_then": self.verdict_then,
                "verdict_now": self.verdict_now, "checks": self.checks, "series": self.series,
                "breaks": self.breaks}


@dataclass
class Changes:
    since: str
    as_of: str | None
    paths: list[PathChanges]

    def to_dict(self) -> dict[str, Any]:
        return {"since": self.since, "as_of": self.as_of,
                "paths": [p.to_dict() for p in self.paths]}


def changes(since: str | dt.date, as_of: str | dt.date | None = None, *,
            checks: bool = True) -> Changes:
    """Everything that changed between ``since`` and ``as_of`` (today without one)."""
    start = asof.parse_as_of(since)
    end = asof.parse_as_of(as_of)
    if start is None or start >= (end or dt.date.today()):
        raise InputError(f"--since {since} must be a date before {end or 'today'}",
                         field="since")
    from trilateral.paths.definitions import PATH_IDS

    out = {p: PathChanges(p) for p in PATH_IDS}
    for path, rec in new_series(start, end):
        out[path].series.append(rec)
    for rec in new_breaks(start, end):
        for path in BREAK_PATHS:
            out[path].breaks.append(rec)
    if checks:
        moved_checks(start, end, out)
    return Changes(start.isoformat(), None if end is None else end.isoformat(),
                   list(out.values()))


# Rows that one indicator's function emits under a second name.
EMITTED_BY = {"agreement_depth": "agreements_in_force", "intraregional_share": "regional_introversion"}


def family_of(name: str) -> str | None:
    """The indicator family of a row name (None for a name no indicator emits)."""
    from trilateral import indicators

    spec = indicators.INDICATORS.get(EMITTED_BY.get(name, name))
    return None if spec is None else spec.family


def new_series(start: dt.date, end: dt.date | None) -> list[tuple[str, dict[str, Any]]]:
    """(path, series record) for every annual or monthly series with points published since."""
    from trilateral import indicators
    from trilateral.indicators.monthly import compute_monthly

    annual = indicators.compute(as_of=end)
    monthly = compute_monthly(as_of=end)
    monthly = monthly[monthly["adjustment"] == "nsa"].assign(year=monthly["period"])
    out = []
    for frame, freq in ((annual, "annual"), (monthly, "monthly")):
        fresh = frame[frame["available"] > start.isoformat()]
        for rec in _series_records(fresh, frame, freq, start):
            out += [(p, rec) for p in FAMILY_PATHS.get(family_of(rec["indicator"]), ())]
    return out


def _series_records(fresh: pd.DataFrame, frame: pd.DataFrame, freq: str, start: dt.date
                    ) -> list[dict]:
    keys = ["indicator", "reporter", "partner", "flow"]
    recs = []
    for key, g in fresh.groupby(keys, sort=True):
        whole = frame
        for col, val in zip(keys, key, strict=True):
            whole = whole[whole[col] == val]
        old = whole[whole["available"] <= start.isoformat()]
        recs.append({**dict(zip(keys, key, strict=True)), "frequency": freq,
                     "new_points": int(len(g)), "first_new": str(g["year"].min()),
                     "last": str(g["year"].max()),
                     "previous_end": None if old.empty else str(old["year"].max())})
    return recs


def new_breaks(start: dt.date, end: dt.date | None) -> list[dict[str, Any]]:
    """Detected breaks in the key monthly series dated after ``start``, and the key annual
    series whose years published since fall outside their pre-break prediction interval."""
    from trilateral import indicators
    from trilateral.indicators import breaks
    from trilateral.indicators.monthly import compute_monthly

    keys = {(k.reporter, k.partner, k.flow) for k in breaks.KEY_MONTHLY}
    shares = compute_monthly(["trade_share"], as_of=end, only=keys)
    found = [b.to_dict() for b in breaks.since(breaks.monthly_breaks(shares), start)]
    annual = indicators.compute(["trade_share"], as_of=end)
    years = sorted(annual.loc[annual["available"] > start.isoformat(), "year"].unique())
    return found + [t.to_dict() for t in breaks.annual_tests(annual, [int(y) for y in years])
                    if t.outside]


def moved_checks(start: dt.date, end: dt.date | None, out: dict[str, PathChanges]) -> None:
    """Fill each path's verdicts then and now and the checks whose reading moved."""
    from trilateral.paths.assessment import assess

    then, now = assess(start), assess(end)
    for p_now in now.paths:
        p_then = then.path(p_now.id)
        rec = out[p_now.id]
        rec.verdict_then, rec.verdict_now = p_then.verdict, p_now.verdict
        before = {c.id: c for c in p_then.checks}
        for c in p_now.checks:
            moved = _moved(before.get(c.id), c)
            if moved:
                rec.checks.append(moved)


def _moved(old: Any, new: Any) -> dict[str, Any] | None:
    """A record of how one check moved, or None if it did not."""
    fields = ("estimate", "lower", "upper")
    same = old is not None and old.stance == new.stance and all(
        _same(getattr(old, f), getattr(new, f)) for f in fields)
    if same:
        return None
    return {"check": new.id, "unit": new.unit,
            "then": None if old is None else {f: getattr(old, f) for f in (*fields, "stance")},
            "now": {f: getattr(new, f) for f in (*fields, "stance")}, "note": new.note}


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))


def last_twelve_months(as_of: str | dt.date | None = None, *, checks: bool = True) -> Changes:
    """What changed in the 12 months before ``as_of`` (today without one): the list the
    report's path sections open with."""
    end = asof.parse_as_of(as_of) or dt.date.today()
    start = end.replace(year=end.year - 1) if (end.month, end.day) != (2, 29) else \
        dt.date(end.year - 1, 2, 28)
    return changes(start, as_of, checks=checks)
