"""The essay's claims then (2006-03-31) and now, and the checks issue 12 reshaped: gravity per
panel with its randomisation interval and the staleness rule, IEADB coverage, values against
random triads, autocorrelation-robust trends."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from trilateral.paths import claims as claims_mod
from trilateral.paths.assessment import freshness
from trilateral.paths.context import Context
from trilateral.paths.stats import trend


@pytest.fixture(scope="module")
def items() -> dict[str, claims_mod.Claim]:
    return {c.id: c for c in claims_mod.claims(dt.date(2026, 6, 30))}


def test_the_80_percent_claim_fails_for_imports_at_cancun(items) -> None:
    # Canada 56.5% and Mexico 54.2% of imports from the US in 2005 (issue 12 quotes the same
    # figures from trade_flows); exports 83.8% and 79.4%
    then = items["spokes_over_80"].then
    figs = {f.label: f for f in then.figures}
    assert figs["CAN imports share with USA"].value == pytest.approx(56.46, abs=0.01)
    assert figs["MEX imports share with USA"].value == pytest.approx(54.21, abs=0.01)
    assert figs["CAN exports share with USA"].holds is True
    assert figs["MEX exports share with USA"].holds is False  # 79.4%: just under the bar
    assert all(f.year == 2005 for f in then.figures)
    assert then.status == "partly" and then.as_of == "2006-03-31"


def test_us_under_half_holds_then_and_now(items) -> None:
    c = items["us_under_half"]
    assert c.then.status == "holds" and c.then.figures[0].value == pytest.approx(30.79, abs=0.01)
    assert c.now.status == "holds" and c.now.figures[0].year > 2005


def test_documentary_claims_then_and_now(items) -> None:
    spp, wg = items["spp"], items["nafta_working_groups"]
    assert spp.then.status == "holds" and spp.now.status == "ended"
    assert wg.then.status == "holds" and wg.now.status == "ended"
    assert all(f.date <= "2006-03-31" for f in spp.then.figures)
    assert any(f.url for f in spp.now.figures)


def test_section_and_cli(capsys) -> None:
    from cli_helpers import run_json

    sec = claims_mod.section(dt.date(2026, 6, 30))
    assert sec["title"] == "The essay's claims, then and now"
    table = sec["tables"][0]
    assert len(table["rows"]) == 4 and all(len(r) == len(table["columns"]) for r in table["rows"])
    code, data, err = run_json(["claims", "--as-of", "2026-06-30"], capsys)
    assert code == 0, err
    assert [c["id"] for c in data["claims"]] == list(c[0] for c in table["rows"])
    assert data["claims"][0]["then"]["figures"][0]["source"]
    from cli_helpers import run

    code, out, err = run(["claims", "--as-of", "2026-06-30", "--json"], capsys)
    import json

    assert code == 0 and {"tool", "version", "data"} <= set(json.loads(out))  # the envelope


# -- gravity checks ------------------------------------------------------------------------

def _gravity_ctx(day: str | None, panel: str = "agtpa") -> Context:
    item = {"panel": panel, "term": "nafta_total", "estimate": 0.445, "coef": 0.445,
            "se": 0.164, "lower": 0.123, "upper": 0.766, "level": 0.95,
            "years": [1986, 2006], "label": "NAFTA effect", "source": "agtpa_rta_panel",
            "randomisation": {"statistic": "nafta_total", "interval_90": [-0.25, 0.75],
                              "draws": 100, "seed": 20060331, "pool_size": 20, "p": 0.24,
                              "se_clustered": 0.164}}
    ctx = Context(dt.date.fromisoformat(day) if day else None)
    ctx._gravity, ctx._gravity_loaded = [item], True
    return ctx


def test_gravity_check_uses_the_randomisation_interval_and_goes_stale() -> None:
    from trilateral.paths.checks_trade import nafta_gravity_effect, nafta_gravity_relative

    ctx = _gravity_ctx("2010-06-30")
    m = nafta_gravity_effect(ctx)
    assert (m.estimate, m.lower, m.upper) == (0.445, -0.25, 0.75)
    assert "randomisation" in m.method and "100 placebo triads" in m.method
    assert freshness(m, ctx).informative  # 2006 data, as of 2010
    today = _gravity_ctx("2026-06-30")
    stale = freshness(nafta_gravity_effect(today), today)
    assert not stale.informative and "stale" in stale.note  # no exemption any more
    assert not nafta_gravity_relative(ctx).informative  # another panel's estimand


# -- IEADB ---------------------------------------------------------------------------------

def test_ieadb_windows_end_at_its_last_coded_year_and_placeholders_are_counted() -> None:
    from trilateral.indicators.inputs import TableInfo, Tables
    from trilateral.paths.checks_institutions import environmental_agreements_momentum

    ieadb = pd.DataFrame({"scope": ["bilateral"] * 6,
                          "year_in_force": [1996, 2000, 2004, 2010, 2014, None],
                          "lineage": ["A", "A", "B", "A", "A", "A"]})
    info = {"ieadb_agreements": TableInfo("ieadb_agreements", "test fixture",
                                          ("ieadb_agreements",), "test")}
    tables = Tables.from_frames({"ieadb_agreements": ieadb}, info)
    m = environmental_agreements_momentum(Context(dt.date(2026, 6, 30), tables))
    assert m.coverage_end == 2014  # not 2025: the IEADB codes nothing later
    assert "2005-2014" in m.method and "1995-2004" in m.method
    assert "1 bilateral agreements with no entry-into-force date" in m.note
    assert "B last coded 2004" in m.note
    assert not freshness(m, Context(dt.date(2026, 6, 30), tables)).informative


# -- values and trends ---------------------------------------------------------------------

def test_values_dispersion_is_read_against_random_triads() -> None:
    from trilateral.paths.checks_values import values_sigma_vs_placebo

    m = values_sigma_vs_placebo(Context(dt.date(2026, 6, 30)))
    assert m.informative and m.lower < m.estimate < m.upper
    assert "random triads" in m.method and "seed" in m.method
    assert "no survey sampling error is carried" in m.note


def test_trend_interval_widens_with_autocorrelated_residuals() -> None:
    x = list(range(2010, 2022))
    wave = [0.0, 0.5, 1.0, 1.2, 1.0, 0.5, 0.0, -0.5, -1.0, -1.2, -1.0, -0.5]  # lag-1 high
    y = [0.1 * (v - 2010) + w for v, w in zip(x, wave, strict=True)]
    from scipy import stats

    fit = stats.linregress(x, y)
    classical = stats.t.ppf(0.95, len(x) - 2) * fit.stderr
    got = trend(x, y)
    assert got.estimate == pytest.approx(fit.slope)
    assert (got.upper - got.lower) / 2 > classical  # HAC is wider here
    short = trend(x[:5], y[:5])  # too short for HAC: the classical interval
    fit5 = stats.linregress(x[:5], y[:5])
    assert (short.upper - short.lower) / 2 == pytest.approx(
        stats.t.ppf(0.95, 3) * fit5.stderr)
    assert np.isfinite(got.lower)
