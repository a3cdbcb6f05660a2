"""Fit a specification on a prepared panel with pyfixest (``fepois`` / ``feols``).

The sample filters of the specification are applied here, so that every observation left out
is counted with its reason; pyfixest then drops singletons and separated observations, which
are counted too. No estimation code of its own: the numbers are pyfixest's.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pyfixest as pf

from trilateral.errors import EstimationError, InputError
from trilateral.gravity.options import Separation, SmallSample, check
from trilateral.gravity.result import Dropped, GravityResult
from trilateral.gravity.spec import Spec

FILTER_REASONS = {
    "international": "intranational flow (exporter = importer); the specification uses "
                     "international pairs only",
    "positive_flow": "zero flow (log undefined); OLS uses positive flows only",
    "positive_pair": "pair with zero trade in every year used (no information once the pair "
                     "has its own fixed effect)",
}
SSC = {"cluster": {"k_adj": False, "G_adj": True},
       "full": {"k_adj": True, "k_fixef": "full", "G_adj": True},
       "none": {"k_adj": False, "G_adj": False}}
SEPARATION = {"fe": ["fe"], "ir": ["ir"], "fe+ir": ["fe", "ir"], "none": []}


def fit(panel: pd.DataFrame, spec: Spec, *, small_sample: SmallSample = "cluster",
        separation: Separation = "fe") -> GravityResult:
    """Estimate ``spec`` on ``panel`` (a frame from :func:`trilateral.gravity.panel.prepare`)."""
    check(small_sample, SmallSample, "small_sample")
    check(separation, Separation, "separation")
    missing = [c for c in spec.columns() if c not in panel.columns]
    if missing:
        raise InputError(f"panel lacks column(s) {missing} needed by {spec.key!r}",
                         field=missing[0])
    sample, dropped = select(panel, spec)
    model = _call_pyfixest(sample, spec, small_sample, separation)
    dropped += estimation_drops(model, len(sample))
    return GravityResult(spec, model, len(panel), dropped, separation, small_sample,
                         list(spec.notes))


def select(panel: pd.DataFrame, spec: Spec) -> tuple[pd.DataFrame, list[Dropped]]:
    """Apply the specification's sample filters, counting what each one removes."""
    dropped: list[Dropped] = []
    df = panel
    for name in spec.sample:
        keep = _filter(df, name)
        dropped.append(Dropped(FILTER_REASONS[name], int((~keep).sum()), "sample"))
        df = df[keep]
    na = df[spec.columns()].isna().any(axis=1)
    if na.any():
        dropped.append(Dropped("missing value in a variable of the model", int(na.sum()),
                               "sample"))
        df = df[~na]
    return df, dropped


def _filter(df: pd.DataFrame, name: str) -> pd.Series:
    if name == "international":
        return df["intl"]
    if name == "positive_flow":
        return df["trade"] > 0
    return df.groupby("pair")["trade"].transform("sum") > 0


def _call_pyfixest(sample: pd.DataFrame, spec: Spec, small_sample: str, separation: str):
    if sample.empty:
        raise EstimationError(f"{spec.key}: no observations left after the sample filters")
    kwargs = {"vcov": spec.vcov(), "ssc": pf.ssc(**SSC[small_sample])}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if spec.estimator == "ppml":
                return pf.fepois(spec.formula(), data=sample,
                                 separation_check=SEPARATION[separation], **kwargs)
            return pf.feols(spec.formula(), data=sample, **kwargs)
    except (ValueError, RuntimeError, KeyError, ZeroDivisionError, FloatingPointError,
            AttributeError) as exc:
        raise EstimationError(f"{spec.key}: pyfixest could not estimate "
                              f"{spec.formula()!r}: {exc}") from exc


def estimation_drops(model, n_sample: int) -> list[Dropped]:
    """Singletons and separated observations pyfixest removed from the sample it was given."""
    n_sep = int(getattr(model, "n_separation_na", 0) or 0)
    n_single = n_sample - int(model._N) - n_sep
    return [Dropped("singleton: alone in a fixed-effect group (pyfixest fixef_rm='singleton')",
                    n_single, "estimation"),
            Dropped("separated: flows all zero where a fixed effect or regressor lets the fit "
                    "reach zero (pyfixest separation check)", n_sep, "estimation")]
