"""Concurrent writers to one ledger must not lose an event (several OS processes)."""

from __future__ import annotations

import multiprocessing as mp
import os
from pathlib import Path

from evidence_helpers import event, write_jsonl

WRITERS = 4
EACH = 8


def _writer(ledger_path: str, start: int) -> None:
    os.environ["TRILATERAL_LEDGER"] = ledger_path
    from trilateral.evidence import ledger

    for n in range(start, start + EACH):
        ledger.add(event(n))


def _importer(ledger_path: str, file: str) -> None:
    from trilateral.evidence import ledger

    ledger.import_files([file], ledger_path)


def test_concurrent_adds_and_imports_lose_nothing(tmp_path: Path):
    from trilateral.evidence import ledger

    path = str(tmp_path / "ledger.jsonl")
    ctx = mp.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(path, 1000 + i * EACH)) for i in range(WRITERS)]
    batch = write_jsonl(tmp_path / "batch.jsonl", [event(n) for n in range(2000, 2010)])
    procs += [ctx.Process(target=_importer, args=(path, str(batch))) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    ids = set(ledger.events(path=path)["id"])
    expected = {event(n)["id"] for n in range(1000, 1000 + WRITERS * EACH)}
    expected |= {event(n)["id"] for n in range(2000, 2010)}
    assert ids == expected  # every add kept; the twice-imported batch stored once
    assert ledger.validate(path).ok
