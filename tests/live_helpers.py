"""A local HTTP server on 127.0.0.1 for the live-refresh tests, with injectable faults.

Each path is served by a list of :class:`Reply` objects, one per request (the last one repeats),
so a test can script "429 then success". Replies can hang, truncate the body, lie about the
content type, or answer 304 when the client's ``If-None-Match`` matches the ETag.
"""

from __future__ import annotations

import contextlib
import hashlib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Reply:
    """One scripted answer."""

    body: bytes = b""
    status: int = 200
    content_type: str = "application/octet-stream"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0          # seconds to wait before answering (a hang)
    truncate_to: int | None = None  # send only this many body bytes, then close
    etag: bool = True           # send an ETag and honour If-None-Match


@dataclass
class Hit:
    path: str
    headers: dict[str, str]


class LocalServer:
    """Serves scripted replies; ``hits`` records every request received."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        handler = _handler_for(self)
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, *replies: Reply) -> str:
        self.routes[path.split("?")[0]] = list(replies)
        return self.url(path)

    def hits_for(self, path: str) -> list[Hit]:
        return [h for h in self.hits if h.path.split("?")[0] == path]

    def next_reply(self, path: str) -> Reply | None:
        with self._lock:
            replies = self.routes.get(path.split("?")[0])
            if not replies:
                return None
            return replies.pop(0) if len(replies) > 1 else replies[0]


class _QuietServer(ThreadingHTTPServer):
    """Clients that give up (timeouts, truncation tests) reset connections: not an error here."""

    def handle_error(self, request: object, client_address: object) -> None:
        pass


def _handler_for(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # keep test output quiet
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            server.hits.append(Hit(self.path, dict(self.headers.items())))
            reply = server.next_reply(self.path)
            if reply is None:
                self._send(Reply(b"not found", 404, "text/plain"))
                return
            if reply.delay:
                time.sleep(reply.delay)
            self._send(reply)

        def _send(self, r: Reply) -> None:
            etag = '"' + hashlib.sha256(r.body).hexdigest()[:16] + '"'
            if r.etag and r.status == 200 and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(r.status)
            self.send_header("Content-Type", r.content_type)
            self.send_header("Content-Length", str(len(r.body)))
            if r.etag and r.status == 200:
                self.send_header("ETag", etag)
            for k, v in r.headers.items():
                self.send_header(k, v)
            if r.truncate_to is not None:
                self.send_header("Connection", "close")
            self.end_headers()
            body = r.body if r.truncate_to is None else r.body[: r.truncate_to]
            with contextlib.suppress(OSError):
                self.wfile.write(body)
                self.wfile.flush()
            if r.truncate_to is not None:
                self.close_connection = True

    return Handler


@contextlib.contextmanager
def local_server() -> Iterator[LocalServer]:
    srv = LocalServer()
    srv.thread.start()
    try:
        yield srv
    finally:
        srv.httpd.shutdown()
        srv.httpd.server_close()


def closed_port_url(path: str = "/country.xlsx") -> str:
    """A URL on 127.0.0.1 where nothing listens: connections are refused (no network)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"


# ---------------------------------------------------------------- publisher-format fixtures

STATCAN_HEADER = ("REF_DATE", "GEO", "DGUID", "Trade", "Basis", "Seasonal adjustment",
                  "Principal trading partners", "UOM", "UOM_ID", "SCALAR_FACTOR", "SCALAR_ID",
                  "VECTOR", "COORDINATE", "VALUE", "STATUS", "SYMBOL", "TERMINATED", "DECIMALS")
STATCAN_FILES = {  # (Trade, partner label) -> raw file of trade/statcan-cimt-partners
    ("Export", "All countries"): "trade_exports_all_customs.csv",
    ("Import", "All countries"): "trade_imports_all_customs.csv",
    ("Export", "United States"): "trade_exports_us_customs.csv",
    ("Import", "United States"): "trade_imports_us_customs.csv",
    ("Export", "Mexico"): "trade_exports_mex.csv",
    ("Import", "Mexico"): "trade_imports_mex.csv",
    ("Export", "China"): "trade_exports_chn.csv",
    ("Import", "China"): "trade_imports_chn.csv",
}


