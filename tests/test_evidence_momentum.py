"""Per path and year counts, net direction and momentum with its exact interval."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from scipy import stats

from trilateral.evidence.momentum import path_activity, path_momentum, rate_ratio
from trilateral.evidence.schema import PATHS


def _frame(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"id": f"e{i}", "date": pd.Timestamp(d), "path": p, "direction": s}
         for i, (d, p, s) in enumerate(rows)])


@pytest.fixture
def frame() -> pd.DataFrame:
    recent = [(f"20{10 + i % 5}-06-01", "political", "+") for i in range(10)]
    earlier = [(f"200{6 + i % 4}-03-01", "political", "-") for i in range(5)]
    later = [("2016-01-01", "political", "+")]  # after as_of: must be ignored
    return _frame(recent + earlier + later + [("2012-01-01", "reversal", "-")])


def test_counts_and_net_direction_per_year(frame: pd.DataFrame):
    out = path_activity(frame, "2014-12-31", window_years=5)
    row = out[(out.path == "political") & (out.year == 2010)].iloc[0]
    assert (row["count"], row["positive"], row["net_direction"]) == (2, 2, 2)
    assert set(out.path) == set(PATHS)
    assert out["year"].max() == 2014
    assert out[out.path == "political"]["count"].sum() == 15  # the 2016 event is excluded


def test_momentum_ratio_and_interval_match_the_binomial_reference(frame: pd.DataFrame):
    m = path_momentum(frame, "2014-12-31", window_years=5).set_index("path")
    pol = m.loc["political"]
    assert (pol.recent_count, pol.earlier_count) == (10, 5)
    assert pol.momentum == pytest.approx(2.0)
    # reference: Clopper-Pearson interval of 10 successes in 15 trials, mapped to odds p/(1-p)
    ci = stats.binomtest(10, 15).proportion_ci(0.95, method="exact")
    assert pol.momentum_low == pytest.approx(ci.low / (1 - ci.low), rel=1e-6)
    assert pol.momentum_high == pytest.approx(ci.high / (1 - ci.high), rel=1e-6)
    assert (pol.recent_net, pol.earlier_net) == (10, -5)


def test_zero_counts_give_nan_or_open_interval():
    assert all(math.isnan(v) for v in rate_ratio(0, 0))
    ratio, low, high = rate_ratio(4, 0)
    assert math.isinf(ratio) and math.isinf(high) and low > 0
    assert rate_ratio(0, 4)[0] == 0.0


def test_bad_window_is_refused(frame: pd.DataFrame):
    from trilateral.errors import InputError

    with pytest.raises(InputError):
        path_momentum(frame, "2014-12-31", window_years=0)
