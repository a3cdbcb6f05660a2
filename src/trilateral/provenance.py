"""Checksums and provenance records that travel with every table."""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any


def sha256_file(path: str | Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never half of one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def jsonable(obj: Any) -> Any:
    """Plain JSON values: numpy scalars and arrays become Python numbers and lists, NaN and
    infinities None, keys strings. Anything else is left to the JSON encoder."""
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [jsonable(v) for v in obj]
    for method in ("tolist", "item"):  # arrays and series, then other scalar wrappers
        if callable(getattr(obj, method, None)):
            with contextlib.suppress(ValueError, TypeError):
                obj = getattr(obj, method)()
                return jsonable(obj) if isinstance(obj, list) else _finite(obj)
    return _finite(obj)


def _finite(value: Any) -> Any:
    return None if isinstance(value, float) and not math.isfinite(value) else value


def atomic_write_json(path: str | Path, obj: Any) -> None:
    text = json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n"
    atomic_write_bytes(path, text.encode("utf-8"))


def _value_digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def write_checked_json(path: str | Path, value: Any) -> None:
    """Write ``{"sha256": ..., "value": value}`` atomically (a cache entry with its checksum)."""
    atomic_write_json(path, {"sha256": _value_digest(value), "value": value})


def read_checked_json(path: str | Path) -> Any | None:
    """The value written by :func:`write_checked_json`, or None when the file is absent,
    unreadable or fails its checksum (the caller recomputes it)."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(doc, dict) or "value" not in doc:
        return None
    if doc.get("sha256") != _value_digest(doc["value"]):
        return None
    return doc["value"]
