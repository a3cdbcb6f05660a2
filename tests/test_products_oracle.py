"""Product indicators on hand-built fixtures against pandas computed here; the shipped tables.

Golden totals: US imports for consumption from Canada in 2024, 411.69 bn dollars, and from
Mexico, 503.44 bn (issue 20, from the project's 2024 Census figures; the source rounds to
0.01 bn).
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from cli_helpers import run_json
from products_helpers import hand_flows, hand_imports, hand_lists
from trilateral.products import measures, shipped
from trilateral.products.engine import Engine
from trilateral.products.hs import section_of_chapter
from trilateral.provenance import sha256_file

NA3 = ("CAN", "MEX", "USA")


@pytest.fixture(scope="module")
def eng():
    e = Engine("duckdb")
    yield e
    e.close()


def _bloc_oracle(df: pd.DataFrame, bloc, level: str) -> pd.DataFrame:
    df = df.copy()
    ch = df["hs"].str[:2].astype(int)
    df["group"] = ch.map(section_of_chapter) if level == "section" else ch
    xin, min_ = df["exporter"].isin(bloc), df["importer"].isin(bloc)
    df["intra"] = df["value"].where(xin & min_ & (df["exporter"] != df["importer"]), 0)
    df["bloc_trade"] = df["value"].where(xin, 0) + df["value"].where(min_, 0)
    g = df.groupby(["year", "group"], as_index=False)[["intra", "bloc_trade", "value"]].sum()
    g["world"] = 2 * g["value"]
    s = (2 * g["intra"] / g["bloc_trade"]).where(g["bloc_trade"] > 0)
    w = (g["bloc_trade"] / g["world"]).where(g["world"] > 0)
    hi = (s / w).where(w > 0)
    he = ((1 - s) / (1 - w)).where(w < 1)
    g["intra_share_pct"] = 100 * s
    g["intensity"] = hi
    g["introversion"] = ((hi - he) / (hi + he)).where((hi + he) != 0)
    return g


@pytest.mark.parametrize("level", ["section", "chapter"])
def test_bloc_by_product_matches_pandas(eng, level: str) -> None:
    flows = hand_flows()
    got = eng.collect(measures.bloc_by_product(eng.register("hf", flows), NA3, level),
                      ["year", "group"])
    want = _bloc_oracle(flows, NA3, level).sort_values(["year", "group"]).reset_index(drop=True)
    assert got["group"].tolist() == want["group"].tolist()
    assert got["intra"].tolist() == want["intra"].tolist()  # exact integer sums
    for col in ("intra_share_pct", "intensity", "introversion"):
        np.testing.assert_allclose(got[col].astype(float), want[col].astype(float), rtol=1e-12,
                                   equal_nan=True, err_msg=col)
    # Section 17 in 2020: CAN->USA 100, MEX->USA 80, USA->CAN 40 intra; DEU->MEX 10 outside.
    row = got[(got["year"] == 2020) & (got["group"] == (17 if level == "section" else 87))]
    assert row["intra"].item() == 220 and row["bloc_trade"].item() == 450


def test_bloc_edge_cases_give_nulls_not_errors(eng) -> None:
    flows = hand_flows()
    world = tuple(sorted(set(flows["exporter"]) | set(flows["importer"])))
    got = eng.collect(measures.bloc_by_product(eng.register("hw", flows), world, "section"),
                      ["year", "group"])
    assert (got["intra_share_pct"].dropna() == 100).all()  # the whole world is one bloc
    assert got["introversion"].isna().all()  # w = 1: the index is undefined, not infinite
    zero = flows[flows["value"] == 0]
    got0 = eng.collect(measures.bloc_by_product(eng.register("hz", zero), NA3, "section"))
    assert got0["intra_share_pct"].isna().all() and got0["intensity"].isna().all()


def test_duty_rates_match_pandas_and_guard_zero_value(eng) -> None:
    imp = hand_imports()
    got = eng.collect(measures.duty_rates(eng.register("hi", imp), "chapter"),
                      ["exporter", "period", "group"])
    imp["group"] = imp["hs"].str[:2].astype(int)
    want = imp.groupby(["exporter", "period", "group"], as_index=False)[
        ["value", "duty", "dutiable"]].sum().sort_values(["exporter", "period", "group"])
    assert got[["value", "duty", "dutiable"]].values.tolist() == \
        want[["value", "duty", "dutiable"]].values.tolist()
    np.testing.assert_allclose(got["rate_pct"], (100 * want["duty"] / want["value"])
                               .where(want["value"] > 0), equal_nan=True, rtol=1e-12)
    dairy = got[(got["group"] == 4)]
    assert dairy["rate_pct"].isna().all() and dairy["rate_on_dutiable_pct"].isna().all()


def test_exposure_counts_a_line_once_per_action(eng) -> None:
    imp, lists = hand_imports(), hand_lists()
    got = eng.collect(measures.exposure(eng.register("ei", imp), eng.register("el", lists)),
                      ["action", "exporter", "period"])
    rows = []
    for action, codes in lists.groupby("action")["code"]:
        hit = imp[imp["hs"].map(lambda h, c=tuple(codes): any(h.startswith(x) for x in c))]
        for (ex, per), g in hit.groupby(["exporter", "period"]):
            total = imp[(imp["exporter"] == ex) & (imp["period"] == per)]["value"].sum()
            rows.append((action, ex, per, int(g["value"].sum()), 100 * g["value"].sum() / total))
    want = pd.DataFrame(rows, columns=["action", "exporter", "period", "listed", "share_pct"])
    assert got[["action", "exporter", "period", "listed"]].values.tolist() == \
        want[["action", "exporter", "period", "listed"]].values.tolist()
    np.testing.assert_allclose(got["share_pct"], want["share_pct"], rtol=1e-12)
    assert "nothing" not in set(got["action"])  # a list naming no import gives no row


def test_usmca_use_and_rate_provisions(eng) -> None:
    imp = hand_imports()
    comp = pd.DataFrame({"exporter": ["CAN", "MEX"], "hs8": ["87032301", "87032301"],
                         "share": [0.9, 0.5]})
    got = eng.collect(measures.usmca_use(eng.register("ui", imp), eng.register("uc", comp)),
                      ["exporter", "period"])
    can1 = got[(got["exporter"] == "CAN") & (got["period"] == "2025-01")]
    assert can1["matched"].item() == 1050 and can1["usmca_pct"].item() == pytest.approx(90.0)
    assert can1["covered_pct"].item() == pytest.approx(100 * 1050 / 1550)
    rp = eng.collect(measures.rate_provisions(eng.register("ri", imp)),
                     ["exporter", "period", "rate_prov"])
    sums = rp.groupby(["exporter", "period"])["share_pct"].sum()
    np.testing.assert_allclose(sums, 100.0)


def test_shipped_imports_reproduce_census_totals() -> None:
    df = shipped.load(shipped.IMPORTS)
    totals = df.groupby("exporter")["value"].sum()
    assert round(totals["CAN"] / 1e9, 2) == 411.69
    assert round(totals["MEX"] / 1e9, 2) == 503.44
    assert len(df[df["exporter"] == "CAN"]) == 12203 and len(df[df["exporter"] == "MEX"]) == 10271
    assert df["value"].dtype == "int64" and df["hs"].str.fullmatch(r"\d{10}").all()


@pytest.mark.parametrize("table", [shipped.IMPORTS, shipped.ACTIONS])
def test_shipped_sidecars_are_complete(table: str) -> None:
    meta = shipped.sidecar(table)
    for key in ("id", "publisher", "title", "url", "licence", "accessed", "vintage"):
        assert meta["source"][key], key
    assert meta["source"]["repository"]["commit"] == "726c5958"
    assert meta["output"]["sha256"] == sha256_file(shipped.table_path(table))
    assert meta["coverage"]["rows"] == meta["output"]["rows"] > 0
    assert "nc" not in meta["source"]["licence"].lower().replace("-", " ").split()
    assert all(len(i["sha256"]) == 64 for i in meta["raw_inputs"])


def test_every_action_list_cites_its_instrument() -> None:
    lists = shipped.sidecar(shipped.ACTIONS)["source"]["lists"]
    shipped_actions = set(shipped.load(shipped.ACTIONS)["action"])
    assert {x["action"] for x in lists} == shipped_actions
    for x in lists:
        assert x["instrument"] and x["publisher"] and x["path"].startswith("tariff-lists/")
        assert x["url_verified"] is False  # no URL is claimed that was not seen


def test_rebuild_from_raw_is_byte_identical(tmp_path) -> None:
    from trilateral.config import default_raw_dir

    raw = default_raw_dir()
    if raw is None or not (raw / shipped.RAW_DIR).is_dir():
        pytest.skip(f"raw folder {shipped.RAW_DIR} is absent (see docs/products.md)")
    out = shipped.write_snapshots(raw, out_dir=tmp_path)
    for table, _, sha in out:
        assert sha == shipped.sidecar(table)["output"]["sha256"], table


def test_exposure_command_json(capsys) -> None:
    code, data, _ = run_json(["products", "exposure"], capsys)
    assert code == 0
    assert data["vintage"]["us_hs10_imports_2024"].startswith("2024")
    rows = pd.DataFrame(data["rows"])
    assert set(rows["exporter"]) == {"CAN", "MEX"}
    autos = rows[rows["action"] == "us-232-autos"].set_index("exporter")
    assert 0 < autos.loc["CAN", "listed"] < autos.loc["CAN", "total"]
    assert "us-338-canada-dairy" not in set(rows[rows["exporter"] == "MEX"]["action"])
    assert any(s.get("repository", {}).get("commit") == "726c5958" for s in data["sources"])


def test_exposure_json_is_the_shared_envelope(capsys) -> None:
    from cli_helpers import run

    code, out, _ = run(["products", "exposure", "--json"], capsys)
    doc = json.loads(out)
    assert code == 0 and list(doc) == ["tool", "version", "commit", "as_of", "generated",
                                       "sources", "data"]
    assert doc["sources"] == ["us_hs10_imports_2024", "tariff_action_lists"]


def test_bad_engine_is_a_usage_error(capsys) -> None:
    code, _, _ = run_json(["products", "exposure", "--engine", "polars"], capsys)
    assert code == 2


@pytest.mark.parametrize("indicator,level", [("bloc", "section"), ("duty", "chapter"),
                                             ("exposure", "section")])
def test_bigquery_sql_snapshot(indicator: str, level: str) -> None:
    pytest.importorskip("sqlglot")
    from pathlib import Path

    from trilateral.products.bigquery import compile_sql

    text = compile_sql(indicator, level)
    snap = Path(__file__).parent / "data" / "products_sql" / f"{indicator}_{level}.bigquery.sql"
    if not snap.exists():  # written once, then compared: a change in the SQL fails the test
        snap.write_text(text)
    assert text == snap.read_text()
    assert "NOT MATERIALIZED" not in text and "`" in text


def test_summary_is_jsonable() -> None:
    from trilateral.products.answers import summary

    d = summary().to_dict()
    json.dumps(d)
    assert d["exposure"]["rows"] and d["duty_by_section"]["rows"]
