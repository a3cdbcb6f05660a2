"""An on-disk HTTP cache for conditional requests (ETag / Last-Modified).

One entry per URL under ``<TRILATERAL_HOME>/http-cache``: ``<key>.body`` holds the last body
received, ``<key>.json`` its validators and checksum. The transport sends ``If-None-Match`` /
``If-Modified-Since`` from the entry; on ``304 Not Modified`` it reuses the body, so an
unchanged publisher file is not downloaded twice. Bodies are written to a temporary file and
moved into place with ``os.replace``; an entry whose body no longer matches its checksum is
ignored (and the next download replaces it).

The key is the SHA-256 of the full URL, so tokens in URLs never appear in file names; the
metadata stores the URL with secrets redacted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from trilateral.config import home
from trilateral.provenance import atomic_write_json, sha256_bytes, sha256_file


@dataclass(frozen=True)
class CacheEntry:
    """What the cache knows about one URL."""

    key: str
    url: str
    body: Path
    sha256: str
    size: int
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    fetched: str = ""

    def conditional_headers(self) -> dict[str, str]:
        """Validators to send so the server can answer 304 when nothing changed."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


class HttpCache:
    """A directory of cached responses, one per URL."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root else home() / "http-cache"

    def key(self, url: str) -> str:
        return sha256_bytes(url.encode("utf-8"))

    def lookup(self, url: str) -> CacheEntry | None:
        """The entry for ``url`` if its body is present and intact, else None."""
        meta_path = self.root / f"{self.key(url)}.json"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            entry = CacheEntry(**{**meta, "body": Path(meta["body"])})
        except (OSError, ValueError, TypeError, KeyError):
            return None
        if not entry.body.is_file() or entry.body.stat().st_size != entry.size:
            return None
        if sha256_file(entry.body) != entry.sha256:
            return None
        return entry

    def scratch(self) -> Path:
        """A fresh temporary file inside the cache directory, for a body being received."""
        self.root.mkdir(parents=True, exist_ok=True)
        self._clean_leftovers()
        fd, name = tempfile.mkstemp(prefix=".incoming.", dir=self.root)
        os.close(fd)
        return Path(name)

    def _clean_leftovers(self, older_than: float = 3600.0) -> None:
        """Partial bodies left by a killed download (older than an hour, so never a live one)."""
        import time

        for part in self.root.glob(".incoming.*"):
            with contextlib.suppress(OSError):
                if time.time() - part.stat().st_mtime > older_than:
                    part.unlink()

    def store(self, url: str, shown_url: str, received: Path, *, content_type: str = "",
              etag: str = "", last_modified: str = "") -> CacheEntry:
        """Move a fully received body into the cache and record its validators."""
        key = self.key(url)
        body = self.root / f"{key}.body"
        sha = sha256_file(received)
        size = received.stat().st_size
        os.replace(received, body)
        entry = CacheEntry(key=key, url=shown_url, body=body, sha256=sha, size=size,
                           content_type=content_type, etag=etag, last_modified=last_modified,
                           fetched=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
        atomic_write_json(self.root / f"{key}.json", {**asdict(entry), "body": str(body)})
        return entry

    def forget(self, body: Path) -> bool:
        """Drop the entry whose body is ``body`` (a body that failed validation is not kept)."""
        body = Path(body)
        if body.parent.resolve() != self.root.resolve() or body.suffix != ".body":
            return False
        body.unlink(missing_ok=True)
        (self.root / f"{body.stem}.json").unlink(missing_ok=True)
        return True

    def clear(self) -> int:
        """Delete every entry; returns how many files were removed."""
        removed = 0
        for path in self.root.glob("*"):
            if path.is_file() and path.suffix in (".body", ".json"):
                path.unlink(missing_ok=True)
                removed += 1
        return removed
