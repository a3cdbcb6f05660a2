"""Fixtures for the product tier: hand-built flows, seeded BACI-shaped panels and release zips."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

COUNTRIES = ("CAN", "MEX", "USA", "CHN", "DEU", "JPN", "BRA", "KOR")
CODES = {c: 100 + i for i, c in enumerate(COUNTRIES)}  # BACI-style numeric codes


def hand_flows() -> pd.DataFrame:
    """A small panel built by hand: bloc trade, outside trade, a zero flow, two years."""
    rows = [  # year, exporter, importer, hs, value (dollars)
        (2020, "CAN", "USA", "870323", 100), (2020, "USA", "CAN", "870899", 40),
        (2020, "MEX", "USA", "870323", 80), (2020, "CHN", "USA", "850440", 70),
        (2020, "USA", "CHN", "120190", 30), (2020, "DEU", "MEX", "870899", 10),
        (2020, "CAN", "CHN", "270900", 0), (2020, "CAN", "USA", "270900", 200),
        (2021, "CAN", "USA", "870323", 110), (2021, "MEX", "CAN", "870899", 5),
        (2021, "CHN", "DEU", "850440", 60), (2021, "USA", "MEX", "270900", 25),
        (2021, "DEU", "JPN", "300490", 9),
    ]
    df = pd.DataFrame(rows, columns=["year", "exporter", "importer", "hs", "value"])
    df["period"] = df["year"].astype(str)
    df["value"] = df["value"].astype("int64")
    return df


def hand_imports() -> pd.DataFrame:
    """US imports by HS10 with duty and dutiable value, two partners, two months."""
    rows = [  # period, exporter, hs, value, duty, dutiable, rate_prov
        ("2025-01", "CAN", "8703230190", 1000, 0, 0, "18"),
        ("2025-01", "CAN", "8703230190", 50, 0, 0, "10"),  # same line, another rate provision
        ("2025-01", "CAN", "7208100000", 500, 125, 500, "61"),
        ("2025-01", "CAN", "0401100000", 0, 0, 0, "10"),
        ("2025-01", "MEX", "8703230190", 2000, 50, 200, "18"),
        ("2025-01", "MEX", "8542310000", 300, 0, 0, "10"),
        ("2025-02", "CAN", "8703230190", 900, 9, 90, "18"),
        ("2025-02", "MEX", "7208100000", 400, 100, 400, "61"),
    ]
    df = pd.DataFrame(rows, columns=["period", "exporter", "hs", "value", "duty", "dutiable",
                                     "rate_prov"])
    df["year"] = df["period"].str[:4].astype("int64")
    df["importer"] = "USA"
    for c in ("value", "duty", "dutiable"):
        df[c] = df[c].astype("int64")
    return df


def hand_lists() -> pd.DataFrame:
    return pd.DataFrame({"action": ["autos", "autos", "steel", "chips", "nothing"],
                         "code": ["870323", "8703230190", "7208", "85423100", "0101"],
                         "digits": [6, 10, 4, 8, 4]}).astype({"digits": "int64"})


def seeded_flows(n_rows: int, seed: int = 20, years: tuple[int, ...] = (2018, 2019, 2020, 2021),
                 n_countries: int = 40, n_products: int = 400) -> pd.DataFrame:
    """A BACI-shaped panel: random exporter, importer, HS6 and integer dollar values."""
    rng = np.random.default_rng(seed)
    countries = np.array(list(COUNTRIES) + [f"C{i:02d}" for i in range(n_countries -
                                                                       len(COUNTRIES))])
    chapters = rng.integers(1, 98, n_products)
    products = np.array([f"{c:02d}{rng.integers(0, 9999):04d}" for c in chapters])
    ex = rng.integers(0, len(countries), n_rows)
    im = (ex + rng.integers(1, len(countries), n_rows)) % len(countries)
    year = rng.choice(np.array(years), n_rows)
    return pd.DataFrame({"year": year.astype("int64"), "period": year.astype(str),
                         "exporter": countries[ex], "importer": countries[im],
                         "hs": products[rng.integers(0, n_products, n_rows)],
                         "value": rng.lognormal(9, 2.5, n_rows).astype("int64")})


def baci_zip(path: Path, flows: pd.DataFrame, version: str = "202401",
             bad_row: int | None = None) -> Path:
    """A release zip in BACI's layout (one CSV per year, thousand dollars, country codes)."""
    codes = {c: CODES.get(c, 500 + i) for i, c in enumerate(sorted(set(flows["exporter"]) |
                                                                set(flows["importer"])))}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        cc = pd.DataFrame({"country_code": list(codes.values()), "country_name": list(codes),
                           "country_iso2": [c[:2] for c in codes], "country_iso3": list(codes)})
        zf.writestr(f"country_codes_V{version}.csv", cc.to_csv(index=False))
        for year, part in flows.groupby("year"):
            out = pd.DataFrame({"t": part["year"], "i": part["exporter"].map(codes),
                                "j": part["importer"].map(codes),
                                "k": part["hs"].str.lstrip("0"),
                                "v": (part["value"] / 1000).map(lambda x: f"{x:.3f}"),
                                "q": "NA"})
            if bad_row is not None:
                out.iloc[bad_row, out.columns.get_loc("v")] = "-1.000"
            buf = io.StringIO()
            out.to_csv(buf, index=False)
            zf.writestr(f"BACI_HS92_Y{year}_V{version}.csv", buf.getvalue())
    return path
