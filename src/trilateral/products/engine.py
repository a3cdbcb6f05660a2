"""One query layer, several engines: Narwhals expressions run on DuckDB or on PySpark.

Every indicator in :mod:`trilateral.products.measures` is a function from Narwhals lazy frames
to a Narwhals lazy frame. An :class:`Engine` holds the native connection (a DuckDB connection
or a Spark session), registers tables (Parquet files, directories of partitioned Parquet, or
in-memory frames) and collects results as pandas. The same expression therefore runs embedded
(DuckDB, the default) or on a cluster (``--engine pyspark``), and its DuckDB plan is transpiled
to BigQuery SQL with sqlglot (:meth:`Engine.sql`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import narwhals as nw
import pandas as pd

from trilateral.errors import InputError, NotFoundError

ENGINES = ("duckdb", "pyspark")


@dataclass
class Engine:
    """A named engine with its native handle and the tables registered on it."""

    name: str = "duckdb"
    native: Any = None
    tables: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.name not in ENGINES:
            raise InputError(f"unknown engine {self.name!r}; choose one of {', '.join(ENGINES)}",
                             field="engine")
        if self.native is None:
            self.native = duckdb_connection() if self.name == "duckdb" else spark_session()

    # ---------------------------------------------------------------- tables
    def register(self, name: str, data: pd.DataFrame | Path | str) -> nw.LazyFrame:
        """Make ``data`` (a frame, a Parquet file or a directory of Parquet) a named table."""
        native = self._native_table(name, data)
        self.tables[name] = native
        return nw.from_native(native)

    def frame(self, name: str) -> nw.LazyFrame:
        if name not in self.tables:
            raise NotFoundError(f"table {name!r} is not registered on the {self.name} engine")
        return nw.from_native(self.tables[name])

    def _native_table(self, name: str, data: pd.DataFrame | Path | str) -> Any:
        if self.name == "duckdb":
            return _duckdb_table(self.native, name, data)
        return _spark_table(self.native, data)

    # ---------------------------------------------------------------- results
    def collect(self, lf: nw.LazyFrame, sort: list[str] | None = None) -> pd.DataFrame:
        """Run ``lf`` and return pandas with plain dtypes (sorted by ``sort`` when given)."""
        df = lf.collect().to_pandas()
        if sort:
            df = df.sort_values(sort, kind="stable").reset_index(drop=True)
        return df

    def sql(self, lf: nw.LazyFrame, dialect: str = "bigquery") -> str:
        """The SQL of ``lf`` in ``dialect`` (from the DuckDB plan, transpiled by sqlglot)."""
        if self.name != "duckdb":
            raise InputError("SQL is compiled from the duckdb engine", field="engine")
        import sys

        import sqlglot

        query = lf.to_native().sql_query()
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 20000))  # the HS-section CASE nests 22 levels deep
        try:
            tree = sqlglot.parse_one(query, read="duckdb")
            for cte in tree.find_all(sqlglot.exp.CTE):
                cte.set("materialized", None)  # DuckDB's NOT MATERIALIZED hint
            return tree.sql(dialect=dialect, pretty=True)
        finally:
            sys.setrecursionlimit(limit)

    def close(self) -> None:
        if self.name == "duckdb":
            self.native.close()


def duckdb_connection(memory_limit: str | None = None) -> Any:
    import duckdb

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")
    return con


def _duckdb_table(con: Any, name: str, data: pd.DataFrame | Path | str) -> Any:
    if isinstance(data, pd.DataFrame):
        con.register(f"{name}_frame", data)
        con.execute(f'CREATE OR REPLACE TEMP VIEW "{name}" AS SELECT * FROM "{name}_frame"')
    else:
        pattern = _parquet_glob(Path(data))
        con.execute(f"CREATE OR REPLACE TEMP VIEW \"{name}\" AS SELECT * FROM "
                    f"read_parquet('{pattern}', hive_partitioning = true)")
    return con.table(name)


def _parquet_glob(path: Path) -> str:
    if path.is_dir():
        return str(path / "**" / "*.parquet")
    if not path.is_file():
        raise NotFoundError(f"no Parquet file or directory at {path}")
    return str(path)


_SPARK: Any = None


def spark_session(master: str = "local[2]") -> Any:
    """One Spark session per process (local mode here; a cluster's master for users)."""
    global _SPARK
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise InputError("the pyspark engine needs the spark extra: "
                         "pip install 'trilateral[spark]' (and a Java 17 runtime)",
                         field="engine") from exc
    if _SPARK is None:
        _SPARK = (SparkSession.builder.master(master).appName("trilateral-products")
                  .config("spark.ui.enabled", "false")
                  .config("spark.ui.showConsoleProgress", "false")
                  .config("spark.sql.shuffle.partitions", "2")
                  .config("spark.sql.execution.arrow.pyspark.enabled", "true")
                  .config("spark.sql.adaptive.coalescePartitions.enabled", "true")
                  .config("spark.sql.session.timeZone", "UTC")
                  .getOrCreate())
        _SPARK.sparkContext.setLogLevel("ERROR")
    return _SPARK


def _spark_table(spark: Any, data: pd.DataFrame | Path | str) -> Any:
    if isinstance(data, pd.DataFrame):
        import pyarrow as pa

        table = pa.Table.from_pandas(data.reset_index(drop=True), preserve_index=False)
        return spark.createDataFrame(table.to_pandas(), schema=_spark_schema(table))
    path = Path(data)
    if not path.exists():
        raise NotFoundError(f"no Parquet file or directory at {path}")
    return spark.read.option("recursiveFileLookup", "false").parquet(str(path))


def _spark_schema(table: Any) -> Any:
    """A Spark schema from an Arrow schema, so empty and all-null columns keep their types."""
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(table.schema)
