"""The DuckDB warehouse: every table with its vintages and provenance, built from the snapshots.

Layout inside the DuckDB file::

    _catalog   one row per (table, version): vintage, kind, source, rows, sha256, provenance JSON
    _loads     every raw file the user loaded or refreshed, replayed when the snapshots change
    _meta      key/value: the fingerprint of the snapshots the file was built from
    <name>__<version>   the data of one vintage
    <name>     a view on the current vintage

Every write happens on a copy of the file that replaces the original in one ``os.replace``,
under a file lock: a failed load or refresh leaves the warehouse byte-for-byte as it was.
"""

from trilateral.warehouse.store import LoadResult, Warehouse, open_warehouse

__all__ = ["LoadResult", "Warehouse", "open_warehouse"]
