"""NAFTA estimates cached on disk, keyed by the panel's checksum and the code's version.

A cached file is ``<home>/cache/gravity/nafta-<panel>-<panel sha256[:16]>-<code[:12]>.json``.
A new vintage of the panel table or any change to the gravity code or to pyfixest's version gives
a new key, so a stale estimate is never read; old files are simply left behind.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from trilateral.config import home
from trilateral.gravity import panel as panels
from trilateral.gravity.options import PanelName, check
from trilateral.provenance import jsonable, read_checked_json, write_checked_json

CODE_MODULES = ("options", "spec", "panel", "estimate", "result", "replication", "nafta")


@lru_cache(maxsize=1)
def code_version() -> str:
    """sha256 over the gravity modules' source and the pyfixest version."""
    h = hashlib.sha256(metadata.version("pyfixest").encode())
    pkg = Path(__file__).resolve().parent
    for name in CODE_MODULES:
        h.update((pkg / f"{name}.py").read_bytes())
    return h.hexdigest()


def cache_dir() -> Path:
    return home() / "cache" / "gravity"


def cache_path(panel: str, sha256: str) -> Path:
    return cache_dir() / f"nafta-{panel}-{sha256[:16]}-{code_version()[:12]}.json"


def nafta_dict(panel: PanelName, *, refresh: bool = False) -> dict[str, Any]:
    """The NAFTA estimate of ``panel`` as a dict, from the cache when it is current."""
    from trilateral.gravity.nafta import estimate

    check(panel, PanelName, "panel")
    path = cache_path(panel, panels.table_sha256(panels.TABLES[panel]))
    if path.is_file() and not refresh:
        hit = read_checked_json(path)
        if hit is not None:
            return hit  # else damaged or edited: estimate again and overwrite it
    out = jsonable(estimate(panel).to_dict())
    out["code_version"] = code_version()
    write_checked_json(path, out)
    return out
