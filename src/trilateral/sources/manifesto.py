"""Manifesto Project (MARPOR) dataset: party platforms of the United States, Canada and Mexico.

One row per party and election: vote share, the protectionism categories (per406 positive,
per407 negative), internationalism (per107 positive, per109 negative), their net scores and
the left-right index ``rile``. All ``per`` values are percentages of a platform's quasi-sentences.

Not shipped: the Manifesto Project's terms of use forbid redistributing its data without
written authorisation. The table is built locally from a file the user downloads after
registering: ``trilateral data load manifesto MPDataset_MPDS2023a.csv``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from trilateral.errors import ValidationError
from trilateral.sources._tabular import first_bad, integers, numbers, read_csv
from trilateral.sources.base import SourceSpec, require_unique, to_iso3

FILE = "MPDataset_MPDS2023a.csv"
COUNTRIES = ("United States", "Canada", "Mexico")
CATEGORIES = ("per406", "per407", "per107", "per109")
REQUIRED = ("countryname", "date", "edate", "party", "partyname", "partyabbrev", "parfam",
            "pervote", "total", *CATEGORIES, "rile", "datasetversion")

SPEC = SourceSpec(
    id="manifesto",
    publisher="Manifesto Project (MRG/CMP/MARPOR), WZB Berlin Social Science Center",
    title="Manifesto Project Dataset MPDS2023a: U.S., Canadian and Mexican party platforms "
          "(protectionism, internationalism, left-right)",
    url="https://manifesto-project.wzb.eu/",
    licence="Manifesto Project terms of use: redistribution forbidden without written "
            "authorisation; registration and citation required. Not shipped with trilateral.",
    raw_dir="political/manifesto-mpds2023a",
    raw_files=(FILE,),
    accessed="not recorded (copied byte for byte from a public repository, commit 125df3d)",
    vintage="MPDS2023a",
    tables=("manifesto_parties",),
    unit="percent of a platform's quasi-sentences; pervote: percent of votes",
    shippable=False,
    family="political",
    citation="The Manifesto Data Collection. Manifesto Project (MRG/CMP/MARPOR). Version "
             "2023a. Berlin: Wissenschaftszentrum Berlin für Sozialforschung (WZB); cite with "
             "the authors the Manifesto Project lists for this version.",
    caveats=(
        "Not shippable: the Manifesto Project forbids redistribution without written "
        "authorisation, so no snapshot is bundled. Register at the Manifesto Project, download "
        "MPDS2023a and run `trilateral data load manifesto <file>` to build the table locally.",
        "protectionism_net = per406 (protectionism: positive) - per407 (protectionism: "
        "negative): higher is more protectionist. internationalism_net = per107 - per109.",
        "Canada stops at the 2015 election in MPDS2023a (2019 and 2021 are missing); the United "
        "States has 1920-2020 and Mexico 1946-2018.",
        "The U.S. Republican 2020 row repeats the 2016 platform values: the party re-adopted its "
        "2016 platform in 2020.",
        "pervote is missing for a few rows (alliances, parties without a separate result).",
    ),
)


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    return parse_file(raw_dir / SPEC.raw_dir / FILE, SPEC.vintage)


def parse_file(path: Path, vintage: str) -> dict[str, pd.DataFrame]:
    """Validate an MPDS CSV (all countries) and return the three countries' party rows."""
    df = read_csv(path, REQUIRED, dtype=str, keep_default_na=False)
    df = df[df["countryname"].isin(COUNTRIES)]
    if df.empty:
        raise ValidationError("no United States, Canada or Mexico rows", file=path,
                              field="countryname")
    return {"manifesto_parties": harmonise(df, path, vintage)}


def harmonise(df: pd.DataFrame, path: Path, vintage: str) -> pd.DataFrame:
    rows = [int(i) + 2 for i in df.index]
    date = integers(df, "date", path, lo=180001, hi=210012)
    out = pd.DataFrame({
        "iso3": to_iso3(df["countryname"], file=path, field="countryname", rows=rows),
        "year": (date // 100).astype(int), "election_date": election_date(df, path),
        "party": integers(df, "party", path).astype(int),
        "partyname": df["partyname"], "partyabbrev": df["partyabbrev"].replace("", pd.NA),
        "parfam": integers(df, "parfam", path, optional=True),
        "pervote": numbers(df, "pervote", path, lo=0, hi=100),
        "quasi_sentences": integers(df, "total", path, optional=True, lo=0),
    }, index=df.index)
    for col in CATEGORIES:
        out[col] = numbers(df, col, path, lo=0, hi=100)
    out["protectionism_net"] = out["per406"] - out["per407"]
    out["internationalism_net"] = out["per107"] - out["per109"]
    out["rile"] = numbers(df, "rile", path, lo=-100, hi=100)
    out["dataset_version"] = df["datasetversion"]
    out["unit"] = "percent of quasi-sentences"
    out["vintage"] = vintage
    out["source"] = SPEC.id
    require_unique(out, ["iso3", "election_date", "party"], file=path)
    return out.sort_values(["iso3", "year", "party"]).reset_index(drop=True)


def election_date(df: pd.DataFrame, path: Path) -> pd.Series:
    """``edate`` (DD/MM/YYYY in the MPDS CSV) as an ISO date."""
    parsed = pd.to_datetime(df["edate"], format="%d/%m/%Y", errors="coerce")
    first_bad(parsed.isna(), df, "edate", path, "not a DD/MM/YYYY date")
    return parsed.dt.strftime("%Y-%m-%d")
