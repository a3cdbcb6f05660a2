"""Shared pieces of the fault suite: workbooks built from the shipped census snapshot, state
fingerprints of the warehouse and ledger, and a local server with hostile replies."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import shutil
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import openpyxl
import pandas as pd

from trilateral.config import SNAPSHOT_DIR
from trilateral.sources.census_country import HEADER

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def census_rows(partners: tuple[str, ...] = ("CAN", "MEX"), years: range = range(2015, 2024),
                scale: float = 1.0) -> list[list[object]]:
    """Workbook rows (year, code, name, 12 import months, IYR, 12 export months, EYR) rebuilt
    from the bundled ``census_country`` snapshot; months are the annual total spread evenly."""
    df = pd.read_parquet(SNAPSHOT_DIR / "census_country.parquet")
    df = df[df.partner.isin(partners) & df.year.isin(list(years))]
    rows = []
    for (_partner, year), g in df.groupby(["partner", "year"]):
        flows = dict(zip(g.flow, g.value_usd_m * scale, strict=True))
        first = g.iloc[0]
        imp, exp = flows["imports"], flows["exports"]
        rows.append([str(year), str(first.partner_code), str(first.partner_name),
                     *([imp / 12] * 12), imp, *([exp / 12] * 12), exp])
    return rows


def workbook(path: Path, rows: list[list[object]], header: tuple[str, ...] = HEADER,
             sheet: str = "country", modified: str | None = None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(header))
    for r in rows:
        ws.append(r)
    wb.save(path)
    if modified:
        _set_modified(path, modified)
    return path


def _set_modified(path: Path, when: str) -> None:
    """Rewrite ``dcterms:modified`` in docProps/core.xml (openpyxl stamps the save time)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    core = members["docProps/core.xml"].decode()
    members["docProps/core.xml"] = re.sub(
        r"(<dcterms:modified[^>]*>)[^<]+(</dcterms:modified>)", rf"\g<1>{when}Z\g<2>",
        core).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "absent"


def copy_home(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("cache", "http-cache", "*.lock"))
    return dst


# ---------------------------------------------------------------- hostile server


class Hostile:
    """A server on 127.0.0.1 whose paths misbehave: redirects, a gzip bomb, a slow drip."""

    def __init__(self, xlsx: bytes, bomb_bytes: int = 8 * 1024 * 1024) -> None:
        self.xlsx = xlsx
        self.bomb = gzip.compress(b"\0" * bomb_bytes, compresslevel=9)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


def _handler(srv: Hostile) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def _head(self, status: int, headers: dict[str, str]) -> None:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()

        def do_GET(self) -> None:  # noqa: N802
            path = self.path.split("?")[0]
            if path == "/ok.xlsx":
                self._head(200, {"Content-Type": XLSX, "Content-Length": str(len(srv.xlsx))})
                self.wfile.write(srv.xlsx)
            elif path == "/same-host":
                self._head(302, {"Location": "/ok.xlsx", "Content-Length": "0"})
            elif path == "/cross-host":
                self._head(302, {"Location": srv.url("/ok.xlsx", host="localhost"),
                                 "Content-Length": "0"})
            elif path == "/loop":
                self._head(302, {"Location": "/loop", "Content-Length": "0"})
            elif path == "/bomb":
                self._head(200, {"Content-Type": XLSX, "Content-Encoding": "gzip",
                                 "Content-Length": str(len(srv.bomb))})
                self.wfile.write(srv.bomb)
            elif path == "/drip":
                self._head(200, {"Content-Type": XLSX, "Content-Length": "100000"})
                with contextlib.suppress(OSError):
                    for _ in range(100):
                        self.wfile.write(b"x" * 10)
                        self.wfile.flush()
                        time.sleep(0.1)
            else:
                self._head(404, {"Content-Length": "0"})

    return Handler


@contextlib.contextmanager
def hostile_server(xlsx: bytes) -> Iterator[Hostile]:
    srv = Hostile(xlsx)
    srv.thread.start()
    try:
        yield srv
    finally:
        srv.httpd.shutdown()
        srv.httpd.server_close()
