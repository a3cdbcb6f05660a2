"""The effect of CUSFTA/NAFTA among Canada, Mexico and the United States, net of globalisation.

On each gravity panel the agreement dummy of the three countries' international pairs is split
from every other agreement, with its phase-in (4, 8 and 12 years after entry into force), under
exporter-year, importer-year and pair fixed effects, errors clustered by pair. Where the panel
has intranational flows, international-border-by-year dummies absorb the common globalisation
trend (Bergstrand, Larch and Yotov 2015; the guide's globalisation column), so what the NAFTA
terms keep is the region's own effect.

* ``agtpa`` (1986-2006, 4-year steps, intranational flows): phase-in and border terms.
* ``penppml`` (1964-2016, 4-year steps, no intranational flows): phase-in; border terms are not
  identified, and a globalisation common to all international trade is absorbed by the
  exporter-year and importer-year effects, so the effect is relative to other international
  trade.
* ``wiod`` (2000, 2005, 2010, 2014, domestic sales): NAFTA is in force in every year, so its
  level is absorbed by the pair effects; ``nafta_x_YEAR`` measure the change in North American
  trade since 2000 beyond the border-by-year terms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from trilateral.gravity import panel as panels
from trilateral.gravity.estimate import fit
from trilateral.gravity.options import PanelName, check, choices
from trilateral.gravity.replication import AGTPA_YEARS
from trilateral.gravity.result import GravityResult, LinearCombination
from trilateral.gravity.spec import Spec

NORTH_AMERICA = ("CAN", "MEX", "USA")
PHASES = (0, 4, 8, 12)
PAIR_FE = "exporter_year+importer_year+pair"
FEW_CLUSTERS = ("The NAFTA terms are identified from the three North American pairs only; "
                "cluster-robust errors with so few treated clusters tend to understate the "
                "uncertainty, so read the intervals as lower bounds on it.")
USMCA = ("USMCA (in force from 2020) is after the last year of this panel: no usmca term can "
         "be estimated.")


@dataclass
class NaftaEstimate:
    """The NAFTA terms of one panel, its border-by-year terms and the cumulative effect."""

    panel: panels.Panel
    result: GravityResult | None
    nafta_terms: tuple[str, ...]
    border_terms: tuple[str, ...]
    kind: str  # "phase-in" (agreement effect by years since entry) or "change-since" (wiod)
    notes: list[str] = field(default_factory=list)
    agreement: str = "NAFTA"

    @property
    def identified(self) -> bool:
        return self.result is not None and bool(self.estimated_terms)

    @property
    def estimated_terms(self) -> list[str]:
        if self.result is None:
            return []
        coef = self.result.coef()
        return [t for t in self.nafta_terms if t in coef.index]

    def total(self) -> LinearCombination | None:
        """Phase-in panels: the sum of the NAFTA terms (effect 12 years after entry)."""
        terms = self.estimated_terms
        if self.kind != "phase-in" or not terms or self.result is None:
            return None
        return self.result.total(terms, "nafta_total")

    def cumulative(self) -> list[dict[str, Any]]:
        """The effect at each step: sums of phase-in terms, or the change-since-2000 terms."""
        if self.result is None:
            return []
        terms, rows = self.estimated_terms, []
        for i, term in enumerate(terms):
            parts = terms[: i + 1] if self.kind == "phase-in" else [term]
            lc = self.result.total(parts, term)
            lo, hi = lc.interval
            rows.append({"step": _step(term, self.kind), "term": term, "coef": lc.coef,
                         "se": lc.se, "lower": lo, "upper": hi})
        return rows

    def borders(self) -> list[dict[str, Any]]:
        if self.result is None:
            return []
        coef = self.result.coef()
        return [{"year": int(t.rsplit("_", 1)[1]), **_term(self.result, t)}
                for t in self.border_terms if t in coef.index]

    def to_dict(self) -> dict[str, Any]:
        p = self.panel
        out: dict[str, Any] = {
            "panel": p.name, "table": p.table, "publisher": p.publisher, "sha256": p.sha256,
            "years": p.years, "year_range": [p.years[0], p.years[-1]], "kind": self.kind,
            "agreement": self.agreement,
            "identified": self.identified, "notes": self.notes, "terms": {}, "border_terms": {},
        }
        if self.result is None:
            return out
        out["terms"] = {t: _term(self.result, t) for t in self.estimated_terms}
        out["border_terms"] = {b.pop("term"): b for b in self.borders()}
        total = self.total()
        out["total"] = None if total is None else {**total.to_dict(), **{
            f"percent_{k}": v for k, v in total.percent().items()}}
        out["cumulative"] = self.cumulative()
        out["model"] = self.result.to_dict()
        return out


def _term(result: GravityResult, term: str) -> dict[str, Any]:
    """One coefficient with its error and normal 95% interval."""
    lc = result.total([term], term)
    lo, hi = lc.interval
    return {"term": term, "coef": lc.coef, "se": lc.se, "lower": lo, "upper": hi}


def _step(term: str, kind: str) -> int:
    if kind == "phase-in":
        return int(term.rsplit("lag", 1)[1]) if "_lag" in term else 0
    return int(term.rsplit("_", 1)[1])


def nafta(panel: PanelName | None = None) -> list[NaftaEstimate]:
    """NAFTA estimates on one panel, or on every panel when ``panel`` is None."""
    names = [check(panel, PanelName, "panel")] if panel else list(choices(PanelName))
    return [estimate(n) for n in names]


def estimate(name: PanelName) -> NaftaEstimate:
    check(name, PanelName, "panel")
    return {"agtpa": _agtpa, "penppml": _penppml, "wiod": _wiod}[name]()


def mark_pairs(frame) -> None:
    """``na_pair``: international pairs among the three countries."""
    frame["na_pair"] = (frame["intl"] & frame["exporter"].isin(NORTH_AMERICA)
                        & frame["importer"].isin(NORTH_AMERICA))


def split_agreements(frame, column: str = "rta") -> tuple[list[str], list[str]]:
    """``nafta[_lagK]`` for the region's pairs and ``rta_other[_lagK]`` for every other pair."""
    mark_pairs(frame)
    nafta, other = [], []
    for k in PHASES:
        status = frame[column].astype(float) if k == 0 else panels.lagged(frame, column, k)
        suffix = f"_lag{k}" if k else ""
        frame[f"nafta{suffix}"] = status * frame["na_pair"]
        frame[f"rta_other{suffix}"] = status * (frame["intl"] & ~frame["na_pair"])
        nafta.append(f"nafta{suffix}")
        other.append(f"rta_other{suffix}")
    return nafta, other


