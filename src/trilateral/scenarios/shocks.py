"""Turn a scenario's pair shocks into a matrix of trade-cost changes, and document tariffs.

Tariff rates are checked against the evidence ledger: the event the measure cites must be in
the ledger, dated 2025, on the reversal path with direction ``-``, and its summary must state
the rate. Where the ledger lacks the event, the rate stands as recorded from the cited
document and the output says so.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from trilateral.errors import InputError
from trilateral.scenarios.definitions import PairShock, Tariff


def log_cost_change(shocks: Sequence[PairShock], countries: list[str], terms: Sequence[str],
                    coef: np.ndarray, sigma: float) -> np.ndarray:
    """``log`` of the change in each pair's trade-cost term (0 for pairs not shocked)."""
    index = {c: i for i, c in enumerate(countries)}
    out = np.zeros((len(countries), len(countries)))
    for s in shocks:
        if s.exporter not in index or s.importer not in index:
            raise InputError(f"pair {s.exporter}->{s.importer} is not in the panel",
                             field="shocks")
        out[index[s.exporter], index[s.importer]] += pair_log_change(s, terms, coef, sigma)
    return out


def pair_log_change(shock: PairShock, terms: Sequence[str], coef: np.ndarray,
                    sigma: float) -> float:
    value = 0.0
    for term, weight in shock.weights.items():
        if term not in terms:
            raise InputError(f"shock uses term {term!r} that was not estimated", field="terms")
        value += weight * float(coef[list(terms).index(term)])
    if shock.tariff is not None:
        value += -sigma * float(np.log1p(shock.tariff.rate))
    return value


def uses_coefficients(shocks: Sequence[PairShock]) -> bool:
    return any(s.weights for s in shocks)


def tariff_records(tariffs: Sequence[Tariff], sigma: float,
                   ledger: pd.DataFrame | None = None) -> list[dict[str, object]]:
    """Each tariff with its rate, conversion and whether the ledger confirms it."""
    events = _ledger() if ledger is None else ledger
    return [{"importer": t.importer, "exporter": t.exporter, "rate": t.rate,
             "cost_term_factor": float((1.0 + t.rate) ** -sigma),
             "conversion": f"(1 + {t.rate:g}) ** -{sigma:g}", "basis": t.basis,
             "ledger_id": t.ledger_id, "document": t.document, "publisher": t.publisher,
             "ledger_check": ledger_check(t, events)} for t in tariffs]


def ledger_check(tariff: Tariff, events: pd.DataFrame) -> str:
    """'confirmed' or why the ledger does not confirm this measure's rate."""
    row = events[events["id"] == tariff.ledger_id] if "id" in events else events.iloc[:0]
    if row.empty:
        return ("not in the ledger: rate as recorded from the cited document "
                f"({tariff.publisher}, {tariff.document})")
    event = row.iloc[0]
    pct = f"{tariff.rate * 100:g} percent"
    problems = [msg for ok, msg in (
        (pd.Timestamp(event["date"]).year == 2025, "not dated 2025"),
        (event["path"] == "reversal" and event["direction"] == "-", "not a reversal event"),
        (pct in str(event["summary"]), f"summary does not state {pct}"),
    ) if not ok]
    return "confirmed" if not problems else "ledger event found but " + "; ".join(problems)


def _ledger() -> pd.DataFrame:
    from trilateral.evidence import ledger

    return ledger.events()


def ledger_sha256() -> str:
    from trilateral.evidence import ledger

    return str(ledger.provenance()["sha256"])
