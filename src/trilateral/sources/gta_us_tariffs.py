"""Global Trade Alert: registry of U.S. tariff events, 2025-2026, with Canada and Mexico flagged.

Not shipped: the data are licensed CC BY-NC 4.0 (non-commercial only), so trilateral bundles no
snapshot. A user who may use them loads the registry locally:
``trilateral data load gta-us-tariffs event_registry.csv``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from trilateral.sources._tabular import dates, first_bad, read_csv, year_of
from trilateral.sources.base import SourceSpec, require_unique

FILE = "event_registry.csv"
COLUMNS = ("effective_date", "event_id", "event_name", "description", "rate_component",
           "affected_countries", "section_ref")

SPEC = SourceSpec(
    id="gta-us-tariffs",
    publisher="Global Trade Alert / St. Gallen Endowment for Prosperity through Trade (SGEPT)",
    title="U.S. tariff event registry 2025-2026 (us-tariff-barrier-estimates)",
    url="https://github.com/global-trade-alert/us-tariff-barrier-estimates",
    licence="CC BY-NC 4.0: non-commercial use only. Not shipped with trilateral.",
    raw_dir="reversal/gta-us-tariff-2025",
    raw_files=(FILE,),
    accessed="not recorded (commit 19097ee of 2026-02-22)",
    vintage="us-tariff-barrier-estimates commit 19097ee",
    tables=("gta_us_tariff_events",),
    unit="events",
    shippable=False,
    family="reversal",
    citation="Global Trade Alert (SGEPT): us-tariff-barrier-estimates, data/scenarios/"
             "event_registry.csv, CC BY-NC 4.0.",
    caveats=(
        "Not shippable: CC BY-NC 4.0 forbids commercial use, so no snapshot is bundled; load "
        "the registry yourself with `trilateral data load gta-us-tariffs <event_registry.csv>`.",
        "The registry starts Section 232 steel at 10% on 2025-01-01, although the 2018 "
        "proclamation set steel at 25% (aluminium 10%): check before use.",
        "The last event (2026-02-20, IEEPA tariffs struck down) was not checked against the "
        "public record.",
        "Only the 2025-26 episode: no 2018-2019 Section 232 events for Canada or Mexico.",
    ),
)


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    return parse_file(raw_dir / SPEC.raw_dir / FILE, SPEC.vintage)


def parse_file(path: Path, vintage: str) -> dict[str, pd.DataFrame]:
    """Validate an ``event_registry.csv`` and flag the events that reach Canada or Mexico."""
    df = read_csv(path, COLUMNS, dtype=str, keep_default_na=False)
    require_unique(df, ["event_id"], file=path)
    scope = df["affected_countries"].str.strip()
    token = r"(?:[A-Z]{3}|EU_MEMBERS)"  # ISO3 codes, or the registry's EU group
    first_bad(~scope.str.fullmatch(rf"ALL|ALL_EXCEPT(:{token})+|{token}(:{token})*"), df,
              "affected_countries", path, "not ALL, ALL_EXCEPT:codes or ISO3 codes")
    out = df[list(COLUMNS)].copy()
    out["effective_date"] = dates(df, "effective_date", path)
    out["year"] = year_of(out["effective_date"])
    out["affects_can"] = scope.map(lambda s: reaches(s, "CAN"))
    out["affects_mex"] = scope.map(lambda s: reaches(s, "MEX"))
    out["vintage"] = vintage
    out["source"] = SPEC.id
    return {"gta_us_tariff_events": out.sort_values(["effective_date", "event_id"])
            .reset_index(drop=True)}


def reaches(scope: str, iso3: str) -> bool:
    """Whether ``ALL``, ``ALL_EXCEPT:A:B`` or ``A:B`` covers ``iso3`` (never in EU_MEMBERS)."""
    parts = scope.split(":")
    if parts[0] == "ALL":
        return True
    if parts[0] == "ALL_EXCEPT":
        return iso3 not in parts[1:]
    return iso3 in parts
