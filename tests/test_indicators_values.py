"""Values indicators: waves matched, never interpolated; figures traced to the raw files."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from trilateral.indicators import compute
from trilateral.indicators.inputs import Tables
from trilateral.indicators.values import (
    cultural_distance,
    latin_america,
    reference_distance,
    trust_gap,
    values_dispersion,
)


def test_usa_canada_distance_wave_5_matches_the_raw_scores() -> None:
    # Open Numbers IVS files (../shared/data/raw/values/ivs-culturalmap-opennumbers):
    # USA 2006 tradagg -0.485464, survsagg -1.138351; CAN 2006 tradagg -0.552324, survsagg
    # -1.800412. Distance = hypot(0.066860, 0.662061) = 0.665428 (the survsagg sign flip the
    # README warns about does not change a distance: both points flip together).
    df = compute(["cultural_distance"])
    row = df.query("reporter == 'USA' and partner == 'CAN' and year == 2006").iloc[0]
    assert row["value"] == pytest.approx(math.hypot(0.066860, 0.662061), abs=1e-5)
    assert row["basis"] == "WVS wave 5 (USA 2006, CAN 2006)"


def test_trust_gap_usa_canada_wave_5() -> None:
    # df_trust.csv (trust-multisurvey-gehrig), WVS wave 5: USA 0.393451, CAN 0.427990
    df = compute(["trust_gap"])
    row = df.query("reporter == 'USA' and partner == 'CAN' and basis.str.contains('wave 5')")
    assert row["value"].iloc[0] == pytest.approx(100 * (0.427990 - 0.393451), abs=1e-4)


def _map(rows: list[tuple[str, int, int, float, float]]) -> Tables:
    df = pd.DataFrame(rows, columns=["iso3", "year", "wvs_wave", "trad_secular", "surv_selfexp"])
    return Tables.from_frames({"ivs_cultural_map": df})


def test_pairs_only_within_one_wave_and_no_interpolation() -> None:
    t = _map([("USA", 1990, 2, 0.0, 0.0), ("CAN", 1990, 2, 3.0, 4.0),
              ("USA", 1995, 3, 1.0, 1.0), ("MEX", 2000, 4, 0.0, 0.0),
              ("CAN", 2006, 5, 0.0, 0.0)])
    df = cultural_distance(t)
    assert list(df["year"]) == [1990] and df["value"].iloc[0] == pytest.approx(5.0)
    assert values_dispersion(t).empty  # never all three in one wave


def test_a_country_surveyed_twice_in_a_wave_counts_once_with_its_later_survey() -> None:
    t = _map([("USA", 2005, 5, 0.0, 0.0), ("USA", 2009, 5, 1.0, 0.0), ("CAN", 2006, 5, 1.0, 0.0),
              ("MEX", 2006, 5, 1.0, 3.0)])
    d = cultural_distance(t).set_index(["reporter", "partner"])["value"]
    assert d[("USA", "CAN")] == pytest.approx(0.0)
    sigma = values_dispersion(t)["value"].iloc[0]
    # centroid (1, 1); squared distances 1, 1, 4 -> RMS sqrt(2)
    assert sigma == pytest.approx(math.sqrt(2))


def test_reference_groups_need_three_members() -> None:
    assert {"BRA", "ARG", "CHL"} <= set(latin_america())
    assert not {"USA", "CAN"} & set(latin_america())
    rows = [("MEX", 2006, 5, 0.0, 0.0), ("BRA", 2006, 5, 1.0, 0.0), ("ARG", 2006, 5, 2.0, 0.0),
            ("CHL", 2007, 5, 3.0, 0.0), ("SWE", 2006, 5, 5.0, 5.0)]
    df = reference_distance(_map(rows))
    assert set(df["partner"]) == {"latin_america"}  # one Protestant European country only
    assert df["value"].iloc[0] == pytest.approx(2.0)  # median of 1, 2, 3
    assert df["year"].iloc[0] == 2007  # the latest survey the value uses


def test_trust_gap_ignores_non_comparable_rows() -> None:
    df = pd.DataFrame({"iso3": ["USA", "CAN", "MEX"], "year": [2005] * 3,
                       "year_end": [2009] * 3, "survey": ["WVS", "WVS", "GPS"], "wave": [5] * 3,
                       "trust_share": [0.4, 0.5, None], "comparable": [True, True, False]})
    out = trust_gap(Tables.from_frames({"trust": df}))
    assert len(out) == 1 and out["value"].iloc[0] == pytest.approx(10.0)
    assert out["available"].iloc[0] == "2011-01-01"  # wave closes 2009, +2 years


def test_survey_values_wait_for_their_publication_lag() -> None:
    df = compute(["cultural_distance"], as_of="2006-03-31")
    assert df["year"].max() <= 2004  # 2005-06 surveys (wave 5) were not out yet
