"""Implementation of the warehouse (see the package docstring for the layout)."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
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
from trilateral.errors import (
    CorruptError,
    InputError,
    NotFoundError,
    RevisionError,
    TrilateralError,
    WarehouseError,
)
from trilateral.provenance import sha256_bytes, sha256_file
from trilateral.sources.base import DerivedTable, check_frame
from trilateral.sources.build import coverage, parquet_bytes
from trilateral.warehouse import journal
from trilateral.warehouse.revisions import Comparison, compare, release_date

Parser = Callable[[Path, str], dict[str, pd.DataFrame]]

CATALOG_DDL = """
CREATE TABLE IF NOT EXISTS _catalog (
  name VARCHAR, version INTEGER, vintage VARCHAR, kind VARCHAR, source_id VARCHAR,
  rows BIGINT, sha256 VARCHAR, created VARCHAR, current BOOLEAN, provenance VARCHAR);
CREATE TABLE IF NOT EXISTS _loads (
  seq INTEGER, source_id VARCHAR, vintage VARCHAR, file VARCHAR, sha256 VARCHAR,
  loaded VARCHAR, origin VARCHAR, client VARCHAR, parser VARCHAR, extra VARCHAR);
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
    revisions: list[dict[str, object]] = field(default_factory=list)
    accepted: str | None = None  # the reason given with --accept-revision

    def to_dict(self) -> dict[str, object]:
        return {"source": self.source_id, "vintage": self.vintage, "file": self.file,
                "sha256": self.sha256, "unchanged": self.unchanged, "tables": self.tables,
                "revisions": self.revisions, "accepted": self.accepted}


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
        """Build the file on first use, or rebuild it when the bundled snapshots changed.

        A file that exists but cannot be read is corruption: it stops with
        :class:`~trilateral.errors.CorruptError` (exit 7) naming ``trilateral data recover``,
        never a silent rebuild that would drop the user's vintages.
        """
        if self._fingerprint is not None and self.path.exists():
            return self
        want = snapshot_fingerprint(self.snapshot_dir)
        self.root.mkdir(parents=True, exist_ok=True)
        self._clean_leftovers()
        if not self.path.exists() or self._meta("fingerprint") != want:
            try:
                with self.lock:
                    if not self.path.exists() or self._meta("fingerprint") != want:
                        self._rebuild(want, self._previous_loads())
            except Timeout as exc:
                raise WarehouseError(f"warehouse {self.path} is locked by another process") from exc
        self._fingerprint = want
        return self

    def _clean_leftovers(self) -> None:
        """Temporary copies (and their WAL files) left by a killed write; only when unlocked."""
        leftovers = list(self.root.glob(".warehouse.*.duckdb*"))
        if not leftovers:
            return
        try:
            self.lock.acquire(timeout=0)
        except Timeout:
            return  # another process is writing: its copy is not a leftover
        try:
            for f in leftovers:
                f.unlink(missing_ok=True)
        finally:
            self.lock.release()

    def _meta(self, key: str) -> str | None:
        if not self.path.exists():
            return None
        try:
            with self._connect() as con:
                row = con.execute("SELECT value FROM _meta WHERE key = ?", [key]).fetchall()
                row = row[0] if row else None
        except (duckdb.Error, WarehouseError) as exc:
            raise CorruptError(f"warehouse {self.path} cannot be read "
                               f"({_first_line(exc)})") from exc
        return row[0] if row else None

    @contextlib.contextmanager
    def _connect(self, path: Path | None = None, read_only: bool = True
                 ) -> Iterator[duckdb.DuckDBPyConnection]:
        try:
            con = duckdb.connect(str(path or self.path), read_only=read_only)
            # no progress bar: DuckDB draws it on stdout, where --json output goes
            con.execute("SET enable_progress_bar = false")
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
                con.execute(CATALOG_DDL)
                con.execute("ALTER TABLE _loads ADD COLUMN IF NOT EXISTS extra VARCHAR")
                yield con
                con.execute("CHECKPOINT")
            os.replace(tmp, self.path)
        finally:
            tmp.unlink(missing_ok=True)
            Path(str(tmp) + ".wal").unlink(missing_ok=True)
            self.lock.release()

    def _rebuild(self, fingerprint: str, previous_loads: list[dict[str, object]], *,
                 strict: bool = True) -> list[str]:
        """Build a fresh file from the snapshots, replaying earlier loads; then swap it in.

        Returns what could not be replayed (only when ``strict`` is false, as in recovery).
        """
        fd, tmp_name = tempfile.mkstemp(prefix=".warehouse.", suffix=".duckdb", dir=self.root)
        os.close(fd)
        tmp = Path(tmp_name)
        tmp.unlink()
        skipped: list[str] = []
        try:
            with self._connect(tmp, read_only=False) as con:
                con.execute(CATALOG_DDL)
                for side in sorted(self.snapshot_dir.glob("*.json")):
                    self._add_snapshot(con, side)
                for d in _ordered(sources.derived_tables()):
                    self._add_derived(con, d)
                for load in previous_loads:
                    try:
                        self._replay(con, load, strict=strict)
                    except TrilateralError as exc:
                        if strict:
                            raise
                        skipped.append(str(exc))
                con.execute("INSERT OR REPLACE INTO _meta VALUES ('fingerprint', ?)", [fingerprint])
                con.execute("CHECKPOINT")
            os.replace(tmp, self.path)
        finally:
            tmp.unlink(missing_ok=True)
            Path(str(tmp) + ".wal").unlink(missing_ok=True)
        return skipped

    def _previous_loads(self) -> list[dict[str, object]]:
        if not self.path.exists():
            return []
        try:
            with self._connect() as con:
                return con.execute("SELECT * FROM _loads ORDER BY seq").df().to_dict("records")
        except (duckdb.Error, WarehouseError) as exc:
            raise CorruptError(f"warehouse {self.path}: table _loads cannot be read "
                               f"({_first_line(exc)})") from exc

    def _replay(self, con: duckdb.DuckDBPyConnection, load: Mapping[str, object], *,
                strict: bool = True) -> None:
        if str(load.get("origin") or "") == USE:
            self._apply_use(con, str(load["source_id"]), str(load["vintage"]))
            return
        source_id = str(load["source_id"])
        path = Path(str(load["file"]))
        if not path.is_file() or sha256_file(path) != load["sha256"]:
            raise CorruptError(f"kept raw file {path} of {source_id} vintage {load['vintage']} "
                               "is missing or changed")
        stored = str(load.get("parser") or "")
        parser = resolve_parser(source_id, stored, strict=strict)
        self._apply_load(con, source_id, path, str(load["vintage"]),
                         origin=load.get("origin") or None, loaded=str(load["loaded"]),
                         client=load.get("client") or None, parser=parser,
                         extra=load.get("extra") or None)

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
        parquet = sidecar_path.with_suffix(".parquet")
        if not parquet.is_file() or sha256_file(parquet) != meta["output"]["sha256"]:
            raise CorruptError(f"bundled snapshot {parquet} does not match the sha256 in its "
                               "sidecar", recovery="python -m pip install --force-reinstall "
                               "trilateral")
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
                    parser: Parser | None = None,
                    extra: Mapping[str, object] | None = None) -> list[dict[str, object]]:
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
                             "function": parser.__name__, "trilateral": __version__},
                    **_extra_for(extra, name)}
            sha = sha256_bytes(parquet_bytes(df))
            v = self._add_version(con, name, df, vintage=vintage, kind="loaded",
                                  source_id=source_id, sha=sha, provenance=prov)
            changed.append({"table": name, "version": v, "rows": len(df), "kind": "loaded"})
        touched = set(frames)
        for d in _ordered(sources.derived_tables()):
            if touched & set(d.inputs):
                changed.append(self._add_derived(con, d))
                touched.add(d.name)
        _record(con, source_id, vintage, str(path), file_sha, loaded, origin or "", client or "",
                parser_key(parser), extra)
        return changed

    def _apply_use(self, con: duckdb.DuckDBPyConnection, name: str,
                   vintage: str) -> list[dict[str, object]]:
        """Make an earlier vintage of a table (or of every table of a source) current again."""
        rows = con.execute("SELECT DISTINCT name, kind FROM _catalog WHERE name = ? OR "
                           "source_id = ?", [name, name]).fetchall()
        if not rows:
            raise NotFoundError(f"no table or source called {name!r}")
        if any(kind == "derived" for _, kind in rows):
            raise InputError(f"{name} is derived: it follows its inputs; choose a vintage of "
                             "one of them", field="vintage")
        changed: list[dict[str, object]] = []
        for table in sorted({r[0] for r in rows}):
            versions = con.execute("SELECT version, vintage, current FROM _catalog WHERE "
                                   "name = ? ORDER BY version", [table]).fetchall()
            version = _pick_version(table, versions, vintage)
            con.execute("UPDATE _catalog SET current = (version = ?) WHERE name = ?",
                        [version, table])
            con.execute(f"CREATE OR REPLACE VIEW {_quote(table)} AS SELECT * FROM "
                        f"{_quote(f'{table}__{version}')}")
            changed.append({"table": table, "version": version, "kind": "current"})
        touched = {c["table"] for c in changed}
        for d in _ordered(sources.derived_tables()):
            if touched & set(d.inputs):
                changed.append(self._add_derived(con, d))
                touched.add(d.name)
        return changed

    # ------------------------------------------------------------ public operations
    def load(self, source_id: str, file: str | Path, *, origin: str | None = None,
             client: str | None = None, vintage: str | None = None,
             parser: Parser | None = None, accept_revision: str | None = None,
             release: str | None = None) -> LoadResult:
        """Validate a newer raw file, store it as a new vintage, rebuild dependants atomically.

        ``parser(path, vintage) -> {table: frame}`` defaults to the source module's
        ``parse_file``; live connectors pass their own for the publisher's API format. It must be
        registered (a source's ``parse_file`` or a connector's ``parser``): the warehouse records
        its name and looks it up in the registry again when it is rebuilt, never importing a
        stored string. Each new table is compared with its current vintage
        (:mod:`trilateral.warehouse.revisions`); beyond the thresholds the load is refused with
        :class:`~trilateral.errors.RevisionError` unless ``accept_revision`` gives a reason.
        ``release`` (e.g. the server's Last-Modified date) is used when the file states none.
        """
        self.ensure()
        mod = sources.get(source_id)
        parser = parser or getattr(mod, "parse_file", None)
        if not callable(parser):
            raise NotFoundError(f"source {source_id!r} cannot load files; it is bundled only")
        file = Path(file)
        if accept_revision is not None and not accept_revision.strip():
            raise InputError("--accept-revision needs a reason", file=file,
                             field="accept-revision")
        if not file.is_file():
            raise NotFoundError(f"{file}: no such file")
        sha = sha256_file(file)
        current = self.current_raw_inputs(source_id)
        if sha in current:
            return LoadResult(source_id, current[sha], str(file), sha, unchanged=True)
        now = dt.datetime.now(dt.UTC)
        vintage = vintage or f"{now.date().isoformat()}-{sha[:8]}"
        frames = parser(file, vintage)  # validate before touching anything
        for name, df in frames.items():
            check_frame(df, file=file, table=name)
        release = release_date(file) or release  # what the file states comes first
        comparisons = [self._compare(name, df, release) for name, df in frames.items()]
        _refuse_or_accept(comparisons, file, accept_revision)
        extra = {"release": release, "accepted": accept_revision,
                 "revisions": {c.table: c.to_dict() for c in comparisons}}
        kept = self.root / "vintages" / source_id / f"{sha[:16]}{file.suffix}"
        if not kept.exists():
            kept.parent.mkdir(parents=True, exist_ok=True)
            _atomic_copy(file, kept)
        with self._writing() as con:
            if sha in _current_shas(con, source_id):  # a concurrent load of the same file won
                return LoadResult(source_id, vintage, str(file), sha, unchanged=True)
            tables = self._apply_load(con, source_id, kept, vintage, origin=origin or str(file),
                                      loaded=now.isoformat(timespec="seconds"), client=client,
                                      frames=frames, parser=parser, extra=extra)
        journal.append(self.root, {"action": "load", "source": source_id, "vintage": vintage,
                                   "file": str(kept), "sha256": sha, "origin": origin or str(file),
                                   "client": client or "", "parser": parser_key(parser),
                                   "loaded": now.isoformat(timespec="seconds"), "extra": extra})
        return LoadResult(source_id, vintage, str(file), sha, tables,
                          revisions=[c.to_dict() for c in comparisons], accepted=accept_revision)

    def _compare(self, name: str, df: pd.DataFrame, release: str | None) -> Comparison:
        try:
            old = self.read(name)
        except NotFoundError:
            old = df.iloc[0:0]
        before = [r for r in self.provenance(name) if r["current"]] if len(old) else []
        prov = before[0]["provenance"] if before else {}
        return compare(name, old, df, release_before=prov.get("release"), release_after=release)

    def use(self, name: str, vintage: str | int, *, reason: str | None = None
            ) -> list[dict[str, object]]:
        """Make vintage ``vintage`` (label or version) of a table or source current again.

        Recorded like a load, and replayed when the warehouse is rebuilt or recovered.
        """
        self.ensure()
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._writing() as con:
            changed = self._apply_use(con, name, str(vintage))
            first = next(c for c in changed if c["kind"] == "current")
            label = con.execute("SELECT vintage FROM _catalog WHERE name = ? AND version = ?",
                                [first["table"], first["version"]]).fetchall()[0][0]
            _record(con, name, str(label), "", "", now, USE, reason or "", "", None)
        journal.append(self.root, {"action": "use", "source": name, "vintage": str(label),
                                   "reason": reason or "", "loaded": now})
        return changed

    def revisions(self, name: str) -> list[dict[str, object]]:
        """What each vintage of a table (or of each table of a source) changed, oldest first."""
        out = []
        for r in self.provenance(name):
            prov = r["provenance"]
            rev = (prov.get("revision") or {})
            out.append({"table": r["name"], "version": r["version"], "vintage": r["vintage"],
                        "kind": r["kind"], "current": r["current"], "rows": r["rows"],
                        "created": r["created"], "release": prov.get("release"),
                        "accepted": prov.get("accepted"),
                        "problems": rev.get("problems", []),
                        "median_ratio": rev.get("median_ratio"),
                        "rows_before": rev.get("rows_before")})
        with self._connect() as con:
            uses = con.execute("SELECT source_id, vintage, loaded, client FROM _loads "
                               "WHERE origin = ? ORDER BY seq", [USE]).fetchall()
        tables = {r["table"] for r in out} | {name}
        for source, label, when, why in uses:
            if source in tables:
                out.append({"table": source, "kind": "use", "vintage": label, "created": when,
                            "accepted": why or None, "problems": []})
        return out

    def recover(self) -> dict[str, object]:
        """Rebuild from the bundled snapshots and re-register the kept raw files.

        The damaged file is kept beside the new one (``warehouse.duckdb.damaged-<time>``). Loads
        are replayed from the journal (``vintages/journal.jsonl``), then any kept raw file the
        journal does not know; parsers come from the registry by source name.
        """
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        try:
            with self.lock:
                moved = None
                if self.path.exists():
                    moved = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
                    os.replace(self.path, moved)
                loads = journal.replayable(self.root)
                skipped = self._rebuild(snapshot_fingerprint(self.snapshot_dir), loads,
                                        strict=False)
        except Timeout as exc:
            raise WarehouseError(f"warehouse {self.path} is locked by another process") from exc
        self._fingerprint = None
        return {"warehouse": str(self.path), "damaged_copy": None if moved is None else str(moved),
                "replayed": len(loads) - len(skipped), "skipped": skipped}

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