def statcan_zip(raw_dir, first: str, last: str, *, decoy: bool = True,
                rename: dict[str, str] | None = None) -> bytes:
    """A WDS full-table zip (``12100011.csv`` + metadata) with real monthly values.

    Values come from the bundled raw copies of the eight customs, unadjusted series
    (trade/statcan-cimt-partners); months ``first``..``last`` (YYYY-MM). DGUID, vector and
    coordinate are left empty: the parser does not read them. With ``decoy``, seasonally
    adjusted rows carrying 999999 are added; the parser must ignore them.
    """
    import csv
    import io
    import zipfile

    import pandas as pd

    base = raw_dir / "trade" / "statcan-cimt-partners"
    header = [(rename or {}).get(c, c) for c in STATCAN_HEADER]
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(header)
    for (trade, partner), name in STATCAN_FILES.items():
        df = pd.read_csv(base / name, dtype=str)
        df = df[(df["date"].str[:7] >= first) & (df["date"].str[:7] <= last)]
        for date, value in zip(df["date"], df["value"], strict=True):
            for adj, v in (("Unadjusted", value), ("Seasonally adjusted", "999999")):
                if adj == "Unadjusted" or decoy:
                    w.writerow([date[:7], "Canada", "", trade, "Customs", adj, partner, "Dollars",
                                "81", "millions", "6", "", "", v, "", "", "", "1"])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("12100011.csv", "\ufeff" + buf.getvalue())
        zf.writestr("12100011_MetaData.csv", '"Cube Title"\n"International merchandise trade"\n')
    return out.getvalue()


def valet_json(raw_dir, first: str, last: str) -> bytes:
    """A Bank of Canada Valet ``observations`` document with the real daily FXUSDCAD rates."""
    import json

    import pandas as pd

    path = (raw_dir / "trade" / "statcan-cimt-partners" /
            "fxusdcad_boc_daily_excerpt_2023-12_2026-05.csv")
    df = pd.read_csv(path, dtype=str)
    df = df[(df["date"] >= first) & (df["date"] <= last)]
    return json.dumps({
        "terms": {"url": "https://www.bankofcanada.ca/terms/"},
        "seriesDetail": {"FXUSDCAD": {"label": "USD/CAD", "dimension": {"key": "d"}}},
        "observations": [{"d": d, "FXUSDCAD": {"v": v}} for d, v in zip(df["date"], df["value"],
                                                                        strict=True)],
    }).encode()


def bie_json(raw_dir, series: str, column: str, first: str, last: str) -> bytes:
    """An INEGI BIE API 2.0 answer for one indicator, with real monthly values.

    Values are the bundled copy of the series (trade/inegi-mexico-balanza/balanza_com_raw.csv,
    downloaded from the same API by inegiR); ``column`` is its exports or imports column.
    """
    import json

    import pandas as pd

    df = pd.read_csv(raw_dir / "trade" / "inegi-mexico-balanza" / "balanza_com_raw.csv", dtype=str)
    dates = df["bal_exp_tot.date.sq."]
    df = df[(dates.str[:7] >= first) & (dates.str[:7] <= last)]
    obs = [{"TIME_PERIOD": d[:4] + "/" + d[5:7], "OBS_VALUE": v, "OBS_EXCEPTION": None,
            "OBS_STATUS": None, "OBS_SOURCE": "", "OBS_NOTE": "", "COBER_GEO": "00"}
           for d, v in zip(df["bal_exp_tot.date.sq."], df[column], strict=True)]
    return json.dumps({"Header": {"Name": "", "Email": ""}, "Series": [{
        "INDICADOR": series, "FREQ": "", "TOPIC": "", "UNIT": "", "UNIT_MULT": "", "NOTE": "",
        "SOURCE": "", "LASTUPDATE": "", "STATUS": None, "OBSERVATIONS": obs}]}).encode()


