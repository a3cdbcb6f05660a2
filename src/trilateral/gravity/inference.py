"""Randomisation inference for the NAFTA terms: placebo triads (Conley and Taber 2011).

With three treated pairs, pair-clustered errors understate the uncertainty. The placebo test
gives NAFTA's own treatment (its terms, year by year, copied from the three North American
pairs) to triads of other large exporters, re-estimates the same PPML specification with the
placebo terms added, and reads the estimate for North America against the placebo estimates:

* ``p``: equal-tailed two-sided randomisation p, twice the smaller of
  (1 + #{placebo <= estimate}) / (1 + draws) and (1 + #{placebo >= estimate}) / (1 + draws),
  capped at 1 (the test the interval below inverts: p < 0.05 about when 0 is outside it);
* ``p_one_sided``: (1 + #{placebo >= estimate}) / (1 + draws), the share at least as large;
* ``p_abs``: (1 + #{|placebo| >= |estimate|}) / (1 + draws);
* ``interval``: Conley-Taber interval, estimate minus the placebo quantiles
  ([b - q(1 - a/2), b - q(a/2)]), which reads the placebo spread as the spread of the
  estimate's error.

Pool: the :data:`POOL` largest exporters other than the three (by international exports over
the estimation sample); ``draws`` triads are sampled without replacement from its triads with
``seed`` (every triad when ``draws`` reaches their number). Roles follow export size: the
largest member takes the United States' series, the next Canada's, the third Mexico's.

Each placebo fit reuses the fitted model: its fixed-effect codes, sample and fitted means. The
placebo estimate is the PPML maximum-likelihood estimate of the extended model, reached by
chord Newton steps with the weights of the fitted model (one :func:`pyfixest.estimation.demean`
of the working residuals per step), so no fixed-effect structure is rebuilt per draw;
:func:`placebo_fit` is checked against a full ``pyfixest.fepois`` refit in the tests.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pyfixest.estimation import demean

from trilateral.errors import EstimationError
from trilateral.gravity.options import PanelName, check

POOL = 20  # largest other exporters whose triads are the placebos
DRAWS = 100  # default placebo draws (a cold `trilateral gravity nafta` stays in minutes)
# the Comtrade panel has ten times the rows: 40 draws there keep its cold run near 1.5 CPU
# minutes (about 2 CPU seconds a draw); the p value's resolution is then 1/41
PANEL_DRAWS = {"penppml": 40}
SEED = 20060331
# the dated record of these settings is [[gravity_inference]] in defaults.toml (see
# trilateral.defaults); a test keeps the constants and the record in step
LEVEL = 0.95
TOL = 1e-4  # convergence of the placebo coefficients (log points; placebo SDs are ~0.4)
MAX_STEPS = 60
DEMEAN_TOL = 1e-7
BATCH = 25  # placebo draws solved together (memory: rows x 4 x BATCH floats)
ROLES = (("USA", "CAN"), ("USA", "MEX"), ("CAN", "MEX"))
NOT_COUNTRIES = ("ROW",)  # WIOD's rest of the world is not a country that could sign a treaty


@dataclass
class Inference:
    """Randomisation inference for one panel's NAFTA statistic."""

    panel: str
    statistic: str  # "nafta_total" (phase-in sum) or the last change-since term (wiod)
    estimate: float
    se_clustered: float
    placebos: list[float]
    triads: list[tuple[str, str, str]]
    draws: int
    seed: int
    pool: list[str]
    level: float = LEVEL
    not_converged: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def p(self) -> float:
        b, n = np.asarray(self.placebos), len(self.placebos)
        low = (1 + np.sum(b <= self.estimate)) / (1 + n)
        return float(min(1.0, 2 * min(low, self.p_one_sided)))

    @property
    def p_abs(self) -> float:
        b = np.asarray(self.placebos)
        return float((1 + np.sum(np.abs(b) >= abs(self.estimate))) / (1 + len(b)))

    @property
    def p_one_sided(self) -> float:
        b = np.asarray(self.placebos)
        return float((1 + np.sum(b >= self.estimate)) / (1 + len(b)))

    def interval(self, level: float | None = None) -> tuple[float, float]:
        """Conley-Taber interval: the estimate minus the placebo quantiles."""
        a = 1 - (level or self.level)
        lo_q, hi_q = np.quantile(self.placebos, [a / 2, 1 - a / 2])
        return float(self.estimate - hi_q), float(self.estimate - lo_q)

    def to_dict(self) -> dict[str, Any]:
        b = np.asarray(self.placebos)
        lo, hi = self.interval()
        lo90, hi90 = self.interval(0.90)
        return {
            "method": "placebo triads (Conley-Taber 2011)", "panel": self.panel,
            "statistic": self.statistic, "estimate": self.estimate,
            "se_clustered": self.se_clustered, "p": self.p, "p_one_sided": self.p_one_sided,
            "p_abs": self.p_abs, "level": self.level, "interval": [lo, hi], "interval_90": [lo90, hi90],
            "draws": self.draws, "seed": self.seed, "pool_size": len(self.pool),
            "pool": self.pool, "placebo_sd": float(b.std(ddof=1)) if len(b) > 1 else None,
            "placebo_mean": float(b.mean()) if len(b) else None,
            "share_at_least_as_large": float(np.mean(b >= self.estimate)) if len(b) else None,
            "not_converged": self.not_converged,
            "placebos": [{"triad": list(t), "estimate": v}
                         for t, v in zip(self.triads, self.placebos, strict=True)],
            "notes": self.notes,
        }


