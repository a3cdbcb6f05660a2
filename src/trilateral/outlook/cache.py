"""A disk cache for fitted models under ``trilateral.config.home()/cache/outlook``.

Entries are keyed by a hash of everything that determines them: the series values and years
(which change exactly when the warehouse tables, the ledger or the indicator code change), the
model options, and :func:`code_version` (a hash of the modules that determine a fit). A stale
entry is thus never read; deleting the folder is always safe. Each entry stores the sha256 of
its value; one that fails it (or cannot be read) is recomputed and replaced.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from trilateral import __version__
from trilateral.config import home
from trilateral.provenance import read_checked_json, write_checked_json

PACKAGE = Path(__file__).resolve().parent
FIT_MODULES = ("cache.py", "models.py")  # what a cached fit depends on


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of trilateral's version and the source of the modules that fit models."""
    h = hashlib.sha256(__version__.encode())
    for name in FIT_MODULES:
        h.update(name.encode() + (PACKAGE / name).read_bytes())
    return h.hexdigest()[:16]


def key(*parts: Any) -> str:
    text = json.dumps([code_version(), *parts], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def directory() -> Path:
    return home() / "cache" / "outlook"


def cached(k: str, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The stored result for key ``k``, or ``compute()``'s, stored for next time."""
    path = directory() / k[:2] / f"{k}.json"
    if path.exists():
        hit = read_checked_json(path)
        if hit is not None:
            return hit
    value = compute()
    write_checked_json(path, value)
    return value
