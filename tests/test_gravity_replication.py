"""The Advanced Guide's "Regional trade agreements effects" table, reproduced through trilateral.

Reference values: the R translation of the guide, package tradepolicy (pachadotdev/tradepolicy),
rendered output ``_freeze/01-traditional-gravity/execute-results/html.json`` at commit
2ff22faa3adade05a3e1e8d1103752d2ebd72dc3, section "Regional trade agreements effects"
(capybara ``felm``/``fepoisson``, errors clustered by pair_id, printed to 4 decimals; its summary
table, printed to 3 decimals, is the layout of the guide's table for chapter 1, application 3).
The method follows the guide's do-file Chapter1/Applications/3_RTAsEffects/RTAsEffects.do.

Tolerance: 1.5e-4 on coefficients and errors. The reference is rounded to 4 decimals (+-5e-5);
capybara and pyfixest stop their iterations at different points (pyfixest: deviance change
< 1e-8), which moves the 4th decimal by at most one unit. Clustered errors use G/(G-1) only
(``small_sample="cluster"``), the factor of the reference and of Stata's ML estimators.
"""

from __future__ import annotations

import pytest

from trilateral.gravity import fit
from trilateral.gravity.replication import AGTPA_RTA, agtpa_panel, chapter2_baseline, replicate

TOL = 1.5e-4
# (coef, se) per term, from the R translation's printed output (see module docstring)
REFERENCE = {
    "ols": {"ln_dist": (-1.2159, 0.0384), "cntg": (0.2230, 0.1996), "lang": (0.6607, 0.0808),
            "clny": (0.6705, 0.1470), "rta": (-0.0044, 0.0531)},
    "ppml": {"ln_dist": (-0.8216, 0.0310), "cntg": (0.4155, 0.0828), "lang": (0.2499, 0.0767),
             "clny": (-0.2054, 0.1143), "rta": (0.1907, 0.0658)},
    "intra": {"ln_dist": (-0.8003, 0.0303), "cntg": (0.3932, 0.0789), "lang": (0.2437, 0.0771),
              "clny": (-0.1822, 0.1134), "rta": (0.4085, 0.0688)},
    "pair_fe": {"rta": (0.5572, 0.1022)},
    "lead": {"rta": (0.5200, 0.0859), "rta_lead4": (0.0774, 0.0921)},
    "phasing": {"rta": (0.2914, 0.0892), "rta_lag4": (0.4135, 0.0672),
                "rta_lag8": (0.1687, 0.0431), "rta_lag12": (0.1189, 0.0301)},
    "globalization": {"rta": (0.1157, 0.0867), "rta_lag4": (0.2877, 0.0617),
                      "rta_lag8": (0.0693, 0.0482), "rta_lag12": (0.0024, 0.0291),
                      "intl_border_1986": (-0.7056, 0.0478),
                      "intl_border_1990": (-0.4803, 0.0429),
                      "intl_border_1994": (-0.3665, 0.0335),
                      "intl_border_1998": (-0.1581, 0.0233),
                      "intl_border_2002": (-0.1409, 0.0169)},
}
# "Number of observations: Full ..." in the same output
NOBS = {"ols": 25_689, "ppml": 28_152, "intra": 28_566, "pair_fe": 28_482, "lead": 28_482,
        "phasing": 28_482, "globalization": 28_482}
# delta-method sums printed by the R translation (sum_coef_rta, std_err)
TOTALS = {"phasing": (0.9926, 0.0943), "globalization": (0.4750, 0.1095)}
SPECS = {s.key: s for s in AGTPA_RTA}


@pytest.fixture(scope="module")
def rep():
    """The seven specifications, fitted once for this module (about 15 s)."""
    return replicate("agtpa-rta")


def assert_matches(res, key: str) -> None:
    coef, se = res.coef(), res.se()
    assert list(coef.index) == list(REFERENCE[key]), key
    for term, (b, s) in REFERENCE[key].items():
        assert coef[term] == pytest.approx(b, abs=TOL), (key, term)
        assert se[term] == pytest.approx(s, abs=TOL), (key, term)
    assert res.nobs == NOBS[key]
    if key in TOTALS:
        total = res.totals()["rta_total"]
        assert (total.coef, total.se) == pytest.approx(TOTALS[key], abs=TOL)


@pytest.mark.parametrize("key", list(REFERENCE))
def test_specification_matches_the_published_table(rep, key: str) -> None:
    assert_matches(rep[key], key)


def test_json_maps_keys_to_terms_and_totals(rep) -> None:
    out = rep.to_dict()["specifications"]
    assert list(out) == list(REFERENCE)
    assert set(out["ols"]["terms"]) == {"ln_dist", "cntg", "lang", "clny", "rta"}
    assert set(out["ols"]["terms"]["rta"]) == {"coef", "se"}
    assert set(out["phasing"]["totals"]) == set(out["globalization"]["totals"]) == {"rta_total"}
    assert out["globalization"]["totals"]["rta_total"]["coef"] == pytest.approx(0.4750, abs=TOL)
    assert not out["pair_fe"]["totals"]


def test_pair_fe_sample_drops_pairs_without_trade(rep) -> None:
    """The R translation keeps pairs with positive total trade: 28,566 - 28,482 = 84 obs."""
    res = rep["pair_fe"]
    table = res.dropped_table()
    assert table["n_obs"].sum() == 84 and (table["stage"] == "sample").all()
    assert res.nobs + table["n_obs"].sum() == res.n_panel
    assert res.separation() == {"check": "fe", "n_separated": 0, "separated": False}


def test_full_small_sample_factor_widens_errors(rep) -> None:
    """Stata's regress factor (N-1)/(N-K) with every dummy counted gives larger OLS errors."""
    a = rep["ols"].se()["ln_dist"]
    b = fit(agtpa_panel().frame, SPECS["ols"], small_sample="full").se()["ln_dist"]
    n, k = 25_689, 414 + 414 + 5 - 1  # obs; exporter-year + importer-year dummies + slopes
    assert b / a == pytest.approx(((n - 1) / (n - k)) ** 0.5, rel=2e-3)


def test_chapter2_baseline_returns_the_pyfixest_fit() -> None:
    """One intranational pair effect (chapter-2 do-file) gives the same RTA estimate as the
    chapter-1 pair-FE column: the per-country intranational effects are collinear with the
    exporter-year and importer-year effects once pairs are symmetric."""
    model = chapter2_baseline()
    assert model.coef()["rta"] == pytest.approx(REFERENCE["pair_fe"]["rta"][0], abs=TOL)
    assert hasattr(model, "fixef")
    assert int(model._N) == NOBS["pair_fe"]
