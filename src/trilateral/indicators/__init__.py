"""Indicators: pure functions over harmonised tables, each returning a tidy frame.

>>> from trilateral import indicators
>>> indicators.compute(["trade_share"], as_of="2006-03-31")      # doctest: +SKIP

Every frame has the columns of :data:`trilateral.indicators.frame.COLUMNS`. A table that is not
in the warehouse yet is a data gap: the indicator returns no rows for it, and ``compute`` lists
the gap in ``frame.attrs["gaps"]``.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from trilateral.errors import NotFoundError
from trilateral.indicators import asof

if TYPE_CHECKING:
    import pandas as pd

    from trilateral.indicators.inputs import Tables

__all__ = ["COLUMNS", "INDICATORS", "Indicator", "Tables", "compute", "names"]


@dataclass(frozen=True)
class Indicator:
    """One indicator: its name, family, the function computing it, and what it measures."""

    name: str
    family: str
    function: str  # "module:function" inside trilateral.indicators
    description: str
    tables: tuple[str, ...]

    def load(self) -> Callable[[Tables], pd.DataFrame]:
        mod, fn = self.function.split(":")
        return getattr(importlib.import_module(f"trilateral.indicators.{mod}"), fn)


TRADE = ("trade_flows", "census_country")
INDICATORS: dict[str, Indicator] = {i.name: i for i in (
    Indicator("trade_share", "trade", "trade:trade_share",
              "partner's share of the reporter's goods trade (exports, imports, total)", TRADE),
    Indicator("trade_intensity", "trade", "trade:trade_intensity",
              "partner's share in the reporter's trade over its share in world trade", TRADE),
    Indicator("regional_introversion", "trade", "trade:regional_introversion",
              "Iapadre's homogeneous introversion index of the three, and their intra share",
              TRADE),
    Indicator("dependence_asymmetry", "trade", "trade:dependence_asymmetry",
              "spoke's share with the US over the US's share with the spoke", TRADE),
    Indicator("spoke_to_spoke", "trade", "trade:spoke_to_spoke",
              "Canada-Mexico trade relative to each one's trade with the US", TRADE),
    Indicator("cultural_distance", "values", "values:cultural_distance",
              "distance between two countries on the Inglehart-Welzel map, per survey wave",
              ("ivs_cultural_map",)),
    Indicator("values_dispersion", "values", "values:values_dispersion",
              "spread of the three on the cultural map per wave (sigma convergence)",
              ("ivs_cultural_map",)),
    Indicator("reference_distance", "values", "values:reference_distance",
              "distance to the Latin American and Protestant European medians per wave",
              ("ivs_cultural_map",)),
    Indicator("trust_gap", "values", "values:trust_gap",
              "gap in generalised trust between two of the three, per WVS wave", ("trust",)),
    Indicator("us_favourability", "values", "values:us_favourability",
              "share with a favourable view of the US in Canada and Mexico (Pew)",
              ("pew_us_image",)),
    Indicator("shared_igos", "institutions", "institutions:shared_igos",
              "intergovernmental organisations two of the three (or all three) belong to",
              ("cow_igo_joint",)),
    Indicator("agreements_in_force", "institutions", "institutions:agreements_in_force",
              "trade agreements in force between two of the three, and the deepest one's depth",
              ("desta_dyads", "desta_treaties")),
    Indicator("alliance_ties", "institutions", "institutions:alliance_ties",
              "alliance obligations between two of the three (ATOP)", ("atop_dyads",)),
    Indicator("environmental_agreements", "institutions", "institutions:environmental_agreements",
              "environmental agreements shared by two or all three (IEADB)", ("ieadb_agreements",)),
    Indicator("party_positions", "institutions", "institutions:party_positions",
              "vote-weighted protectionism and internationalism in party platforms, by election",
              ("manifesto_parties",)),
    Indicator("kof_globalisation", "institutions", "institutions:kof_globalisation",
              "KOF de facto and de jure globalisation of each of the three and the world median",
              ("kof_globalisation",)),
)}


def __getattr__(name: str) -> Any:
    """``COLUMNS`` and ``Tables`` load pandas: import them only when asked for."""
    if name == "COLUMNS":
        from trilateral.indicators.frame import COLUMNS

        return COLUMNS
    if name == "Tables":
        from trilateral.indicators.inputs import Tables

        return Tables
    raise AttributeError(name)


def names() -> list[str]:
    return list(INDICATORS)


def compute(names: Iterable[str] | None = None, as_of: str | dt.date | None = None,
            tables: Tables | None = None) -> pd.DataFrame:
    """Every requested indicator (all by default), keeping values public by ``as_of``.

    The frame's ``attrs`` carry ``gaps`` (table -> why it is missing) and ``tables`` (used).
    """
    wanted = list(names) if names else list(INDICATORS)
    unknown = [n for n in wanted if n not in INDICATORS]
    if unknown:
        raise NotFoundError(f"unknown indicator(s) {', '.join(unknown)}; "
                            f"known: {', '.join(INDICATORS)}")
    import pandas as pd

    from trilateral.indicators.frame import empty
    from trilateral.indicators.inputs import Tables

    day = asof.parse_as_of(as_of)
    tables = tables or Tables()
    frames = [f for f in (INDICATORS[n].load()(tables) for n in wanted) if not f.empty]
    out = pd.concat(frames, ignore_index=True) if frames else empty()
    if day is not None:
        out = out[out["available"] <= day.isoformat()].reset_index(drop=True)
    out.attrs["gaps"] = dict(sorted(tables.missing.items()))
    out.attrs["tables"] = sorted(tables.used)
    return out
