"""US Census Bureau ``country.xlsx`` (FT-900 goods trade by partner), the bundled raw format."""

from __future__ import annotations

from trilateral.live.connectors.base import Connector, Fetched
from trilateral.live.transport import Transport
from trilateral.sources import census_country

SOURCE = "census-country"
XLSX = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/octet-stream", "application/zip", "application/x-zip-compressed",
        "application/vnd.ms-excel", "binary/octet-stream")


def fetch(transport: Transport, url: str) -> Fetched:
    return Fetched.of(transport.download(url, accept=XLSX, source=SOURCE, label="country.xlsx"))


CONNECTOR = Connector(
    source_id=SOURCE,
    publisher="U.S. Census Bureau, Foreign Trade Division",
    endpoint=census_country.SPEC.url,
    format="Excel workbook (.xlsx), sheet 'country': year, CTY_CODE, CTYNAME, IJAN..IDEC, IYR, "
           "EJAN..EDEC, EYR, USD millions (the layout of the bundled raw file)",
    fetch=fetch,
    parser=census_country.parse_file,  # the bundled source's own validator
    tables=census_country.SPEC.tables,
    docs="https://www.census.gov/foreign-trade/balance/country.xlsx",
)
