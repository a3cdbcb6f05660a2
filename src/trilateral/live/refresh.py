"""Refresh sources from their publishers: fetch, validate, add a vintage, rebuild dependants.

Each source is independent: a failure in one (network, throttling, a changed layout) is
reported and leaves every table as it was, while the others still refresh. Nothing is written
before the downloaded file has been parsed and checked; the warehouse then adds the new
vintage in one atomic replace (see :mod:`trilateral.warehouse`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from trilateral import sources
from trilateral.errors import InputError, NotFoundError, TrilateralError
from trilateral.live import connectors, settings
from trilateral.live.connectors.base import Connector, Fetched
from trilateral.live.transport import Transport
from trilateral.warehouse import open_warehouse

Status = Literal["refreshed", "unchanged", "skipped", "failed"]


@dataclass
class Outcome:
    """What happened to one source."""

    source: str
    status: Status
    message: str = ""
    url: str = ""
    endpoint_from: str = ""
    vintage: str | None = None
    sha256: str | None = None
    bytes: int | None = None
    from_cache: bool = False
    tables: list[dict[str, object]] = field(default_factory=list)
    error: TrilateralError | None = None

    def to_dict(self) -> dict[str, object]:
        d = {k: v for k, v in self.__dict__.items() if k != "error"}
        d["error"] = None if self.error is None else {
            **self.error.to_dict(), "exit_code": self.error.exit_code}
        return d


@dataclass
class RefreshReport:
    """Every source's outcome; ``error`` is the first failure (None when all went well)."""

    outcomes: list[Outcome]

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def error(self) -> TrilateralError | None:
        return next((o.error for o in self.outcomes if o.error is not None), None)

    def to_dict(self) -> dict[str, object]:
        return {"ok": self.ok, "sources": [o.to_dict() for o in self.outcomes]}


def refresh(source_ids: Sequence[str] = (), *, transport: Transport | None = None,
            progress: bool | None = None, accept_revision: str | None = None) -> RefreshReport:
    """Refresh the named sources (all connectors when none is named).

    Sources named explicitly must be refreshable: a missing token is an error. When refreshing
    everything, sources that need a token that is not set, or whose table is not in the
    warehouse, are skipped with the reason.
    """
    chosen = [connectors.get(s) for s in source_ids] or list(connectors.registry().values())
    own = transport is None
    transport = transport or Transport(progress=progress)
    try:
        return RefreshReport([refresh_one(c, transport, strict=bool(source_ids),
                                          accept_revision=accept_revision) for c in chosen])
    finally:
        if own:
            transport.close()


def refresh_one(conn: Connector, transport: Transport, *, strict: bool = True,
                accept_revision: str | None = None) -> Outcome:
    """Fetch and load one source; every trilateral error becomes a failed outcome."""
    try:
        check_ready(conn)
    except (NotFoundError, InputError) as exc:
        if not strict:
            return Outcome(conn.source_id, "skipped", str(exc))
        return Outcome(conn.source_id, "failed", str(exc), error=exc)
    try:
        ep = settings.endpoint(conn.source_id, conn.endpoint)
        got = conn.fetch(transport, ep.url)
    except TrilateralError as exc:
        return Outcome(conn.source_id, "failed", str(exc), error=exc)
    try:
        return _load(conn, got, ep, accept_revision)
    except TrilateralError as exc:
        if transport.cache is not None:
            transport.cache.forget(got.path)  # a body that failed validation is not kept
        return Outcome(conn.source_id, "failed", str(exc), error=exc)


def check_ready(conn: Connector) -> None:
    """The source must exist in this build, and any token it needs must be set."""
    if conn.source_id not in sources.source_modules():
        raise NotFoundError(f"source {conn.source_id} has no bundled table in this build of "
                            "trilateral yet, so there is nothing to refresh")
    missing = conn.missing_secret()
    if missing:
        raise InputError(f"{conn.source_id} needs an API token: set the environment variable "
                         f"{missing}", field=missing)


def _load(conn: Connector, got: Fetched, ep: settings.Endpoint,
          accept_revision: str | None = None) -> Outcome:
    base = {"url": got.origin, "endpoint_from": ep.chosen_by, "sha256": got.sha256,
            "bytes": got.size, "from_cache": got.from_cache}
    if got.sha256 in current_raw_checksums(conn.source_id):
        return Outcome(conn.source_id, "unchanged", "the publisher's file is the one already "
                       "loaded", **base)
    result = open_warehouse().load(conn.source_id, got.path, origin=got.origin,
                                   client=got.client, parser=conn.parser,
                                   accept_revision=accept_revision, release=got.release)
    return Outcome(conn.source_id, "refreshed", f"new vintage {result.vintage}",
                   vintage=result.vintage, tables=result.tables, **base)


def current_raw_checksums(source_id: str) -> set[str]:
    """SHA-256 of the raw files behind the current vintages of a source's tables."""
    try:
        return set(open_warehouse().current_raw_inputs(source_id))
    except NotFoundError:
        return set()
