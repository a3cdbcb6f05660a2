"""Policy states as data: which agreement holds and which tariffs apply among the three, when.

A state is built from the tariff-measures table (``trilateral.evidence.measures``: one row per
measure with imposer, target, authority, product scope, rate, USMCA exemption and its share of
trade, dates and source). For each directed North American pair the state gives the
*effective* ad valorem rate on the pair's trade at two bounds::

    rate_eff = sum over measures in force of rate * coverage * (1 - exempt share)

``coverage`` is the share of the pair's trade in the measure's product scope: 1 for measures on
all goods, the table's ``trade_share`` where it has one; a sectoral measure without a known
share cannot be placed in a one-sector model and is listed as not modelled. The exempt share is
the table's ``exempt_share_low``/``exempt_share_high``; where it is unknown for a measure that
exempts USMCA-qualifying goods, the two bounds are 0 and 1 and the output says so. The low
bound of the rate uses the high exempt share and the reverse.

States:

* ``usmca-2024``: the agreement in force and the measures in force on 31 December 2024;
* ``tariffs``: the agreement in force and the measures in force on a chosen date;
* ``usmca-ended``: no agreement; the Section 232 measures in force on a chosen date are kept
  and, with no agreement left to qualify under, without their USMCA exemptions;
* ``deepening``: the three pairs treated as EU members are (no tariff measures).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from trilateral.errors import InputError, NotFoundError

NORTH_AMERICA = ("CAN", "MEX", "USA")
EVERYONE = {"", "all", "world", "*", "any"}
ALL_GOODS = ("all goods", "all", "all products", "all imports", "all goods not qualifying")
SECTION_232 = "section 232"


def setting(key: str, fallback: Any) -> Any:
    """A dated method default of the scenarios (``defaults.toml``, ``[[scenarios]]``)."""
    from trilateral import defaults
    from trilateral.errors import TrilateralError

    try:
        return defaults.current("scenarios").settings.get(key, fallback)
    except TrilateralError:
        return fallback


USMCA_2024_DATE = setting("usmca_2024_date", dt.date(2024, 12, 31))
TARIFF_DATE = setting("tariff_date", dt.date(2025, 8, 15))  # the 2025 peak of the IEEPA duties
TODAY = setting("today", dt.date(2026, 12, 4))  # the date of "today's" measures


@dataclass(frozen=True)
class State:
    """One policy state: agreement status of the three pairs and which measures apply."""

    name: str
    title: str
    agreement: str  # "in force", "ended" or "eu-like"
    date: dt.date | None
    authorities: tuple[str, ...] | None = None  # None: every measure in force
    exemptions: str = "table"  # "table": as recorded; "lost": no USMCA exemption applies
    description: str = ""

    def at(self, date: dt.date | str | None) -> State:
        """The same state at another date (``None`` keeps the default)."""
        if date is None or self.date is None:
            return self
        day = parse_date(date)
        name = f"tariffs-{day.isoformat()}" if self.name.startswith("tariffs") else self.name
        return State(name, self.title, self.agreement, day, self.authorities,
                     self.exemptions, self.description)


STATES: dict[str, State] = {s.name: s for s in (
    State("usmca-2024", "USMCA as in force in 2024", "in force", USMCA_2024_DATE,
          description="The agreement in force among the three; the tariff measures in force "
                      "on 31 December 2024 among them (from the tariff-measures table)."),
    State("tariffs", "The tariff state at a chosen date", "in force", TARIFF_DATE,
          description="The agreement in force; every measure among the three in force on the "
                      "date, with USMCA-qualifying goods exempt as the table records."),
    State("usmca-ended", "USMCA ended, today's Section 232 measures kept", "ended", TODAY,
          authorities=(SECTION_232,), exemptions="lost",
          description="No agreement among the three (MFN treatment); the Section 232 measures "
                      "in force on the date stay, and with no agreement their USMCA "
                      "exemptions lapse."),
    State("deepening", "Deepening to an EU-like level", "eu-like", None,
          description="The three pairs treated as EU members are; no tariff measures."),
)}


def parse_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"date must be YYYY-MM-DD (got {value!r})", field="date") from None


def get_state(name: str, date: dt.date | str | None = None) -> State:
    try:
        return STATES[name].at(date)
    except KeyError:
        raise NotFoundError(f"unknown policy state {name!r}; choose one of "
                            f"{sorted(STATES)}") from None


# ----------------------------------------------------------------------------- the table

def table_sha256(table: pd.DataFrame) -> str:
    """Checksum of the table's content, for cache keys."""
    body = table.astype(str).to_csv(index=False).encode()
    return hashlib.sha256(body).hexdigest()


