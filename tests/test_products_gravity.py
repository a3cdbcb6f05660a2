"""Product-level gravity on a small seeded panel: the engine sums HS6 flows to sections and
pyfixest's fepois (exporter-year, importer-year, pair fixed effects) recovers a planted change
in intra-bloc trade in one section and none in another."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from cli_helpers import run_json
from products_helpers import baci_zip
from trilateral.products import baci
from trilateral.products import gravity as pg
from trilateral.products.engine import Engine

COUNTRIES = ("CAN", "MEX", "USA", "CHN", "DEU", "JPN", "BRA", "KOR", "FRA", "IND")
EFFECT = 0.4  # planted log change for bloc pairs from 2020 on, in section 17 (vehicles)


def planted_panel(seed: int = 4) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    size = {c: rng.uniform(0.5, 2.0) for c in COUNTRIES}
    rows = []
    for year, (ex, im) in itertools.product(range(2016, 2024), itertools.permutations(COUNTRIES,
                                                                                          2)):
        for hs in ("870323", "870899", "100190", "100630"):
            base = 1e7 * size[ex] * size[im] * (1 + 0.05 * (year - 2016))
            bloc = ex in COUNTRIES[:3] and im in COUNTRIES[:3]
            lift = math.exp(EFFECT) if bloc and year >= 2020 and hs.startswith("87") else 1.0
            rows.append((year, ex, im, hs, int(base * lift * rng.lognormal(0, 0.05))))
    df = pd.DataFrame(rows, columns=["year", "exporter", "importer", "hs", "value"])
    df["period"] = df["year"].astype(str)
    return df


@pytest.fixture(scope="module")
def fits():
    eng = Engine("duckdb")
    frame = pg.section_frame(eng, eng.register("planted", planted_panel()))
    eng.close()
    return frame, pg.fit_sections(frame, start=2020)


def test_engine_sums_to_sections(fits) -> None:
    frame, _ = fits
    raw = planted_panel()
    assert sorted(frame["section"].unique()) == [2, 17]
    assert frame["value"].sum() == raw["value"].sum()
    assert len(frame) == 8 * 90 * 2  # years x ordered pairs x sections


def test_planted_effect_recovered_per_section(fits) -> None:
    _, res = fits
    by = {f.section: f for f in res.fits}
    assert by[17].coef == pytest.approx(EFFECT, abs=0.05)
    lo, hi = by[2].coef - 1.96 * by[2].se, by[2].coef + 1.96 * by[2].se
    assert lo <= 0 <= hi  # no planted change: the interval straddles zero
    d = res.to_dict()
    assert d["sections"][0]["reading"] == "inconclusive"
    assert d["sections"][1]["reading"] == "higher"


def test_gravity_command_on_a_loaded_release(fresh_home, tmp_path, capsys) -> None:
    baci.load(baci_zip(tmp_path / "BACI_HS92_V202401.zip", planted_panel()))
    code, data, err = run_json(["products", "gravity", "--start", "2020", "--section", "17"],
                               capsys)
    assert code == 0, err
    assert data["sections"][0]["coef"] == pytest.approx(EFFECT, abs=0.05)
    assert data["vintage"]["baci"] == "HS92 V202401"
