"""Public data API: read any table at any vintage, list tables with their provenance.

>>> from trilateral import data
>>> data.table("census_country").head()          # doctest: +SKIP
>>> data.tables()[["name", "rows", "source_id"]]  # doctest: +SKIP
"""

from __future__ import annotations

import json

import pandas as pd

from trilateral.warehouse import LoadResult, open_warehouse


def table(name: str, vintage: str | int | None = None) -> pd.DataFrame:
    """Return table ``name`` (current vintage unless ``vintage`` names one) as a DataFrame."""
    return open_warehouse().read(name, vintage)


def tables() -> pd.DataFrame:
    """One row per table (current vintage): name, rows, years, source, licence, sha256."""
    cat = open_warehouse().catalog()
    rows = []
    for rec in cat.to_dict("records"):
        rows.append(summarise(rec))
    return pd.DataFrame(rows)


def summarise(rec: dict) -> dict[str, object]:
    """Flatten one catalogue row into the fields ``trilateral data list`` shows."""
    prov = json.loads(rec["provenance"]) if isinstance(rec["provenance"], str) else rec["provenance"]
    src = prov.get("source") or {}
    cov = prov.get("coverage") or {}
    if rec["kind"] == "derived":
        sources = sorted({str(i["source"]) for i in prov.get("derived_from", [])})
        licence = "; ".join(sorted(_licences(prov)))
        source = "derived from " + ", ".join(sources)
    else:
        source = f"{src.get('id')} ({src.get('publisher')})"
        licence = src.get("licence", "")
    return {
        "name": rec["name"],
        "rows": int(rec["rows"]),
        "years": cov.get("years"),
        "source": source,
        "licence": licence,
        "sha256": rec["sha256"],
        "vintage": rec["vintage"],
        "version": int(rec["version"]),
        "kind": rec["kind"],
    }


def _licences(prov: dict) -> set[str]:
    from trilateral import sources

    specs = {s.id: s for s in sources.specs()}
    return {specs[i["source"]].licence for i in prov.get("derived_from", []) if i["source"] in specs}


def provenance(name: str) -> list[dict[str, object]]:
    """Every vintage of a table, or of all tables of a source id, with full provenance."""
    return open_warehouse().provenance(name)


def load(source_id: str, file: str, *, accept_revision: str | None = None) -> LoadResult:
    """Load a newer raw file from the publisher as a new vintage (atomic; validates first).

    A file that revises the current vintage beyond the thresholds of
    :mod:`trilateral.warehouse.revisions` is refused unless ``accept_revision`` gives a reason.
    """
    return open_warehouse().load(source_id, file, accept_revision=accept_revision)


def revisions(name: str) -> list[dict[str, object]]:
    """What each vintage of a table or source changed, and every ``use`` of an older one."""
    return open_warehouse().revisions(name)


def use(name: str, vintage: str, *, reason: str | None = None) -> list[dict[str, object]]:
    """Make an earlier vintage of a table or source current again (recorded)."""
    return open_warehouse().use(name, vintage, reason=reason)


def recover() -> dict[str, object]:
    """Rebuild the warehouse from the snapshots and re-register the kept raw files."""
    from trilateral.warehouse import Warehouse

    return Warehouse().recover()
