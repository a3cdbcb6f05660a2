"""Randomisation inference for the NAFTA terms: the cheap placebo refits equal pyfixest's own,
the p value and interval follow from the placebo draws, and the CLI reports them per panel."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pyfixest as pf
import pytest

from trilateral.gravity import inference, nafta


def _toy() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    n = 3000
    df = pd.DataFrame({"a": rng.integers(0, 30, n), "b": rng.integers(0, 30, n),
                       "c": rng.integers(0, 100, n), "x": rng.normal(size=n)})
    df["d"] = ((df["c"] < 5) & (df["a"] > 10)).astype(float)
    df["d2"] = ((df["c"] < 5) & (df["b"] > 15)).astype(float)
    df["y"] = rng.poisson(np.exp(0.5 * df["x"] + 0.6 * df["d"] - 0.3 * df["d2"]))
    return df


def test_placebo_fit_equals_a_full_pyfixest_refit(monkeypatch) -> None:
    monkeypatch.setattr(inference, "TOL", 1e-9)
    monkeypatch.setattr(inference, "DEMEAN_TOL", 1e-10)
    df = _toy()
    base = pf.fepois("y ~ x | a + b + c", data=df)
    design = inference.Design.from_model(base, ["x"])
    coef, ok = inference.placebo_fit(design, [design.data[["d", "d2"]].to_numpy(float),
                                              design.data[["d2"]].to_numpy(float)])
    assert ok
    both = pf.fepois("y ~ x + d + d2 | a + b + c", data=df).coef()
    one = pf.fepois("y ~ x + d2 | a + b + c", data=df).coef()
    assert coef[:, 0] == pytest.approx(both[["d", "d2"]].to_numpy(), abs=1e-6)
    assert coef[0, 1] == pytest.approx(one["d2"], abs=1e-6)


def _inference(estimate: float, placebos: list[float]) -> inference.Inference:
    return inference.Inference("toy", "nafta_total", estimate, 0.1, placebos,
                               [("A", "B", "C")] * len(placebos), len(placebos), 1, ["A"])


def test_p_values_and_interval_from_the_placebos() -> None:
    placebos = [float(v) for v in np.linspace(-1, 1, 21)]  # 0.1 steps
    ri = _inference(0.45, placebos)
    # 6 placebos >= 0.45 (0.5 ... 1.0): one-sided (1 + 6) / 22; |placebo| >= 0.45: 12;
    # equal-tailed: twice the smaller tail, 2 x 7 / 22
    assert ri.p_one_sided == pytest.approx(7 / 22)
    assert ri.p_abs == pytest.approx(13 / 22)
    assert ri.p == pytest.approx(14 / 22)
    lo, hi = ri.interval(0.90)
    q05, q95 = np.quantile(placebos, [0.05, 0.95])
    assert (lo, hi) == pytest.approx((0.45 - q95, 0.45 - q05))
    d = ri.to_dict()
    assert {"estimate", "se_clustered", "p", "interval", "draws", "seed"} <= set(d)
    assert d["draws"] == 21 and d["seed"] == 1


def test_triads_are_seeded_and_without_replacement() -> None:
    pool = [f"C{i}" for i in range(20)]
    a = inference.sample_triads(pool, 50, 7)
    assert a == inference.sample_triads(pool, 50, 7) and len(set(a)) == 50
    assert a != inference.sample_triads(pool, 50, 8)
    assert len(inference.sample_triads(pool[:5], 100, 7)) == math.comb(5, 3)


@pytest.fixture(scope="module")
def wiod_ri() -> inference.Inference:
    return inference.randomisation(nafta.estimate("wiod"), draws=20, seed=3)


def test_wiod_placebos_copy_the_north_american_terms(wiod_ri) -> None:
    assert wiod_ri.statistic == "nafta_x_2014" and wiod_ri.draws == 20
    assert "ROW" not in wiod_ri.pool and not set(wiod_ri.pool) & {"USA", "CAN", "MEX"}
    assert wiod_ri.not_converged == 0
    # the statistic is the pyfixest estimate the nafta module reports
    assert wiod_ri.estimate == pytest.approx(-0.130, abs=0.01)
    assert all(math.isfinite(v) for v in wiod_ri.placebos)
    assert 0 < wiod_ri.p <= 1


def test_cli_reports_randomisation_per_panel(fresh_home, capsys) -> None:
    from cli_helpers import run_json

    code, data, err = run_json(["gravity", "nafta", "--panel", "wiod", "--draws", "20",
                                "--seed", "3"], capsys)
    assert code == 0, err
    ri = data["panels"]["wiod"]["randomisation"]
    assert ri["draws"] == 20 and ri["seed"] == 3
    assert {"p", "interval", "se_clustered"} <= set(ri)
    assert data["panels"]["wiod"]["estimand"]
    assert "placebo triads" in data["closing_note"]
    files = list((fresh_home / "cache" / "gravity").glob("ri-wiod-*-20-3.json"))
    assert len(files) == 1


def test_defaults_record_matches_the_constants() -> None:
    from trilateral.defaults import current

    got = current("gravity_inference").settings
    assert (got["draws"], got["seed"], got["pool"]) == (inference.DRAWS, inference.SEED,
                                                        inference.POOL)
    assert got["panel_draws"] == inference.PANEL_DRAWS


def test_stale_panels_skip_the_placebo_draws(monkeypatch) -> None:
    """A panel that ends more than the staleness limit before the as-of date gives a check that
    is not informative: its estimate is used without spending minutes on placebo refits."""
    import datetime as dt

    from trilateral.gravity import cache, evidence

    fake = {"panel": "agtpa", "year_range": [1986, 2006], "total": None}
    monkeypatch.setattr(cache, "nafta_dict", lambda name, refresh=False: dict(fake))

    def no_draws(*args, **kwargs):
        raise AssertionError("randomisation inference must not run for a stale panel")

    monkeypatch.setattr(evidence, "nafta_dict", no_draws)
    got = evidence._estimate_for("agtpa", dt.date(2026, 12, 4), refresh=False)
    assert got["randomisation"] is None and "not run" in got["randomisation_note"]
    called = []
    monkeypatch.setattr(evidence, "nafta_dict", lambda name, refresh=False: called.append(name)
                        or {**fake, "randomisation": {"p": 0.3}})
    assert evidence._estimate_for("agtpa", dt.date(2010, 6, 30), refresh=False)["randomisation"]
    assert called == ["agtpa"]
