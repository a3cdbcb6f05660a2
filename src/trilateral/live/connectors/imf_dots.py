"""IMF International Trade in Goods (IMTS, the successor of DOTS) through the SDMX 2.1 API.

Refreshes ``imf_dots_2018`` with every year from 2018 on, in the bundled table's layout: each
reporter's exports (f.o.b., ``XG_FOB_USD``) and imports (c.i.f., ``MG_CIF_USD``) with each
partner. The economies are those of the bundled matrix, read from its snapshot, with mainland
China (CHN) instead of the China + Hong Kong + Macao aggregate (CNX); the euro-area aggregate
(EMU) is not requested. IMTS values are in US dollars and are divided by 10^6.

The download goes through trilateral's transport; ``sdmx1`` parses the SDMX-ML
(structure-specific or generic data message) offline.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from trilateral.config import SNAPSHOT_DIR
from trilateral.errors import SchemaError
from trilateral.live.connectors.base import Connector, Fetched, conform
from trilateral.live.transport import Transport
from trilateral.sources import imf_dots_2018 as src
from trilateral.sources.base import to_iso3

SOURCE = "imf-dots-2018"
ENDPOINT = "https://api.imf.org/external/sdmx/2.1/data/IMF.STA,IMTS/{key}?startPeriod=2018"
INDICATORS = {"XG_FOB_USD": "exports", "MG_CIF_USD": "imports"}
SDMX_ACCEPT = "application/vnd.sdmx.structurespecificdata+xml;version=2.1"
XML_TYPES = ("application/vnd.sdmx.structurespecificdata+xml",
             "application/vnd.sdmx.genericdata+xml", "application/xml", "text/xml")
DIMENSIONS = ("COUNTRY", "INDICATOR", "COUNTERPART_COUNTRY")


def economies() -> list[str]:
    """The bundled matrix's economies, countries only, with CHN for the CNX aggregate."""
    snap = pd.read_parquet(SNAPSHOT_DIR / "imf_dots_2018.parquet", columns=["reporter"])
    codes = set(snap["reporter"]) - set(src.AGGREGATES)
    return sorted(codes | {"CHN"})


def series_key() -> str:
    """``COUNTRY.INDICATOR.COUNTERPART_COUNTRY.FREQUENCY`` with ``+`` joining codes."""
    places = "+".join(economies())
    return f"{places}.{'+'.join(INDICATORS)}.{places}.A"


def fetch(transport: Transport, url: str) -> Fetched:
    target = url.replace("{key}", series_key())
    got = transport.download(target, accept=XML_TYPES, headers={"Accept": SDMX_ACCEPT},
                             source=SOURCE, label="IMF IMTS")
    return Fetched.of(got)


def parse(path: Path, vintage: str) -> dict[str, pd.DataFrame]:
    """An SDMX-ML data message -> the bundled ``imf_dots_2018`` layout."""
    obs = read_message(path)
    obs = obs[obs["INDICATOR"].isin(list(INDICATORS)) & (obs["FREQUENCY"] == "A")]
    obs = obs[obs["COUNTRY"] != obs["COUNTERPART_COUNTRY"]].dropna(subset=["value"])
    if obs.empty:
        raise SchemaError("no annual XG_FOB_USD / MG_CIF_USD observations", file=path)
    rows = range(1, len(obs) + 1)
    flow = obs["INDICATOR"].map(INDICATORS)
    out = pd.DataFrame({
        "reporter": to_iso3(obs["COUNTRY"], src="ISO3", file=path, field="COUNTRY", rows=rows),
        "partner": to_iso3(obs["COUNTERPART_COUNTRY"], src="ISO3", file=path,
                           field="COUNTERPART_COUNTRY", rows=rows),
        "flow": flow.to_numpy(), "year": _years(obs["TIME_PERIOD"], path),
        "value_usd_m": obs["value"].to_numpy() / 1e6})
    out = out.assign(valuation=out["flow"].map(src.VALUATION), unit="USD millions",
                     basis="reporter", vintage=vintage, source=src.SPEC.id)
    out = out.sort_values(["reporter", "partner", "flow", "year"]).reset_index(drop=True)
    return conform({"imf_dots_2018": out}, path)


def read_message(path: Path) -> pd.DataFrame:
    """Observations of the message as a flat frame (dimensions as columns, ``value``)."""
    import sdmx

    quiet = logging.getLogger("sdmx")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # "no structure= argument" is expected: none is needed here
    try:
        data = sdmx.to_pandas(sdmx.read_sdmx(path))
    except Exception as exc:  # sdmx1 raises many types (XMLParseError, ValueError, ...)
        raise SchemaError(f"not a readable SDMX-ML data message ({type(exc).__name__}: "
                          f"{str(exc)[:200]})", file=path) from exc
    finally:
        quiet.setLevel(level)
    if isinstance(data, list):
        data = pd.concat(data) if data else pd.Series(dtype=float)
    frame = data.rename("value").reset_index() if isinstance(data, pd.Series) else pd.DataFrame()
    missing = [d for d in (*DIMENSIONS, "FREQUENCY", "TIME_PERIOD") if d not in frame.columns]
    if missing:
        raise SchemaError(f"the message lacks dimension(s) {missing}; found {list(frame.columns)}",
                          file=path, field=missing[0])
    return frame


def _years(periods: pd.Series, path: Path) -> list[int]:
    text = periods.astype(str)
    bad = ~text.str.fullmatch(r"\d{4}")
    if bad.any():
        raise SchemaError(f"not an annual period: {text[bad].iloc[0]!r}", file=path,
                          field="TIME_PERIOD")
    return text.astype(int).tolist()


CONNECTOR = Connector(
    source_id=SOURCE,
    publisher="International Monetary Fund, International Trade in Goods (IMTS)",
    endpoint=ENDPOINT,
    format="SDMX-ML 2.1 data message (structure-specific), dataflow IMF.STA,IMTS, key "
           "COUNTRY.INDICATOR.COUNTERPART_COUNTRY.FREQUENCY, values in US dollars",
    fetch=fetch,
    parser=parse,
    tables=src.SPEC.tables,
    docs="https://data.imf.org",
    notes=("The refreshed vintage holds every year from 2018 on, not only 2018.",),
)
