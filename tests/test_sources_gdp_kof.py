"""World Bank GDP and the KOF Globalisation Index: spot checks, the aggregate rule, KOF releases."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from trilateral import data
from trilateral.errors import SchemaError, ValidationError
from trilateral.sources import kof_globalisation, worldbank_gdp
from trilateral.sources.kof_globalisation import INDEX_COLUMNS

# ---------------------------------------------------------------- worldbank-gdp


def _gdp(iso3: str, year: int) -> float:
    df = data.table("worldbank_gdp")
    row = df[(df.iso3 == iso3) & (df.year == year)]
    assert len(row) == 1
    return float(row.gdp_usd_m.iloc[0])


def test_gdp_spot_checks() -> None:
    # trade/worldbank-gdp/PROVENANCE.md: USA 2019 21.52 tn, 2023 27.36 tn; CAN 2023 2.14 tn;
    # MEX 2023 1.79 tn; CHN 2023 17.79 tn.
    assert _gdp("USA", 2019) == pytest.approx(21.52e6, rel=5e-3)
    assert _gdp("USA", 2023) == pytest.approx(27.36e6, rel=5e-3)
    assert _gdp("CAN", 2023) == pytest.approx(2.14e6, rel=5e-3)
    assert _gdp("MEX", 2023) == pytest.approx(1.79e6, rel=5e-3)
    assert _gdp("CHN", 2023) == pytest.approx(17.79e6, rel=5e-3)


def test_gdp_keeps_countries_world_and_eu_only() -> None:
    codes = set(data.table("worldbank_gdp").iso3)
    assert {"WLD", "EUU", "XKX", "USA"} <= codes
    assert not {"EMU", "LCN", "HIC", "NAC", "OED", "ARB", "CHI"} & codes


def _gdp_csv(path: Path, rows: list[str], header: str = "Country Name,Country Code,Year,Value"
             ) -> Path:
    path.write_text(header + "\n" + "\n".join(rows) + "\n")
    return path


@pytest.mark.parametrize(
    ("rows", "header", "error", "row", "field"),
    [
        (["Canada,CAN,2020,1e12"], "Name,Code,Year,Value", SchemaError, 1, "Country Name"),
        (["Canada,CAN,2020,1e12", "Canada,CAN,20x1,1e12"], None, ValidationError, 3, "Year"),
        (["Canada,CAN,2020,-5"], None, ValidationError, 2, "Value"),
        (["Canada,CAN,2020,1e12", "Canada,CAN,2020,2e12"], None, ValidationError, 3,
         "Country Code"),
    ],
    ids=["wrong-header", "bad-year", "negative-gdp", "duplicate"],
)
def test_gdp_malformed_files(tmp_path, rows, header, error, row, field) -> None:
    path = _gdp_csv(tmp_path / "gdp.csv", rows, header or "Country Name,Country Code,Year,Value")
    with pytest.raises(error) as exc:
        worldbank_gdp.parse_file(path, "t")
    assert (exc.value.location.row, exc.value.location.field) == (row, field)
    assert "gdp.csv" in str(exc.value)


def test_gdp_parse_drops_aggregates(tmp_path: Path) -> None:
    path = _gdp_csv(tmp_path / "gdp.csv", ["Canada,CAN,2020,1.6e12", "Euro area,EMU,2020,1e13",
                                           "World,WLD,2020,8.5e13"])
    out = worldbank_gdp.parse_file(path, "t")["worldbank_gdp"]
    assert list(out.iso3) == ["CAN", "WLD"] and out.gdp_usd_m.iloc[0] == pytest.approx(1.6e6)


# ---------------------------------------------------------------- kof-globalisation


def _kof(iso3: str, year: int) -> float:
    df = data.table("kof_globalisation")
    row = df[(df.iso3 == iso3) & (df.year == year)]
    assert len(row) == 1
    return float(row.overall.iloc[0])


def test_kof_spot_checks() -> None:
    # composite/kof-globalisation-2025/PROVENANCE.md: KOFGI CAN 61.8 (1970) -> 82.1 (2023),
    # MEX 44.1 -> 70.8, USA 58.8 -> 79.4; 2025 release USA 2019 = 79.23.
    for iso3, first, last in (("CAN", 61.8, 82.1), ("MEX", 44.1, 70.8), ("USA", 58.8, 79.4)):
        assert _kof(iso3, 1970) == pytest.approx(first, abs=0.05)
        assert _kof(iso3, 2023) == pytest.approx(last, abs=0.05)
    assert _kof("USA", 2019) == pytest.approx(79.23, abs=0.005)


def test_kof_table_holds_one_release() -> None:
    df = data.table("kof_globalisation")
    assert set(df.release) == {"2025"}
    assert not df.duplicated(["iso3", "year"]).any()
    assert {"AND", "ROU", "PSE", "WLD"} <= set(df.iso3) and "NAC" not in set(df.iso3)
    legacy = df.drop_duplicates("kof_code").set_index("kof_code").iso3
    assert legacy["ROM"] == "ROU" and legacy["ADO"] == "AND" and legacy["WBG"] == "PSE"


def _kof_frame(rows: list[tuple[str, str, int, float]]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["code", "country", "year", "KOFGI"])
    for col in INDEX_COLUMNS:
        if col != "KOFGI":
            df[col] = df["KOFGI"]
    return df


def test_kof_parses_a_small_release(tmp_path: Path) -> None:
    path = tmp_path / "KOFGI_2026_public.csv"
    _kof_frame([("CAN", "Canada", 2024, 80.0), ("NAC", "North America", 2024, 75.0)]).to_csv(
        path, index=False)
    out = kof_globalisation.parse_file(path, "t")["kof_globalisation"]
    assert list(out.iso3) == ["CAN"] and set(out.release) == {"2026"}


def test_kof_refuses_unknown_release(tmp_path: Path) -> None:
    path = tmp_path / "globalisation.csv"
    _kof_frame([("CAN", "Canada", 2024, 80.0)]).to_csv(path, index=False)
    with pytest.raises(SchemaError, match="KOF release"):
        kof_globalisation.parse_file(path, "t")


def test_kof_refuses_mixed_releases(tmp_path: Path) -> None:
    path = tmp_path / "KOFGI_2025_public.csv"
    mixed = _kof_frame([("USA", "United States", 2019, 79.23), ("USA", "United States", 2018,
                                                                  79.0)])
    mixed.assign(release=["2025", "2023"]).to_csv(path, index=False)
    with pytest.raises(ValidationError) as exc:
        kof_globalisation.parse_file(path, "t")
    assert (exc.value.location.row, exc.value.location.field) == (3, "release")
    # Two releases pasted together without a release column show up as repeated country-years.
    # USA 2019: 2025 release 79.23, 2023 release 82.09 (PROVENANCE.md, "Vintage warning").
    _kof_frame([("USA", "United States", 2019, 79.23), ("USA", "United States", 2019, 82.09)]
               ).to_csv(path, index=False)
    with pytest.raises(ValidationError, match="releases mixed") as exc:
        kof_globalisation.parse_file(path, "t")
    assert exc.value.location.row == 3


def test_kof_refuses_values_outside_the_index_range(tmp_path: Path) -> None:
    path = tmp_path / "KOFGI_2025_public.csv"
    df = _kof_frame([("CAN", "Canada", 2024, 80.0)])
    df.loc[0, "KOFPoGIdj"] = 180.0
    df.to_csv(path, index=False)
    with pytest.raises(ValidationError) as exc:
        kof_globalisation.parse_file(path, "t")
    assert (exc.value.location.row, exc.value.location.field) == (2, "KOFPoGIdj")


def test_loading_a_new_release_replaces_the_whole_table(tmp_path: Path, fresh_home: Path) -> None:
    path = tmp_path / "KOFGI_2026_public.csv"
    _kof_frame([("MEX", "Mexico", 2024, 71.0)]).to_csv(path, index=False)
    data.load("kof-globalisation", str(path), accept_revision="small test extract")
    now = data.table("kof_globalisation")
    assert set(now.release) == {"2026"} and len(now) == 1
    assert set(data.table("kof_globalisation", vintage=1).release) == {"2025"}
