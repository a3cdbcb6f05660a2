"""INEGI Banco de Información Económica (BIE) API: Mexico's total exports and imports.

Series 33860 (total merchandise exports, FOB) and 33861 (total imports), the two series of the
bundled source, monthly, USD millions. The API needs a free token, read from
``TRILATERAL_INEGI_TOKEN``; it travels in the URL path, so it is redacted from every message,
from the provenance and from the cache's file names.

The endpoint is a template with ``{series}`` and ``{token}``; an override
(``TRILATERAL_URL_INEGI_MEXICO``) may use the same placeholders.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from trilateral.errors import SchemaError
from trilateral.live.connectors.base import (
    Connector,
    Fetched,
    bundle,
    bundle_member,
    conform,
    secret,
)
from trilateral.live.transport import Transport
from trilateral.sources import inegi_mexico as src
from trilateral.sources._series import annual_sums, first_bad

SOURCE = "inegi-mexico"
TOKEN_ENV = "TRILATERAL_INEGI_TOKEN"
SERIES = {"exports": "33860", "imports": "33861"}
ENDPOINT = ("https://www.inegi.org.mx/app/api/indicadores/desarrolladores/jsonxml/INDICATOR/"
            "{series}/es/00/false/BIE/2.0/{token}?type=json")
JSON_TYPES = ("application/json", "text/json", "text/plain", "text/javascript")


def fetch(transport: Transport, url: str) -> Fetched:
    token = secret(TOKEN_ENV, "an INEGI API token (https://www.inegi.org.mx/servicios/"
                              "api_indicadores.html)")
    parts = {}
    for series in SERIES.values():
        target = url.replace("{series}", series).replace("{token}", token)
        parts[f"{series}.json"] = transport.download(target, accept=JSON_TYPES, secrets=[token],
                                                     source=SOURCE, label=f"INEGI {series}")
    return bundle(SOURCE, parts)


def parse(path: Path, vintage: str) -> dict[str, pd.DataFrame]:
    """Two BIE JSON documents -> the bundled ``inegi_mexico_totals`` layout."""
    frames = []
    for flow, series in SERIES.items():
        monthly = read_series(bundle_member(path, f"{series}.json"), series, path)
        frames.append(annual_sums(monthly).assign(flow=flow))
    out = src.harmonise(pd.concat(frames, ignore_index=True)).assign(vintage=vintage)
    return conform({"inegi_mexico_totals": out}, path)


def read_series(raw: bytes, series: str, path: Path) -> pd.Series:
    """Monthly observations of one indicator; TIME_PERIOD is ``YYYY/MM``."""
    try:
        found = [s for s in json.loads(raw)["Series"] if str(s.get("INDICADOR")) == series]
        obs = pd.DataFrame(found[0]["OBSERVATIONS"], dtype=str)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise SchemaError(f"not a BIE answer for indicator {series} ({type(exc).__name__}: {exc})",
                          file=path, field="Series") from exc
    if not {"TIME_PERIOD", "OBS_VALUE"} <= set(obs.columns):
        raise SchemaError(f"indicator {series}: observations lack TIME_PERIOD/OBS_VALUE "
                          f"(found {list(obs.columns)})", file=path, field="OBSERVATIONS")
    dates = pd.to_datetime(obs["TIME_PERIOD"], format="%Y/%m", errors="coerce")
    first_bad(dates.isna(), obs["TIME_PERIOD"], path, "TIME_PERIOD", "not a month (YYYY/MM)")
    first_bad(dates.duplicated(), obs["TIME_PERIOD"], path, "TIME_PERIOD", "repeated month")
    present = obs["OBS_VALUE"].notna() & (obs["OBS_VALUE"].str.strip() != "")
    values = pd.to_numeric(obs["OBS_VALUE"].where(present), errors="coerce")
    first_bad(present & values.isna(), obs["OBS_VALUE"], path, "OBS_VALUE", "not a number")
    first_bad(values < 0, obs["OBS_VALUE"], path, "OBS_VALUE", "negative value")
    series_ = pd.Series(values.to_numpy(), index=pd.DatetimeIndex(dates))
    return series_[present.to_numpy()].sort_index()


CONNECTOR = Connector(
    source_id=SOURCE,
    publisher="INEGI, Banco de Información Económica",
    endpoint=ENDPOINT,
    format="BIE API 2.0 JSON: {Series: [{INDICADOR, FREQ, UNIT, OBSERVATIONS: [{TIME_PERIOD "
           "'YYYY/MM', OBS_VALUE}]}]}, one request per series (33860 exports, 33861 imports)",
    fetch=fetch,
    parser=parse,
    tables=src.SPEC.tables,
    secrets=(TOKEN_ENV,),
    docs="https://www.inegi.org.mx/servicios/api_indicadores.html",
)