def in_force(table: pd.DataFrame | None, day: dt.date) -> pd.DataFrame:
    """Base measures in force on ``day`` with the rate and exemption that applied then.

    The packaged table goes through ``trilateral.evidence.measures.in_force`` (rows that
    modify a measure, a rate rise or an exemption, fold into it as ``rate_pct_now`` and
    ``usmca_exempt_now``). A table passed in is filtered here: started on or before ``day``,
    not ended before it; rows that only modify another are dropped.
    """
    if table is None:
        return _packaged_in_force(day, _packaged_stamp()).copy()
    start = pd.to_datetime(table["start"], errors="coerce")
    end = pd.to_datetime(table["end"], errors="coerce") if "end" in table else None
    stamp = pd.Timestamp(day)
    keep = start.notna() & (start <= stamp)
    if end is not None:
        keep &= end.isna() | (end > stamp)
    if "modifies" in table:
        keep &= table["modifies"].fillna("").astype(str).str.strip() == ""
    return table[keep]


def _measures_module():
    try:
        from trilateral.evidence import measures
    except ImportError:
        raise NotFoundError("the tariff-measures table (trilateral.evidence.measures) is not "
                            "available in this installation") from None
    return measures


def _packaged_stamp() -> tuple[str, int, int]:
    """Path, size and modification time of the packaged table (the in-memory cache key)."""
    path = _measures_module().MEASURES_FILE
    stat = path.stat()
    return str(path), stat.st_size, stat.st_mtime_ns


@lru_cache(maxsize=16)
def _packaged_in_force(day: dt.date, stamp: tuple[str, int, int]) -> pd.DataFrame:
    return _measures_module().in_force(day)


# ----------------------------------------------------------------------------- pair rates

@dataclass
class PairRate:
    """The effective ad valorem rate on one directed pair (importer on exporter) at two bounds."""

    importer: str
    exporter: str
    low: float = 0.0
    high: float = 0.0
    measures: list[dict[str, Any]] = field(default_factory=list)

    def rate(self, bound: str) -> float:
        return self.low if bound == "low" else self.high

    def to_dict(self) -> dict[str, Any]:
        return {"importer": self.importer, "exporter": self.exporter,
                "effective_rate_low": self.low, "effective_rate_high": self.high,
                "measures": self.measures}


@dataclass
class Built:
    """A state built from the table: pair rates, measures left out and why."""

    state: State
    pairs: dict[tuple[str, str], PairRate]
    not_modelled: list[dict[str, Any]]
    bounds_needed: bool

    def to_dict(self) -> dict[str, Any]:
        s = self.state
        return {"name": s.name, "title": s.title, "agreement": s.agreement,
                "date": s.date.isoformat() if s.date else None, "description": s.description,
                "exemptions": s.exemptions,
                "pairs": [p.to_dict() for p in self.pairs.values() if p.measures],
                "not_modelled": self.not_modelled,
                "exempt_share_bounds": self.bounds_needed,
                "sources": sorted({m["source_url"] for p in self.pairs.values()
                                   for m in p.measures if m.get("source_url")})}


