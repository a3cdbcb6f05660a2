"""World Bank API v2: GDP in current US dollars (NY.GDP.MKTP.CD) for every economy.

The JSON endpoint is called with trilateral's own transport rather than through ``wbgapi``:
``wbgapi`` sends each request with a bare ``requests.get`` (no session or transport to inject),
so its traffic would bypass the timeouts, retries, cache and endpoint override every other
source gets, and could not be tested offline. The response layout is the one ``wbgapi`` reads
from the same API: ``[{page, pages, per_page, total, lastupdated, ...}, [rows]]`` where each row
has ``countryiso3code``, ``country.value``, ``date`` and ``value``. Every page is fetched and
bundled into one vintage file.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pandas as pd

from trilateral.errors import FetchError, SchemaError, ValidationError
from trilateral.live.connectors.base import Connector, Fetched, bundle, bundle_member, conform
from trilateral.live.transport import Transport
from trilateral.sources import worldbank_gdp as src
from trilateral.sources._series import first_bad

SOURCE = "worldbank-gdp"
ENDPOINT = ("https://api.worldbank.org/v2/country/all/indicator/NY.GDP.MKTP.CD"
            "?format=json&per_page=20000")
JSON_TYPES = ("application/json", "text/json", "text/plain")
MAX_PAGES = 50


def fetch(transport: Transport, url: str) -> Fetched:
    parts = {}
    page, pages = 1, 1
    while page <= pages:
        target = url if page == 1 else str(httpx.URL(url).copy_merge_params({"page": page}))
        got = transport.download(target, accept=JSON_TYPES, source=SOURCE, label=f"WB p{page}")
        meta = _meta(got.path.read_bytes(), got.url)
        pages = min(int(meta.get("pages") or 1), MAX_PAGES)
        parts[f"page-{page:03d}.json"] = got
        page += 1
    return bundle(SOURCE, parts)


def _meta(raw: bytes, url: str) -> dict:
    """The paging header; an API error document (``message``) is a FetchError."""
    try:
        doc = json.loads(raw)
        meta = doc[0]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise FetchError(f"not a World Bank API v2 JSON answer ({exc})", url=url,
                         source=SOURCE) from exc
    if not isinstance(meta, dict) or "message" in meta:
        raise FetchError(f"the API refused the request: {meta}", url=url, source=SOURCE)
    return meta


def parse(path: Path, vintage: str) -> dict[str, pd.DataFrame]:
    """Every page of the bundle -> the bundled ``worldbank_gdp`` layout."""
    rows = []
    for name in _pages(path):
        try:
            rows.extend(json.loads(bundle_member(path, name))[1] or [])
        except (ValueError, IndexError, TypeError) as exc:
            raise SchemaError(f"{name}: not a World Bank API v2 page ({exc})", file=path) from exc
    return conform({"worldbank_gdp": harmonise(rows, path, vintage)}, path)


def _pages(path: Path) -> list[str]:
    import zipfile

    with zipfile.ZipFile(path) as zf:
        return sorted(n for n in zf.namelist() if n.startswith("page-"))


def harmonise(rows: list[dict], path: Path, vintage: str) -> pd.DataFrame:
    try:
        df = pd.DataFrame({"iso3": [r["countryiso3code"] for r in rows],
                           "country": [r["country"]["value"] for r in rows],
                           "year": [str(r["date"]) for r in rows],
                           "value": [r["value"] for r in rows]})
    except (KeyError, TypeError) as exc:
        raise SchemaError(f"a row lacks {exc} (countryiso3code, country.value, date, value)",
                          file=path) from exc
    first_bad(~df["year"].str.fullmatch(r"\d{4}"), df["year"], path, "date", "not a year")
    values = pd.to_numeric(df["value"], errors="coerce")
    first_bad(values.isna() & df["value"].notna(), df["value"], path, "value", "not a number")
    first_bad(values <= 0, df["value"], path, "value", "GDP must be positive")
    keep = df["iso3"].fillna("").map(src.is_kept).to_numpy() & values.notna().to_numpy()
    out = pd.DataFrame({"iso3": df["iso3"], "country": df["country"],
                        "year": df["year"].astype(int), "gdp_usd_m": values / 1e6})[keep]
    if out.duplicated(["iso3", "year"]).any():
        raise ValidationError("an economy appears twice for one year", file=path, field="date")
    if not len(out):
        raise ValidationError("no country rows found", file=path, field="countryiso3code")
    out = out.assign(unit="USD millions, current prices", vintage=vintage, source=src.SPEC.id)
    return out.sort_values(["iso3", "year"]).reset_index(drop=True)


CONNECTOR = Connector(
    source_id=SOURCE,
    publisher="World Bank, World Development Indicators",
    endpoint=ENDPOINT,
    format="World Bank API v2 JSON: [paging header, [{countryiso3code, country{id,value}, date, "
           "value, ...}]], current USD",
    fetch=fetch,
    parser=parse,
    tables=src.SPEC.tables,
    docs=src.SPEC.url,
    notes=("Called with trilateral's transport instead of wbgapi, whose bare requests.get "
           "calls cannot take a transport, timeouts, retries or a cache.",),
)
