"""Inputs shared by the outlook's forecasts and its backtest: the ledger and series keys.

Kept apart from ``core`` and ``backtest`` so that neither imports the other at module level.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

LEDGER_CAVEAT = ("Ledger events were coded after the fact: an as-of answer keeps the events dated "
                 "by then, but their selection may still reflect hindsight.")


def row_key(row: dict[str, Any]) -> str:
    return f"{row['indicator']}:{row['reporter']}:{row['partner']}:{row['flow']}"


def ledger_events(events: pd.DataFrame | None) -> pd.DataFrame:
    if events is not None:
        return events
    from trilateral.evidence import ledger

    return ledger.events()
