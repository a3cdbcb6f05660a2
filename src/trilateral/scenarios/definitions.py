"""The scenarios, as data: which policy states they move between, on which panel, and why.

A scenario moves the three North American pairs from one policy state to another
(``trilateral.scenarios.policy``). The move changes the guide's trade-cost term ``t_ij``
(trade costs raised to ``1 - sigma``) of each directed pair by

* ``exp(sum_k w_k * beta_k)`` for a change of agreement status, with ``beta`` the agreement
  coefficients estimated on the panel's own flows (border-netted: international-border-by-year
  terms absorb the common globalisation trend), and
* ``((1 + rate_to) / (1 + rate_from)) ** -sigma`` for a change of the effective ad valorem
  rate (trade values exclude the duty, so the tariff elasticity of trade is ``-sigma``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from trilateral.errors import InputError, NotFoundError
from trilateral.scenarios.panels import NORTH_AMERICA

NA_PAIRS = tuple((a, b) for a in NORTH_AMERICA for b in NORTH_AMERICA if a != b)
WIOD_BORDERS = ("border_2000", "border_2005", "border_2010")
AGTPA_BORDERS = ("border_1986", "border_1990", "border_1994", "border_1998", "border_2002")
ILLUSTRATIVE = "NAFTA 1994-2006 in GE (illustrative)"


@dataclass(frozen=True)
class Setup:
    """How a scenario runs on one panel: stage-1 terms and how each agreement status enters."""

    panel: str
    terms: tuple[str, ...]
    agreement: Mapping[str, Mapping[str, float]]  # status -> weights on the terms
    label: str = ""
    notes: tuple[str, ...] = ()

    def weights(self, status: str) -> Mapping[str, float]:
        if status not in self.agreement:
            raise InputError(f"panel {self.panel!r} cannot represent the agreement status "
                             f"{status!r}", field="panel")
        return self.agreement[status]


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    question: str
    start: str  # policy state moved from
    end: str  # policy state moved to
    setups: tuple[Setup, ...]
    assumptions: tuple[str, ...]
    dated: bool = False  # the end state's date can be chosen (--date)

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


# ----------------------------------------------------------------------------- shared text

MANUFACTURING = ("Output, spending and real GDP are those of aggregate manufacturing, the panel's "
                 "only sector (gross output incl. domestic sales): effects are relative to the "
                 "manufacturing economy and larger than for the whole economy.")
GROSS_OUTPUT = ("Output, spending and real GDP are gross output of goods and services (WIOD), "
                "not value added; ROW is WIOD's rest-of-the-world aggregate.")
RECENT = ("Baseline: WIOD 2014, the newest panel with domestic sales that trilateral can ship "
          "(no redistributable public copy of a newer one, such as USITC's ITPD-E, was "
          "found).")
SIGMA_TEXT = ("The elasticity of substitution sigma is uncertain: the Monte Carlo draws it "
              "from the documented range, together with any estimated coefficient the "
              "shock uses.")
BORDER = ("Border-netted: international-border-by-year terms absorb the common globalisation "
          "trend, so the agreement terms keep only their own effect.")

WIOD_AGREEMENT = {"in force": {}, "ended": {"other_fta": -1.0},
                  "eu-like": {"eu_enlargement": 1.0, "other_fta": -1.0}}
WIOD_SETUP = Setup("wiod", ("eu_enlargement", "other_fta", *WIOD_BORDERS), WIOD_AGREEMENT,
                   "WIOD 2014, goods and services", (RECENT, GROSS_OUTPUT, BORDER))
AGTPA_SETUP = Setup(
    "agtpa", ("nafta", "rta_other", *AGTPA_BORDERS),
    {"in force": {}, "ended": {"nafta": -1.0}}, ILLUSTRATIVE,
    ("The Advanced Guide's 4-year panel 1986-2006, the one panel with intranational flows in "
     "which the agreement's entry (CUSFTA 1989, NAFTA 1994) is observed within pairs; GE "
     "baseline year 2006. Illustrative: it answers what NAFTA did by 2006 in manufacturing, "
     "not what ending USMCA would do today.", MANUFACTURING, BORDER))

# ----------------------------------------------------------------------------- usmca-end

USMCA_END = Scenario(
    name="usmca-end",
    title="If the USMCA ended",
    question="What would ending the agreement among Canada, Mexico and the United States, "
             "with today's Section 232 duties kept, do to each country?",
    start="usmca-2024", end="usmca-ended", setups=(WIOD_SETUP, AGTPA_SETUP),
    assumptions=(
        "On WIOD (2000-2014) the North American pairs are under their agreement in every "
        "year, so its own effect cannot be estimated there; the agreement is assumed to have "
        "the average effect of the free trade agreements that entered into force among WIOD's "
        "economies in 2000-2014 (other_fta, PPML with exporter-year, importer-year and pair "
        "effects and international-border-by-year terms). Ending it multiplies t_ij by "
        "exp(-beta_other_fta). On the illustrative panel the region's own CUSFTA/NAFTA dummy is "
        "used instead (beta_nafta, same specification).",
        "Ending the agreement returns the pairs to MFN treatment; the Section 232 duties in "
        "force on the state's date among the three stay, and with no agreement their USMCA "
        "exemptions lapse. Sectoral duties whose share of a pair's trade is unknown cannot be "
        "placed in a one-sector model and are listed as not modelled.",
        "Nothing else changes: other agreements, endowments and trade imbalances as shares of "
        "output stay as in the baseline year.",
        SIGMA_TEXT,
    ),
    dated=True,
)

# ----------------------------------------------------------------------------- deepening

DEEPENING = Scenario(
    name="deepening",
    title="Deepening to an EU-like level",
    question="What if the three pairs' trade costs fell to what EU membership does, rather "
             "than an ordinary free trade agreement?",
    start="usmca-2024", end="deepening", setups=(WIOD_SETUP,),
    assumptions=(
        "In WIOD's coding the three North American pairs are 'other FTA' pairs. EU-like "
        "means recoding them as EU pairs: t_ij becomes t_ij * exp(beta_eu - beta_other_fta), "
        "both from one border-netted PPML with exporter-year, importer-year and pair effects.",
        "The EU effect is identified by the 2004-2013 accessions, which moved pairs from "
        "Europe Agreements to membership; it is assumed to carry over to North America, "
        "single market, customs union and all.",
        "Endowments and trade imbalances as shares of output stay as in 2014.",
        SIGMA_TEXT,
    ),
)

# ----------------------------------------------------------------------------- tariffs-2025

TARIFFS_2025 = Scenario(
    name="tariffs-2025",
    title="The 2025-26 tariffs",
    question="What do the North American tariffs in force on a chosen date do to each "
             "country, with USMCA-qualifying goods exempt?",
    start="usmca-2024", end="tariffs", setups=(WIOD_SETUP, AGTPA_SETUP),
    assumptions=(
        "Each measure in force on the date, from the tariff-measures table, adds its rate "
        "times its coverage times (1 - exempt share) to the pair's effective ad valorem rate; "
        "t_ij is multiplied by ((1 + rate) / (1 + rate in 2024)) ** -sigma (trade is valued "
        "without the duty, so the tariff elasticity of trade is -sigma).",
        "Where the table does not know the share of trade exempt as USMCA-qualifying, the "
        "scenario runs at both bounds (0 and 1) and reports both; otherwise at the table's "
        "low and high shares.",
        "Duties on goods are applied to the pair's goods-and-services flows: an upper bound "
        "on the shock for services-heavy pairs. Sectoral duties whose share of a pair's "
        "trade is unknown are listed as not modelled; the model has no tariff revenue.",
        "The agreement stays in force. " + SIGMA_TEXT,
    ),
    dated=True,
)

SCENARIOS: dict[str, Scenario] = {s.name: s for s in (USMCA_END, TARIFFS_2025, DEEPENING)}


def get(name: str) -> Scenario:
    try:
        return SCENARIOS[name]
    except KeyError:
        raise NotFoundError(f"unknown scenario {name!r}; choose one of "
                            f"{sorted(SCENARIOS)}") from None
