"""The same Narwhals expressions on DuckDB and on PySpark local[2]: equal keys, values within
1e-9 relative, over a seeded panel, the shipped 2024 table and the edge cases.

Needs the ``spark`` extra and a Java runtime; skipped cleanly without them. One Spark session
serves the whole module (start-up is the slow part), and the data are small.
"""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from products_helpers import hand_flows, hand_imports, hand_lists, seeded_flows

pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("no Java runtime: the pyspark engine needs one", allow_module_level=True)

from trilateral.products import measures, shipped  # noqa: E402
from trilateral.products.engine import Engine  # noqa: E402

NA3 = ("CAN", "MEX", "USA")


@pytest.fixture(scope="module")
def engines():
    duck, spark = Engine("duckdb"), Engine("pyspark")
    yield duck, spark
    duck.close()


def _both(engines, build, tables: dict[str, pd.DataFrame], keys: list[str]):
    out = []
    for eng in engines:
        frames = {name: eng.register(f"{name}_{id(build)}", df) for name, df in tables.items()}
        out.append(eng.collect(build(**frames), keys))
    return out


def _assert_same(a: pd.DataFrame, b: pd.DataFrame, keys: list[str]) -> None:
    assert list(a.columns) == list(b.columns) or set(a.columns) == set(b.columns)
    b = b[list(a.columns)]
    assert len(a) == len(b) > 0
    for k in keys:
        assert a[k].astype(str).tolist() == b[k].astype(str).tolist(), k
    for col in a.columns:
        if col in keys:
            continue
        x, y = a[col].astype(float).to_numpy(), b[col].astype(float).to_numpy()
        assert np.array_equal(np.isnan(x), np.isnan(y)), f"{col}: nulls differ"
        np.testing.assert_allclose(x, y, rtol=1e-9, equal_nan=True, err_msg=col)


@pytest.mark.parametrize("level", ["section", "chapter"])
def test_bloc_on_a_seeded_panel(engines, level: str) -> None:
    flows = seeded_flows(20_000, seed=7)
    keys = ["year", "group"]
    a, b = _both(engines, lambda f: measures.bloc_by_product(f, NA3, level), {"f": flows}, keys)
    _assert_same(a, b, keys)


def test_bloc_edge_cases(engines) -> None:
    flows = hand_flows()
    world = tuple(sorted(set(flows["exporter"]) | set(flows["importer"])))
    for bloc, data in ((world, flows), (NA3, flows[flows["value"] == 0]), (NA3, flows)):
        a, b = _both(engines, lambda f, bl=bloc: measures.bloc_by_product(f, bl, "section"),
                     {"f": data}, ["year", "group"])
        _assert_same(a, b, ["year", "group"])


def test_duty_exposure_usmca_on_hand_fixtures(engines) -> None:
    imp, lists = hand_imports(), hand_lists()
    comp = pd.DataFrame({"exporter": ["CAN", "MEX"], "hs8": ["87032301", "72081000"],
                         "share": [0.9, 0.25]})
    cases = [(lambda i: measures.duty_rates(i, "chapter"), {"i": imp},
              ["exporter", "period", "group"]),
             (lambda i, lst: measures.exposure(i, lst), {"i": imp, "lst": lists},
              ["action", "exporter", "period"]),
             (lambda i, c: measures.usmca_use(i, c), {"i": imp, "c": comp},
              ["exporter", "period"]),
             (lambda i: measures.rate_provisions(i), {"i": imp},
              ["exporter", "period", "rate_prov"])]
    for build, tables, keys in cases:
        a, b = _both(engines, build, tables, keys)
        _assert_same(a, b, keys)


def test_the_shipped_table(engines) -> None:
    imp = shipped.load(shipped.IMPORTS)
    lists = shipped.load(shipped.ACTIONS)[["action", "code", "digits"]]
    a, b = _both(engines, lambda i, lst: measures.exposure(i, lst), {"i": imp, "lst": lists},
                 ["action", "exporter", "period"])
    _assert_same(a, b, ["action", "exporter", "period"])
    a, b = _both(engines, lambda i: measures.duty_rates(i, "section"), {"i": imp},
                 ["exporter", "period", "group"])
    _assert_same(a, b, ["exporter", "period", "group"])
    assert a["value"].sum() == imp["value"].sum()  # exact to the dollar on both engines


def test_parquet_store_reads_the_same(engines, tmp_path) -> None:
    flows = seeded_flows(5_000, seed=3)
    for year, part in flows.groupby("year"):
        (tmp_path / f"year={year}").mkdir()
        part.drop(columns="year").to_parquet(tmp_path / f"year={year}" / "part-0.parquet")
    outs = [eng.collect(measures.section_panel(eng.register("store", tmp_path)),
                        ["section", "year", "exporter", "importer"]) for eng in engines]
    _assert_same(outs[0], outs[1], ["section", "year", "exporter", "importer"])
