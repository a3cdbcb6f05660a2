"""DESTA (Design of Trade Agreements) 2.03: the trade agreements of the United States, Canada and
Mexico, their depth, and the country pairs they cover.

``desta_treaties``: every DESTA entry (base treaty, protocol, accession, withdrawal,
consolidated text, negotiation) with at least one of the three among its members, with the
depth indices where DESTA scored them and how many provision variables DESTA coded.
``desta_dyads``: one row per country pair and treaty entry for pairs involving USA, CAN or MEX,
including the dyadic withdrawals.

The trap: three of the CSVs are not UTF-8. They are called Latin-1, but bytes such as 0x92
("Côte d’Ivoire") show Windows-1252, which is how they are decoded here.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from trilateral.sources._tabular import (
    THE_THREE,
    decode,
    first_bad,
    integers,
    join_codes,
    numbers,
    read_csv,
)
from trilateral.sources.base import SourceSpec, to_iso3

LIST_FILE = "desta_list_of_treaties_02_03.csv"
DYAD_FILE = "desta_list_of_treaties_02_03_dyads.csv"
WITHDRAWAL_FILE = "desta_dyadic_withdrawal_02_03.csv"
INDEX_FILE = "desta_indices_version_02_03.csv"
CODING_FILE = "desta_version_02_03.csv"

SPEC = SourceSpec(
    id="desta",
    publisher="DESTA project (Dür, Baccini and Elsig), Design of Trade Agreements database",
    title="DESTA 2.03: trade agreements of USA, Canada and Mexico, depth indices and dyads",
    url="https://www.designoftradeagreements.org/downloads/",
    licence="No licence stated; DESTA asks users to cite Dür, Baccini and Elsig (2014).",
    raw_dir="institutions/desta-v2.03",
    raw_files=(LIST_FILE, DYAD_FILE, WITHDRAWAL_FILE, INDEX_FILE, CODING_FILE),
    accessed="2026-01-31",
    vintage="2.03",
    tables=("desta_treaties", "desta_dyads"),
    unit="depth_index: count of 7 provision areas (0-7); depth_rasch: latent depth score",
    family="institutions",
    citation="Dür, A., Baccini, L. and Elsig, M. (2014): The Design of International Trade "
             "Agreements: Introducing a New Dataset. Review of International Organizations "
             "9(3), 353-375. DESTA version 2.03.",
    caveats=(
        "Filter: only entries with USA (840), Canada (124) or Mexico (484) among the members; "
        "desta_dyads only pairs involving one of them (328 treaty dyads + 8 withdrawals).",
        "USMCA (number 1007, signed 2018, in force 2020) is barely coded: no depth indices "
        "(desta_indices stops at treaties coded to 2020) and provisions_coded 34 of 495 against "
        "309 for NAFTA (636). NAFTA-USMCA depth cannot be compared from DESTA 2.03.",
        "Depth indices exist for base treaties and consolidated texts only (has_depth).",
        "Three CSVs are not UTF-8; decoded as Windows-1252 (the files call it Latin-1).",
        "Kosovo has no ISO 3166 numeric code: DESTA's 900 is mapped to XKX.",
        "year (signed) / year_in_force are DESTA's 'year' and 'entryforceyear'; negotiations have "
        "neither, treaties not (yet) in force have no year_in_force.",
    ),
)

MEMBER_COLUMNS = [f"c{i}" for i in range(1, 92)]
NA_NUMERIC = {840: "USA", 124: "CAN", 484: "MEX"}
ALLOW = {"900": "XKX"}  # DESTA's code for Kosovo, which has no ISO 3166 numeric code
META = ("number", "base_treaty", "name", "entry_type", "consolidated", "year", "entryforceyear",
        "language", "typememb", "regioncon", "wto_listed", "wto_name")
INDICES = ("full_fta", "standards", "investments", "services", "procurement", "competition",
           "iprs", "depth_index", "depth_rasch", "flexrigid", "flexescape", "enforce",
           "enforce01")
DYAD_COLUMNS = ("country1", "country2", "iso1", "iso2", "number", "base_treaty", "name",
                "entry_type", "year", "entryforceyear", "typememb", "regioncon")


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    base = raw_dir / SPEC.raw_dir
    treaties = treaty_table(base / LIST_FILE)
    treaties = add_depth(treaties, base / INDEX_FILE, base / CODING_FILE)
    dyads = dyad_table(base / DYAD_FILE, base / WITHDRAWAL_FILE)
    return {"desta_treaties": treaties, "desta_dyads": dyads}


def read_legacy(path: Path, required) -> pd.DataFrame:
    """A DESTA CSV in UTF-8 or Windows-1252, all columns as text."""
    text, _encoding = decode(path)
    return read_csv(path, required, text=text, dtype=str, keep_default_na=False)


def treaty_table(path: Path) -> pd.DataFrame:
    df = read_legacy(path, [*META, *MEMBER_COLUMNS])
    years = typed_years(df, path)
    members = df[MEMBER_COLUMNS].apply(lambda c: pd.to_numeric(c, errors="coerce"))
    involved = members.isin(list(NA_NUMERIC)).any(axis=1)
    df, members, years = df[involved], members[involved], years[involved]
    iso = member_iso3(members, path)
    out = pd.DataFrame({
        "number": df["number"], "base_treaty": years["base_treaty"], "name": df["name"],
        "entry_type": df["entry_type"], "year": years["year"],
        "year_in_force": years["year_in_force"], "typememb": years["typememb"],
        "regioncon": df["regioncon"], "wto_listed": years["wto_listed"],
        "parties": iso.map(join_codes), "n_parties": iso.map(len),
    })
    for code in THE_THREE:
        out[code.lower()] = iso.map(lambda parties, c=code: c in parties)
    return out.reset_index(drop=True)


def typed_years(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Whole-number columns, checked on the full file so errors name the file's row."""
    cols = {"base_treaty": ("base_treaty", False), "year": ("year", True),
            "year_in_force": ("entryforceyear", True), "typememb": ("typememb", True),
            "wto_listed": ("wto_listed", True)}
    out = {}
    for name, (field, optional) in cols.items():
        if field in df.columns:
            bounds = {"lo": 1900, "hi": 2100} if name.startswith("year") else {}
            out[name] = integers(df, field, path, optional=optional, **bounds)
    return pd.DataFrame(out, index=df.index)


