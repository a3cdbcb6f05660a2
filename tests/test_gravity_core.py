"""Gravity building blocks on small synthetic panels: options, sums, drops, lags, identification."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from trilateral.errors import EstimationError, InputError
from trilateral.gravity import Spec, fit, prepare
from trilateral.gravity.options import Cluster, check, choices
from trilateral.gravity.panel import add_border_terms, lagged, symmetric_pair

COUNTRIES = ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF"]


def synthetic(seed: int = 1, years=(2000, 2004, 2008)) -> pd.DataFrame:
    """All directed pairs incl. intranational, Poisson flows with a known agreement effect."""
    rng = np.random.default_rng(seed)
    rows = []
    for y in years:
        for e in COUNTRIES:
            for i in COUNTRIES:
                rta = int(e != i and {e, i} <= {"AAA", "BBB", "CCC"} and y >= 2004)
                mu = np.exp(6 + (2.0 if e == i else 0) + 0.5 * rta + rng.normal(0, 0.02))
                rows.append({"exporter": e, "importer": i, "year": y, "rta": rta,
                             "value_usd_m": float(rng.poisson(mu))})
    return pd.DataFrame(rows)


PAIR = "exporter_year+importer_year+pair"


def test_check_names_the_option_and_its_choices() -> None:
    assert check("pair", Cluster, "cluster") == "pair"
    with pytest.raises(InputError, match="cluster must be one of pair, exporter") as err:
        check("year", Cluster, "cluster")
    assert err.value.location.field == "cluster"
    assert "hetero" in choices(Cluster)


def test_spec_rejects_bad_options_and_unknown_total_terms() -> None:
    with pytest.raises(InputError):
        Spec("x", "gls", ("rta",), PAIR)  # type: ignore[arg-type]
    with pytest.raises(InputError):
        Spec("x", "ppml", ("rta",), "exporter+importer")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="not in the model"):
        Spec("x", "ppml", ("rta",), PAIR, totals=(("t", ("rta", "rta_lag4")),))


def test_fit_recovers_the_effect_and_sums_terms_by_delta_method() -> None:
    panel = prepare(synthetic())
    panel["half"] = panel["rta"] * (panel["exporter"] == "AAA")
    spec = Spec("t", "ppml", ("rta", "half"), PAIR, totals=(("both", ("rta", "half")),))
    res = fit(panel, spec)
    coef, v = res.coef(), res.vcov().to_numpy()
    total = res.totals()["both"]
    assert total.coef == pytest.approx(coef.sum())
    assert total.se == pytest.approx(np.sqrt(v.sum()))  # w'Vw with w = (1, 1)
    lo, hi = total.interval
    assert lo < total.coef < hi
    single = fit(panel, Spec("r", "ppml", ("rta",), PAIR)).coef()["rta"]
    assert single == pytest.approx(0.5, abs=0.1)  # simulated effect 0.5 (seed 1 gives 0.54)
    assert list(res.tidy().columns) == ["term", "coef", "se", "statistic", "p_value", "lower",
                                        "upper"]
    assert "half" in res.summary() and "sum both" in res.summary()


def test_dropped_observations_are_counted_with_reasons() -> None:
    df = synthetic()
    zero = (df["exporter"] == "DDD") & (df["importer"] == "EEE") | (
        (df["exporter"] == "EEE") & (df["importer"] == "DDD"))
    df.loc[zero, "value_usd_m"] = 0.0
    panel = prepare(df)
    spec = Spec("t", "ppml", ("rta",), PAIR, ("international", "positive_pair"))
    res = fit(panel, spec)
    reasons = {d.reason.split(" ")[0]: d.n_obs for d in res.dropped}
    assert reasons["intranational"] == 6 * 3
    assert reasons["pair"] == 2 * 3  # DDD-EEE both directions, three years
    assert res.nobs + sum(d.n_obs for d in res.dropped) == len(panel)
    # without the filter, pyfixest's separation check removes the same pair
    res2 = fit(panel, Spec("u", "ppml", ("rta",), PAIR, ("international",)))
    assert res2.separation()["n_separated"] == 6
    assert res2.nobs == res.nobs


def test_term_constant_within_pairs_is_reported_not_identified() -> None:
    panel = prepare(synthetic())
    panel["always"] = ((panel["exporter"] == "AAA") & panel["intl"]).astype(int)
    res = fit(panel, Spec("t", "ppml", ("rta", "always"), PAIR))
    assert res.dropped_terms == ["always"]
    assert "always" not in res.coef().index
    assert res.to_dict()["not_identified"] == ["always"]


def test_missing_column_and_empty_sample_raise() -> None:
    panel = prepare(synthetic())
    with pytest.raises(InputError, match="nafta"):
        fit(panel, Spec("t", "ppml", ("nafta",), PAIR))
    with pytest.raises(EstimationError):
        fit(panel[panel["year"] < 0], Spec("t", "ppml", ("rta",), PAIR))
    with pytest.raises(InputError, match="value_usd_m"):
        prepare(pd.DataFrame({"exporter": ["A"], "importer": ["B"], "year": [2000]}))


def test_pairs_are_symmetric_and_borders_omit_the_last_year() -> None:
    df = synthetic()
    pair = symmetric_pair(df)
    ab = pair[(df.exporter == "AAA") & (df.importer == "BBB")].unique()
    ba = pair[(df.exporter == "BBB") & (df.importer == "AAA")].unique()
    assert len(ab) == 1 and list(ab) == list(ba)
    panel = prepare(df)
    names = add_border_terms(panel)
    assert names == ["intl_border_2000", "intl_border_2004"]
    assert panel.loc[~panel["intl"], names].to_numpy().sum() == 0


def test_lag_carries_status_over_a_missing_row() -> None:
    df = pd.DataFrame({"exporter": ["A"] * 4, "importer": ["B"] * 4,
                       "year": [1988, 1996, 2000, 2004], "rta": [0, 1, 1, 1]})
    lag4 = lagged(df, "rta", 4)
    assert lag4.tolist() == [0.0, 0.0, 1.0, 1.0]  # 1996 looks back to 1992: missing, so 1988
    df["rta_lag4"] = [9, 9, 9, 9]
    assert lagged(df, "rta", 4).tolist() == [9.0] * 4  # a panel's own lag column wins