# ---------------------------------------------------------------------- the placebo fits
@dataclass
class Design:
    """What a fitted PPML model leaves for cheap refits: sample, codes, weights, demeaned X."""

    data: pd.DataFrame  # estimation sample (rows of the panel frame)
    y: np.ndarray
    eta: np.ndarray  # fitted linear predictor
    weights: np.ndarray  # fitted means (the PPML working weights)
    fe: np.ndarray  # uint64 fixed-effect codes, one column per fixed effect
    x_dm: np.ndarray  # regressors, weighted-demeaned on the fixed effects
    xtwx: np.ndarray

    @classmethod
    def from_model(cls, model: Any, terms: list[str]) -> Design:
        data = model._data
        mu = np.asarray(model._Y_hat_response, float)
        fe = np.ascontiguousarray(np.asarray(model._fe), dtype=np.uint64)
        x = data[terms].to_numpy(float)
        x_dm = _demean(x, fe, mu)
        y = data[model._depvar].to_numpy(float)
        return cls(data, y, np.log(mu), mu, fe, x_dm,
                   x_dm.T @ (mu[:, None] * x_dm))

    def partial(self, m: np.ndarray) -> np.ndarray:
        """Weighted residual of ``m`` on the fixed effects and the model's regressors."""
        m_dm = _demean(m, self.fe, self.weights)
        if self.x_dm.shape[1] == 0:
            return m_dm
        coef = np.linalg.lstsq(self.xtwx, self.x_dm.T @ (self.weights[:, None] * m_dm),
                               rcond=None)[0]
        return m_dm - self.x_dm @ coef


def _demean(x: np.ndarray, fe: np.ndarray, w: np.ndarray) -> np.ndarray:
    out, ok = demean(np.ascontiguousarray(x, dtype=float), fe, w, tol=DEMEAN_TOL)
    if not ok:
        raise EstimationError("demeaning on the fixed effects did not converge")
    return out


def placebo_fit(design: Design, d: list[np.ndarray]) -> tuple[np.ndarray, bool]:
    """PPML estimates of extra regressors added to a fitted model, one set per placebo.

    ``d`` holds, per placebo, an (n, k) array of extra columns on the estimation sample.
    Chord Newton: every step solves the weighted least squares of the working residual on
    the fixed effects, the model's regressors and the extra columns with the fitted model's
    weights; at its fixed point every score of the extended model is zero, which is its
    maximum-likelihood estimate. Returns (k, placebos) coefficients and whether all converged.
    """
    w, n, k = design.weights, len(design.y), max(x.shape[1] for x in d)
    dt = np.split(design.partial(np.hstack(d)), np.cumsum([x.shape[1] for x in d])[:-1],
                  axis=1)
    beta = np.zeros((k, len(d)))
    shift = np.zeros((n, len(d)))  # change of the linear predictor
    done = False
    for _ in range(MAX_STEPS):
        mu = np.exp(design.eta[:, None] + shift)
        r = (design.y[:, None] - mu) / w[:, None]
        pz = r - design.partial(r)  # projection of the residual on FE and regressors
        # the placebo block's curvature at the current means (it moves most): same fixed
        # point, fewer steps
        solve = [np.linalg.pinv(dt[j].T @ (mu[:, j, None] * dt[j])) for j in range(len(d))]
        step = np.zeros((k, len(d)))
        for j in range(len(d)):
            step[: dt[j].shape[1], j] = solve[j] @ (dt[j].T @ (w * r[:, j]))
        beta += step
        shift += pz + np.column_stack([dt[j] @ step[: dt[j].shape[1], j]
                                       for j in range(len(d))])
        if np.max(np.abs(step)) < TOL:
            done = True
            break
    return beta, done


# ---------------------------------------------------------------------- triads and treatment
def exporter_ranking(data: pd.DataFrame, exclude: tuple[str, ...]) -> list[str]:
    """Exporters by international exports over the sample, largest first."""
    intl = data[data["exporter"] != data["importer"]]
    tot = intl.groupby("exporter")["trade"].sum().drop(list(exclude), errors="ignore")
    return [str(c) for c in tot.sort_values(ascending=False, kind="stable").index]


def treatment_paths(frame: pd.DataFrame, terms: list[str]) -> dict[tuple[str, str], pd.DataFrame]:
    """Each North American pair's NAFTA terms by year (the series placebos copy)."""
    out = {}
    for a, b in ROLES:
        rows = frame[((frame["exporter"] == a) & (frame["importer"] == b))
                     | ((frame["exporter"] == b) & (frame["importer"] == a))]
        out[(a, b)] = rows.groupby("year")[terms].max()
    return out