def member_iso3(members: pd.DataFrame, path: Path) -> pd.Series:
    """Each row's member codes (ISO 3166 numeric) as a list of ISO3 codes."""
    codes = sorted({int(v) for v in members.to_numpy().ravel() if pd.notna(v)})
    iso = dict(zip(codes, to_iso3([str(c) for c in codes], src="ISOnumeric", file=path,
                                  field="c1..c91", allow=ALLOW), strict=True))
    return members.apply(lambda r: [iso[int(v)] for v in r.dropna()], axis=1)


def add_depth(treaties: pd.DataFrame, index_path: Path, coding_path: Path) -> pd.DataFrame:
    idx = read_csv(index_path, ["number", *INDICES], dtype=str, keep_default_na=False)
    for col in INDICES:
        idx[col] = numbers(idx, col, index_path)
    first_bad(idx["number"].duplicated(), idx, "number", index_path, "duplicate treaty number")
    coded = read_csv(coding_path, list(META), dtype=str, keep_default_na=False)
    provisions = [c for c in coded.columns if c not in META]
    filled = (coded[provisions].apply(lambda c: c.str.strip()) != "").sum(axis=1)
    coded = pd.DataFrame({"number": coded["number"], "provisions_coded": filled.astype(int)})
    out = treaties.merge(idx[["number", *INDICES]], on="number", how="left", validate="1:1")
    out = out.merge(coded, on="number", how="left", validate="1:1")
    out["provisions_coded"] = out["provisions_coded"].astype("Int64")
    out["provisions_total"] = len(provisions)
    out["has_depth"] = out["depth_index"].notna()
    out["source"] = SPEC.id
    return out.sort_values(["base_treaty", "number"]).reset_index(drop=True)


def dyad_table(dyad_path: Path, withdrawal_path: Path) -> pd.DataFrame:
    out = []
    for path in (dyad_path, withdrawal_path):
        df = read_legacy(path, DYAD_COLUMNS)
        years = typed_years(df, path)
        codes = df[["iso1", "iso2"]].apply(lambda c: pd.to_numeric(c, errors="coerce"))
        keep = codes.isin(list(NA_NUMERIC)).any(axis=1)
        out.append(dyad_rows(df[keep], years[keep], path))
    dyads = pd.concat(out, ignore_index=True)
    dyads["within_na"] = dyads["iso3_a"].isin(THE_THREE) & dyads["iso3_b"].isin(THE_THREE)
    dyads["source"] = SPEC.id
    return dyads.sort_values(["base_treaty", "number", "iso3_a", "iso3_b"]).reset_index(drop=True)


def dyad_rows(df: pd.DataFrame, years: pd.DataFrame, path: Path) -> pd.DataFrame:
    rows = [int(i) + 2 for i in df.index]
    iso = {f: to_iso3(df[f].astype(str), src="ISOnumeric", file=path, field=f, allow=ALLOW,
                      rows=rows) for f in ("iso1", "iso2")}
    return pd.DataFrame({
        "iso3_a": iso["iso1"], "iso3_b": iso["iso2"], "number": df["number"],
        "base_treaty": years["base_treaty"], "name": df["name"], "entry_type": df["entry_type"],
        "year": years["year"], "year_in_force": years["year_in_force"],
        "country_a": df["country1"], "country_b": df["country2"],
    }, index=df.index)
