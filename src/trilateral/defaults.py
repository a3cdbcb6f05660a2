"""Method defaults kept as an append-only, dated record (``defaults.toml``).

Each area (``paths``, ``outlook``, ...) lists entries with the date they were fixed and why.
:func:`current` gives the newest entry, :func:`in_force` the one in force at a date, so a replay
can say which configuration it used, or that none existed yet.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trilateral.config import PACKAGE_DIR
from trilateral.errors import InputError

DEFAULTS_FILE = PACKAGE_DIR / "defaults.toml"


@dataclass(frozen=True)
class Entry:
    """One dated configuration of one area."""

    area: str
    fixed: dt.date
    why: str
    settings: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"area": self.area, "fixed": self.fixed.isoformat(), "why": self.why,
                "settings": self.settings}


def _entry(area: str, i: int, raw: Any, path: Path) -> Entry:
    where = f"{path.name}: [[{area}]] entry {i + 1}"
    if not isinstance(raw, dict):
        raise InputError(f"{where}: not a table", file=str(path), field=area)
    fixed, why = raw.get("fixed"), raw.get("why")
    if isinstance(fixed, str):
        try:
            fixed = dt.date.fromisoformat(fixed)
        except ValueError:
            fixed = None
    if not isinstance(fixed, dt.date) or isinstance(fixed, dt.datetime):
        raise InputError(f"{where}: field 'fixed' must be an ISO date", file=str(path),
                         field="fixed", row=i + 1)
    if not isinstance(why, str) or not why.strip():
        raise InputError(f"{where}: field 'why' must say why the defaults were fixed",
                         file=str(path), field="why", row=i + 1)
    settings = {k: v for k, v in raw.items() if k not in ("fixed", "why")}
    return Entry(area, fixed, why.strip(), settings)


def load(path: Path | None = None) -> dict[str, list[Entry]]:
    """Every area's entries, oldest first; a malformed file raises :class:`InputError`."""
    path = path or DEFAULTS_FILE
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path.name}: not valid TOML: {exc}", file=str(path)) from exc
    out: dict[str, list[Entry]] = {}
    for area, items in raw.items():
        if not isinstance(items, list):
            raise InputError(f"{path.name}: [{area}] must be a list of [[{area}]] entries",
                             file=str(path), field=area)
        entries = [_entry(area, i, item, path) for i, item in enumerate(items)]
        dates = [e.fixed for e in entries]
        if dates != sorted(dates):
            raise InputError(f"{path.name}: [[{area}]] entries must be appended in date order",
                             file=str(path), field="fixed")
        out[area] = entries
    return out


def current(area: str, path: Path | None = None) -> Entry:
    """The newest entry of ``area``."""
    entries = load(path).get(area)
    if not entries:
        raise InputError(f"no [[{area}]] defaults in {(path or DEFAULTS_FILE).name}", field=area)
    return entries[-1]


def in_force(area: str, day: dt.date | None, path: Path | None = None) -> Entry | None:
    """The entry in force on ``day`` (today when None), or None when none had been fixed yet."""
    day = day or dt.date.today()
    entries = [e for e in load(path).get(area, []) if e.fixed <= day]
    return entries[-1] if entries else None
