"""Hofstede's six dimensions of national culture (2015 data matrix): a static baseline.

One row per entity of the matrix. Countries carry their ISO3 code; the matrix also scores
regions ("Arab countries", "Africa West") and sub-national groups ("Canada French", "Belgium
French", ...), which are kept with ``kind`` = region / subnational and no ISO3 code, so that a
country is never counted twice.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from trilateral.sources._tabular import first_bad, numbers, read_csv
from trilateral.sources.base import SourceSpec, to_iso3

FILE = "6-dimensions-for-website-2015-08-16.csv"
DIMENSIONS = {"pdi": "power_distance", "idv": "individualism", "mas": "masculinity",
              "uai": "uncertainty_avoidance", "ltowvs": "long_term_orientation",
              "ivr": "indulgence"}

SPEC = SourceSpec(
    id="hofstede",
    publisher="Geert Hofstede, dimension data matrix (geerthofstede.com, file dated 2015-08-16)",
    title="Hofstede 6-D model: national culture scores (static)",
    url="https://geerthofstede.com",
    licence="Terms not stated with the file; scores as published by Hofstede, Hofstede & "
            "Minkov (2010), reproduced with citation for research use.",
    raw_dir="values/hofstede-6d-2015",
    raw_files=(FILE,),
    accessed="not recorded (copied from HoaMacDanh/GEO commit 1930b2f)",
    vintage="2015-08-16",
    tables=("hofstede",),
    unit="index points, roughly 0-100 (some scores exceed 100)",
    family="values",
    citation="Hofstede, G., Hofstede, G. J. and Minkov, M. (2010): Cultures and Organizations: "
             "Software of the Mind, 3rd ed., McGraw-Hill; data matrix of 2015-08-16.",
    caveats=(
        "Static: one score per entity, no time dimension. A baseline, not a measure of change.",
        "Regions (Africa East, Africa West, Arab countries) and sub-national groups (Canada "
        "French, Belgium French/Netherl., Germany East, South Africa white, Switzerland "
        "French/German) are kept with kind region/subnational and no ISO3 code.",
        "Missing scores ('#NULL!' in the file) are empty; long-term orientation and indulgence "
        "come from WVS-based estimates and cover different countries than the first four.",
        "Redistribution terms are not stated in the source: check geerthofstede.com before "
        "republishing the table.",
    ),
)

# Rows of the matrix that are not countries (labels as written in the file).
NOT_COUNTRIES = {"Africa East": "region", "Africa West": "region", "Arab countries": "region",
                 "Belgium French": "subnational", "Belgium Netherl": "subnational",
                 "Canada French": "subnational", "Germany East": "subnational",
                 "South Africa white": "subnational", "Switzerland French": "subnational",
                 "Switzerland German": "subnational"}


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    return parse_file(raw_dir / SPEC.raw_dir / FILE, SPEC.vintage)


def parse_file(path: Path, vintage: str) -> dict[str, pd.DataFrame]:
    """Validate a semicolon-separated Hofstede matrix and return ``hofstede``."""
    df = read_csv(path, ["ctr", "country", *DIMENSIONS], sep=";", dtype=str,
                  keep_default_na=False)
    out = pd.DataFrame({"hofstede_code": df["ctr"], "name": df["country"]})
    out["kind"] = df["country"].map(NOT_COUNTRIES).fillna("country")
    is_country = out["kind"] == "country"
    rows = [int(i) + 2 for i in df.index[is_country]]
    out["iso3"] = pd.Series(pd.NA, index=df.index, dtype="object")
    out.loc[is_country, "iso3"] = to_iso3(df.loc[is_country, "country"], file=path,
                                          field="country", rows=rows)
    dup = is_country & out["iso3"].duplicated(keep="first")
    first_bad(dup, df, "country", path, "a second row for the same country")
    for code, name in DIMENSIONS.items():
        out[name] = numbers(df, code, path, lo=0, hi=200, missing=("", "#NULL!"))
    out["vintage"] = vintage
    out["source"] = SPEC.id
    cols = ["iso3", "name", "kind", "hofstede_code", *DIMENSIONS.values(), "vintage", "source"]
    return {"hofstede": out[cols].sort_values(["kind", "name"]).reset_index(drop=True)}
