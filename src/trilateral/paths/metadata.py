"""What each check estimates, as data: ``checks.toml`` loaded and validated.

Every check registered in :mod:`trilateral.paths.registry` has an entry: its estimand, kind
(level / change / trend), window, unit, smallest effect of interest (SESOI) with a one-line
justification, evidence family, and the direction each path predicts (+1, -1, or 0 for a
null-type path that predicts no effect). ``[path.<id>]`` tables mark null-type paths. A
malformed file raises :class:`~trilateral.errors.InputError` naming file, row and field.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from trilateral.errors import InputError

CHECKS_FILE = Path(__file__).with_name("checks.toml")
KINDS = ("level", "change", "trend")
TEXT_FIELDS = ("estimand", "window", "unit", "sesoi_why", "family")


@dataclass(frozen=True)
class CheckMeta:
    id: str
    estimand: str
    kind: str
    window: str
    unit: str
    sesoi: float
    sesoi_why: str
    family: str
    predicts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class PathMeta:
    id: str
    null_type: bool = False
    estimand: str = ""


@dataclass(frozen=True)
class Metadata:
    checks: dict[str, CheckMeta]
    paths: dict[str, PathMeta]

    def check(self, check_id: str) -> CheckMeta:
        if check_id not in self.checks:
            raise InputError(f"{CHECKS_FILE.name}: no [check.{check_id}] entry (estimand, "
                             "SESOI, family)", file=str(CHECKS_FILE), field=check_id)
        return self.checks[check_id]

    def null_type(self, path_id: str) -> bool:
        return self.paths.get(path_id, PathMeta(path_id)).null_type


def _bad(path: Path, row: str, fld: str, why: str) -> InputError:
    return InputError(f"{path.name}: [{row}] field {fld!r} {why}", file=str(path), row=None,
                      field=f"{row}.{fld}")


def _check(cid: str, raw: Any, path: Path) -> CheckMeta:
    row = f"check.{cid}"
    if not isinstance(raw, dict):
        raise _bad(path, row, "*", "must be a table")
    unknown = set(raw) - {*TEXT_FIELDS, "kind", "sesoi", "predicts"}
    if unknown:
        raise _bad(path, row, sorted(unknown)[0], "is not a known field")
    for f in TEXT_FIELDS:
        if not isinstance(raw.get(f), str) or not raw[f].strip():
            raise _bad(path, row, f, "must be a non-empty string")
    if raw.get("kind") not in KINDS:
        raise _bad(path, row, "kind", f"must be one of {', '.join(KINDS)}")
    sesoi = raw.get("sesoi")
    if isinstance(sesoi, bool) or not isinstance(sesoi, int | float) or not (
            math.isfinite(sesoi) and sesoi > 0):
        raise _bad(path, row, "sesoi", "must be a positive number in the check's unit")
    predicts = raw.get("predicts")
    if not isinstance(predicts, dict) or not predicts or any(
            v not in (-1, 0, 1) or isinstance(v, bool) for v in predicts.values()):
        raise _bad(path, row, "predicts", "must map path ids to +1, -1 or 0")
    return CheckMeta(cid, raw["estimand"].strip(), raw["kind"], raw["window"].strip(),
                     raw["unit"].strip(), float(sesoi), raw["sesoi_why"].strip(),
                     raw["family"].strip(), {str(k): int(v) for k, v in predicts.items()})


def _path(pid: str, raw: Any, path: Path) -> PathMeta:
    row = f"path.{pid}"
    if not isinstance(raw, dict) or set(raw) - {"null_type", "estimand"}:
        raise _bad(path, row, "*", "may only hold null_type and estimand")
    if not isinstance(raw.get("null_type", False), bool):
        raise _bad(path, row, "null_type", "must be true or false")
    return PathMeta(pid, bool(raw.get("null_type", False)), str(raw.get("estimand", "")))


def parse(path: Path) -> Metadata:
    """Read and validate one metadata file."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path.name}: cannot read check metadata: {exc}",
                         file=str(path)) from exc
    unknown = set(raw) - {"check", "path"}
    if unknown:
        raise InputError(f"{path.name}: unknown top-level table [{sorted(unknown)[0]}]",
                         file=str(path), field=sorted(unknown)[0])
    checks = {cid: _check(cid, v, path) for cid, v in (raw.get("check") or {}).items()}
    paths = {pid: _path(pid, v, path) for pid, v in (raw.get("path") or {}).items()}
    return Metadata(checks, paths)


@lru_cache(maxsize=4)
def load(path: Path | None = None) -> Metadata:
    """The check metadata (default: the bundled ``checks.toml``), validated, cached."""
    return parse(path or CHECKS_FILE)
