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
import tempfile
import zipfile
from pathlib import Path

import httpx
import pandas as pd

from trilateral.errors import FetchError, InputError, SchemaError
from trilateral.live.connectors.base import Connector, Fetched, bundle, bundle_member, conform
from trilateral.live.transport import Transport
from trilateral.sources import worldbank_gdp as src

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
    """Every page of the bundle -> the bundled ``worldbank_gdp`` table.

    The API rows are laid out as the bundled raw file (Country Name, Country Code, Year, Value)
    and handed to the bundled source's own validator, so both vintages obey the same rules.
    Row numbers in errors count the API rows in page order (the header is row 1).
    """
    rows = []
    for name in _pages(path):
        try:
            rows.extend(json.loads(bundle_member(path, name))[1] or [])
        except (ValueError, IndexError, TypeError) as exc:
            raise SchemaError(f"{name}: not a World Bank API v2 page ({exc})", file=path) from exc
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / src.RAW
        datahub_layout(rows, path).to_csv(csv, index=False)
        try:
            frames = src.parse_file(csv, vintage)
        except InputError as exc:
            raise type(exc)(exc.reason, file=path, row=exc.location.row,
                            field=exc.location.field) from exc
    return conform(frames, path)


def _pages(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as zf:
            return sorted(n for n in zf.namelist() if n.startswith("page-"))
    except zipfile.BadZipFile as exc:
        raise SchemaError(f"not a refresh bundle ({exc})", file=path) from exc


def datahub_layout(rows: list[dict], path: Path) -> pd.DataFrame:
    """API rows as the columns of the bundled ``gdp.csv``; missing values stay empty."""
    try:
        return pd.DataFrame({"Country Name": [r["country"]["value"] for r in rows],
                             "Country Code": [r["countryiso3code"] or "" for r in rows],
                             "Year": [str(r["date"]) for r in rows],
                             "Value": ["" if r["value"] is None else repr(float(r["value"]))
                                       for r in rows]})
    except (KeyError, TypeError, ValueError) as exc:
        raise SchemaError(f"an API row lacks or garbles {exc} (countryiso3code, country.value, "
                          "date, value)", file=path) from exc


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
