"""Export every table as Parquet with a Frictionless Data Package descriptor.

The descriptor follows the Data Package v1 profile: each resource has a name, path, sha256
hash, schema, sources and licenses. A derived table cites the sources and licences of the
tables it was computed from. A licence is stated by its publisher in words, not as an Open
Definition identifier, so each license names ``notspecified`` and carries the stated terms as
its title; the full provenance travels under ``trilateral``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from trilateral.provenance import atomic_write_json, sha256_file
from trilateral.warehouse.store import open_warehouse

_FRICTIONLESS_TYPES = {"int": "integer", "float": "number", "bool": "boolean", "date": "date"}
# Open Definition id for terms given only in words (https://licenses.opendefinition.org/)
_UNSPECIFIED_LICENCE_ID = "notspecified"


def _field_type(dtype: str) -> str:
    for key, value in _FRICTIONLESS_TYPES.items():
        if key in dtype.lower():
            return value
    return "string"


def _origins(prov: dict, provenance_of: dict[str, dict], seen: frozenset = frozenset()) -> list:
    """The source records behind a table: its own, or those of the tables it was derived from."""
    if prov.get("source"):
        return [prov["source"]]
    found = []
    for parent in prov.get("derived_from", []):
        name = parent.get("table")
        if name in provenance_of and name not in seen:
            found += _origins(provenance_of[name], provenance_of, seen | {name})
    return found


def _unique(items: list[dict]) -> list[dict]:
    out: list[dict] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def _citations(prov: dict, provenance_of: dict[str, dict]) -> dict[str, list[dict]]:
    """``sources`` and ``licenses`` for a resource (each at least one entry, as v1 requires)."""
    origins = _origins(prov, provenance_of)
    sources = _unique([{"title": s.get("title") or s.get("publisher") or "untitled",
                        **({"path": s["url"]} if s.get("url") else {})} for s in origins])
    licences = _unique([{"name": _UNSPECIFIED_LICENCE_ID, "title": s["licence"]}
                        for s in origins if s.get("licence")])
    if not sources:
        sources = [{"title": "no source recorded; see trilateral.provenance"}]
    return {"sources": sources,
            "licenses": licences or [{"name": _UNSPECIFIED_LICENCE_ID,
                                      "title": "no licence recorded"}]}


def _resource(rec: dict, df, path: Path, provenance_of: dict[str, dict]) -> dict:
    prov = provenance_of[rec["name"]]
    return {
        "name": re.sub(r"[^a-z0-9._-]", "-", rec["name"].lower()),
        "path": path.name,
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        "hash": f"sha256:{sha256_file(path)}",
        "schema": {"fields": [{"name": c, "type": _field_type(str(t))}
                              for c, t in df.dtypes.items()]},
        **_citations(prov, provenance_of),
        "trilateral": {"vintage": rec["vintage"], "version": int(rec["version"]),
                       "kind": rec["kind"], "provenance": prov},
    }


def export_datapackage(directory: Path) -> Path:
    """Write ``<table>.parquet`` for each current table and ``datapackage.json`` beside them."""
    wh = open_warehouse()
    directory.mkdir(parents=True, exist_ok=True)
    records = wh.catalog().to_dict("records")
    provenance_of = {r["name"]: json.loads(r["provenance"]) for r in records}
    resources = []
    for rec in records:
        df = wh.read(rec["name"])
        path = directory / f"{rec['name']}.parquet"
        df.to_parquet(path, index=False)
        resources.append(_resource(rec, df, path, provenance_of))
    descriptor = {"profile": "data-package", "name": "trilateral",
                  "title": "trilateral: North American integration data", "resources": resources}
    out = directory / "datapackage.json"
    atomic_write_json(out, descriptor)
    return out
