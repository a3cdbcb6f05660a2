"""Read harmonised tables for indicators and checks, and remember what was missing.

Indicators read tables only through a :class:`Tables` object, so that a missing table becomes a
stated data gap instead of an exception, and so that tests can hand in small frames directly.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from trilateral.errors import NotFoundError, WarehouseError


@dataclass(frozen=True)
class TableInfo:
    """Who published a table, under which licence, at which vintage."""

    name: str
    publisher: str
    source_ids: tuple[str, ...]
    vintage: str
    licence: str = ""
    url: str = ""
    title: str = ""
    kind: str = "snapshot"

    @property
    def label(self) -> str:
        """``table (publisher)``: how evidence items name their source."""
        return f"{self.name} ({self.publisher})" if self.publisher else self.name

    def to_dict(self) -> dict[str, object]:
        return {"table": self.name, "publisher": self.publisher, "sources": list(self.source_ids),
                "vintage": self.vintage, "licence": self.licence, "url": self.url,
                "title": self.title, "kind": self.kind}


@dataclass
class Tables:
    """Lazy, memoised access to warehouse tables, recording used and missing ones."""

    reader: Callable[[str], pd.DataFrame] | None = None
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    infos: dict[str, TableInfo] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    @classmethod
    def from_frames(cls, frames: Mapping[str, pd.DataFrame],
                    infos: Mapping[str, TableInfo] | None = None) -> Tables:
        """Tables made of given frames only (tests, notebooks); anything else is missing."""
        return cls(reader=_no_reader, frames=dict(frames), infos=dict(infos or {}))

    def get(self, name: str) -> pd.DataFrame | None:
        """The table, or ``None`` (and a recorded gap) when the warehouse does not have it."""
        if name not in self.frames and name not in self.missing:
            try:
                self.frames[name] = (self.reader or _warehouse_reader)(name)
            except (NotFoundError, WarehouseError) as exc:
                self.missing[name] = _why_missing(name, exc)
        if name in self.frames:
            self.used.add(name)
            return self.frames[name]
        return None

    def first(self, *names: str) -> tuple[str | None, pd.DataFrame | None]:
        """The first of ``names`` that exists (e.g. a harmonised table, then its fallback)."""
        for n in names:
            df = self.get(n)
            if df is not None and not df.empty:
                return n, df
        return None, None

    def info(self, name: str) -> TableInfo:
        if name not in self.infos:
            self.infos.update(catalog_infos())
        return self.infos.get(name) or TableInfo(name, "", (), "")

    def label(self, name: str) -> str:
        return self.info(name).label


def _why_missing(name: str, exc: Exception) -> str:
    """Why a table is absent, in words: a source not shipped says how to load one's own copy."""
    from trilateral.sources import table_source

    spec = table_source().get(name)
    if spec is not None and not spec.shippable:
        return (f"not shipped ({spec.publisher.split(',')[0]}: its terms forbid "
                f"redistribution); load your own copy with `trilateral data load {spec.id} FILE`")
    return str(exc).split(";")[0]


def _no_reader(name: str) -> pd.DataFrame:
    raise NotFoundError(f"unknown table {name!r}")


def _warehouse_reader(name: str) -> pd.DataFrame:
    from trilateral import data

    return data.table(name)


def catalog_infos() -> dict[str, TableInfo]:
    """Publisher, licence and vintage of every current table in the warehouse."""
    from trilateral import sources
    from trilateral.warehouse import open_warehouse

    specs = {s.id: s for s in sources.specs()}
    out = {}
    for rec in open_warehouse().catalog().to_dict("records"):
        prov = json.loads(rec["provenance"])
        out[rec["name"]] = _info(rec, prov, specs)
    return out


def _info(rec: Mapping[str, object], prov: Mapping[str, object], specs: Mapping) -> TableInfo:
    src = prov.get("source") or {}
    if src:
        return TableInfo(str(rec["name"]), src.get("publisher", ""), (src.get("id", ""),),
                         str(rec["vintage"]), src.get("licence", ""), src.get("url", ""),
                         src.get("title", ""), str(rec["kind"]))
    ids = tuple(sorted({str(i["source"]) for i in prov.get("derived_from", [])}))
    pubs = sorted({specs[i].publisher for i in ids if i in specs})
    lic = "; ".join(sorted({specs[i].licence for i in ids if i in specs}))
    return TableInfo(str(rec["name"]), "; ".join(pubs), ids, str(rec["vintage"]), lic, "",
                     str(prov.get("description", "")), str(rec["kind"]))
