"""Policy states built from a tariff-measures table (a small synthetic fixture, not data)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from trilateral.errors import InputError, NotFoundError
from trilateral.scenarios import policy
from trilateral.scenarios.definitions import WIOD_SETUP
from trilateral.scenarios.shocks import Move

FIXTURE = Path(__file__).parent / "fixtures" / "scenario_measures.csv"


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return pd.read_csv(FIXTURE)


def test_tariff_state_runs_unknown_exemptions_at_both_bounds(table) -> None:
    built = policy.build(policy.get_state("tariffs", "2025-08-15"), table)
    can = built.pairs[("USA", "CAN")]
    # IEEPA 35% on all goods, exempt share unknown -> 0 .. 0.35; autos 25% on 20% of trade,
    # 40-60% exempt -> 0.02 .. 0.03; steel has no known trade share -> not modelled
    assert can.high == pytest.approx(0.35 + 0.25 * 0.2 * 0.6)
    assert can.low == pytest.approx(0.25 * 0.2 * 0.4)
    assert built.bounds_needed
    assert {s["id"] for s in built.not_modelled} == {"fixture-232-steel",
                                                     "fixture-can-counter"}
    # Canada's counter-tariffs cover listed goods only: no known share, not modelled
    assert built.pairs[("CAN", "USA")].high == 0.0
    assert built.pairs[("MEX", "USA")].measures == []


def test_dates_select_the_measures_in_force(table) -> None:
    early = policy.build(policy.get_state("tariffs", "2025-03-10"), table)
    assert early.pairs[("USA", "CAN")].high == pytest.approx(0.25)
    after_ruling = policy.build(policy.get_state("tariffs", "2026-03-01"), table)
    assert after_ruling.pairs[("USA", "CAN")].high == pytest.approx(0.25 * 0.2 * 0.6)
    none_yet = policy.build(policy.get_state("usmca-2024"), table)
    assert all(p.high == 0 and p.low == 0 for p in none_yet.pairs.values())
    assert not none_yet.bounds_needed


def test_ending_the_agreement_keeps_section_232_without_exemptions(table) -> None:
    built = policy.build(policy.get_state("usmca-ended"), table)
    for exporter in ("CAN", "MEX"):
        pair = built.pairs[("USA", exporter)]
        assert pair.low == pair.high == pytest.approx(0.25 * 0.2)
        assert {m["authority"] for m in pair.measures} == {"Section 232"}
    assert not built.bounds_needed


def test_a_move_combines_agreement_and_rates(table) -> None:
    start = policy.build(policy.get_state("usmca-2024"), table)
    end = policy.build(policy.get_state("usmca-ended"), table)
    move = Move(WIOD_SETUP, start, end)
    assert move.weight_change() == {"other_fta": -1.0} and move.bounds == ("high",)
    terms = WIOD_SETUP.terms
    coef = [0.5, 0.2, 0.0, 0.0, 0.0]
    got = move.pair_log_change("CAN", "USA", terms, coef, 7.0, "high")
    assert got == pytest.approx(-0.2 - 7.0 * __import__("math").log1p(0.05))
    assert move.pair_log_change("USA", "CAN", terms, coef, 7.0, "high") == pytest.approx(-0.2)


def test_describe_lists_dates_and_sources(table) -> None:
    states = {s["name"]: s for s in policy.describe(table)}
    assert set(states) == {"usmca-2024", "tariffs", "usmca-ended", "deepening"}
    assert states["tariffs"]["date"] == "2025-08-15" and states["deepening"]["date"] is None
    assert "https://example.org/fixture/2" in states["tariffs"]["sources"]
    assert states["tariffs"]["exempt_share_bounds"] is True


def test_bad_tables_and_dates_name_the_problem(table) -> None:
    with pytest.raises(InputError, match="rate_pct"):
        policy.build(policy.get_state("tariffs"), table.drop(columns="rate_pct"))
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        policy.get_state("tariffs", "August 2025")
    with pytest.raises(NotFoundError):
        policy.get_state("nope")
    assert policy.get_state("tariffs", dt.date(2026, 1, 2)).name == "tariffs-2026-01-02"


def test_packaged_table_gives_the_2025_peak_and_the_232_measures_left_out() -> None:
    """On the packaged table (trilateral.evidence.measures): the IEEPA duties at their
    August 2025 rates with USMCA goods exempt (share unknown -> bounds), sectoral duties out."""
    peak = policy.build(policy.get_state("tariffs", "2025-08-15"))
    assert peak.pairs[("USA", "CAN")].high == pytest.approx(0.35)
    assert peak.pairs[("USA", "MEX")].high == pytest.approx(0.25)
    assert peak.pairs[("USA", "CAN")].low == 0.0 and peak.bounds_needed
    ended = policy.build(policy.get_state("usmca-ended"))
    assert all(p.high == 0.0 for p in ended.pairs.values())
    assert ended.not_modelled and all("Section 232" in s["authority"]
                                      for s in ended.not_modelled)
    before = policy.build(policy.get_state("usmca-2024"))
    assert all(p.high == 0.0 for p in before.pairs.values())
