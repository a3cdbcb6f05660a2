"""Event series: the ledger's defined universes, each complete over a stated span.

The ledger mixes events that belong to an enumerable universe (every North American Leaders'
Summit, every meeting of the USMCA Free Trade Commission) with events coded as they were met
(``ad hoc``). Only the former can be counted: a count of ad hoc events measures how hard
someone looked. Each series (``evidence/data/series.json``) states its definition, the list or
archive that enumerates it, the span over which it is complete (``complete_from`` to
``complete_through``) and its members, each tied to one ledger event.

>>> from trilateral.evidence import series
>>> [s.id for s in series.declared()]
>>> report = series.completeness(store.read_events())   # each series against its members
>>> frame = series.counted(ledger_frame)      # events inside a complete series and span

Counts are cut at a series' ``complete_through``, never at today.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from trilateral.config import PACKAGE_DIR
from trilateral.errors import SchemaError

SERIES_FILE = PACKAGE_DIR / "evidence" / "data" / "series.json"
AD_HOC = "ad hoc"


@dataclass(frozen=True)
class Member:
    key: str
    date: str
    place: str
    event: str


@dataclass(frozen=True)
class Series:
    """One defined universe of events."""

    id: str
    name: str
    definition: str
    path: str
    signed: bool  # whether members can carry either direction (else a direction count is moot)
    enumerating_list: dict[str, Any]
    numbered: bool
    complete_from: dt.date
    complete_through: dt.date
    completeness: str
    members: tuple[Member, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "definition": self.definition,
            "path": self.path, "signed": self.signed,
            "enumerating_list": self.enumerating_list, "numbered": self.numbered,
            "complete_from": self.complete_from.isoformat(),
            "complete_through": self.complete_through.isoformat(),
            "completeness": self.completeness,
            "members": [m.__dict__ for m in self.members],
        }


def declared(path: str | Path | None = None) -> tuple[Series, ...]:
    """The declared series: ``path``, else ``$TRILATERAL_SERIES`` (for a ledger of one's own,
    beside ``$TRILATERAL_LEDGER``), else the packaged ``series.json``."""
    import os

    file = Path(path or os.environ.get("TRILATERAL_SERIES") or SERIES_FILE)
    try:
        rows = json.loads(file.read_text(encoding="utf-8"))
        return tuple(_series(r) for r in rows)
    except (KeyError, TypeError, ValueError) as exc:
        raise SchemaError(f"not a valid series file: {exc}", file=file) from exc


def _series(r: dict[str, Any]) -> Series:
    return Series(
        id=str(r["id"]), name=str(r["name"]), definition=str(r["definition"]),
        path=str(r["path"]), signed=bool(r["signed"]),
        enumerating_list=dict(r["enumerating_list"]), numbered=bool(r["numbered"]),
        complete_from=dt.date.fromisoformat(r["complete_from"]),
        complete_through=dt.date.fromisoformat(r["complete_through"]),
        completeness=str(r["completeness"]),
        members=tuple(Member(str(m["key"]), str(m["date"]), str(m.get("place", "")),
                             str(m["event"])) for m in r["members"]),
    )


def ids() -> tuple[str, ...]:
    """The series an event may be tagged with: the declared ones and ``ad hoc``."""
    return (*(s.id for s in declared()), AD_HOC)


def get(series_id: str) -> Series:
    from trilateral.errors import NotFoundError

    for s in declared():
        if s.id == series_id:
            return s
    raise NotFoundError(f"no series {series_id!r}; declared: {', '.join(ids()[:-1])}")


# ---------------------------------------------------------------- completeness


@dataclass
class Completeness:
    """One series checked against the ledger: what is missing or out of place."""

    series: Series
    tagged: int
    problems: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return self.series.to_dict() | {
            "members_expected": len(self.series.members), "events_tagged": self.tagged,
            "complete": self.complete, "problems": self.problems}


def completeness(events: list[dict[str, Any]]) -> list[Completeness]:
    """Every declared series checked against the ledger's events
    (``store.read_events()``)."""
    return [check(s, events) for s in declared()]


def check(s: Series, events: list[dict[str, Any]]) -> Completeness:
    """Members present, tagged and dated; no tagged event outside the members; numbering
    without gaps; every member inside the complete span."""
    by_id = {e.get("id"): e for e in events}
    tagged = {e.get("id") for e in events if e.get("series") == s.id}
    out = Completeness(s, len(tagged))
    wanted = {m.event for m in s.members}
    for m in s.members:
        out.problems += _member_problems(s, m, by_id.get(m.event))
    out.problems += [f"event {i!r} is tagged {s.id!r} but is not a listed member"
                     for i in sorted(tagged - wanted)]
    if s.numbered:
        keys = sorted(int(m.key) for m in s.members)
        if keys and keys != list(range(keys[0], keys[0] + len(keys))):
            out.problems.append(f"members are not numbered {keys[0]} to "
                                f"{keys[0] + len(keys) - 1} without gaps: {keys}")
    return out


def _member_problems(s: Series, m: Member, event: dict[str, Any] | None) -> list[str]:
    if event is None:
        return [f"member {m.key} ({m.date}, {m.place}) has no ledger event {m.event!r}"]
    out = []
    if event.get("series") != s.id:
        out.append(f"event {m.event!r} is not tagged {s.id!r}")
    if event.get("date") != m.date:
        out.append(f"event {m.event!r} is dated {event.get('date')}, the list says {m.date}")
    if not s.complete_from <= dt.date.fromisoformat(m.date) <= s.complete_through:
        out.append(f"member {m.key} ({m.date}) lies outside the complete span")
    if event.get("path") != s.path:
        out.append(f"event {m.event!r} is coded {event.get('path')!r}, the series {s.path!r}")
    return out


# ---------------------------------------------------------------- counting


def counted(frame: pd.DataFrame, series_ids: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The events of ``frame`` that belong to a declared series (those in ``series_ids`` when
    given) and fall inside its complete span; ad hoc events never count."""
    spans = {s.id: s for s in declared() if series_ids is None or s.id in series_ids}
    if "series" not in frame.columns or not spans:
        return frame.iloc[0:0]
    keep = frame["series"].isin(list(spans))
    dates = pd.to_datetime(frame["date"])
    for sid, s in spans.items():
        rows = frame["series"] == sid
        inside = (dates >= pd.Timestamp(s.complete_from)) & (dates <= pd.Timestamp(
            s.complete_through))
        keep &= ~rows | inside
    return frame[keep]


def complete_through(series_ids: tuple[str, ...]) -> dt.date | None:
    """The last day on which every one of ``series_ids`` is complete (None without any)."""
    spans = [s.complete_through for s in declared() if s.id in series_ids]
    return min(spans) if spans else None


def complete_from(series_ids: tuple[str, ...]) -> dt.date | None:
    """The first day from which every one of ``series_ids`` is complete."""
    spans = [s.complete_from for s in declared() if s.id in series_ids]
    return max(spans) if spans else None
