"""Implementation of the warehouse (see the package docstring for the layout)."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
from filelock import FileLock, Timeout

from trilateral import __version__, sources
from trilateral.config import SNAPSHOT_DIR, home
from trilateral.errors import NotFoundError, TrilateralError, WarehouseError
from trilateral.provenance import sha256_bytes, sha256_file
from trilateral.sources.base import DerivedTable
from trilateral.sources.build import coverage, parquet_bytes

Parser = Callable[[Path, str], dict[str, pd.DataFrame]]

CATALOG_DDL = """
CREATE TABLE IF NOT EXISTS _catalog (
  name VARCHAR, version INTEGER, vintage VARCHAR, kind VARCHAR, source_id VARCHAR,
  rows BIGINT, sha256 VARCHAR, created VARCHAR, current BOOLEAN, provenance VARCHAR);
CREATE TABLE IF NOT EXISTS _loads (
  seq INTEGER, source_id VARCHAR, vintage VARCHAR, file VARCHAR, sha256 VARCHAR,
  loaded VARCHAR, origin VARCHAR, client VARCHAR, parser VARCHAR);
CREATE TABLE IF NOT EXISTS _meta (key VARCHAR PRIMARY KEY, value VARCHAR);
"""


@dataclass
class LoadResult:
    """What a load or refresh changed: the new vintage and every table it rebuilt."""

    source_id: str
    vintage: str
    file: str
    sha256: str
    tables: list[dict[str, object]] = field(default_factory=list)
    unchanged: bool = False  # the file is already behind the current vintage: nothing was added

    def to_dict(self) -> dict[str, object]:
        return {"source": self.source_id, "vintage": self.vintage, "file": self.file,
                "sha256": self.sha256, "unchanged": self.unchanged, "tables": self.tables}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def snapshot_fingerprint(snapshot_dir: Path = SNAPSHOT_DIR) -> str:
    """Changes whenever a bundled snapshot or the derived-table steps change."""
    h = hashlib.sha256(__version__.encode())
    for side in sorted(snapshot_dir.glob("*.json")):
        meta = json.loads(side.read_text())
        h.update(f"{meta['table']}:{meta['output']['sha256']}".encode())
    for d in sorted(sources.derived_tables(), key=lambda d: d.name):
        h.update(f"{d.name}:{d.step_version}:{','.join(d.inputs)}".encode())
    return h.hexdigest()


class Warehouse:
    """A handle on the warehouse file. Reads are cheap; writes go through :meth:`_writing`."""

    def __init__(self, root: Path | None = None, snapshot_dir: Path = SNAPSHOT_DIR) -> None:
        self.root = Path(root) if root else home()
        self.path = self.root / "warehouse.duckdb"
        self.snapshot_dir = snapshot_dir
        self.lock = FileLock(str(self.root / "warehouse.lock"), timeout=120)
        self._fingerprint: str | None = None

    # ------------------------------------------------------------ life cycle
    def ensure(self) -> Warehouse:
        """Build the file on first use, or rebuild it when the bundled snapshots changed."""
        if self._fingerprint is not None and self.path.exists():
            return self
        want = snapshot_fingerprint(self.snapshot_dir)
        if not self.path.exists() or self._meta("fingerprint") != want:
            try:
                with self.lock:
                    if not self.path.exists() or self._meta("fingerprint") != want:
                        self._rebuild(want)
            except Timeout as exc:
                raise WarehouseError(f"warehouse {self.path} is locked by another process") from exc
        self._fingerprint = want
        return self

    def _meta(self, key: str) -> str | None:
        if not self.path.exists():
            return None
        try:
            with self._connect() as con:
                row = con.execute("SELECT value FROM _meta WHERE key = ?", [key]).fetchall()
                row = row[0] if row else None
        except duckdb.Error:
            return None
        return row[0] if row else None

    @contextlib.contextmanager
    def _connect(self, path: Path | None = None, read_only: bool = True
                 ) -> Iterator[duckdb.DuckDBPyConnection]:
        try:
            con = duckdb.connect(str(path or self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise WarehouseError(f"cannot open warehouse {path or self.path}: {exc}") from exc
        try:
            yield con
        finally:
            con.close()

    @contextlib.contextmanager
    def _writing(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Yield a connection on a copy; replace the real file only if the block succeeds."""
        try:
            self.lock.acquire()
        except Timeout as exc:
            raise WarehouseError(f"warehouse {self.path} is locked by another process") from exc
        fd, tmp_name = tempfile.mkstemp(prefix=".warehouse.", suffix=".duckdb", dir=self.root)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            shutil.copyfile(self.path, tmp)
            with self._connect(tmp, read_only=False) as con:
                yield con
                con.execute("CHECKPOINT")
            os.replace(tmp, self.path)
        finally:
            tmp.unlink(missing_ok=True)
            Path(str(tmp) + ".wal").unlink(missing_ok=True)
            self.lock.release()

    def _rebuild(self, fingerprint: str) -> None:
        """Build a fresh file from the snapshots, replaying earlier loads; then swap it in."""
        previous_loads = self._previous_loads()
        fd, tmp_name = tempfile.mkstemp(prefix=".warehouse.", suffix=".duckdb", dir=self.root)
        os.close(fd)
        tmp = Path(tmp_name)
        tmp.unlink()
        try:
            with self._connect(tmp, read_only=False) as con:
                con.execute(CATALOG_DDL)
                for side in sorted(self.snapshot_dir.glob("*.json")):
                    self._add_snapshot(con, side)
                for d in _ordered(sources.derived_tables()):
                    self._add_derived(con, d)
                for load in previous_loads:
                    self._replay(con, load)
                con.execute("INSERT OR REPLACE INTO _meta VALUES ('fingerprint', ?)", [fingerprint])
                con.execute("CHECKPOINT")
            os.replace(tmp, self.path)
        finally:
            tmp.unlink(missing_ok=True)

    def _previous_loads(self) -> list[dict[str, object]]:
        if not self.path.exists():
            return []
        try:
            with self._connect() as con:
                return con.execute("SELECT * FROM _loads ORDER BY seq").df().to_dict("records")
        except (duckdb.Error, WarehouseError):
            return []

    def _replay(self, con: duckdb.DuckDBPyConnection, load: Mapping[str, object]) -> None:
        path = Path(str(load["file"]))
        if not path.exists() or sha256_file(path) != load["sha256"]:
            return  # the kept copy is gone; the vintage cannot be rebuilt, so it is dropped
        self._apply_load(con, str(load["source_id"]), path, str(load["vintage"]),
                         origin=load.get("origin") or None, loaded=str(load["loaded"]),
                         client=load.get("client") or None,
                         parser=_import_parser(str(load.get("parser") or "")))

    # ------------------------------------------------------------ adding vintages
    def _add_version(self, con: duckdb.DuckDBPyConnection, name: str, df: pd.DataFrame | None,
                     *, vintage: str, kind: str, source_id: str, sha: str,
                     provenance: Mapping[str, object], parquet: Path | None = None) -> int:
        row = con.execute("SELECT coalesce(max(version), 0) FROM _catalog WHERE name = ?",
                          [name]).fetchall()[0]
        version = int(row[0]) + 1
        phys = _quote(f"{name}__{version}")
        if parquet is not None:
            con.execute(f"CREATE TABLE {phys} AS SELECT * FROM read_parquet(?)", [str(parquet)])
        else:
            con.register("_incoming", df)
            con.execute(f"CREATE TABLE {phys} AS SELECT * FROM _incoming")
            con.unregister("_incoming")
        rows = con.execute(f"SELECT count(*) FROM {phys}").fetchall()[0][0]
        con.execute("UPDATE _catalog SET current = false WHERE name = ?", [name])
        con.execute(
            "INSERT INTO _catalog VALUES (?, ?, ?, ?, ?, ?, ?, ?, true, ?)",
            [name, version, vintage, kind, source_id, rows, sha,
             dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
             json.dumps(provenance, sort_keys=True, default=str)],
        )
        con.execute(f"CREATE OR REPLACE VIEW {_quote(name)} AS SELECT * FROM {phys}")
        return version

    def _add_snapshot(self, con: duckdb.DuckDBPyConnection, sidecar_path: Path) -> None:
        meta = json.loads(sidecar_path.read_text())
        src = meta["source"]
        self._add_version(con, meta["table"], None, vintage=src["vintage"], kind="snapshot",
                          source_id=src["id"], sha=meta["output"]["sha256"], provenance=meta,
                          parquet=sidecar_path.with_suffix(".parquet"))

    def _current_frame(self, con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
        return con.execute(f"SELECT * FROM {_quote(name)}").df()

    def _add_derived(self, con: duckdb.DuckDBPyConnection, d: DerivedTable) -> dict[str, object]:
        inputs = {}
        prov_inputs = []
        for name in d.inputs:
            cat = con.execute(
                "SELECT version, vintage, sha256, source_id FROM _catalog "
                "WHERE name = ? AND current", [name]).fetchall()
            cat = cat[0] if cat else None
            if cat is None:
                raise WarehouseError(f"derived table {d.name} needs {name}, which is missing")
            inputs[name] = self._current_frame(con, name)
            prov_inputs.append({"table": name, "version": cat[0], "vintage": cat[1],
                                "sha256": cat[2], "source": cat[3]})
        df = d.build(inputs)
        sha = sha256_bytes(parquet_bytes(df))
        vintage = "+".join(sorted({str(p["vintage"]) for p in prov_inputs}))
        prov = {"table": d.name, "derived_from": prov_inputs, "description": d.description,
                "unit": d.unit, "caveats": list(d.caveats), "coverage": coverage(df),
                "step": {"name": d.name, "version": d.step_version, "trilateral": __version__}}
        version = self._add_version(con, d.name, df, vintage=vintage, kind="derived",
                                    source_id="derived", sha=sha, provenance=prov)
        return {"table": d.name, "version": version, "rows": len(df), "kind": "derived"}

    def _apply_load(self, con: duckdb.DuckDBPyConnection, source_id: str, path: Path,
                    vintage: str, *, origin: str | None, loaded: str, client: str | None = None,
                    frames: dict[str, pd.DataFrame] | None = None,
                    parser: Parser | None = None) -> list[dict[str, object]]:
        mod = sources.get(source_id)
        parser = parser or mod.parse_file
        if frames is None:
            frames = parser(path, vintage)
        file_sha = sha256_file(path)
        spec = mod.SPEC
        changed: list[dict[str, object]] = []
        for name, df in frames.items():
            prov = {"table": name, "source": {**{k: getattr(spec, k) for k in
                    ("id", "publisher", "title", "url", "licence")}},
                    "raw_inputs": [{"path": str(path), "sha256": file_sha}],
                    "origin": origin or "file supplied by the user", "client": client or "",
                    "loaded": loaded, "vintage": vintage, "coverage": coverage(df),
                    "step": {"module": parser.__module__, "version": spec.step_version,
                             "function": parser.__name__, "trilateral": __version__}}
            sha = sha256_bytes(parquet_bytes(df))
            v = self._add_version(con, name, df, vintage=vintage, kind="loaded",
                                  source_id=source_id, sha=sha, provenance=prov)
            changed.append({"table": name, "version": v, "rows": len(df), "kind": "loaded"})
        touched = set(frames)
        for d in _ordered(sources.derived_tables()):
            if touched & set(d.inputs):
                changed.append(self._add_derived(con, d))
                touched.add(d.name)
        seq = con.execute("SELECT coalesce(max(seq), 0) + 1 FROM _loads").fetchall()[0][0]
        con.execute("INSERT INTO _loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [seq, source_id, vintage, str(path), file_sha, loaded, origin or "",
                     client or "", f"{parser.__module__}:{parser.__name__}"])
        return changed

    # ------------------------------------------------------------ public operations
    def load(self, source_id: str, file: str | Path, *, origin: str | None = None,
             client: str | None = None, vintage: str | None = None,
             parser: Parser | None = None) -> LoadResult:
        """Validate a newer raw file, store it as a new vintage, rebuild dependants atomically.

        ``parser(path, vintage) -> {table: frame}`` defaults to the source module's
        ``parse_file``; live connectors pass their own for the publisher's API format. It must be
        a module-level function: it is recorded and called again when the warehouse is rebuilt.
        """
        self.ensure()
        mod = sources.get(source_id)
        parser = parser or getattr(mod, "parse_file", None)
        if not callable(parser):
            raise NotFoundError(f"source {source_id!r} cannot load files; it is bundled only")
        file = Path(file)
        if not file.is_file():
            raise NotFoundError(f"{file}: no such file")
        sha = sha256_file(file)
        current = self.current_raw_inputs(source_id)
        if sha in current:
            return LoadResult(source_id, current[sha], str(file), sha, unchanged=True)
        now = dt.datetime.now(dt.UTC)
        vintage = vintage or f"{now.date().isoformat()}-{sha[:8]}"
        frames = parser(file, vintage)  # validate before touching anything
        kept = self.root / "vintages" / source_id / f"{sha[:16]}{file.suffix}"
        if not kept.exists():
            kept.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, kept)
        with self._writing() as con:
            tables = self._apply_load(con, source_id, kept, vintage, origin=origin or str(file),
                                      loaded=now.isoformat(timespec="seconds"), client=client,
                                      frames=frames, parser=parser)
        return LoadResult(source_id, vintage, str(file), sha, tables)

    def current_raw_inputs(self, source_id: str) -> dict[str, str]:
        """SHA-256 -> vintage of the raw files behind the current tables of a source."""
        cat = self.catalog()
        found: dict[str, str] = {}
        for rec in cat[cat["source_id"] == source_id].to_dict("records"):
            for i in json.loads(rec["provenance"]).get("raw_inputs", []):
                found[str(i.get("sha256"))] = str(rec["vintage"])
        return found

    def catalog(self, all_versions: bool = False) -> pd.DataFrame:
        self.ensure()
        where = "" if all_versions else "WHERE current"
        with self._connect() as con:
            return con.execute(f"SELECT * FROM _catalog {where} ORDER BY name, version").df()

    def read(self, name: str, vintage: str | int | None = None) -> pd.DataFrame:
        """The current vintage of ``name``, or the one named by vintage label or version."""
        self.ensure()
        with self._connect() as con:
            rows = con.execute("SELECT version, vintage, current FROM _catalog WHERE name = ? "
                               "ORDER BY version", [name]).fetchall()
            if not rows:
                known = [r[0] for r in con.execute(
                    "SELECT DISTINCT name FROM _catalog ORDER BY name").fetchall()]
                raise NotFoundError(f"unknown table {name!r}; known: {', '.join(known)}")
            version = _pick_version(name, rows, vintage)
            return con.execute(f"SELECT * FROM {_quote(f'{name}__{version}')}").df()

    def provenance(self, name: str) -> list[dict[str, object]]:
        """Every vintage of a table (or of each table of a source id), oldest first."""
        cat = self.catalog(all_versions=True)
        hit = cat[(cat["name"] == name) | (cat["source_id"] == name)]
        if hit.empty:
            raise NotFoundError(f"no table or source called {name!r}")
        out = []
        for rec in hit.to_dict("records"):
            rec["provenance"] = json.loads(rec["provenance"])
            rec["current"] = bool(rec["current"])
            rec["version"] = int(rec["version"])
            rec["rows"] = int(rec["rows"])
            out.append(rec)
        return out