def build(state: State, table: pd.DataFrame | None = None) -> Built:
    """The state's pair rates from the measures table (loaded when not given)."""
    pairs = {(i, e): PairRate(i, e) for i in NORTH_AMERICA for e in NORTH_AMERICA if i != e}
    if state.date is None:
        return Built(state, pairs, [], False)
    rows = in_force(table, state.date)
    _check_columns(rows)
    if state.authorities is not None:
        rows = rows[rows["authority"].astype(str).str.lower().str.contains(
            "|".join(state.authorities), regex=True)]
    skipped, bounds = [], False
    for rec in rows.to_dict("records"):
        importer = str(rec["imposer"]).strip().upper()
        if importer not in NORTH_AMERICA:
            continue
        coverage = _coverage(rec)
        for exporter in _targets(rec, importer):
            if coverage is None:
                skipped.append(_summary(rec, exporter, "sectoral scope without a known share "
                                        "of the pair's trade: not placed in the one-sector "
                                        "model"))
                continue
            lo_ex, hi_ex, known = _exempt(rec, state)
            bounds |= not known or lo_ex != hi_ex
            rate = float(rec.get("rate_pct_now", rec["rate_pct"])) / 100.0
            pair = pairs[(importer, exporter)]
            pair.low += rate * coverage * (1.0 - hi_ex)
            pair.high += rate * coverage * (1.0 - lo_ex)
            pair.measures.append({**_summary(rec, exporter, None), "coverage": coverage,
                                  "exempt_share_low": lo_ex, "exempt_share_high": hi_ex,
                                  "exempt_share_known": known})
    return Built(state, pairs, skipped, bounds)


REQUIRED = ("id", "imposer", "target", "authority", "product_scope", "rate_pct",
            "usmca_exempt", "start")


def _check_columns(table: pd.DataFrame) -> None:
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        raise InputError(f"tariff-measures table lacks column(s) {missing}",
                         field=missing[0])


def _targets(rec: dict[str, Any], importer: str) -> list[str]:
    target = str(rec.get("target") or "").strip()
    if target.lower() in EVERYONE:
        return [c for c in NORTH_AMERICA if c != importer]
    codes = [t.strip().upper() for t in target.replace(";", ",").split(",")]
    return [c for c in codes if c in NORTH_AMERICA and c != importer]


def _number(value: Any) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(out) else out


def _coverage(rec: dict[str, Any]) -> float | None:
    """Share of the pair's trade in scope: the table's share, 1 for all goods, else unknown."""
    share = _number(rec.get("trade_share"))
    if share is not None:
        return share
    scope = str(rec.get("product_scope") or "").strip().lower()
    return 1.0 if scope.startswith(ALL_GOODS) else None


def _exempt(rec: dict[str, Any], state: State) -> tuple[float, float, bool]:
    """Exempt share of the measure's trade at its (low, high) bounds, and whether it is known."""
    flag = str(rec.get("usmca_exempt_now") or rec.get("usmca_exempt") or "no").strip().lower()
    if state.exemptions == "lost" or flag == "no":
        return 0.0, 0.0, True
    low, high = _number(rec.get("exempt_share_low")), _number(rec.get("exempt_share_high"))
    if low is None and high is None:
        return 0.0, 1.0, False
    low = high if low is None else low
    high = low if high is None else high
    return float(low), float(high), True


def _summary(rec: dict[str, Any], exporter: str, reason: str | None) -> dict[str, Any]:
    out = {"id": str(rec["id"]), "importer": str(rec["imposer"]).upper(), "exporter": exporter,
           "authority": str(rec["authority"]), "product_scope": str(rec["product_scope"]),
           "rate_pct": float(rec.get("rate_pct_now", rec["rate_pct"])),
           "usmca_exempt": str(rec.get("usmca_exempt_now") or rec["usmca_exempt"]),
           "start": str(rec["start"]), "end": _text(rec.get("end")),
           "source_url": _text(rec.get("source_url"))}
    if reason:
        out["reason"] = reason
    return out


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def describe(table: pd.DataFrame | None = None) -> list[dict[str, Any]]:
    """Every state with its date, pair rates and sources."""
    try:
        return [build(s, table).to_dict() for s in STATES.values()]
    except NotFoundError as exc:
        return [{"name": s.name, "title": s.title, "agreement": s.agreement,
                 "date": s.date.isoformat() if s.date else None,
                 "description": s.description, "error": str(exc)} for s in STATES.values()]
