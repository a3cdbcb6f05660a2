"""International Environmental Agreements Database: agreements shared by two or more of the
United States, Canada and Mexico.

``ieadb_agreements``: one row per agreement (706) with its date concluded, entry into force,
type, scope (bilateral / multilateral), subject and which of the three take part.
``ieadb_memberships``: the three's membership actions (signature, ratification, entry into
force, withdrawal, ...) with their dates.

Many of the agreements all three take part in are global conventions: ``scope`` (the IEADB's
membership eligibility) separates bilateral from multilateral ones.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from trilateral.sources._tabular import THE_THREE, dates, integers, join_codes, read_csv, year_of
from trilateral.sources.base import SourceSpec, require_unique, to_iso3

TREATY_FILE = "ieadb_treaties_USA-CAN-MEX_shared_agreements.csv"
MEMBER_FILE = "ieadb_members_USA-CAN-MEX_shared_agreements.csv"
NO_DATE = "1111-11-11"  # the IEADB's placeholder for an unknown or not-applicable date
# A zero date ("0000-00-00") that an export turned into year -1: unknown as well.
BROKEN_DATES = (NO_DATE, "-0001-11-3", "-0001-11-30")
SCOPES = {"Bilateral (2 and only 2 governments)": "bilateral",
          "Multilateral (3 or more governments)": "multilateral"}
TREATY_COLUMNS = {"IEA#": "iea_id", "Agreement Name": "name",
                  "Agreement Type Level 3": "agreement_type",
                  "Inclusion (type of agreements)": "inclusion",
                  "Membership eligibility (multilateral, bilateral, etc)": "eligibility",
                  "Issue area (subject)": "subject", "Lineage": "lineage",
                  "Date IEA was concluded": "concluded",
                  "Date IEA entered into force": "in_force", "Term Date": "terminated",
                  "Secretariat": "secretariat"}
MEMBER_COLUMNS = ("Mitch ID", "Country (official name)", "Action Type", "Year", "Month", "Day")

SPEC = SourceSpec(
    id="ieadb",
    publisher="International Environmental Agreements (IEA) Database Project, R. B. Mitchell et "
              "al., hosted by Université Laval",
    title="Environmental agreements with two or more of the United States, Canada and Mexico",
    url="https://www.iea.ulaval.ca/",
    licence="No licence stated; the file header requires all users to cite the IEADB website.",
    raw_dir="institutions/ieadb-north-america",
    raw_files=(TREATY_FILE, MEMBER_FILE),
    accessed="not recorded (export files dated 2026-01-23)",
    vintage="IEADB export of 2026-01-23",
    tables=("ieadb_agreements", "ieadb_memberships"),
    unit="agreements; membership actions",
    family="institutions",
    citation="Mitchell, R. B. et al. (2020): What we know (and could know) about international "
             "environmental agreements. Global Environmental Politics 20(1). IEADB, "
             "iea.ulaval.ca.",
    caveats=(
        "Filter: agreements where at least two of United States, Canada and Mexico appear in "
        "the IEADB membership list (706 agreements, 334 with all three); memberships of other "
        "countries are not bundled.",
        "Many three-way agreements are global conventions and their amendments: use scope "
        "(bilateral / multilateral) and inclusion (MEA, BEA, ...) to isolate North American ones.",
        "The IEADB writes unknown dates as 1111-11-11 (one termination date is a broken zero "
        "date, -0001-11-3): they are empty here.",
        "Amendments, protocols and exchanges of notes are separate agreements in the IEADB.",
        "In ieadb_agreements, year is the year the agreement was concluded (opened for "
        "signature); in ieadb_memberships, the year of the membership action.",
    ),
)


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    base = raw_dir / SPEC.raw_dir
    members = memberships(base / MEMBER_FILE)
    return {"ieadb_agreements": agreements(base / TREATY_FILE, members),
            "ieadb_memberships": members}


def memberships(path: Path) -> pd.DataFrame:
    df = read_csv(path, MEMBER_COLUMNS, dtype=str, keep_default_na=False)
    unknown = df["Year"] == NO_DATE[:4]  # 1111/11/11: the placeholder date, split in three
    df.loc[unknown, ["Year", "Month", "Day"]] = ""
    out = pd.DataFrame({
        "iea_id": integers(df, "Mitch ID", path, lo=1).astype(int),
        "iso3": to_iso3(df["Country (official name)"], file=path,
                        field="Country (official name)"),
        "action": df["Action Type"],
        "year": integers(df, "Year", path, lo=1800, hi=2100, optional=True),
        "month": integers(df, "Month", path, lo=0, hi=12, optional=True),
        "day": integers(df, "Day", path, lo=0, hi=31, optional=True),
    })
    out["source"] = SPEC.id
    return out.sort_values(["iea_id", "iso3", "year"]).reset_index(drop=True)


def agreements(path: Path, members: pd.DataFrame) -> pd.DataFrame:
    df = read_csv(path, list(TREATY_COLUMNS), dtype=str, keep_default_na=False)
    require_unique(df, ["IEA#"], file=path)
    out = df[list(TREATY_COLUMNS)].rename(columns=TREATY_COLUMNS).replace("", pd.NA)
    out["iea_id"] = integers(df, "IEA#", path, lo=1).astype(int)
    for col in ("concluded", "in_force", "terminated"):
        src = next(k for k, v in TREATY_COLUMNS.items() if v == col)
        out[col] = dates(df, src, path, sentinels=BROKEN_DATES)
    out["year"] = year_of(out["concluded"])
    out["year_in_force"] = year_of(out["in_force"])
    out["scope"] = out["eligibility"].map(SCOPES)
    parties = members.groupby("iea_id")["iso3"].agg(lambda s: sorted(set(s)))
    na = out["iea_id"].map(parties).map(lambda p: p if isinstance(p, list) else [])
    out["na_parties"] = na.map(join_codes)
    out["n_na_parties"] = na.map(len)
    for code in THE_THREE:
        out[code.lower()] = na.map(lambda p, c=code: c in p)
    out["source"] = SPEC.id
    return out.drop(columns=["eligibility"]).sort_values("iea_id").reset_index(drop=True)
