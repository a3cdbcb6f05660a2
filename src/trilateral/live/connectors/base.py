"""What a connector is: how to fetch one source from its publisher and parse what came back.

A connector module in :mod:`trilateral.live.connectors` defines ``CONNECTOR``, a
:class:`Connector`. Its ``fetch(transport, url)`` downloads through the given
:class:`~trilateral.live.transport.Transport` (never another HTTP client) and returns a
:class:`Fetched` file; its ``parser(path, vintage)`` is a module-level function that validates the
file and returns ``{table: DataFrame}`` with the same columns as the bundled snapshot of that
table, so derived tables rebuild unchanged. The warehouse records the parser and calls it again
whenever it rebuilds.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from trilateral.config import SNAPSHOT_DIR, home
from trilateral.errors import InputError, SchemaError
from trilateral.live.transport import CLIENT, Download, Transport
from trilateral.provenance import atomic_write_bytes, sha256_bytes

Parser = Callable[[Path, str], dict[str, pd.DataFrame]]


@dataclass(frozen=True)
class Fetched:
    """A downloaded file ready for the warehouse, with where it came from."""

    path: Path
    origin: str
    client: str
    sha256: str
    size: int
    from_cache: bool
    requests: tuple[str, ...] = ()
    release: str | None = None  # the server's Last-Modified date, YYYY-MM-DD, when it sent one

    @classmethod
    def of(cls, got: Download, *, client: str | None = None,
           requests: tuple[str, ...] = ()) -> Fetched:
        return cls(got.path, got.url, client or got.client, got.sha256, got.size,
                   got.from_cache, requests or (got.url,), release_of(got.last_modified))


def release_of(last_modified: str) -> str | None:
    """``Last-Modified`` (an HTTP date) as ``YYYY-MM-DD``; None when absent or unreadable."""
    import email.utils

    if not last_modified:
        return None
    try:
        return email.utils.parsedate_to_datetime(last_modified).date().isoformat()
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class Connector:
    """One publisher endpoint for one warehouse source."""

    source_id: str
    publisher: str
    endpoint: str
    format: str
    fetch: Callable[[Transport, str], Fetched]
    parser: Parser
    tables: tuple[str, ...]
    secrets: tuple[str, ...] = ()
    docs: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    def missing_secret(self) -> str | None:
        """The first environment variable this connector needs that is not set."""
        return next((name for name in self.secrets if not os.environ.get(name)), None)

    def describe(self) -> dict[str, object]:
        from trilateral.live.settings import env_name

        return {"source": self.source_id, "publisher": self.publisher, "endpoint": self.endpoint,
                "override": env_name(self.source_id), "format": self.format,
                "tables": list(self.tables), "secrets": list(self.secrets), "docs": self.docs}


def secret(name: str, purpose: str) -> str:
    """An API token or key from the environment; a clear InputError when it is not set."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise InputError(f"{purpose} is needed: set the environment variable {name}", field=name)
    return value


def bundled_columns(table: str) -> dict[str, str] | None:
    """Column -> dtype of the bundled snapshot of ``table``, in the snapshot's column order
    (None when the table is not bundled)."""
    side = SNAPSHOT_DIR / f"{table}.json"
    if not side.is_file():
        return None
    import pyarrow.parquet as pq

    dtypes = json.loads(side.read_text())["output"]["columns"]
    order = pq.read_schema(side.with_suffix(".parquet")).names
    return {c: dtypes.get(c, "") for c in order}


def _kind(dtype: str) -> str:
    dtype = dtype.lower()
    for kind in ("bool", "int", "float", "datetime"):
        if kind in dtype:
            return kind
    return "text"


def conform(frames: Mapping[str, pd.DataFrame], file: Path) -> dict[str, pd.DataFrame]:
    """Refuse frames whose columns differ from the bundled snapshot of the same table.

    Column names and order must match, and each column's kind (integer, float, boolean, text)
    must be the same, so tables derived from this one rebuild with a new vintage unchanged.
    """
    out = {}
    for table, df in frames.items():
        want = bundled_columns(table)
        if want is not None:
            got = {c: str(t) for c, t in df.dtypes.items()}
            if list(got) != list(want):
                raise SchemaError(f"table {table} would get columns {list(got)}, but the bundled "
                                  f"table has {list(want)}", file=file)
            for col, dtype in want.items():
                if _kind(got[col]) != _kind(dtype):
                    raise SchemaError(f"table {table} column {col} is {got[col]}, bundled is "
                                      f"{dtype}", file=file, field=col)
        out[table] = df
    return out


def bundle(source_id: str, parts: Mapping[str, Download]) -> Fetched:
    """Pack several downloads of one refresh into one zip, so a vintage is a single file.

    The zip is deterministic (stored, fixed timestamps, sorted members, a manifest of each
    part's URL and checksum), so the same publisher files always give the same checksum and an
    unchanged refresh is recognised as such.
    """
    manifest = {"source": source_id, "parts": {name: {"url": d.url, "sha256": d.sha256,
                                                     "bytes": d.size} for name, d in parts.items()}}
    members = {"manifest.json": json.dumps(manifest, indent=1, sort_keys=True).encode()}
    members.update({name: d.path.read_bytes() for name, d in parts.items()})
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for name in sorted(members):
            zf.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), members[name])
    data = buf.getvalue()
    sha = sha256_bytes(data)
    path = home() / "downloads" / source_id / f"bundle-{sha[:16]}.zip"
    if not path.exists():
        atomic_write_bytes(path, data)
    urls = tuple(d.url for d in parts.values())
    return Fetched(path, urls[0], CLIENT, sha, len(data),
                   all(d.from_cache for d in parts.values()), urls)


def bundle_member(path: Path, name: str) -> bytes:
    """One member of a bundle written by :func:`bundle`; SchemaError when it is not there."""
    try:
        with zipfile.ZipFile(path) as zf:
            return zf.read(name)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SchemaError(f"not a refresh bundle ({exc})", file=path) from exc
    except KeyError:
        raise SchemaError(f"the bundle has no member {name!r}", file=path) from None
