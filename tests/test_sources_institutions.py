"""Institutions sources: DESTA, WTO RTAs, COW IGO, ATOP, IEADB.

Golden numbers come from the PROVENANCE.md of each folder under
shared/data/raw/institutions/ ("Spot-check" lines), as cited beside each assertion.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from trilateral import data
from trilateral.errors import ValidationError
from trilateral.sources import cow_igo, desta
from trilateral.sources._tabular import decode

# ---------------------------------------------------------------- DESTA


def _treaty(number: str) -> pd.Series:
    df = data.table("desta_treaties")
    row = df[df.number == number]
    assert len(row) == 1
    return row.iloc[0]


def test_desta_spot_checks() -> None:
    # PROVENANCE "Spot-check": NAFTA = 636, signed 1992, in force 1994, depth_index 7,
    # depth_rasch 1.80; CUSFTA 169 (1988/1989); Auto Pact APTA 170 (1965/1966).
    nafta = _treaty("636")
    assert (nafta.year, nafta.year_in_force, nafta.depth_index) == (1992, 1994, 7)
    assert nafta.depth_rasch == pytest.approx(1.80, abs=0.01)
    assert nafta.parties == "CAN;MEX;USA"
    assert (_treaty("169").year, _treaty("169").year_in_force) == (1988, 1989)
    assert (_treaty("170").year, _treaty("170").year_in_force) == (1965, 1966)


def test_desta_usmca_is_barely_coded() -> None:
    # PROVENANCE: USMCA (1007, 2018/2020) has no depth indices and few coded provisions.
    usmca, nafta = _treaty("1007"), _treaty("636")
    assert (usmca.year, usmca.year_in_force) == (2018, 2020)
    assert not usmca.has_depth and pd.isna(usmca.depth_index)
    assert usmca.provisions_coded * 5 < nafta.provisions_coded


def test_desta_only_north_american_rows() -> None:
    treaties = data.table("desta_treaties")
    assert (treaties.usa | treaties.can | treaties.mex).all()
    dyads = data.table("desta_dyads")
    assert (dyads.iso3_a.isin(["USA", "CAN", "MEX"]) | dyads.iso3_b.isin(["USA", "CAN", "MEX"])).all()
    pairs = dyads[dyads.within_na & (dyads.number == "636")][["iso3_a", "iso3_b"]]
    assert sorted(map(tuple, pairs.to_numpy())) == [("CAN", "MEX"), ("CAN", "USA"), ("MEX", "USA")]
    assert "withdrawal" in set(dyads.entry_type)


def test_desta_files_are_windows_1252_not_utf8(raw_dir: Path) -> None:
    path = raw_dir / desta.SPEC.raw_dir / desta.DYAD_FILE
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    names = set(desta.read_legacy(path, desta.DYAD_COLUMNS).country1)
    assert "Côte d’Ivoire" in names  # 0xF4 = ô and 0x92 = ’ in Windows-1252


def test_decode_prefers_utf8_then_windows_1252(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy.csv"
    legacy.write_bytes("name\nCôte d’Ivoire\n".encode("cp1252"))
    assert decode(legacy) == ("name\nCôte d’Ivoire\n", "cp1252")
    modern = tmp_path / "modern.csv"
    modern.write_text("name\nCôte d’Ivoire\n", encoding="utf-8")
    assert decode(modern)[1] == "utf-8"


# ---------------------------------------------------------------- WTO RTA


def test_wto_rta_spot_checks() -> None:
    # PROVENANCE "Spot-check": NAFTA RTA ID 122 signed 1992-12-17, in force 1994-01-01,
    # inactive; USMCA RTA ID 1087 signed 2018-11-30, in force 2020-07-01.
    df = data.table("wto_rta").set_index("rta_id")
    assert (df.loc[122, "signed_goods"], df.loc[122, "in_force_goods"]) == ("1992-12-17",
                                                                             "1994-01-01")
    assert df.loc[122, "status"] == "Inactive" and df.loc[122, "parties"] == "CAN;MEX;USA"
    assert (df.loc[1087, "signed_goods"], df.loc[1087, "in_force_goods"]) == ("2018-11-30",
                                                                              "2020-07-01")
    assert (df.usa | df.can | df.mex).all()


def test_wto_rta_world_counts() -> None:
    counts = data.table("wto_rta_counts").set_index("year")
    assert counts.in_force[2020] > 3 * counts.in_force[1990]
    assert (counts.in_force >= counts.in_force_with_usa_can_mex).all()
    assert not counts.complete[2026] and counts.complete[2025]
    # The North American column agrees with wto_rta (in 1994 NAFTA replaces CUSFTA: net 0).
    rtas = data.table("wto_rta")
    own = rtas[rtas.accession != "Yes"]
    for year in (1993, 1994, 2020):
        live = (own.year_in_force <= year) & ~(own.year_inactive <= year).fillna(False)
        assert counts.in_force_with_usa_can_mex[year] == int(live.sum())


# ---------------------------------------------------------------- COW IGO


def test_cow_igo_spot_checks() -> None:
    # PROVENANCE "Spot-check": joint full memberships 2014 US-CAN 72, US-MEX 60, CAN-MEX 61,
    # all three 53; 1990: 67/50/46/42.
    df = data.table("cow_igo_joint").set_index(["group", "year"]).joint_full
    expected = {2014: (72, 60, 61, 53), 1990: (67, 50, 46, 42)}
    for year, values in expected.items():
        got = tuple(df[(g, year)] for g in ("USA-CAN", "USA-MEX", "CAN-MEX", "USA-CAN-MEX"))
        assert got == values
    members = data.table("cow_igo_memberships")
    assert (members.full <= members.igos_alive).all() and members.year.min() == 1945


def test_cow_igo_refuses_a_disagreeing_derived_file(tmp_path: Path) -> None:
    joint = pd.DataFrame({"year": [2014], "group": ["USA-CAN"], "joint_full": [72],
                          "joint_full_or_associate": [72]})
    ref = tmp_path / "derived.csv"
    ref.write_text("year,dyad,joint_full_memberships,joint_full_or_associate\n"
                   "2014,usa-canada,71,72.0\n")
    with pytest.raises(ValidationError) as exc:
        cow_igo.check_against_derived(joint, ref)
    assert (exc.value.location.row, exc.value.location.field) == (2, "joint_full_memberships")


# ---------------------------------------------------------------- ATOP


def test_atop_spot_checks() -> None:
    # PROVENANCE "Spot-check": 2018 USA-CAN atopally=1, defense=1, alliances 3180, 3740, 3755;
    # USA-MEX atopally=1 (3150); no CAN-MEX alliance dyad. Alliance 2550 has all three.
    df = data.table("atop_dyads")
    y18 = df[(df.year == 2018) & df.within_na].set_index(["iso3_a", "iso3_b"])
    assert y18.loc[("USA", "CAN"), "atopally"] == 1 and y18.loc[("USA", "CAN"), "defense"] == 1
    assert y18.loc[("USA", "CAN"), "atopids"] == "3180;3740;3755"
    assert y18.loc[("USA", "MEX"), "atopids"] == "3150"
    assert ("CAN", "MEX") not in y18.index
    alliances = data.table("atop_alliances").set_index("atopid")
    assert alliances.loc[2550, "na_members"] == "CAN;MEX;USA"
    assert df.iso3_a.dropna().isin(["USA", "CAN", "MEX"]).all()


# ---------------------------------------------------------------- IEADB


def test_ieadb_spot_checks() -> None:
    # PROVENANCE: 706 agreements (334 with all three); NAAEC (IEA 3168, 1993-09-14),
    # NAFTA (3148), North American Plant Protection Convention (2852, 1976).
    df = data.table("ieadb_agreements").set_index("iea_id")
    assert len(df) == 706 and (df.n_na_parties == 3).sum() == 334
    assert df.loc[3168, "concluded"] == "1993-09-14"
    assert df.loc[2852, "year"] == 1976 and 3148 in df.index
    assert not df.concluded.eq("1111-11-11").any() and not df.terminated.eq("1111-11-11").any()
    assert set(df.scope) == {"bilateral", "multilateral"}
    members = data.table("ieadb_memberships")
    assert set(members.iso3) == {"USA", "CAN", "MEX"}