def worldbank_pages(raw_dir, codes: tuple[str, ...], years: tuple[int, ...], per_page: int
                    ) -> list[bytes]:
    """World Bank API v2 pages for NY.GDP.MKTP.CD with the real values of the bundled gdp.csv."""
    import json

    import pandas as pd

    df = pd.read_csv(raw_dir / "trade" / "worldbank-gdp" / "gdp.csv", dtype={"Value": float})
    df = df[df["Country Code"].isin(codes) & df["Year"].isin(years)]
    rows = [{"indicator": {"id": "NY.GDP.MKTP.CD", "value": "GDP (current US$)"},
             "country": {"id": "", "value": r["Country Name"]},
             "countryiso3code": r["Country Code"], "date": str(r["Year"]), "value": r["Value"],
             "unit": "", "obs_status": "", "decimal": 0} for _, r in df.iterrows()]
    pages = [rows[i:i + per_page] for i in range(0, len(rows), per_page)]
    return [json.dumps([{"page": n + 1, "pages": len(pages), "per_page": per_page,
                         "total": len(rows), "sourceid": "2", "lastupdated": ""}, page]).encode()
            for n, page in enumerate(pages)]


def imts_message(raw_dir, pairs: tuple[tuple[str, str], ...]) -> bytes:
    """An SDMX-ML 2.1 structure-specific IMTS message with the real 2018 DOTS values.

    Values: ``from.exports`` (origin-reported exports) and ``from.imports`` (destination-
    reported imports) of trade/imf-dots-2018-leuchtmann, USD millions, written in US dollars as
    IMTS publishes them. ``pairs`` are (origin, destination) ISO2 codes of that file.
    """
    import pandas as pd

    from trilateral.sources.base import to_iso3

    df = pd.read_csv(raw_dir / "trade" / "imf-dots-2018-leuchtmann" / "dots2018_top42_pairs.csv")
    series = []
    for origin, dest in pairs:
        row = df[(df["origin"] == origin) & (df["destination"] == dest)].iloc[0]
        o3, d3 = to_iso3([origin, dest], src="ISO2")
        for country, indicator, partner, value in ((o3, "XG_FOB_USD", d3, row["from.exports"]),
                                                   (d3, "MG_CIF_USD", o3, row["from.imports"])):
            series.append(f'    <Series COUNTRY="{country}" INDICATOR="{indicator}" '
                          f'COUNTERPART_COUNTRY="{partner}" FREQUENCY="A">\n'
                          f'      <Obs TIME_PERIOD="2018" OBS_VALUE="{value * 1e6:.0f}"/>\n'
                          f'    </Series>')
    ns = "urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=IMF.STA:IMTS(1.0.0):ObsLevelDim:TIME_PERIOD"
    return f"""<?xml version="1.0" encoding="utf-8"?>
<message:StructureSpecificData xmlns:ss="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific" xmlns:ns1="{ns}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message" xmlns:common="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common">
  <message:Header>
    <message:ID>IMTS_TEST</message:ID>
    <message:Test>false</message:Test>
    <message:Prepared>2026-01-01T00:00:00</message:Prepared>
    <message:Sender id="IMF"/>
    <message:Structure structureID="IMF_STA_IMTS_1_0_0" namespace="{ns}" dimensionAtObservation="TIME_PERIOD">
      <common:StructureUsage><Ref agencyID="IMF.STA" id="IMTS" version="1.0.0"/></common:StructureUsage>
    </message:Structure>
  </message:Header>
  <message:DataSet ss:dataScope="DataStructure" xsi:type="ns1:DataSetType" ss:structureRef="IMF_STA_IMTS_1_0_0">
{chr(10).join(series)}
  </message:DataSet>
</message:StructureSpecificData>
""".encode()


def catalogue(capsys) -> object:
    """``trilateral data list --json``'s data (the envelope's timestamp left out), for
    before/after comparisons of the warehouse."""
    import json

    from trilateral.cli import main

    capsys.readouterr()
    try:
        main(["data", "list", "--json"])
    except SystemExit as exc:
        assert not exc.code, exc.code
    return json.loads(capsys.readouterr().out)["data"]
