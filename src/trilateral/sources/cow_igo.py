"""Correlates of War IGO data v3: intergovernmental organisations shared by the three, 1945-2014.

``cow_igo_joint``: per year and pair (USA-CAN, USA-MEX, CAN-MEX) and for all three together,
how many IGOs count both (all) as full members, and as full or associate members.
``cow_igo_memberships``: per year and country, full / associate / observer memberships, and the
number of IGOs alive that year (the denominator).

The counts are computed here from the IGO-year status columns; the bundled derived counts are
read too, and the build stops if the two disagree.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pandas as pd

from trilateral.errors import ValidationError
from trilateral.sources._tabular import integers, read_csv
from trilateral.sources.base import SourceSpec

STATUS_FILE = "igo_year_format3_USA-CAN-MEX_columns.csv"
DERIVED_FILE = "igo_joint_memberships_NA_dyads_1945_2014_derived.csv"
COLUMNS = {"usa": "USA", "canada": "CAN", "mexico": "MEX"}  # the file's columns, ISO3
FULL, ASSOCIATE, OBSERVER, MISSING = 1, 2, 3, -9
FIRST_YEAR = 1945

SPEC = SourceSpec(
    id="cow-igo",
    publisher="Correlates of War Project, Intergovernmental Organizations data v3.0 (Pevehouse, "
              "Nordstrom, McManus and Jamison), via the igoR R package",
    title="Joint IGO memberships of the United States, Canada and Mexico, 1945-2014",
    url="https://correlatesofwar.org/",
    licence="COW data are free to use with citation of the IGO documentation; the igoR "
            "package that carries them is GPL (>= 3).",
    raw_dir="institutions/cow-igo-v3",
    raw_files=(STATUS_FILE, DERIVED_FILE),
    accessed="not recorded (igoR commit c9936ca)",
    vintage="COW IGO v3.0",
    tables=("cow_igo_joint", "cow_igo_memberships"),
    unit="number of IGOs",
    family="institutions",
    citation="Pevehouse, J. C. W., Nordstrom, T., McManus, R. W. and Jamison, A. S. (2020): "
              "Tracking organizations in the world: The Correlates of War IGO Version 3.0 "
              "datasets. Journal of Peace Research.",
    caveats=(
        "Ends in 2014 (COW IGO v3.0). Years before 1965 rest on memberships recorded at 5-year "
        "intervals in the original data.",
        "Status codes: 1 full, 2 associate, 3 observer, -9 missing, -1 not a state; missing "
        "statuses count as not a member (missing column).",
        "Full-or-associate counts for all three together are computed here (the bundled "
        "derived file leaves them empty); all other counts equal the bundled derived file.",
        "igos_alive counts all IGOs in the data that year, whether or not any of the three "
        "belongs: shares of it describe the joint membership's weight in the IGO system.",
    ),
)


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    base = raw_dir / SPEC.raw_dir
    status = read_status(base / STATUS_FILE)
    joint = joint_counts(status)
    check_against_derived(joint, base / DERIVED_FILE)
    return {"cow_igo_joint": joint, "cow_igo_memberships": memberships(status)}


def read_status(path: Path) -> pd.DataFrame:
    df = read_csv(path, ["ioname", "year", *COLUMNS], dtype=str, keep_default_na=False)
    out = pd.DataFrame({"ioname": df["ioname"],
                        "year": integers(df, "year", path, lo=1800, hi=2100)})
    for col in COLUMNS:
        out[col] = integers(df, col, path, lo=-9, hi=3, optional=True)  # empty: not a state
    return out[out["year"] >= FIRST_YEAR].astype({"year": int})


def joint_counts(status: pd.DataFrame) -> pd.DataFrame:
    alive = status.groupby("year").size()
    groups = [*combinations(COLUMNS, 2), tuple(COLUMNS)]
    frames = []
    for cols in groups:
        full = (status[list(cols)] == FULL).all(axis=1)
        either = status[list(cols)].isin([FULL, ASSOCIATE]).all(axis=1)
        counts = pd.DataFrame({"joint_full": full, "joint_full_or_associate": either,
                               "year": status["year"]}).groupby("year").sum()
        codes = [COLUMNS[c] for c in cols]
        counts["group"] = "-".join(codes)
        counts["iso3_a"], counts["iso3_b"] = (codes[0], codes[1]) if len(codes) == 2 else (
            pd.NA, pd.NA)
        counts["igos_alive"] = alive
        frames.append(counts.reset_index())
    out = pd.concat(frames, ignore_index=True)
    out["unit"] = "IGOs"
    out["source"] = SPEC.id
    cols = ["year", "group", "iso3_a", "iso3_b", "joint_full", "joint_full_or_associate",
            "igos_alive", "unit", "source"]
    return out[cols].sort_values(["group", "year"]).reset_index(drop=True)


def memberships(status: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for col, iso in COLUMNS.items():
        by_year = status.groupby("year")[col]
        rows.append(pd.DataFrame({
            "iso3": iso, "full": by_year.apply(lambda s: int((s == FULL).sum())),
            "associate": by_year.apply(lambda s: int((s == ASSOCIATE).sum())),
            "observer": by_year.apply(lambda s: int((s == OBSERVER).sum())),
            "missing": by_year.apply(lambda s: int((s == MISSING).sum())),
            "igos_alive": by_year.size()}).reset_index())
    out = pd.concat(rows, ignore_index=True)
    out["unit"] = "IGOs"
    out["source"] = SPEC.id
    return out.sort_values(["iso3", "year"]).reset_index(drop=True)


DERIVED_GROUPS = {"usa-canada": "USA-CAN", "usa-mexico": "USA-MEX", "canada-mexico": "CAN-MEX",
                  "usa-canada-mexico": "USA-CAN-MEX"}


def check_against_derived(joint: pd.DataFrame, path: Path) -> None:
    """The bundled derived counts must equal ours, row by row."""
    ref = read_csv(path, ["year", "dyad", "joint_full_memberships", "joint_full_or_associate"])
    ref = ref.rename(columns={"joint_full_memberships": "ref_full",
                              "joint_full_or_associate": "ref_either"})
    ref["group"] = ref["dyad"].map(DERIVED_GROUPS)
    merged = ref.merge(joint, on=["year", "group"], how="left")
    for theirs, ours, field in (("ref_full", "joint_full", "joint_full_memberships"),
                                ("ref_either", "joint_full_or_associate",
                                 "joint_full_or_associate")):
        diff = merged[theirs].notna() & (merged[theirs] != merged[ours])
        if diff.any():
            i = int(diff.to_numpy().nonzero()[0][0])
            raise ValidationError(
                f"derived count {merged[theirs].iloc[i]} differs from recomputed "
                f"{merged[ours].iloc[i]} for {merged['group'].iloc[i]} {merged['year'].iloc[i]}",
                file=path, row=i + 2, field=field)