USE = "use"  # origin of a _loads row that made an earlier vintage current


def parser_key(parser: Parser) -> str:
    return f"{parser.__module__}:{parser.__name__}"


def registered_parsers(source_id: str) -> dict[str, Parser]:
    """The parsers the registry knows for a source: its ``parse_file`` and its connector's."""
    import trilateral.live.connectors as connectors

    found: dict[str, Parser] = {}
    fn = getattr(sources.get(source_id), "parse_file", None)
    if callable(fn):
        found[parser_key(fn)] = fn
    conn = connectors.registry().get(source_id)
    if conn is not None:
        found[parser_key(conn.parser)] = conn.parser
    return found


def resolve_parser(source_id: str, stored: str, *, strict: bool = True) -> Parser:
    """The registered parser named ``stored`` for ``source_id``; a stored string is a name to
    look up, never a module to import. Unknown names are corruption (or, in recovery, the
    source's own parser is used)."""
    known = registered_parsers(source_id)
    if stored in known:
        return known[stored]
    if not strict and known:
        return next(iter(known.values()))
    shown = stored if len(stored) < 80 else stored[:77] + "..."
    raise CorruptError(f"warehouse _loads: parser {shown!r} recorded for {source_id} is not a "
                       "registered parser, so it is not run")


def _record(con: duckdb.DuckDBPyConnection, source_id: str, vintage: str, file: str, sha: str,
            loaded: str, origin: str, client: str, parser: str,
            extra: Mapping[str, object] | None) -> None:
    seq = con.execute("SELECT coalesce(max(seq), 0) + 1 FROM _loads").fetchall()[0][0]
    con.execute("INSERT INTO _loads (seq, source_id, vintage, file, sha256, loaded, origin, "
                "client, parser, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [seq, source_id, vintage, file, sha, loaded, origin, client, parser,
                 None if extra is None else json.dumps(extra, sort_keys=True, default=str)])


