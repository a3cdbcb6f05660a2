"""A disk cache of computed results, keyed by what they were computed from.

The key hashes the code (every ``.py`` file of the package), the bundled snapshots' sidecars,
the warehouse's state (its file's identity, which changes with every load, ``data use`` or
rebuild), the ledger file and the request (e.g. the as-of date). Any change to one of them is a
new key, so a stale result is never served. Entries live under ``trilateral.config.home()/cache``
and are plain JSON (or any bytes) written atomically, each with a ``.sha256`` beside it: an
entry that fails its checksum (truncated, damaged, edited) is ignored, so it is recomputed.
Computing the key needs neither pandas nor DuckDB once the warehouse exists, which keeps a warm
report fast.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from trilateral.config import PACKAGE_DIR, SNAPSHOT_DIR, home
from trilateral.provenance import atomic_write_bytes

KEY_VERSION = "2"


_PACKAGED = {".py", ".toml", ".json", ".jsonl", ".csv", ".j2"}


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """sha256 over the package's sources and the files it reads as settings or coded evidence
    (TOML settings, the event series, the tariff-measures table, templates; path and content).
    Snapshots enter :func:`data_fingerprint` by their sidecars."""
    h = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.suffix not in _PACKAGED or "__pycache__" in path.parts or not path.is_file():
            continue
        h.update(str(path.relative_to(PACKAGE_DIR)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def data_fingerprint() -> str:
    """sha256 over snapshot sidecars, loaded vintages and the ledger file."""
    h = hashlib.sha256()
    for side in sorted(SNAPSHOT_DIR.glob("*.json")):
        h.update(side.name.encode())
        h.update(side.read_bytes())
    vintages = home() / "vintages"
    if vintages.is_dir():
        for f in sorted(vintages.rglob("*")):
            h.update(str(f.relative_to(vintages)).encode())
    h.update(warehouse_state().encode())
    h.update(_ledger_signature().encode())
    return h.hexdigest()


def warehouse_state() -> str:
    """The warehouse file's identity (inode, size, modification time): every write replaces
    the file, so any new vintage, ``data use`` or rebuild changes it. Builds it when absent."""
    path = home() / "warehouse.duckdb"
    if not path.exists():
        from trilateral.warehouse import open_warehouse

        open_warehouse()
    try:
        st = path.stat()
    except OSError:
        return "absent"
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"


def _ledger_signature() -> str:
    env = os.environ.get("TRILATERAL_LEDGER")
    path = Path(env) if env else PACKAGE_DIR / "evidence" / "data" / "ledger.jsonl"
    if not path.is_file():
        return f"{path}:absent"
    return f"{path}:{hashlib.sha256(path.read_bytes()).hexdigest()}"


def key(kind: str, **request: Any) -> str:
    payload = json.dumps({"v": KEY_VERSION, "kind": kind, "code": code_fingerprint(),
                          "data": data_fingerprint(), "request": request},
                         sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def directory() -> Path:
    d = home() / "cache"
    d.mkdir(parents=True, exist_ok=True)
    return d


def read(kind: str, cache_key: str, suffix: str = ".json") -> bytes | None:
    """The entry's bytes, or None when absent or when it fails its checksum."""
    path = directory() / f"{kind}-{cache_key}{suffix}"
    try:
        data = path.read_bytes()
        want = path.with_name(path.name + ".sha256").read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if hashlib.sha256(data).hexdigest() != want:
        return None  # damaged or edited: recomputed and replaced by the caller
    return data


def write(kind: str, cache_key: str, data: bytes, suffix: str = ".json") -> Path:
    path = directory() / f"{kind}-{cache_key}{suffix}"
    atomic_write_bytes(path, data)
    atomic_write_bytes(path.with_name(path.name + ".sha256"),
                       hashlib.sha256(data).hexdigest().encode("ascii"))
    return path


def clear() -> int:
    """Delete every cached entry; returns how many files were removed."""
    n = 0
    for f in directory().glob("*"):
        if f.is_file():
            f.unlink()
            n += 1
    return n
