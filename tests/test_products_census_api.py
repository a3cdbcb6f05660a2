"""`trilateral products refresh census-hs` against a local server on 127.0.0.1 that answers in
the Census international-trade API's shape (a JSON array of arrays, header first; 204 with an
empty body for a month not yet published)."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pandas as pd
import pytest

from cli_helpers import run_json

pytestmark = pytest.mark.network_local

HEADER = ["CTY_CODE", "CTY_NAME", "I_COMMODITY", "CON_VAL_MO", "CAL_DUT_MO", "DUT_VAL_MO", "RP",
          "time", "COMM_LVL"]
DATA = {  # (CTY_CODE, month) -> rows
    ("1220", "2025-01"): [["1220", "CANADA", "8703230190", "1000", "0", "0", "18"],
                          ["1220", "CANADA", "7208100000", "500", "125", "500", "61"]],
    ("2010", "2025-01"): [["2010", "MEXICO", "8703230190", "2000", "50", "200", "18"]],
    ("1220", "2025-02"): [["1220", "CANADA", "8703230190", "900", "9", "90", "18"]],
    ("2010", "2025-02"): [["2010", "MEXICO", "7208100000", "400", "100", "400", "61"]],
}


class _Handler(BaseHTTPRequestHandler):
    requests: list[dict[str, str]] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
        self.requests.append(q)
        rows = DATA.get((q.get("CTY_CODE", ""), q.get("time", "")))
        if rows is None:
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        fields = q["get"].split(",")
        body = [fields + ["time", "COMM_LVL"]]
        for r in rows:
            rec = dict(zip(HEADER, [*r, q["time"], q["COMM_LVL"]], strict=True))
            body.append([rec[f] for f in fields] + [q["time"], q["COMM_LVL"]])
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def census_api(monkeypatch) -> Iterator[list[dict[str, str]]]:
    _Handler.requests = []
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    monkeypatch.setenv("TRILATERAL_CENSUS_HS_URL",
                       f"http://127.0.0.1:{srv.server_address[1]}/data/timeseries/intltrade/"
                       "imports/hs")
    monkeypatch.setenv("TRILATERAL_HTTP_RETRIES", "0")
    try:
        yield _Handler.requests
    finally:
        srv.shutdown()
        srv.server_close()


def test_refresh_pulls_months_and_partners(fresh_home, census_api, capsys) -> None:
    code, out, err = run_json(["products", "refresh", "census-hs", "--from", "2025-01", "--to",
                               "2025-03", "--partners", "CAN,MEX"], capsys)
    assert code == 0, err
    assert out["months"] == ["2025-01", "2025-02"] and out["not_published"] == ["2025-03"]
    assert out["rows"] == 5 and out["vintage"] == "2025-02"
    first = census_api[0]
    assert first["COMM_LVL"] == "HS10" and first["CTY_CODE"] == "1220"
    assert first["get"].split(",")[3:6] == ["CON_VAL_MO", "CAL_DUT_MO", "DUT_VAL_MO"]
    assert "RP" in first["get"].split(",")
    code, data, _ = run_json(["products", "duty", "--source", "census-hs", "--level",
                              "chapter"], capsys)
    rows = pd.DataFrame(data["rows"])
    mex = rows[(rows["exporter"] == "MEX") & (rows["period"] == "2025-01")]
    assert mex["rate_pct"].item() == pytest.approx(2.5)
    assert mex["rate_on_dutiable_pct"].item() == pytest.approx(25.0)


def test_unknown_partner_is_a_bad_value(fresh_home, census_api, capsys) -> None:
    code, _, err = run_json(["products", "refresh", "census-hs", "--from", "2025-01",
                             "--partners", "XYZ"], capsys)
    assert code == 3 and "XYZ" in err and not census_api


def test_nothing_published_fails_cleanly(fresh_home, census_api, capsys) -> None:
    code, _, err = run_json(["products", "refresh", "census-hs", "--from", "2030-01", "--to",
                             "2030-02"], capsys)
    assert code == 5 and "no published month" in err
