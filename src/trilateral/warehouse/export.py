"""Export every table as Parquet with a Frictionless Data Package descriptor."""

from __future__ import annotations

import json
import re
from pathlib import Path

from trilateral.provenance import atomic_write_json, sha256_file
from trilateral.warehouse.store import open_warehouse

_FRICTIONLESS_TYPES = {"int": "integer", "float": "number", "bool": "boolean", "date": "date"}


def _field_type(dtype: str) -> str:
    for key, value in _FRICTIONLESS_TYPES.items():
        if key in dtype.lower():
            return value
    return "string"


def export_datapackage(directory: Path) -> Path:
    """Write ``<table>.parquet`` for each current table and ``datapackage.json`` beside them."""
    wh = open_warehouse()
    directory.mkdir(parents=True, exist_ok=True)
    resources = []
    for rec in wh.catalog().to_dict("records"):
        df = wh.read(rec["name"])
        path = directory / f"{rec['name']}.parquet"
        df.to_parquet(path, index=False)
        prov = json.loads(rec["provenance"])
        src = prov.get("source") or {}
        resources.append({
            "name": re.sub(r"[^a-z0-9._-]", "-", rec["name"].lower()),
            "path": path.name,
            "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
            "hash": f"sha256:{sha256_file(path)}",
            "schema": {"fields": [{"name": c, "type": _field_type(str(t))}
                                  for c, t in df.dtypes.items()]},
            "sources": [{"title": src.get("title", ""), "path": src.get("url", "")}] if src else [],
            "licenses": [{"name": src.get("licence", "")}] if src else [],
            "trilateral": {"vintage": rec["vintage"], "version": int(rec["version"]),
                           "kind": rec["kind"], "provenance": prov},
        })
    descriptor = {"profile": "data-package", "name": "trilateral",
                  "title": "trilateral: North American integration data", "resources": resources}
    out = directory / "datapackage.json"
    atomic_write_json(out, descriptor)
    return out
