"""Institutional indicators: agreements in force, depth, IGOs, alliances, KOF, manifestos."""

from __future__ import annotations

import pandas as pd
import pytest

from trilateral.indicators import compute
from trilateral.indicators.inputs import Tables
from trilateral.indicators.institutions import (
    agreements_in_force,
    kof_globalisation,
    party_positions,
)


def test_shared_igos_match_the_cow_spot_checks() -> None:
    # COW IGO v3 PROVENANCE.md spot check: IGOs with all three as full members, 1990 42, 2014 53
    df = compute(["shared_igos"]).query("reporter == 'USA+CAN+MEX'").set_index("year")["value"]
    assert df[1990] == 42 and df[2014] == 53


def test_nafta_depth_is_seven() -> None:
    # DESTA v2.03 PROVENANCE.md: NAFTA (number 636) depth_index 7
    df = compute(["agreements_in_force"]).query("indicator == 'agreement_depth' and year == 2000")
    assert set(df["value"]) == {7.0}
    assert df["basis"].str.contains("NAFTA").all()


def test_rta_counts_respect_inactive_dates() -> None:
    rta = pd.DataFrame({"parties": ["CAN;USA", "CAN;MEX;USA", "CAN;MEX;USA"],
                        "in_force_goods": ["1989-01-01", "1994-01-01", "2020-07-01"],
                        "inactive": ["1994-01-01", "2020-07-01", None]})
    df = agreements_in_force(Tables.from_frames({"wto_rta": rta}))
    us_ca = df.query("reporter == 'USA' and partner == 'CAN'").set_index("year")["value"]
    assert us_ca[1990] == 1 and us_ca[1994] == 1 and us_ca[2020] == 1
    assert df.query("reporter == 'CAN' and partner == 'MEX' and year == 1990").empty


def test_depth_is_unknown_once_an_uncoded_agreement_enters_into_force() -> None:
    desta = pd.DataFrame({"number": ["636", "1007"], "name": ["NAFTA", "USMCA"],
                          "entry_type": ["base_treaty"] * 2, "year_in_force": [1994, 2020],
                          "usa": [True] * 2, "can": [True] * 2, "mex": [True] * 2,
                          "depth_index": [7.0, None]})
    df = agreements_in_force(Tables.from_frames({"desta_treaties": desta}))
    years = df.query("reporter == 'USA' and partner == 'MEX'")["year"]
    assert years.min() == 1994 and years.max() == 2019


def test_kof_keeps_one_release_only() -> None:
    kof = pd.DataFrame({"iso3": ["USA", "USA"], "year": [2019, 2019], "release": ["2023", "2025"],
                        "overall_de_facto": [82.09, 79.23]})
    df = kof_globalisation(Tables.from_frames({"kof_globalisation": kof}))
    assert list(df["value"]) == [79.23]  # never mix vintages


def test_manifesto_absence_is_a_gap_and_presence_is_weighted() -> None:
    t = Tables.from_frames({})
    assert party_positions(t).empty and "manifesto_parties" in t.missing
    parties = pd.DataFrame({"iso3": ["USA", "USA"], "election_date": ["2016-11-08"] * 2,
                            "pervote": [48.0, 46.0], "per406": [1.0, 0.0], "per407": [0.0, 0.0],
                            "per107": [0.0, 2.0], "per109": [1.0, 0.0]})
    df = party_positions(Tables.from_frames({"manifesto_parties": parties})).set_index(
        "indicator")
    assert df.loc["party_protectionism", "value"] == pytest.approx(48 / 94)
    assert df.loc["party_internationalism", "value"] == pytest.approx((-48 + 2 * 46) / 94)
    assert df.loc["party_protectionism", "available"] == "2016-11-08"
