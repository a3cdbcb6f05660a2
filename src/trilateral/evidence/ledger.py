"""The evidence ledger's public API: read events, validate, add and import them.

>>> from trilateral.evidence import ledger
>>> df = ledger.events(as_of="2006-03-31")          # events dated on or before that day
>>> report = ledger.validate()                       # every problem, row by row
>>> result = ledger.import_files(["new.jsonl"])       # all or nothing; duplicates skipped

The ledger is ``src/trilateral/evidence/data/ledger.jsonl`` unless ``$TRILATERAL_LEDGER`` (or a
``path`` argument) points elsewhere. Writes are locked and atomic (see :mod:`.store`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from trilateral.errors import InputError, NotFoundError, ValidationError
from trilateral.evidence import records, store
from trilateral.evidence.schema import PATHS, Problem, canonical, check_event, duplicate_key

COLUMNS = (
    "id", "date", "countries", "title", "summary", "path", "direction", "level", "domain",
    "americanization", "source_publisher", "source_title", "source_url", "url_verified", "coder",
    "confidence", "series",
)


# ---------------------------------------------------------------- reading


def events(as_of: dt.date | str | None = None, path: str | Path | None = None) -> pd.DataFrame:
    """The ledger as a frame, one row per event, dated on or before ``as_of`` when given.

    Columns: id, date (datetime64), countries (list of ISO3), title, summary, path, direction
    ("+", "-", "0"), level, domain, americanization (bool), source_publisher, source_title,
    source_url, url_verified, coder, confidence (models only), series (a declared series or
    ``ad hoc``, the default for untagged events). ``frame.attrs["provenance"]``
    names the ledger file and its sha256.
    """
    rows = [records.flatten(e) | {"countries": list(e.get("countries") or [])}
            for e in store.read_events(path)]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d")
    frame["americanization"] = frame["americanization"].astype(bool)
    frame["url_verified"] = frame["url_verified"].astype(bool)
    frame["confidence"] = pd.to_numeric(frame["confidence"], errors="coerce")
    frame["series"] = frame["series"].fillna("ad hoc")
    if as_of is not None:
        frame = frame[frame["date"] <= pd.Timestamp(as_date(as_of))]
    frame = frame.sort_values(["date", "id"], kind="stable").reset_index(drop=True)
    frame.attrs["provenance"] = provenance(path)
    return frame


def provenance(path: str | Path | None = None) -> dict[str, Any]:
    """Where the ledger came from: its file, sha256 and event count."""
    file = store.ledger_path(path)
    return {
        "table": "evidence_ledger",
        "file": str(file),
        "sha256": store.ledger_sha256(file),
        "events": len(store.read_events(file)),
        "codebook": "docs/codebook.md",
    }


def as_date(value: dt.date | str) -> dt.date:
    """A date from a ``date`` or an ISO string (a bare year means its last day)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date(int(text), 12, 31) if text.isdigit() else dt.date.fromisoformat(text)
    except ValueError as exc:
        raise InputError(f"{value!r} is not an ISO date (YYYY-MM-DD) or a year") from exc


def get(event_id: str, path: str | Path | None = None) -> dict[str, Any]:
    """One event by id."""
    for e in store.read_events(path):
        if e.get("id") == event_id:
            return e
    raise NotFoundError(f"no event {event_id!r} in the ledger")


# ---------------------------------------------------------------- validation


@dataclass
class ValidationReport:
    """The result of checking the whole ledger."""

    path: str
    events: int
    problems: list[Problem]
    paths: dict[str, int]
    first_date: str | None
    last_date: str | None
    without_url: int
    unverified_url: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok, "path": self.path, "events": self.events,
            "first_date": self.first_date, "last_date": self.last_date,
            "events_per_path": self.paths, "without_source_url": self.without_url,
            "source_url_not_verified": self.unverified_url,
            "problems": [p.to_dict() for p in self.problems],
        }


def validate(path: str | Path | None = None) -> ValidationReport:
    """Check every event against the schema, and ids and (date, title, URL) for duplicates."""
    file = store.ledger_path(path)
    evs = store.read_events(file)
    problems = [p for i, e in enumerate(evs, start=1) for p in check_event(e, row=i, file=str(file))]
    problems += _duplicates_within(evs, str(file))
    dates = sorted(str(e.get("date")) for e in evs if e.get("date"))
    return ValidationReport(
        path=str(file), events=len(evs), problems=problems,
        paths={p: sum(e.get("path") == p for e in evs) for p in PATHS},
        first_date=dates[0] if dates else None, last_date=dates[-1] if dates else None,
        without_url=sum(not (e.get("source") or {}).get("url") for e in evs),
        unverified_url=sum((e.get("source") or {}).get("url_verified") is not True for e in evs),
    )


