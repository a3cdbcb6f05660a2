"""Published applications, specified as their authors ran them.

``agtpa-rta`` is chapter 1, application 3 of Yotov, Piermartini, Monteiro and Larch (2016),
*An Advanced Guide to Trade Policy Analysis* (WTO/UNCTAD), "Regional trade agreements
effects": seven specifications on the 69-country panel in 4-year steps (1986, 1990, ..., 2006),
errors clustered by pair. The method follows the guide's do-file
``Chapter1/Applications/3_RTAsEffects/RTAsEffects.do`` and its R translation (package
tradepolicy): OLS and PPML on international pairs; ``intra`` adds intranational flows with one
intranational dummy per country; the pair-fixed-effect columns keep pairs with some trade over the
six years and use the guide's own pair ids, RTA leads and lags; the globalisation column adds
international-border dummies for 1986-2002 (2006 is the reference year).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from trilateral.gravity import panel as panels
from trilateral.gravity.estimate import SSC, fit
from trilateral.gravity.options import Application, SmallSample, check
from trilateral.gravity.result import GravityResult
from trilateral.gravity.spec import Spec

AGTPA_YEARS = list(range(1986, 2007, 4))
GRAVITY = ("ln_dist", "cntg", "lang", "clny")
LAGS = ("rta", "rta_lag4", "rta_lag8", "rta_lag12")
BORDERS = tuple(f"intl_border_{y}" for y in AGTPA_YEARS[:-1])
PAIR_FE = "exporter_year+importer_year+pair"
MR_FE = "exporter_year+importer_year"

AGTPA_RTA: tuple[Spec, ...] = (
    Spec("ols", "ols", (*GRAVITY, "rta"), MR_FE, ("international", "positive_flow"),
         label="OLS, international flows"),
    Spec("ppml", "ppml", (*GRAVITY, "rta"), MR_FE, ("international",),
         label="PPML, international flows"),
    Spec("intra", "ppml", (*GRAVITY, "rta"), "exporter_year+importer_year+intra_pair",
         label="PPML with intranational flows and country-specific intranational dummies"),
    Spec("pair_fe", "ppml", ("rta",), PAIR_FE, ("positive_pair",),
         label="PPML with pair fixed effects"),
    Spec("lead", "ppml", ("rta", "rta_lead4"), PAIR_FE, ("positive_pair",),
         label="PPML with pair fixed effects and a 4-year RTA lead"),
    Spec("phasing", "ppml", LAGS, PAIR_FE, ("positive_pair",),
         totals=(("rta_total", LAGS),), label="PPML with RTA lags (phasing-in)"),
    Spec("globalization", "ppml", (*LAGS, *BORDERS), PAIR_FE, ("positive_pair",),
         totals=(("rta_total", LAGS),),
         label="PPML with RTA lags and international-border-by-year dummies"),
)
APPLICATIONS: dict[str, tuple[Spec, ...]] = {"agtpa-rta": AGTPA_RTA}
CITATION = ("Yotov, Piermartini, Monteiro & Larch (2016), An Advanced Guide to Trade Policy "
            "Analysis, WTO/UNCTAD, chapter 1, application 3 'Regional trade agreements effects'")


@dataclass
class Replication:
    """The fitted specifications of one application, in the published order."""

    application: str
    results: dict[str, GravityResult]
    source: str
    citation: str = CITATION
    notes: list[str] = field(default_factory=list)

    def __getitem__(self, key: str) -> GravityResult:
        return self.results[key]

    def table(self) -> pd.DataFrame:
        """Terms by specification, coefficients with errors, like the published table."""
        cols = {}
        for key, res in self.results.items():
            coef, se = res.coef(), res.se()
            cols[key] = {t: f"{coef[t]:.3f} ({se[t]:.3f})" for t in coef.index}
            for name, tot in res.totals().items():
                cols[key][f"sum {name}"] = f"{tot.coef:.3f} ({tot.se:.3f})"
            cols[key]["N"] = f"{res.nobs:,}"
        table = pd.DataFrame(cols).fillna("")
        return table.loc[[i for i in table.index if i != "N"] + ["N"]]

    def to_dict(self) -> dict[str, Any]:
        return {"application": self.application, "citation": self.citation,
                "source": self.source, "notes": self.notes,
                "specifications": {k: r.to_dict() for k, r in self.results.items()}}


def agtpa_panel() -> panels.Panel:
    """The Advanced Guide panel in the guide's 4-year steps, with border-by-year dummies."""
    p = panels.load("agtpa", years=AGTPA_YEARS)
    panels.add_border_terms(p.frame, omit=AGTPA_YEARS[-1])
    return p


def replicate(application: Application = "agtpa-rta", *, small_sample: SmallSample = "cluster",
              panel: panels.Panel | None = None) -> Replication:
    """Run every specification of a published application on its panel."""
    check(application, Application, "application")
    panel = panel or agtpa_panel()
    results = {s.key: fit(panel.frame, s, small_sample=small_sample)
               for s in APPLICATIONS[application]}
    notes = [f"small-sample factor of clustered errors: {small_sample}"]
    return Replication(application, results, panel.source_note(), notes=notes)


def chapter2_baseline(frame: pd.DataFrame | None = None):
    """The chapter-2 baseline of the guide (application 2, RTA impacts), stage 1: PPML of
    trade on RTA with exporter-year, importer-year and pair fixed effects on the 4-year panel
    ``agtpa_ge_panel``, intranational flows included and all intranational pairs sharing one
    pair effect, as in ``Chapter2/Applications/2_RTAsEffects/RTAsEffects.do``.

    Errors are clustered by the guide's pair ids (one per intranational pair). Returns the
    pyfixest fit itself (``fixef()``, ``predict()`` ...) for general-equilibrium
    work; ``frame`` may be a prepared panel to use instead of the warehouse table.
    """
    import pyfixest as pf

    from trilateral import data

    if frame is None:
        frame = panels.prepare(data.table("agtpa_ge_panel"), years=AGTPA_YEARS)
    frame = frame.assign(pair_fe=frame["pair"].where(frame["intl"], -1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pf.fepois("trade ~ rta | exp_year + imp_year + pair_fe", data=frame,
                         vcov={"CRV1": "pair"}, ssc=pf.ssc(**SSC["cluster"]))
