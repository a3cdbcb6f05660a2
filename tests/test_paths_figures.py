"""Key figures recomputed by hand from the warehouse tables, as-of discipline at several dates,
and the rules that keep checks honest (equal windows, censored depth, series that end early).

The hand computations below re-derive each figure from the harmonised tables with plain
scipy, independently of trilateral.indicators; the literals pin today's data vintage.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from scipy import stats

from trilateral import data
from trilateral.indicators import asof
from trilateral.indicators.inputs import TableInfo, Tables
from trilateral.paths import assess
from trilateral.paths.assessment import _load_checks
from trilateral.paths.context import Context
from trilateral.paths.registry import CHECKS, ends_early

CANCUN = "2006-03-31"
NA3 = ("USA", "CAN", "MEX")


@pytest.fixture(scope="module")
def cancun(plugins):
    return assess(CANCUN)


def _check(a, path_id: str, check_id: str):
    return next(c for c in a.path(path_id).checks if c.id == check_id)


def _ols90(x, y) -> tuple[float, float, float]:
    """OLS slope with its 90% t interval (n - 2 degrees of freedom)."""
    fit = stats.linregress(x, y)
    half = stats.t.ppf(0.95, len(x) - 2) * fit.stderr
    return fit.slope, fit.slope - half, fit.slope + half


def _pooled_unknown_correlation(*fits) -> tuple[float, float, float]:
    """Mean of slopes; with too few common years to estimate their correlation the half-width
    is the mean half-width (r = 1, docs/method.md)."""
    est = sum(f[0] for f in fits) / len(fits)
    half = sum((f[2] - f[1]) / 2 for f in fits) / len(fits)
    return est, est - half, est + half


# -- trade by hand --------------------------------------------------------------------------

def _flows() -> pd.DataFrame:
    t = data.table("trade_flows")
    return t[t["complete"].astype(bool)]


def _value(t: pd.DataFrame, r: str, p: str, flow: str, year: int) -> float:
    """Reporter's own figure, else the partner's opposite flow (mirror)."""
    def rows(rep: str, par: str, f: str) -> pd.DataFrame:
        return t[(t["reporter"] == rep) & (t["partner"] == par) & (t["flow"] == f)
                 & (t["year"] == year)]

    hit = rows(r, p, flow)
    if hit.empty:
        hit = rows(p, r, {"exports": "imports", "imports": "exports"}[flow])
        hit = hit[hit["basis"] == "reporter"]
    return float(hit["value_usd_m"].iloc[0])


def _total(t: pd.DataFrame, r: str, p: str, year: int) -> float:
    return _value(t, r, p, "exports", year) + _value(t, r, p, "imports", year)


def test_reversal_us_regional_share_trend_by_hand(cancun) -> None:
    # As of 2006-03-31 annual trade is public to 2005: the US share (percent) of its total goods
    # trade done with Canada and Mexico, 1996-2005 (Census, US-reported), OLS slope per year:
    # 0.0871 pp/year, 90% t interval [-0.1399, 0.3140] (shares 29.65 in 1996 ... 32.85 in 2000
    # ... 30.79 in 2005).
    t = _flows()
    years = list(range(1996, 2006))
    share = [100 * (_total(t, "USA", "CAN", y) + _total(t, "USA", "MEX", y))
             / _total(t, "USA", "WLD", y) for y in years]
    want = _ols90(years, share)
    got = _check(cancun, "reversal", "us_regional_share_trend")
    assert (got.estimate, got.lower, got.upper) == pytest.approx(want, rel=1e-9)
    assert want == pytest.approx((0.0871, -0.1399, 0.3140), abs=1e-4)
    assert got.stance == "neutral"


def test_globalization_introversion_trend_by_hand(cancun) -> None:
    # Iapadre's homogeneous introversion index of the three, HII = (HI - HE) / (HI + HE) with
    # HI = s / w, HE = (1 - s) / (1 - w); s = intra-regional two-way trade / the members' trade
    # with the world, w = the members' trade / world exports plus imports (WTO). World totals
    # for Y appear in April Y+1, so as of 2006-03-31 the index is known to 2004; Canada's
    # partner detail starts in 1997: 8 points, slope 0.00742 [0.00257, 0.01227] per year.
    t = _flows()

    def hii(y: int) -> float:
        intra = sum(_total(t, r, p, y) for r in NA3 for p in NA3 if p != r)
        bloc = sum(_total(t, r, "WLD", y) for r in NA3)
        world = _value(t, "WLD", "WLD", "exports", y) + _value(t, "WLD", "WLD", "imports", y)
        s, w = intra / bloc, bloc / world
        hi, he = s / w, (1 - s) / (1 - w)
        return (hi - he) / (hi + he)

    years = list(range(1997, 2005))
    want = _ols90(years, [hii(y) for y in years])
    got = _check(cancun, "globalization", "introversion_trend")
    assert (got.estimate, got.lower, got.upper) == pytest.approx(want, rel=1e-9)
    assert want == pytest.approx((0.00742, 0.00257, 0.01227), abs=1e-5)
    assert got.stance == "inconsistent"  # regional bias rose: not "only globalization"


def test_americanization_spoke_majority_share_by_hand(cancun) -> None:
    # The smaller of Canada's and Mexico's total-trade shares with the US in 2005 (Mexico's,
    # on US-reported mirror flows over INEGI's world totals): 66.59%; interval = range of the
    # smaller share over 2003-2005 (70.22, 69.29, 66.59), against the 50% null.
    t = _flows()

    def smaller(y: int) -> float:
        return min(100 * _total(t, s, "USA", y) / _total(t, s, "WLD", y) for s in ("CAN", "MEX"))

    mins = [smaller(y) for y in (2003, 2004, 2005)]
    got = _check(cancun, "americanization", "spoke_majority_share")
    assert (got.estimate, got.lower, got.upper) == pytest.approx(
        (mins[-1], min(mins), max(mins)), rel=1e-9)
    assert got.estimate == pytest.approx(66.587, abs=1e-3)
    assert got.stance == "consistent" and got.null == 50.0


def test_values_pair_distance_trend_by_hand(cancun) -> None:
    # Pairwise distances on the Inglehart-Welzel map within one WVS wave, public two years
    # after fieldwork: by 2006-03-31 USA-MEX in waves 2-4 (1990, 1996, 2000: 1.657, 1.416,
    # 1.388) and CAN-MEX in waves 1, 2, 4 (1982, 1990, 2000: 1.811, 1.530, 1.697); USA-CAN has
    # only two common waves. Mean of the two slopes: -0.1666 per decade; the pairs share
    # Mexico's position and have no five common waves, so the half-width is the mean of the
    # two (0.7513): [-0.9179, 0.5847]. (Under independence it was [-0.7122, 0.3790].)
    m = data.table("ivs_cultural_map")

    def point(c: str, wave: int) -> pd.Series:
        return m[(m["iso3"] == c) & (m["wvs_wave"] == wave)].sort_values("year").iloc[-1]

    def series(a: str, b: str, waves: tuple[int, ...]) -> tuple[list[int], list[float]]:
        xs, ys = [], []
        for w in waves:
            pa, pb = point(a, w), point(b, w)
            xs.append(int(max(pa["year"], pb["year"])))
            ys.append(math.hypot(pa["trad_secular"] - pb["trad_secular"],
                                 pa["surv_selfexp"] - pb["surv_selfexp"]))
        return xs, ys

    fits = [tuple(10 * v for v in _ols90(*series(a, b, w)))
            for a, b, w in (("USA", "MEX", (2, 3, 4)), ("CAN", "MEX", (1, 2, 4)))]
    want = _pooled_unknown_correlation(*fits)
    got = _check(cancun, "values", "pair_distance_trend")
    assert (got.estimate, got.lower, got.upper) == pytest.approx(want, rel=1e-9)
    assert want == pytest.approx((-0.1666, -0.9179, 0.5847), abs=1e-4)


def test_institutional_shared_igo_trend_by_hand(cancun) -> None:
    # IGOs with all three as full members (COW IGO v3), 1996-2005, OLS slope per year.
    igo = data.table("cow_igo_joint")
    rows = igo[(igo["group"].str.count("-") == 2) & igo["year"].between(1996, 2005)]
    want = _ols90(rows["year"].tolist(), rows["joint_full"].astype(float).tolist())
    got = _check(cancun, "institutional", "shared_igo_trend")
    assert (got.estimate, got.lower, got.upper) == pytest.approx(want, rel=1e-9)


@pytest.mark.parametrize("path_id, check_id, recent, earlier", [
    # synthetic ledger (tests/paths_support.py), windows (2001-03-31, 2006-03-31] and
    # (1996-03-31, 2001-03-31]: bureaucratic 2002, 2003, 2004, 2005 vs 1996, 1998, 2000 (the
    # 2006-04-15 event is after the summit); political 2003, 2005 vs 1999.
    ("bureaucratic", "ledger_activity_bureaucratic", 4, 3),
    ("political", "ledger_activity_political", 2, 1),
])
def test_ledger_momentum_by_hand(cancun, path_id, check_id, recent, earlier) -> None:
    # exact conditional interval: recent | total ~ Binomial(n, p), Clopper-Pearson at 90%,
    # mapped to the rate ratio p / (1 - p); bounds capped at +/- log(2n + 1) (docs/method.md)
    lo = stats.beta.ppf(0.05, recent, earlier + 1)
    hi = stats.beta.ppf(0.95, recent + 1, earlier)
    cap = math.log(2 * (recent + earlier) + 1)
    got = _check(cancun, path_id, check_id)
    assert got.estimate == pytest.approx(math.log(recent / earlier))
    assert (got.lower, got.upper) == pytest.approx(
        (max(-cap, math.log(lo / (1 - lo))), min(cap, math.log(hi / (1 - hi)))), rel=1e-9)


# -- as-of discipline -------------------------------------------------------------------------

@pytest.mark.parametrize("day, trade_end, world_end", [
    ("2012-06-30", 2011, 2011),  # 2011 trade out in February, world totals in April 2012
    ("2019-01-15", 2017, 2017),  # 2018 not out yet
    ("2024-02-14", 2022, 2022),  # one day before the 2023 annual trade figures count
])
def test_nothing_after_the_as_of_date(plugins, day, trade_end, world_end) -> None:
    a = assess(day)
    items = a.evidence()
    assert items
    for e in items:
        for when in (e["date"], e["available"]):
            assert when is None or when <= day, e
    trade = [e["year"] for e in items if (e["ref"] or "").startswith("trade_flows")
             and e["ref"] != "trade_flows_monthly"]  # monthly items: months of trade_end + 1
    assert max(trade) == trade_end
    intro = _check(a, "globalization", "introversion_trend")
    assert max(p["year"] for p in intro.series) <= world_end
    us = _check(a, "reversal", "us_regional_share_trend")
    assert max(p["year"] for p in us.series) == trade_end  # US series has no gap here


def test_last_published_year_follows_the_lags() -> None:
    day = dt.date.fromisoformat
    assert asof.last_published_year("trade_annual", day("2006-03-31")) == 2005
    assert asof.last_published_year("trade_annual", day("2006-02-14")) == 2004
    assert asof.last_published_year("world_annual", day("2006-04-14")) == 2004
    assert asof.last_published_year("world_annual", day("2006-04-15")) == 2005
    assert asof.last_published_year("coded_year", day("2006-12-30")) == 2005
    assert asof.last_published_year("coded_year", day("2006-12-31")) == 2006


# -- rules that keep checks honest ------------------------------------------------------------

INFO = {n: TableInfo(n, "test fixture", (n,), "test")
        for n in ("ieadb_agreements", "desta_treaties", "trade_flows")}


def _measure(check_id: str, day: str, frames: dict[str, pd.DataFrame]):
    _load_checks()
    tables = Tables.from_frames(frames, INFO)
    return CHECKS[check_id].function(Context(dt.date.fromisoformat(day), tables))


def test_environmental_momentum_compares_two_complete_windows() -> None:
    # As of 2006-03-31 the last coded year public is 2005 (a year-only date counts from
    # 31 December): windows 1996-2005 (1996, 2005: 2 agreements) and 1986-1995 (1990 x2).
    # Counting to 2006 instead would compare nine published years with ten.
    ieadb = pd.DataFrame({"scope": ["bilateral"] * 6,
                          "year_in_force": [1990, 1990, 1996, 2005, 2006, 2006]})
    m = _measure("environmental_agreements_momentum", CANCUN, {"ieadb_agreements": ieadb})
    assert m.estimate == pytest.approx(0.0)  # 2 vs 2
    assert "1996-2005" in m.method and "1986-1995" in m.method
    assert max(e.year for e in m.evidence) == 2005


DESTA = pd.DataFrame({"number": ["636", "1007"], "name": ["NAFTA", "USMCA"],
                      "entry_type": ["base_treaty"] * 2, "year_in_force": [1994, 2020],
                      "usa": [True] * 2, "can": [True] * 2, "mex": [True] * 2,
                      "depth_index": [7.0, None]})


def test_depth_change_is_unknown_once_an_unscored_agreement_is_in_force() -> None:
    before = _measure("agreement_depth_change", "2019-06-30", {"desta_treaties": DESTA})
    assert before.informative and before.estimate == 0.0  # NAFTA 7 in 2008 and 2018
    after = _measure("agreement_depth_change", "2022-06-30", {"desta_treaties": DESTA})
    # USMCA (2020) has no DESTA score: a 2009-2019 "no change" must not stand for 2021
    assert not after.informative
    assert "USA-MEX (last scored 2019)" in after.note


def test_trade_series_that_end_early_say_so() -> None:
    assert ends_early([("a", 2021), ("b", 2023)], 2023) == \
        "a ends in 2021: later years up to 2023 are not in the data"
    assert ends_early([("a", 2023)], 2023) == "" and ends_early([("a", 2020)], None) == ""
    # Mexico's world imports stop with a partial 2022 (trade_flows caveat): as of mid-2024 its
    # shares end in 2021 while 2023 figures are public for Canada
    m = _measure("spoke_dependence_trend", "2024-06-30", {"trade_flows": _flows()})
    assert m.informative and "MEX trade share with USA ends in 2021" in m.note
    assert "CAN trade share" not in m.note