def _import_parser(path: str) -> Parser | None:
    if not path or ":" not in path:
        return None
    module, name = path.split(":", 1)
    return getattr(importlib.import_module(module), name, None)


def _pick_version(name: str, rows: list[tuple], vintage: str | int | None) -> int:
    if vintage is None:
        return int(next(r[0] for r in rows if r[2]))
    for version, label, _ in reversed(rows):
        if str(vintage) in (label, str(version), f"v{version}"):
            return int(version)
    labels = ", ".join(f"v{r[0]} ({r[1]})" for r in rows)
    raise NotFoundError(f"table {name!r} has no vintage {vintage!r}; it has {labels}")


def _ordered(derived: list[DerivedTable]) -> list[DerivedTable]:
    """Derived tables in dependency order (a derived table may read another)."""
    names = {d.name for d in derived}
    done: list[DerivedTable] = []
    pending = list(derived)
    while pending:
        ready = [d for d in pending if not (set(d.inputs) & names - {x.name for x in done})]
        if not ready:
            raise TrilateralError("derived tables depend on each other in a cycle")
        done.extend(ready)
        pending = [d for d in pending if d not in ready]
    return done


_DEFAULT: Warehouse | None = None


def open_warehouse(root: Path | None = None) -> Warehouse:
    """The warehouse under ``$TRILATERAL_HOME`` (cached per home directory)."""
    global _DEFAULT
    wanted = Path(root) if root else home()
    if _DEFAULT is None or _DEFAULT.root != wanted:
        _DEFAULT = Warehouse(wanted)
    return _DEFAULT.ensure()
