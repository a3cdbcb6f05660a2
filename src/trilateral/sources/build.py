"""Build the package's snapshots from the raw folder: load / process / save, with sidecars.

Each table becomes ``snapshots/<table>.parquet`` plus ``snapshots/<table>.json``, a sidecar that
records the source, licence, dates, the sha256 of every raw input and of the output, the build
step and its version, coverage and caveats. Parquet is written with fixed settings so that a
rebuild from the same raw files gives byte-identical output (checked by a test).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from trilateral import __version__, sources
from trilateral.config import SNAPSHOT_DIR
from trilateral.errors import InputError, NotFoundError
from trilateral.provenance import atomic_write_bytes, atomic_write_json, sha256_bytes, sha256_file
from trilateral.sources.base import SourceSpec

# Raw excerpts copied for this repository (not in the shared raw folder) live here, under the same
# relative paths; a source whose files are missing from ``raw_dir`` is looked up here.
BUNDLED_RAW = Path(__file__).resolve().parents[3] / "data" / "raw"
COUNTRY_COLUMNS = ("iso3", "reporter", "partner", "country", "iso3_a", "iso3_b", "exporter", "importer")


@dataclass
class BuiltTable:
    table: str
    source_id: str
    rows: int
    sha256: str
    path: Path


def parquet_bytes(df: pd.DataFrame) -> bytes:
    """Serialise deterministically: no pandas index, fixed compression, no timestamps."""
    table = pa.Table.from_pandas(df.reset_index(drop=True), preserve_index=False)
    table = table.replace_schema_metadata(None)
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd", compression_level=9, use_dictionary=True,
                   write_statistics=False)
    return buf.getvalue()


def coverage(df: pd.DataFrame) -> dict[str, object]:
    """Years and countries a table covers, read from its columns."""
    cov: dict[str, object] = {"rows": int(len(df))}
    if "year" in df.columns and len(df):
        years = pd.to_numeric(df["year"], errors="coerce").dropna().astype(int)
        if len(years):
            cov["years"] = [int(years.min()), int(years.max())]
            cov["n_years"] = int(years.nunique())
    countries: set[str] = set()
    for col in COUNTRY_COLUMNS:
        if col in df.columns:
            countries.update(str(v) for v in df[col].dropna().unique())
    if countries:
        cov["n_countries"] = len(countries)
        cov["countries"] = sorted(countries) if len(countries) <= 40 else sorted(countries)[:40] + ["..."]
    return cov


def sidecar(spec: SourceSpec, table: str, df: pd.DataFrame, raw_dir: Path, out_sha: str,
            built: str, module: str) -> dict[str, object]:
    base = raw_dir / spec.raw_dir
    return {
        "table": table,
        "source": {k: v for k, v in asdict(spec).items() if k not in ("tables", "raw_files")},
        "raw_inputs": [
            {"path": f"{spec.raw_dir}/{f}", "sha256": sha256_file(base / f)} for f in spec.raw_files
        ],
        "output": {"file": f"{table}.parquet", "sha256": out_sha, "rows": int(len(df)),
                   "columns": {c: str(t) for c, t in df.dtypes.items()}},
        "step": {"module": module, "version": spec.step_version, "trilateral": __version__},
        "built": built,
        "coverage": coverage(df),
        "caveats": list(spec.caveats),
    }


def build_source(source_id: str, raw_dir: Path, out_dir: Path = SNAPSHOT_DIR,
                 built: str | None = None) -> list[BuiltTable]:
    """Build every table of one source and write snapshot + sidecar atomically."""
    mod = sources.get(source_id)
    spec: SourceSpec = mod.SPEC
    if not spec.shippable:
        return []
    raw_dir = raw_root(spec, raw_dir)
    base = raw_dir / spec.raw_dir
    for f in spec.raw_files:
        if not (base / f).is_file():
            raise NotFoundError(f"{source_id}: raw file {base / f} is missing")
    frames: dict[str, pd.DataFrame] = mod.build(raw_dir)
    if set(frames) != set(spec.tables):
        raise InputError(f"{source_id}: build returned {sorted(frames)}, spec says {list(spec.tables)}")
    built = built or dt.date.today().isoformat()
    out: list[BuiltTable] = []
    for table, df in frames.items():
        data = parquet_bytes(df)
        sha = sha256_bytes(data)
        atomic_write_bytes(out_dir / f"{table}.parquet", data)
        atomic_write_json(out_dir / f"{table}.json",
                          sidecar(spec, table, df, raw_dir, sha, built, mod.__name__))
        out.append(BuiltTable(table, source_id, len(df), sha, out_dir / f"{table}.parquet"))
    return out


def raw_root(spec: SourceSpec, raw_dir: Path) -> Path:
    """``raw_dir``, or the repository's bundled excerpts when they hold the source's files."""
    if (raw_dir / spec.raw_dir).is_dir() or not (BUNDLED_RAW / spec.raw_dir).is_dir():
        return raw_dir
    return BUNDLED_RAW


def build_all(raw_dir: Path, out_dir: Path = SNAPSHOT_DIR, only: Iterable[str] | None = None,
              progress: Callable[[str], None] | None = None) -> list[BuiltTable]:
    """Rebuild the snapshots of every shippable source (or of ``only``)."""
    ids = list(only) if only else [s.id for s in sources.specs()]
    out: list[BuiltTable] = []
    for sid in ids:
        if progress:
            progress(sid)
        out.extend(build_source(sid, raw_dir, out_dir))
    return out
