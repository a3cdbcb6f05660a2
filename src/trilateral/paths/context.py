"""What a check may look at: indicators, tables and ledger events public by ``as_of``.

A :class:`Context` is built once per assessment. Everything it hands out is already filtered to
``as_of`` (see :mod:`trilateral.indicators.asof`), so a check cannot see the future by mistake.
Plug-in evidence (the ledger, the gravity estimates) is imported only if present; when it is
not, the context records a gap and the checks that need it report insufficient evidence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from trilateral.indicators import INDICATORS, asof
from trilateral.indicators.inputs import Tables
from trilateral.paths.plugins import GRAVITY, LEDGER, PROVIDERS, provider
from trilateral.paths.stats import FIT_TIMER

__all__ = ["GRAVITY", "LEDGER", "PROVIDERS", "Context", "gravity_available", "provider"]


@dataclass
class Context:
    as_of: dt.date | None
    tables: Tables = field(default_factory=Tables)
    gaps: dict[str, str] = field(default_factory=dict)
    _indicators: dict[str, pd.DataFrame] = field(default_factory=dict)
    _ledger: pd.DataFrame | None = None
    _ledger_loaded: bool = False
    _gravity: list[dict[str, Any]] | None = None
    _gravity_loaded: bool = False
    ledger_provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def today(self) -> dt.date:
        return self.as_of or dt.date.today()

    def indicator(self, name: str, **where: object) -> pd.DataFrame:
        """Rows of indicator ``name`` public by ``as_of``, filtered on column=value pairs."""
        if name not in self._indicators:
            df = INDICATORS[name].load()(self.tables)
            if not df.empty:  # without an as-of date: what is public today
                df = df[df["available"] <= self.today.isoformat()]
            self._indicators[name] = df.reset_index(drop=True)
        df = self._indicators[name]
        for col, val in where.items():
            df = df[df[col] == val]
        return df.sort_values("year") if "year" in df else df

    def table(self, name: str) -> pd.DataFrame | None:
        return self.tables.get(name)

    def label(self, name: str) -> str:
        return self.tables.label(name)

    def ledger(self) -> pd.DataFrame | None:
        """Ledger events dated on or before ``as_of``; ``None`` (a gap) if there is no ledger."""
        if not self._ledger_loaded:
            self._ledger_loaded = True
            self._ledger = self._load_ledger()
        return self._ledger

    def _load_ledger(self) -> pd.DataFrame | None:
        try:
            df = provider(LEDGER)(as_of=self.as_of)
        except ImportError as exc:
            self.gaps[LEDGER] = f"evidence ledger not installed ({exc})"
            return None
        self.ledger_provenance = dict(df.attrs.get("provenance") or {})
        if df.empty:
            self.gaps[LEDGER] = "the evidence ledger has no events" + (
                f" dated by {self.as_of}" if self.as_of else "")
            return None
        return df

    def gravity(self) -> list[dict[str, Any]]:
        """Gravity evidence items (estimate and interval of the NAFTA/USMCA effect), or []."""
        if not self._gravity_loaded:
            self._gravity_loaded = True
            self._gravity = self._load_gravity()
        return self._gravity or []

    def _load_gravity(self) -> list[dict[str, Any]]:
        try:
            with FIT_TIMER():  # the gravity models are the assessment's costliest fits
                items = list(_call_gravity(provider(GRAVITY), self.as_of))
        except ImportError as exc:
            self.gaps[GRAVITY] = f"gravity estimates not available ({exc})"
            return []
        except Exception as exc:  # an estimation failure must not sink the assessment
            self.gaps[GRAVITY] = f"gravity estimates failed: {type(exc).__name__}: {exc}"
            return []
        kept = [i for i in items if asof.knowable(gravity_available(i), self.as_of)]
        if items and not kept:
            self.gaps[GRAVITY] = f"no gravity estimate uses only data public by {self.as_of}"
        return kept


def _call_gravity(fn: Any, as_of: dt.date | None) -> Any:
    """Call the gravity provider with ``as_of`` where it takes one (it may then skip work that
    a stale panel does not need)."""
    import inspect

    takes = "as_of" in inspect.signature(fn).parameters
    return fn(as_of=as_of) if takes else fn()


def gravity_available(item: dict[str, Any]) -> dt.date | None:
    """When a gravity estimate's data were all public: the last data year + the trade lag."""
    for key in ("available", "date"):
        if item.get(key):
            return dt.date.fromisoformat(str(item[key])[:10])
    years = item.get("years") or item.get("data_years") or item.get("year")
    if isinstance(years, list | tuple) and years:
        return asof.available("trade_annual", int(max(years)))
    if isinstance(years, int | float):
        return asof.available("trade_annual", int(years))
    if isinstance(years, str) and years[:4].isdigit():
        return asof.available("trade_annual", int(years.replace("–", "-").split("-")[-1][:4]))
    return None
