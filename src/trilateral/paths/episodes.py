"""Known-episode validation: the verdicts at dated episodes against the historical record.

``episodes.toml`` (and the table in docs/method.md) says what each path should show at a date
after each episode; it was written before the scoring was run. :func:`score` compares verdicts
with it: a verdict of ``insufficient-evidence`` never counts as a hit. Misses are reported.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from trilateral.errors import InputError

EPISODES_FILE = Path(__file__).with_name("episodes.toml")
LABELS = ("advancing", "reversing", "stalled", "inconclusive")


@dataclass(frozen=True)
class Episode:
    id: str
    name: str
    date: dt.date
    expect: dict[str, str]
    why: dict[str, str] = field(default_factory=dict)


def _bad(path: Path, row: int, fld: str, why: str) -> InputError:
    return InputError(f"{path.name}: episode {row}: field {fld!r} {why}", file=str(path),
                      row=row, field=fld)


def _expectation(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    return value.removeprefix("not ").strip() in LABELS


def _episode(i: int, raw: Any, path: Path, paths: tuple[str, ...]) -> Episode:
    row = i + 1
    if not isinstance(raw, dict):
        raise _bad(path, row, "*", "must be a table")
    for fld in ("id", "name"):
        if not isinstance(raw.get(fld), str) or not raw[fld].strip():
            raise _bad(path, row, fld, "must be a non-empty string")
    day = raw.get("date")
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise _bad(path, row, "date", "must be an ISO date")
    expect, why = raw.get("expect"), raw.get("why") or {}
    if not isinstance(expect, dict) or not expect:
        raise _bad(path, row, "expect", "must map path ids to expected verdicts")
    for pid, value in expect.items():
        if pid not in paths:
            raise _bad(path, row, f"expect.{pid}", f"is not a path ({', '.join(paths)})")
        if not _expectation(value):
            raise _bad(path, row, f"expect.{pid}",
                       f"must be one of {', '.join(LABELS)}, optionally 'not <label>'")
        if not isinstance(why.get(pid), str) or not why[pid].strip():
            raise _bad(path, row, f"why.{pid}", "must justify the expectation")
    return Episode(raw["id"], raw["name"], day, dict(expect), dict(why))


def load(path: Path | None = None) -> list[Episode]:
    """The episodes, validated; a malformed file raises InputError naming row and field."""
    from trilateral.paths.definitions import PATH_IDS

    path = path or EPISODES_FILE
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path.name}: cannot read episodes: {exc}", file=str(path)) from exc
    items = raw.get("episode")
    if not isinstance(items, list) or not items:
        raise InputError(f"{path.name}: no [[episode]] entries", file=str(path),
                         field="episode")
    return [_episode(i, e, path, PATH_IDS) for i, e in enumerate(items)]


def hit(expected: str, verdict: str) -> bool:
    """Whether ``verdict`` meets ``expected`` ('advancing', 'not advancing', ...)."""
    if verdict == "insufficient-evidence":
        return False
    if expected.startswith("not "):
        return verdict != expected[4:]
    return verdict == expected


@dataclass(frozen=True)
class Scored:
    episode: str
    name: str
    date: str
    path: str
    expected: str
    verdict: str
    hit: bool
    why: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def score(verdicts_at: Callable[[dt.date], Mapping[str, str]],
          episodes: list[Episode] | None = None) -> dict[str, Any]:
    """Score verdicts (a function of the date) against every episode's expectations."""
    rows = []
    for e in episodes if episodes is not None else load():
        got = verdicts_at(e.date)
        for pid, want in e.expect.items():
            v = got.get(pid, "insufficient-evidence")
            rows.append(Scored(e.id, e.name, e.date.isoformat(), pid, want, v, hit(want, v),
                               e.why.get(pid, "")))
    hits = sum(r.hit for r in rows)
    return {"hits": hits, "misses": len(rows) - hits, "total": len(rows),
            "share": round(hits / len(rows), 4) if rows else None,
            "rows": [r.to_dict() for r in rows]}


def run(use_cache: bool = True) -> dict[str, Any]:
    """Assess at every episode date and score the verdicts."""
    from trilateral.paths.assessment import assess

    return score(lambda day: assess(day, use_cache=use_cache).verdicts())
