"""US Census Bureau international-trade API: monthly HS10 imports by partner for the product tier.

One request per partner and month to ``/data/timeseries/intltrade/imports/hs`` with
``get=CTY_CODE,CTY_NAME,I_COMMODITY,CON_VAL_MO,CAL_DUT_MO,DUT_VAL_MO,RP``, ``COMM_LVL=HS10``,
``CTY_CODE=<code>`` and ``time=YYYY-MM``; the answer is the API's JSON array of arrays. The
responses are saved under the data home and loaded as the ``census_hs`` product table by
:func:`trilateral.products.census_hs.load` (the same parser as user files).

This module defines no ``CONNECTOR``: the product table is not a warehouse source, so a plain
``trilateral data refresh`` does not call it; ``trilateral products refresh census-hs`` does.
A key (``CENSUS_API_KEY``) is sent when set; the API answers small requests without one.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from trilateral.config import home
from trilateral.errors import FetchError, InputError
from trilateral.live.transport import Transport
from trilateral.products import census_hs

SOURCE = "census-hs"
ENDPOINT = census_hs.ENDPOINT
KEY_ENV = "CENSUS_API_KEY"
ENDPOINT_ENV = "TRILATERAL_CENSUS_HS_URL"  # tests point this at a local server


@dataclass
class Pulled:
    files: list[Path] = field(default_factory=list)
    months: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def months_between(start: str, end: str) -> list[str]:
    """Every month from ``start`` to ``end`` (both YYYY-MM), inclusive."""
    try:
        y0, m0 = (int(x) for x in start.split("-"))
        y1, m1 = (int(x) for x in end.split("-"))
    except ValueError:
        raise InputError(f"months must be YYYY-MM, got {start!r} and {end!r}",
                         field="from") from None
    if not (1 <= m0 <= 12 and 1 <= m1 <= 12) or (y0, m0) > (y1, m1):
        raise InputError(f"no months between {start} and {end}", field="from")
    out = []
    y, m = y0, m0
    while (y, m) <= (y1, m1):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def params(partner: str, month: str) -> dict[str, str]:
    if partner not in census_hs.CODES:
        raise InputError(f"partner {partner!r} not followed; use "
                         f"{', '.join(sorted(census_hs.CODES))}", field="partners")
    p = {"get": ",".join(census_hs.FIELDS), "COMM_LVL": "HS10",
         "CTY_CODE": census_hs.CODES[partner], "time": month}
    key = os.environ.get(KEY_ENV, "").strip()
    if key:
        p["key"] = key
    return p


def pull(months: list[str], partners: list[str], *, transport: Transport | None = None,
         endpoint: str | None = None) -> Pulled:
    """Fetch every (partner, month); a month the API has not published yet is skipped."""
    endpoint = endpoint or os.environ.get(ENDPOINT_ENV) or ENDPOINT
    out = Pulled()
    own = transport is None
    transport = transport or Transport()
    try:
        for month in months:
            got_any = False
            for partner in partners:
                path = _one(transport, endpoint, partner, month, out)
                if path is not None:
                    out.files.append(path)
                    got_any = True
            (out.months if got_any else out.empty).append(month)
    finally:
        if own:
            transport.close()
    return out


def _one(transport: Transport, endpoint: str, partner: str, month: str,
         out: Pulled) -> Path | None:
    got = transport.download(endpoint, params=params(partner, month),
                             secrets=[os.environ.get(KEY_ENV, "")],
                             accept=("application/json", "text/plain", "text/json", ""),
                             label=f"census-hs {partner} {month}", source=SOURCE)
    out.requests.append(got.url)
    body = got.path.read_bytes()
    if not body.strip():
        return None  # the API answers 204 / empty for a month not yet released
    try:
        doc = json.loads(body)
    except ValueError as exc:
        raise FetchError(f"the response is not JSON ({exc})", url=got.url, source=SOURCE) \
            from exc
    if not isinstance(doc, list) or len(doc) < 2:
        return None
    path = home() / "downloads" / SOURCE / f"{partner}-{month}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)
    return path


def refresh(start: str, end: str, partners: list[str], **kwargs) -> dict:
    """Pull and load: the ``census_hs`` table afterwards holds exactly these months."""
    pulled = pull(months_between(start, end), partners, **kwargs)
    if not pulled.files:
        raise FetchError(f"no published month between {start} and {end}", source=SOURCE)
    meta = census_hs.load(pulled.files, origin=f"{SOURCE} API refresh")
    return {"table": census_hs.TABLE, "months": pulled.months, "not_published": pulled.empty,
            "rows": meta["output"]["rows"], "requests": len(pulled.requests),
            "vintage": meta["source"]["vintage"]}
