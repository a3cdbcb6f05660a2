"""Values sources: IVS cultural map, multi-survey trust, Pew, WVS U.S. items, Hofstede.

Golden numbers come from the PROVENANCE.md of each folder under shared/data/raw/values/
("Spot-check" / "Spot values" lines), as cited beside each assertion.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from trilateral import data
from trilateral.errors import SchemaError, ValidationError
from trilateral.sources import hofstede, ivs_cultural_map, trust_multisurvey

# ---------------------------------------------------------------- IVS cultural map


def _ivs(iso3: str, year: int) -> pd.Series:
    df = data.table("ivs_cultural_map")
    row = df[(df.iso3 == iso3) & (df.year == year)]
    assert len(row) == 1
    return row.iloc[0]


def test_ivs_spot_values_with_self_expression_sign_reversed() -> None:
    # PROVENANCE "Spot values": USA 2017 tradagg 0.30 / survsagg -1.21; CAN 2020 0.99 / -1.81;
    # MEX 2018 -0.94 / -0.17. surv_selfexp is -survsagg.
    for iso3, year, trad, surv in (("USA", 2017, 0.30, 1.21), ("CAN", 2020, 0.99, 1.81),
                                   ("MEX", 2018, -0.94, 0.17)):
        row = _ivs(iso3, year)
        assert row.trad_secular == pytest.approx(trad, abs=0.01)
        assert row.surv_selfexp == pytest.approx(surv, abs=0.01)


def test_ivs_sweden_scores_high_on_self_expression_zimbabwe_low() -> None:
    # PROVENANCE "WARNING (sign)": raw survsagg is -3.1 for Sweden and +1.9 for Zimbabwe.
    df = data.table("ivs_cultural_map")
    by_country = df.groupby("iso3").surv_selfexp.mean()
    assert by_country["SWE"] > by_country.quantile(0.9)
    assert by_country["ZWE"] < by_country.quantile(0.1)
    assert _ivs("SWE", 2017).surv_selfexp == pytest.approx(3.11, abs=0.01)


def test_ivs_raw_survsagg_is_the_negative_of_the_table(raw_dir: Path) -> None:
    raw = pd.read_csv(raw_dir / ivs_cultural_map.SPEC.raw_dir / ivs_cultural_map.SURV_FILE)
    swe = raw[(raw.geo == "sweden") & (raw.year == 2017)].survsagg.iloc[0]
    assert swe < -3  # the published sign: higher = survival
    assert _ivs("SWE", 2017).surv_selfexp == pytest.approx(-swe)


def test_ivs_waves_are_points_and_all_countries_kept() -> None:
    df = data.table("ivs_cultural_map")
    # PROVENANCE "Coverage": USA 1990,1995,1999,2006,2011,2017 (no 1982): nothing interpolated.
    assert sorted(df[df.iso3 == "USA"].year) == [1990, 1995, 1999, 2006, 2011, 2017]
    assert df.iso3.nunique() > 100 and not df.duplicated(["iso3", "year"]).any()
    assert _ivs("USA", 2017).wvs_wave == 7 and _ivs("CAN", 1982).wvs_wave == 1
    assert ivs_cultural_map.wvs_wave(2016) is None


# ---------------------------------------------------------------- trust


def _trust() -> pd.DataFrame:
    return data.table("trust")


def test_trust_spot_checks() -> None:
    # PROVENANCE "Spot-check": USA WVS w7 0.372, CAN w7 0.467, MEX w7 0.105.
    df = _trust()
    w7 = df[(df.survey == "WVS") & (df.wave == 7)].set_index("iso3").trust_share
    assert w7["USA"] == pytest.approx(0.372, abs=0.001)
    assert w7["CAN"] == pytest.approx(0.467, abs=0.001)
    assert w7["MEX"] == pytest.approx(0.105, abs=0.001)


def test_trust_evs_duplicates_of_wvs_are_dropped() -> None:
    df = _trust()
    assert df[(df.survey == "EVS") & df.iso3.isin(["USA", "CAN"])].empty
    assert len(df[(df.survey == "WVS") & (df.iso3 == "USA") & df.wave.isin([1, 2])]) == 2
    assert not df.duplicated(["iso3", "survey", "wave"]).any()


def test_trust_raw_file_really_has_the_duplicates(raw_dir: Path) -> None:
    raw = pd.read_csv(raw_dir / trust_multisurvey.SPEC.raw_dir / trust_multisurvey.FILE)
    usa = raw[(raw["country.name"] == "United States") & raw.wave.isin([1, 2])]
    evs, wvs = usa[usa.survey == "EVS"], usa[usa.survey == "WVS"]
    assert sorted(evs.n) == sorted(wvs.n)  # same respondents counted twice


def test_drop_evs_duplicates_keeps_distinct_evs_surveys() -> None:
    df = pd.DataFrame({"country.name": ["A", "A", "A", "B"], "survey": ["WVS", "EVS", "EVS", "EVS"],
                       "n": [1000, 1000, 1500, 1000], "p_response": [0.9, 0.9, 0.9, 0.9]})
    kept = trust_multisurvey.drop_evs_duplicates(df)
    assert list(kept.index) == [0, 2, 3]


def test_trust_gps_rows_are_flagged_not_comparable() -> None:
    df = _trust()
    gps = df[df.survey == "GPS"]
    assert len(gps) > 50 and not gps.comparable.any()
    assert gps.trust_share.isna().all() and gps.gps_score.notna().all()
    shares = df[df.comparable].trust_share
    assert shares.between(0, 1).all() and df[df.comparable].gps_score.isna().all()


def _trust_csv(path: Path, rows: list[str],
               header: str = "country.name,wave,survey,n,p_response,trust,years") -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


GOOD = "Canada,7,WVS,4018,1,0.46,2017-2021"


def test_trust_parse_file_accepts_a_small_good_file(tmp_path: Path) -> None:
    f = _trust_csv(tmp_path / "ok.csv", [GOOD, "Mexico,1,GPS,NA,NA,-0.35,2012"])
    out = trust_multisurvey.parse_file(f, "t")["trust"]
    assert list(out.iso3) == ["CAN", "MEX"] and list(out.comparable) == [True, False]


@pytest.mark.parametrize(
    ("rows", "header", "error", "row", "field"),
    [
        ([GOOD], "country.name,wave,survey,n,p_response,years", SchemaError, 1, "trust"),
        ([GOOD, "Mexico,7,WVS,1741,1,1.7,2017-2021"], None, ValidationError, 3, "trust"),
        ([GOOD, "Mexico,7,Gallup,1741,1,0.1,2017-2021"], None, ValidationError, 3, "survey"),
        ([GOOD, "Atlantis,7,WVS,1741,1,0.1,2017-2021"], None, ValidationError, 3,
         "country.name"),
        (["Canada,7,WVS,4018,1,0.46,2017 to 2021"], None, ValidationError, 2, "years"),
        ([GOOD, GOOD], None, ValidationError, 3, "country.name"),
    ],
    ids=["missing-column", "share-above-one", "unknown-survey", "unknown-country",
         "bad-years", "duplicate"],
)
def test_trust_malformed_files_name_row_and_field(tmp_path, rows, header, error, row, field):
    f = _trust_csv(tmp_path / "bad.csv", rows, *([header] if header else []))
    with pytest.raises(error) as exc:
        trust_multisurvey.parse_file(f, "t")
    assert (exc.value.location.row, exc.value.location.field) == (row, field)
    assert "bad.csv" in str(exc.value)


def test_trust_refuses_a_binary_file(tmp_path: Path) -> None:
    f = tmp_path / "df_trust.csv"
    f.write_bytes(b"PK\x03\x04\x00\x00\x00\x00binary")
    with pytest.raises(SchemaError):
        trust_multisurvey.parse_file(f, "t")


# ---------------------------------------------------------------- Pew


def test_pew_canada_and_mexico_series() -> None:
    # PROVENANCE: Canada 2002 72, 2003 63, 2005 59, 2007 55, 2009 68, 2013 64, 2015 68,
    # 2016 65, 2017 43; Mexico 2002 64, 2007 56, 2009 69, 2015 66, 2017 30.
    df = data.table("pew_us_image").set_index(["iso3", "year"]).favourable_pct
    can = {2002: 72, 2003: 63, 2005: 59, 2007: 55, 2009: 68, 2013: 64, 2015: 68, 2016: 65,
           2017: 43}
    assert df["CAN"].to_dict() == {y: float(v) for y, v in can.items()}
    for year, value in {2002: 64, 2007: 56, 2009: 69, 2015: 66, 2017: 30}.items():
        assert df[("MEX", year)] == value
    assert ("CAN", 2004) not in df.index  # not surveyed: absent, never zero


def test_pew_confidence_and_trade_question() -> None:
    image = data.table("pew_us_image")
    assert image[(image.iso3 == "MEX") & (image.year == 2017)].confidence_president_pct.iloc[0] == 5
    trade = data.table("pew_trade_withdrawal").set_index("iso3")
    # TRUMPWORLD-issue-4.csv: Canada net -63 (15 approve, 78 disapprove), Mexico -66.
    assert trade.loc["CAN", "net_approval"] == -63 and trade.loc["MEX", "approve_pct"] == 14


# ---------------------------------------------------------------- WVS U.S. items


def test_wvs_items_spot_checks_and_unverified_directions() -> None:
    df = data.table("wvs_usa_items")
    val = df.set_index(["indicator", "year"]).value
    # PROVENANCE "Spot-check": trust 2017 0.372; very proud 0.788 (1982) -> 0.471 (2017);
    # NAFTA confidence 0.354 (1995), 0.428 (1999), 0.263 (2006), 0.273 (2011), 0.364 (2017).
    assert val[("trust_most_people_can_be_trusted", 2017)] == pytest.approx(0.372, abs=0.001)
    assert val[("national_pride_very_proud", 1982)] == pytest.approx(0.788, abs=0.001)
    assert val[("national_pride_very_proud", 2017)] == pytest.approx(0.471, abs=0.001)
    nafta = df[df.wvs_variable == "E069_24"].set_index("year").value.round(3).to_dict()
    assert nafta == {1995: 0.354, 1999: 0.428, 2006: 0.263, 2011: 0.273, 2017: 0.364}
    unverified = set(df[~df.direction_verified].wvs_variable)
    assert unverified == {"E035", "E036", "E037"}


def test_wvs_items_agree_with_trust_table() -> None:
    items = data.table("wvs_usa_items")
    ours = items[(items.wvs_variable == "A165") & (items.year == 2017)].value.iloc[0]
    trust = _trust()
    theirs = trust[(trust.iso3 == "USA") & (trust.survey == "WVS") & (trust.wave == 7)]
    assert ours == pytest.approx(theirs.trust_share.iloc[0], abs=1e-4)


# ---------------------------------------------------------------- Hofstede


def test_hofstede_spot_checks_and_subnational_rows() -> None:
    df = data.table("hofstede")
    dims = ["power_distance", "individualism", "masculinity", "uncertainty_avoidance",
            "long_term_orientation", "indulgence"]
    by = df[df.kind == "country"].set_index("iso3")[dims]
    # PROVENANCE "Spot-check": USA 40/91/62/46/26/68; CAN 39/80/52/48/36/68; MEX 81/30/69/82/24/97.
    assert list(by.loc["USA"]) == [40, 91, 62, 46, 26, 68]
    assert list(by.loc["CAN"]) == [39, 80, 52, 48, 36, 68]
    assert list(by.loc["MEX"]) == [81, 30, 69, 82, 24, 97]
    quebec = df[df.name == "Canada French"].iloc[0]
    assert quebec.kind == "subnational" and pd.isna(quebec.iso3)
    assert by.index.is_unique


@pytest.mark.parametrize(
    ("line", "row", "field"),
    [("ATL;Atlantis;1;2;3;4;5;6", 3, "country"), ("CAN;Canada;39;eighty;52;48;36;68", 3, "idv")],
    ids=["unknown-country", "not-a-number"],
)
def test_hofstede_malformed_rows(tmp_path: Path, line: str, row: int, field: str) -> None:
    f = tmp_path / "h.csv"
    f.write_text("ctr;country;pdi;idv;mas;uai;ltowvs;ivr\nMEX;Mexico;81;30;69;82;#NULL!;97\n"
                 f"{line}\n")
    with pytest.raises(ValidationError) as exc:
        hofstede.parse_file(f, "t")
    assert (exc.value.location.row, exc.value.location.field) == (row, field)
