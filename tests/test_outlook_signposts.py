"""Signposts (status from data and ledger, probabilities) and path pathindex."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from trilateral.evidence.schema import PATHS
from trilateral.outlook import pathindex
from trilateral.outlook.forecast import project
from trilateral.outlook.signposts import (
    SIGNPOSTS,
    Context,
    LedgerSignpost,
    Rule,
    SeriesSignpost,
    evaluate,
)
from trilateral.outlook.targets import COLUMNS, TRADE_TARGETS, Observations

US_NA = TRADE_TARGETS[0]


def _events(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """Made-up ledger rows (date, path, direction) for the tests; not real events."""
    return pd.DataFrame([{"id": f"e{i}", "date": pd.Timestamp(d), "path": p, "direction": s,
                          "level": "federal-executive"} for i, (d, p, s) in enumerate(rows)])


def _obs(values: dict[int, float]) -> Observations:
    rows = [{"indicator": "trade_share", "reporter": "USA", "partner": "CAN+MEX",
             "flow": "total", "year": y, "value": v, "unit": "percent", "basis": "reporter",
             "sources": "test", "available": f"{y + 1}-02-15"} for y, v in values.items()]
    return Observations(pd.DataFrame(rows, columns=COLUMNS))


REVERSAL = LedgerSignpost("rev", "reversal", "3 or more - events in 12 months", 12, 3, None, "-")


@pytest.mark.parametrize("rule,values,want", [
    (Rule("rises", 2), [1, 2, 3], True), (Rule("rises", 2), [1, 3, 2], False),
    (Rule("falls", 2), [3, 2, 1], True), (Rule("above", 2, 80.0), [79, 81, 82], True),
    (Rule("above", 2, 80.0), [81, 79], False), (Rule("below_lag", 2), [5, 9, 4], True),
    (Rule("not_above_lag", 2), [5, 9, 5], True), (Rule("not_above_lag", 2), [5, 1, 6], False),
])
def test_series_rules(rule: Rule, values: list[float], want: bool) -> None:
    assert bool(rule(np.array([values], dtype=float))[0]) is want


def test_ledger_signpost_counts_only_the_window_and_needs_coverage() -> None:
    ev = _events([("2001-01-01", "bureaucratic", "+"), ("2005-06-01", "reversal", "-"),
                  ("2005-09-01", "political", "-"), ("2006-01-10", "reversal", "-"),
                  ("2006-05-01", "reversal", "-")])  # the last one is after the date
    ctx = Context(_obs({}), ev, {}, dt.date(2006, 3, 31))
    r = REVERSAL.status(ctx, dt.date(2006, 3, 31))
    assert r.status == "met" and r.evidence == ["e1", "e2", "e3"]
    assert REVERSAL.status(ctx, dt.date(2006, 1, 9)).status == "not met"
    assert REVERSAL.status(ctx, dt.date(2001, 6, 30)).status == "unknown"  # ledger starts 2001
    assert REVERSAL.status(Context(_obs({}), ev.iloc[:0], {}), dt.date(2006, 3, 31)
                           ).status == "unknown"


def test_ledger_signpost_probability_is_poisson_at_the_recent_rate() -> None:
    ev = _events([("2000-01-01", "values", "+")]
                 + [(f"{y}-06-01", "reversal", "-") for y in range(2001, 2006)])
    day = dt.date(2006, 3, 31)
    ctx = Context(_obs({}), ev, {}, day)
    p, why = REVERSAL.probability(ctx, dt.date(2010, 12, 31), 2010)
    # 5 matching events in the 60 months to the date: 1 a year; the window to the end of 2010
    # is 12 months still to come, none known yet: P(N >= 3), N ~ Poisson(1).
    assert p == pytest.approx(stats.poisson.sf(2, 1.0))
    assert "1.00 matching events a year" in why
    # window (2005-05-31, 2006-05-31]: the 2005-06-01 event is known; 2 more needed in 2 months
    p_now, _ = REVERSAL.probability(ctx, dt.date(2006, 5, 31), 2006)
    assert p_now == pytest.approx(stats.poisson.sf(1, 2 / 12))


def test_series_signpost_status_and_simulated_probability() -> None:
    values = dict(zip(range(1990, 2006), [26.27, 26.44, 27.02, 28.03, 29.19, 28.61, 29.65, 30.56,
                                          31.57, 32.66, 32.85, 32.74, 32.47, 31.64, 31.2, 30.79],
                      strict=True))
    obs = _obs(values)
    falling = SeriesSignpost("f", "reversal", "fell two years", US_NA, Rule("falls", 2))
    day = dt.date(2006, 3, 31)
    sf = project(US_NA, obs.history(US_NA, day), 2010)
    ctx = Context(obs, _events([]), {US_NA.key: sf}, day)
    r = falling.status(ctx, day)
    assert r.status == "met" and "2005: 30.79" in r.detail
    assert falling.status(ctx, dt.date(2000, 3, 31)).status == "not met"
    assert falling.status(ctx, dt.date(1991, 3, 31)).status == "unknown"  # one year known
    p, _ = falling.probability(ctx, dt.date(2007, 3, 31), 2006)
    sims = sf.simulate()
    assert p == pytest.approx(np.mean(sims[0] < 30.79))  # the third fall happens in 2006
    assert falling.outcome_year(ctx, dt.date(2007, 3, 31)) == 2005  # 2006 not public yet here


def test_evaluate_covers_every_path_with_a_status() -> None:
    assert {s.path for s in SIGNPOSTS} >= set(PATHS)
    out = evaluate(Context(_obs({}), _events([])), dt.date(2006, 3, 31), 2016)
    assert len(out) == len(SIGNPOSTS)
    assert {r["status"] for r in out} <= {"met", "not met", "unknown"}
    assert all(r["status"] == "unknown" for r in out if r["id"] != "values_converging")


def test_path_index_sums_to_one_follows_the_evidence_and_has_no_interval() -> None:
    assessment = SimpleNamespace(paths=[
        SimpleNamespace(id="reversal", score=0.8, lower=0.5, upper=1.0, verdict="advancing"),
        SimpleNamespace(id="values", score=-0.8, lower=-1.0, upper=-0.5, verdict="reversing")])
    momentum = pd.DataFrame([{"path": p, "recent_count": 4, "earlier_count": 4,
                              "window_years": 5, "earlier_window_covered": True} for p in PATHS])
    signs = [{"id": "s", "path": "reversal", "status": "met", "probability": 0.9}]
    rows = pathindex.compute(assessment, momentum, signs)
    by = {r["path"]: r for r in rows}
    assert len(rows) == 6 and sum(r["index"] for r in rows) == pytest.approx(1.0)
    assert rows[0]["path"] == "reversal" and rows[-1]["path"] == "values"
    # alpha = 1 + (0.8 + 1) / 2 + P(RR > 1 | 4 vs 4) = 0.5 + 0.9
    assert by["reversal"]["alpha"] == pytest.approx(1 + 0.9 + 0.5 + 0.9)
    assert by["political"]["alpha"] == pytest.approx(1 + 0.5 + 0.5 + 0.5)  # nothing known
    # not a probability: no interval, no probability key, and the method says so
    assert not any({"probability", "lower", "upper", "level"} & set(r) for r in rows)
    assert "not a probability" in pathindex.METHOD
    # the construction caps the index: 1/21 <= index <= 4/9 whatever the evidence
    assert all(1 / 21 - 1e-12 <= r["index"] <= 4 / 9 + 1e-12 for r in rows)


def test_momentum_piece_is_the_jeffreys_probability_of_a_rising_rate() -> None:
    row = {"recent_count": 9, "earlier_count": 3, "window_years": 5}
    p, _ = pathindex.momentum_piece(row)
    assert p == pytest.approx(stats.beta.sf(0.5, 9.5, 3.5)) and p > 0.9
    assert pathindex.momentum_piece({**row, "recent_count": 0, "earlier_count": 0})[0] is None
