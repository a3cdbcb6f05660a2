"""Sources: one module per publisher's dataset, each turning raw files into harmonised tables.

Modules are discovered, not listed: any module here that defines ``SPEC`` and ``build`` is a
source (see :mod:`trilateral.sources.base` for the contract).
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from types import ModuleType

from trilateral.errors import NotFoundError
from trilateral.sources.base import DerivedTable, SourceSpec

_NOT_SOURCES = {"base", "build"}


@lru_cache(maxsize=1)
def source_modules() -> dict[str, ModuleType]:
    """Source id -> module, for every module defining ``SPEC`` and ``build``."""
    found: dict[str, ModuleType] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name in _NOT_SOURCES or info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{__name__}.{info.name}")
        spec = getattr(mod, "SPEC", None)
        if isinstance(spec, SourceSpec) and callable(getattr(mod, "build", None)):
            found[spec.id] = mod
    return found


def specs() -> list[SourceSpec]:
    return [m.SPEC for m in source_modules().values()]


def get(source_id: str) -> ModuleType:
    mods = source_modules()
    if source_id not in mods:
        raise NotFoundError(f"unknown source {source_id!r}; known: {', '.join(sorted(mods))}")
    return mods[source_id]


@lru_cache(maxsize=1)
def _all_modules() -> tuple[ModuleType, ...]:
    names = sorted(i.name for i in pkgutil.iter_modules(__path__))
    return tuple(importlib.import_module(f"{__name__}.{n}") for n in names
                 if n not in _NOT_SOURCES and not n.startswith("_"))


def derived_tables() -> list[DerivedTable]:
    """Every ``DERIVED`` table declared by any module here (a source or a derivation module)."""
    out: list[DerivedTable] = []
    for mod in _all_modules():
        out.extend(getattr(mod, "DERIVED", ()))
    return out


def table_source() -> dict[str, SourceSpec]:
    """Table name -> the spec of the source that builds it."""
    return {t: m.SPEC for m in source_modules().values() for t in m.SPEC.tables}