def _phase_in(p: panels.Panel, borders: list[str], sample: tuple, notes: list[str],
              agreement: str) -> NaftaEstimate:
    nafta_terms, other = split_agreements(p.frame)
    spec = Spec(f"nafta_{p.name}", "ppml", (*nafta_terms, *other, *borders), PAIR_FE, sample,
                totals=(("nafta_total", tuple(nafta_terms)),),
                label=f"PPML, NAFTA phase-in apart from other agreements ({p.table})")
    res = fit(p.frame, spec)
    return NaftaEstimate(p, res, tuple(nafta_terms), tuple(borders), "phase-in",
                         [*notes, FEW_CLUSTERS, USMCA], agreement)


def _agtpa() -> NaftaEstimate:
    p = panels.load("agtpa", years=AGTPA_YEARS)
    borders = panels.add_border_terms(p.frame, omit=AGTPA_YEARS[-1])
    notes = ["The guide's RTA dummy dates CUSFTA (USA-CAN) from 1989 and NAFTA from 1994; lags "
             "are the guide's own; 2006 is the reference year of the border terms."]
    return _phase_in(p, borders, ("positive_pair",), notes, "CUSFTA/NAFTA")


def _penppml() -> NaftaEstimate:
    p = panels.load("penppml")
    notes = ["No intranational flows: border-by-year terms are not identified; a globalisation "
             "common to all international trade is absorbed by the exporter-year and "
             "importer-year effects, so the effect is relative to other international trade.",
             "CUSFTA is not coded in this panel: USA-CAN counts from NAFTA (first coded in the "
             "1996 observation).",
             "Lags carry the last observed agreement status forward over missing rows "
             "(USA-CAN 1992 is missing)."]
    return _phase_in(p, [], ("international", "positive_pair"), notes, "NAFTA")


def _wiod() -> NaftaEstimate:
    p = panels.load("wiod")
    borders = panels.add_border_terms(p.frame)
    mark_pairs(p.frame)
    f = p.frame
    f["fta_other"] = f["fta"] * (f["intl"] & ~f["na_pair"])
    terms = []
    for y in p.years[1:]:
        name = f"nafta_x_{y}"
        f[name] = (f["na_pair"] & (f["year"] == y)).astype("int8")
        terms.append(name)
    spec = Spec("nafta_wiod", "ppml", (*terms, "fta_other", *borders), PAIR_FE,
                ("positive_pair",), label="PPML, North American pairs by year (wiod_trade)")
    notes = [f"fta = 1 for every North American pair in all years: NAFTA's own level effect is "
             f"absorbed by the pair effects. nafta_x_YEAR is the change in North American trade "
             f"since {p.years[0]} beyond the border-by-year terms ({p.years[-1]} is their "
             f"reference year).", "Flows are goods and services (WIOD), not goods only.",
             FEW_CLUSTERS, USMCA]
    return NaftaEstimate(p, fit(f, spec), tuple(terms), tuple(borders), "change-since", notes,
                         "NAFTA (in force in every year)")
