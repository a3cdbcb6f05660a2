"""Product-level gravity: the engine sums any product panel to HS sections, and the existing
gravity stage (pyfixest ``fepois``, exporter-year, importer-year and pair fixed effects) fits
each section.

Neither a compressed regression (duckreg) nor pyfixest compresses PPML with three-way fixed
effects, so the work is split where it scales: the engine aggregates (billions of rows to a
few million section cells), pyfixest estimates (one section at a time).

The term is ``usmca``: a pair of distinct bloc members in a year from ``start`` on. With pair
fixed effects it measures the change in intra-bloc trade after ``start`` relative to the
pairs' own earlier level, net of every exporter-year and importer-year shock. Without
intranational flows (BACI has none) it is not net of globalisation: read it as the
bloc's relative change, not as the agreement's causal effect.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from trilateral.errors import EstimationError, InputError
from trilateral.gravity.estimate import fit
from trilateral.gravity.panel import prepare
from trilateral.gravity.spec import Spec
from trilateral.products import measures
from trilateral.products.engine import Engine
from trilateral.products.hs import TITLES

SPEC = Spec(key="usmca-by-section", estimator="ppml", terms=("usmca",),
            fixed_effects="exporter_year+importer_year+pair", sample=("international",),
            cluster="pair", label="PPML, exporter-year + importer-year + pair FE")


@dataclass
class SectionFit:
    section: int
    coef: float | None
    se: float | None
    nobs: int
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"section": self.section, "title": TITLES.get(self.section, ""),
                             "coef": self.coef, "se": self.se, "nobs": self.nobs,
                             "note": self.note}
        if self.coef is not None and self.se is not None:
            lo, hi = self.coef - 1.96 * self.se, self.coef + 1.96 * self.se
            d.update(lower=lo, upper=hi, percent=100 * math.expm1(self.coef),
                     reading="inconclusive" if lo <= 0 <= hi else
                     ("higher" if lo > 0 else "lower"))
        return d


@dataclass
class ProductGravity:
    start: int
    bloc: tuple[str, ...]
    fits: list[SectionFit] = field(default_factory=list)
    cells: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"estimand": f"change in trade between distinct members of {'-'.join(self.bloc)} "
                            f"from {self.start} on, per HS section, net of exporter-year, "
                            "importer-year and pair fixed effects (PPML)",
                "spec": SPEC.formula(), "cells": self.cells,
                "sections": [f.to_dict() for f in self.fits]}


def section_frame(engine: Engine, flows: Any) -> pd.DataFrame:
    """Exporter x importer x year x section sums, computed on the engine."""
    df = engine.collect(measures.section_panel(flows),
                        ["section", "year", "exporter", "importer"])
    df["value_usd_m"] = df["value"].astype("float64") / 1e6
    return df


def fit_sections(frame: pd.DataFrame, *, start: int, bloc: tuple[str, ...] = measures.NA3,
                 sections: list[int] | None = None) -> ProductGravity:
    """PPML per section on a section frame (from :func:`section_frame`)."""
    if not {"exporter", "importer", "year", "section", "value_usd_m"} <= set(frame.columns):
        raise InputError("section frame needs exporter, importer, year, section, value_usd_m",
                         field="section")
    out = ProductGravity(start, tuple(bloc), cells=len(frame))
    for sec in sections or sorted(frame["section"].dropna().unique().astype(int)):
        out.fits.append(_fit_one(frame[frame["section"] == sec], int(sec), start, bloc))
    return out


def _fit_one(df: pd.DataFrame, section: int, start: int, bloc: tuple[str, ...]) -> SectionFit:
    panel = prepare(df[["exporter", "importer", "year", "value_usd_m"]])
    members = panel["exporter"].isin(bloc) & panel["importer"].isin(bloc)
    panel["usmca"] = (members & panel["intl"] & (panel["year"] >= start)).astype(float)
    if panel["usmca"].sum() == 0 or (members & (panel["year"] < start)).sum() == 0:
        return SectionFit(section, None, None, len(panel),
                          "no bloc pairs on both sides of the start year: not identified")
    try:
        res = fit(panel, SPEC)
    except EstimationError as exc:
        return SectionFit(section, None, None, len(panel), f"estimation failed: {exc}")
    if "usmca" in res.dropped_terms or "usmca" not in res.coef().index:
        return SectionFit(section, None, None, res.nobs, "usmca collinear with the fixed effects")
    return SectionFit(section, float(res.coef()["usmca"]), float(res.se()["usmca"]), res.nobs)
