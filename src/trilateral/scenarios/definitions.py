"""The scenarios, as data: which panel they run on, which pairs they shock, by how much, and why.

A shock changes the guide's trade-cost term ``t_ij`` (trade costs raised to ``1 - sigma``) of
one directed pair by ``exp(sum_k weight_k * beta_k)``, with ``beta`` the estimated agreement
coefficients, or, for a tariff at ad valorem rate ``t``, by ``(1 + t) ** -sigma`` (trade values
exclude the duty, so the tariff elasticity of trade is ``-sigma``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from trilateral.errors import InputError, NotFoundError
from trilateral.scenarios.panels import NORTH_AMERICA

NA_PAIRS = tuple((a, b) for a in NORTH_AMERICA for b in NORTH_AMERICA if a != b)


@dataclass(frozen=True)
class Tariff:
    """One 2025 measure: the importer's duty on the exporter's goods, and where it is recorded."""

    importer: str
    exporter: str
    rate: float
    ledger_id: str
    document: str
    publisher: str
    basis: str


@dataclass(frozen=True)
class PairShock:
    """A change in the trade-cost term of the directed pair ``exporter -> importer``."""

    exporter: str
    importer: str
    weights: Mapping[str, float] = field(default_factory=dict)
    tariff: Tariff | None = None


@dataclass(frozen=True)
class Setup:
    """How a scenario runs on one panel: the GE panel's own terms and the shock's source."""

    panel: str
    baseline_terms: tuple[str, ...]
    coefficient_panel: str | None = None
    coefficient_terms: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def coefficient_source(self) -> tuple[str, tuple[str, ...]] | None:
        if self.coefficient_panel is None:
            return None
        return self.coefficient_panel, self.coefficient_terms


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    question: str
    setups: tuple[Setup, ...]
    shocks: tuple[PairShock, ...]
    assumptions: tuple[str, ...]

    @property
    def panels(self) -> tuple[str, ...]:
        return tuple(s.panel for s in self.setups)

    def setup(self, panel: str | None = None) -> Setup:
        """The setup on ``panel`` (default: the first, the most recent panel identifying it)."""
        if panel is None:
            return self.setups[0]
        for s in self.setups:
            if s.panel == panel:
                return s
        raise InputError(f"scenario {self.name!r} runs on panel(s) {list(self.panels)}, not "
                         f"{panel!r}", field="panel")


# ----------------------------------------------------------------------------- usmca-end

MANUFACTURING = ("Output, spending and real GDP are those of aggregate manufacturing, the panel's "
                 "only sector (gross output incl. domestic sales): effects are relative to the "
                 "manufacturing economy and larger than for the whole economy.")
GROSS_OUTPUT = ("Output, spending and real GDP are gross output of goods and services (WIOD), "
                "not value added; ROW is WIOD's rest-of-the-world aggregate.")


FEW_CLUSTERS = ("The agreement coefficient is identified from the three North American pairs "
                "only; pair-clustered errors with so few treated clusters tend to understate "
                "uncertainty, so read the intervals as lower bounds on it.")

USMCA_END = Scenario(
    name="usmca-end",
    title="Ending the North American agreement",
    question="What would removing the agreement's estimated effect among Canada, Mexico and "
             "the United States do to each country?",
    setups=(
        Setup("agtpa", ("nafta", "rta_other"), "agtpa", ("nafta", "rta_other"), notes=(
            "Coefficient and baseline from the same panel: the Advanced Guide's 4-year panel "
            "1986-2006, the most recent panel with intranational flows in which the "
            "agreement's entry (CUSFTA 1989, NAFTA 1994) is observed within pairs; GE "
            "baseline year 2006, the panel's last.",
            "penppml_comtrade (to 2016) also observes NAFTA's entry but has no intranational "
            "flows and codes no CUSFTA for Canada-US before 1996; WIOD (2000-2014) has the "
            "agreement in force in every year, so its effect is absorbed by pair effects.",
            MANUFACTURING)),
        Setup("wiod", ("eu_enlargement", "other_fta"), "agtpa", ("nafta", "rta_other"), notes=(
            "GE baseline: WIOD 2014 (goods and services, with domestic sales). The agreement "
            "coefficient is taken from the agtpa panel (manufacturing, 1986-2006), since "
            "WIOD cannot identify it; applying a goods estimate to flows that include "
            "services overstates the shock for services trade.", GROSS_OUTPUT)),
    ),
    shocks=tuple(PairShock(a, b, {"nafta": -1.0}) for a, b in NA_PAIRS),
    assumptions=(
        "The trade-cost term of the six directed pairs among CAN, MEX and USA falls by the "
        "estimated agreement effect: t_ij becomes t_ij * exp(-beta_nafta). beta_nafta is the "
        "coefficient of a dummy for the three countries' pairs under CUSFTA/NAFTA, estimated "
        "beside a dummy for every other RTA (PPML, exporter-year, importer-year and pair "
        "fixed effects).",
        "USMCA (in force from 1 July 2020) is assumed to have the effect estimated for "
        "CUSFTA/NAFTA; no panel with intranational flows covers its years.",
        "Ending the agreement returns the pairs to no agreement at all (MFN treatment); "
        "nothing else changes: other agreements, endowments and trade imbalances as shares "
        "of output stay as in the baseline year.",
        FEW_CLUSTERS,
    ),
)

# ----------------------------------------------------------------------------- deepening

DEEPENING = Scenario(
    name="deepening",
    title="Deepening to an EU-like level",
    question="What if the three pairs' trade costs fell to what EU membership does, rather "
             "than an ordinary free trade agreement?",
    setups=(
        Setup("wiod", ("eu_enlargement", "other_fta"), "wiod", ("eu_enlargement", "other_fta"),
              notes=("WIOD 2000-2014 is the panel that identifies the effect of EU "
                     "membership within pairs (the 2004, 2007 and 2013 enlargements turn "
                     "agreement pairs into EU pairs); GE baseline year 2014.", GROSS_OUTPUT)),
    ),
    shocks=tuple(PairShock(a, b, {"eu_enlargement": 1.0, "other_fta": -1.0})
                 for a, b in NA_PAIRS),
    assumptions=(
        "In WIOD's coding the three North American pairs are 'other FTA' pairs. EU-like "
        "means recoding them as EU pairs: t_ij becomes t_ij * exp(beta_eu - beta_other_fta), "
        "with beta_eu the estimated effect of EU membership (eu_enlargement) and "
        "beta_other_fta that of other free trade agreements, both from one PPML with "
        "exporter-year, importer-year and pair fixed effects.",
        "The EU effect is identified by the 2004-2013 accessions, which moved pairs from "
        "Europe Agreements to membership; it is assumed to carry over to North America, "
        "single market, customs union and all.",
        "Endowments and trade imbalances as shares of output stay as in 2014.",
    ),
)

# ----------------------------------------------------------------------------- tariffs-2025

TARIFFS_2025_MEASURES = (
    Tariff("USA", "CAN", 0.35, "2025-07-31-us-raises-canada-tariff-to-35",
           "Amendment to Duties to Address the Flow of Illicit Drugs Across Our Northern "
           "Border (31 July 2025)", "The White House",
           "IEEPA duty on Canadian goods not qualifying under USMCA, from 1 August 2025 "
           "(25 percent from 4 March 2025)"),
    Tariff("USA", "MEX", 0.25, "2025-03-04-ieepa-tariffs-take-effect",
           "CSMS guidance on additional duties on imports from Canada and Mexico (March 2025)",
           "U.S. Customs and Border Protection",
           "IEEPA duty on Mexican goods, from 4 March 2025"),
    Tariff("CAN", "USA", 0.25, "2025-03-04-canada-counter-tariffs-first-tranche",
           "Canada announces strong tariff package in response to unjustified U.S. tariffs",
           "Department of Finance Canada",
           "Canadian counter-tariffs on listed US goods (C$30 billion from 4 March 2025, a "
           "further C$29.8 billion from 13 March 2025)"),
)

TARIFFS_2025 = Scenario(
    name="tariffs-2025",
    title="The 2025 tariffs as a uniform trade-cost shock",
    question="What do the 2025 North American tariffs do if they applied to all trade of the "
             "pairs they target?",
    setups=(
        Setup("wiod", ("eu_enlargement", "other_fta"), notes=(
            "GE baseline: WIOD 2014, the most recent year with domestic sales (goods and "
            "services: the duties apply to goods only, which makes the shock an upper "
            "bound once more).", GROSS_OUTPUT)),
        Setup("agtpa", ("rta",), notes=(
            "GE baseline: the Advanced Guide's panel in 2006.", MANUFACTURING)),
    ),
    shocks=tuple(PairShock(m.exporter, m.importer, tariff=m) for m in TARIFFS_2025_MEASURES),
    assumptions=(
        "Each measure's headline ad valorem rate applies uniformly to all trade of the "
        "directed pair; the trade-cost term t_ij is multiplied by (1 + rate) ** -sigma "
        "(trade is valued without the duty, so the tariff elasticity of trade is -sigma).",
        "An upper bound: goods qualifying under USMCA were exempted from 7 March 2025 "
        "(ledger 2025-03-06-usmca-goods-exempted-from-ieepa-tariffs), Canada's "
        "counter-tariffs covered listed goods only and were lifted for CUSMA goods from 1 "
        "September 2025 (ledger 2025-08-22-canada-drops-counter-tariffs-cusma-goods), and "
        "the Supreme Court voided the IEEPA duties on 20 February 2026 (ledger "
        "2026-02-20-supreme-court-voids-ieepa-tariffs).",
        "Not modelled: Section 232 sectoral duties (steel and aluminium, vehicles and parts, "
        "lumber, trucks), which an aggregate panel cannot target; Mexico imposed no "
        "counter-tariffs in 2025; the model has no tariff revenue.",
        "No estimated coefficient enters the shock, so there is no Monte Carlo interval: "
        "the uncertainty is in the assumptions above and in sigma (see --sigma).",
    ),
)

SCENARIOS: dict[str, Scenario] = {s.name: s for s in (USMCA_END, TARIFFS_2025, DEEPENING)}


def get(name: str) -> Scenario:
    try:
        return SCENARIOS[name]
    except KeyError:
        raise NotFoundError(f"unknown scenario {name!r}; choose one of "
                            f"{sorted(SCENARIOS)}") from None
