"""The ledger file on disk: where it is, and locked, atomic, all-or-nothing writes.

Every write takes an exclusive :mod:`filelock` on ``<ledger>.lock`` beside the file, re-reads the
ledger under the lock, and replaces it whole (temporary file + ``os.replace``). Readers therefore
see the old or the new ledger, never half of one, and concurrent writers queue instead of
overwriting each other's events. A write that fails leaves the file byte-identical.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trilateral.config import PACKAGE_DIR
from trilateral.errors import InputError, WarehouseError
from trilateral.provenance import atomic_write_bytes, sha256_bytes

PACKAGED_LEDGER = PACKAGE_DIR / "evidence" / "data" / "ledger.jsonl"
LOCK_TIMEOUT_S = 60.0


def ledger_path(path: str | Path | None = None) -> Path:
    """The ledger file: ``path`` if given, else ``$TRILATERAL_LEDGER``, else the packaged one."""
    if path is not None:
        return Path(path)
    env = os.environ.get("TRILATERAL_LEDGER")
    return Path(env) if env else PACKAGED_LEDGER


def read_events(path: str | Path | None = None) -> list[dict[str, Any]]:
    """The events stored in the ledger (an absent file is an empty ledger, unless the file
    was named explicitly or by ``$TRILATERAL_LEDGER``: then it is an error)."""
    file = ledger_path(path)
    if not file.exists():
        if path is not None or os.environ.get("TRILATERAL_LEDGER"):
            from trilateral.errors import NotFoundError

            raise NotFoundError(f"{file}: no such ledger file (TRILATERAL_LEDGER or --ledger)")
        return []
    return _parse(file.read_bytes(), file)


def ledger_sha256(path: str | Path | None = None) -> str:
    """The sha256 of the ledger file's bytes (of the empty string when it does not exist)."""
    file = ledger_path(path)
    return sha256_bytes(file.read_bytes() if file.exists() else b"")


def _parse(data: bytes, file: Path) -> list[dict[str, Any]]:
    events = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = data[:exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=file,
                         row=row) from exc
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            events.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise InputError(f"not JSON: {exc.msg}", file=file, row=number) from exc
    return events


@dataclass
class Transaction:
    """The ledger's events as read under the lock; :meth:`commit` replaces them."""

    path: Path
    events: list[dict[str, Any]]
    original: bytes
    written: bool = field(default=False)

    def commit(self, events: list[dict[str, Any]]) -> None:
        from trilateral.evidence.records import to_jsonl

        ordered = sorted(events, key=lambda e: (str(e.get("date", "")), str(e.get("id", ""))))
        data = to_jsonl(ordered).encode("utf-8")
        if data != self.original:
            atomic_write_bytes(self.path, data)
        self.events = ordered
        self.written = True


@contextmanager
def transaction(path: str | Path | None = None) -> Iterator[Transaction]:
    """Hold the ledger's lock, yield its current events, write only on ``commit``."""
    from filelock import FileLock, Timeout

    file = ledger_path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(file) + ".lock", timeout=LOCK_TIMEOUT_S)
    try:
        with lock:
            original = file.read_bytes() if file.exists() else b""
            yield Transaction(file, _parse(original, file), original)
    except Timeout as exc:
        raise WarehouseError(f"{file}: ledger is locked by another writer") from exc
