"""The three gravity panels: harmonised codes, known figures, rejected bad input."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from trilateral import data
from trilateral.errors import ValidationError
from trilateral.sources import agtpa, gegravity_wiod, penppml_comtrade


def _flow(df: pd.DataFrame, exp: str, imp: str, year: int, col: str = "value_usd_m") -> float:
    row = df[(df.exporter == exp) & (df.importer == imp) & (df.year == year)]
    assert len(row) == 1, (exp, imp, year)
    return float(row[col].iloc[0])


def test_agtpa_rta_panel_shape_and_known_flows() -> None:
    df = data.table("agtpa_rta_panel")
    assert len(df) == 69 * 69 * 21  # 99,981 rows: PROVENANCE.md of trade/yotov-agtpa
    assert (df.exporter == df.importer).sum() == 69 * 21  # intranational flows present
    # spot checks printed in trade/yotov-agtpa/PROVENANCE.md (USD millions)
    assert _flow(df, "USA", "CAN", 2006) == pytest.approx(176_541, abs=1)
    assert _flow(df, "MEX", "USA", 1994) == pytest.approx(41_126, abs=1)


def test_agtpa_codes_are_iso3_with_the_guides_codes_kept() -> None:
    df = data.table("agtpa_rta_panel")
    romania = df[df.exporter == "ROU"]
    assert set(romania.exporter_code) == {"ROM"}  # the guide's pre-2002 ISO code
    assert "ROM" not in set(df.exporter)
    assert (df.exporter_code != df.exporter).sum() == (df.exporter_code == "ROM").sum()


def test_agtpa_rta_dates_cusfta_and_nafta() -> None:
    df = data.table("agtpa_rta_panel")
    assert _flow(df, "USA", "CAN", 1988, "rta") == 0
    assert _flow(df, "USA", "CAN", 1989, "rta") == 1  # CUSFTA in force 1 January 1989
    assert _flow(df, "USA", "MEX", 1993, "rta") == 0
    assert _flow(df, "USA", "MEX", 1994, "rta") == 1  # NAFTA in force 1 January 1994


def test_agtpa_ge_panel_repeats_the_flows() -> None:
    rta, ge = data.table("agtpa_rta_panel"), data.table("agtpa_ge_panel")
    keys = ["exporter", "importer", "year"]
    merged = rta.merge(ge, on=keys, suffixes=("", "_ge"))
    assert len(merged) == len(rta) == len(ge)
    # the build checks agreement to 1e-9 relative; the .dta stores the same doubles
    assert merged.value_usd_m.to_numpy() == pytest.approx(merged.value_usd_m_ge.to_numpy(), rel=1e-9)
    assert (merged.rta == merged.rta_ge).all()


def test_penppml_nafta_coded_and_gaps_kept() -> None:
    df = data.table("penppml_comtrade")
    assert len(df) == 316_317  # PROVENANCE.md of trade/penppml-comtrade
    assert sorted(df.year.unique()) == list(range(1964, 2017, 4))
    nafta = df[(df.exporter == "USA") & (df.importer == "MEX")].set_index("year")
    assert nafta.loc[1992, "rta"] == 0 and nafta.loc[1996, "rta"] == 1
    assert "NAFTA" in nafta.loc[1996, "agreement"]
    # USA->CAN 1992 is missing in the package data and must stay missing (no imputation)
    assert not ((df.exporter == "USA") & (df.importer == "CAN") & (df.year == 1992)).any()
    # USA->CAN 2000 = 152.9 bn in PROVENANCE.md
    assert _flow(df, "USA", "CAN", 2000) == pytest.approx(152_910.5, rel=1e-4)


def test_penppml_keeps_comtrade_special_areas_flagged() -> None:
    df = data.table("penppml_comtrade")
    blx = df[df.exporter == "BLX"]
    assert len(blx) and not blx.codes_iso3.any()
    assert df[(df.exporter == "USA") & (df.importer == "CAN")].codes_iso3.all()
    assert not df[(df.exporter == "USA") & (df.importer == "BLX")].codes_iso3.any()


def test_wiod_years_and_rest_of_world() -> None:
    df = data.table("wiod_trade")
    assert len(df) == 44 * 44 * 4  # 7,744 rows: PROVENANCE.md of trade/gegravity-wiod
    assert sorted(df.year.unique()) == [2000, 2005, 2010, 2014]
    assert "ROW" in set(df.exporter)
    na = df[df.exporter.isin(["USA", "CAN", "MEX"]) & df.importer.isin(["USA", "CAN", "MEX"])]
    assert (na.fta == 1).all()  # PROVENANCE.md: FTA = 1 for all NAFTA pairs in all years


def test_negative_flow_is_rejected_with_its_row(tmp_path: Path) -> None:
    path = tmp_path / "TradeData0014.csv"
    path.write_text("exporter,importer,expcode,impcode,year,trade,eu_enlargement,other_fta,FTA\n"
                    "USA,CAN,44,6,2000,10.0,0,1,1\nUSA,MEX,44,30,2000,-1.0,0,1,1\n")
    with pytest.raises(ValidationError) as err:
        gegravity_wiod.read(path)
    assert err.value.location.row == 3 and err.value.location.field == "trade"


def test_unknown_code_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "TradeData0014.csv"
    path.write_text("exporter,importer,expcode,impcode,year,trade,eu_enlargement,other_fta,FTA\n"
                    "USA,CAN,44,6,2000,10.0,0,1,1\nQQQ,MEX,44,30,2000,1.0,0,1,1\n")
    with pytest.raises(ValidationError, match="QQQ") as err:
        gegravity_wiod.harmonise(gegravity_wiod.read(path), path)
    assert err.value.location.row == 3


def test_bad_provision_dummy_is_rejected(tmp_path: Path) -> None:
    cols = ["exp", "imp", "time", "export", "id", "agreement", *penppml_comtrade.PROVISIONS]
    row = ["USA", "CAN", "2000", "1.0", "27", "NAFTA"] + ["0"] * 15 + ["2"]
    path = tmp_path / "penppml_trade.csv"
    path.write_text(",".join(cols) + "\n" + ",".join(row) + "\n")
    with pytest.raises(ValidationError) as err:
        penppml_comtrade.read(path)
    assert err.value.location.field == "cp_prov_26"


def test_agtpa_cross_check_catches_a_changed_flow() -> None:
    ref = pd.DataFrame({"exporter_code": ["A", "B"], "importer_code": ["B", "A"],
                        "year": [1990, 1990], "pair_id": [1, 1], "trade": [1.0, 2.0],
                        "dist": [5.0, 5.0], "cntg": [0, 0], "lang": [0, 0], "clny": [0, 0]})
    other = ref.assign(trade=[1.0, 2.5])
    with pytest.raises(ValidationError) as err:
        agtpa.check_same_flows(ref, other, "x.dta")
    assert err.value.location.row == 3 and err.value.location.field == "trade"