def _duplicates_within(evs: Sequence[dict[str, Any]], file: str) -> list[Problem]:
    out = []
    ids = Counter(e.get("id") for e in evs)
    keys: dict[tuple, int] = {}
    for i, e in enumerate(evs, start=1):
        if ids[e.get("id")] > 1:
            out.append(Problem(i, "id", f"id {e.get('id')!r} is used more than once", file))
        key = duplicate_key(e)
        if key in keys:
            out.append(Problem(i, "title", f"same date, title and URL as row {keys[key]}", file))
        keys.setdefault(key, i)
    return out


# ---------------------------------------------------------------- writing


@dataclass
class ImportResult:
    """What an import (or an add) did: events added, duplicates skipped."""

    ledger: str
    added: list[str] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    rows: int = 0
    dry_run: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "ledger": self.ledger, "rows": self.rows, "added": len(self.added),
            "added_ids": self.added, "duplicates_skipped": self.duplicates,
            "dry_run": self.dry_run,
        }


def add(event: dict[str, Any], path: str | Path | None = None) -> ImportResult:
    """Add one event (its id is made from date and title when absent). Duplicates are refused."""
    row = records.Row(1, records.with_id(records.unflatten(dict(event))))
    result = _write([row], path, source="<event>")
    if result.duplicates:
        dup = result.duplicates[0]
        raise ValidationError(
            f"already in the ledger as {dup['duplicate_of']!r}", field="title", row=None)
    return result


def import_files(
    files: Iterable[str | Path], path: str | Path | None = None, *, dry_run: bool = False
) -> ImportResult:
    """Import JSONL or CSV files, all or nothing.

    Every bad row is reported (file, row number, field) in one :class:`ValidationError`, and
    the ledger is left byte-identical. Events already in the ledger, or repeated within the
    import, with the same date, title and source URL are skipped and listed as duplicates.
    """
    rows: list[records.Row] = []
    sources: list[str] = []
    for f in files:
        got = records.read_rows(f)
        rows += got
        sources += [str(f)] * len(got)
    for r in rows:
        if isinstance(r.event, dict):
            r.event = records.with_id(r.event)
    return _write(rows, path, source=sources, dry_run=dry_run)


def _write(
    rows: list[records.Row], path: str | Path | None, *, source: str | list[str],
    dry_run: bool = False,
) -> ImportResult:
    names = source if isinstance(source, list) else [source] * len(rows)
    problems = [p for r in rows for p in r.problems]
    for r, name in zip(rows, names, strict=True):
        if r.event is not None and not r.problems:
            problems += check_event(r.event, row=r.number, file=name)
    with store.transaction(path) as txn:
        result = ImportResult(str(txn.path), rows=len(rows), dry_run=dry_run)
        new, more = _merge(txn.events, rows, names, result)
        problems += more
        if problems:
            raise _problems_error(problems, names)
        if new and not dry_run:
            txn.commit(txn.events + new)
        result.added = [e["id"] for e in new]
    return result


def _merge(
    existing: list[dict[str, Any]], rows: list[records.Row], names: list[str],
    result: ImportResult,
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The rows' events that are new; duplicates go to ``result``; id clashes are problems."""
    seen = {duplicate_key(e): e.get("id") for e in existing}
    ids = {e.get("id") for e in existing}
    new, problems = [], []
    for r, name in zip(rows, names, strict=True):
        if not isinstance(r.event, dict) or r.problems:
            continue
        ev = canonical(r.event)
        key = duplicate_key(ev)
        if key in seen:
            result.duplicates.append(
                {"file": name, "row": r.number, "id": ev.get("id"), "duplicate_of": seen[key]})
            continue
        if ev.get("id") in ids:
            problems.append(Problem(r.number, "id", f"id {ev['id']!r} is already used", name))
            continue
        seen[key] = ev.get("id")
        ids.add(ev.get("id"))
        new.append(ev)
    return new, problems


def _problems_error(problems: list[Problem], names: list[str]) -> ValidationError:
    """One error naming every bad row and field; nothing was written."""
    single_file = len(set(names)) == 1
    problems = sorted(problems, key=lambda p: (str(p.file), p.row or 0, p.field))
    if len(problems) == 1:
        p = problems[0]
        err = ValidationError(p.message + "; nothing imported", file=p.file, row=p.row,
                              field=p.field)
    else:
        parts = [str(Problem(p.row, p.field, p.message, None if single_file else p.file))
                 for p in problems]
        err = ValidationError(
            f"{len(problems)} problems, nothing imported: " + "; ".join(parts),
            file=names[0] if single_file and names else None,
        )
    err.problems = problems  # type: ignore[attr-defined]
    return err
