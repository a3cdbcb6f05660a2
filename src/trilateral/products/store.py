"""Product tables the user loads, as partitioned Parquet under the data home, with sidecars.

``<home>/products/<table>/`` holds the Parquet files (partitioned by year where the table has
one) and ``<home>/products/<table>.json`` a sidecar in the format of the bundled snapshots:
source, licence, the sha256 of every input file, the build step, coverage and caveats. A load
writes into a scratch directory beside the table and swaps it in with one rename, so readers see
the old table or the new one, never half of one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from pathlib import Path

from trilateral import __version__
from trilateral.config import home
from trilateral.errors import NotFoundError
from trilateral.provenance import atomic_write_json, sha256_file


def root() -> Path:
    path = home() / "products"
    path.mkdir(parents=True, exist_ok=True)
    return path


def table_dir(table: str) -> Path:
    return root() / table


def exists(table: str) -> bool:
    return (root() / f"{table}.json").is_file() and table_dir(table).is_dir()


def sidecar(table: str) -> dict:
    path = root() / f"{table}.json"
    if not path.is_file():
        raise NotFoundError(f"product table {table} is not loaded; see `trilateral products "
                            f"load --help`")
    return json.loads(path.read_text())


def scratch(table: str) -> Path:
    """A fresh scratch directory beside the table (same file system, so the swap is a rename)."""
    return Path(tempfile.mkdtemp(prefix=f".{table}.", dir=root()))


def commit(table: str, tmp: Path, meta: dict) -> None:
    """Swap the scratch directory in as the table, then write its sidecar."""
    target = table_dir(table)
    old = None
    if target.exists():
        old = root() / f".{table}.old.{os.getpid()}"
        os.replace(target, old)
    os.replace(tmp, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    atomic_write_json(root() / f"{table}.json", meta)


def make_sidecar(table: str, source: dict, inputs: list[Path], rows: int, columns: dict,
                 coverage: dict, caveats: list[str], module: str) -> dict:
    return {
        "table": table,
        "source": source,
        "raw_inputs": [{"path": str(p), "sha256": sha256_file(p)} for p in inputs],
        "output": {"dir": str(table_dir(table)), "rows": int(rows), "columns": columns,
                   "format": "parquet, hive-partitioned"},
        "step": {"module": module, "version": "1", "trilateral": __version__},
        "built": dt.date.today().isoformat(),
        "coverage": coverage,
        "caveats": caveats,
    }
