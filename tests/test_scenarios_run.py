"""Today's scenarios on the warehouse panels: effects, intervals, assumptions, cache, outputs."""

from __future__ import annotations

import time

import numpy as np
import pytest

from trilateral.errors import InputError, NotFoundError
from trilateral.scenarios import evidence, report, run

DRAWS = 40  # enough to test the intervals' plumbing; the default (200) is for users


@pytest.fixture(scope="module")
def usmca():
    return run("usmca-end", draws=DRAWS, seed=11)


@pytest.fixture(scope="module")
def deepening():
    return run("deepening", draws=DRAWS, seed=11)


def test_usmca_end_hurts_all_three_and_the_spokes_most(usmca) -> None:
    assert (usmca.panel, usmca.table, usmca.year) == ("agtpa", "agtpa_ge_panel", 2006)
    rgdp = {c: usmca.effect(c, "rgdp") for c in ("CAN", "MEX", "USA")}
    for e in rgdp.values():
        assert e["lower"] <= e["estimate"] <= e["upper"] < 0
    assert rgdp["CAN"]["estimate"] < 3 * rgdp["USA"]["estimate"]
    assert rgdp["MEX"]["estimate"] < 3 * rgdp["USA"]["estimate"]
    ratios = usmca.asymmetry["ratios"]
    assert ratios["CAN"]["lower"] <= ratios["CAN"]["estimate"] <= ratios["CAN"]["upper"]


def test_usmca_end_documents_itself(usmca) -> None:
    coef = {c["term"]: c for c in usmca.coefficients}
    assert coef["nafta"]["estimate"] > 0 and coef["nafta"]["std_error"] > 0
    assert len(usmca.bilateral) == 6 and (usmca.bilateral["trade"] < 0).all()
    assert all(s["cost_term_change_pct"] < 0 for s in usmca.shocks)
    assert any("USMCA" in a for a in usmca.assumptions)
    assert usmca.uncertainty["draws"] + usmca.uncertainty["failed_draws"] == DRAWS
    assert set(usmca.guide_distance) == {"exports_cdl", "exports", "price", "imr", "rgdp"}
    assert usmca.diagnostics["sales_vs_output"] < 1e-9
    assert usmca.provenance["tables"]["agtpa_ge_panel"]
    assert len(usmca.countries) == 69 and len(usmca.tidy()) == 69 * 5


def test_deepening_helps_and_runs_on_wiod(deepening) -> None:
    assert (deepening.table, deepening.year) == ("wiod_trade", 2014)
    assert {c["term"] for c in deepening.coefficients} == {"eu_enlargement", "other_fta"}
    for c in ("CAN", "MEX", "USA"):
        assert deepening.effect(c, "rgdp")["lower"] > 0


def test_tariffs_state_rates_sources_and_conversion() -> None:
    res = run("tariffs-2025", draws=DRAWS)
    rates = {(s["tariff"]["importer"], s["tariff"]["exporter"]): s["tariff"] for s in res.shocks}
    assert rates[("USA", "CAN")]["rate"] == 0.35 and rates[("USA", "MEX")]["rate"] == 0.25
    assert rates[("USA", "CAN")]["cost_term_factor"] == pytest.approx(1.35 ** -7)
    assert all(t["ledger_id"] and t["ledger_check"] for t in rates.values())
    assert res.uncertainty["method"] is None
    assert res.countries["rgdp_lower"].isna().all()
    assert res.effect("CAN", "exports")["estimate"] < 0


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


def test_stakes_and_report_section(usmca, deepening) -> None:
    st = evidence.stakes()
    assert set(st["effects"]) == {"CAN", "MEX", "USA"}
    assert all(e["lower"] < e["estimate"] < e["upper"] for e in st["effects"].values())
    assert "reversal path" in st["text"] and "Canada" in st["text"]
    # the headline is the manufacturing economy; the whole-economy variant runs on WIOD
    assert st["table"] == "agtpa_ge_panel" and st["whole_economy"]["table"] == "wiod_trade"
    wide = st["whole_economy"]["effects"]
    assert all(wide[c]["upper"] < 0 for c in ("CAN", "MEX", "USA"))
    assert abs(wide["CAN"]["estimate"]) < abs(st["effects"]["CAN"]["estimate"])
    sec = report.section()
    assert sec is not None and sec["title"]
    for table in sec["tables"]:
        assert all(len(row) == len(table["columns"]) for row in table["rows"])
    kinds = {c["kind"] for c in sec["charts"]}
    assert kinds <= {"bar", "point"}
    for chart in sec["charts"]:
        assert all(chart["x"] in d and chart["y"] in d for d in chart["data"])
    replication = [t for t in sec["tables"] if "Replication" in t["title"]][0]
    assert len(replication["rows"]) == 69
