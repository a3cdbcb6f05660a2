"""The six paths and the Americanization lens, as data.

Each path lists who drives it and its observable implications. An implication names a check
(see :mod:`trilateral.paths.registry`) and the sign the path predicts for the check's estimate
relative to its null value (``expect`` +1: above, -1: below). The same check may serve several
paths with different predictions; that is what makes the evidence x path matrix diagnostic.
Nothing here states a verdict: verdicts come from the data (see :mod:`.combine`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Implication:
    check: str
    expect: int  # +1 or -1
    text: str
    weight: float = 1.0  # not read: weights come from precision and families (combine.py)


@dataclass(frozen=True)
class PathDef:
    id: str
    name: str
    kind: str  # "path" or "lens"
    summary: str
    drivers: tuple[str, ...]
    implications: tuple[Implication, ...]


I = Implication  # noqa: E741 - short alias for the table below

PATHS: tuple[PathDef, ...] = (
    PathDef(
        "bureaucratic", "Bureaucratically led integration", "path",
        "Federal officials deepen integration through working groups, standards and customs "
        "cooperation, without new treaties.",
        ("federal agencies and trilateral working groups (NAFTA Arts. 513, 913, 1504, 1605)",
         "Security and Prosperity Partnership (2005)", "Smart Border Accords (2001-02)",
         "USMCA committees"),
        (I("ledger_activity_bureaucratic", +1,
           "technical cooperation keeps a steady or rising flow of coded events"),
         I("ledger_direction_bureaucratic", +1, "that cooperation mostly deepens integration")),
    ),
    PathDef(
        "political", "Politically led integration", "path",
        "Legislators and subfederal governments act on constituents' cross-border concerns, "
        "toward more or less integration.",
        ("Congress, Parliament and the Mexican Congress", "governors, premiers and mayors"),
        (I("ledger_activity_political", +1, "political actors are increasingly active"),
         I("ledger_subfederal", +1,
           "states, provinces and cities take more cross-border actions")),
    ),
    PathDef(
        "institutional", "Institutionally led integration", "path",
        "New permanent trilateral bodies and deeper agreements steer integration.",
        ("advocates of a North American community (the 2005 independent task force)",
         "the three federal governments as founders of bodies"),
        (I("ledger_activity_institutional", +1,
           "bodies and agreements are founded or reformed more often"),
         I("ledger_direction_institutional", +1, "institutional events deepen integration"),
         I("agreement_depth_change", +1, "agreements among the three get deeper"),
         I("shared_igo_trend", +1, "the three share more intergovernmental organisations"),
         I("environmental_agreements_momentum", +1,
           "shared environmental agreements come into force more often")),
    ),
    PathDef(
        "values", "Values-led integration", "path",
        "Citizens' values converge across the three, pulling governments along.",
        ("citizens", "civil society and people-to-people ties"),
        (I("values_sigma_trend", -1, "the three's values spread shrinks across survey waves"),
         I("pair_distance_trend", -1, "pairwise cultural distances shrink"),
         I("mexico_latam_trend", +1, "Mexico moves away from the Latin American median"),
         I("north_europe_trend", +1,
           "the US and Canada move away from the Protestant European median"),
         I("trust_gap_trend", -1, "gaps in generalised trust narrow"),
         I("ledger_activity_values", +1, "people-to-people and opinion events multiply")),
    ),
    PathDef(
        "reversal", "Skeptics: reversal", "path",
        "Opponents roll integration back: barriers among the three, withdrawal threats, "
        "falling regional trade shares, hostile opinion.",
        ("opponents who doubt the benefits or fear the costs of integration",),
        (I("ledger_negative", +1, "events that weaken integration become more frequent"),
         I("ledger_net_direction", -1, "the balance of coded events turns negative"),
         I("us_regional_share_trend", -1, "the US trades a falling share with Canada and Mexico"),
         I("spoke_dependence_trend", -1, "Canada and Mexico trade a falling share with the US"),
         I("us_image_trend", -1, "opinion of the US sours in Canada and Mexico"),
         I("agreement_depth_change", -1, "agreements among the three get shallower"),
         I("protectionism_trend", +1, "party platforms turn protectionist"),
         I("canada_us_export_share_break", -1,
           "Canada's export share to the US drops in a break (monthly, seasonally adjusted)"),
         I("canada_us_export_share_gap", -1,
           "Canada's latest 12 months sit below their pre-break path"),
         I("us_regional_share_break", -1,
           "the US share of trade with Canada and Mexico drops in a break"),
         I("tariff_measures_in_force", +1,
           "tariff measures among the three are in force (a level, from official texts)")),
    ),
    PathDef(
        "globalization", "Skeptics: it is only globalization", "path",
        "North American trade moves with world trade; there is no specifically regional process.",
        ("skeptics who see global rather than North American forces",),
        (I("introversion_trend", -1,
           "the bloc's regional bias (introversion) does not rise once world trade is netted out"),
         I("intensity_trend", -1, "US trade intensity with Canada and Mexico does not rise"),
         I("nafta_gravity_effect", -1,
           "gravity finds no NAFTA/USMCA effect beyond the globalisation trend")),
    ),
    PathDef(
        "americanization", "Lens: Americanization", "lens",
        "Integration as asymmetric dependence on the United States: hub and spokes.",
        ("the United States' economic size and political weight",),
        (I("spoke_majority_share", +1, "Canada and Mexico each do most of their trade with the US"),
         I("asymmetry_trend", +1, "dependence on the US grows more asymmetric"),
         I("spoke_dependence_trend", +1, "Canada's and Mexico's shares with the US rise"),
         I("spoke_to_spoke_trend", -1, "Canada-Mexico trade shrinks relative to trade with the US"),
         I("ledger_americanization", +1, "the US sets terms partners accept more often"),
         I("canada_us_export_share_break", +1,
           "Canada's export share to the US steps up rather than down"),
         I("canada_us_export_share_gap", +1,
           "Canada's latest 12 months sit above their pre-break path")),
    ),
)

PATH_IDS: tuple[str, ...] = tuple(p.id for p in PATHS)


def get(path_id: str) -> PathDef:
    from trilateral.errors import NotFoundError

    for p in PATHS:
        if p.id == path_id:
            return p
    raise NotFoundError(f"unknown path {path_id!r}; known: {', '.join(PATH_IDS)}")
