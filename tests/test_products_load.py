"""Loading the user's own product files: a BACI release zip (streamed, under 1 GB), Census HS
files in the API's shape, USMCA compliance shares; bad input names file, row and field and
changes nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from cli_helpers import run, run_json
from products_helpers import baci_zip, hand_imports, seeded_flows
from trilateral.errors import SchemaError, ValidationError
from trilateral.products import baci, census_hs, compliance, store


def test_baci_zip_round_trips_exactly(fresh_home: Path, tmp_path: Path) -> None:
    flows = seeded_flows(30_000, seed=11)
    meta = baci.load(baci_zip(tmp_path / "BACI_HS92_V202401.zip", flows), block_size=1 << 16)
    assert meta["output"]["rows"] == len(flows) and meta["source"]["vintage"] == "HS92 V202401"
    back = pd.read_parquet(store.table_dir("baci"))
    assert sorted(p.name for p in store.table_dir("baci").iterdir()) == [
        f"year={y}" for y in sorted(flows["year"].unique())]
    assert back["value"].sum() == flows["value"].sum()  # whole dollars, exact
    assert back["hs"].str.len().eq(6).all() and set(back["exporter"]) <= set(flows["exporter"])


def test_baci_bad_row_names_file_row_field_and_changes_nothing(fresh_home, tmp_path) -> None:
    good = seeded_flows(2_000, seed=1, years=(2019,))
    baci.load(baci_zip(tmp_path / "good.zip", good))
    before = store.sidecar("baci")
    with pytest.raises(ValidationError) as err:
        baci.load(baci_zip(tmp_path / "bad.zip", good, bad_row=41))
    msg = str(err.value)
    assert "bad.zip" in msg and "43" in msg and "v" in msg and "negative" in msg
    assert store.sidecar("baci") == before
    assert not [p for p in store.root().iterdir() if p.name.startswith(".baci.")]
    with pytest.raises(SchemaError):
        baci.load(tmp_path / "good.zip.missing") if False else baci.load(
            _not_a_zip(tmp_path / "x.zip"))


def _not_a_zip(path: Path) -> Path:
    path.write_text("t,i,j,k,v,q\n")
    return path


@pytest.mark.slow
def test_baci_peak_memory_under_1_gb_large(fresh_home, tmp_path) -> None:
    _peak_under_limit(tmp_path, 2_000_000)


def test_baci_peak_memory_under_1_gb(fresh_home, tmp_path) -> None:
    _peak_under_limit(tmp_path, 300_000)


def _peak_under_limit(tmp_path: Path, rows: int) -> None:
    """``trilateral data load baci`` in a fresh process, and its peak resident memory
    (ru_maxrss, KiB on Linux)."""
    zpath = baci_zip(tmp_path / "BACI_HS92_V202401.zip", seeded_flows(rows, seed=5))
    code = textwrap.dedent(f"""
        import contextlib, io, json, resource
        from trilateral.cli import main
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            try:
                main(["data", "load", "baci", {str(zpath)!r}, "--json"])
            except SystemExit as exc:
                assert not exc.code, exc.code
        meta = json.loads(buf.getvalue())["data"]
        print(json.dumps({{"rows": meta["output"]["rows"],
                          "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}}))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=600)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["rows"] == rows
    assert got["peak_kib"] < 1024 * 1024, f"peak {got['peak_kib'] / 1024:.0f} MiB"


def _api_doc(df: pd.DataFrame) -> list[list[str]]:
    codes = {"CAN": "1220", "MEX": "2010"}
    header = ["CTY_CODE", "CTY_NAME", "I_COMMODITY", "CON_VAL_MO", "CAL_DUT_MO", "DUT_VAL_MO",
              "RP", "time", "COMM_LVL"]
    rows = [[codes[r.exporter], r.exporter, r.hs, str(r.value), str(r.duty), str(r.dutiable),
             r.rate_prov, r.period, "HS10"] for r in df.itertuples()]
    return [header, *rows]


def test_census_hs_files_load_and_answer(fresh_home, tmp_path, capsys) -> None:
    imp = hand_imports()
    files = []
    for period, part in imp.groupby("period"):
        path = tmp_path / f"{period}.json"
        path.write_text(json.dumps(_api_doc(part)))
        files.append(str(path))
    code, meta, _ = run_json(["products", "load", "census-hs", *files], capsys)
    assert code == 0 and meta["output"]["rows"] == len(imp)
    code, data, _ = run_json(["products", "duty", "--source", "census-hs", "--level",
                              "chapter"], capsys)
    rows = pd.DataFrame(data["rows"])
    steel = rows[(rows["exporter"] == "CAN") & (rows["group"] == 72)]
    assert steel["rate_pct"].item() == pytest.approx(25.0)
    assert data["vintage"]["census_hs"] == "2025-02"


def test_census_hs_bad_value_is_refused(fresh_home, tmp_path, capsys) -> None:
    doc = _api_doc(hand_imports())
    doc[3][3] = "12.5"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(ValidationError) as err:
        census_hs.parse(path)
    assert "bad.json" in str(err.value) and "CON_VAL_MO" in str(err.value)
    code, _, err_text = run(["products", "load", "census-hs", str(path)], capsys)
    assert code == 3 and not store.exists("census_hs")


def test_usmca_compliance_load_and_use(fresh_home, tmp_path, capsys) -> None:
    path = tmp_path / "compliance_shares.csv"
    path.write_text("hs_8digit,import_origin,compliance_rate,comment\n"
                    "87032301,CAN,0.9,USITC DataWeb Jul-Sep 2025\n"
                    "87032301,MEX,0.5,USITC DataWeb Jul-Sep 2025\n")
    code, meta, _ = run_json(["products", "load", "usmca-compliance", str(path)], capsys)
    assert code == 0 and "NC" in meta["source"]["licence"]
    code, data, _ = run_json(["products", "usmca"], capsys)
    rows = pd.DataFrame(data["rows"]).set_index("exporter")
    assert 0 < rows.loc["CAN", "covered_pct"] < 100
    assert "usmca_compliance" in data["vintage"]
    bad = tmp_path / "bad.csv"
    bad.write_text("hs_8digit,import_origin,compliance_rate\n87032301,CAN,1.7\n")
    with pytest.raises(ValidationError, match="compliance_rate"):
        compliance.parse(bad)
