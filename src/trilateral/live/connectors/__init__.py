"""Connectors: one module per publisher endpoint, each defining ``CONNECTOR``.

Modules are discovered like sources: any module here (other than ``base``) that defines a
:class:`~trilateral.live.connectors.base.Connector` called ``CONNECTOR`` is registered under
its ``source_id``.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from trilateral.errors import NotFoundError
from trilateral.live.connectors.base import Connector, Fetched


@lru_cache(maxsize=1)
def registry() -> dict[str, Connector]:
    found: dict[str, Connector] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name == "base" or info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{__name__}.{info.name}")
        conn = getattr(mod, "CONNECTOR", None)
        if isinstance(conn, Connector):
            found[conn.source_id] = conn
    return found


def get(source_id: str) -> Connector:
    known = registry()
    if source_id not in known:
        raise NotFoundError(f"no live connector for {source_id!r}; known: {', '.join(sorted(known))}")
    return known[source_id]


__all__ = ["Connector", "Fetched", "get", "registry"]
