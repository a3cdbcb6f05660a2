"""UN Comtrade API v1: annual goods trade of the US, Canada and Mexico with their main partners.

Fills the gap the bundled data leave: each country's own partner breakdown (Mexico's in
particular) for recent years. Reporters USA, CAN, MEX; partners the three, China and the world;
total goods (``cmdCode=TOTAL``), exports and imports, the last ten calendar years. The key comes
from ``COMTRADE_API_KEY`` and is sent as the ``subscription-key`` query parameter, like the
official ``comtradeapicall`` client does; it is redacted from messages, provenance and the cache.

Country codes are Comtrade's own (the US reports as 842, not its M49 code 840): they are read
from Comtrade's reference file ``country_area_code_iso.json``, fetched with the data and kept in
the same vintage bundle, never typed in by hand.

The requests are made with trilateral's transport rather than through ``comtradeapicall``: that
client hard-codes the host, opens its own urllib3 pool with a fixed 120 s timeout, and prints
errors instead of raising them, so it could neither honour the settings here nor be tested
offline. The response layout is the one it reads (``{"data": [...]}``, flattened row by row).

Nothing is bundled (see :mod:`trilateral.sources.comtrade`): a refresh creates the table
``comtrade_partners``, in the layout of ``imf_dots_2018``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

from trilateral.errors import FetchError, SchemaError
from trilateral.live import settings
from trilateral.live.connectors.base import Connector, Fetched, bundle, bundle_member, secret
from trilateral.live.transport import Transport
from trilateral.sources._series import first_bad
from trilateral.sources.base import require_columns, require_unique

SOURCE = "comtrade"
KEY_ENV = "COMTRADE_API_KEY"
ENDPOINT = "https://comtradeapi.un.org/data/v1/get/C/A/HS"
REF_ID = "comtrade-ref"  # its own override: TRILATERAL_URL_COMTRADE_REF
REFERENCE = "https://comtradeapi.un.org/files/v1/app/reference/country_area_code_iso.json"
DATA, REF = "data.json", "country_area_code_iso.json"
REPORTERS = ("USA", "CAN", "MEX")
PARTNERS = ("USA", "CAN", "MEX", "CHN")
FLOWS = {"X": "exports", "M": "imports"}
VALUATION = {"exports": "f.o.b.", "imports": "c.i.f."}
JSON_TYPES = ("application/json", "text/json", "text/plain")
COLUMNS = ("reporterCode", "partnerCode", "flowCode", "period", "cmdCode", "primaryValue")


def codes(reference: bytes, path: Path | str) -> dict[str, str]:
    """Comtrade country code -> ISO3, from the reference file ``{"results": [...]}``."""
    try:
        results = json.loads(reference)["results"]
        table = {str(r["country_area_code"]): str(r["iso3"]) for r in results if r.get("iso3")}
    except (ValueError, KeyError, TypeError) as exc:
        raise SchemaError(f"not Comtrade's country_area_code_iso reference ({exc})", file=path,
                          field="results") from exc
    return table


def query(reference: dict[str, str], today: dt.date | None = None) -> dict[str, str]:
    by_iso = {iso: code for code, iso in reference.items()}
    missing = [c for c in (*REPORTERS, *PARTNERS) if c not in by_iso]
    if missing:
        raise SchemaError(f"the reference file has no code for {missing}", field="iso3")
    year = (today or dt.date.today()).year
    return {"reporterCode": ",".join(by_iso[c] for c in REPORTERS),
            "partnerCode": ",".join(["0", *(by_iso[c] for c in PARTNERS)]),
            "flowCode": ",".join(FLOWS), "cmdCode": "TOTAL",
            "period": ",".join(str(y) for y in range(year - 10, year)),
            "partner2Code": "0", "customsCode": "C00", "motCode": "0"}


def fetch(transport: Transport, url: str) -> Fetched:
    key = secret(KEY_ENV, "a UN Comtrade API subscription key")
    ref = transport.download(settings.endpoint(REF_ID, REFERENCE).url, accept=JSON_TYPES,
                             source=SOURCE, label="Comtrade reference")
    params = {**query(codes(ref.path.read_bytes(), ref.url)), "subscription-key": key}
    got = transport.download(url, params=params, accept=JSON_TYPES, secrets=[key],
                             source=SOURCE, label="Comtrade")
    doc = json.loads(got.path.read_bytes() or b"null")
    if not isinstance(doc, dict) or doc.get("error"):
        raise FetchError(f"the API answered an error: {str(doc)[:200]}", url=got.url,
                         source=SOURCE)
    return bundle(SOURCE, {DATA: got, REF: ref})


def parse(path: Path, vintage: str) -> dict[str, pd.DataFrame]:
    """A Comtrade ``{"data": [...]}`` answer -> rows in the ``imf_dots_2018`` layout."""
    reference = codes(bundle_member(path, REF), path)
    try:
        df = pd.json_normalize(json.loads(bundle_member(path, DATA))["data"])
    except (ValueError, KeyError, TypeError) as exc:
        raise SchemaError(f"not a Comtrade data answer ({exc})", file=path, field="data") from exc
    require_columns(df, COLUMNS, file=path)
    df = df[df["cmdCode"].astype(str) == "TOTAL"]
    for col, keep in (("partner2Code", 0), ("customsCode", "C00"), ("motCode", 0)):
        if col in df.columns:
            df = df[df[col].astype(str) == str(keep)]
    df = df[df["flowCode"].isin(list(FLOWS))].reset_index(drop=True)
    values = pd.to_numeric(df["primaryValue"], errors="coerce")
    first_bad(values.isna() | (values < 0), df["primaryValue"], path, "primaryValue",
              "not a non-negative number")
    out = pd.DataFrame({
        "reporter": _iso3(df, "reporterCode", reference, path),
        "partner": _iso3(df, "partnerCode", {**reference, "0": "WLD"}, path),
        "flow": df["flowCode"].map(FLOWS), "year": df["period"].astype(str).str[:4].astype(int),
        "value_usd_m": values / 1e6})
    require_unique(out, ["reporter", "partner", "flow", "year"], file=path)
    out = out.assign(valuation=out["flow"].map(VALUATION), unit="USD millions",
                     basis="reporter", vintage=vintage, source=SOURCE)
    return {"comtrade_partners": out.sort_values(["reporter", "partner", "flow", "year"])
            .reset_index(drop=True)}


def _iso3(df: pd.DataFrame, column: str, reference: dict[str, str], path: Path) -> list[str]:
    text = df[column].astype(str).str.replace(r"\.0$", "", regex=True)
    first_bad(~text.isin(list(reference)), df[column], path, column,
              "not in Comtrade's country reference")
    return text.map(reference).tolist()


CONNECTOR = Connector(
    source_id=SOURCE,
    publisher="United Nations Statistics Division, UN Comtrade",
    endpoint=ENDPOINT,
    format="Comtrade API v1 JSON {count, data: [{reporterCode, partnerCode, flowCode, period, "
           "cmdCode, primaryValue, ...}], error}; US dollars",
    fetch=fetch,
    parser=parse,
    tables=("comtrade_partners",),
    secrets=(KEY_ENV,),
    docs="https://comtradeapi.un.org",
    notes=(f"The country reference has its own override: {settings.env_name(REF_ID)}.",),
)
