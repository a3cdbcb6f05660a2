"""Plug-in evidence providers, kept apart so a cache key can name them without loading pandas.

Each entry is ``"module:function"``; ``None`` switches a provider off (tests do, to keep the
gravity models out of fast runs).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

LEDGER = "evidence_ledger"
GRAVITY = "gravity_nafta"
PROVIDERS: dict[str, str | None] = {
    LEDGER: "trilateral.evidence.ledger:events",
    GRAVITY: "trilateral.gravity.evidence:nafta_evidence",
}


def provider(name: str) -> Callable[..., Any]:
    """The provider function; ImportError when it is switched off or not installed."""
    target = PROVIDERS.get(name)
    if not target:
        raise ImportError(f"{name} provider switched off")
    mod, fn = target.split(":")
    return getattr(importlib.import_module(mod), fn)
