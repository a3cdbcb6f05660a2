"""Every error trilateral raises on purpose, in one place.

Hierarchy (exit status of the ``trilateral`` command in brackets)::

    TrilateralError                 [1]  base class; never raised directly
    ├── InputError                  [3]  a file or value given by the user is wrong
    │   ├── SchemaError             [3]  a file's layout (sheets, headers) is not the expected one
    │   ├── ValidationError         [3]  rows break a rule (unknown country, negative trade, ...)
    │   └── RevisionError           [3]  a new vintage differs from the current one beyond the
    │                                    thresholds; pass --accept-revision "reason" to take it
    ├── NotFoundError               [4]  unknown table, source, vintage, path or ledger id
    ├── FetchError                  [5]  a download failed (timeout, HTTP status, truncation, offline)
    ├── EstimationError             [6]  a model could not be estimated or did not converge
    └── WarehouseError              [7]  the warehouse is locked, corrupt or could not be written
        └── CorruptError            [7]  a warehouse, snapshot or cache file fails its checks;
                                         the message names the recovery command

Outside this hierarchy ``trilateral`` maps, with one line each: OSError (no space, read-only,
not a directory, permission) [7], a DuckDB error [7], a decoding error [3], a recursion
error [3], Ctrl-C [130]. ``--debug`` (before the command) shows the traceback instead.

User errors print one line naming the file, row and field, with no traceback.
Exit status 2 is reserved for command-line usage errors (unknown option, missing argument).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class TrilateralError(Exception):
    """Base class of trilateral's own errors."""

    exit_code: int = 1

    def to_dict(self) -> dict[str, object]:
        return {"error": type(self).__name__, "message": str(self)}


@dataclass
class Location:
    """Where in an input the problem is: file, 1-based row and field (any may be unknown)."""

    file: str | Path | None = None
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.file is not None:
            parts.append(str(self.file))
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.field is not None:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts)


class InputError(TrilateralError):
    """A user-supplied file or value is wrong. The message names file, row and field."""

    exit_code = 3

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.location = Location(file, row, field)
        self.reason = message
        where = str(self.location)
        super().__init__(f"{where}: {message}" if where else message)

    def to_dict(self) -> dict[str, object]:
        d = super().to_dict()
        d.update(
            file=None if self.location.file is None else str(self.location.file),
            row=self.location.row,
            field=self.location.field,
            reason=self.reason,
        )
        return d


class SchemaError(InputError):
    """The layout of a file (sheet, columns, header) is not what the source publishes."""


class ValidationError(InputError):
    """Rows of a file break a rule: unknown country, negative value, duplicate key, bad date."""


class RevisionError(InputError):
    """A new vintage differs from the current one beyond the documented thresholds."""


class NotFoundError(TrilateralError):
    """Unknown table, source, vintage, scenario, path or ledger id."""

    exit_code = 4


class FetchError(TrilateralError):
    """A download failed: timeout, HTTP error, truncated body, wrong content type, no network."""

    exit_code = 5

    def __init__(self, message: str, *, url: str | None = None, source: str | None = None):
        self.url = url
        self.source = source
        prefix = f"{source}: " if source else ""
        suffix = f" ({url})" if url else ""
        super().__init__(f"{prefix}{message}{suffix}")


class EstimationError(TrilateralError):
    """A model could not be estimated, identified or solved."""

    exit_code = 6


class WarehouseError(TrilateralError):
    """The warehouse is locked, corrupt or could not be written."""

    exit_code = 7


class CorruptError(WarehouseError):
    """A warehouse, snapshot or cache file fails its integrity checks; nothing was rebuilt."""

    def __init__(self, message: str, *, recovery: str = "trilateral data recover") -> None:
        self.recovery = recovery
        super().__init__(f"{message}; to recover run: {recovery}")
