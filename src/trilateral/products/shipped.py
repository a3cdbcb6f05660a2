"""The product tables shipped with trilateral: 2024 HS10 US imports from Canada and Mexico, and
the product lists of the 2025-26 tariff actions. Built from public copies, with sidecars.

Both come from the GitHub repository ``tradewartracker/trade-war-redux-2025`` at commit
``726c5958`` (code MIT; the import data are US Census Bureau figures, public domain; the lists are
transcriptions of official annexes, each cited below). The raw files live under
``<raw>/trade/trade-war-redux-2025/``; :func:`build` rebuilds the snapshots byte for byte and
:func:`table_path` / :func:`sidecar` read the shipped ones.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from trilateral.errors import NotFoundError, SchemaError, ValidationError
from trilateral.sources.base import SourceSpec

DATA_DIR = Path(__file__).resolve().parent / "data"
REPO = "tradewartracker/trade-war-redux-2025"
COMMIT = "726c5958"
RAW_DIR = "trade/trade-war-redux-2025"
IMPORT_FILES = {"CAN": "2024-hs10-imports1220.parquet", "MEX": "2024-hs10-imports2010.parquet"}
IMPORTS = "us_hs10_imports_2024"
ACTIONS = "tariff_action_lists"
CENSUS_API = "https://api.census.gov/data/timeseries/intltrade/imports/hs"


@dataclass(frozen=True)
class ActionList:
    """One product list of a 2025-26 action, with the official instrument it transcribes."""

    action: str
    file: str
    imposer: str
    target: str
    role: str  # covered | exempt | removed
    authority: str
    instrument: str
    effective: str
    publisher: str
    description: str
    match_digits: int | None = None  # match at fewer digits than the list gives (foreign codes)


_US = "The White House; published in the Federal Register"
ACTION_LISTS: tuple[ActionList, ...] = (
    ActionList("us-232-steel", "steel-tariffs.csv", "USA", "all", "covered", "Section 232",
               "Proclamation 10896", "2025-03-12", _US, "Steel articles and derivatives (HS8)"),
    ActionList("us-232-aluminum", "alu-tariffs.csv", "USA", "all", "covered", "Section 232",
               "Proclamation 10895", "2025-03-12", _US,
               "Aluminum articles and derivatives (HS8/HS10)"),
    ActionList("us-232-autos", "auto-tariffs.csv", "USA", "all", "covered", "Section 232",
               "Proclamation 10908", "2025-04-03", _US,
               "Automobiles and automobile parts (HS6/HS8/HS10)"),
    ActionList("us-ieepa-annex-ii", "annex-II-exemptions.csv", "USA", "all", "exempt", "IEEPA",
               "Executive Order 14257, Annex II", "2025-04-11", _US,
               "Products exempt from the reciprocal tariffs"),
    ActionList("us-ieepa-electronics", "consumer_electronics_EO14257_apr11.csv", "USA", "all",
               "exempt", "IEEPA", "Executive Order 14257 (consumer-electronics exemption)",
               "2025-04-11", _US, "Consumer electronics exempt from the reciprocal tariffs"),
    ActionList("us-232-copper", "copper-list.csv", "USA", "all", "covered", "Section 232",
               "Proclamation 10962", "2025-08-07", _US, "Copper articles (HS8)"),
    ActionList("us-ieepa-ag-nov14", "annex-II-exemptions-nov14.csv", "USA", "all", "exempt",
               "IEEPA", "Executive Order 14360", "2025-11-14", _US,
               "Agricultural products added to the reciprocal-tariff exemptions"),
    ActionList("us-122-exempt", "section122-product-exemptions.csv", "USA", "all", "exempt",
               "Section 122", "Proclamation imposing a temporary import surcharge, Annex I "
               "(aa)(ii)", "2026-02-24", _US, "Products exempt from the 10% surcharge"),
    ActionList("us-232-metals-2026-ia", "metals-annex-IA.csv", "USA", "all", "covered",
               "Section 232", "Proclamation of 2 April 2026 on metals, Annex I-A", "2026-04-06",
               _US, "Metals, 50% tier"),
    ActionList("us-232-metals-2026-ib", "metals-annex-IB.csv", "USA", "all", "covered",
               "Section 232", "Proclamation of 2 April 2026 on metals, Annex I-B", "2026-04-06",
               _US, "Metal derivatives, 25% tier"),
    ActionList("us-232-metals-2026-ii", "metals-annex-II-removed.csv", "USA", "all", "removed",
               "Section 232", "Proclamation of 2 April 2026 on metals, Annex II", "2026-04-06",
               _US, "Products removed from the metals tariffs"),
    ActionList("us-232-metals-2026-iii", "metals-annex-III-temporary.csv", "USA", "all",
               "covered", "Section 232", "Proclamation of 2 April 2026 on metals, Annex III",
               "2026-04-06", _US, "Metal products at a temporary reduced rate"),
    ActionList("us-338-canada-alcohol", "canada-338-alcohol.csv", "USA", "CAN", "covered",
               "Section 338", "Proclamation on Canadian alcoholic beverages (20 July 2026), "
               "heading 9903.03.12", "2026-08-19", _US, "50% on 63 Canadian codes"),
    ActionList("us-338-canada-dairy", "canada-338-dairy.csv", "USA", "CAN", "covered",
               "Section 338", "Proclamation on Canadian dairy (20 July 2026), heading "
               "9903.03.13", "2026-08-19", _US, "50% on 52 Canadian codes"),
    ActionList("us-338-canada-autos", "canada-338-autos.csv", "USA", "CAN", "covered",
               "Section 338", "Proclamation on Canadian motor vehicles (20 July 2026), heading "
               "9903.03.14", "2026-08-19", _US, "50% on 439 Canadian codes in 56 chapters"),
    ActionList("us-338-canada-aircraft", "canada-338-aircraft-exempt.csv", "USA", "CAN",
               "exempt", "Section 338", "U.S. note 51(d), heading 9903.03.16", "2026-08-19",
               _US, "Civil aircraft exempt from the three Section 338 actions"),
    ActionList("ca-surtax-march-2025", "canada-march-list.csv", "CAN", "USA", "covered",
               "Customs Tariff (Canada)", "Canada's countermeasures on US goods, first list "
               "(March 2025)", "2025-03-04", "Department of Finance Canada",
               "Canadian tariff items (matched here at HS6)", 6),
    ActionList("ca-surtax-steel-aluminum", "canada-steel-list.csv", "CAN", "USA", "covered",
               "Customs Tariff (Canada)", "Canada's countermeasures on US steel, aluminum and "
               "other goods (March 2025)", "2025-03-13", "Department of Finance Canada",
               "Canadian tariff items (matched here at HS6)", 6),
    ActionList("ca-surtax-125b-proposed", "canada-125b-list.csv", "CAN", "USA", "covered",
               "Customs Tariff (Canada)", "Canada's proposed second list of countermeasures "
               "(C$125 billion)", "2025-03-04", "Department of Finance Canada",
               "Canadian tariff items (matched here at HS6)", 6),
)

_COMMON = ("Copied from the GitHub repository tradewartracker/trade-war-redux-2025 at commit "
           "726c5958 (code MIT licence).")
IMPORTS_SPEC = SourceSpec(
    id="us-hs10-imports-2024",
    publisher="U.S. Census Bureau, Foreign Trade Division (international trade API)",
    title="US imports for consumption and calculated duty by HS10, Canada and Mexico, 2024",
    url=CENSUS_API,
    licence="Public domain (work of the U.S. federal government); repository code MIT",
    raw_dir=RAW_DIR,
    raw_files=tuple(IMPORT_FILES.values()),
    accessed="2026-12-04",
    vintage="2024-12 (year to date, as published when the repository fetched it)",
    tables=(IMPORTS,),
    unit="US dollars (whole dollars, int64); customs value of imports for consumption",
    family="products",
    description=_COMMON + " Files data/2024-hs10-imports1220.parquet (Canada, Census country "
                "code 1220) and data/2024-hs10-imports2010.parquet (Mexico, 2010), fetched by "
                "the repository from the Census API with get=CON_VAL_YR,CAL_DUT_YR,I_COMMODITY "
                "at time=2024-12, COMM_LVL=HS10. Values are the API's integer strings, kept "
                "exact.",
    caveats=("Year-to-December totals (CON_VAL_YR, CAL_DUT_YR): full-year 2024, not revised "
             "after the repository's fetch.",
             "Imports for consumption (not general imports): totals differ slightly from the "
             "general-imports figures of census_country_2024.",
             "No dutiable value and no rate provision in this extract: USMCA use needs "
             "`trilateral products refresh census-hs` or loaded Census files."),
)
ACTIONS_SPEC = SourceSpec(
    id="tariff-action-lists",
    publisher="The White House (proclamations and executive orders, Federal Register); "
              "Department of Finance Canada",
    title="Product lists of the 2025-26 tariff actions on and by North American partners",
    url="https://github.com/tradewartracker/trade-war-redux-2025",
    licence="Public domain (official annexes); repository transcription MIT",
    raw_dir=RAW_DIR,
    raw_files=tuple(a.file for a in ACTION_LISTS),
    accessed="2026-12-04",
    vintage="726c5958",
    tables=(ACTIONS,),
    unit="HS codes (4 to 10 digits); a code names every HS10 line that starts with it",
    family="products",
    description=_COMMON + " Files tariff-lists/*.csv, each transcribing the annex named in "
                "its `instrument` column; the repository's extract-338-annex.py and "
                "validate-338.py produce and check the Section 338 lists.",
    caveats=("Official annex URLs are not recorded here (url_verified: false); the instrument "
             "column names the proclamation, order or notice.",
             "Canada's lists are Canadian tariff items of 8 digits; they are matched to US "
             "HS10 lines at the internationally harmonised 6 digits, and the value matched is "
             "US imports from the partner in those products, not the countermeasure's trade "
             "base (US exports to Canada).",
             "The 2025-26 effective dates are those of the repository's action registry.",),
)


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Both shipped tables from the raw folder."""
    base = raw_dir / RAW_DIR
    return {IMPORTS: imports_table(base), ACTIONS: actions_table(base)}


