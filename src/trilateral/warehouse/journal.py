"""An append-only journal of loads and ``use`` changes, kept beside the raw files.

``<home>/vintages/journal.jsonl`` holds one JSON line per load or ``data use``, written after the
warehouse file was replaced. It lives outside the DuckDB file so that ``trilateral data
recover`` can re-register every user vintage from the kept raw files even when the warehouse
itself is damaged. Raw files under ``vintages/<source>/`` that the journal does not know (a load
killed between the two writes) are re-registered too, oldest first.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from trilateral.provenance import sha256_file

NAME = "journal.jsonl"


def path(root: Path) -> Path:
    return root / "vintages" / NAME


def append(root: Path, record: dict[str, object]) -> None:
    """Append one record (one line, flushed and synced)."""
    target = path(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(record, sort_keys=True, default=str) + "\n"
    with target.open("a", encoding="utf-8") as fh:
        fh.write(line)
        fh.flush()
        os.fsync(fh.fileno())


def read(root: Path) -> list[dict[str, object]]:
    """Every readable record; damaged lines (a torn last write) are skipped."""
    target = path(root)
    if not target.is_file():
        return []
    out = []
    for line in target.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if isinstance(rec, dict) and rec.get("action") in ("load", "use"):
            out.append(rec)
    return out


def replayable(root: Path) -> list[dict[str, object]]:
    """Journal records as ``_loads`` rows, then kept raw files the journal does not name."""
    rows: list[dict[str, object]] = []
    named: set[str] = set()
    for rec in read(root):
        if rec["action"] == "use":
            rows.append({"source_id": rec.get("source"), "vintage": rec.get("vintage"),
                         "file": "", "sha256": "", "loaded": rec.get("loaded"), "origin": "use",
                         "client": rec.get("reason", ""), "parser": "", "extra": None})
            continue
        named.add(str(rec.get("file")))
        rows.append({"source_id": rec.get("source"), "vintage": rec.get("vintage"),
                     "file": rec.get("file"), "sha256": rec.get("sha256"),
                     "loaded": rec.get("loaded"), "origin": rec.get("origin", ""),
                     "client": rec.get("client", ""), "parser": rec.get("parser", ""),
                     "extra": rec.get("extra")})
    rows.extend(_unjournaled(root, named))
    return rows


def _unjournaled(root: Path, named: set[str]) -> list[dict[str, object]]:
    base = root / "vintages"
    if not base.is_dir():
        return []
    found = [f for f in base.glob("*/*") if f.is_file() and not f.name.startswith(".")
             and str(f) not in named]
    rows = []
    for f in sorted(found, key=lambda f: f.stat().st_mtime):
        sha = sha256_file(f)
        when = dt.datetime.fromtimestamp(f.stat().st_mtime, dt.UTC).isoformat(timespec="seconds")
        rows.append({"source_id": f.parent.name, "vintage": f"{when[:10]}-{sha[:8]}",
                     "file": str(f), "sha256": sha, "loaded": when,
                     "origin": "re-registered by trilateral data recover", "client": "",
                     "parser": "", "extra": None})
    return rows
