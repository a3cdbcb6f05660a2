"""The product tier: HS-level North American trade on one query layer (DuckDB or PySpark).

* :mod:`~trilateral.products.engine`: engines (DuckDB embedded, PySpark) and BigQuery SQL;
* :mod:`~trilateral.products.measures`: indicators written once as Narwhals expressions;
* :mod:`~trilateral.products.answers`: exposure, collected duty, bloc share by product, USMCA
  use, each with its vintage and sources; :func:`~trilateral.products.answers.summary` for a
  report section;
* :mod:`~trilateral.products.shipped`: the bundled 2024 HS10 imports and 2025-26 action lists;
* :mod:`~trilateral.products.baci`, :mod:`~trilateral.products.census_hs`,
  :mod:`~trilateral.products.compliance`: loaders of the user's own files into the data home;
* :mod:`~trilateral.products.gravity`: PPML per HS section over the existing gravity stage.

Narwhals is a core dependency already (through altair); PySpark and sqlglot come with the
``spark`` and ``products`` extras.
"""
