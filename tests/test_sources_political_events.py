"""Political and events sources: Manifesto (not shipped), PLOVER/CAMEO, GTA (not shipped)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from trilateral import data
from trilateral.config import SNAPSHOT_DIR
from trilateral.errors import SchemaError, ValidationError
from trilateral.sources import gta_us_tariffs, manifesto, plover_cameo
from trilateral.sources.build import build_source

# ---------------------------------------------------------------- Manifesto


def test_manifesto_is_not_shipped(raw_dir: Path, tmp_path: Path) -> None:
    # Manifesto Project terms of use: no redistribution without written authorisation.
    assert not manifesto.SPEC.shippable and "redistribution" in manifesto.SPEC.licence
    assert not (SNAPSHOT_DIR / "manifesto_parties.parquet").exists()
    assert build_source("manifesto", raw_dir, tmp_path) == []
    assert not any(tmp_path.iterdir())


def test_manifesto_spot_checks_from_raw(raw_dir: Path) -> None:
    out = manifesto.build(raw_dir)["manifesto_parties"]
    # PROVENANCE: United States 55 rows, Canada 94 (to 2015), Mexico 103.
    assert out.iso3.value_counts().to_dict() == {"MEX": 103, "CAN": 94, "USA": 55}
    assert out[out.iso3 == "CAN"].year.max() == 2015
    us = out[out.iso3 == "USA"].set_index(["year", "partyname"])
    # PROVENANCE: Democrats 2020 per406 1.044 (0.134 in 2016); GOP 2020 repeats 2016.
    assert us.loc[(2020, "Democratic Party"), "per406"] == pytest.approx(1.044)
    assert us.loc[(2016, "Democratic Party"), "per406"] == pytest.approx(0.134)
    gop = us.xs("Republican Party", level="partyname")
    assert gop.loc[2020, "per109"] == gop.loc[2016, "per109"] == pytest.approx(2.918)
    assert (out.protectionism_net == out.per406 - out.per407).all()


HEADER = ("countryname,date,edate,party,partyname,partyabbrev,parfam,pervote,total,per406,"
          "per407,per107,per109,rile,datasetversion")


def _mpds(path: Path, rows: list[str], header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


SWEDEN = "Sweden,201809,09/09/2018,11320,Social Democrats,SAP,30,28.3,900,0,0,1,0,-10,2023a"
MEXICO = "Mexico,201807,01/07/2018,171210,MORENA,MORENA,30,38.797,299,0,0,0.669,0,15.05,2023a"


def test_manifesto_parse_file_keeps_the_three(tmp_path: Path) -> None:
    out = manifesto.parse_file(_mpds(tmp_path / "m.csv", [SWEDEN, MEXICO]), "t")
    table = out["manifesto_parties"]
    assert list(table.iso3) == ["MEX"] and table.election_date.iloc[0] == "2018-07-01"


@pytest.mark.parametrize(
    ("rows", "header", "error", "row", "field"),
    [
        ([MEXICO], HEADER.replace(",per406", ""), SchemaError, 1, "per406"),
        ([SWEDEN, MEXICO.replace("38.797", "138.8")], HEADER, ValidationError, 3, "pervote"),
        ([SWEDEN, MEXICO.replace("01/07/2018", "2018-07-01")], HEADER, ValidationError, 3,
         "edate"),
        ([SWEDEN], HEADER, ValidationError, None, "countryname"),
    ],
    ids=["missing-column", "vote-share-above-100", "bad-election-date", "no-north-america"],
)
def test_manifesto_malformed_files(tmp_path, rows, header, error, row, field):
    f = _mpds(tmp_path / "bad.csv", rows, header)
    with pytest.raises(error) as exc:
        manifesto.parse_file(f, "t")
    assert (exc.value.location.row, exc.value.location.field) == (row, field)


# ---------------------------------------------------------------- PLOVER / CAMEO


def test_plover_mapping() -> None:
    df = data.table("plover_cameo").set_index("cameo_code")
    assert df.index.is_unique and df.index.str.len().min() == 3  # headings are not rows
    assert df.loc["030", "plover_event"] == "AGREE"
    assert df.loc["0311", "plover_context"] == "economic"
    assert df.loc["042", "plover_mode"] == "visit"
    assert pd.isna(df.loc["040", "plover_mode"])
    assert df.loc["175", "cameo_description"] == "Use violent repression"  # listed twice
    assert "CC BY-SA 4.0" in plover_cameo.SPEC.licence


def test_plover_examples() -> None:
    df = data.table("plover_examples")
    assert len(df) == 322 and "DOCUMENT" not in set(df.plover_event)
    assert df.record_no.is_unique and df.text.str.len().min() > 10
    usa_jordan = df[df.id == "PLOVER-GSR01-AGREE-0003"].iloc[0]
    assert usa_jordan.source_actors == "JOR;USA" and usa_jordan.plover_context == "economic"


def test_plover_mapping_rejects_a_bad_line(tmp_path: Path) -> None:
    f = tmp_path / "map.txt"
    f.write_text("# header\n03: AGREE\n030: AGREE, , diplomatic # ok\n031: agree, , x # bad\n")
    with pytest.raises(ValidationError) as exc:
        plover_cameo.parse_mapping(f)
    assert exc.value.location.row == 4


# ---------------------------------------------------------------- GTA


def test_gta_is_not_shipped() -> None:
    assert not gta_us_tariffs.SPEC.shippable and "NC" in gta_us_tariffs.SPEC.licence
    assert not (SNAPSHOT_DIR / "gta_us_tariff_events.parquet").exists()


@pytest.mark.parametrize(
    ("scope", "can", "mex"),
    [("ALL", True, True), ("ALL_EXCEPT:CAN:MEX", False, False), ("CAN", True, False),
     ("ALL_EXCEPT:CAN:MEX:CHN:HKG:BRA", False, False), ("GBR:JPN:EU_MEMBERS", False, False)],
)
def test_gta_scope_reaches(scope: str, can: bool, mex: bool) -> None:
    assert (gta_us_tariffs.reaches(scope, "CAN"), gta_us_tariffs.reaches(scope, "MEX")) == (can, mex)


def test_gta_registry_from_raw(raw_dir: Path) -> None:
    events = gta_us_tariffs.build(raw_dir)["gta_us_tariff_events"].set_index("event_id")
    # PROVENANCE: can_northern_border and mex_emergency_25pct on 2025-03-04; the IEEPA
    # baseline of 2025-04-05 excludes Canada and Mexico.
    assert events.loc["can_northern_border", "effective_date"] == "2025-03-04"
    assert events.loc["mex_emergency_25pct", "affects_mex"]
    assert not events.loc["mex_emergency_25pct", "affects_can"]
    assert not events.loc["ieepa_baseline_10pct", "affects_can"]
