"""ATOP 5.1 alliance obligations of the United States, Canada and Mexico.

``atop_dyads``: directed dyad-years (1908-2018) in which state A or state B is one of the three,
with the obligation types (defence, offence, neutrality, non-aggression, consultation) and the
ATOP alliance ids behind them. ``atop_alliances``: the alliances with at least one of the three
as a member, their obligations, dates and the three's entry and exit years.

Partners keep their Correlates of War code (``cow_a``/``cow_b``): COW state codes have no
ISO3 equivalent in country_converter, so only the three (COW 2, 20, 70, the same numbers in the
Gleditsch-Ward list) get ISO3 codes here.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from trilateral.sources._tabular import integers, join_codes, read_csv
from trilateral.sources.base import SourceSpec, to_iso3

DYAD_FILE = "atop5_1ddyr_USA-CAN-MEX_any.csv"
ALLIANCE_FILE = "atop5_1a.csv"
MEMBER_FILE = "atop5_1m.csv"
OBLIGATIONS = ("defense", "offense", "neutral", "nonagg", "consul")
DYAD_FIELDS = ("ddyad", "year", "atopally", *OBLIGATIONS, "shareob", "bilatno", "multino",
               "number", "asymm", "stateA", "stateB")
NA_COW = (2, 20, 70)

SPEC = SourceSpec(
    id="atop",
    publisher="Alliance Treaty Obligations and Provisions (ATOP) project, Leeds et al.",
    title="ATOP 5.1: alliance obligations of the United States, Canada and Mexico",
    url="http://www.atopdata.org/",
    licence="No licence stated; ATOP asks users to cite Leeds et al. (2002) and the version.",
    raw_dir="institutions/atop-5.1",
    raw_files=(DYAD_FILE, ALLIANCE_FILE, MEMBER_FILE),
    accessed="2026-01-31",
    vintage="5.1",
    tables=("atop_dyads", "atop_alliances"),
    unit="0/1 obligation indicators; counts of alliances",
    family="institutions",
    citation="Leeds, B. A., Ritter, J. M., Mitchell, S. M. and Long, A. G. (2002): Alliance "
             "Treaty Obligations and Provisions, 1815-1944. International Interactions 28, "
             "237-260. ATOP version 5.1.",
    caveats=(
        "Filter: directed dyad-years with USA (COW 2), Canada (20) or Mexico (70) as state A "
        "or B (19,868 rows, 1908-2018); the full ATOP dyad file is not bundled.",
        "Partners other than the three carry only their COW code (cow_a / cow_b): no COW-to-"
        "ISO3 converter is available, and hand-written country maps are not used.",
        "Directed: obligations run from state A to state B; each pair appears twice a year.",
        "atopids lists up to nine ATOP alliance ids active for the dyad-year.",
        "Ends in 2018. No Canada-Mexico alliance dyad exists in recent years; alliance 2550 "
        "(1942-1945) had all three as members.",
    ),
)


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    base = raw_dir / SPEC.raw_dir
    iso = na_iso3()
    return {"atop_dyads": dyads(base / DYAD_FILE, iso),
            "atop_alliances": alliances(base / ALLIANCE_FILE, base / MEMBER_FILE, iso)}


def na_iso3() -> dict[int, str]:
    """COW codes of the three -> ISO3 (COW and Gleditsch-Ward agree on 2, 20 and 70)."""
    return dict(zip(NA_COW, to_iso3([str(c) for c in NA_COW], src="GWcode"), strict=True))


def dyads(path: Path, iso: dict[int, str]) -> pd.DataFrame:
    df = read_csv(path, DYAD_FIELDS, dtype=str, keep_default_na=False)
    ids = [c for c in df.columns if c.startswith("atopid")]
    out = pd.DataFrame({"year": integers(df, "year", path, lo=1800, hi=2100).astype(int)})
    out["cow_a"] = integers(df, "stateA", path, lo=1).astype(int)
    out["cow_b"] = integers(df, "stateB", path, lo=1).astype(int)
    out["iso3_a"] = out["cow_a"].map(iso)
    out["iso3_b"] = out["cow_b"].map(iso)
    for col in ("atopally", *OBLIGATIONS, "asymm"):
        out[col] = integers(df, col, path, lo=0, hi=1).astype(int)
    out["shareob"] = integers(df, "shareob", path, lo=0, hi=1, optional=True)
    for col in ("bilatno", "multino", "number"):
        out[col] = integers(df, col, path, lo=0).astype(int)
    id_values = df[ids].apply(lambda c: pd.to_numeric(c, errors="coerce"))
    out["atopids"] = id_values.apply(lambda r: join_codes(int(v) for v in r.dropna()), axis=1)
    out = out[out["cow_a"].isin(iso) | out["cow_b"].isin(iso)]
    out["within_na"] = out["cow_a"].isin(iso) & out["cow_b"].isin(iso)
    out["source"] = SPEC.id
    return out.sort_values(["cow_a", "cow_b", "year"]).reset_index(drop=True)


def alliances(alliance_path: Path, member_path: Path, iso: dict[int, str]) -> pd.DataFrame:
    a = read_csv(alliance_path, ["atopid", "begyr", "endyr", "ineffect", "bilat", *OBLIGATIONS],
                 dtype=str, keep_default_na=False)
    mem_cols = [c for c in a.columns if c.startswith("mem") and c[3:].isdigit()]
    codes = a[mem_cols].apply(lambda c: pd.to_numeric(c, errors="coerce"))
    a_path = alliance_path
    out = pd.DataFrame({"atopid": integers(a, "atopid", a_path).astype(int),
                        "begyr": integers(a, "begyr", a_path, lo=1800, hi=2100),
                        "endyr": integers(a, "endyr", a_path, lo=0, hi=2100)})
    out["endyr"] = out["endyr"].mask(out["endyr"] == 0)  # 0 = still in effect in 2018
    out["in_effect"] = integers(a, "ineffect", a_path, lo=0, hi=1).astype(bool)
    out["bilateral"] = integers(a, "bilat", a_path, lo=0, hi=1).astype(bool)
    for col in OBLIGATIONS:
        out[col] = integers(a, col, a_path, lo=0, hi=1).astype(int)
    out["n_members"] = codes.notna().sum(axis=1)
    out["na_members"] = codes.apply(lambda r: join_codes(iso[int(v)] for v in r.dropna()
                                                        if int(v) in iso), axis=1)
    out = out[out["na_members"] != ""]
    spans = membership_spans(member_path, iso)
    out["na_membership"] = out["atopid"].map(spans).fillna("")
    out["source"] = SPEC.id
    return out.sort_values("atopid").reset_index(drop=True)


def membership_spans(path: Path, iso: dict[int, str]) -> dict[int, str]:
    """ATOP id -> "MEX 1947-2004; USA 1947-" for the three's spells of membership."""
    m = read_csv(path, ["atopid", "member", "yrent", "yrexit"], dtype=str, keep_default_na=False)
    m = pd.DataFrame({"atopid": integers(m, "atopid", path).astype(int),
                      "member": integers(m, "member", path).astype(int),
                      "yrent": integers(m, "yrent", path, lo=1800, hi=2100).astype(int),
                      "yrexit": integers(m, "yrexit", path, lo=0, hi=2100).astype(int)})
    m = m[m["member"].isin(iso)]
    m["spell"] = [f"{iso[c]} {e}-{x or ''}" for c, e, x in zip(m["member"], m["yrent"],
                                                                  m["yrexit"], strict=True)]
    return m.groupby("atopid")["spell"].agg(lambda s: "; ".join(sorted(set(s)))).to_dict()
