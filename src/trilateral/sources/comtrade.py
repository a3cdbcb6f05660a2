"""UN Comtrade: annual goods trade of the US, Canada and Mexico by partner, from the live API.

Nothing is bundled: the rows come only from ``trilateral data refresh comtrade`` (which needs
``COMTRADE_API_KEY``), and fill the gap the raw folder leaves, Mexico's own partner breakdown.
Comtrade's terms of use allow reuse with attribution but not redistribution of bulk extracts,
so trilateral ships no snapshot of it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from trilateral.errors import NotFoundError
from trilateral.sources.base import SourceSpec

SPEC = SourceSpec(
    id="comtrade",
    publisher="United Nations Statistics Division, UN Comtrade",
    title="UN Comtrade API v1: annual goods trade (HS TOTAL) of USA, CAN, MEX by partner",
    url="https://comtradeapi.un.org",
    licence="UN Comtrade terms of use: reuse with attribution; no bundled redistribution.",
    raw_dir="",
    raw_files=(),
    accessed="at refresh time",
    vintage="at refresh time",
    tables=("comtrade_partners",),
    unit="USD millions; exports f.o.b., imports c.i.f.",
    shippable=False,
    family="trade",
    caveats=("Available only after `trilateral data refresh comtrade` with an API key.",),
)


def build(raw_dir: Path) -> dict[str, pd.DataFrame]:
    raise NotFoundError("comtrade has no bundled raw file: use `trilateral data refresh comtrade`")


def parse_file(path: Path, vintage: str) -> dict[str, pd.DataFrame]:
    """A vintage bundle written by the live connector (answer + country reference)."""
    from trilateral.live.connectors.comtrade import parse

    return parse(path, vintage)
