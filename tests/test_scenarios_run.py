"""Today's scenarios on the warehouse panels: effects, intervals over coefficients and sigma,
bounds, assumptions, cache, outputs. The tariff measures are a small synthetic fixture."""

from __future__ import annotations

import time

import numpy as np
import pytest

import scenario_support
from trilateral.errors import InputError, NotFoundError
from trilateral.scenarios import evidence, ge, questions, report, run

DRAWS = 40  # enough to test the intervals' plumbing; the default (200) is for users
_fixture_measures = scenario_support.fixture_measures


@pytest.fixture(scope="module")
def usmca():
    return run("usmca-end", draws=DRAWS, seed=11)


@pytest.fixture(scope="module")
def deepening():
    return run("deepening", draws=DRAWS, seed=11)


def test_usmca_end_runs_on_the_recent_baseline_with_its_own_coefficient(usmca) -> None:
    assert (usmca.panel, usmca.table, usmca.baseline_year) == ("wiod", "wiod_trade", 2014)
    used = [c for c in usmca.coefficients if c["used_in_shock"]]
    assert [c["term"] for c in used] == ["other_fta"]
    assert {c["term"] for c in usmca.coefficients} >= {"border_2000", "border_2010"}
    assert usmca.sigma_range["low"] == 5 and usmca.sigma_range["high"] == 10
    assert "sigma" in usmca.uncertainty["method"]
    assert usmca.states["end"]["agreement"] == "ended"


def test_intervals_include_sigma_and_cover_sigma_5_and_10(usmca) -> None:
    for c in ("CAN", "MEX", "USA"):
        e = usmca.effect(c, "rgdp")
        assert e["lower"] <= e["median"] <= e["upper"]
        for s in ("5", "10"):
            assert e["lower"] <= usmca.sensitivity["results"][s][c]["rgdp"] <= e["upper"]
    ratio = usmca.asymmetry["ratios"]["CAN"]
    assert ratio["lower"] <= ratio["median"] <= ratio["upper"]


def test_illustrative_run_is_labelled_and_border_netted() -> None:
    res = run("usmca-end", "agtpa", draws=DRAWS, seed=11)
    assert res.label == "NAFTA 1994-2006 in GE (illustrative)" and res.baseline_year == 2006
    nafta = next(c for c in res.coefficients if c["term"] == "nafta")
    assert 0 < nafta["estimate"] < 0.8595  # border terms absorb globalisation
    assert res.effect("CAN", "rgdp")["estimate"] < res.effect("USA", "rgdp")["estimate"] < 0


def test_deepening_helps_and_runs_on_wiod(deepening) -> None:
    assert (deepening.table, deepening.year) == ("wiod_trade", 2014)
    for c in ("CAN", "MEX", "USA"):
        assert deepening.effect(c, "rgdp")["estimate"] > 0


def test_tariffs_run_at_both_exemption_bounds() -> None:
    res = run("tariffs-2025", draws=DRAWS, seed=3)
    assert set(res.bounds) == {"high", "low"}
    high = {r["country"]: r for r in res.bounds["high"]["countries"]}
    low = {r["country"]: r for r in res.bounds["low"]["countries"]}
    assert high["CAN"]["rgdp"] < low["CAN"]["rgdp"] < 0
    assert res.uncertainty["method"] == "Monte Carlo over sigma"
    shock = next(s for s in res.shocks if (s["exporter"], s["importer"]) == ("CAN", "USA"))
    assert shock["rate_high"]["end"] > shock["rate_low"]["end"] > 0
    assert any("both bounds" in n for n in res.notes)
    later = run("tariffs-2025", draws=0, date="2026-03-01")
    assert later.states["end"]["date"] == "2026-03-01"
    assert later.effect("CAN", "rgdp")["estimate"] > high["CAN"]["rgdp"]


def test_batched_draws_match_single_solves(usmca) -> None:
    rng = np.random.default_rng(0)
    flows = rng.uniform(1, 10, (5, 5)) + np.eye(5) * 40
    changes = np.exp(-rng.uniform(0, 0.5, (3, 5, 5)))
    sigmas = np.array([5.0, 7.0, 10.0])
    values, ok = ge.batch_effects(flows, changes, sigmas, 0, [(0, 1), (2, 3)])
    assert ok.all()
    for d in range(3):
        eff = ge.scenario_effects(flows, changes[d], sigmas[d], 0)
        np.testing.assert_allclose(values["rgdp"][d], eff.values["rgdp"], atol=1e-7)
        assert values["trade"][d, 0] == pytest.approx(eff.bilateral(flows, 0, 1)["trade"])


def test_cache_serves_the_same_result_and_keys_on_the_request(usmca) -> None:
    start = time.perf_counter()
    again = run("usmca-end", draws=DRAWS, seed=11)
    assert time.perf_counter() - start < 5
    assert again.provenance["cache_key"] == usmca.provenance["cache_key"]
    np.testing.assert_allclose(again.countries["rgdp"], usmca.countries["rgdp"])
    other = run("usmca-end", draws=10, seed=12)
    assert other.provenance["cache_key"] != usmca.provenance["cache_key"]
    assert other.countries["rgdp"].tolist() == pytest.approx(usmca.countries["rgdp"].tolist())


def test_bad_requests_name_the_problem() -> None:
    with pytest.raises(NotFoundError):
        run("no-such-scenario")
    with pytest.raises(InputError, match="panel"):
        run("deepening", "agtpa")
    with pytest.raises(InputError, match="sigma"):
        run("usmca-end", sigma=1.0)
    with pytest.raises(InputError, match="date"):
        run("deepening", date="2025-01-01")


def test_questions_stakes_and_report_section(usmca, deepening) -> None:
    q = questions.if_usmca_ended(draws=DRAWS, seed=11).to_dict()
    assert q["baseline_year"] == 2014 and len(q["rows"]) == 3
    can = next(r for r in q["rows"] if r["country"] == "CAN")
    assert can["rgdp"]["lower"] <= can["rgdp"]["point"] <= can["rgdp"]["upper"]
    assert any("sigma" in a for a in q["assumptions"])
    t = questions.tariffs_2025_26(draws=DRAWS, seed=3).to_dict()
    assert {r["bound"] for r in t["rows"]} == {"high", "low"}
    st = evidence.stakes()
    assert set(st["effects"]) == {"CAN", "MEX", "USA"} and st["baseline_year"] == 2014
    assert "reversal path" in st["text"] and "Canada" in st["text"]
    sec = report.section()
    assert sec is not None and sec["title"] and sec["questions"]
    for table in sec["tables"]:
        assert all(len(row) == len(table["columns"]) for row in table["rows"])
    for chart in sec["charts"]:
        assert all(chart["x"] in d and chart["y"] in d for d in chart["data"])
    replication = [t for t in sec["tables"] if "Replication" in t["title"]][0]
    assert len(replication["rows"]) == 69