def imports_table(base: Path) -> pd.DataFrame:
    frames = [_imports_one(base / name, iso) for iso, name in IMPORT_FILES.items()]
    return pd.concat(frames, ignore_index=True)


def _imports_one(path: Path, iso: str) -> pd.DataFrame:
    raw = pd.read_parquet(path, columns=["CON_VAL_YR", "CAL_DUT_YR", "I_COMMODITY",
                                         "I_COMMODITY_SDESC", "time"])
    for col in ("CON_VAL_YR", "CAL_DUT_YR"):
        bad = ~raw[col].astype(str).str.fullmatch(r"\d+")
        if bad.any():
            row = int(bad.to_numpy().nonzero()[0][0]) + 1
            raise ValidationError(f"not a whole number of dollars: {raw[col].iloc[row - 1]!r}",
                                  file=path, row=row, field=col)
    out = pd.DataFrame({
        "period": "2024", "year": 2024, "exporter": iso, "importer": "USA",
        "hs": raw["I_COMMODITY"].astype(str), "description": raw["I_COMMODITY_SDESC"].astype(str),
        "value": raw["CON_VAL_YR"].astype("int64"), "duty": raw["CAL_DUT_YR"].astype("int64")})
    out["year"] = out["year"].astype("int64")
    return out.sort_values("hs", kind="stable").reset_index(drop=True)