def _extra_for(extra: Mapping[str, object] | str | None, table: str) -> dict[str, object]:
    if isinstance(extra, str):
        try:
            extra = json.loads(extra)
        except ValueError:
            extra = None
    if not isinstance(extra, Mapping):
        return {}
    revisions = extra.get("revisions") or {}
    return {"release": extra.get("release"), "accepted": extra.get("accepted"),
            "revision": revisions.get(table) if isinstance(revisions, Mapping) else None}


def _refuse_or_accept(comparisons: list[Comparison], file: Path, reason: str | None) -> None:
    bad = [c for c in comparisons if not c.ok]
    if not bad or reason:
        return
    more = f" (and {len(bad) - 1} more table(s))" if len(bad) > 1 else ""
    raise RevisionError(f"refused as a revision of the current vintage: {bad[0].summary()}{more}; "
                        "to take it anyway pass --accept-revision \"reason\"", file=file,
                        field=bad[0].table)


def _current_shas(con: duckdb.DuckDBPyConnection, source_id: str) -> set[str]:
    found: set[str] = set()
    for (prov,) in con.execute("SELECT provenance FROM _catalog WHERE source_id = ? AND current",
                               [source_id]).fetchall():
        found |= {str(i.get("sha256")) for i in json.loads(prov).get("raw_inputs", [])}
    return found


def _atomic_copy(src: Path, dst: Path) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{dst.name}.", dir=dst.parent)
    os.close(fd)
    try:
        shutil.copyfile(src, tmp)
        os.replace(tmp, dst)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _first_line(exc: BaseException) -> str:
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return text if len(text) < 200 else text[:197] + "..."


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
