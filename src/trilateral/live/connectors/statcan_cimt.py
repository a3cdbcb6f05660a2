"""Statistics Canada table 12-10-0011-01 through the Web Data Service, converted to USD.

Three requests, bundled into one vintage file:

1. WDS ``getFullTableDownloadCSV/12100011/en`` answers JSON ``{"status": "SUCCESS",
   "object": "<zip URL>"}``;
2. the zip holds ``12100011.csv`` (every series of the table, CAD millions) and its metadata;
3. Bank of Canada Valet ``FXUSDCAD`` daily rates (JSON) convert the newest months to USD.

The conversion follows the bundled source exactly (see :mod:`trilateral.sources.statcan_cimt`):
FRED EXCAUS monthly averages to 2023-11 (read from the bundled snapshot: they are history and do
not change) and the monthly mean of the Bank of Canada's daily FXUSDCAD from 2023-12. A month
without a rate is refused rather than guessed.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pandas as pd

from trilateral.config import SNAPSHOT_DIR
from trilateral.errors import FetchError, SchemaError, ValidationError
from trilateral.live import settings
from trilateral.live.connectors.base import Connector, Fetched, bundle, bundle_member, conform
from trilateral.live.transport import Transport
from trilateral.sources import statcan_cimt as src
from trilateral.sources._series import first_bad
from trilateral.sources.base import require_columns, to_iso3

SOURCE = "statcan-cimt"
PRODUCT = "12100011"
WDS = f"https://www150.statcan.gc.ca/t1/wds/rest/getFullTableDownloadCSV/{PRODUCT}/en"
FX_ID = "statcan-cimt-fx"  # its own override: TRILATERAL_URL_STATCAN_CIMT_FX
VALET = "https://www.bankofcanada.ca/valet/observations/FXUSDCAD/json?start_date=2023-12-01"
JSON_TYPES = ("application/json", "text/json", "text/plain")
ZIP_TYPES = ("application/zip", "application/x-zip-compressed", "application/octet-stream")
TABLE_ZIP, FX_JSON = f"{PRODUCT}-eng.zip", "FXUSDCAD.json"
PARTNER = "Principal trading partners"
COLUMNS = ("REF_DATE", "GEO", "Trade", "Basis", "Seasonal adjustment", PARTNER,
           "SCALAR_FACTOR", "VALUE")
FLOWS = {"Export": "exports", "Import": "imports"}
PARTNERS = ("All countries", "United States", "Mexico", "China")


def fetch(transport: Transport, url: str) -> Fetched:
    info = transport.get_json(url, accept=JSON_TYPES, source=SOURCE, label="WDS")
    link = info.get("object") if isinstance(info, dict) else None
    if not isinstance(info, dict) or info.get("status") != "SUCCESS" or not isinstance(link, str):
        status = info.get("status") if isinstance(info, dict) else type(info).__name__
        raise FetchError(f"the Web Data Service answered {status!r}, not a download link",
                         url=url, source=SOURCE)
    table = transport.download(link, accept=ZIP_TYPES, source=SOURCE, label=TABLE_ZIP)
    fx_url = settings.endpoint(FX_ID, VALET).url
    fx = transport.download(fx_url, accept=JSON_TYPES, source=SOURCE, label="FXUSDCAD")
    return bundle(SOURCE, {TABLE_ZIP: table, FX_JSON: fx})


def parse(path: Path, vintage: str) -> dict[str, pd.DataFrame]:
    """Validate a refresh bundle and return both tables in the bundled layout."""
    cad = read_table(path)
    rates = monthly_rates(bundle_member(path, FX_JSON), path)
    monthly = pd.concat([src.convert(series, rates, flow, partner, path)
                         for (flow, partner), series in cad.items()], ignore_index=True)
    frames = {"statcan_cimt": src.annual(monthly), "statcan_cimt_monthly": src.tidy_monthly(monthly)}
    return conform({t: df.assign(vintage=vintage) for t, df in frames.items()}, path)


def read_table(path: Path) -> dict[tuple[str, str], pd.Series]:
    """The eight CAD series (flow, partner) -> monthly values, from the table's CSV."""
    df = _table_csv(path)
    require_columns(df, COLUMNS, file=path)
    keep = df[(df["GEO"] == "Canada") & (df["Basis"] == "Customs")
              & (df["Seasonal adjustment"] == "Unadjusted") & df["Trade"].isin(list(FLOWS))
              & df[PARTNER].isin(PARTNERS)]
    scale = keep["SCALAR_FACTOR"].str.strip().str.lower()
    first_bad(scale != "millions", keep["SCALAR_FACTOR"], path, "SCALAR_FACTOR",
              "expected values in millions")
    keep = keep[keep["VALUE"].str.strip() != ""]
    iso = dict(zip(PARTNERS, to_iso3(PARTNERS, file=path, field=PARTNER,
                                     allow={"All countries": "WLD"}), strict=True))
    out = {}
    for (trade, partner), g in keep.groupby(["Trade", PARTNER]):
        out[(FLOWS[trade], iso[partner])] = _series(g, path)
    missing = [f"{f} {p}" for f in FLOWS.values() for p in iso.values() if (f, p) not in out]
    if missing:
        raise SchemaError(f"no customs, unadjusted rows for {', '.join(missing)}", file=path,
                          field=PARTNER)
    return out


