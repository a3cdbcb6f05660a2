"""BigQuery SQL of the product indicators, compiled from the same Narwhals expressions.

Tables are empty DuckDB views with the product schema named like the BigQuery tables a user
would hold (``flows``, ``imports``, ``action_lists``); the DuckDB plan of the expression is
transpiled by sqlglot. The SQL is snapshot-tested (tests/data/products_sql/).
"""

from __future__ import annotations

import pandas as pd

from trilateral.products import measures
from trilateral.products.engine import Engine

FLOWS = {"year": "int64", "period": "string", "exporter": "string", "importer": "string",
         "hs": "string", "value": "int64"}
IMPORTS = {**FLOWS, "duty": "int64", "dutiable": "int64"}
LISTS = {"action": "string", "code": "string", "digits": "int64"}


def _empty(schema: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in schema.items()})


def compile_sql(indicator: str, level: str = "section") -> str:
    eng = Engine("duckdb")
    try:
        if indicator == "bloc":
            expr = measures.bloc_by_product(eng.register("flows", _empty(FLOWS)), level=level)
        elif indicator == "duty":
            expr = measures.duty_rates(eng.register("imports", _empty(IMPORTS)), level)
        else:
            expr = measures.exposure(eng.register("imports", _empty(IMPORTS)),
                                     eng.register("action_lists", _empty(LISTS)))
        return eng.sql(expr, "bigquery")
    finally:
        eng.close()