def placebo_columns(data: pd.DataFrame, triad: tuple[str, str, str],
                    paths: dict[tuple[str, str], pd.DataFrame]) -> np.ndarray:
    """The NAFTA terms given to ``triad``'s three pairs, on the estimation sample."""
    roles = dict(zip(("USA", "CAN", "MEX"), triad, strict=True))
    first = next(iter(paths.values()))
    out = np.zeros((len(data), first.shape[1]))
    exp, imp, year = data["exporter"].to_numpy(), data["importer"].to_numpy(), data["year"]
    for (ra, rb), series in paths.items():
        a, b = roles[ra], roles[rb]
        rows = ((exp == a) & (imp == b)) | ((exp == b) & (imp == a))
        vals = series.reindex(year[rows]).fillna(0.0).to_numpy(float)
        out[rows] = vals
    return out


def sample_triads(pool: list[str], draws: int, seed: int) -> list[tuple[str, str, str]]:
    every = list(combinations(pool, 3))
    if draws >= len(every):
        return every
    pick = np.random.default_rng(seed).choice(len(every), size=draws, replace=False)
    return [every[i] for i in sorted(pick)]


# ---------------------------------------------------------------------- one panel
def statistic(est: Any) -> tuple[str, float, float]:
    """The panel's headline statistic: the phase-in total, or the last change-since term."""
    terms = est.estimated_terms
    if est.kind == "phase-in":
        lc = est.result.total(terms, "nafta_total")
        return "nafta_total", lc.coef, lc.se
    lc = est.result.total([terms[-1]], terms[-1])
    return terms[-1], lc.coef, lc.se


def randomisation(est: Any, draws: int = DRAWS, seed: int = SEED,
                  pool_size: int = POOL) -> Inference:
    """Placebo-triad inference for a fitted :class:`~trilateral.gravity.nafta.NaftaEstimate`."""
    if not est.identified:
        raise EstimationError(f"{est.panel.name}: no NAFTA term is identified")
    model, terms = est.result.model, est.estimated_terms
    name, b, se = statistic(est)
    regressors = [str(c) for c in model._coefnames]
    design = Design.from_model(model, regressors)
    pool = exporter_ranking(design.data, ("USA", "CAN", "MEX", *NOT_COUNTRIES))[:pool_size]
    triads = sample_triads(pool, draws, seed)
    paths = treatment_paths(est.panel.frame, terms)
    values, bad = [], 0
    for i in range(0, len(triads), BATCH):
        batch = triads[i:i + BATCH]
        cols = [placebo_columns(design.data, t, paths) for t in batch]
        coef, ok = placebo_fit(design, cols)
        bad += 0 if ok else len(batch)
        values += (coef.sum(axis=0) if name == "nafta_total" else coef[-1]).tolist()
    notes = [f"placebo triads among the {len(pool)} largest other exporters of the panel "
             f"({len(triads)} of {math.comb(len(pool), 3)} triads, seed {seed}); each placebo "
             "carries NAFTA's terms year by year in addition to the model's own regressors"]
    return Inference(est.panel.name, name, b, se, values, triads, len(triads), seed, pool,
                     not_converged=bad, notes=notes)


# ---------------------------------------------------------------------- cached, per panel
def _code_version() -> str:
    from trilateral.gravity.cache import code_version

    h = hashlib.sha256(code_version().encode())
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()


def cache_path(panel: str, sha256: str, draws: int, seed: int) -> Path:
    from trilateral.gravity.cache import cache_dir

    return cache_dir() / (f"ri-{panel}-{sha256[:16]}-{_code_version()[:12]}-{draws}-{seed}"
                          ".json")


def default_draws(panel: str) -> int:
    return PANEL_DRAWS.get(panel, DRAWS)


def nafta_with_inference(panel: PanelName, *, draws: int | None = None, seed: int = SEED,
                         refresh: bool = False) -> dict[str, Any]:
    """The cached NAFTA estimate of ``panel`` with its ``randomisation`` member.

    ``draws`` defaults to :func:`default_draws` (100; 40 on the Comtrade panel).

    One fit serves both: on a cache miss the panel is estimated once, and the estimate
    (:func:`trilateral.gravity.cache.nafta_dict`'s file) and the inference are both written.
    """
    from trilateral.gravity import cache
    from trilateral.gravity import panel as panels
    from trilateral.gravity.nafta import estimate
    from trilateral.provenance import jsonable, read_checked_json, write_checked_json

    check(panel, PanelName, "panel")
    draws = draws or default_draws(panel)
    sha = panels.table_sha256(panels.TABLES[panel])
    ri_path, est_path = cache_path(panel, sha, draws, seed), cache.cache_path(panel, sha)
    if not refresh:
        hit, ri = read_checked_json(est_path), read_checked_json(ri_path)
        if hit is not None and ri is not None:  # else absent or damaged: estimate again
            return {**hit, "randomisation": ri}
    est = estimate(panel)
    out = jsonable(est.to_dict())
    out["code_version"] = cache.code_version()
    ri = jsonable(randomisation(est, draws, seed).to_dict()) if est.identified else None
    write_checked_json(est_path, out)
    if ri is not None:
        write_checked_json(ri_path, ri)
    out["randomisation"] = ri
    return out