_CODE = re.compile(r"^\d{4}(\d{2}){0,3}$")


def actions_table(base: Path) -> pd.DataFrame:
    rows = []
    for a in ACTION_LISTS:
        for code in _codes(base / a.file):
            digits = a.match_digits or len(code)
            rows.append({"action": a.action, "code": code[:digits], "digits": digits,
                         "imposer": a.imposer, "target": a.target, "role": a.role,
                         "authority": a.authority, "instrument": a.instrument,
                         "effective": a.effective, "list_file": f"tariff-lists/{a.file}"})
    df = pd.DataFrame(rows).drop_duplicates(["action", "code"]).reset_index(drop=True)
    df["digits"] = df["digits"].astype("int64")
    return df


def _codes(path: Path) -> list[str]:
    """The HS codes of one list file: first column, dots removed; header and notes skipped."""
    text = path.read_text(encoding="utf-8-sig")
    codes = []
    for rec in csv.reader(io.StringIO(text)):
        if not rec:
            continue
        cell = rec[0].strip().replace(".", "")
        if _CODE.match(cell):  # other first cells are headers or stray description fragments
            codes.append(cell)
    if not codes:
        raise SchemaError("no HS codes found in the first column", file=path, row=1, field="HTSUS")
    return codes


# ---------------------------------------------------------------- reading the shipped tables


def table_path(table: str) -> Path:
    path = DATA_DIR / f"{table}.parquet"
    if not path.is_file():
        raise NotFoundError(f"shipped product table {table} is missing ({path})")
    return path


def sidecar(table: str) -> dict:
    return json.loads((DATA_DIR / f"{table}.json").read_text())


def load(table: str) -> pd.DataFrame:
    return pd.read_parquet(table_path(table))


def write_snapshots(raw_dir: Path, out_dir: Path = DATA_DIR, built: str | None = None) -> list:
    """Rebuild both snapshots and their sidecars (the format of trilateral's own snapshots)."""
    import datetime as dt

    from trilateral.provenance import atomic_write_bytes, atomic_write_json, sha256_bytes
    from trilateral.sources.build import parquet_bytes
    from trilateral.sources.build import sidecar as make_sidecar

    built = built or dt.date.today().isoformat()
    specs = {IMPORTS: IMPORTS_SPEC, ACTIONS: ACTIONS_SPEC}
    out = []
    for table, df in build(raw_dir).items():
        data = parquet_bytes(df)
        sha = sha256_bytes(data)
        atomic_write_bytes(out_dir / f"{table}.parquet", data)
        meta = make_sidecar(specs[table], table, df, raw_dir, sha, built, __name__)
        meta["source"]["repository"] = {"repo": REPO, "commit": COMMIT,
                                        "paths": [f"data/{f}" if f.endswith(".parquet")
                                                  else f"tariff-lists/{f}"
                                                  for f in specs[table].raw_files]}
        if table == ACTIONS:
            meta["source"]["lists"] = [_list_meta(a) for a in ACTION_LISTS]
        atomic_write_json(out_dir / f"{table}.json", meta)
        out.append((table, len(df), sha))
    return out


def _list_meta(a: ActionList) -> dict:
    return {"action": a.action, "path": f"tariff-lists/{a.file}", "instrument": a.instrument,
            "authority": a.authority, "publisher": a.publisher, "effective": a.effective,
            "imposer": a.imposer, "target": a.target, "role": a.role,
            "description": a.description, "url": None, "url_verified": False}
