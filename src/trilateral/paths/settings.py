"""The verdict method's settings: the ``[[paths]]`` entries of ``defaults.toml``, validated.

:func:`for_date` gives the configuration in force at an as-of date, or the current one with a
note that none existed then; :func:`windows` applies a ledger and trade window to the check
modules for the duration of a block (the robustness curve re-runs checks under each).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from trilateral import defaults
from trilateral.errors import InputError

AREA = "paths"


@dataclass(frozen=True)
class Settings:
    ledger_window: int
    trade_window: int
    combination: str
    alternative: str
    se_floor: float
    min_informative: int
    robustness_ledger_windows: tuple[int, ...]
    robustness_trade_windows: tuple[int, ...]
    fixed: str = ""
    why: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _bad(fld: str, why: str, path: Path | None) -> InputError:
    name = (path or defaults.DEFAULTS_FILE).name
    return InputError(f"{name}: [[{AREA}]] field {fld!r} {why}",
                      file=str(path or defaults.DEFAULTS_FILE), field=fld)


def _years(raw: dict[str, Any], fld: str, path: Path | None, lo: int = 1, hi: int = 30) -> int:
    v = raw.get(fld)
    if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
        raise _bad(fld, f"must be a whole number of years from {lo} to {hi}", path)
    return v


def _list(raw: dict[str, Any], fld: str, path: Path | None) -> tuple[int, ...]:
    v = raw.get(fld)
    if not isinstance(v, list) or not v:
        raise _bad(fld, "must be a non-empty list of years", path)
    return tuple(_years({fld: x}, fld, path) for x in v)


def from_entry(e: defaults.Entry, path: Path | None = None) -> Settings:
    from trilateral.paths.combine import METHODS

    raw = e.settings
    for fld in ("combination", "alternative"):
        if raw.get(fld) not in METHODS:
            raise _bad(fld, f"must be one of {', '.join(METHODS)}", path)
    floor = raw.get("se_floor")
    if isinstance(floor, bool) or not isinstance(floor, int | float) or not 0 < floor <= 10:
        raise _bad("se_floor", "must be a number in (0, 10] (SESOI units)", path)
    return Settings(_years(raw, "ledger_window", path), _years(raw, "trade_window", path),
                    raw["combination"], raw["alternative"], float(floor),
                    _years(raw, "min_informative", path, 1, 10),
                    _list(raw, "robustness_ledger_windows", path),
                    _list(raw, "robustness_trade_windows", path), e.fixed.isoformat(), e.why)


def current(path: Path | None = None) -> Settings:
    return from_entry(defaults.current(AREA, path), path)


def for_date(day: dt.date | None, path: Path | None = None) -> tuple[Settings, dict[str, Any]]:
    """The settings used at ``day`` and the replay label (what configuration, and why)."""
    now = current(path)
    if day is None:
        return now, {"kind": "current", "configuration_fixed": now.fixed}
    entry = defaults.in_force(AREA, day, path)
    used = from_entry(entry, path) if entry else now
    note = (f"the configuration fixed {used.fixed} was in force on {day}" if entry else
            f"no configuration of the verdict method existed on {day}; the current one "
            f"(fixed {now.fixed}) is used")
    return used, {"kind": "retrospective reconstruction",
                  "label": f"Retrospective reconstruction as of {day}: today's data vintages "
                           f"and today's ledger, cut to what was public by {day}; {note}.",
                  "configuration_fixed": used.fixed, "configuration_in_force": bool(entry)}


@contextlib.contextmanager
def windows(ledger: int, trade: int) -> Iterator[None]:
    """Run the check modules with these ledger and trade windows, then restore them."""
    from trilateral.paths import checks_ledger, registry

    saved = checks_ledger.WINDOW, registry.TRADE_WINDOW
    checks_ledger.WINDOW, registry.TRADE_WINDOW = ledger, trade
    try:
        yield
    finally:
        checks_ledger.WINDOW, registry.TRADE_WINDOW = saved
