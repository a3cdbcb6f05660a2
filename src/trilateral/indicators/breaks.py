"""Structural breaks in the key trade series, and the gap they leave against a pre-break forecast.

Monthly series (seasonally adjusted shares from :mod:`trilateral.indicators.monthly`): over the
last ``WINDOW`` months, a level shift ``d`` at an unknown month ``tau`` in a linear trend,

    y_t = a + b t + d 1[t >= tau] + e_t,

is fitted at every candidate month leaving at least ``MIN_SEGMENT`` months on each side (Chow
tests at every candidate date); ``tau`` is the least-squares date (the sup-F date).

* The **date interval** is the set of candidate months whose fit is not worse than the best by
  more than the 95% chi-square(1) criterion (a profile-likelihood set; it assumes independent
  errors, so with autocorrelated shares it is too narrow rather than too wide).
* The **size** is ``d`` in percentage points with a 95% interval from Newey-West (HAC) standard
  errors at the chosen date (conditional on the date).
* A break is **detected** when the OLS-residual CUSUM test of the no-break trend model rejects
  stability at 5% (statsmodels ``breaks_cusumolsresid``) and the HAC interval of ``d`` excludes
  zero and ``|d|`` is at least ``SESOI_PP`` percentage points.
* The **gap** is the latest 12 months' mean minus a forecast of those months from an AR(1) with
  trend fitted on the pre-break segment only; its 95% interval comes from 2,000 simulated paths
  (seeded, so the figures are reproducible).

Annual series: a Chow forecast test at a candidate year (the years from that year on, against
a trend fitted on the ``ANNUAL_WINDOW`` years before it, with OLS prediction intervals).
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from trilateral import defaults

_SETTINGS = defaults.current("breaks").settings  # dated in defaults.toml, [[breaks]]
WINDOW = int(_SETTINGS["window_months"])  # months of history a monthly break is searched in
MIN_SEGMENT = int(_SETTINGS["min_segment_months"])  # months on each side of a candidate date
SESOI_PP = float(_SETTINGS["sesoi_pp"])  # smallest level shift worth reporting, points
CHI2_95 = 3.841  # 95% point of chi-square(1), for the date set
SIMULATIONS = int(_SETTINGS["simulations"])
SEED = int(_SETTINGS["seed"])
ANNUAL_WINDOW = int(_SETTINGS["annual_window_years"])


@dataclass(frozen=True)
class SeriesKey:
    """Which share series: reporter, partner group, flow, and the monthly adjustment."""

    reporter: str
    partner: str
    flow: str
    adjustment: str = "stl"

    @property
    def label(self) -> str:
        return f"{self.reporter}->{self.partner} {self.flow} share ({self.adjustment})"


# The series whose breaks the paths and `trilateral changes` report.
KEY_MONTHLY = (
    SeriesKey("CAN", "USA", "exports"), SeriesKey("CAN", "USA", "imports"),
    SeriesKey("USA", "CAN", "total"), SeriesKey("USA", "MEX", "total"),
    SeriesKey("USA", "CAN+MEX", "total"), SeriesKey("USA", "CHN", "total"),
    SeriesKey("MEX", "USA", "exports"),
)


@dataclass(frozen=True)
class Break:
    """One break search on one series (``detected`` says whether it passed the tests)."""

    series: str
    reporter: str
    partner: str
    flow: str
    frequency: str
    date: str
    date_low: str
    date_high: str
    size: float
    size_low: float
    size_high: float
    cusum_p: float
    detected: bool
    before: float
    after: float
    gap: float | None
    gap_low: float | None
    gap_high: float | None
    window: str
    last: str
    unit: str = "percentage points"
    method: str = ("level shift in a linear trend at the least-squares date; HAC size interval; "
                   "OLS-residual CUSUM; gap vs AR(1)-with-trend pre-break forecast")

    def to_dict(self) -> dict[str, object]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def _design(n: int, tau: int | None) -> np.ndarray:
    t = np.arange(n, dtype=float)
    cols = [np.ones(n), t] + ([] if tau is None else [(t >= tau).astype(float)])
    return np.column_stack(cols)


def _ssr(y: np.ndarray, tau: int | None) -> float:
    x = _design(len(y), tau)
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    return float(((y - x @ beta) ** 2).sum())


def search(y: np.ndarray) -> tuple[int, list[int]]:
    """Least-squares break index and the 95% profile-likelihood set of indices."""
    n = len(y)
    candidates = list(range(MIN_SEGMENT, n - MIN_SEGMENT + 1))
    ssr = np.array([_ssr(y, c) for c in candidates])
    best = int(np.argmin(ssr))
    lr = n * np.log(ssr / ssr[best])
    return candidates[best], [c for c, v in zip(candidates, lr, strict=True) if v <= CHI2_95]


def level_shift(y: np.ndarray, tau: int) -> tuple[float, float, float]:
    """``d`` and its 95% HAC interval at break index ``tau``."""
    import statsmodels.api as sm

    lags = int(np.floor(4 * (len(y) / 100) ** (2 / 9)))  # Newey-West rule of thumb
    fit = sm.OLS(y, _design(len(y), tau)).fit(cov_type="HAC", cov_kwds={"maxlags": lags})
    low, high = fit.conf_int(0.05)[2]
    return float(fit.params[2]), float(low), float(high)


def cusum_p(y: np.ndarray) -> float:
    """p-value of the OLS-residual CUSUM test of the trend model without a break."""
    import statsmodels.api as sm
    from statsmodels.stats.diagnostic import breaks_cusumolsresid

    resid = sm.OLS(y, _design(len(y), None)).fit().resid
    return float(breaks_cusumolsresid(resid, ddof=2)[1])


def forecast_gap(pre: pd.Series, actual: pd.Series) -> tuple[float, float, float] | None:
    """Mean of the latest 12 actual months minus the AR(1)-with-trend forecast from ``pre``."""
    from statsmodels.tsa.arima.model import ARIMA

    horizon = len(actual)
    if horizon < 12 or len(pre) < 24:
        return None
    with warnings.catch_warnings():  # convergence chatter; the fit is used as estimated
        warnings.simplefilter("ignore")
        res = ARIMA(pre.to_numpy(), order=(1, 0, 0), trend="ct").fit()
    paths = np.asarray(res.simulate(nsimulations=horizon, repetitions=SIMULATIONS,
                                    anchor="end", rng=np.random.default_rng(SEED))).reshape(horizon, -1)
    gaps = actual.to_numpy()[-12:].mean() - paths[-12:].mean(axis=0)
    return (float(actual.to_numpy()[-12:].mean() - res.forecast(horizon)[-12:].mean()),
            float(np.percentile(gaps, 2.5)), float(np.percentile(gaps, 97.5)))


def monthly_break(series: pd.Series, key: SeriesKey) -> Break | None:
    """Search one monthly series (index: month starts) for a level shift; None if too short."""
    s = series.dropna().sort_index().iloc[-WINDOW:]
    if len(s) < 3 * MIN_SEGMENT:
        return None
    y = s.to_numpy(dtype=float)
    tau, dates = search(y)
    size, low, high = level_shift(y, tau)
    p = cusum_p(y)
    gap = forecast_gap(s.iloc[:tau], s.iloc[tau:])
    months = s.index.strftime("%Y-%m")
    return Break(
        series=key.label, reporter=key.reporter, partner=key.partner, flow=key.flow,
        frequency="monthly", date=months[tau], date_low=months[min(dates)],
        date_high=months[max(dates)], size=size, size_low=low, size_high=high, cusum_p=p,
        detected=bool(p < 0.05 and (low > 0 or high < 0) and abs(size) >= SESOI_PP),
        before=float(y[max(0, tau - 12):tau].mean()), after=float(y[tau:].mean()),
        gap=None if gap is None else gap[0], gap_low=None if gap is None else gap[1],
        gap_high=None if gap is None else gap[2], window=f"{months[0]}..{months[-1]}",
        last=months[-1])


def monthly_breaks(shares: pd.DataFrame, keys: tuple[SeriesKey, ...] = KEY_MONTHLY
                   ) -> list[Break]:
    """Breaks in the key series of a :func:`~trilateral.indicators.monthly.compute_monthly`
    frame (missing series are skipped)."""
    out = []
    for key in keys:
        sel = shares[(shares["reporter"] == key.reporter) & (shares["partner"] == key.partner)
                     & (shares["flow"] == key.flow) & (shares["adjustment"] == key.adjustment)]
        if sel.empty:
            continue
        idx = pd.to_datetime(sel["period"] + "-01")
        found = monthly_break(pd.Series(sel["value"].to_numpy(), index=idx), key)
        if found is not None:
            out.append(found)
    return out


@dataclass(frozen=True)
class AnnualTest:
    """Chow forecast test: the years from ``year`` on against the trend of the years before."""

    series: str
    year: int
    actual: float
    predicted: float
    low: float
    high: float
    outside: bool
    window: str

    @property
    def gap(self) -> float:
        return self.actual - self.predicted

    def to_dict(self) -> dict[str, object]:
        d = {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}
        return {**d, "gap": round(self.gap, 4), "gap_low": round(self.actual - self.high, 4),
                "gap_high": round(self.actual - self.low, 4), "frequency": "annual"}


def annual_forecast_test(years: pd.Series, series: str, year: int) -> AnnualTest | None:
    """95% OLS prediction interval for ``year`` from a trend over the preceding years."""
    import statsmodels.api as sm

    pre = years[(years.index < year) & (years.index >= year - ANNUAL_WINDOW)].dropna()
    if year not in years.index or len(pre) < 5:
        return None
    fit = sm.OLS(pre.to_numpy(), sm.add_constant(pre.index.to_numpy(dtype=float))).fit()
    pred = fit.get_prediction(np.array([[1.0, float(year)]])).summary_frame(alpha=0.05)
    low, high = float(pred["obs_ci_lower"].iloc[0]), float(pred["obs_ci_upper"].iloc[0])
    actual = float(years.loc[year])
    return AnnualTest(series, year, actual, float(pred["mean"].iloc[0]), low, high,
                      not low <= actual <= high, f"{pre.index.min()}-{pre.index.max()}")


# Annual series given a Chow forecast test: (reporter, partner, flow) of trade_share.
KEY_ANNUAL = (("CAN", "USA", "exports"), ("USA", "CAN+MEX", "total"), ("MEX", "USA", "exports"))


def annual_tests(shares: pd.DataFrame, years: list[int]) -> list[AnnualTest]:
    """Chow forecast tests of the key annual trade shares at each of ``years``."""
    out = []
    for reporter, partner, flow in KEY_ANNUAL:
        sel = shares[(shares["reporter"] == reporter) & (shares["partner"] == partner)
                     & (shares["flow"] == flow)]
        series = sel.set_index("year")["value"].astype(float)
        label = f"{reporter}->{partner} {flow} share (annual)"
        out += [t for y in years if (t := annual_forecast_test(series, label, y)) is not None]
    return out


def since(found: list[Break], day: dt.date) -> list[Break]:
    """Detected breaks dated after ``day``."""
    return [b for b in found if b.detected and b.date > day.strftime("%Y-%m")]
