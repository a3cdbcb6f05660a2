"""WTO Regional Trade Agreements database: the agreements of the three, and world counts by year.

``wto_rta``: one row per RTA with the United States, Canada or Mexico among its current or
original signatories (dates of signature and entry into force for goods and services, status,
type, parties as ISO3). ``wto_rta_counts``: for every year, how many RTAs (all countries) were
signed, entered into force and were in force at the end of the year: the globalisation baseline
against which North American agreement-making is read.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from trilateral.sources._tabular import THE_THREE, dates, integers, join_codes, read_csv, year_of
from trilateral.sources.base import SourceSpec, require_unique, to_iso3

FILE = "WTO_RTA_AllRTAs__AllRTAs.csv"
DATE_COLUMNS = {"Date of Signature (G)": "signed_goods", "Date of Signature (S)": "signed_services",
                "Date of Entry into Force (G)": "in_force_goods",
                "Date of Entry into Force (S)": "in_force_services",
                "Inactive Date": "inactive"}
TEXT_COLUMNS = {"RTA Name": "name", "Coverage": "coverage", "Type": "type",
                "Notification": "notification", "Status": "status", "Accession?": "accession",
                "RTA Composition": "composition", "Region": "region",
                "Cross-regional": "cross_regional", "Remarks": "remarks"}
SIGNATORIES = ("Current signatories", "Original signatories")

SPEC = SourceSpec(
    id="wto-rta",
    publisher="World Trade Organization, Regional Trade Agreements Information System (RTA-IS)",
    title="WTO RTA database export (all RTAs): agreements of USA, Canada and Mexico, and world "
          "counts by year",
    url="https://data.wto.org/en/dataset/ext_rta",
    licence="WTO data terms (not stated with the export); cite the WTO RTA database.",
    raw_dir="institutions/wto-rta-database",
    raw_files=(FILE,),
    accessed="2026-02-01",
    vintage="RTA-IS export 2026-02-01",
    tables=("wto_rta", "wto_rta_counts"),
    unit="agreements (RTA IDs)",
    family="institutions",
    citation="World Trade Organization: Regional Trade Agreements Database (RTA-IS), "
             "export of all RTAs, accessed 2026-02-01.",
    caveats=(
        "wto_rta keeps RTAs with USA, Canada or Mexico among current or original signatories. "
        "Early announcements under negotiation list no signatories (e.g. Canada-CARICOM, "
        "Canada-MERCOSUR, Korea-Mexico, EU-US TTIP): their parties are unknown and they are "
        "not in wto_rta; they carry no dates, so wto_rta_counts does not count them either.",
        "Blocs that sign as one party (European Union, EFTA, MERCOSUR, ...) are listed in "
        "bloc_parties; parties holds countries only (EU as a signatory is EUU there too).",
        "wto_rta_counts counts RTA IDs (goods and services of one agreement are one RTA); "
        "accessions to an existing RTA are excluded. An RTA enters into force on the earlier of "
        "its goods and services dates and stops being in force in the year of its inactive "
        "date. The WTO's own headline counts goods and services notifications separately.",
        "year is the year of signature (goods, else services); year_in_force the earlier of "
        "the goods and services entry into force; year_inactive the year it became inactive.",
        "parties are the current signatories, or the original ones for inactive RTAs, which "
        "list none. The export is of 2026-02-01: wto_rta_counts stops in 2026 with "
        "complete false for that partial year.",
        "Aruba signs as 'Netherlands, Kingdom of, with respect to Aruba' (ABW) and the former "
        "Yugoslavia as YUG (ISO 3166-3).",
    ),
)

# Signatories that are blocs, not countries; kept by name in ``bloc_parties``.
BLOCS = {"ASEAN Free Trade Area (AFTA)", "Central American Common Market (CACM)",
         "Eurasian Economic Union (EAEU)", "European Free Trade Association (EFTA)",
         "Gulf Cooperation Council (GCC)", "Southern Common Market (MERCOSUR)"}
# Labels country_converter does not resolve: Aruba's and the SFRY's WTO names, and the EU.
ALLOW = {"Netherlands, Kingdom of, with respect to Aruba": "ABW",
         "Yugoslavia, Socialist Federal Republic of": "YUG", "European Union": "EUU"}


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    path = raw_dir / SPEC.raw_dir / FILE
    df = read_csv(path, ["RTA ID", *DATE_COLUMNS, *TEXT_COLUMNS, *SIGNATORIES], dtype=str,
                  keep_default_na=False)
    rtas = agreements(df, path)
    na = rtas[rtas[[c.lower() for c in THE_THREE]].any(axis=1)].reset_index(drop=True)
    return {"wto_rta": na, "wto_rta_counts": counts(rtas)}


def agreements(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    out = pd.DataFrame({"rta_id": integers(df, "RTA ID", path, lo=1)})
    require_unique(df, ["RTA ID"], file=path)
    for col, name in TEXT_COLUMNS.items():
        out[name] = df[col].replace("", pd.NA)
    for col, name in DATE_COLUMNS.items():
        out[name] = dates(df, col, path)
    out["year"] = year_of(out["signed_goods"].fillna(out["signed_services"]))
    start = pd.concat([out["in_force_goods"], out["in_force_services"]], axis=1).min(axis=1)
    out["year_in_force"] = year_of(start.astype("string"))
    out["year_inactive"] = year_of(out["inactive"])
    names = parse_signatories(df, path)
    current = names["countries"].where(names["countries"].map(len) > 0, names["original"])
    out["parties"] = current.map(join_codes)
    out["original_parties"] = names["original"].map(join_codes)
    out["bloc_parties"] = names["blocs"].map(join_codes)
    for code in THE_THREE:
        out[code.lower()] = names["countries"].map(lambda p, c=code: c in p) | \
            names["original"].map(lambda p, c=code: c in p)
    out["source"] = SPEC.id
    return out.sort_values("rta_id").reset_index(drop=True)


def parse_signatories(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Current and original signatories as ISO3 lists; blocs apart."""
    split = {c: df[c].map(lambda s: [x.strip() for x in s.split(";") if x.strip()])
             for c in SIGNATORIES}
    labels = sorted({x for lists in split.values() for row in lists for x in row} - BLOCS)
    iso = dict(zip(labels, to_iso3(labels, file=path, field="Current signatories",
                                   allow=ALLOW), strict=True))
    def countries(row: list[str]) -> list[str]:
        return [iso[x] for x in row if x not in BLOCS]
    return pd.DataFrame({
        "countries": split["Current signatories"].map(countries),
        "original": split["Original signatories"].map(countries),
        "blocs": (split["Current signatories"] + split["Original signatories"])
        .map(lambda row: [x for x in row if x in BLOCS]),
    })


def counts(rtas: pd.DataFrame) -> pd.DataFrame:
    """Per year: RTAs signed, entered into force and in force at year end (accessions out)."""
    own = rtas[rtas["accession"] != "Yes"]
    signed, started = own["year"].dropna(), own["year_in_force"].dropna()
    last = int(SPEC.accessed[:4])  # the export's year: later dates are scheduled, not observed
    years = range(int(min(signed.min(), started.min())), last + 1)
    ended = own["year_inactive"]
    rows = []
    for y in years:
        live = (own["year_in_force"] <= y) & ~(ended <= y).fillna(False)
        involve = own[["usa", "can", "mex"]].any(axis=1)
        rows.append({"year": y, "signed": int((signed == y).sum()),
                     "entered_into_force": int((started == y).sum()),
                     "in_force": int(live.fillna(False).sum()),
                     "in_force_with_usa_can_mex": int((live.fillna(False) & involve).sum())})
    out = pd.DataFrame(rows)
    out["complete"] = out["year"] < last
    out["unit"] = "agreements (RTA IDs)"
    out["source"] = SPEC.id
    return out
