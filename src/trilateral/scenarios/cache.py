"""On-disk cache of results under ``<home>/cache/scenarios``, keyed by inputs and code.

The key is the sha256 of the request (scenario, panel, sigma, draws, seed), the checksums of
every input table (and of the evidence ledger where a scenario reads it) and the code version:
the package version plus a checksum of this package's source. Any change to data or code
misses the cache; nothing is ever served stale.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from trilateral import __version__
from trilateral.config import home
from trilateral.provenance import atomic_write_json, jsonable

PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def code_version() -> str:
    """``<version>+<sha256 of the scenarios package source, 12 hex>``."""
    h = hashlib.sha256()
    for path in sorted(PACKAGE.glob("*.py")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return f"{__version__}+{h.hexdigest()[:12]}"


def table_sha256(tables: list[str]) -> dict[str, str]:
    """Checksum of the current vintage of each table in the warehouse."""
    from trilateral import data
    from trilateral.errors import NotFoundError

    cat = data.tables().set_index("name")["sha256"]
    missing = [t for t in tables if t not in cat.index]
    if missing:
        raise NotFoundError(f"table(s) {missing} not in the warehouse; run `trilateral data "
                            "build`")
    return {t: str(cat[t]) for t in tables}


def key(request: dict[str, Any]) -> str:
    body = json.dumps({"request": request, "code": code_version()}, sort_keys=True,
                      default=str)
    return hashlib.sha256(body.encode()).hexdigest()


def path(k: str) -> Path:
    return home() / "cache" / "scenarios" / f"{k}.json"


def load(k: str) -> dict[str, Any] | None:
    p = path(k)
    if not p.exists():
        return None
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def store(k: str, payload: dict[str, Any]) -> None:
    atomic_write_json(path(k), jsonable(payload))
