"""The gravity panels a general-equilibrium scenario can run on, described as data.

A GE scenario needs intranational flows (each country's sales to itself), so only panels that
have them qualify: the Advanced Guide's panel (``agtpa_ge_panel``, manufacturing, 69 countries,
1986-2006) and WIOD (``wiod_trade``, goods and services, 43 countries and the rest of the world,
2000-2014). ``penppml_comtrade`` has no intranational flows and cannot host a GE scenario.

Agreement terms are built here from each table's own coding:

* ``rta`` (agtpa): the guide's RTA dummy.
* ``nafta`` (agtpa): ``rta`` on the six directed pairs among Canada, Mexico and the United
  States (CUSFTA from 1989 for Canada-US, NAFTA from 1994); ``rta_other`` is every other RTA.
* ``eu_enlargement``, ``other_fta`` (wiod): the table's EU-membership and other-FTA dummies,
  set to 0 on intranational rows (no agreement governs a country's sales to itself).
* ``border_YYYY`` (any panel): 1 on international rows of year YYYY (international border by
  year, Bergstrand, Larch and Yotov 2015); one year is left out as the reference, so the
  agreement terms are net of the common globalisation trend ("border-netted").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from trilateral.errors import InputError, NotFoundError

NORTH_AMERICA = ("CAN", "MEX", "USA")
REFERENCE = "DEU"


@dataclass(frozen=True)
class PanelSpec:
    """One panel: its warehouse table, estimation years, GE year and what it covers."""

    name: str
    table: str
    years: tuple[int, ...]
    ge_year: int
    gravity: tuple[str, ...]  # covariates of the second-stage regression for missing costs
    terms: tuple[str, ...]  # agreement terms this panel can build
    coverage: str


PANELS: dict[str, PanelSpec] = {
    "agtpa": PanelSpec(
        "agtpa", "agtpa_ge_panel", (1986, 1990, 1994, 1998, 2002, 2006), 2006,
        ("ln_dist", "cntg", "lang", "clny"), ("rta", "nafta", "rta_other"),
        "aggregate manufacturing, 69 countries with intranational sales, 1986-2006 "
        "(Advanced Guide, chapter 2)"),
    "wiod": PanelSpec(
        "wiod", "wiod_trade", (2000, 2005, 2010, 2014), 2014, (),
        ("eu_enlargement", "other_fta"),
        "goods and services (WIOD), 43 countries and the rest of the world (ROW) with "
        "domestic sales, 2000-2014"),
}


def panel_spec(name: str) -> PanelSpec:
    try:
        return PANELS[name]
    except KeyError:
        raise NotFoundError(f"unknown panel {name!r}; choose one of {sorted(PANELS)}") from None


def load_frame(spec: PanelSpec, terms: tuple[str, ...]) -> pd.DataFrame:
    """The panel's estimation years from the warehouse, with identifiers and ``terms``."""
    from trilateral import data

    raw = data.table(spec.table)
    return prepare(raw[raw["year"].isin(spec.years)], spec, terms)


def prepare(raw: pd.DataFrame, spec: PanelSpec, terms: tuple[str, ...]) -> pd.DataFrame:
    """Add ``trade``, the fixed-effect identifiers, covariates and agreement ``terms``."""
    bad = [t for t in terms if t not in spec.terms and not _border_year(t, spec)]
    if bad:
        raise InputError(f"panel {spec.name!r} cannot build term(s) {bad}; it has "
                         f"{list(spec.terms)}", field="terms")
    df = raw.reset_index(drop=True).copy()
    df["trade"] = df["value_usd_m"].astype(float)
    df["intl"] = df["exporter"] != df["importer"]
    year = df["year"].astype(str)
    df["exp_year"] = df["exporter"] + "_" + year
    df["imp_year"] = df["importer"] + "_" + year
    df["pair"] = symmetric_pair(df).where(df["intl"], "domestic")
    if "dist" in df.columns:
        df["ln_dist"] = np.log(df["dist"].astype(float))
    for term in terms:
        builder = _border(int(term[7:])) if _border_year(term, spec) else TERM_BUILDERS[term]
        df[term] = builder(df).astype(float)
    return df


def _border_year(term: str, spec: PanelSpec) -> bool:
    return term.startswith("border_") and term[7:].isdigit() and int(term[7:]) in spec.years


def _border(year: int) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda df: df["intl"] & (df["year"] == year)


def symmetric_pair(df: pd.DataFrame) -> pd.Series:
    """One label per unordered pair of countries: i-j and j-i share it, as in the guide."""
    a, b = df["exporter"].astype(str), df["importer"].astype(str)
    return a.where(a <= b, b) + "-" + b.where(a <= b, a)


def north_american_pair(df: pd.DataFrame) -> pd.Series:
    return df["intl"] & df["exporter"].isin(NORTH_AMERICA) & df["importer"].isin(NORTH_AMERICA)


def _international(column: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda df: df[column].where(df["intl"], 0)


TERM_BUILDERS: dict[str, Callable[[pd.DataFrame], pd.Series]] = {
    "rta": lambda df: df["rta"],
    "nafta": lambda df: df["rta"].where(north_american_pair(df), 0),
    "rta_other": lambda df: df["rta"].where(~north_american_pair(df), 0),
    "eu_enlargement": _international("eu_enlargement"),
    "other_fta": _international("other_fta"),
}