def _table_csv(path: Path) -> pd.DataFrame:
    try:
        with zipfile.ZipFile(io.BytesIO(bundle_member(path, TABLE_ZIP))) as zf:
            names = [n for n in zf.namelist() if n.endswith(".csv") and "MetaData" not in n]
            if not names:
                raise SchemaError(f"{TABLE_ZIP} holds no data CSV ({zf.namelist()})", file=path)
            with zf.open(names[0]) as fh:
                return pd.read_csv(fh, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except zipfile.BadZipFile as exc:
        raise SchemaError(f"{TABLE_ZIP} is not a zip archive ({exc})", file=path) from exc
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise SchemaError(f"the table CSV is unreadable ({exc})", file=path) from exc


def _series(g: pd.DataFrame, path: Path) -> pd.Series:
    dates = pd.to_datetime(g["REF_DATE"], format="%Y-%m", errors="coerce")
    first_bad(dates.isna(), g["REF_DATE"], path, "REF_DATE", "not a month (YYYY-MM)")
    first_bad(dates.duplicated(), g["REF_DATE"], path, "REF_DATE", "repeated month")
    values = pd.to_numeric(g["VALUE"], errors="coerce")
    first_bad(values.isna() | (values < 0), g["VALUE"], path, "VALUE", "not a non-negative number")
    return pd.Series(values.to_numpy(), index=pd.DatetimeIndex(dates)).sort_index()


def monthly_rates(fx_json: bytes, path: Path) -> pd.DataFrame:
    """CAD per USD by month: the bundled FRED months, then Valet monthly means."""
    fred = bundled_fred_rates()
    daily = valet_daily(fx_json, path)
    boc = daily.groupby(daily.index.to_period("M")).mean()
    boc.index = boc.index.to_timestamp()
    boc = boc[boc.index > fred.index.max()]
    return pd.concat([pd.DataFrame({"cad_per_usd": fred, "fx": "fred"}),
                      pd.DataFrame({"cad_per_usd": boc, "fx": "boc"})])


def bundled_fred_rates() -> pd.Series:
    """FRED EXCAUS by month, as the bundled snapshot of ``statcan_cimt_monthly`` used them."""
    snap = pd.read_parquet(SNAPSHOT_DIR / "statcan_cimt_monthly.parquet",
                           columns=["year", "month", "cad_per_usd", "fx_source"])
    fred = snap[snap["fx_source"] == src.FX_LABELS["fred"]].drop_duplicates(["year", "month"])
    index = pd.to_datetime(dict(year=fred["year"], month=fred["month"], day=1))
    return pd.Series(fred["cad_per_usd"].to_numpy(), index=pd.DatetimeIndex(index)).sort_index()


def valet_daily(fx_json: bytes, path: Path) -> pd.Series:
    """Daily FXUSDCAD from a Valet ``observations`` document; every rate must be positive."""
    try:
        obs = json.loads(fx_json)["observations"]
        rows = [(o["d"], (o.get("FXUSDCAD") or {}).get("v")) for o in obs]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SchemaError(f"{FX_JSON} is not a Valet observations document ({exc})",
                          file=path, field="observations") from exc
    df = pd.DataFrame(rows, columns=["d", "v"]).dropna(subset=["v"])
    dates = pd.to_datetime(df["d"], format="%Y-%m-%d", errors="coerce")
    values = pd.to_numeric(df["v"], errors="coerce")
    bad = (dates.isna() | values.isna() | (values <= 0)).to_numpy().nonzero()[0]
    if len(bad):
        raise ValidationError(f"bad FXUSDCAD observation {rows[bad[0]]!r}", file=path,
                              row=int(bad[0]) + 1, field="FXUSDCAD")
    return pd.Series(values.to_numpy(), index=pd.DatetimeIndex(dates)).sort_index()


CONNECTOR = Connector(
    source_id=SOURCE,
    publisher="Statistics Canada (table 12-10-0011-01); Bank of Canada (FXUSDCAD)",
    endpoint=WDS,
    format="WDS JSON {status, object} -> full-table CSV zip (12100011.csv: REF_DATE, GEO, "
           "Trade, Basis, Seasonal adjustment, Principal trading partners, SCALAR_FACTOR, "
           "VALUE, ...; CAD millions) + Bank of Canada Valet JSON observations for FXUSDCAD",
    fetch=fetch,
    parser=parse,
    tables=src.SPEC.tables,
    docs="https://www.statcan.gc.ca/en/developers/wds",
    notes=(f"The exchange-rate endpoint has its own override: {settings.env_name(FX_ID)}.",),
)
